package datamesh

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/cloudformationinclude"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/internal/meshmeta"
	"github.com/smusmesh/smusmesh/internal/projectstack"
)

// Designation is a member's role in a project.
type Designation string

// The designations of AWS::DataZone::ProjectMembership.
const (
	// Owner manages the project and its members.
	DesignationOwner Designation = "PROJECT_OWNER"
	// Contributor works in the project. It is the default.
	DesignationContributor Designation = "PROJECT_CONTRIBUTOR"
	// CatalogViewer may browse the project's catalog.
	DesignationCatalogViewer Designation = "PROJECT_CATALOG_VIEWER"
	// CatalogConsumer may subscribe to data on the project's behalf.
	DesignationCatalogConsumer Designation = "PROJECT_CATALOG_CONSUMER"
	// CatalogSteward curates the project's published assets.
	DesignationCatalogSteward Designation = "PROJECT_CATALOG_STEWARD"
)

// Designations lists every designation.
func Designations() []Designation {
	return []Designation{DesignationOwner, DesignationContributor, DesignationCatalogViewer, DesignationCatalogConsumer, DesignationCatalogSteward}
}

// Temporary marks a membership that ends: the engineers who join to configure a project
// and leave. The DataMesh rules fail synth once the end date has passed, so the member is
// removed from the code (and so from the project) instead of lingering.
type Temporary struct {
	// Until is the last day of the membership, YYYY-MM-DD.
	Until string
	// Reason the member joins ("set up the CRM ingestion").
	//
	// Default: none.
	Reason string
}

// Member is one member of a project.
type Member struct {
	// Principal is the user or group.
	Principal Principal
	// Designation of the member.
	//
	// Default: Contributor.
	Designation Designation
	// Temporary marks a membership with an end date.
	//
	// Default: a permanent membership.
	Temporary *Temporary
}

func (m *Member) designation() Designation {
	if m.Designation == "" {
		return DesignationContributor
	}
	return m.Designation
}

// ProjectCategory is the category of a project (AWS::DataZone::Project ProjectCategory).
type ProjectCategory string

const (
	// ProjectCategoryDefault is an ordinary project. It is the zero value (not emitted).
	ProjectCategoryDefault ProjectCategory = ""
	// ProjectCategoryAdmin is the domain management project: its members administer the
	// domain from the portal. AWS creates it with no profile in the root domain unit once
	// Tooling is enabled (aws-ia/terraform-aws-sagemaker-unified-studio
	// modules/domain-management-portal; SMUS admin guide, accessing-domain-management-idc).
	ProjectCategoryAdmin ProjectCategory = "ADMIN"
)

// EnvironmentUserParameters set blueprint parameters of one environment configuration of
// the project's profile.
type EnvironmentUserParameters struct {
	// EnvironmentConfigurationName names the environment configuration in the profile.
	EnvironmentConfigurationName string
	// Parameters to set.
	Parameters map[string]string
}

