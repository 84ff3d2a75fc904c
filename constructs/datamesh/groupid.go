package datamesh

import (
	_ "embed"
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// DataZone takes IAM Identity Center groups by group ID, never by display name: the
// GroupProfile, Owner, PolicyGrant and ProjectMembership group fields are the identity
// store's group ID (CreateGroupProfile groupIdentifier, aws/aws-cli issue 9097; the
// aws-ia/terraform-aws-sagemaker-unified-studio module modules/project-membership accepts
// UUIDs only; aws/modern-data-architecture-accelerator passes ssoId group IDs). People
// write display names, so a name is resolved at deploy time by a custom resource that
// calls identitystore:GetGroupId (AlternateIdentifier UniqueAttribute displayName).

//go:embed groupid.py
var groupIDHandler string

// groupResourceType is the CloudFormation type of the name-to-ID lookup.
const groupResourceType = "Custom::IdcGroupId"

// groupIDPattern is an identity store group ID: a UUID, optionally with the 10-hex-digit
// prefix that the GroupProfile schema's GroupIdentifier pattern allows.
var groupIDPattern = regexp.MustCompile(`^([0-9a-f]{10}-)?[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$`)

// IsGroupID reports whether s is an Identity Center group ID (passed to DataZone as is)
// rather than a display name (resolved to the ID at deploy time).
func IsGroupID(s string) bool { return groupIDPattern.MatchString(s) }

// groupResolver is the domain's one lookup function and its lookups, one per group name.
type groupResolver struct {
	scope constructs.Construct
	fn    awslambda.Function
	ids   map[string]*string
	// arn and timeout of the lookups, read and made once: each is a jsii call.
	arn     *string
	timeout awscdk.Duration
}

// groupID is the identifier DataZone gets for the SSO group p: p's own identifier when it
// is a group ID or a token, else the ID the domain's lookup resolves at deploy time.
func (d *domainCore) groupID(p Principal) *string {
	if isToken(p.Identifier) || IsGroupID(p.Identifier) {
		return jsii.String(p.Identifier)
	}
	if d.cfn == nil {
		pr := newProblems("Group", constructPath(d.self))
		pr.add(ErrInvalidProps, "Principal", p.String(), "an imported domain resolves no group names: name the group by its Identity Center group ID (IAM Identity Center console, Groups, the group's ID)")
		mustValid(pr.err())
	}
	r := d.groups
	if r == nil {
		r = d.newGroupResolver()
		d.groups = r
	}
	if id, ok := r.ids[p.Identifier]; ok {
		return id
	}
	props := map[string]any{"GroupName": p.Identifier}
	if d.identity.IdentityStoreID != "" {
		props["IdentityStoreId"] = d.identity.IdentityStoreID
	} else {
		props["InstanceArn"] = d.identity.IdentityCenterInstanceARN
	}
	if r.arn == nil {
		r.arn = r.fn.FunctionArn()
		// A handler that dies before it answers fails the stack in minutes, not in an hour.
		r.timeout = awscdk.Duration_Minutes(jsii.Number(5))
	}
	cr := awscdk.NewCustomResource(r.scope, jsii.String(idFor("Group", p.Identifier, p.Identifier)), &awscdk.CustomResourceProps{
		ServiceToken:   r.arn,
		ResourceType:   jsii.String(groupResourceType),
		Properties:     &props,
		ServiceTimeout: r.timeout,
	})
	id := cr.GetAttString(jsii.String("GroupId"))
	r.ids[p.Identifier] = id
	return id
}

// newGroupResolver creates the domain's lookup function: inline Python on the latest
// runtime, its own log group, and a role that may only describe the domain's Identity
// Center instance, look up group IDs and write its logs.
func (d *domainCore) newGroupResolver() *groupResolver {
	scope := constructs.NewConstruct(d.self, jsii.String("GroupIds"))
	partition := *awscdk.Aws_PARTITION()
	store := "*"
	if d.identity.IdentityStoreID != "" {
		store = d.identity.IdentityStoreID
	}
	// The identity store belongs to the account that owns the Identity Center instance
	// (often the organization's management account), unknown here: hence the account "*".
	storeArn := "arn:" + partition + ":identitystore::*:identitystore/" + store
	groupsArn := "arn:" + partition + ":identitystore:::group/*"
	statements := []awsiam.PolicyStatement{
		awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings("identitystore:GetGroupId"),
			Resources: jsii.Strings(storeArn, groupsArn),
		}),
	}
	if d.identity.IdentityStoreID == "" {
		statements = append(statements, awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings("sso:DescribeInstance"),
			Resources: &[]*string{optional(d.identity.IdentityCenterInstanceARN)},
		}))
	}
	fn, role := newProvider(scope, providerProps{
		roleDescription:     "Resolves IAM Identity Center group names to group IDs for SMUS domain " + d.name,
		functionDescription: "Resolves IAM Identity Center group names to group IDs (" + groupResourceType + ") for SMUS domain " + d.name,
		policyName:          "GroupLookup",
		iam:                 d.iam,
		code:                groupIDHandler,
		timeout:             awscdk.Duration_Seconds(jsii.Number(60)),
		statements:          statements,
	})
	reason := "identitystore:GetGroupId looks a group up by display name, so the group is not known in advance (group/*)"
	if d.identity.IdentityStoreID == "" {
		reason += ", and the identity store ID is read from the Identity Center instance at deploy time (identitystore/*; set Identity.IdentityStoreId to scope it to one store)"
	} else {
		reason += ", and the identity store belongs to the account that owns the Identity Center instance, not known here (account *)"
	}
	cdknag.NagSuppressions_AddResourceSuppressions(role, &[]*cdknag.NagPackSuppression{{
		Id:        jsii.String("AwsSolutions-IAM5"),
		Reason:    jsii.String(reason + "."),
		AppliesTo: &[]any{jsii.String("Resource::arn:<AWS::Partition>:identitystore::*:identitystore/" + store), jsii.String("Resource::arn:<AWS::Partition>:identitystore:::group/*")},
	}}, jsii.Bool(false))
	return &groupResolver{scope: scope, fn: fn, ids: map[string]*string{}}
}
