package stages

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// plan is the definition as a datamesh.Plan: the props the stage builder makes from it,
// without the per-environment values (unbound), so that Definition.Validate runs the
// constructs' own checks on plain data. paths maps each entry of the plan
// ("Domains[0].Units[1].Projects[2]") to its path in the definition
// ("domains[energy].units[grid].projects[Forecasting]").
type plan struct {
	*datamesh.Plan
	paths map[string]string
}

func (d *Definition) plan() *plan {
	p := &plan{Plan: &datamesh.Plan{Unbound: true}, paths: map[string]string{}}
	if g := d.Governance; g != nil {
		p.Governance = &datamesh.GovernanceDomainProps{
			DomainName: g.Name, Description: g.Description, Identity: identityOf(g.Identity, g.UserAssignment),
			Owners: principals(g.Owners), Users: principals(g.Users), GlossaryAuthors: principals(g.GlossaryAuthors), StandardsProject: g.standardsProject(),
			Tags: tagsOf(g.Tags),
		}
		if g.Standards != nil {
			p.Governance.Standards = d.Standards()
		}
		p.paths["Governance"] = "governance"
	}
	for i, dom := range d.Domains {
		pp := fmt.Sprintf("Domains[%d]", i)
		if dom == nil {
			p.Domains = append(p.Domains, nil)
			p.paths[pp] = fmt.Sprintf("domains[%d]", i)
			continue
		}
		p.Domains = append(p.Domains, p.domain(pp, dom))
	}
	return p
}

func (p *plan) domain(pp string, dom *DomainDef) *datamesh.DomainPlan {
	base := "domains[" + dom.Name + "]"
	p.paths[pp] = base
	d := &datamesh.DomainPlan{Props: &datamesh.BusinessDomainProps{
		DomainName: dom.Name, Description: dom.Description, Identity: identityOf(dom.Identity, dom.UserAssignment),
		Owners: principals(dom.Owners), Users: principals(dom.Users), Network: datamesh.NetworkPosture(dom.Network),
		Blueprints: dom.blueprintOptions(nil, ""), CustomBlueprints: dom.customBlueprints(nil, ""),
		Tags: tagsOf(dom.Tags),
	}}
	if dom.Tooling != nil {
		// The per-environment values (bucket, VPC, subnets) come with each stage (Unbound).
		d.Props.Tooling = dom.tooling(&datamesh.ToolingOptions{}, nil, "")
	}
	for i, pr := range dom.Profiles {
		p.paths[fmt.Sprintf("%s.Profiles[%d]", pp, i)] = listPath(base+".profiles", dom.Profiles, i)
		if pr == nil {
			d.Profiles = append(d.Profiles, nil)
			continue
		}
		d.Profiles = append(d.Profiles, profileProps(nil, pr))
	}
	p.unit(pp, base, &d.UnitPlan, dom.Projects, dom.MasterData, dom.Units)
	return d
}

func (p *plan) unit(pp, base string, u *datamesh.UnitPlan, projects []*ProjectDef, masterData []*MasterDataDef, units []*UnitDef) {
	for i, pd := range projects {
		ep := fmt.Sprintf("%s.Projects[%d]", pp, i)
		dp := listPath(base+".projects", projects, i)
		p.paths[ep] = dp
		if pd == nil {
			u.Projects = append(u.Projects, nil)
			continue
		}
		members := make([]*datamesh.Member, 0, len(pd.Members))
		for _, m := range pd.Members {
			members = append(members, memberOf(m))
		}
		proj := &datamesh.ProjectPlan{Profile: pd.Profile, ExecutionRole: pd.ExecutionRole, Props: pd.props(members)}
		proj.Connections, proj.ProducerAccess = p.extras(ep, dp, pd.Connections, pd.ProducerAccess)
		for j, r := range pd.Reads {
			p.paths[fmt.Sprintf("%s.Reads[%d]", ep, j)] = fmt.Sprintf("%s.reads[%d]", dp, j)
			if r == nil {
				proj.Reads = append(proj.Reads, nil)
				continue
			}
			proj.Reads = append(proj.Reads, &datamesh.ReadPlan{Product: r.Product, Domain: r.Domain, Props: r.accessProps()})
		}
		u.Projects = append(u.Projects, proj)
	}
	for i, md := range masterData {
		ep := fmt.Sprintf("%s.MasterData[%d]", pp, i)
		p.paths[ep] = masterDataPath(base, i, md)
		if md == nil {
			u.MasterData = append(u.MasterData, nil)
			continue
		}
		mdp := &datamesh.MasterDataPlan{Profile: md.Profile, Props: md.props("", memberOf)}
		mdp.Connections, mdp.ProducerAccess = p.extras(ep, p.paths[ep], md.Connections, md.ProducerAccess)
		u.MasterData = append(u.MasterData, mdp)
	}
	for i, ud := range units {
		ep := fmt.Sprintf("%s.Units[%d]", pp, i)
		dp := listPath(base+".units", units, i)
		p.paths[ep] = dp
		if ud == nil {
			u.Units = append(u.Units, nil)
			continue
		}
		sub := &datamesh.UnitPlan{Props: ud.props()}
		p.unit(ep, dp, sub, ud.Projects, ud.MasterData, ud.Units)
		u.Units = append(u.Units, sub)
	}
}