// ProjectProps configure a Project.
type ProjectProps struct {
	// DomainUnit the project lives in (a DomainUnit, or the BusinessDomain for the root unit).
	// It can be changed in place (AWS::DataZone::Project DomainUnitId is updatable): to
	// move a project, change DomainUnit and keep the construct's scope and id. That is why
	// a project is best created in a scope that does not depend on its unit (the domain's
	// stack, the BusinessDomain, or a nested stack of its own), never inside the DomainUnit
	// construct, whose path would then be part of the project's logical IDs.
	DomainUnit IDomainUnitRef
	// Name of the project (1-64 characters of ^[\w -]+$), unique in its unit. It can be
	// changed in place (Name is updatable).
	Name string
	// Key identifies the project for good. It is recorded in the template metadata
	// (meshmeta) so that a later synth can tell a renamed project from a new one; the
	// logical IDs are those of the construct's scope and id, which should not change
	// either (1-128 characters of letters, digits, _ . - and space).
	//
	// Default: Name.
	Key string
	// Description of the project. The DataMesh rules warn when it is missing.
	//
	// Default: none.
	Description string
	// Profile the project is created from. Changing it later replaces the project
	// (ProjectProfileId is create-only). Required, except for the domain management
	// project (Category ProjectCategoryAdmin), which has none.
	Profile IProjectProfile
	// ExecutionRole is the project's own IAM role (bring your own role): the project's
	// environments and members act with it instead of a role the Tooling environment
	// creates (AWS::DataZone::Project ProjectExecutionRole; aws-ia
	// examples/domain-management-and-bring-your-own-role). Required when the profile's
	// home is ToolingLite (aws-ia modules/project). It is create-only: changing it
	// replaces the project.
	//
	// Default: none (Tooling creates the project role).
	ExecutionRole awsiam.IRole
	// Category of the project. ProjectCategoryAdmin makes the domain management
	// project: no Profile, root domain unit, created after the Tooling blueprint is
	// enabled. It is create-only.
	//
	// Default: ProjectCategoryDefault.
	Category ProjectCategory
	// Members of the project, each a standalone ProjectMembership (never the inline
	// MembershipAssignments, whose change replaces the project).
	//
	// Default: none (the deploying role owns the project).
	Members []*Member
	// GlossaryTerms attached to the project (at most 20).
	//
	// Default: none.
	GlossaryTerms []string
	// UserParameters for environment configurations of the profile.
	//
	// Default: none.
	UserParameters []*EnvironmentUserParameters
	// DataSource is a Glue data source that imports the tables of a Glue database the
	// project produces and publishes them as its assets, made as a Master Data project's
	// is (without a data contract): named "<Key> Glue", its connection looked up at deploy
	// time unless given (the profile must then deploy DataLake ON_CREATE), the role it
	// reads as granted DESCRIBE, SELECT with grant option on the database's tables. Its
	// construct ids are those of a Master Data project of the same scope and id, so that
	// turning the project into one keeps the data source.
	//
	// Default: none.
	DataSource *GlueDataSourceOptions
	// RemovalPolicy of the project.
	//
	// Default: awscdk.RemovalPolicy_RETAIN.
	RemovalPolicy awscdk.RemovalPolicy
}

// IProject is a project.
type IProject interface {
	constructs.IConstruct
	// ProjectID is the project's ID, a token until deploy.
	ProjectID() *string
	// ProjectName is the project's name.
	ProjectName() string
	// DomainUnit the project lives in.
	DomainUnit() IDomainUnitRef
}

// Project is the unit of work of the mesh: a team with owners and contributors, created
// from a project profile in a domain unit.
type Project interface {
	IProject
	constructs.Construct
	// Resource is the underlying CfnProject.
	Resource() awsdatazone.CfnProject
	// AddMember adds a member as a standalone ProjectMembership.
	AddMember(m *Member) awsdatazone.CfnProjectMembership
	// Members lists the project's members.
	Members() []Member
	// DataSource is the project's Glue data source, or nil when it has none.
	DataSource() awsdatazone.CfnDataSource
}

type project struct {
	// The project is a CfnInclude (internal/cfnfrag) of its CfnProject and the memberships
	// NewProject makes: one jsii call for all of them, the same construct paths and
	// logical IDs as L1 children "Resource" and "Member...". Children added later (the
	// data source, connections, AddMember) are ordinary constructs under it.
	cloudformationinclude.CfnInclude
	cfn     awsdatazone.CfnProject // read from the include on first use (Resource)
	id      *string                // the CfnProject's Id, read on first use (ProjectID)
	name    string
	unit    IDomainUnitRef
	members []Member
	byKey   map[string]Designation
	meta    meshmeta.Resource
	// pool is where members must be eligible (the unit's construct and ID); core is the
	// domain's, for projects outside a root domain's units (the governance domain's).
	pool   constructs.Construct
	poolID *string
	core   *domainCore
	// acknowledged: the E3019 acknowledgment of the memberships is recorded (acknowledgeMembers).
	acknowledged bool
	ds           awsdatazone.CfnDataSource
	lookup       awscdk.CustomResource // the Lakehouse connection lookup of the data source, if any
	// reserved holds what the service keeps one of per project (a connection name, a Lake
	// Formation grant of a role on a database), with the construct path that took it.
	reserved map[string]string
}

