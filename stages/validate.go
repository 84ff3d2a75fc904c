package stages

import (
	"fmt"
	"slices"
	"strings"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// Validate reports every problem of the definition at once, each with the path of the
// offending entry (and file and line when the definition was parsed). The definition is
// turned into the props the stage builder makes (without the per-environment values of
// Settings) and checked by the constructs' own checks (datamesh.Plan): missing and
// invalid values, duplicate unit, project and profile names, unknown profiles, products
// and blueprints, principals that do not fit the domain's identity model, names that
// break the governance domain's naming conventions, reads that do not fit the product's
// contract. What only a definition has is checked here: the spelling of its entries
// (one of user, group, role, iamUser; designations; quality rules by name; read roles by
// name), unique domain names and project keys (they name stacks).
func (d *Definition) Validate() error {
	l := &plist{src: d.src}
	d.validate(l)
	return l.err()
}

func (d *Definition) validate(l *plist) {
	if d == nil {
		l.add(datamesh.ErrMissing, "", "the definition is empty")
		return
	}
	if d.Governance == nil {
		l.add(datamesh.ErrMissing, "governance", "define the governance domain (name, owners, standards)")
	} else {
		d.Governance.spelling(l)
	}
	if len(d.Domains) == 0 {
		l.add(datamesh.ErrMissing, "domains", "define at least one root domain")
	}
	d.plan().validate(l)
	std := d.Standards()
	names := map[string]string{}
	stackIDs := map[string]string{}
	if d.Governance != nil {
		names[strings.ToLower(d.Governance.Name)] = "governance"
		stackIDs[stackID(d.Governance.Name)] = "governance"
	}
	for i, dom := range d.Domains {
		if dom == nil {
			continue
		}
		path := "domains[" + dom.Name + "]"
		if dom.Name == "" {
			path = fmt.Sprintf("domains[%d]", i)
		}
		if other, ok := names[strings.ToLower(dom.Name)]; ok && dom.Name != "" {
			l.add(datamesh.ErrDuplicate, path+".name", "%q is also the name of %s: domain names are unique in the mesh", dom.Name, other)
		} else if other, ok := stackIDs[stackID(dom.Name)]; ok && dom.Name != "" {
			l.add(datamesh.ErrDuplicate, path+".name", "%q gives the same stack name (%s) as %s: rename one", dom.Name, stackID(dom.Name), other)
		}
		names[strings.ToLower(dom.Name)] = path
		stackIDs[stackID(dom.Name)] = path
		v := &unitValidator{l: l, mode: identityOf(dom.Identity, "").Mode, std: std}
		v.principals(path+".owners", dom.Owners)
		v.principals(path+".users", dom.Users)
		v.creators(path+".projectCreators", dom.ProjectCreators)
		validateBlueprintDefs(l, path, dom)
		validateProfileUnits(l, path, dom)
		v.projects(path, dom.Projects)
		v.units(path, dom.Units)
		v.validateMasterData(dom)
		v.validateKeys(dom)
	}
}

// validateProfileUnits reports profiles whose unit names no unit of the domain: unit is
// the path of unit names from the root unit ("Grid/Forecast").
func validateProfileUnits(l *plist, path string, dom *DomainDef) {
	var known []string
	var walk func(units []*UnitDef, parent string)
	walk = func(units []*UnitDef, parent string) {
		for _, u := range units {
			if u != nil && u.Name != "" {
				known = append(known, strings.TrimPrefix(parent+"/"+u.Name, "/"))
				walk(u.Units, known[len(known)-1])
			}
		}
	}
	walk(dom.Units, "")
	for i, p := range dom.Profiles {
		if p == nil || p.Unit == "" || slices.Contains(known, p.Unit) {
			continue
		}
		fix := "the domain has no units: list the unit under units, or remove unit (the root unit owns the profile)"
		if len(known) > 0 {
			fix = fmt.Sprintf("name a unit by its path of names from the root unit: one of %s", strings.Join(known, ", "))
		}
		l.add(datamesh.ErrInvalidProps, listPath(path+".profiles", dom.Profiles, i)+".unit", "%q names no unit of the domain: %s", p.Unit, fix)
	}
}

// spelling checks the entries of the governance domain that only a definition has.
func (g *GovernanceDef) spelling(l *plist) {
	v := &unitValidator{l: l, mode: identityOf(g.Identity, "").Mode}
	v.principals("governance.owners", g.Owners)
	v.principals("governance.users", g.Users)
	v.principals("governance.glossaryAuthors", g.GlossaryAuthors)
}

// validateKeys reports projects and Master Data projects of the domain that share a key:
// the key alone names a project's nested stack, so keys are unique in the domain.
func (v *unitValidator) validateKeys(dom *DomainDef) {
	seen := map[string]string{}
	note := func(path, key, field string) {
		if key == "" {
			return
		}
		lk := strings.ToLower(key)
		if other, ok := seen[lk]; ok && other == path {
			return // two entries of one name in one unit: reported as such
		} else if ok {
			where := other
			if v.l.src != nil {
				where = fmt.Sprintf("%s (%s:%d)", other, v.l.src.file, v.l.src.lineOf(other))
			}
			v.l.add(datamesh.ErrDuplicate, path+"."+field, "key %q is also the key of %s: a project's key names its nested stack and logical IDs, so keys are unique in a domain; set a different key on one of them", key, where)
			return
		}
		seen[lk] = path
	}
	dom.Walk(func(_ []string, path string, p *ProjectDef) {
		if p == nil {
			return
		}
		field := "name"
		if p.Key != "" {
			field = "key"
		}
		note(path, p.KeyOf(), field)
	})
	sources := map[string]bool{}
	dom.WalkMasterData(func(_ []string, path string, m *MasterDataDef) {
		src := strings.ToLower(strings.TrimSpace(m.Source))
		if src == "" || sources[src] {
			return // reported as a missing or duplicate source
		}
		sources[src] = true
		field := "source"
		if m.Key != "" {
			field = "key"
		}
		note(path, m.KeyOf(v.std), field)
	})
}

// unitValidator checks the entries of one domain that only a definition has.
type unitValidator struct {
	l    *plist
	mode datamesh.IdentityMode
	std  *datamesh.Standards
}

func (v *unitValidator) units(parent string, units []*UnitDef) {
	for i, u := range units {
		if u == nil {
			continue
		}
		path := listPath(parent+".units", units, i)
		v.principals(path+".owners", u.Owners)
		v.creators(path+".projectCreators", u.ProjectCreators)
		v.projects(path, u.Projects)
		v.units(path, u.Units)
	}
}

func (v *unitValidator) projects(parent string, projects []*ProjectDef) {
	for i, p := range projects {
		if p == nil {
			continue
		}
		path := listPath(parent+".projects", projects, i)
		for j, m := range p.Members {
			v.member(fmt.Sprintf("%s.members[%d]", path, j), m)
		}
		validateExtras(v.l, path, p.Connections, p.ProducerAccess)
	}
}

// member checks the spelling of a member entry: one principal, a known designation.
func (v *unitValidator) member(path string, m *MemberDef) {
	if m == nil {
		return
	}
	if n := countSet(m.User, m.Group, m.Role, m.IAMUser); n > 1 {
		v.l.add(datamesh.ErrInvalidProps, path, "set exactly one of user, group, role, iamUser (%d set)", n)
	}
	if _, ok := m.DesignationOf(); !ok {
		v.l.add(datamesh.ErrInvalidProps, path+".designation", "unknown designation %q: use owner, contributor, catalogViewer, catalogConsumer or catalogSteward", m.Designation)
	}
}

// principals checks the spelling of principal entries: one principal each; the
// constructs check the principals themselves.
func (v *unitValidator) principals(path string, list []*PrincipalDef) {
	for i, p := range list {
		if p == nil {
			continue
		}
		if n := countSet(p.User, p.Group, p.Role, p.IAMUser); n > 1 {
			v.l.add(datamesh.ErrInvalidProps, fmt.Sprintf("%s[%d]", path, i), "set exactly one of user, group, role, iamUser (%d set)", n)
		}
	}
}

// creators checks project creators: one principal or allUsers each, and, as they are
// grants (not props of a construct), the principal against the domain's identity model.
func (v *unitValidator) creators(path string, list []*CreatorDef) {
	for i, c := range list {
		ep := fmt.Sprintf("%s[%d]", path, i)
		if c == nil {
			v.l.add(datamesh.ErrMissing, ep, "empty entry: remove it")
			continue
		}
		n := countSet(c.User, c.Group, c.Role, c.IAMUser)
		if c.AllUsers {
			n++
		}
		switch {
		case n == 0:
			v.l.add(datamesh.ErrMissing, ep, "set one of user, group, role, iamUser, or allUsers: true")
		case n > 1:
			v.l.add(datamesh.ErrInvalidProps, ep, "set exactly one of user, group, role, iamUser, allUsers (%d set)", n)
		case v.mode == datamesh.IdentityModeIAM && (c.User != "" || c.Group != ""):
			v.l.add(datamesh.ErrIdentityMismatch, ep, "%s in an IAM domain: an IAM domain has no Identity Center users or groups; use role or iamUser", principalOf(c.User, c.Group, "", ""))
		}
	}
}

// principals converts principal entries, one for one (an entry that names none gives a
// principal without identifier, which the constructs report).
func principals(list []*PrincipalDef) []datamesh.Principal {
	out := make([]datamesh.Principal, 0, len(list))
	for _, p := range list {
		if p == nil {
			out = append(out, datamesh.Principal{})
			continue
		}
		out = append(out, p.Principal())
	}
	return out
}

// memberOf converts a member entry without a stage: a temporary member without an until
// date gets its end date from each stage's settings (an unbound plan leaves it empty).
func memberOf(m *MemberDef) *datamesh.Member {
	if m == nil {
		return nil
	}
	des, ok := m.DesignationOf()
	if !ok {
		des = "" // reported as a spelling mistake
	}
	mem := &datamesh.Member{Principal: m.Principal(), Designation: des}
	if m.Until != "" || m.Temporary {
		mem.Temporary = &datamesh.Temporary{Until: m.Until, Reason: m.Reason}
	}
	return mem
}

// identityOf is the identity of a domain of the definition without the values of a
// stage (the Identity Center instance).
func identityOf(mode, assignment string) *datamesh.Identity {
	m := datamesh.IdentityMode(strings.ToUpper(mode))
	if m == "" {
		m = datamesh.IdentityModeSSO
	}
	return &datamesh.Identity{Mode: m, UserAssignment: datamesh.UserAssignment(assignment)}
}

func toolingOf(mode datamesh.IdentityMode) datamesh.Blueprint {
	if mode == datamesh.IdentityModeIAM {
		return datamesh.BlueprintToolingLite
	}
	return datamesh.BlueprintTooling
}

// tagsOf converts the tags of a domain (nil for none).
func tagsOf(tags map[string]string) map[string]*string {
	if len(tags) == 0 {
		return nil
	}
	out := make(map[string]*string, len(tags))
	for k, v := range tags {
		out[k] = &v
	}
	return out
}

func profileProps(domain datamesh.IBusinessDomain, p *ProfileDef) *datamesh.ProjectProfileProps {
	props := &datamesh.ProjectProfileProps{Domain: domain, Name: p.Name, Description: p.Description, Preset: datamesh.ProfilePreset(p.Preset),
		NoEnvironments: p.NoEnvironments, Disabled: p.Disabled}
	for _, e := range p.Environments {
		if e == nil {
			props.Environments = append(props.Environments, nil) // keeps the indexes of the entries
			continue
		}
		ec := &datamesh.EnvironmentConfiguration{
			Blueprint: datamesh.Blueprint(e.Blueprint), Name: e.Name, Description: e.Description,
			DeploymentMode: datamesh.DeploymentMode(e.Deployment), DeploymentOrder: int(e.DeploymentOrder), Tooling: e.Tooling.parameters(),
		}
		for _, o := range e.Parameters {
			if o != nil {
				ec.Parameters = append(ec.Parameters, &datamesh.ParameterOverride{Name: o.Name, Value: o.Value, NoValue: o.NoValue, Locked: o.Locked})
			}
		}
		props.Environments = append(props.Environments, ec)
	}
	return props
}

// stackID is the construct id of a domain's stack: the name's letters and digits,
// capitalized ("energy-eu" gives "EnergyEu").
func stackID(name string) string {
	var b strings.Builder
	up := true
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z':
			if up {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			up = false
		case (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'):
			b.WriteRune(r)
			up = false
		default:
			up = true
		}
	}
	if b.Len() == 0 {
		return "Domain"
	}
	return b.String()
}
