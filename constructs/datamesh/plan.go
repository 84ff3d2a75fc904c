package datamesh

import (
	"fmt"
	"slices"
	"strings"

	"github.com/smusmesh/smusmesh/problem"
)

// Plan is a whole mesh as plain props, before any construct exists: what a mesh
// definition file describes. Validate reports, all at once, everything the constructors
// would refuse when the plan is built, through the same checks: those of each props'
// Validate, and those that need to know where the props go (the domain's identity model,
// blueprints and standards; the other units and projects of a unit; the profiles of the
// domain; the project's profile; the product a read names). The props fields that name
// constructs (Governance, Parent, Domain, DomainUnit, Profile, Consumer, ConsumerRole,
// Product) stay unset in a plan: its structure and the names in it say them.
//
// Naming conventions are not refused by a constructor: the DataMesh-NamingConvention rule
// reports them at synth, the same for a plan built from a definition and for Go code.
//
// Each problem names the entry by its place in the plan (Path "Domains[0].Units[1].Projects[2]",
// Construct "Project") and the field of its props.
type Plan struct {
	// Governance is the governance domain; its Standards are the standards of every
	// domain of the plan.
	//
	// Default: none (DefaultStandards()).
	Governance *GovernanceDomainProps
	// Domains are the root domains.
	Domains []*DomainPlan
	// Unbound says that the per-environment values (the Identity Center instance, the
	// Tooling S3 location, VPC and subnets, the end dates of temporary memberships) come
	// later, from each environment's settings: a missing one is not reported (a wrong
	// one is).
	//
	// Default: false (every value is required as the constructors require it).
	Unbound bool
}

// DomainPlan is a root domain with its profiles and its root domain unit.
type DomainPlan struct {
	// Props of the domain.
	Props *BusinessDomainProps
	// Profiles of the domain.
	Profiles []*ProjectProfileProps
	// UnitPlan is the root domain unit: its projects, Master Data projects and units.
	UnitPlan
}

// UnitPlan is a domain unit and what it holds.
type UnitPlan struct {
	// Props of the unit (unused for the root domain unit).
	Props *DomainUnitProps
	// Units are the units under this one.
	Units []*UnitPlan
	// Projects of the unit.
	Projects []*ProjectPlan
	// MasterData are the Master Data projects of the unit.
	MasterData []*MasterDataPlan
}

// ProjectPlan is a project, the name of its profile, its reads, connections and producer
// access.
type ProjectPlan struct {
	// Props of the project.
	Props *ProjectProps
	// Profile names a profile of the domain.
	Profile string
	// ExecutionRole names the project's own role (a name or an ARN) when the props cannot
	// hold it yet.
	ExecutionRole string
	// Reads of Master Data products of the domain.
	Reads []*ReadPlan
	// Connections of the project.
	Connections []*ConnectionPlan
	// ProducerAccess of the project's own pipelines.
	ProducerAccess []*ProducerAccessPlan
}

// MasterDataPlan is a Master Data project, the name of its profile, its connections and
// producer access.
type MasterDataPlan struct {
	// Props of the project.
	Props *MasterDataProjectProps
	// Profile names a profile of the domain.
	Profile string
	// Connections of the project.
	Connections []*ConnectionPlan
	// ProducerAccess of the project's own pipelines.
	ProducerAccess []*ProducerAccessPlan
}

// ConnectionPlan is a connection of a project.
type ConnectionPlan struct {
	// Props of the connection.
	Props *ConnectionProps
	// AccessRole names the access role (a name or an ARN) when the props cannot hold it
	// yet.
	AccessRole string
}

// ProducerAccessPlan is a producer access of a project.
type ProducerAccessPlan struct {
	// Props of the access.
	Props *ProducerAccessProps
	// Role names the role the pipeline runs as (a name or an ARN) when the props cannot
	// hold it yet.
	Role string
}

// ReadPlan is one read of a consumer project.
type ReadPlan struct {
	// Props of the access.
	Props *DataProductAccessProps
	// Product names a Master Data project ("CRM Master Data") of Domain.
	Product string
	// Domain names the domain of the product.
	//
	// Default: the consumer's domain.
	Domain string
}

// planChecker runs the checks of a Plan.
type planChecker struct {
	list    problem.List
	unbound bool
	std     *Standards
	// products are the Master Data projects of each domain (lower-case name), for the
	// reads of other domains, checked once every domain is walked.
	products map[string]map[string]*plannedProduct
	cross    []plannedRead
}

func (c *planChecker) problems(construct, path string) *problems {
	return &problems{construct: construct, path: path, unbound: c.unbound}
}

func (c *planChecker) add(pr *problems) { c.list.AddError(pr.err()) }

