package datamesh

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// GovernanceDomainProps configure a GovernanceDomain.
type GovernanceDomainProps struct {
	// DomainName of the SMUS domain.
	DomainName *string
	// Description of the domain.
	//
	// Default: none.
	Description *string
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
	// Default: a least-privilege role (see RootDomainProps.DomainExecutionRole).
	DomainExecutionRole awsiam.IRole
	// ServiceRole of the domain.
	//
	// Default: a role with SageMakerStudioDomainServiceRolePolicy.
	ServiceRole awsiam.IRole
	// Owners of the root domain unit: the central governance team.
	//
	// Default: none.
	Owners []Principal
	// GlossaryAuthors may create the mesh-wide business glossaries and metadata form types.
	//
	// Default: none.
	GlossaryAuthors []Principal
	// RemovalPolicy of the domain.
	//
	// Default: awscdk.RemovalPolicy_RETAIN.
	RemovalPolicy awscdk.RemovalPolicy
	// Tags on the domain.
	//
	// Default: none.
	Tags map[string]*string
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
	// AddOwner makes p an owner of the root domain unit.
	AddOwner(p Principal)
}

type governanceDomain struct {
	constructs.Construct
	c         *domainCore
	standards *Standards
}

func (p *GovernanceDomainProps) common() commonDomainProps {
	return commonDomainProps{
		name: p.DomainName, description: p.Description, identity: p.Identity, key: p.EncryptionKey,
		execRole: p.DomainExecutionRole, svcRole: p.ServiceRole, owners: p.Owners,
		removal: p.RemovalPolicy, tags: p.Tags, governance: true,
	}
}

// Validate reports every problem of the props at once.
func (p *GovernanceDomainProps) Validate() error { return p.validate("") }

func (p *GovernanceDomainProps) validate(path string) error {
	pr := newProblems("GovernanceDomain", path)
	if p == nil {
		pr.add(ErrMissing, "props", "nil", "pass &GovernanceDomainProps{DomainName: ...}")
		return pr.err()
	}
	validateCommon(pr, p.common())
	validatePrincipals(pr, "GlossaryAuthors", p.GlossaryAuthors, p.Identity.resolved().Mode)
	if err := p.Standards.Validate(); err != nil {
		pr.addErr("Standards", err)
	}
	return pr.err()
}

// NewGovernanceDomain creates the governance domain.
func NewGovernanceDomain(scope constructs.Construct, id *string, props *GovernanceDomainProps) GovernanceDomain {
	mustValid(props.validate(pathOf(scope, id)))
	g := &governanceDomain{standards: props.Standards.WithDefaults()}
	constructs.NewConstruct_Override(g, scope, id)
	g.c = newDomainCore(g, meshmeta.KindGovernanceDomain, props.common())
	for _, a := range props.GlossaryAuthors {
		for _, policy := range []PolicyType{PolicyCreateGlossary, PolicyCreateFormType} {
			key := string(policy) + "|" + a.key()
			r := awsdatazone.NewCfnPolicyGrant(g, jsii.String(idFor("Grant", key, string(policy))), &awsdatazone.CfnPolicyGrantProps{
				DomainIdentifier: g.c.domainID,
				EntityType:       jsii.String("DOMAIN_UNIT"),
				EntityIdentifier: g.c.rootUnitID,
				PolicyType:       jsii.String(string(policy)),
				Detail:           renderDetail(policy, &PolicyDetail{IncludeChildDomainUnits: jsii.Bool(true)}, nil),
				Principal:        GrantToPrincipal(a).render(g.c),
			})
			record(r, meshmeta.Resource{Kind: meshmeta.KindPolicyGrant, Domain: g.c.name, Governance: true, Member: a.String(), Name: string(policy)})
			if prof := g.c.profile(a); prof != nil {
				r.Node().AddDependency(prof)
			}
		}
	}
	return g
}

func (g *governanceDomain) Standards() *Standards           { return g.standards }
func (g *governanceDomain) Resource() awsdatazone.CfnDomain { return g.c.cfn }
func (g *governanceDomain) EncryptionKey() awskms.IKey      { return g.c.key }
func (g *governanceDomain) AddOwner(p Principal) {
	pr := newProblems("GovernanceDomain", *g.Node().Path())
	p.validate(pr, "Owner", g.c.identity.Mode)
	mustValid(pr.err())
	g.c.addOwner(g, g.c.rootUnitID, p)
}

func (g *governanceDomain) DomainId() *string          { return g.c.domainID }
func (g *governanceDomain) RootDomainUnitId() *string  { return g.c.rootUnitID }
func (g *governanceDomain) DomainName() string         { return g.c.name }
func (g *governanceDomain) IdentityMode() IdentityMode { return g.c.identity.Mode }
func (g *governanceDomain) core() *domainCore          { return g.c }
