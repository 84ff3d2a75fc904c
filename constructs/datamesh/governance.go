package datamesh

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/internal/meshmeta"
	"github.com/smusmesh/smusmesh/problem"
)

// GovernanceDomainProps configure a GovernanceDomain.
type GovernanceDomainProps struct {
	// DomainName of the SMUS domain.
	DomainName string
	// Description of the domain.
	//
	// Default: none.
	Description string
	// Identity model.
	//
	// Default: SSO through IAM Identity Center with manual user assignment.
	Identity *Identity
	// Standards of the mesh: naming conventions and required data-product metadata.
	//
	// Default: DefaultStandards().
	Standards *Standards
	// EncryptionKey for the domain's metadata.
	//
	// Default: a customer-managed KMS key with rotation, retained on delete.
	EncryptionKey awskms.IKey
	// DomainExecutionRole that DataZone assumes for users.
	//
	// Default: a least-privilege role (see BusinessDomainProps.DomainExecutionRole).
	DomainExecutionRole awsiam.IRole
	// ServiceRole of the domain.
	//
	// Default: a role with SageMakerStudioDomainServiceRolePolicy.
	ServiceRole awsiam.IRole
	// Owners of the root domain unit: the central governance team. They also own the
	// standards project.
	//
	// Default: none.
	Owners []Principal
	// Users are people (users and groups) who may sign in to the domain without a role:
	// each gets its user or group profile, as owners and members do, so that with MANUAL
	// user assignment they can browse the catalog, subscribe, and be added to projects
	// later. A principal that is also an owner or member gets one profile.
	//
	// Default: none.
	Users []Principal
	// GlossaryAuthors may create the mesh-wide business glossaries and metadata form types:
	// they become contributors of the standards project (Owners are its owners), the
	// project that holds the glossary and form-type grants.
	//
	// Default: none.
	GlossaryAuthors []Principal
	// StandardsProject configures the project that authors the mesh-wide glossaries and
	// metadata form types.
	//
	// Default: a project "Mesh Standards" from a project profile without environments.
	StandardsProject *StandardsProjectOptions
	// RemovalPolicy of the domain.
	//
	// Default: awscdk.RemovalPolicy_RETAIN.
	RemovalPolicy awscdk.RemovalPolicy
	// Tags on the domain.
	//
	// Default: none.
	Tags map[string]*string
}

// StandardsProjectOptions configure the governance domain's standards project.
type StandardsProjectOptions struct {
	// Name of the project. It may change later (the project keeps its ID).
	//
	// Default: "Mesh Standards".
	Name string
	// Description of the project.
	//
	// Default: a sentence saying what the project is for.
	Description string
}

// IGovernanceDomain is the mesh's control plane. It is deliberately not an
// IDomainUnitRef: no unit, project or data source can be placed in it through this API.
type IGovernanceDomain interface {
	IDomain
	// Standards of the mesh, with defaults applied.
	Standards() *Standards
}

// GovernanceDomain is one SMUS (V2) domain that holds the mesh-wide standards and the
// central team, and no data: no business domain units, no producer projects.
type GovernanceDomain interface {
	IGovernanceDomain
	constructs.Construct
	// Resource is the underlying CfnDomain.
	Resource() awsdatazone.CfnDomain
	// EncryptionKey of the domain.
	EncryptionKey() awskms.IKey
	// AddOwner makes p an owner of the root domain unit and of the standards project.
	AddOwner(p Principal)
	// AddUsers registers people who may sign in without a role (see
	// GovernanceDomainProps.Users).
	AddUsers(users ...Principal)
	// StandardsProjectID is the ID of the standards project: the project that may create
	// glossaries and metadata form types (the owning project of mesh-wide form types).
	StandardsProjectID() *string
}

type governanceDomain struct {
	constructs.Construct
	// cpath is the construct path, known in Go ("" for an imported domain).
	cpath     string
	c         *domainCore
	standards *Standards
	std       *project
}

