package datamesh

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslakeformation"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/problem"
)

// DataLakeAdminsProps configure DataLakeAdmins.
type DataLakeAdminsProps struct {
	// Admins are the ARNs of the IAM roles (or users) that become Lake Formation data lake
	// administrators of the stack's account.
	//
	// Default: the CloudFormation execution role of the CDK bootstrap
	// (cdk-<qualifier>-cfn-exec-role-<account>-<region>, see CDKExecutionRoleARN), which is
	// the role that deploys the Lake Formation grants.
	Admins []*string
}

// DataLakeAdmins makes principals Lake Formation data lake administrators with an
// AWS::LakeFormation::DataLakeSettings whose MutationType is APPEND, so the admins that
// the account already has (those of other stacks, of the console, of the SMUS blueprints)
// stay. It is an opt-in precondition of Lake Formation grants: an IAM administrator
// cannot grant Lake Formation permissions unless it is a data lake administrator or holds
// the permissions with grant option (AWS Lake Formation Developer Guide, Lake Formation
// personas and IAM permissions reference:
// https://docs.aws.amazon.com/lake-formation/latest/dg/permissions-reference.html).
//
// Every AWS::LakeFormation::PrincipalPermissions, Permissions, DataCellsFilter, Tag and
// TagAssociation in the same stack, or in its nested stacks, is ordered after it (their
// nested stacks are, when they are nested).
type DataLakeAdmins interface {
	constructs.Construct
	// Resource is the underlying CfnDataLakeSettings.
	Resource() awslakeformation.CfnDataLakeSettings
}

type dataLakeAdmins struct {
	constructs.Construct
	cfn awslakeformation.CfnDataLakeSettings
}

func (d *dataLakeAdmins) Resource() awslakeformation.CfnDataLakeSettings { return d.cfn }

// Validate reports every problem of the props at once.
func (p *DataLakeAdminsProps) Validate() error { return p.validate("") }

func (p *DataLakeAdminsProps) validate(path string) error {
	pr := newProblems("DataLakeAdmins", path)
	if p == nil {
		return nil
	}
	seen := map[string]int{}
	for i, a := range p.Admins {
		f := fmt.Sprintf("Admins[%d]", i)
		v := str(a)
		switch {
		case v == "":
			pr.add(ErrMissing, f, "", "name the ARN of an IAM role or user")
		case !isToken(v) && !iamPrincipalArn.MatchString(v):
			pr.add(ErrInvalidProps, f, v, "an admin is an IAM role or user ARN, arn:aws:iam::123456789012:role/name")
		}
		if j, ok := seen[v]; ok && v != "" {
			pr.add(ErrDuplicate, f, v, fmt.Sprintf("already listed as Admins[%d]: remove one", j))
		}
		seen[v] = i
	}
	return pr.err()
}

// iamPrincipalArn is the ARN of an IAM role or user.
var iamPrincipalArn = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:(role|user)/.+$`)

// lakeFormationTypes are the resources that need the deploying role to be a data lake
// administrator (or to hold grantable permissions).
var lakeFormationTypes = map[string]bool{
	"AWS::LakeFormation::PrincipalPermissions": true,
	"AWS::LakeFormation::Permissions":          true,
	"AWS::LakeFormation::DataCellsFilter":      true,
	"AWS::LakeFormation::Tag":                  true,
	"AWS::LakeFormation::TagAssociation":       true,
}

// NewDataLakeAdmins creates the DataLakeSettings (MutationType APPEND) in scope's stack.
func NewDataLakeAdmins(scope constructs.Construct, id *string, props *DataLakeAdminsProps) DataLakeAdmins {
	path := pathOf(scope, id)
	defer problem.Annotate("DataLakeAdmins", path)
	mustValid(props.validate(path))
	if props == nil {
		props = &DataLakeAdminsProps{}
	}
	d := &dataLakeAdmins{}
	constructs.NewConstruct_Override(d, scope, id)
	stack := awscdk.Stack_Of(d)
	admins := props.Admins
	if len(admins) == 0 {
		admins = []*string{CDKExecutionRoleARN(stack)}
	}
	list := make([]any, len(admins))
	for i, a := range admins {
		list[i] = &awslakeformation.CfnDataLakeSettings_DataLakePrincipalProperty{DataLakePrincipalIdentifier: a}
	}
	d.cfn = awslakeformation.NewCfnDataLakeSettings(d, jsii.String("Resource"), &awslakeformation.CfnDataLakeSettingsProps{
		Admins: &list,
		// APPEND adds these admins; REPLACE (the default) would replace the account's whole
		// admin list, removing the admins that SMUS blueprints and others registered.
		MutationType: jsii.String("APPEND"),
	})
	awscdk.Aspects_Of(stack).Add(&lakeFormationOrder{settings: d.cfn, stackPath: *stack.Node().Path()}, nil)
	return d
}

// CDKExecutionRoleARN is the ARN of the CDK bootstrap's CloudFormation execution role of
// stack, arn:<partition>:iam::<account>:role/cdk-<qualifier>-cfn-exec-role-<account>-<region>,
// with the qualifier of the @aws-cdk/core:bootstrapQualifier context (the one
// `cdk bootstrap --qualifier` and DefaultStackSynthesizer read), hnb659fds by default: the
// names the CDK bootstrap template gives its roles. A qualifier set only in a synthesizer's
// props is not visible here (the stack exposes its synthesizer unbound): name the role in
// DataLakeAdminsProps.Admins then.
func CDKExecutionRoleARN(stack awscdk.Stack) *string {
	q := bootstrapQualifier(stack)
	return awscdk.Fn_Sub(jsii.String("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-"+q+"-cfn-exec-role-${AWS::AccountId}-${AWS::Region}"), nil)
}

func bootstrapQualifier(stack awscdk.Stack) string {
	q := "hnb659fds"
	if v, ok := stack.Node().TryGetContext(jsii.String("@aws-cdk/core:bootstrapQualifier")).(string); ok && v != "" {
		q = v
	}
	return q
}

// lakeFormationOrder orders the Lake Formation resources of one stack (and of its nested
// stacks) after the DataLakeSettings.
type lakeFormationOrder struct {
	settings  awslakeformation.CfnDataLakeSettings
	stackPath string
}

func (a *lakeFormationOrder) Visit(node constructs.IConstruct) {
	r, ok := node.(awscdk.CfnResource)
	if !ok || !lakeFormationTypes[str(r.CfnResourceType())] {
		return
	}
	// The stack itself, or one of its nested stacks (whose paths lie under it).
	p := *r.Stack().Node().Path()
	if p != a.stackPath && !strings.HasPrefix(p, a.stackPath+"/") {
		return
	}
	r.AddResourceDependency(a.settings, jsii.String("Lake Formation grants need the deploying role to be a data lake administrator"))
}
