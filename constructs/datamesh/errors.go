package datamesh

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every error that smusmesh reports wraps one of them, so callers and
// tests can tell problems apart with errors.Is.
var (
	// ErrInvalidProps is a prop value the construct cannot use.
	ErrInvalidProps = errors.New("invalid props")
	// ErrMissing is a required prop that is not set.
	ErrMissing = errors.New("missing required prop")
	// ErrInvalidName is a name the service would reject (pattern or length).
	ErrInvalidName = errors.New("invalid name")
	// ErrUnknownBlueprint is a blueprint that is not enabled in the domain or not known.
	ErrUnknownBlueprint = errors.New("unknown blueprint")
	// ErrDuplicate is a name or identity that must be unique and is not.
	ErrDuplicate = errors.New("duplicate")
	// ErrIdentityMismatch is an option that does not fit the domain's identity model
	// (an IAM-domain option on an SSO domain, or the reverse).
	ErrIdentityMismatch = errors.New("identity model mismatch")
	// ErrMemberConflict is a principal listed twice with different roles.
	ErrMemberConflict = errors.New("member conflict")
	// ErrPolicyDetail is a policy grant whose detail does not match its policy type.
	ErrPolicyDetail = errors.New("policy detail does not match policy type")
	// ErrNamingConvention is a name that breaks the governance domain's conventions.
	ErrNamingConvention = errors.New("naming convention")
	// ErrLimit is a service or CloudFormation limit that would be exceeded.
	ErrLimit = errors.New("limit exceeded")
)

// Problem is one invalid prop: which construct, which field, which value, and how to fix it.
type Problem struct {
	// Construct is the kind of construct or props ("Project", "BusinessDomainProps").
	Construct string
	// Path is the construct path, or the path inside a definition, when known.
	Path string
	// Field is the prop, with indexes ("Members[2].Principal").
	Field string
	// Value is the offending value as text.
	Value string
	// Fix says what to do.
	Fix string
	// Err is the sentinel (ErrInvalidName, ErrDuplicate ...).
	Err error
}

// Error reads "smusmesh: <Construct> "<path>": <Field> "<value>": <sentinel>: <fix>".
func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString("smusmesh: ")
	b.WriteString(p.Construct)
	if p.Path != "" {
		fmt.Fprintf(&b, " %q", p.Path)
	}
	fmt.Fprintf(&b, ": %s %q: %v", p.Field, p.Value, p.Err)
	if p.Fix != "" {
		b.WriteString(": ")
		b.WriteString(p.Fix)
	}
	return b.String()
}

// Unwrap returns the sentinel.
func (p *Problem) Unwrap() error { return p.Err }

// problems collects every Problem of one construct so that all are reported at once.
type problems struct {
	construct, path string
	list            []error
}

func newProblems(construct, path string) *problems {
	return &problems{construct: construct, path: path}
}

func (p *problems) add(sentinel error, field, value, fix string) {
	p.list = append(p.list, &Problem{Construct: p.construct, Path: p.path, Field: field, Value: value, Fix: fix, Err: sentinel})
}

// addErr adds err as is, or with its Problems re-rooted under prefix.
func (p *problems) addErr(prefix string, err error) {
	if err == nil {
		return
	}
	for _, e := range flatten(err) {
		var pr *Problem
		if errors.As(e, &pr) {
			c := *pr
			c.Construct, c.Path = p.construct, p.path
			if prefix != "" {
				c.Field = prefix + "." + c.Field
			}
			p.list = append(p.list, &c)
			continue
		}
		p.list = append(p.list, e)
	}
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return errors.Join(p.list...)
}

// flatten unpacks errors.Join trees into their leaves.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// Problems returns the individual problems in err (as reported by Validate or by a
// constructor's panic), so that a caller can print one per line.
func Problems(err error) []error {
	if err == nil {
		return nil
	}
	return flatten(err)
}

// mustValid panics with err when it is not nil. Constructors call it so that invalid
// props stop synthesis with every problem listed, before any resource is created.
func mustValid(err error) {
	if err != nil {
		panic(err)
	}
}

// Catch runs build and returns the smusmesh error it panicked with, so that a main
// function can print every problem and exit non-zero instead of showing a stack trace.
// Panics that are not smusmesh errors are re-raised.
func Catch(build func()) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		e, ok := r.(error)
		if !ok {
			panic(r)
		}
		var p *Problem
		if !errors.As(e, &p) {
			panic(r)
		}
		err = e
	}()
	build()
	return nil
}