// reserve takes key for the construct at path, or returns the path that holds it.
func (p *project) reserve(key, path string) (string, bool) {
	if p.reserved == nil {
		p.reserved = map[string]string{}
	}
	if other, ok := p.reserved[key]; ok {
		return other, false
	}
	p.reserved[key] = path
	return "", true
}

// projectOf returns the project of this app behind p (a Master Data project's own), or nil
// for an imported one.
func projectOf(p IProject) *project {
	switch x := p.(type) {
	case *project:
		return x
	case *masterDataProject:
		return x.inner
	}
	return nil
}

// Validate reports every problem of the props at once.
func (p *ProjectProps) Validate() error { return p.validate("") }

func (p *ProjectProps) validate(path string) error {
	var at *site
	if p != nil {
		at = siteOfUnit(p.DomainUnit).withProfile(p.Profile)
	}
	pr := newProblems("Project", path)
	p.check(pr, at)
	return pr.err()
}

// check adds the problems of the props placed at at.
func (p *ProjectProps) check(pr *problems, at *site) {
	if p == nil {
		pr.add(ErrMissing, "props", "nil", "pass &ProjectProps{DomainUnit: ..., Name: ..., Profile: ...}")
		return
	}
	if !at.placed {
		if p.DomainUnit == nil {
			pr.add(ErrMissing, "DomainUnit", "", "set the DomainUnit (or BusinessDomain) the project lives in")
		}
		if p.Profile == nil && p.Category == ProjectCategoryDefault {
			pr.add(ErrMissing, "Profile", "", "set the project profile the project is created from")
		}
	}
	switch p.Category {
	case ProjectCategoryDefault:
	case ProjectCategoryAdmin:
		if p.Profile != nil {
			pr.add(ErrInvalidProps, "Profile", p.Profile.ProfileName(), "the domain management project (ProjectCategoryAdmin) has no profile: remove Profile")
		}
		if p.DomainUnit != nil && p.DomainUnit.UnitPath() != "" {
			pr.add(ErrInvalidProps, "DomainUnit", p.DomainUnit.UnitPath(), "the domain management project lives in the root domain unit: pass the BusinessDomain")
		}
	default:
		pr.add(ErrInvalidProps, "Category", string(p.Category), "use ProjectCategoryAdmin or leave it unset")
	}
	if p.ExecutionRole == nil && at.role == "" && at.profile != nil && at.profile.toolingLite {
		pr.add(ErrMissing, "ExecutionRole", "", fmt.Sprintf("profile %q's home is ToolingLite, whose projects bring their own role: set ExecutionRole", at.profile.name))
	}
	if at.profile != nil && at.profile.domain != "" && at.domain != "" && !strings.EqualFold(at.profile.domain, at.domain) {
		pr.add(ErrCrossDomain, "Profile", at.profile.name, fmt.Sprintf("the profile belongs to domain %q, the unit to %q: a project is created from a profile of its own domain", at.profile.domain, at.domain))
	}
	checkName(pr, "Name", p.Name, 64, true)
	checkKey(pr, "Key", optional(p.Key))
	if p.Description != "" && len(p.Description) > 2048 {
		pr.add(ErrInvalidProps, "Description", (p.Description)[:32]+"...", "must be at most 2048 characters")
	}
	if q := QuotaOf(QuotaGlossaryTermsPerProject); len(p.GlossaryTerms) > q.Limit {
		pr.add(ErrLimit, "GlossaryTerms", fmt.Sprint(len(p.GlossaryTerms)), fmt.Sprintf("a project takes at most %d glossary terms (%s)", q.Limit, q.Source))
	}
	for i, g := range p.GlossaryTerms {
		// A term's ID, as the registry schema of AWS::DataZone::Project says (GlossaryTerms items).
		if !isToken(g) && !blueprintIdentifier.MatchString(g) {
			pr.add(ErrInvalidProps, fmt.Sprintf("GlossaryTerms[%d]", i), g, "a glossary term is named by its ID (1-36 letters, digits, _ or -), not by its name")
		}
	}
	validateMembers(pr, p.Members, at.mode)
	if p.DataSource != nil {
		validateGlueDataSource(pr, p.DataSource, at)
	}
	envs := map[string]int{}
	for i, u := range p.UserParameters {
		f := fmt.Sprintf("UserParameters[%d]", i)
		switch {
		case u == nil:
			pr.add(ErrMissing, f, "", "empty entry: remove it")
			continue
		case u.EnvironmentConfigurationName == "":
			pr.add(ErrMissing, f+".EnvironmentConfigurationName", "", "name the environment configuration of the profile the parameters are for")
			continue
		}
		if j, ok := envs[u.EnvironmentConfigurationName]; ok {
			pr.add(ErrDuplicate, f+".EnvironmentConfigurationName", u.EnvironmentConfigurationName,
				fmt.Sprintf("also UserParameters[%d]: merge the parameters of one environment into one entry", j))
		}
		envs[u.EnvironmentConfigurationName] = i
		for _, k := range sortedKeys(u.Parameters) {
			if !parameterName.MatchString(k) {
				pr.add(ErrInvalidProps, f+".Parameters", k, "parameter names match ^[a-zA-Z_][a-zA-Z0-9_]*$")
			}
		}
	}
	if at.profile != nil {
		for i, u := range p.UserParameters {
			if u != nil && u.EnvironmentConfigurationName != "" && !slices.Contains(at.profile.envs, u.EnvironmentConfigurationName) {
				pr.add(ErrInvalidProps, fmt.Sprintf("UserParameters[%d].EnvironmentConfigurationName", i), u.EnvironmentConfigurationName,
					fmt.Sprintf("profile %q has environments %v", at.profile.name, at.profile.envs))
			}
		}
	}
	if name := p.Name; at.unit != nil && name != "" {
		if other, ok := at.unit.projects[strings.ToLower(name)]; ok {
			pr.add(ErrDuplicate, "Name", name, fmt.Sprintf("unit %q already has a project of that name (%s): rename one", at.unit.displayPath(), other))
		}
	}
}

