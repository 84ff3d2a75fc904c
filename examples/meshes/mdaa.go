package main

import (
	_ "embed"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/stages"
)

// MDAA's SMUS data mesh starter kit, github.com/aws/modern-data-architecture-accelerator
// (commit 7414432), starter_kits/smus_data_mesh.

//go:embed mdaa-smus-data-mesh/mesh.yaml
var mdaaYAML []byte

// mdaa is the starter kit: the mesh from mdaa-smus-data-mesh/mesh.yaml and mdaa.yaml's
// context as settings (the enterprise account with the domain, the team1 and team2
// accounts associated with it inside the AWS Organization, a VPC per account).
func mdaa(app awscdk.App) {
	const enterprise, region = "555555555555", "us-east-1"
	network := func(n string) *stages.NetworkSettings {
		return &stages.NetworkSettings{VPCID: "vpc-0e1b2c3d4e5f6000" + n,
			SubnetIDs: []string{"subnet-0e1b2c3d4e5f6" + n + "01", "subnet-0e1b2c3d4e5f6" + n + "02"}}
	}
	m := stages.NewMeshStage(app, jsii.String("mdaa-smus-data-mesh"), &stages.MeshStageProps{
		Definition: parse("mdaa-smus-data-mesh/mesh.yaml", mdaaYAML),
		Settings: &stages.Settings{
			Account: enterprise, Region: region,
			IdentityCenterInstanceARN: "arn:aws:sso:::instance/ssoins-5555555555555555",
			Network:                   network("1"),
			// smus-domains.yaml associatedAccounts: team1 and team2, each with its own
			// Tooling network (inside the organization: RAM associates automatically).
			Associated: map[string][]*stages.AssociatedAccount{"domain1": {
				{Name: "team1", Account: "222222222222", Network: network("2")},
				{Name: "team2", Account: "333333333333", Network: network("3")},
			}},
			// lakeformation-settings.yaml: the data-admin role and the CDK role
			// (createCdkLFAdmin) are data lake administrators, appended to the account's.
			LakeFormationAdmins: &stages.LakeFormationAdminSettings{Admins: []string{
				"arn:aws:iam::" + enterprise + ":role/mdaa-dev-ent-com-roles-data-admin",
				"arn:aws:iam::" + enterprise + ":role/cdk-hnb659fds-cfn-exec-role-" + enterprise + "-" + region,
			}},
		},
	})
	// smus-project-profiles.yaml deploys the DynamoDB table with every project, as the
	// kit means to (on-demand billing costs nothing while idle); the DataMesh rules prefer
	// ON_DEMAND, so the rewrite says why, on exactly that environment.
	for _, name := range []string{"enterprise-profile", "team1-profile", "team2-profile"} {
		cdknag.NagSuppressions_AddResourceSuppressions(m.Profile("domain1", name), &[]*cdknag.NagPackSuppression{{
			Id:        jsii.String("DataMesh-BlueprintOnCreate"),
			Reason:    jsii.String("MDAA's starter kit gives every project its DynamoDB table (pay per request: no cost while idle)"),
			AppliesTo: &[]any{jsii.String("ddb-table")},
		}}, jsii.Bool(true))
	}
}
