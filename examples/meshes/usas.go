package main

import (
	_ "embed"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/stages"
)

// AWS's SageMaker Unified Studio samples, github.com/aws/Unified-Studio-for-Amazon-Sagemaker
// (commit 9f6fee4): cloudformation/domain/create_project_profiles.yaml,
// cloudformation/project/create_project.yaml, terraform/examples/{single-account,multi-account}.

//go:embed usas/mesh.yaml
var usasYAML []byte

// usasSettings are the sample's parameters: one account, its VPC and subnets, the Identity
// Center instance (SingleSignOn IAM_IDC).
func usasSettings() *stages.Settings {
	return &stages.Settings{
		Account: "111111111111", Region: "us-east-1",
		IdentityCenterInstanceARN: "arn:aws:sso:::instance/ssoins-1111111111111111",
		Network: &stages.NetworkSettings{VPCID: "vpc-0a1b2c3d4e5f60001",
			SubnetIDs: []string{"subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"}},
	}
}

// usas is the single-account sample: the domain, blueprints, profiles and projects from
// usas/mesh.yaml; in Go the grant that lets every user create projects from two of the
// profiles, and the acknowledgment of AWS's Redshift workgroup on create.
func usas(app awscdk.App) {
	m := stages.NewMeshStage(app, jsii.String("usas"), &stages.MeshStageProps{
		Definition: parse("usas/mesh.yaml", usasYAML), Settings: usasSettings()})
	usasGrant(m)
}

// usasMultiAccount is the multi-account sample: the same domain, its blueprint roles,
// bucket and configurations (with their grants) in the associated account, whose RAM
// share that account accepts (no AWS Organization), and every profile's environments
// there.
func usasMultiAccount(app awscdk.App) {
	def := parse("usas/mesh.yaml", usasYAML)
	for _, p := range def.Domains[0].Profiles {
		if !p.NoEnvironments { // the model governance profile deploys nothing anywhere
			p.RunsIn = "alternate"
		}
	}
	// The Terraform sample's project (module sample_project) is made from All
	// capabilities, without user parameters or connections.
	for _, p := range def.Domains[0].Projects {
		if p.Name == "DeployedProjectV2" {
			p.Profile, p.UserParameters, p.Connections = "All capabilities", nil, nil
		}
	}
	s := usasSettings()
	s.Associated = map[string][]*stages.AssociatedAccount{"usas": {{
		Name: "alternate", Account: "222222222222", External: true,
		Network: &stages.NetworkSettings{VPCID: "vpc-0b1b2c3d4e5f60001",
			SubnetIDs: []string{"subnet-0b1b2c3d4e5f60001", "subnet-0b1b2c3d4e5f60002"}},
	}}}
	m := stages.NewMeshStage(app, jsii.String("usas-multi-account"), &stages.MeshStageProps{Definition: def, Settings: s})
	usasGrant(m)
}

// usasGrant lets every user create projects from SQL analytics and All capabilities in
// the root unit and its children, as Terraform's project_profile_policy_grant does (the
// CloudFormation sample grants the GenAI profile too); projectCreators in the file would
// grant every profile of the domain. The DataMesh rules reject a grant to all users in a
// production stage.
//
// AWS's two profiles deploy a Redshift Serverless workgroup with every project. The
// DataMesh rules refuse a costly blueprint ON_CREATE; the rewrite keeps AWS's choice and
// says why, on exactly those environments.
func usasGrant(m *stages.MeshStage) {
	profiles := []datamesh.IProjectProfile{m.Profile("usas", "SQL analytics"), m.Profile("usas", "All capabilities")}
	m.Domain("usas").Grants().CreateProjects(datamesh.GrantToAllUsers(), profiles, datamesh.ChildUnitsIncluded)
	for _, pp := range profiles {
		cdknag.NagSuppressions_AddResourceSuppressions(pp, &[]*cdknag.NagPackSuppression{{
			Id:        jsii.String("DataMesh-CostlyBlueprintOnCreate"),
			Reason:    jsii.String("AWS's sample profile deploys Redshift Serverless with every project (create_project_profiles.yaml); kept as written"),
			AppliesTo: &[]any{jsii.String("Redshift Serverless"), jsii.String("RedshiftServerless")},
		}}, jsii.Bool(true))
	}
}
