package datamesh

import (
	_ "embed"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// DataZone keeps one policy grant per entity, policy type and principal, and
// AWS::DataZone::PolicyGrant has no update handler: CloudFormation replaces a grant whose
// detail changed by creating the new grant first, which the service refuses as
// AlreadyExists after overwriting the old grant's content
// (aws-ia/terraform-aws-sagemaker-unified-studio, examples/quick-setup/README.md, known
// issues; aws/modern-data-architecture-accelerator CHANGELOG: switching grants in one
// step "will produce PolicyGrant conflicts"). A project-creation grant lists every
// profile it allows (aws/Unified-Studio-for-Amazon-Sagemaker,
// cloudformation/domain/policy_grant.yaml), so adding a profile changes its detail. Grants
// whose detail can change are therefore a custom resource that updates the grant in place
// (grant.py); grants with a fixed, empty detail stay AWS::DataZone::PolicyGrant.

// policyGrantHandler is the provider's code (inline Python, at most 4096 characters: no
// asset to upload). Create and Update: AddPolicyGrant. The service answers a grant whose
// entity, policy type and principal already hold one by replacing the grant's content and
// then failing with AlreadyExists, so a ConflictException is success once
// ListPolicyGrants shows the principal's grant with the new detail; if it does not, the
// old grant is removed (RemovePolicyGrant) and the new one added. The physical ID derives
// from the identity (domain, entity type, entity, policy type, principal): an update that
// changes the identity answers a new physical ID, and CloudFormation then deletes the old
// grant. Delete: RemovePolicyGrant, a grant already gone is success. AccessDenied is
// retried briefly: the role and its ownership of the root unit are new on the first
// deploy.
//
//go:embed grant.py
var policyGrantHandler string

// policyGrantResourceType is the CloudFormation type of a grant kept by the provider.
const policyGrantResourceType = "Custom::SmusmeshPolicyGrant"

// grantProviderID is the construct id of the provider under a domain.
const grantProviderID = "PolicyGrants"

// grantProvider is the function that keeps the policy grants of one domain, its role and
// log group, and the role's standing in the domain: an ACTIVATED user profile that owns
// the root domain unit. DataZone authorizes AddPolicyGrant by its own model, not by IAM
// alone: the caller must own the unit (or hold a grant on it), as the CloudFormation
// execution role does as the domain's creator. One per domain construct, so one per
// domain stack.
type grantProvider struct {
	constructs.Construct
	fn    awslambda.Function
	owner awsdatazone.CfnOwner
	// arn and timeout of the grants, read and made once: each is a jsii call.
	arn     *string
	timeout awscdk.Duration
}

// FunctionArn is the provider's ARN. (jsii needs an exported method on a Go construct
// type.)
func (g *grantProvider) FunctionArn() *string {
	if g.arn == nil {
		g.arn = g.fn.FunctionArn()
	}
	return g.arn
}

// grantProviderOf returns the grant provider of the domain, creating it on first use.
func grantProviderOf(d *domainCore) *grantProvider {
	if d.grantProvider != nil {
		return d.grantProvider
	}
	g := &grantProvider{}
	d.grantProvider = g
	constructs.NewConstruct_Override(g, d.self, jsii.String(grantProviderID))
	domainArn := d.stackOf().FormatArn(&awscdk.ArnComponents{Service: jsii.String("datazone"), Resource: jsii.String("domain"), ResourceName: d.domainID})

	// The three grant calls on this one domain.
	fn, role := newProvider(g, providerProps{
		roleDescription:     "Keeps the policy grants of SMUS domain " + d.name + " (" + policyGrantResourceType + ")",
		functionDescription: "smusmesh: adds, updates in place and removes the DataZone policy grants (" + policyGrantResourceType + ") of SMUS domain " + d.name,
		policyName:          "PolicyGrants",
		iam:                 d.iam,
		code:                policyGrantHandler,
		timeout:             awscdk.Duration_Seconds(jsii.Number(120)),
		statements: []awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings("datazone:AddPolicyGrant", "datazone:RemovePolicyGrant", "datazone:ListPolicyGrants"),
			Resources: &[]*string{domainArn},
		})},
	})
	g.fn = fn

	// The role acts in the domain as an IAM-role user and owns the root domain unit, as
	// MDAA's data admin role does (packages/constructs/L2/datazone-constructs/lib/domain.ts:
	// user profile ACTIVATED, then CfnOwner of the root unit by the profile's ID).
	profile := d.newRoleProfile(g, role, grantProviderID)
	g.owner = awsdatazone.NewCfnOwner(g, jsii.String("Owner"), &awsdatazone.CfnOwnerProps{
		DomainIdentifier: d.domainID,
		EntityIdentifier: d.rootUnitID,
		EntityType:       jsii.String("DOMAIN_UNIT"),
		Owner:            &awsdatazone.CfnOwner_OwnerPropertiesProperty{User: &awsdatazone.CfnOwner_OwnerUserPropertiesProperty{UserIdentifier: profile.AttrId()}},
	})
	record(g.owner, meshmeta.Resource{Kind: meshmeta.KindOwner, Domain: d.name, Member: string(PrincipalIAMRole) + ":" + grantProviderID})
	g.owner.AddResourceDependency(profile, nil)
	return g
}

