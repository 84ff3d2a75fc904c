package stages

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// Placeholders stand in for per-environment settings when the definition alone is
// validated: the definition must be valid whatever the environment.
const (
	placeholderIdc    = "arn:aws:sso:::instance/ssoins-0000000000000000"
	placeholderBucket = "s3://amazon-sagemaker-placeholder"
	placeholderVpc    = "vpc-00000000000000000"
	placeholderSubnet = "subnet-00000000000000000"
)

// Validate reports every problem of the definition at once, each with the path of the
// offending entry (and file and line when the definition was parsed): missing and invalid
// values (through the datamesh Props Validate methods), duplicate domain, unit and project
// names, unknown profiles and blueprints, principals that do not fit the domain's identity
// model, names that break the governance domain's naming conventions.
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
	std := d.Standards()
	if g := d.Governance; g == nil {
		l.add(datamesh.ErrMissing, "governance", "define the governance domain (name, owners, standards)")
	} else {
		props := &datamesh.GovernanceDomainProps{
			DomainName: g.Name, Description: g.Description, Identity: identityOf(g.Identity),
			Owners: principals(l, "governance.owners", g.Owners), Users: principals(l, "governance.users", g.Users), GlossaryAuthors: principals(l, "governance.glossaryAuthors", g.GlossaryAuthors),
			StandardsProject: g.standardsProject(),
		}
		if g.Standards != nil {
			props.Standards = d.Standards()
			for i, f := range g.Standards.RequiredProductMetadata {
				if f == "" {
					l.add(datamesh.ErrMissing, fmt.Sprintf("governance.standards.requiredProductMetadata[%d]", i), "empty field name")
				}
			}
			if err := props.Standards.Validate(); err != nil {
				l.addDatamesh("governance.standards", err)
			}
			props.Standards = nil
		}
		l.addDatamesh("governance", props.Validate())
	}
	if len(d.Domains) == 0 {
		l.add(datamesh.ErrMissing, "domains", "define at least one root domain")
	}
	names := map[string]string{}
	stackIDs := map[string]string{}
	if d.Governance != nil {
		names[strings.ToLower(d.Governance.Name)] = "governance"
		stackIDs[stackID(d.Governance.Name)] = "governance"
	}
	for i, dom := range d.Domains {
		if dom == nil {
			l.add(datamesh.ErrMissing, fmt.Sprintf("domains[%d]", i), "empty entry: remove it")
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
		if dom.Name != "" {
			if err := std.Naming.Check("Domain", dom.Name); err != nil {
				l.add(datamesh.ErrNamingConvention, path+".name", "%v", err)
			}
		}
		validateDomain(l, path, dom, std)
	}
}

