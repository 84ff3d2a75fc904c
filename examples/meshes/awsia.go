package main

import (
	_ "embed"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/nagpacks"
	"github.com/smusmesh/smusmesh/stages"
)

// The aws-ia Terraform module for SageMaker Unified Studio,
// github.com/aws-ia/terraform-aws-sagemaker-unified-studio (commit 457c2b3).

//go:embed aws-ia-quick-setup/mesh.yaml
var awsiaQuickSetupYAML []byte

// awsiaQuickSetup is examples/quick-setup with its terraform.tfvars.example: the domain
// (SSO, AUTOMATIC assignment), blueprints, profiles, project and the grant that lets
// every user create projects, all from aws-ia-quick-setup/mesh.yaml.
func awsiaQuickSetup(app awscdk.App) {
	stages.NewMeshStage(app, jsii.String("aws-ia-quick-setup"), &stages.MeshStageProps{
		Definition: parse("aws-ia-quick-setup/mesh.yaml", awsiaQuickSetupYAML),
		Settings: &stages.Settings{
			Account: "333333333333", Region: "us-west-2",
			IdentityCenterInstanceARN: "arn:aws:sso:::instance/ssoins-3333333333333333",
			Network: &stages.NetworkSettings{VPCID: "vpc-0c1b2c3d4e5f60001",
				SubnetIDs: []string{"subnet-0c1b2c3d4e5f60001", "subnet-0c1b2c3d4e5f60002"}},
		},
	})
}