func validateMembers(pr *problems, members []*Member, mode IdentityMode) {
	seen := map[string]int{}
	for i, m := range members {
		f := fmt.Sprintf("Members[%d]", i)
		if m == nil {
			pr.add(ErrMissing, f, "nil", "remove the nil entry")
			continue
		}
		validateMember(pr, f, m, mode)
		if j, ok := seen[m.Principal.key()]; ok {
			prev := members[j]
			if prev.designation() != m.designation() {
				pr.add(ErrMemberConflict, f, m.Principal.String(),
					fmt.Sprintf("also Members[%d] as %s: a member has one designation; keep the one you mean", j, prev.designation()))
			} else {
				pr.add(ErrDuplicate, f, m.Principal.String(), fmt.Sprintf("already listed as Members[%d]: remove one", j))
			}
		} else {
			seen[m.Principal.key()] = i
		}
	}
}

func validateMember(pr *problems, f string, m *Member, mode IdentityMode) {
	m.Principal.validate(pr, f+".Principal", mode)
	if !slices.Contains(Designations(), m.designation()) {
		pr.add(ErrInvalidProps, f+".Designation", string(m.Designation), fmt.Sprintf("use one of %v", Designations()))
	}
	if t := m.Temporary; t != nil && !(pr.unbound && t.Until == "") {
		if !isoDate.MatchString(t.Until) {
			pr.add(ErrInvalidProps, f+".Temporary.Until", t.Until, "write the last day as YYYY-MM-DD")
		} else if _, err := time.Parse(time.DateOnly, t.Until); err != nil {
			pr.add(ErrInvalidProps, f+".Temporary.Until", t.Until, "not a calendar date: write the last day as YYYY-MM-DD")
		}
	}
}