func (p *GovernanceDomainProps) common() commonDomainProps {
	return commonDomainProps{
		name: optional(p.DomainName), description: optional(p.Description), identity: p.Identity, key: p.EncryptionKey,
		execRole: p.DomainExecutionRole, svcRole: p.ServiceRole, owners: p.Owners, users: p.Users,
		removal: p.RemovalPolicy, tags: p.Tags, governance: true,
	}
}

// Validate reports every problem of the props at once.
func (p *GovernanceDomainProps) Validate() error { return p.validate("") }

func (p *GovernanceDomainProps) validate(path string) error {
	pr := newProblems("GovernanceDomain", path)
	p.check(pr)
	return pr.err()
}

// check adds the problems of the props.
func (p *GovernanceDomainProps) check(pr *problems) {
	if p == nil {
		pr.add(ErrMissing, "props", "nil", "pass &GovernanceDomainProps{DomainName: ...}")
		return
	}
	validateCommon(pr, p.common())
	validatePrincipals(pr, "GlossaryAuthors", p.GlossaryAuthors, p.Identity.resolved().Mode)
	if err := p.Standards.Validate(); err != nil {
		pr.addErr("Standards", err)
	}
	if sp := p.StandardsProject; sp != nil {
		if sp.Name != "" {
			checkName(pr, "StandardsProject.Name", sp.Name, 64, true)
		}
		if sp.Description != "" && len(sp.Description) > 2048 {
			pr.add(ErrInvalidProps, "StandardsProject.Description", (sp.Description)[:32]+"...", "must be at most 2048 characters")
		}
	}
}

// NewGovernanceDomain creates the governance domain.
func NewGovernanceDomain(scope constructs.Construct, id *string, props *GovernanceDomainProps) GovernanceDomain {
	path := pathOf(scope, id)
	defer problem.Annotate("GovernanceDomain", path)
	mustValid(props.validate(path))
	g := &governanceDomain{standards: props.Standards.WithDefaults(), cpath: path}
	constructs.NewConstruct_Override(g, scope, id)
	common := props.common()
	common.iam = reserveDomainName(scope, "GovernanceDomain", props.DomainName, path)
	g.c = newDomainCore(g, meshmeta.KindGovernanceDomain, common)
	g.std = newStandardsProject(g, props)
	return g
}