// extras converts the connections and producer access of the project at plan path pp
// and definition path dp; roles stay names until a stage resolves them.
func (p *plan) extras(pp, dp string, conns []*ConnectionDef, access []*ProducerAccessDef) ([]*datamesh.ConnectionPlan, []*datamesh.ProducerAccessPlan) {
	var cs []*datamesh.ConnectionPlan
	named := map[string]bool{}
	for i, c := range conns {
		path := fmt.Sprintf("%s.connections[%d]", dp, i)
		if c != nil && c.Name != "" && !named[c.Name] {
			path = dp + ".connections[" + c.Name + "]" // a second of one name by its index
			named[c.Name] = true
		}
		p.paths[fmt.Sprintf("%s.Connections[%d]", pp, i)] = path
		if c == nil {
			cs = append(cs, nil)
			continue
		}
		cs = append(cs, &datamesh.ConnectionPlan{Props: c.props(nil, nil), AccessRole: c.AccessRole})
	}
	var as []*datamesh.ProducerAccessPlan
	for i, a := range access {
		p.paths[fmt.Sprintf("%s.ProducerAccess[%d]", pp, i)] = fmt.Sprintf("%s.producerAccess[%d]", dp, i)
		if a == nil {
			as = append(as, nil)
			continue
		}
		as = append(as, &datamesh.ProducerAccessPlan{Props: a.props(nil, nil), Role: a.Role})
	}
	return cs, as
}

// listPath names entry i of a list by its name, as the decoder does ("units[grid]"), or
// by its index when it has none or an earlier entry has the same (the decoder records
// the line of both).
func listPath[T interface {
	*ProjectDef | *UnitDef | *ProfileDef
}](list string, entries []T, i int) string {
	name := nameOf(entries[i])
	for _, e := range entries[:i] {
		if nameOf(e) == name {
			name = ""
		}
	}
	if name == "" {
		return fmt.Sprintf("%s[%d]", list, i)
	}
	return list + "[" + name + "]"
}

// nameOf is the name of a definition entry ("" for nil).
func nameOf[T interface {
	*ProjectDef | *UnitDef | *ProfileDef
}](e T) string {
	switch v := any(e).(type) {
	case *ProjectDef:
		if v != nil {
			return v.Name
		}
	case *UnitDef:
		if v != nil {
			return v.Name
		}
	case *ProfileDef:
		if v != nil {
			return v.Name
		}
	}
	return ""
}

// validate adds the problems of the plan, each at the file, line and path of its
// definition entry, its fix in the definition's words.
func (p *plan) validate(l *plist) {
	for _, pr := range problem.All(p.Validate()) {
		path, ok := p.paths[pr.Path]
		if !ok {
			path = pr.Path
		}
		if f := yamlField(pr.Construct, pr.Field); f != "" {
			path += "." + f
		}
		l.addAt(&problem.Problem{Path: path, Value: pr.Value, Detail: p.words(l, pr.Detail), Fix: p.words(l, pr.Fix), Err: pr.Err})
	}
}

// planPath is the path of an entry of a plan, as the checks cite other entries ("unit
// already has a project of that name (Domains[0].Projects[1])").
var planPath = regexp.MustCompile(`\b(Governance|Domains\[\d+\](\.[A-Za-z]+\[\d+\])*)`)

// words is s in the definition's words: its keys and values, and the entries it cites
// at their definition path and line.
func (p *plan) words(l *plist, s string) string {
	s = planPath.ReplaceAllStringFunc(s, func(m string) string {
		path, ok := p.paths[m]
		if !ok {
			return m
		}
		if l.src != nil {
			if line := l.src.lineOf(path); line > 0 {
				return fmt.Sprintf("%s, %s:%d", path, l.src.file, line)
			}
		}
		return path
	})
	return yamlText(s)
}

// yamlField turns the field of a props problem ("Members[2].Principal.Identifier",
// "Environments[0].DeploymentMode") into the definition's keys ("members[2]",
// "environments[0].deployment") for props of the kind construct.
func yamlField(construct, f string) string {
	switch construct {
	case "MasterDataProject":
		switch {
		case strings.HasPrefix(f, "Contract.schema."):
			return "contract." + strings.TrimPrefix(f, "Contract.schema.")
		case f == "Contract.schema":
			return "contract.tables"
		case strings.HasPrefix(f, "Contract."):
			return "contract." + strings.TrimPrefix(f, "Contract.")
		case f == "DataSource.DatabaseName":
			return "dataSource.database"
		case strings.HasPrefix(f, "Engineers[") && strings.HasSuffix(f, ".Temporary"):
			return yamlKeys(strings.TrimSuffix(f, ".Temporary")) + ".until"
		}
	case "ProjectProfile":
		if strings.HasPrefix(f, "Preset(") {
			return "preset"
		}
	}
	return yamlKeys(f)
}

