package datamesh

import (
	"slices"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
)

// site is where props will be built, as far as their checks need to know it: the domain's
// identity model, enabled blueprints and standards, the unit's other children, the
// project's profile, the product read. The constructors and Validate take it from the
// constructs the props name; a Plan takes it from plain data, before any construct exists,
// so that both run the same checks.
type site struct {
	// placed: a Plan places the props, whose construct references (Parent, Domain,
	// DomainUnit, Profile, Consumer, ConsumerRole, Product) are then not set.
	placed bool
	mode   IdentityMode
	std    *Standards
	// enabled are the blueprints the domain enables, Tooling included; nil when unknown
	// (props without a domain), which skips the checks that need them.
	enabled []Blueprint
	// domain is the domain's name ("" when unknown).
	domain string
	// unit holds the names of the children of the parent unit (siblings of a unit, the
	// projects of a project's unit); nil when unknown.
	unit *unitCore
	// profiles holds the profile names of the domain; nil when unknown.
	profiles map[string]string
	// profile is the project's profile; nil when unknown.
	profile *profileSite
	// product is the Master Data product read; nil when unknown.
	product *productSite
	// consumerKey is the key of the consumer project of a read.
	consumerKey string
	// project is the project of a connection or producer access (what it already holds);
	// nil when unknown.
	project *project
	// role is the role of a producer access or an IAM connection as given (an ARN, or in a
	// plan the name a definition gives); for a project, the name of its execution role.
	role string
	// customTooling are the domain's custom blueprints of category TOOLING (a project's
	// home instead of Tooling).
	customTooling []Blueprint
}

// profileSite is what a project's checks need of its profile.
type profileSite struct {
	name, domain string
	envs         []string
	// onCreate are the blueprints deployed with every project; known is false for an
	// imported profile, whose environments are not known.
	onCreate []Blueprint
	known    bool
	// toolingLite: the profile's home is ToolingLite, whose projects bring their own
	// execution role.
	toolingLite bool
}

// productSite is what a read's checks need of the product.
type productSite struct {
	contract *datacontract.Contract
	// filters are the DataCellsFilter names in use, per table, with their construct path
	// (the product's own map: reads reserve in it once built).
	filters map[string]string
}

func (s *site) enables(b Blueprint) bool { return s.enabled == nil || slices.Contains(s.enabled, b) }

// siteOfDomain is the site of props placed in the domain d (nil: unknown).
func siteOfDomain(d IBusinessDomain) *site {
	s := &site{mode: IdentityModeSSO, std: DefaultStandards()}
	if d == nil {
		return s
	}
	s.mode, s.domain = d.IdentityMode(), d.DomainName()
	if std := d.Standards(); std != nil {
		s.std = std.WithDefaults()
	}
	if e, ok := d.(interface{ enabledBlueprints() []Blueprint }); ok {
		s.enabled = append([]Blueprint{toolingFor(s.mode)}, e.enabledBlueprints()...)
	}
	if c, ok := d.(interface{ customToolings() []Blueprint }); ok {
		s.customTooling = c.customToolings()
	}
	if c, ok := d.(interface{ core() *domainCore }); ok && c.core() != nil {
		s.profiles = c.core().profileNames
	}
	return s
}

// siteOfUnit is the site of props placed under unit u (nil: unknown).
func siteOfUnit(u IDomainUnitRef) *site {
	if u == nil {
		return siteOfDomain(nil)
	}
	s := siteOfDomain(u.Domain())
	s.unit = u.unit()
	return s
}

// withProfile adds the profile p to the site.
func (s *site) withProfile(p IProjectProfile) *site {
	if p == nil {
		return s
	}
	ps := &profileSite{name: p.ProfileName(), envs: p.EnvironmentNames()}
	if p.Domain() != nil {
		ps.domain = p.Domain().DomainName()
	}
	if pp, ok := p.(*projectProfile); ok {
		ps.onCreate, ps.known, ps.toolingLite = slices.Clone(pp.onCreate), true, pp.toolingLite
	}
	s.profile = ps
	return s
}