func validateDomain(l *plist, path string, dom *DomainDef, std *datamesh.Standards) {
	id := identityOf(dom.Identity)
	mode := datamesh.IdentityMode(strings.ToUpper(dom.Identity))
	if mode == "" {
		mode = datamesh.IdentityModeSSO
	}
	props := &datamesh.BusinessDomainProps{
		DomainName: dom.Name, Description: dom.Description, Identity: id,
		Owners: principals(l, path+".owners", dom.Owners), Users: principals(l, path+".users", dom.Users),
		Network: datamesh.NetworkPosture(dom.Network), Blueprints: dom.blueprintOptions(nil, ""), CustomBlueprints: dom.customBlueprints(nil, ""),
		Tooling: dom.tooling(&datamesh.ToolingOptions{S3Location: placeholderBucket, VPCID: placeholderVpc, SubnetIDs: []string{placeholderSubnet}}, nil, ""),
	}
	validateBlueprintDefs(l, path, dom)
	l.addDatamesh(path, props.Validate())
	checkMode(l, path+".projectCreators", dom.ProjectCreators, mode)
	principals(l, path+".projectCreators", dom.ProjectCreators)

	enabled := map[datamesh.Blueprint]bool{toolingOf(mode): true}
	for _, b := range dom.Blueprints {
		enabled[datamesh.Blueprint(b)] = true
	}
	for _, c := range dom.CustomBlueprints {
		if c != nil {
			enabled[datamesh.Blueprint(c.Name)] = true
		}
	}
	profiles := map[string]bool{}
	lakehouse := map[string]bool{} // profiles that deploy DataLake ON_CREATE
	lite := map[string]bool{}      // profiles whose home is ToolingLite
	for i, p := range dom.Profiles {
		if p == nil {
			l.add(datamesh.ErrMissing, fmt.Sprintf("%s.profiles[%d]", path, i), "empty entry: remove it")
			continue
		}
		pp := path + ".profiles[" + p.Name + "]"
		if profiles[p.Name] && p.Name != "" {
			l.add(datamesh.ErrDuplicate, pp+".name", "profile %q is defined twice in the domain", p.Name)
		}
		profiles[p.Name] = true
		props := profileProps(nil, p)
		l.addDatamesh(pp, props.Validate(), "Domain")
		lakehouse[p.Name] = props.DeploysOnCreate(datamesh.BlueprintDataLake)
		lite[p.Name] = !p.NoEnvironments && (mode == datamesh.IdentityModeIAM || slices.ContainsFunc(p.Environments, func(e *EnvironmentDef) bool {
			return e != nil && e.Blueprint == string(datamesh.BlueprintToolingLite)
		}))
		if mode == datamesh.IdentityModeIAM && p.Preset == string(datamesh.PresetGenAI) {
			l.add(datamesh.ErrIdentityMismatch, pp+".preset", "the GenAI blueprints need an SSO domain: use another preset")
		}
		for _, b := range datamesh.PresetBlueprints(datamesh.ProfilePreset(p.Preset)) {
			if !enabled[b] {
				l.add(datamesh.ErrUnknownBlueprint, pp+".preset", "preset %s needs blueprint %s, which the domain does not enable: add it to %s.blueprints", p.Preset, b, path)
			}
		}
		for j, e := range p.Environments {
			if e == nil {
				continue
			}
			b := datamesh.Blueprint(e.Blueprint)
			ep := fmt.Sprintf("%s.environments[%d].blueprint", pp, j)
			switch {
			case b == datamesh.BlueprintTooling && mode == datamesh.IdentityModeIAM:
				l.add(datamesh.ErrIdentityMismatch, ep, "a %s domain uses %s, not %s", mode, toolingOf(mode), b)
			case !enabled[b]:
				l.add(datamesh.ErrUnknownBlueprint, ep, "blueprint %s is not enabled in the domain: add it to %s.blueprints", b, path)
			}
		}
	}
	if len(dom.Profiles) == 0 {
		l.add(datamesh.ErrMissing, path+".profiles", "define at least one project profile")
	}
	v := &unitValidator{l: l, mode: mode, profiles: profiles, lakehouse: lakehouse, std: std, domainPath: path, toolingLite: lite}
	v.projects(path, dom.Projects)
	v.units(path, dom.Units)
	v.validateMasterData(dom)
	v.validateKeys(dom)
}

var keyRe = regexp.MustCompile(`^[\w .-]{1,128}$`)

