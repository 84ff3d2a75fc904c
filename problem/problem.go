package problem

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
)

// ErrCDK is an error the AWS CDK (or the jsii runtime) raised while a construct was being
// built: an invalid ARN, a duplicate construct ID, a required value that is nil.
var ErrCDK = errors.New("the AWS CDK refused it")

// Problem is one thing wrong: where, which field and value, what and how to fix it.
// Its text reads
//
//	smusmesh: mesh.yaml:12: domains[energy].profiles[analytics].preset "SQL": invalid props: use AllCapabilities, SQLAnalytics or GenAI
//	smusmesh: Project "Mesh/Energy/Forecasting": Members[2] "user:ana": member conflict: already a member as PROJECT_OWNER
type Problem struct {
	// Construct is the kind of construct or props ("Project", "RootDomain"), or the
	// contract (`contract "CRM Customers"`); empty for an entry of a definition.
	Construct string
	// File the definition was read from; empty for Go code.
	File string
	// Line in File; 0 when unknown.
	Line int
	// Path is the construct path ("Mesh/Energy/Domain") or the path of the entry in a
	// definition (domains[energy].units[grid]).
	Path string
	// Field is the offending field, with indexes ("Members[2]", "members[2].designation").
	Field string
	// Value is the offending value as text; empty when there is nothing to quote.
	Value string
	// Detail says what is wrong; empty means the text of Err.
	Detail string
	// Fix says what to do, in the words of the front door the user wrote (Go names for Go
	// code, the keys and values of the file for a definition).
	Fix string
	// Err is the sentinel of the package that found the problem.
	Err error
}

// Error renders the problem on one line.
func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString("smusmesh: ")
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			b.WriteString(":" + strconv.Itoa(p.Line))
		}
		b.WriteString(": ")
	}
	switch {
	case p.Construct != "" && p.Path != "":
		fmt.Fprintf(&b, "%s %q: ", p.Construct, p.Path)
	case p.Construct != "":
		b.WriteString(p.Construct + ": ")
	case p.Path != "":
		b.WriteString(p.Path)
		if p.Field != "" {
			b.WriteString(".")
		} else {
			b.WriteString(": ")
		}
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		if p.Value != "" {
			fmt.Fprintf(&b, " %q", p.Value)
		}
		b.WriteString(": ")
	} else if p.Value != "" {
		fmt.Fprintf(&b, "%q: ", p.Value)
	}
	switch {
	case p.Detail != "":
		b.WriteString(p.Detail)
	case p.Err != nil:
		b.WriteString(p.Err.Error())
	default:
		b.WriteString("invalid")
	}
	if p.Fix != "" {
		b.WriteString(": " + p.Fix)
	}
	return b.String()
}

// Unwrap returns the sentinel.
func (p *Problem) Unwrap() error { return p.Err }

// Errors is several problems as one error; its text has one problem per line.
type Errors []*Problem

func (e Errors) Error() string {
	lines := make([]string, len(e))
	for i, p := range e {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, so that errors.Is and errors.As look into each.
func (e Errors) Unwrap() []error {
	out := make([]error, len(e))
	for i, p := range e {
		out[i] = p
	}
	return out
}

// List collects problems so that all are reported at once.
type List struct {
	items Errors
}

// Add appends p.
func (l *List) Add(p *Problem) { l.items = append(l.items, p) }

// AddError appends the problems of err (see All); nil adds nothing.
func (l *List) AddError(err error) { l.items = append(l.items, All(err)...) }

// Len is the number of problems.
func (l *List) Len() int { return len(l.items) }

// Problems returns the problems collected so far (the list's own slice).
func (l *List) Problems() []*Problem { return l.items }

// Err returns the problems as one error (an Errors), or nil when there are none.
func (l *List) Err() error {
	if len(l.items) == 0 {
		return nil
	}
	return append(Errors(nil), l.items...)
}

// All returns the problems in err, one per line: the problems of an Errors, of an
// errors.Join tree or err itself; an error that is not a Problem becomes one (Detail: its
// text, Err: err). It returns nil for nil.
func All(err error) []*Problem {
	if err == nil {
		return nil
	}
	if p, ok := err.(*Problem); ok {
		return []*Problem{p}
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*Problem
		for _, e := range j.Unwrap() {
			out = append(out, All(e)...)
		}
		return out
	}
	return []*Problem{{Detail: err.Error(), Err: err}}
}

// Has reports whether err is or holds a Problem (as opposed to, say, an I/O error).
func Has(err error) bool {
	var p *Problem
	return errors.As(err, &p)
}

// Catch runs build and returns what it panicked with as problems, so that a main function
// prints one line per problem and exits non-zero instead of showing a goroutine trace:
// the problems of invalid props (constructors panic with them), and any other error or
// message the AWS CDK or the jsii runtime raised while building (an invalid ARN, a
// duplicate construct ID, a required value that is nil), as one problem wrapping ErrCDK.
// A Go runtime error (a nil pointer in the caller's code) is re-raised: its trace is
// what a programmer needs.
func Catch(build func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = FromPanic(r)
		}
	}()
	build()
	return nil
}

