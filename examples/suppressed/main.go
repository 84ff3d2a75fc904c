// Command suppressed is the brokenrule mesh with its finding suppressed, the way the
// README shows: the MLflow tracking server ON_CREATE is approved for this one profile, so
// DataMesh-CostlyBlueprintOnCreate is suppressed on it, with the reason, and the run
// passes. The suppression is recorded in the template and in the findings report.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/nagpacks"
	"github.com/smusmesh/smusmesh/stages"
)

func main() { stages.Run(build) }

func build(app awscdk.App) {
	stage := awscdk.NewStage(app, jsii.String("dev"), &awscdk.StageProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
	})
	nagpacks.Apply(stage, nil)
	stack := awscdk.NewStack(stage, jsii.String("Ml"), nil)
	d := datamesh.NewBusinessDomain(stack, jsii.String("Ml"), &datamesh.BusinessDomainProps{
		DomainName: "ml",
		Identity:   &datamesh.Identity{IdentityCenterInstanceARN: "arn:aws:sso:::instance/ssoins-0123456789abcdef"},
		Tooling: &datamesh.ToolingOptions{
			S3Location: "s3://amazon-sagemaker-111111111111-eu-west-1-ml",
			VPCID:      "vpc-0123456789abcdef0",
			SubnetIDs:  []string{"subnet-0123456789abcdef0"},
		},
		Blueprints: []*datamesh.BlueprintOptions{{Blueprint: datamesh.BlueprintMLExperiments}},
	})
	profile := datamesh.NewProjectProfile(d, jsii.String("Ml"), &datamesh.ProjectProfileProps{
		Domain: d, Name: "Shared MLflow",
		Environments: []*datamesh.EnvironmentConfiguration{
			{Blueprint: datamesh.BlueprintMLExperiments, DeploymentMode: datamesh.DeploymentOnCreate},
		},
	})
	cdknag.NagSuppressions_AddResourceSuppressions(profile, &[]*cdknag.NagPackSuppression{{
		Id:        jsii.String("DataMesh-CostlyBlueprintOnCreate"),
		Reason:    jsii.String("The ML platform team runs one shared MLflow server on purpose; cost approved in FIN-123"),
		AppliesTo: &[]any{jsii.String("MLExperiments")}, // only this environment configuration
	}}, jsii.Bool(true))
}