// NewProject creates a project with its memberships.
func NewProject(scope constructs.Construct, id *string, props *ProjectProps) Project {
	return newProject(scope, id, props, meshmeta.Resource{Kind: meshmeta.KindProject}, projectSite(scope))
}

// projectSite is where a project made in scope goes: the Site of a project stack marked by
// a builder (internal/projectstack), known without a jsii call, else read from jsii.
func projectSite(scope constructs.Construct) projectAt {
	if at, ok := projectstack.Is(scope); ok {
		return projectAt{site: at, own: true}
	}
	return projectAt{site: cfnfrag.SiteOf(scope)}
}

// projectAt is the Site of a project's scope; own: the scope is the project's own nested
// stack (internal/projectstack), or a construct of it that holds nothing else.
type projectAt struct {
	site cfnfrag.Site
	own  bool
}

// The construct ids of the resources of a project's fragment.
const projectResourceID = "Resource"

func newProject(scope constructs.Construct, id *string, props *ProjectProps, meta meshmeta.Resource, at projectAt) Project {
	// The construct path is read from jsii (one call) only for a message: a mesh of
	// thousands of projects builds without asking.
	path := lazyPath{scope, id}
	defer annotateLazily("Project", path)
	if err := props.validate(""); err != nil {
		mustValid(props.validate(path.String()))
	}
	u := props.DomainUnit.unit()
	u.reserveProject(props.Name, path)
	p := &project{name: props.Name, unit: props.DomainUnit, byKey: map[string]Designation{}, pool: u.self, poolID: u.unitID}
	core := props.DomainUnit.Domain().core()
	meta.Domain, meta.Name, meta.Key = core.name, p.name, or(props.Key, p.name)
	p.meta = meta
	// The project and its members are one template fragment, created in one jsii call.
	res := cfnfrag.Resource{LogicalID: projectResourceID, Type: "AWS::DataZone::Project", Properties: projectProperties(props, core),
		Metadata: metadata(meta)}
	later := setRemoval(&res, props.RemovalPolicy)
	frag := cfnfrag.Fragment{res}
	ref := map[string]any{"Fn::GetAtt": []string{projectResourceID, "Id"}}
	for _, m := range props.Members {
		frag = append(frag, p.join(m, core).resource(core.domainID, ref))
	}
	cfnfrag.IncludeChildren(scope, *id, p, frag, at.site)
	if later {
		applyRemoval(p.Resource(), props.RemovalPolicy)
	}
	if props.Category == ProjectCategoryAdmin {
		// AWS creates the admin project once Tooling is enabled (aws-ia
		// modules/domain-management-portal checks it first).
		if d, ok := props.DomainUnit.Domain().(*rootDomain); ok {
			if c := d.blueprintConfig(toolingFor(core.identity.Mode)); c != nil {
				p.Resource().Node().AddDependency(c)
			}
		}
	}
	core.noteProject(p.name, props.Profile)
	// The members' dependencies on their profiles and member-pool grants. In its own
	// nested stack they become DependsOn of the nested stack's resource wherever they sit
	// in it (internal/projectstack): one AddDependency on the project for all members.
	// Elsewhere each membership gets its own, as AddMember gives it.
	var all []constructs.IDependable
	for i, m := range props.Members {
		deps := p.memberDeps(m.Principal, core)
		switch {
		case at.own:
			all = append(all, deps...)
		case len(deps) > 0:
			p.GetResource(jsii.String(frag[i+1].LogicalID)).Node().AddDependency(deps...)
		}
	}
	if len(all) > 0 {
		p.Node().AddDependency(all...)
	}
	if at.own {
		p.acknowledged = true // by the parent stack (projectstack.Prepare)
	} else if len(props.Members) > 0 {
		p.acknowledgeMembers()
	}
	if o := props.DataSource; o != nil {
		src := addGlueDataSource(p, p, meta.Key, o, glueSourceExtras{description: projectDataSourceDescription(p.name, o.DatabaseName)}, core, props.RemovalPolicy)
		p.ds, p.lookup = src.ds, src.lookup
	}
	return p
}

