package datamesh

import (
	_ "embed"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// DefaultLakehouseConnectionName is the name of the connection that a project's
// Lakehouse Database (DataLake) environment creates, which a Master Data project's Glue
// data source publishes through. AWS lists it among every SMUS project's default
// connections (aws/Unified-Studio-for-Amazon-Sagemaker,
// experimental/SMUS-CICD-pipeline-cli/docs/connections.md).
const DefaultLakehouseConnectionName = "project.default_lakehouse"

// lakehouseLookupTimeout bounds the lookup: one Lambda invocation (15 minutes at most)
// that polls until the project's environments have created the connection.
const lakehouseLookupTimeout = 15

// lakehouseLookupID is the construct id of the lookup provider under a domain.
const lakehouseLookupID = "LakehouseConnectionLookup"

// lakehouseLookupCode is the provider's handler (lakehouse.py, inline: no asset to upload).
// It answers CloudFormation itself (no provider framework), so a domain stack holds one
// function, its role, policy and log group, whatever its number of projects.
//
// Create and Update: list the project's connections (datazone:ListConnections, every
// page) until one is named ConnectionName, or, failing that, exactly one has type
// LAKEHOUSE (the name MDAA looks for); then read the project's user role from the
// provisioned resources of its environments (userRoleArn, as MDAA's EnvDeploymentMonitor
// does). DataZone errors while the environments deploy (membership not yet effective,
// project still creating) are retried. It gives up one minute before the Lambda timeout
// with a message naming the project. Delete: nothing to do.
//
//go:embed lakehouse.py
var lakehouseLookupCode string

// lakehouseLookup is the provider of the Lakehouse connection lookups of one domain: a
// Lambda function with its own role and log group, and the role's user profile in the
// domain (each Master Data project makes the role a member so that it may list the
// project's connections). One per domain construct, so one per domain stack.
type lakehouseLookup struct {
	constructs.Construct
	fn      awslambda.Function
	role    awsiam.Role
	profile awsdatazone.CfnUserProfile
}

// FunctionArn is the provider's ARN. (jsii needs an exported method on a Go construct
// type.)
func (l *lakehouseLookup) FunctionArn() *string { return l.fn.FunctionArn() }

// lakehouseLookupOf returns the lookup provider of the domain, creating it on first use.
func lakehouseLookupOf(d *domainCore) *lakehouseLookup {
	if d.lakehouse != nil {
		return d.lakehouse
	}
	l := &lakehouseLookup{}
	d.lakehouse = l
	constructs.NewConstruct_Override(l, d.self, jsii.String(lakehouseLookupID))
	domainArn := d.stackOf().FormatArn(&awscdk.ArnComponents{Service: jsii.String("datazone"), Resource: jsii.String("domain"), ResourceName: d.domainID})

	// Read-only DataZone calls on this one domain.
	l.fn, l.role = newProvider(l, providerProps{
		roleDescription:     "Looks up the Lakehouse connection and user role of the Master Data projects of SMUS domain " + d.name,
		functionDescription: "smusmesh: returns the Lakehouse connection ID and user role of a Master Data project once its environments have created them",
		policyName:          "LakehouseLookup",
		iam:                 d.iam,
		code:                lakehouseLookupCode,
		timeout:             awscdk.Duration_Minutes(jsii.Number(lakehouseLookupTimeout)),
		statements: []awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings("datazone:ListConnections", "datazone:GetConnection", "datazone:ListEnvironments", "datazone:GetEnvironment"),
			Resources: jsii.Strings(*domainArn),
		})},
	})
	// The role acts in the project as a member, so it needs a user profile like every
	// principal the mesh names (created once per domain).
	l.profile = d.newRoleProfile(l, l.role, lakehouseLookupID)
	return l
}

// lakehouseConnection looks up the Lakehouse connection and user role of project p at
// deploy time: the lookup role joins the project (PROJECT_OWNER, as in MDAA), then the
// custom resource, ordered after the project and the membership, waits for the
// connection. Its attributes ConnectionId and UserRoleArn never change for the project.
// The resources sit under scope (the Master Data project, or the project itself).
func lakehouseConnection(scope constructs.Construct, p *project, core *domainCore, name string) awscdk.CustomResource {
	l := lakehouseLookupOf(core)
	member := awsdatazone.NewCfnProjectMembership(scope, jsii.String("LakehouseLookupMember"), &awsdatazone.CfnProjectMembershipProps{
		DomainIdentifier:  core.domainID,
		ProjectIdentifier: p.ProjectID(),
		Designation:       jsii.String(string(DesignationOwner)),
		Member:            &awsdatazone.CfnProjectMembership_MemberProperty{UserIdentifier: l.role.RoleArn()},
	})
	record(member, meshmeta.Resource{Kind: meshmeta.KindProjectMembership, Domain: core.name, Name: p.name, Member: string(PrincipalIAMRole) + ":" + lakehouseLookupID})
	p.acknowledgeMembers()
	member.Node().AddDependency(l.profile)
	// Like every member, the role must be eligible for the unit's projects (member pool).
	pool := core.memberPoolGrantWithID(p.pool, p.poolID, IAMRole(*l.role.RoleArn()), "MemberPoolLakehouseLookup", l.profile)
	member.Node().AddDependency(pool)

	cr := awscdk.NewCustomResource(scope, jsii.String("LakehouseConnection"), &awscdk.CustomResourceProps{
		ServiceToken: l.FunctionArn(),
		ResourceType: jsii.String("Custom::SmusmeshLakehouseConnection"),
		Properties: &map[string]any{
			"DomainId":       core.domainID,
			"ProjectId":      p.ProjectID(),
			"ProjectName":    p.name,
			"ConnectionName": name,
			"WaitMinutes":    lakehouseLookupTimeout - 1,
		},
		// The function always answers before its timeout; this bounds a lost answer.
		ServiceTimeout: awscdk.Duration_Minutes(jsii.Number(lakehouseLookupTimeout + 2)),
	})
	cr.Node().AddDependency(p.Resource(), member)
	return cr
}