// Validate reports every problem of the plan at once (a problem.Errors), or nil.
func (p *Plan) Validate() error {
	c := &planChecker{unbound: p.Unbound, std: DefaultStandards()}
	if g := p.Governance; g != nil {
		pr := c.problems("GovernanceDomain", "Governance")
		g.check(pr)
		c.add(pr)
		if g.Standards != nil && g.Standards.Validate() == nil {
			c.std = g.Standards.WithDefaults()
		}
	}
	c.products = map[string]map[string]*plannedProduct{}
	for i, d := range p.Domains {
		c.domain(fmt.Sprintf("Domains[%d]", i), d)
	}
	c.crossDomainReads()
	return c.list.Err()
}

func (c *planChecker) domain(path string, d *DomainPlan) {
	if d == nil {
		pr := c.problems("BusinessDomain", path)
		pr.add(ErrMissing, "", "", "remove the nil entry")
		c.add(pr)
		return
	}
	pr := c.problems("BusinessDomain", path)
	d.Props.check(pr)
	c.add(pr)
	at := &site{placed: true, mode: IdentityModeSSO, std: c.std, profiles: map[string]string{}}
	if d.Props != nil {
		at.mode, at.domain = d.Props.Identity.resolved().Mode, d.Props.DomainName
		at.enabled = []Blueprint{toolingFor(at.mode)}
		for _, b := range d.Props.Blueprints {
			if b != nil {
				at.enabled = append(at.enabled, b.Blueprint)
			}
		}
		for _, b := range d.Props.CustomBlueprints {
			if b != nil {
				at.enabled = append(at.enabled, Blueprint(b.Name))
				if b.Category == "TOOLING" {
					at.customTooling = append(at.customTooling, Blueprint(b.Name))
				}
			}
		}
	}
	profiles := map[string]*profileSite{}
	for i, p := range d.Profiles {
		pp := fmt.Sprintf("%s.Profiles[%d]", path, i)
		pr := c.problems("ProjectProfile", pp)
		p.check(pr, at)
		c.add(pr)
		if p == nil || p.Name == "" {
			continue
		}
		at.profiles[strings.ToLower(p.Name)] = pp
		envs, _ := p.environments(at)
		ps := &profileSite{name: p.Name, domain: at.domain, known: true}
		for _, e := range envs {
			ps.envs = append(ps.envs, e.name())
			if e.modeOf() == DeploymentOnCreate {
				ps.onCreate = append(ps.onCreate, e.Blueprint)
			}
			if e.Blueprint == BlueprintToolingLite {
				ps.toolingLite = true
			}
		}
		if _, ok := profiles[p.Name]; !ok {
			profiles[p.Name] = ps
		}
	}
	u := &unitWalk{c: c, domain: at, profiles: profiles, products: map[string]*plannedProduct{}}
	u.unit(path, &unitCore{}, &d.UnitPlan)
	c.products[strings.ToLower(at.domain)] = u.products
	for _, r := range u.reads {
		if r.read != nil && r.read.Domain != "" && !strings.EqualFold(r.read.Domain, at.domain) {
			c.cross = append(c.cross, r)
			continue
		}
		u.read(r)
	}
}

// plannedProduct is a Master Data project of a plan, as its reads see it.
type plannedProduct struct {
	path, name string
	site       *productSite
}

// plannedRead is a read waiting for every product of the domain.
type plannedRead struct {
	path, consumerKey string
	read              *ReadPlan
}

// unitWalk checks the units of one domain.
type unitWalk struct {
	c        *planChecker
	domain   *site
	profiles map[string]*profileSite
	products map[string]*plannedProduct
	reads    []plannedRead
}

// at is the site of an entry of unit u with the profile named profile.
func (w *unitWalk) at(pr *problems, u *unitCore, profile string) *site {
	at := *w.domain
	at.unit = u
	if profile != "" {
		if ps, ok := w.profiles[profile]; ok {
			at.profile = ps
		} else {
			known := make([]string, 0, len(w.profiles))
			for k := range w.profiles {
				known = append(known, k)
			}
			slices.Sort(known)
			pr.add(ErrInvalidProps, "Profile", profile, fmt.Sprintf("the domain has no profile of that name: use one of %v", known))
		}
	} else {
		pr.add(ErrMissing, "Profile", "", "name a profile of the domain")
	}
	return &at
}