// newStandardsProject creates the governance domain's standards project and grants it
// CREATE_GLOSSARY and CREATE_FORM_TYPE on the root unit (and below).
//
// Those two policies are granted to projects, not to users or groups: the SMUS admin guide
// lists glossary creation and metadata forms creation among the policies "you can assign
// to your projects" (https://docs.aws.amazon.com/sagemaker-unified-studio/latest/adminguide/domain-units.html),
// and a form type needs an owning project. The project comes from a project profile
// without environment configurations, as AWS's own "Generative AI model governance"
// profile is (aws/Unified-Studio-for-Amazon-Sagemaker cloudformation/domain/create_project_profiles.yaml):
// no blueprint to enable in the governance domain, nothing that costs, no data.
func newStandardsProject(g *governanceDomain, props *GovernanceDomainProps) *project {
	opts := props.StandardsProject
	if opts == nil {
		opts = &StandardsProjectOptions{}
	}
	name := opts.Name
	if name == "" {
		name = "Mesh Standards"
	}
	desc := opts.Description
	if desc == "" {
		desc = "Authors the mesh-wide business glossaries and metadata form types. Owned by the governance team; holds no data."
	}
	p := &project{name: name, byKey: map[string]Designation{}, pool: g, poolID: g.c.rootUnitID, core: g.c}
	// A project is a CfnInclude (see project); the standards project's resources are
	// ordinary L1 children of an empty one, made once per mesh.
	cfnfrag.IncludeChildren(g, "StandardsProject", p, nil, cfnfrag.Site{})
	scope := p
	profile := awsdatazone.NewCfnProjectProfile(scope, jsii.String("Profile"), &awsdatazone.CfnProjectProfileProps{
		Name:                 jsii.String("Standards"),
		Description:          jsii.String("Projects that author mesh-wide standards: no environments."),
		DomainIdentifier:     g.c.domainID,
		DomainUnitIdentifier: g.c.rootUnitID,
		Status:               jsii.String("ENABLED"),
	})
	record(profile, meshmeta.Resource{Kind: meshmeta.KindProjectProfile, Domain: g.c.name, Governance: true, Name: "Standards"})
	cp := awsdatazone.NewCfnProject(scope, jsii.String("Resource"), &awsdatazone.CfnProjectProps{
		DomainIdentifier: g.c.domainID,
		DomainUnitId:     g.c.rootUnitID,
		Name:             optional(name),
		Description:      optional(desc),
		ProjectProfileId: profile.AttrId(),
	})
	applyRemoval(cp, props.RemovalPolicy)
	meta := meshmeta.Resource{Kind: meshmeta.KindProject, Domain: g.c.name, Governance: true, Name: name}
	record(cp, meta)
	p.cfn, p.id, p.meta = cp, cp.AttrId(), meta
	for _, o := range props.Owners {
		p.addMember(&Member{Principal: o, Designation: DesignationOwner}, false)
	}
	for _, a := range props.GlossaryAuthors {
		if _, ok := p.byKey[a.key()]; !ok {
			p.addMember(&Member{Principal: a, Designation: DesignationContributor}, false)
		}
	}
	// Owners and contributors of the project may author; the grants name the project by
	// ID, so they follow it through renames.
	for _, policy := range []PolicyType{PolicyCreateGlossary, PolicyCreateFormType} {
		for _, des := range []ProjectDesignation{ProjectDesignationOwners, ProjectDesignationContributors} {
			r := awsdatazone.NewCfnPolicyGrant(scope, jsii.String(idFor("Grant", string(policy)+"|"+string(des), string(policy)+string(des))), &awsdatazone.CfnPolicyGrantProps{
				DomainIdentifier: g.c.domainID,
				EntityType:       jsii.String("DOMAIN_UNIT"),
				EntityIdentifier: g.c.rootUnitID,
				PolicyType:       jsii.String(string(policy)),
				Detail:           renderDetail(policy, &PolicyDetail{IncludeChildDomainUnits: true}, nil),
				Principal: &awsdatazone.CfnPolicyGrant_PolicyGrantPrincipalProperty{
					Project: &awsdatazone.CfnPolicyGrant_ProjectPolicyGrantPrincipalProperty{
						ProjectDesignation: jsii.String(string(des)),
						ProjectIdentifier:  p.id,
					},
				},
			})
			record(r, meshmeta.Resource{Kind: meshmeta.KindPolicyGrant, Domain: g.c.name, Governance: true, Member: "PROJECT:" + name + ":" + string(des), Name: string(policy)})
		}
	}
	return p
}

func (g *governanceDomain) Standards() *Standards           { return g.standards }
func (g *governanceDomain) StandardsProjectID() *string     { return g.std.id }
func (g *governanceDomain) Resource() awsdatazone.CfnDomain { return g.c.cfn }
func (g *governanceDomain) EncryptionKey() awskms.IKey      { return g.c.key }
func (g *governanceDomain) AddOwner(p Principal) {
	pr := newProblems("GovernanceDomain", constructPath(g))
	p.validate(pr, "Owner", g.c.identity.Mode)
	mustValid(pr.err())
	g.c.addOwner(g, g.c.rootUnitID, p)
	// Owners of the governance domain own its standards project too (a glossary author
	// already in it keeps its membership: both may author).
	if _, ok := g.std.byKey[p.key()]; !ok {
		g.std.addMember(&Member{Principal: p, Designation: DesignationOwner}, false)
	}
}

func (g *governanceDomain) DomainID() *string          { return g.c.domainID }
func (g *governanceDomain) RootDomainUnitID() *string  { return g.c.rootUnitID }
func (g *governanceDomain) DomainName() string         { return g.c.name }
func (g *governanceDomain) IdentityMode() IdentityMode { return g.c.identity.Mode }
func (g *governanceDomain) core() *domainCore          { return g.c }