// newCustomGrant creates the grant as a Custom::SmusmeshPolicyGrant whose properties have
// the names and shape of AWS::DataZone::PolicyGrant's, ordered after the provider's
// ownership of the root unit.
func newCustomGrant(scope constructs.Construct, core *domainCore, entityType string, entityID *string, policy PolicyType, detail map[string]any, principal map[string]any) awscdk.CustomResource {
	g := grantProviderOf(core)
	cr := awscdk.NewCustomResource(scope, jsii.String("Resource"), &awscdk.CustomResourceProps{
		ServiceToken: g.FunctionArn(),
		ResourceType: jsii.String(policyGrantResourceType),
		Properties: &map[string]any{
			"DomainIdentifier": core.domainID,
			"EntityType":       entityType,
			"EntityIdentifier": entityID,
			"PolicyType":       string(policy),
			"Detail":           detail,
			"Principal":        principal,
		},
		ServiceTimeout: g.serviceTimeout(),
	})
	cr.Node().AddDependency(g.owner)
	return cr
}

// serviceTimeout bounds a lost answer (the function answers within its timeout): made
// once per provider.
func (g *grantProvider) serviceTimeout() awscdk.Duration {
	if g.timeout == nil {
		g.timeout = awscdk.Duration_Minutes(jsii.Number(5))
	}
	return g.timeout
}

// fixedDetail reports policy types whose detail is always empty: their grants never
// change in place, so they stay AWS::DataZone::PolicyGrant.
func (t PolicyType) fixedDetail() bool {
	switch t {
	case PolicyCreateEnvironmentFromBlueprint, PolicyCreateEnvironment, PolicyDelegateCreateEnvironmentProfile:
		return true
	}
	return false
}

// detailMap is the grant's detail in the shape of the PolicyGrant property Detail: one key
// named after the policy type (CREATE_PROJECT_FROM_PROJECT_PROFILE ->
// CreateProjectFromProjectProfile) holding the fields that type takes.
func detailMap(policy PolicyType, d *PolicyDetail, profileIDs *[]*string) map[string]any {
	inner := map[string]any{}
	if policy.takesChildUnits() {
		inner["IncludeChildDomainUnits"] = d.IncludeChildDomainUnits
	}
	if profileIDs != nil && policy == PolicyCreateProjectFromProjectProfile {
		inner["ProjectProfiles"] = *profileIDs
	}
	if d.DomainUnitID != "" && policy == PolicyCreateEnvironmentProfile {
		inner["DomainUnitId"] = d.DomainUnitID
	}
	var key strings.Builder
	for _, w := range strings.Split(string(policy), "_") {
		key.WriteString(w[:1] + strings.ToLower(w[1:]))
	}
	return map[string]any{key.String(): inner}
}

// renderMap is the principal in the shape of the PolicyGrant property Principal.
func (g GrantPrincipal) renderMap(core *domainCore) map[string]any {
	switch {
	case g.principal != nil && g.principal.IsGroup():
		return map[string]any{"Group": map[string]any{"GroupIdentifier": core.groupID(*g.principal)}}
	case g.principal != nil:
		return map[string]any{"User": map[string]any{"UserIdentifier": g.principal.Identifier}}
	case g.allUsers:
		return map[string]any{"User": map[string]any{"AllUsersGrantFilter": map[string]any{}}}
	case g.projectsIn != nil:
		return map[string]any{"Project": map[string]any{
			"ProjectDesignation": string(g.designation),
			"ProjectGrantFilter": map[string]any{"DomainUnitFilter": map[string]any{
				"DomainUnit": g.projectsIn.DomainUnitID(), "IncludeChildDomainUnits": g.children}}}}
	default:
		return map[string]any{"DomainUnit": map[string]any{
			"DomainUnitDesignation": "OWNER", "DomainUnitIdentifier": g.unitOwners.DomainUnitID()}}
	}
}
