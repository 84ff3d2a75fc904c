package datamesh

import (
	"fmt"
	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"regexp"
	"slices"
)

// Standards are the mesh-wide rules that the governance domain owns and that every
// business domain, construct and nag rule reads: how things are named and which
// metadata every data product must carry. They are plain Go values so that the same
// standards load from a YAML mesh definition and can be checked without synthesizing.
type Standards struct {
	// Naming conventions for the objects of the mesh.
	//
	// Default: DefaultNamingConventions().
	Naming *NamingConventions
	// RequiredProductMetadata lists the data-contract fields that every data product
	// (every Master Data project) must fill in.
	//
	// Default: owner, schema, quality rules and freshness SLA.
	RequiredProductMetadata []datacontract.Field
}

// NamingConventions are regular expressions (RE2 syntax) that names must match. An
// empty pattern accepts any name that the service accepts.
type NamingConventions struct {
	// DomainName is the pattern for domain names.
	DomainName string
	// DomainUnitName is the pattern for domain unit names.
	DomainUnitName string
	// ProjectName is the pattern for project names.
	ProjectName string
	// MasterDataSuffix ends the name of every Master Data project: "CRM" becomes
	// "CRM Master Data".
	MasterDataSuffix string
}

// DefaultNamingConventions returns the conventions used when Standards.Naming is nil:
// names start with a capital letter or a digit, and Master Data projects end with
// " Master Data".
func DefaultNamingConventions() *NamingConventions {
	return &NamingConventions{
		DomainName:       `^[A-Za-z0-9][A-Za-z0-9_-]*$`,
		DomainUnitName:   `^[A-Z0-9][\w -]*$`,
		ProjectName:      `^[A-Z0-9][\w -]*$`,
		MasterDataSuffix: " Master Data",
	}
}

// DefaultStandards returns the standards used when a governance domain names none.
func DefaultStandards() *Standards {
	return &Standards{
		Naming:                  DefaultNamingConventions(),
		RequiredProductMetadata: []datacontract.Field{datacontract.FieldOwner, datacontract.FieldSchema, datacontract.FieldQualityRules, datacontract.FieldFreshnessSLA},
	}
}

// WithDefaults returns a copy of s with every unset field taken from DefaultStandards.
// s itself is never changed; a nil s gives the defaults.
func (s *Standards) WithDefaults() *Standards {
	d := DefaultStandards()
	if s == nil {
		return d
	}
	out := &Standards{Naming: d.Naming, RequiredProductMetadata: d.RequiredProductMetadata}
	if s.Naming != nil {
		n := *s.Naming
		out.Naming = &n
	}
	if s.RequiredProductMetadata != nil {
		out.RequiredProductMetadata = slices.Clone(s.RequiredProductMetadata)
	}
	return out
}

// MasterDataProjectName is the project name that the conventions give the Master Data
// project of source ("CRM" gives "CRM Master Data").
func (s *Standards) MasterDataProjectName(source string) string {
	return source + s.WithDefaults().Naming.MasterDataSuffix
}

// Requires reports whether f is one of the required data-product metadata fields.
func (s *Standards) Requires(f datacontract.Field) bool {
	return slices.Contains(s.WithDefaults().RequiredProductMetadata, f)
}

// Validate reports every problem in the standards: patterns that do not compile and
// unknown metadata fields.
func (s *Standards) Validate() error {
	if s == nil {
		return nil
	}
	p := newProblems("Standards", "")
	if n := s.Naming; n != nil {
		for _, f := range []struct{ field, pattern string }{
			{"Naming.DomainName", n.DomainName}, {"Naming.DomainUnitName", n.DomainUnitName},
			{"Naming.ProjectName", n.ProjectName},
		} {
			if _, err := regexp.Compile(f.pattern); err != nil {
				p.add(ErrInvalidProps, f.field, f.pattern, fmt.Sprintf("write an RE2 regular expression (%v)", err))
			}
		}
	}
	for i, f := range s.RequiredProductMetadata {
		if !slices.Contains(datacontract.Fields(), f) {
			p.add(ErrInvalidProps, fmt.Sprintf("RequiredProductMetadata[%d]", i), string(f),
				fmt.Sprintf("use one of %v", datacontract.Fields()))
		}
	}
	return p.err()
}

// Check returns the naming problems of name for the given kind of object ("DomainUnit",
// "Project", "Domain"), or nil when it follows the conventions.
func (n *NamingConventions) Check(kind, name string) error {
	if n == nil {
		return nil
	}
	var pattern string
	switch kind {
	case "Domain":
		pattern = n.DomainName
	case "DomainUnit":
		pattern = n.DomainUnitName
	case "Project":
		pattern = n.ProjectName
	}
	if pattern == "" {
		return nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return fmt.Errorf("%w: naming pattern %q for %s does not compile: %v", ErrInvalidProps, pattern, kind, err)
	}
	if !re.MatchString(name) {
		return fmt.Errorf("%w: %s name %q does not match the naming convention %s", ErrNamingConvention, kind, name, pattern)
	}
	return nil
}
