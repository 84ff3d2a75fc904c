package datamesh

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// ErrCrossDomain is a reference from one domain to a resource of another that the service
// does not allow (a project created from another domain's profile, a grant that names
// another domain's profiles or units). It also matches ErrInvalidProps.
var ErrCrossDomain = fmt.Errorf("%w: reference to another domain", ErrInvalidProps)

// domainRegistry holds the names of the domains created in one stage (or app): DataZone
// domain names identify a domain in the mesh (the reads, the access matrix, the nag rules
// and the stage builder name domains by name), so two domains of one name are an error,
// as they are in a mesh definition.
type domainRegistry struct {
	constructs.Construct
	names map[string]string // lower-case name -> construct path
	// iam are the IAM objects the domains' roles of the stage share.
	iam iamCache
}

// Names lists the registered names. (jsii needs an exported method on a Go construct.)
func (r *domainRegistry) Names() []string { return sortedKeys(r.names) }

const domainRegistryID = "SmusmeshDomainNames"

// reserveDomainName records the name of a domain created at path in its stage, and
// reports the construct path of another domain of the stage with the same name (case
// does not matter, as in a definition).
//
// It returns the IAM objects the domains of the stage share (nil without a stage).
func reserveDomainName(scope constructs.Construct, kind, name, path string) *iamCache {
	stage := awscdk.Stage_Of(scope)
	if stage == nil {
		return nil
	}
	var r *domainRegistry
	if c := stage.Node().TryFindChild(jsii.String(domainRegistryID)); c != nil {
		r, _ = c.(*domainRegistry)
	}
	if r == nil {
		r = &domainRegistry{names: map[string]string{}}
		constructs.NewConstruct_Override(r, stage, jsii.String(domainRegistryID))
	}
	key := strings.ToLower(name)
	if other, ok := r.names[key]; ok {
		pr := newProblems(kind, path)
		pr.add(ErrDuplicate, "DomainName", name, fmt.Sprintf("%s is a domain of the same name in this stage: domain names are unique in a mesh; rename one", other))
		mustValid(pr.err())
	}
	r.names[key] = path
	return &r.iam
}

// sameDomain reports whether a and b are one domain: the same construct, or the same
// name (names are unique in a stage, and an imported domain is known by its name).
func sameDomain(a, b IDomain) bool {
	if a == nil || b == nil {
		return true
	}
	return a.core() == b.core() || strings.EqualFold(a.DomainName(), b.DomainName())
}

// validateDomains reports profiles, units and principals of the grant that belong to
// another domain than the entity granted on: DataZone resolves each of them in the
// grant's domain (AddPolicyGrant takes one domainIdentifier), so another domain's ID is
// not found there.
func (p *PolicyGrantProps) validateDomains(pr *problems) {
	var dom IBusinessDomain
	switch {
	case p.Policy == PolicyCreateEnvironmentFromBlueprint:
		dom = p.Domain
	case p.DomainUnit != nil:
		dom = p.DomainUnit.Domain()
	}
	if dom == nil {
		return
	}
	if d := p.Detail; d != nil {
		for i, prof := range d.ProjectProfiles {
			if prof != nil && prof.Domain() != nil && !sameDomain(prof.Domain(), dom) {
				pr.add(ErrCrossDomain, fmt.Sprintf("Detail.ProjectProfiles[%d]", i), prof.ProfileName(),
					fmt.Sprintf("the profile belongs to domain %q, the grant to %q: name profiles of the grant's domain", prof.Domain().DomainName(), dom.DomainName()))
			}
		}
	}
	for _, u := range []IDomainUnitRef{p.Principal.projectsIn, p.Principal.unitOwners} {
		if u != nil && !sameDomain(u.Domain(), dom) {
			pr.add(ErrCrossDomain, "Principal", p.Principal.String(),
				fmt.Sprintf("the unit belongs to domain %q, the grant to %q: grant to projects or owners of a unit of the grant's domain", u.Domain().DomainName(), dom.DomainName()))
		}
	}
}

// crossDomainReads checks the reads of a plan that name a product of another domain,
// against that domain's products.
func (c *planChecker) crossDomainReads() {
	for _, r := range c.cross {
		products, ok := c.products[strings.ToLower(r.read.Domain)]
		if !ok {
			known := make([]string, 0, len(c.products))
			for k := range c.products {
				known = append(known, k)
			}
			slices.Sort(known)
			pr := c.problems("DataProductAccess", r.path)
			pr.add(ErrInvalidProps, "Domain", r.read.Domain, fmt.Sprintf("the mesh has no domain of that name: use one of %v", known))
			c.add(pr)
			continue
		}
		(&unitWalk{c: c, products: products}).read(r)
	}
}
