// Command brokenrule is a mesh that breaks a DataMesh rule on purpose: its project
// profile deploys the MLflow tracking server (MLExperiments) ON_CREATE, in every project.
// `go run ./examples/brokenrule` and `cdk synth '**' --app 'go run ./examples/brokenrule'`
// must fail with DataMesh-CostlyBlueprintOnCreate. CI runs it; it is kept out of the
// quickstart.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

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
	stack := awscdk.NewStack(stage, jsii.String("Costly"), nil)
	d := datamesh.NewBusinessDomain(stack, jsii.String("Costly"), &datamesh.BusinessDomainProps{
		DomainName: "costly",
		Identity:   &datamesh.Identity{IdentityCenterInstanceARN: "arn:aws:sso:::instance/ssoins-0123456789abcdef"},
		Tooling: &datamesh.ToolingOptions{
			S3Location: "s3://amazon-sagemaker-111111111111-eu-west-1-costly",
			VPCID:      "vpc-0123456789abcdef0",
			SubnetIDs:  []string{"subnet-0123456789abcdef0"},
		},
		Blueprints: []*datamesh.BlueprintOptions{{Blueprint: datamesh.BlueprintMLExperiments}},
	})
	datamesh.NewProjectProfile(d, jsii.String("Ml"), &datamesh.ProjectProfileProps{
		Domain: d, Name: "ML for everyone",
		Environments: []*datamesh.EnvironmentConfiguration{
			{Blueprint: datamesh.BlueprintMLExperiments, DeploymentMode: datamesh.DeploymentOnCreate},
		},
	})
}