func (w *unitWalk) unit(path string, u *unitCore, plan *UnitPlan) {
	for i, p := range plan.Projects {
		pp := fmt.Sprintf("%s.Projects[%d]", path, i)
		pr := w.c.problems("Project", pp)
		if p == nil {
			pr.add(ErrMissing, "", "", "remove the nil entry")
			w.c.add(pr)
			continue
		}
		at := w.at(pr, u, p.Profile)
		at.role = p.ExecutionRole
		p.Props.check(pr, at)
		name := ""
		if p.Props != nil {
			name = p.Props.Name
		}
		w.c.add(pr)
		if name != "" {
			u.reserveProject(name, textPath(pp))
		}
		w.extras(pp, name, p.Connections, p.ProducerAccess)
		for j, r := range p.Reads {
			key := name
			if p.Props != nil {
				key = or(p.Props.Key, name)
			}
			w.reads = append(w.reads, plannedRead{path: fmt.Sprintf("%s.Reads[%d]", pp, j), consumerKey: key, read: r})
		}
	}
	for i, m := range plan.MasterData {
		mp := fmt.Sprintf("%s.MasterData[%d]", path, i)
		pr := w.c.problems("MasterDataProject", mp)
		if m == nil || m.Props == nil {
			pr.add(ErrMissing, "", "", "remove the nil entry")
			w.c.add(pr)
			continue
		}
		source := strings.TrimSpace(m.Props.Source)
		name := w.c.std.MasterDataProjectName(source)
		_, taken := u.projects[strings.ToLower(name)] // reported by the check below
		m.Props.check(pr, w.at(pr, u, m.Profile))
		if source != "" {
			if other, ok := w.products[strings.ToLower(name)]; ok && !taken {
				pr.add(ErrDuplicate, "Source", source, fmt.Sprintf("%s already publishes %q: one Master Data project per source in a domain (reads name the product)", other.path, name))
			} else {
				w.products[strings.ToLower(name)] = &plannedProduct{path: mp, name: name, site: &productSite{contract: m.Props.Contract, filters: map[string]string{}}}
			}
			u.reserveProject(name, textPath(mp))
		}
		w.c.add(pr)
		w.extras(mp, name, m.Connections, m.ProducerAccess)
	}
	for i, sub := range plan.Units {
		up := fmt.Sprintf("%s.Units[%d]", path, i)
		pr := w.c.problems("DomainUnit", up)
		if sub == nil || sub.Props == nil {
			pr.add(ErrMissing, "", "", "remove the nil entry")
			w.c.add(pr)
			continue
		}
		at := *w.domain
		at.unit = u
		sub.Props.check(pr, &at)
		name := sub.Props.Name
		w.c.add(pr)
		child := &unitCore{path: name, key: or(sub.Props.Key, name)}
		if u.path != "" {
			child.path = u.path + "/" + name
		}
		if name != "" {
			u.reserveChild(name, up)
			u.reserveChild("key:"+or(sub.Props.Key, name), up)
		}
		w.unit(up, child, sub)
	}
}

// extras checks the connections and producer access of the project at path, named name,
// as the constructors will: names and grants the project already has included.
func (w *unitWalk) extras(path, name string, conns []*ConnectionPlan, access []*ProducerAccessPlan) {
	pj := &project{name: name}
	for i, c := range conns {
		cp := fmt.Sprintf("%s.Connections[%d]", path, i)
		pr := w.c.problems("Connection", cp)
		if c == nil || c.Props == nil {
			pr.add(ErrMissing, "", "", "remove the nil entry")
			w.c.add(pr)
			continue
		}
		c.Props.check(pr, &site{placed: true, project: pj, role: c.AccessRole})
		w.c.add(pr)
		if c.Props.Name != "" {
			pj.reserve("connection|"+c.Props.Name, cp)
		}
	}
	for i, a := range access {
		ap := fmt.Sprintf("%s.ProducerAccess[%d]", path, i)
		pr := w.c.problems("ProducerAccess", ap)
		if a == nil || a.Props == nil {
			pr.add(ErrMissing, "", "", "remove the nil entry")
			w.c.add(pr)
			continue
		}
		a.Props.check(pr, &site{placed: true, project: pj, role: a.Role})
		w.c.add(pr)
		if a.Role != "" {
			pj.reserve(a.Props.grantKey(a.Role), ap)
		}
	}
}

func (w *unitWalk) read(r plannedRead) {
	pr := w.c.problems("DataProductAccess", r.path)
	defer w.c.add(pr)
	if r.read == nil || r.read.Props == nil {
		pr.add(ErrMissing, "", "", "remove the nil entry")
		return
	}
	at := &site{placed: true, consumerKey: r.consumerKey}
	product, ok := w.products[strings.ToLower(r.read.Product)]
	switch {
	case r.read.Product == "":
		pr.add(ErrMissing, "Product", "", `name the Master Data project to read (e.g. "CRM Master Data")`)
	case !ok:
		known := make([]string, 0, len(w.products))
		for _, p := range w.products {
			known = append(known, p.name)
		}
		slices.Sort(known)
		pr.add(ErrInvalidProps, "Product", r.read.Product, fmt.Sprintf("the domain has no Master Data project of that name: use one of %v", known))
	default:
		at.product = product.site
	}
	r.read.Props.check(pr, at)
	if ok && (len(r.read.Props.Columns) > 0 || strings.TrimSpace(r.read.Props.RowFilter) != "") {
		table := r.read.Props.Table
		k := table + "|" + cellsFilterName(r.consumerKey, table)
		if _, taken := product.site.filters[k]; !taken {
			product.site.filters[k] = r.path
		}
	}
}
