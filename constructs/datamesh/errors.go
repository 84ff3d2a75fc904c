package datamesh

import (
	"errors"

	"github.com/smusmesh/smusmesh/problem"
)

// Sentinel errors. Every problem the constructs report is a *problem.Problem that wraps
// one of them, so callers and tests can tell problems apart with errors.Is.
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

// problems collects every problem of one construct so that all are reported at once;
// each is a *problem.Problem naming the construct kind and path.
type problems struct {
	construct, path string
	list            problem.List
	// unbound: the per-environment values (Identity Center instance, Tooling, end dates
	// of temporary memberships) come later, from a stage's settings: a missing one is not
	// reported (see Plan.Unbound).
	unbound bool
}

func newProblems(construct, path string) *problems {
	return &problems{construct: construct, path: path}
}

func (p *problems) add(sentinel error, field, value, fix string) {
	if value == "nil" {
		value = ""
	}
	p.list.Add(&problem.Problem{Construct: p.construct, Path: p.path, Field: field, Value: value, Fix: fix, Err: sentinel})
}

// addErr adds the problems of err re-rooted under this construct, their fields under
// prefix.
func (p *problems) addErr(prefix string, err error) {
	for _, e := range problem.All(err) {
		c := *e
		c.Construct, c.Path = p.construct, p.path
		if prefix != "" && c.Field != "" {
			c.Field = prefix + "." + c.Field
		} else if prefix != "" {
			c.Field = prefix
		}
		p.list.Add(&c)
	}
}

func (p *problems) err() error { return p.list.Err() }

// mustValid panics with err when it is not nil. Constructors call it so that invalid
// props stop synthesis with every problem listed, before any resource is created
// (problem.Catch turns the panic back into the error).
func mustValid(err error) {
	if err != nil {
		panic(err)
	}
}
