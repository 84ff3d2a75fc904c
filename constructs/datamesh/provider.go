package datamesh

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// providerProps describe one of smusmesh's custom-resource providers (group ID lookup,
// Lakehouse connection lookup, policy grants).
type providerProps struct {
	// roleDescription and functionDescription describe the role and the function.
	roleDescription, functionDescription string
	// policyName names the role's one inline policy.
	policyName string
	// code is the handler, inline Python answering CloudFormation itself (index.handler).
	code string
	// timeout of the function.
	timeout awscdk.Duration
	// statements the function needs, besides writing to its own log group.
	statements []awsiam.PolicyStatement
	// iam are the stage's shared IAM objects, or nil.
	iam *iamCache
}

// newProvider creates under scope a custom-resource provider the way smusmesh makes them
// all: inline Python on the newest runtime aws-cdk-lib 2.270 knows (AwsSolutions-L1), no
// asset to upload; its own log group, kept a year and retained; its own role, trusted by
// Lambda, with one inline policy (the statements, and writing to that log group) and no
// managed policy. The construct ids "Logs", "Role" and "Function" decide the logical IDs.
func newProvider(scope constructs.Construct, p providerProps) (awslambda.Function, awsiam.Role) {
	logs := awslogs.NewLogGroup(scope, jsii.String("Logs"), &awslogs.LogGroupProps{
		Retention:     awslogs.RetentionDays_ONE_YEAR,
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
	statements := append(p.statements, awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("logs:CreateLogStream", "logs:PutLogEvents"),
		Resources: &[]*string{logs.LogGroupArn()},
	}))
	role := awsiam.NewRole(scope, jsii.String("Role"), &awsiam.RoleProps{
		AssumedBy:   p.iam.servicePrincipal("lambda.amazonaws.com"),
		Description: jsii.String(p.roleDescription),
		InlinePolicies: &map[string]awsiam.PolicyDocument{
			p.policyName: awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &statements}),
		},
	})
	fn := awslambda.NewFunction(scope, jsii.String("Function"), &awslambda.FunctionProps{
		Description: jsii.String(p.functionDescription),
		Runtime:     awslambda.Runtime_PYTHON_3_14(),
		Handler:     jsii.String("index.handler"),
		Code:        awslambda.Code_FromInline(jsii.String(p.code)),
		Role:        role,
		LogGroup:    logs,
		Timeout:     p.timeout,
		MemorySize:  jsii.Number(128),
	})
	return fn, role
}

// newRoleProfile gives a provider's role, which acts in the domain through DataZone's own
// authorization, its user profile (id "Profile"): IAM_ROLE, ACTIVATED like every IAM role
// profile (userProfileStatus), retained because user profiles have no delete API. member
// names the role in the smusmesh metadata.
func (d *domainCore) newRoleProfile(scope constructs.Construct, role awsiam.IRole, member string) awsdatazone.CfnUserProfile {
	profile := awsdatazone.NewCfnUserProfile(scope, jsii.String("Profile"), &awsdatazone.CfnUserProfileProps{
		DomainIdentifier: d.domainID,
		UserIdentifier:   role.RoleArn(),
		UserType:         jsii.String(string(PrincipalIAMRole)),
		Status:           jsii.String(userProfileStatus(PrincipalIAMRole)),
	})
	profile.ApplyRemovalPolicy(awscdk.RemovalPolicy_RETAIN, nil)
	record(profile, meshmeta.Resource{Kind: meshmeta.KindUserProfile, Domain: d.name, Member: string(PrincipalIAMRole) + ":" + member})
	return profile
}