// projectProperties are the properties of the project's AWS::DataZone::Project.
func projectProperties(props *ProjectProps, core *domainCore) map[string]any {
	pr := map[string]any{
		"DomainIdentifier": core.domainID,
		"DomainUnitId":     props.DomainUnit.DomainUnitID(),
	}
	if props.Name != "" {
		pr["Name"] = props.Name
	}
	if props.Description != "" {
		pr["Description"] = props.Description
	}
	if props.Profile != nil {
		pr["ProjectProfileId"] = props.Profile.ProjectProfileID()
	}
	if props.ExecutionRole != nil {
		pr["ProjectExecutionRole"] = props.ExecutionRole.RoleArn()
	}
	if props.Category != ProjectCategoryDefault {
		pr["ProjectCategory"] = string(props.Category)
	}
	if len(props.GlossaryTerms) > 0 {
		pr["GlossaryTerms"] = props.GlossaryTerms
	}
	if len(props.UserParameters) > 0 {
		ups := make([]any, 0, len(props.UserParameters))
		for _, u := range props.UserParameters {
			ps := []any{} // an entry without parameters has an empty list, as the L1 wrote it
			for _, k := range sortedKeys(u.Parameters) {
				ps = append(ps, map[string]any{"Name": k, "Value": u.Parameters[k]})
			}
			ups = append(ups, map[string]any{"EnvironmentConfigurationName": u.EnvironmentConfigurationName, "EnvironmentParameters": ps})
		}
		pr["UserParameters"] = ups
	}
	return pr
}

// AddMember adds a member. A principal already in the project panics (ErrMemberConflict
// or ErrDuplicate).
func (p *project) AddMember(m *Member) awsdatazone.CfnProjectMembership {
	return p.addMember(m, true)
}

// addMember adds a member to the project made: its membership is an L1 under the project.
func (p *project) addMember(m *Member, check bool) awsdatazone.CfnProjectMembership {
	core := p.core
	if core == nil {
		core = p.unit.Domain().core()
	}
	if check {
		pr := newProblems("Project", *p.Node().Path())
		if m == nil {
			pr.add(ErrMissing, "Member", "nil", "pass a *Member")
			mustValid(pr.err())
		}
		validateMember(pr, "Member", m, core.identity.Mode)
		if d, ok := p.byKey[m.Principal.key()]; ok {
			pr.add(ErrMemberConflict, "Member", m.Principal.String(), fmt.Sprintf("already a member as %s", d))
		}
		mustValid(pr.err())
	}
	r := p.join(m, core).l1(p, core.domainID, p.ProjectID())
	p.acknowledgeMembers()
	if deps := p.memberDeps(m.Principal, core); len(deps) > 0 {
		r.Node().AddDependency(deps...) // one call for all: each is a jsii round trip
	}
	return r
}

// membership is a member of the project as its AWS::DataZone::ProjectMembership, made in
// the project's fragment (resource) or as an L1 (l1): the same template either way.
type membership struct {
	id          string // construct id under the project
	designation Designation
	// member is the Member property: GroupIdentifier for a group, UserIdentifier for the
	// others.
	member map[string]*string
	meta   meshmeta.Resource
}

// join records m as a member and returns its membership.
func (p *project) join(m *Member, core *domainCore) membership {
	des := m.designation()
	p.byKey[m.Principal.key()] = des
	p.members = append(p.members, *m)
	ms := membership{designation: des, meta: meshmeta.Resource{Kind: meshmeta.KindProjectMembership, Domain: core.name, Name: p.name, Member: m.Principal.String()}}
	if m.Principal.IsGroup() {
		ms.member = map[string]*string{"GroupIdentifier": core.groupID(m.Principal)}
	} else {
		// IAM roles and users are members by UserIdentifier, with an ACTIVATED user profile,
		// as AWS's own code adds them (MDAA lib/project.ts, USAS byor.py).
		ms.member = map[string]*string{"UserIdentifier": jsii.String(m.Principal.Identifier)}
	}
	if m.Temporary != nil {
		ms.meta.Temporary, ms.meta.EndDate = true, m.Temporary.Until
	}
	// The logical ID derives from the project (the scope) and the member only, the service
	// identity of a membership. A designation change (contributor -> owner) is an in-place
	// update of the same resource: Designation is not create-only, and the CloudFormation
	// handler updates by deleting and re-creating the membership
	// (aws-cloudformation/aws-cloudformation-resource-providers-datazone,
	// aws-datazone-projectmembership UpdateHandler.java). A new logical ID would create the
	// new membership before deleting the old one: "User is already in the project"
	// (aws-ia/terraform-aws-sagemaker-unified-studio, modules/project-membership).
	ms.id = idFor("Member", m.Principal.key(), m.Principal.Identifier)
	return ms
}

