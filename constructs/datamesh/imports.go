package datamesh

import (
	"github.com/aws/constructs-go/constructs/v10"
)

// BusinessDomainAttributes describe a root domain that already exists.
type BusinessDomainAttributes struct {
	// DomainID of the domain (dzd_...).
	DomainID string
	// RootDomainUnitID of the domain.
	RootDomainUnitID string
	// DomainName of the domain.
	DomainName string
	// Identity model of the domain.
	//
	// Default: SSO.
	IdentityMode IdentityMode
	// Blueprints enabled in the domain, by blueprint ID.
	//
	// Default: none.
	BlueprintIDs map[Blueprint]*string
	// Network posture of the domain.
	//
	// Default: NetworkOpen.
	Network NetworkPosture
	// Standards the domain follows.
	//
	// Default: DefaultStandards().
	Standards *Standards
}

type importedRootDomain struct {
	constructs.Construct
	c         *domainCore
	u         *unitCore
	bps       map[Blueprint]*string
	network   NetworkPosture
	standards *Standards
}

// BusinessDomainFromAttributes imports an existing root domain. Profiles of users and groups
// are not created for imported domains: they must exist.
func BusinessDomainFromAttributes(scope constructs.Construct, id *string, attrs *BusinessDomainAttributes) IBusinessDomain {
	path := pathOf(scope, id)
	pr := newProblems("BusinessDomainFromAttributes", path)
	if attrs == nil || attrs.DomainID == "" || attrs.RootDomainUnitID == "" {
		pr.add(ErrMissing, "DomainID/RootDomainUnitID", "", "an imported domain needs both IDs")
		mustValid(pr.err())
	}
	mode := attrs.IdentityMode
	if mode == "" {
		mode = IdentityModeSSO
	}
	d := &importedRootDomain{bps: attrs.BlueprintIDs, network: attrs.Network.resolved(), standards: attrs.Standards.WithDefaults()}
	constructs.NewConstruct_Override(d, scope, id)
	d.c = &domainCore{self: d, kind: "RootDomain", name: attrs.DomainName, identity: Identity{Mode: mode},
		domainID: optional(attrs.DomainID), rootUnitID: optional(attrs.RootDomainUnitID), ownerIDs: map[ownerKey]bool{}}
	d.u = &unitCore{self: d, domain: d, unitID: optional(attrs.RootDomainUnitID), cpath: path}
	d.u.grants = &UnitGrants{unit: d.u}
	return d
}

func (d *importedRootDomain) BlueprintID(b Blueprint) *string { return d.bps[b] }
func (d *importedRootDomain) Standards() *Standards           { return d.standards }
func (d *importedRootDomain) Network() NetworkPosture         { return d.network }
func (d *importedRootDomain) DomainUnitID() *string           { return d.c.rootUnitID }
func (d *importedRootDomain) DomainID() *string               { return d.c.domainID }
func (d *importedRootDomain) RootDomainUnitID() *string       { return d.c.rootUnitID }
func (d *importedRootDomain) DomainName() string              { return d.c.name }
func (d *importedRootDomain) IdentityMode() IdentityMode      { return d.c.identity.Mode }
func (d *importedRootDomain) core() *domainCore               { return d.c }
func (d *importedRootDomain) Domain() IBusinessDomain         { return d }
func (d *importedRootDomain) UnitPath() string                { return "" }
func (d *importedRootDomain) unit() *unitCore                 { return d.u }
func (d *importedRootDomain) enabledBlueprints() []Blueprint {
	var out []Blueprint
	for _, b := range KnownBlueprints() {
		if d.bps[b] != nil {
			out = append(out, b)
		}
	}
	return out
}

// DomainUnitAttributes describe a domain unit that already exists.
type DomainUnitAttributes struct {
	// Domain the unit belongs to.
	Domain IBusinessDomain
	// DomainUnitID of the unit.
	DomainUnitID string
	// Path of the unit's names from the root, "Sales/EMEA".
	Path string
	// Key is the path of the unit's keys from the root (see DomainUnitProps.Key).
	//
	// Default: Path.
	Key string
}

type importedUnit struct {
	constructs.Construct
	u *unitCore
}

// DomainUnitFromAttributes imports an existing domain unit, so projects and child units
// can be placed in it.
func DomainUnitFromAttributes(scope constructs.Construct, id *string, attrs *DomainUnitAttributes) IDomainUnitRef {
	path := pathOf(scope, id)
	pr := newProblems("DomainUnitFromAttributes", path)
	if attrs == nil || attrs.Domain == nil || attrs.DomainUnitID == "" {
		pr.add(ErrMissing, "Domain/DomainUnitID", "", "an imported unit needs its domain and ID")
		mustValid(pr.err())
	}
	u := &importedUnit{}
	constructs.NewConstruct_Override(u, scope, id)
	u.u = &unitCore{self: u, domain: attrs.Domain, unitID: optional(attrs.DomainUnitID), path: attrs.Path, key: or(attrs.Key, attrs.Path), cpath: path}
	u.u.grants = &UnitGrants{unit: u.u}
	return u
}

func (u *importedUnit) DomainUnitID() *string   { return u.u.unitID }
func (u *importedUnit) Domain() IBusinessDomain { return u.u.domain }
func (u *importedUnit) UnitPath() string        { return u.u.path }
func (u *importedUnit) unit() *unitCore         { return u.u }

// ProjectAttributes describe a project that already exists.
type ProjectAttributes struct {
	// DomainUnit the project lives in.
	DomainUnit IDomainUnitRef
	// ProjectID of the project.
	ProjectID string
	// ProjectName of the project.
	ProjectName string
}

type importedProject struct {
	constructs.Construct
	attrs ProjectAttributes
}

// ProjectFromAttributes imports an existing project (to grant to it, or to name it as a
// consumer).
func ProjectFromAttributes(scope constructs.Construct, id *string, attrs *ProjectAttributes) IProject {
	pr := newProblems("ProjectFromAttributes", pathOf(scope, id))
	if attrs == nil || attrs.ProjectID == "" || attrs.DomainUnit == nil {
		pr.add(ErrMissing, "ProjectID/DomainUnit", "", "an imported project needs its ID and unit")
		mustValid(pr.err())
	}
	p := &importedProject{attrs: *attrs}
	constructs.NewConstruct_Override(p, scope, id)
	return p
}

func (p *importedProject) ProjectID() *string         { return optional(p.attrs.ProjectID) }
func (p *importedProject) ProjectName() string        { return p.attrs.ProjectName }
func (p *importedProject) DomainUnit() IDomainUnitRef { return p.attrs.DomainUnit }

// GovernanceDomainFromAttributes imports an existing governance domain so that root
// domains can follow its standards.
func GovernanceDomainFromAttributes(scope constructs.Construct, id *string, domainID, rootUnitID, name string, standards *Standards) IGovernanceDomain {
	g := &governanceDomain{standards: standards.WithDefaults()}
	constructs.NewConstruct_Override(g, scope, id)
	g.c = &domainCore{self: g, kind: "GovernanceDomain", name: name, identity: Identity{Mode: IdentityModeSSO},
		domainID: &domainID, rootUnitID: &rootUnitID, ownerIDs: map[ownerKey]bool{}}
	return g
}
