package datacontract

import (
	"errors"
	"fmt"

	"github.com/smusmesh/smusmesh/problem"
)

// Sentinel errors. Every problem that Validate and ValidateAccess report is a
// *problem.Problem that wraps one of them; each also matches ErrInvalid, so callers tell
// problems apart with errors.Is.
var (
	// ErrInvalid is any contract or access declaration that cannot be used. Every problem
	// matches it, whatever its more specific sentinel.
	ErrInvalid = errors.New("invalid")
	// ErrRequired is a value that must be set and is empty (a contract name, a table name).
	ErrRequired = problem.Sentinel("required", ErrInvalid)
	// ErrDuplicate is a name that must be unique and is not (tables, columns, rules).
	ErrDuplicate = problem.Sentinel("duplicate", ErrInvalid)
	// ErrUnknownTable is a reference to a table that the contract's schema does not have.
	ErrUnknownTable = problem.Sentinel("unknown table", ErrInvalid)
	// ErrUnknownColumn is a reference to a column that its table does not have.
	ErrUnknownColumn = problem.Sentinel("unknown column", ErrInvalid)
	// ErrUnknownType is a column type that is not a Glue (Hive) data type.
	ErrUnknownType = problem.Sentinel("unknown column type", ErrInvalid)
	// ErrInvalidDuration is a freshness SLA or retention period that does not parse.
	ErrInvalidDuration = problem.Sentinel("invalid duration", ErrInvalid)
	// ErrInvalidRule is a quality rule whose parameters cannot be rendered to DQDL.
	ErrInvalidRule = problem.Sentinel("invalid rule", ErrInvalid)
	// ErrInvalidRowFilter is a row filter that Lake Formation would reject.
	ErrInvalidRowFilter = problem.Sentinel("invalid row filter", ErrInvalid)
	// ErrUnknownTag is an LF-tag key or value that the contract does not declare.
	ErrUnknownTag = problem.Sentinel("unknown tag", ErrInvalid)
)

// construct is the Construct of the problems of the contract named name
// (`contract "CRM Customers"`); the Field of each is the path of the offending field in
// the contract, such as schema.tables[customers].columns[3].name. A problem reads
//
//	smusmesh: contract "CRM Customers": schema.tables[customers].columns[3].name "email": duplicate: rename or remove one
func construct(name string) string { return fmt.Sprintf("contract %q", name) }

// problems collects every problem of one contract, so that all are reported at once.
type problems struct {
	contract string
	list     problem.List
}

func (p *problems) add(sentinel error, path, value, detail, fix string) {
	if sentinel == nil {
		sentinel = ErrInvalid
	}
	p.list.Add(&problem.Problem{Construct: construct(p.contract), Field: path, Value: value, Detail: detail, Fix: fix, Err: sentinel})
}

func (p *problems) err() error { return p.list.Err() }