// awsiaBYOR is examples/domain-management-and-bring-your-own-role as an IAM domain (the
// module's enable_sso default, false): the domain with roles it is given instead of
// creating them, ToolingLite with the VPC, the "Default Project Profile", a project made
// by its owners with its own execution role, the S3Bucket and S3TableCatalog environments
// provisioned by that role, and the domain management (ADMIN) project.
func awsiaBYOR(app awscdk.App) {
	const account, region = "444444444444", "us-west-2"
	stage := awscdk.NewStage(app, jsii.String("aws-ia-byor"), &awscdk.StageProps{
		Env: &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)}})
	nagpacks.Apply(stage, nil)
	stack := awscdk.NewStack(stage, jsii.String("MyUnifiedStudio"), nil)
	// Bring your own roles: the domain_execution_role_arn, domain_service_role_arn,
	// provisioning_role_arn and manage_access_role_arn variables of the root module.
	role := func(id, name string) awsiam.IRole {
		return awsiam.Role_FromRoleArn(stack, jsii.String(id), jsii.String("arn:aws:iam::"+account+":role/service-role/"+name), nil)
	}
	d := datamesh.NewBusinessDomain(stack, jsii.String("Domain"), &datamesh.BusinessDomainProps{
		DomainName:          "my-unified-studio",
		Description:         "SageMaker Unified Studio domain with BYOR default project profile",
		Identity:            &datamesh.Identity{Mode: datamesh.IdentityModeIAM},
		DomainExecutionRole: role("DomainExecutionRole", "AmazonSageMakerDomainExecution"),
		ServiceRole:         role("ServiceRole", "AmazonSageMakerDomainService"),
		ProvisioningRole:    role("ProvisioningRole", "AmazonSageMakerProvisioning-"+account),
		ManageAccessRole:    role("ManageAccessRole", "AmazonSageMakerManageAccess-"+region),
		Tooling: &datamesh.ToolingOptions{VPCID: "vpc-0d1b2c3d4e5f60001",
			SubnetIDs: []string{"subnet-0d1b2c3d4e5f60001", "subnet-0d1b2c3d4e5f60002"}},
		// modules/default-project-profile: S3Bucket and S3TableCatalog, configured without a
		// provisioning role (each project's execution role provisions them).
		Blueprints: []*datamesh.BlueprintOptions{{Blueprint: datamesh.BlueprintS3Bucket}, {Blueprint: datamesh.BlueprintS3TableCatalog}},
	})
	// modules/default-project-profile: ToolingLite on create at order 0, its S3 location
	// left to the project (editable, empty); the bucket name and catalog names are the
	// project's too (bucketName without a value, the others empty, as the module writes them).
	profile := datamesh.NewProjectProfile(d, jsii.String("DefaultProjectProfile"), &datamesh.ProjectProfileProps{
		Domain: d, Name: "Default Project Profile", Description: "Default project profile with tooling capabilities",
		Environments: []*datamesh.EnvironmentConfiguration{
			{Blueprint: datamesh.BlueprintToolingLite, Name: "ToolingLite", DeploymentMode: datamesh.DeploymentOnCreate,
				Parameters: []*datamesh.ParameterOverride{{Name: "s3BucketLocation", Value: ""}}},
			{Blueprint: datamesh.BlueprintS3Bucket, Name: "S3Bucket", DeploymentMode: datamesh.DeploymentOnDemand,
				Parameters: []*datamesh.ParameterOverride{{Name: "bucketName", NoValue: true}}},
			{Blueprint: datamesh.BlueprintS3TableCatalog, Name: "S3TableCatalog", DeploymentMode: datamesh.DeploymentOnDemand,
				Parameters: []*datamesh.ParameterOverride{{Name: "catalogName", Value: ""}, {Name: "databaseName", Value: ""}}},
		},
	})
	// modules/domain-management-portal: the domain management project (category ADMIN)
	// that provisions the bring-your-own-role projects; domain_admins are its owners.
	datamesh.NewProject(d, jsii.String("AdminProject"), &datamesh.ProjectProps{
		DomainUnit: d, Name: "admin-project-" + account, Description: "Manages the domain: projects, profiles, blueprints and members",
		Category: datamesh.ProjectCategoryAdmin,
		Members: []*datamesh.Member{
			{Principal: datamesh.IAMRole("arn:aws:iam::" + account + ":role/admin-role"), Designation: datamesh.DesignationOwner},
			{Principal: datamesh.IAMUser("arn:aws:iam::" + account + ":user/admin-user"), Designation: datamesh.DesignationOwner},
		},
	})
	// modules/policy-grant-create-project, all_users = true.
	d.Grants().CreateProjects(datamesh.GrantToAllUsers(), []datamesh.IProjectProfile{profile}, datamesh.ChildUnitsIncluded)
	// The project execution role the example creates when project_role_arn is not given:
	// trusted by the services a project uses, with SageMakerStudioUserIAMDefaultExecutionPolicy
	// and the right to pass itself to them.
	services := []string{"datazone", "sagemaker", "glue", "bedrock", "scheduler", "lakeformation",
		"airflow-serverless", "athena", "redshift", "emr-serverless"}
	var principals []awsiam.IPrincipal
	for _, s := range services {
		principals = append(principals, awsiam.NewServicePrincipal(jsii.String(s+".amazonaws.com"), nil))
	}
	trusted := awsiam.NewCompositePrincipal(principals...)
	sameAccount := &map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": account}}
	projectRole := awsiam.NewRole(stack, jsii.String("ProjectExecutionRole"), &awsiam.RoleProps{
		AssumedBy: trusted.WithConditions(sameAccount),
		ManagedPolicies: &[]awsiam.IManagedPolicy{
			awsiam.ManagedPolicy_FromAwsManagedPolicyName(jsii.String("SageMakerStudioUserIAMDefaultExecutionPolicy"))},
	})
	projectRole.AssumeRolePolicy().AddStatements(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:    jsii.Strings("sts:TagSession", "sts:SetContext", "sts:SetSourceIdentity"),
		Principals: &principals, Conditions: sameAccount,
	}))
	projectRole.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid: jsii.String("PassRole"), Actions: jsii.Strings("iam:PassRole"), Resources: &[]*string{projectRole.RoleArn()},
		Conditions: &map[string]any{"StringEquals": map[string]any{
			"iam:PassedToService": []string{"bedrock.amazonaws.com", "glue.amazonaws.com", "lakeformation.amazonaws.com",
				"sagemaker.amazonaws.com", "scheduler.amazonaws.com", "emr-serverless.amazonaws.com",
				"elasticmapreduce.amazonaws.com", "redshift.amazonaws.com", "airflow-serverless.amazonaws.com"}}},
	}))
	cdknag.NagSuppressions_AddResourceSuppressions(projectRole, &[]*cdknag.NagPackSuppression{{
		Id:        jsii.String("AwsSolutions-IAM4"),
		Reason:    jsii.String("SageMakerStudioUserIAMDefaultExecutionPolicy is the AWS managed policy of SMUS project execution roles in IAM domains, as the aws-ia example attaches it"),
		AppliesTo: &[]any{jsii.String("Policy::arn:<AWS::Partition>:iam::aws:policy/SageMakerStudioUserIAMDefaultExecutionPolicy")},
	}}, jsii.Bool(true))
	// modules/project with project_role (bring your own role) and modules/project-membership:
	// owners and contributors. An IAM domain has IAM principals only: the example's SSO
	// users and groups become IAM roles and users here.
	datamesh.NewProject(d, jsii.String("MyBYORProject"), &datamesh.ProjectProps{
		DomainUnit: d, Name: "my-byor-project", Description: "BYOR project created with Terraform for SageMaker Unified Studio",
		Profile: profile, ExecutionRole: projectRole,
		Members: []*datamesh.Member{
			{Principal: datamesh.IAMRole("arn:aws:iam::" + account + ":role/data-team-owner"), Designation: datamesh.DesignationOwner},
			{Principal: datamesh.IAMUser("arn:aws:iam::" + account + ":user/contributor"), Designation: datamesh.DesignationContributor},
		},
	})
}