// yamlKeys spells a props field path with the definition's keys: each part with a lower
// case first letter, Principal and Identifier (the entry itself in the definition)
// dropped, and the fields the definition names otherwise renamed.
func yamlKeys(f string) string {
	var out []string
	for _, part := range strings.Split(f, ".") {
		if part == "" || part == "Principal" || part == "Identifier" || part == "props" {
			continue
		}
		switch {
		case part == "Temporary":
			continue // Temporary.Until is until
		case part == "Identity" && strings.HasSuffix(f, "Identity.UserAssignment"):
			continue // userAssignment is a key of the domain
		case part == "Mode" && len(out) > 0 && out[len(out)-1] == "identity":
			continue
		case part == "Blueprint" && len(out) > 0 && strings.HasPrefix(out[len(out)-1], "blueprints["):
			continue
		}
		if k, ok := yamlKeyOf[part]; ok {
			part = k
		}
		out = append(out, yamlName(part))
	}
	return strings.Join(out, ".")
}

// yamlKeyOf names the props fields whose definition key is not the field name with a
// lower-case first letter.
var yamlKeyOf = map[string]string{
	"DomainName":                   "name",
	"DeploymentMode":               "deployment",
	"DatabaseName":                 "database",
	"EnvironmentConfigurationName": "environment",
	"TemplateURL":                  "templateUrl",
	"ProjectRolePolicyARNs":        "projectRolePolicyArns",
	// Tooling parameters are spelled as the service names them.
	"Spaces":             "enableSpaces",
	"MaxEBSVolumeSizeGB": "maxEbsVolumeSize",
	"IdleTimeout":        "idleTimeoutInMinutes",
	"NetworkIsolation":   "enableNetworkIsolation",
	"BedrockPermissions": "enableAmazonBedrockPermissions",
	"GitConnectionARN":   "gitConnectionArn",
	"NetworkType":        "sagemakerDomainNetworkType",
}

// locateBuild is deferred around the building of domain d: the problems the constructs
// panic with (a value of the stage's settings the construct refuses, an error the AWS
// CDK raises) get the file and line of the definition entry they come from, found by the
// project's nested stack in the construct path (the domain's entry otherwise); the
// construct path stays in the message.
func (d *Definition) locateBuild(dom *DomainDef) {
	r := recover()
	if r == nil {
		return
	}
	err := problem.FromPanic(r)
	if d.src == nil {
		panic(err)
	}
	std := d.Standards()
	for _, p := range problem.All(err) {
		if p.File != "" {
			continue
		}
		entry := "domains[" + dom.Name + "]"
		dom.Walk(func(_ []string, path string, pd *ProjectDef) {
			if pd != nil && strings.Contains(p.Path+"/", "/"+ProjectStackID(pd.KeyOf())+"/") {
				entry = path
			}
		})
		dom.WalkMasterData(func(_ []string, path string, md *MasterDataDef) {
			if strings.Contains(p.Path+"/", "/"+ProjectStackID(md.KeyOf(std))+"/") {
				entry = path
			}
		})
		p.File, p.Line = d.src.file, d.src.lineOf(entry)
	}
	panic(err)
}

// validateBound checks the values the settings give domain d (Identity Center instance,
// Tooling bucket, VPC, subnets) with the domain's own checks, and reports a value the
// domain refuses at its settings path. Missing values are reported by Settings.Validate.
func (s *Settings) validateBound(l *plist, path string, d *DomainDef) {
	n := s.networkOf(d.Name)
	props := &datamesh.BusinessDomainProps{DomainName: d.Name, Identity: s.identity(d.Identity, d.UserAssignment), Network: datamesh.NetworkPosture(d.Network),
		Tooling: &datamesh.ToolingOptions{S3Location: s.bucketOf(d.Name), VPCID: n.VPCID, SubnetIDs: n.SubnetIDs}}
	network := path + ".network"
	if _, ok := s.DomainNetworks[d.Name]; ok {
		network = path + ".domainNetworks[" + d.Name + "]"
	}
	fields := map[string]string{
		"Identity.IdentityCenterInstanceARN": path + ".identityCenterInstanceArn",
		"Tooling.S3Location":                 path + ".toolingBuckets[" + d.Name + "]",
		"Tooling.VPCID":                      network + ".vpcId",
	}
	for _, p := range problem.All(props.Validate()) {
		at, ok := fields[p.Field]
		if strings.HasPrefix(p.Field, "Tooling.SubnetIDs[") {
			at, ok = network+".subnetIds"+strings.TrimPrefix(p.Field, "Tooling.SubnetIDs"), true
		}
		if !ok || errors.Is(p.Err, datamesh.ErrMissing) {
			continue // a value of the definition (reported by Definition.Validate) or a missing one
		}
		l.addAt(&problem.Problem{Path: at, Value: p.Value, Detail: p.Detail, Fix: yamlText(p.Fix), Err: p.Err})
	}
}