// checkKey reports a key that cannot be one (the datamesh constructs take the same).
func (v *unitValidator) checkKey(path, key string) {
	if key != "" && (!keyRe.MatchString(key) || strings.TrimSpace(key) != key) {
		v.l.add(datamesh.ErrInvalidProps, path+".key", "%q: a key is 1-128 letters, digits, _ . - and inner spaces (no /); it identifies the entry for good", key)
	}
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
		if other, ok := seen[lk]; ok {
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
		v.checkKey(path, p.Key)
		field := "name"
		if p.Key != "" {
			field = "key"
		}
		note(path, p.KeyOf(), field)
	})
	sources := map[string]bool{}
	dom.WalkMasterData(func(_ []string, path string, m *MasterDataDef) {
		v.checkKey(path, m.Key)
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

type unitValidator struct {
	l          *plist
	mode       datamesh.IdentityMode
	profiles   map[string]bool
	lakehouse  map[string]bool
	std        *datamesh.Standards
	domainPath string
	// toolingLite are the profiles whose home is ToolingLite: their projects bring their
	// own execution role.
	toolingLite map[string]bool
}

func (v *unitValidator) units(parent string, units []*UnitDef) {
	seen := map[string]string{}
	for i, u := range units {
		if u == nil {
			v.l.add(datamesh.ErrMissing, fmt.Sprintf("%s.units[%d]", parent, i), "empty entry: remove it")
			continue
		}
		path := parent + ".units[" + u.Name + "]"
		if u.Name == "" {
			path = fmt.Sprintf("%s.units[%d]", parent, i)
		}
		if other, ok := seen[strings.ToLower(u.Name)]; ok && u.Name != "" {
			v.l.add(datamesh.ErrDuplicate, path+".name", "a sibling unit has the same name (%q): unit names are unique among siblings", other)
		} else if other, ok := seen["key:"+strings.ToLower(u.KeyOf())]; ok && u.KeyOf() != "" {
			v.l.add(datamesh.ErrDuplicate, path+".key", "key %q is also the key of the sibling unit %s: a unit's key names its logical IDs, so keys are unique among siblings; set a different key on one of them", u.KeyOf(), other)
		}
		seen[strings.ToLower(u.Name)] = u.Name
		if u.KeyOf() != "" {
			seen["key:"+strings.ToLower(u.KeyOf())] = path
		}
		v.checkKey(path, u.Key)
		props := &datamesh.DomainUnitProps{Name: u.Name, Description: u.Description, Owners: principals(v.l, path+".owners", u.Owners)}
		v.l.addDatamesh(path, props.Validate(), "Parent")
		if u.Name != "" {
			if err := v.std.Naming.Check("DomainUnit", u.Name); err != nil {
				v.l.add(datamesh.ErrNamingConvention, path+".name", "%v", err)
			}
		}
		checkMode(v.l, path+".owners", u.Owners, v.mode)
		checkMode(v.l, path+".projectCreators", u.ProjectCreators, v.mode)
		principals(v.l, path+".projectCreators", u.ProjectCreators)
		v.projects(path, u.Projects)
		v.units(path, u.Units)
	}
}

func (v *unitValidator) projects(parent string, projects []*ProjectDef) {
	seen := map[string]string{}
	for i, p := range projects {
		if p == nil {
			v.l.add(datamesh.ErrMissing, fmt.Sprintf("%s.projects[%d]", parent, i), "empty entry: remove it")
			continue
		}
		path := parent + ".projects[" + p.Name + "]"
		if p.Name == "" {
			path = fmt.Sprintf("%s.projects[%d]", parent, i)
		}
		if other, ok := seen[strings.ToLower(p.Name)]; ok && p.Name != "" {
			v.l.add(datamesh.ErrDuplicate, path+".name", "the unit already has a project named %q: project names are unique in their unit", other)
		}
		seen[strings.ToLower(p.Name)] = p.Name
		if p.Profile != "" && !v.profiles[p.Profile] {
			known := make([]string, 0, len(v.profiles))
			for k := range v.profiles {
				known = append(known, k)
			}
			slices.Sort(known)
			v.l.add(datamesh.ErrInvalidProps, path+".profile", "unknown profile %q: use one of %s.profiles %v", p.Profile, v.domainPath, known)
		}
		if v.toolingLite[p.Profile] && p.ExecutionRole == "" {
			v.l.add(datamesh.ErrMissing, path+".executionRole", "profile %q's home is ToolingLite, whose projects bring their own role: set executionRole (a role name or ARN)", p.Profile)
		}
		if p.Name != "" {
			if err := v.std.Naming.Check("Project", p.Name); err != nil {
				v.l.add(datamesh.ErrNamingConvention, path+".name", "%v", err)
			}
		}
		members := make([]*datamesh.Member, 0, len(p.Members))
		for j, m := range p.Members {
			mp := fmt.Sprintf("%s.members[%d]", path, j)
			if m == nil {
				v.l.add(datamesh.ErrMissing, mp, "empty entry: remove it")
				members = append(members, nil)
				continue
			}
			if n := countSet(m.User, m.Group, m.Role, m.IAMUser); n != 1 {
				v.l.add(datamesh.ErrInvalidProps, mp, "set exactly one of user, group, role, iamUser (%d set)", n)
			}
			des, ok := m.DesignationOf()
			if !ok {
				v.l.add(datamesh.ErrInvalidProps, mp+".designation", "unknown designation %q: use owner, contributor, catalogViewer, catalogConsumer or catalogSteward", m.Designation)
				des = ""
			}
			pr := m.Principal()
			if v.mode == datamesh.IdentityModeIAM && (pr.Type == datamesh.PrincipalSSOUser || pr.Type == datamesh.PrincipalSSOGroup) {
				v.l.add(datamesh.ErrIdentityMismatch, mp, "%s in an IAM domain: an IAM domain has no Identity Center users or groups; use role or iamUser", pr)
			}
			mem := &datamesh.Member{Principal: pr, Designation: des}
			if m.Until != "" {
				mem.Temporary = &datamesh.Temporary{Until: m.Until, Reason: m.Reason}
			}
			members = append(members, mem)
		}
		props := &datamesh.ProjectProps{Name: p.Name, Description: p.Description, Members: members, DataSource: p.DataSource.options()}
		v.l.addDatamesh(path, props.Validate(), "DomainUnit", "Profile")
		if p.DataSource != nil && p.Profile != "" && v.profiles[p.Profile] && !v.lakehouse[p.Profile] {
			// The data source publishes through the Lakehouse connection that the DataLake
			// (Lakehouse Database) environment creates with the project.
			v.l.add(datamesh.ErrInvalidProps, path+".profile", "profile %q does not deploy DataLake ON_CREATE: the Glue data source publishes through the Lakehouse connection that environment creates; "+
				"use preset SQLAnalytics or add {blueprint: DataLake, deployment: ON_CREATE} to its environments", p.Profile)
		}
		validateExtras(v.l, path, p.Connections, p.ProducerAccess)
	}
}

// principals converts the entries and reports those that do not name exactly one principal.
func principals(l *plist, path string, list []*PrincipalDef) []datamesh.Principal {
	out := make([]datamesh.Principal, 0, len(list))
	for i, p := range list {
		if p == nil {
			l.add(datamesh.ErrMissing, fmt.Sprintf("%s[%d]", path, i), "empty entry: remove it")
			continue
		}
		if n := countSet(p.User, p.Group, p.Role, p.IAMUser); n != 1 {
			l.add(datamesh.ErrInvalidProps, fmt.Sprintf("%s[%d]", path, i), "set exactly one of user, group, role, iamUser (%d set)", n)
			continue
		}
		out = append(out, p.Principal())
	}
	return out
}

func checkMode(l *plist, path string, list []*PrincipalDef, mode datamesh.IdentityMode) {
	if mode != datamesh.IdentityModeIAM {
		return
	}
	for i, p := range list {
		if p != nil && (p.User != "" || p.Group != "") {
			l.add(datamesh.ErrIdentityMismatch, fmt.Sprintf("%s[%d]", path, i), "%s in an IAM domain: an IAM domain has no Identity Center users or groups; use role or iamUser", p.Principal())
		}
	}
}

func identityOf(mode string) *datamesh.Identity {
	m := datamesh.IdentityMode(strings.ToUpper(mode))
	if m == "" {
		m = datamesh.IdentityModeSSO
	}
	id := &datamesh.Identity{Mode: m}
	if m == datamesh.IdentityModeSSO {
		id.IdentityCenterInstanceARN = placeholderIdc
	}
	return id
}

func toolingOf(mode datamesh.IdentityMode) datamesh.Blueprint {
	if mode == datamesh.IdentityModeIAM {
		return datamesh.BlueprintToolingLite
	}
	return datamesh.BlueprintTooling
}

func profileProps(domain datamesh.IBusinessDomain, p *ProfileDef) *datamesh.ProjectProfileProps {
	props := &datamesh.ProjectProfileProps{Domain: domain, Name: p.Name, Description: p.Description, Preset: datamesh.ProfilePreset(p.Preset),
		NoEnvironments: p.NoEnvironments}
	for _, e := range p.Environments {
		if e == nil {
			continue
		}
		ec := &datamesh.EnvironmentConfiguration{
			Blueprint: datamesh.Blueprint(e.Blueprint), Name: e.Name, Description: e.Description,
			DeploymentMode: datamesh.DeploymentMode(e.Deployment), Tooling: e.Tooling.parameters(),
		}
		for _, o := range e.Parameters {
			if o != nil {
				ec.Parameters = append(ec.Parameters, &datamesh.ParameterOverride{Name: o.Name, Value: o.Value, Locked: o.Locked})
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

// Problems returns the individual problems of err (from Validate, Parse or a stage
// build), one per entry, for printing one per line.
func Problems(err error) []error { return datamesh.Problems(err) }