// FromPanic turns a recovered value into problems (see Catch); it re-raises a Go runtime
// error and any value that is neither an error nor a string.
func FromPanic(r any) error {
	switch v := r.(type) {
	case runtime.Error:
		panic(r)
	case error:
		if Has(v) {
			return v
		}
		return cdkProblems(v.Error())
	case string:
		return cdkProblems(v)
	}
	panic(r)
}

// cdkProblems turns the message of a CDK error into problems: one per construct of the
// CDK's "Validation failed with the following errors:" list ("[path] message" lines), one
// problem otherwise.
func cdkProblems(msg string) error {
	const head = "Validation failed with the following errors:"
	if i := strings.Index(msg, head); i >= 0 {
		var l List
		for _, line := range strings.Split(msg[i+len(head):], "\n") {
			line = strings.TrimSpace(line)
			if !strings.HasPrefix(line, "[") {
				continue
			}
			path, text, _ := strings.Cut(line[1:], "] ")
			l.Add(&Problem{Path: path, Detail: text, Err: ErrCDK})
		}
		if l.Len() > 0 {
			return l.Err()
		}
	}
	return &Problem{Detail: firstLine(msg), Err: ErrCDK}
}

// Annotate is deferred by a constructor: when the constructor panics with an error that
// is not a problem (the AWS CDK refused a value), it panics again with one problem that
// names the construct kind and path. Problems pass through unchanged.
//
//	defer problem.Annotate("Project", path)
func Annotate(construct, path string) {
	r := recover()
	if r == nil {
		return
	}
	if _, ok := r.(runtime.Error); ok {
		panic(r)
	}
	err := FromPanic(r)
	if ps := All(err); len(ps) == 1 && ps[0].Err == ErrCDK && ps[0].Construct == "" {
		c := *ps[0]
		c.Construct, c.Path = construct, path
		panic(&c)
	}
	panic(err)
}

// firstLine keeps the message of a JavaScript error on one line: it drops the stack
// frames ("at ..." lines) when there are some, and joins the other lines ("Validation
// failed with the following errors:" and its list) with spaces.
func firstLine(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "at ") {
			continue
		}
		keep = append(keep, strings.TrimPrefix(l, "Error: "))
	}
	return strings.Join(keep, " ")
}

// Sentinel returns a sentinel error with text that also matches each of also (errors.Is),
// so that a package's specific sentinel (datacontract.ErrDuplicate) matches its general
// one (datacontract.ErrInvalid) without repeating its text.
func Sentinel(text string, also ...error) error {
	return &sentinel{text: text, also: also}
}

type sentinel struct {
	text string
	also []error
}

func (s *sentinel) Error() string   { return s.text }
func (s *sentinel) Unwrap() []error { return s.also }

// Both is an error that reads as err and matches both sentinel and err (errors.Is): a
// problem that one package reports for another's (a contract problem of a Master Data
// project matches datamesh.ErrInvalidContract and datacontract.ErrDuplicate).
func Both(sentinel, err error) error { return &both{sentinel: sentinel, err: err} }

type both struct{ sentinel, err error }

func (b *both) Error() string   { return b.err.Error() }
func (b *both) Unwrap() []error { return []error{b.sentinel, b.err} }