// resource renders the membership for the project's fragment; project refers to the
// project in it.
func (ms membership) resource(domainID *string, project any) cfnfrag.Resource {
	return cfnfrag.Resource{LogicalID: ms.id, Type: "AWS::DataZone::ProjectMembership",
		Properties: map[string]any{
			"DomainIdentifier":  domainID,
			"ProjectIdentifier": project,
			"Designation":       string(ms.designation),
			"Member":            ms.member,
		},
		// A map, as record writes it: its keys sorted, as the jsii runtime sends a map. The
		// template's text, and so a nested template's asset hash, keeps that order.
		Metadata: metadata(ms.meta),
	}
}

// l1 creates the membership as an L1 under scope: two jsii calls.
func (ms membership) l1(scope constructs.Construct, domainID, projectID *string) awsdatazone.CfnProjectMembership {
	r := awsdatazone.NewCfnProjectMembership(scope, jsii.String(ms.id), &awsdatazone.CfnProjectMembershipProps{
		DomainIdentifier:  domainID,
		ProjectIdentifier: projectID,
		Designation:       jsii.String(string(ms.designation)),
		Member: &awsdatazone.CfnProjectMembership_MemberProperty{
			GroupIdentifier: ms.member["GroupIdentifier"],
			UserIdentifier:  ms.member["UserIdentifier"],
		},
	})
	record(r, ms.meta)
	return r
}

// memberDeps are what a membership of principal waits for: the member's user or group
// profile, and the grant that makes it eligible in the project's unit (member pool).
func (p *project) memberDeps(principal Principal, core *domainCore) []constructs.IDependable {
	var deps []constructs.IDependable
	if prof := core.profile(principal); prof != nil {
		deps = append(deps, prof)
	}
	if core.cfn != nil {
		deps = append(deps, core.memberPoolGrant(p.pool, p.poolID, principal))
	}
	return deps
}

// acknowledgeMembers records, once per project, the acknowledgment of the false positive
// E3019 of aws-cdk-lib's built-in validation for memberships
// (projectstack.AcknowledgeMemberships): on the project that holds them, two jsii calls
// per project instead of two per membership; a project in its own nested stack leaves it
// to the parent stack, which the builder acknowledged once for all its projects.
func (p *project) acknowledgeMembers() {
	if p.acknowledged {
		return
	}
	p.acknowledged = true
	projectstack.AcknowledgeMemberships(p)
}

// ProjectID is the Id attribute of the CfnProject, read on first use (two jsii calls: the
// mesh builder asks only for projects that something references).
func (p *project) ProjectID() *string {
	if p.id == nil {
		p.id = p.Resource().AttrId()
	}
	return p.id
}

// Resource is the CfnProject the include created (the typed L1), read on first use.
func (p *project) Resource() awsdatazone.CfnProject {
	if p.cfn == nil {
		p.cfn = p.GetResource(jsii.String(projectResourceID)).(awsdatazone.CfnProject)
	}
	return p.cfn
}

func (p *project) ProjectName() string        { return p.name }
func (p *project) DomainUnit() IDomainUnitRef { return p.unit }
func (p *project) Members() []Member          { return slices.Clone(p.members) }

func (p *project) DataSource() awsdatazone.CfnDataSource { return p.ds }

func (p *project) lakehouseLookup() awscdk.CustomResource { return p.lookup }
