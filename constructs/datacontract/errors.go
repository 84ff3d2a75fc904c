package datacontract

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every problem that Validate and ValidateAccess report is a *Problem that
// wraps one of them, and also ErrInvalid, so callers tell problems apart with errors.Is.
var (
	// ErrInvalid is any contract or access declaration that cannot be used. Every Problem
	// matches it, whatever its more specific sentinel.
	ErrInvalid = errors.New("invalid")
	// ErrRequired is a value that must be set and is empty (a contract name, a table name).
	ErrRequired = errors.New("required")
	// ErrDuplicate is a name that must be unique and is not (tables, columns, rules).
	ErrDuplicate = errors.New("duplicate")
	// ErrUnknownTable is a reference to a table that the contract's schema does not have.
	ErrUnknownTable = errors.New("unknown table")
	// ErrUnknownColumn is a reference to a column that its table does not have.
	ErrUnknownColumn = errors.New("unknown column")
	// ErrUnknownType is a column type that is not a Glue (Hive) data type.
	ErrUnknownType = errors.New("unknown column type")
	// ErrInvalidDuration is a freshness SLA or retention period that does not parse.
	ErrInvalidDuration = errors.New("invalid duration")
	// ErrInvalidRule is a quality rule whose parameters cannot be rendered to DQDL.
	ErrInvalidRule = errors.New("invalid rule")
	// ErrInvalidRowFilter is a row filter that Lake Formation would reject.
	ErrInvalidRowFilter = errors.New("invalid row filter")
	// ErrUnknownTag is an LF-tag key or value that the contract does not declare.
	ErrUnknownTag = errors.New("unknown tag")
)

// Problem is one thing wrong with a contract or an access declaration: which contract,
// where in it (a path such as schema.tables[customers].columns[3].name), which value, what
// is wrong, and how to fix it. Its text reads
//
//	contract "CRM Customers": schema.tables[customers].columns[3].name "email": duplicate column: rename or remove one
type Problem struct {
	// Contract is the contract's Name.
	Contract string
	// Path locates the offending field inside the contract.
	Path string
	// Value is the offending value as text; empty when there is nothing to quote.
	Value string
	// Detail says what is wrong; empty means the sentinel's own text.
	Detail string
	// Fix says what to do; may be empty.
	Fix string
	// Err is the sentinel (ErrDuplicate, ErrUnknownColumn, ...).
	Err error
}

// Error renders the problem on one line.
func (p *Problem) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "contract %q: %s", p.Contract, p.Path)
	if p.Value != "" {
		fmt.Fprintf(&b, " %q", p.Value)
	}
	b.WriteString(": ")
	if p.Detail != "" {
		b.WriteString(p.Detail)
	} else {
		b.WriteString(p.Err.Error())
	}
	if p.Fix != "" {
		b.WriteString(": ")
		b.WriteString(p.Fix)
	}
	return b.String()
}

// Unwrap returns the sentinel and ErrInvalid, so that errors.Is matches either.
func (p *Problem) Unwrap() []error {
	if p.Err == nil || p.Err == ErrInvalid {
		return []error{ErrInvalid}
	}
	return []error{p.Err, ErrInvalid}
}

// Problems returns the individual problems in err as returned by Validate or
// ValidateAccess (an errors.Join of *Problem), so that a caller can print one per line.
func Problems(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		if _, isProblem := err.(*Problem); !isProblem {
			var out []error
			for _, e := range j.Unwrap() {
				out = append(out, Problems(e)...)
			}
			return out
		}
	}
	return []error{err}
}

// problems collects every problem of one contract, so that all are reported at once.
type problems struct {
	contract string
	list     []error
}

func (p *problems) add(sentinel error, path, value, detail, fix string) {
	p.list = append(p.list, &Problem{Contract: p.contract, Path: path, Value: value, Detail: detail, Fix: fix, Err: sentinel})
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return errors.Join(p.list...)
}
