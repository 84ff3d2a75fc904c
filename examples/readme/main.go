// Command readme is the mesh of the README, "A mesh in 20 lines": one domain with its
// blueprints, an SQL analytics profile, the Sales unit and its Orders project. The README
// shows this file as it is; a test keeps the two equal.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/nagpacks"
	"github.com/smusmesh/smusmesh/stages"
)

// Example values: replace them with your own.
var (
	env     = &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")}
	idcArn  = "arn:aws:sso:::instance/ssoins-0123456789abcdef"
	vpc     = "vpc-0123456789abcdef0"
	subnets = []string{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210"}
)

// main writes the templates to ./cdk.out (or the CDK_OUTDIR the CDK CLI sets), prints the
// findings and where everything is, and exits 1 on an error-level finding.
func main() { stages.Run(build) }

func build(app awscdk.App) {
	dev := awscdk.NewStage(app, jsii.String("dev"), &awscdk.StageProps{Env: env})
	nagpacks.Apply(dev, nil) // AwsSolutions + DataMesh + registry schemas, per Stage
	stack := awscdk.NewStack(dev, jsii.String("Corporate"), nil)
	corp := datamesh.NewBusinessDomain(stack, jsii.String("Corporate"), &datamesh.BusinessDomainProps{
		DomainName: "corporate",
		Identity:   &datamesh.Identity{IdentityCenterInstanceARN: idcArn},
		Tooling:    &datamesh.ToolingOptions{VPCID: vpc, SubnetIDs: subnets}, // creates the Tooling bucket
		Blueprints: []*datamesh.BlueprintOptions{{Blueprint: datamesh.BlueprintLakehouseCatalog},
			{Blueprint: datamesh.BlueprintDataLake}, {Blueprint: datamesh.BlueprintRedshiftServerless}},
	})
	sql := datamesh.NewProjectProfile(corp, jsii.String("Sql"), &datamesh.ProjectProfileProps{
		Domain: corp, Name: "SQL analytics", Preset: datamesh.PresetSQLAnalytics})
	sales := datamesh.NewDomainUnit(corp, jsii.String("Sales"), &datamesh.DomainUnitProps{
		Parent: corp, Name: "Sales", Owners: []datamesh.Principal{datamesh.SSOGroup("sales-owners")}})
	sales.Grants().CreateProjects(datamesh.GrantToUnitOwners(sales), []datamesh.IProjectProfile{sql}, datamesh.ChildUnitsIncluded)
	datamesh.NewProject(corp, jsii.String("Orders"), &datamesh.ProjectProps{DomainUnit: sales,
		Name: "Orders", Description: "Order facts", Profile: sql,
		Members: []*datamesh.Member{{Principal: datamesh.SSOUser("jane@example.com"), Designation: datamesh.DesignationOwner}}})
}
