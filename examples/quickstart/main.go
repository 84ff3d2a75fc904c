// Command quickstart synthesizes a small data mesh on embedded example values: a
// governance domain, one root domain with the Sales and Marketing units, a "CRM Master
// Data" producer project and a "Campaign Analytics" consumer project. No AWS account is
// needed: the account, Identity Center instance, VPC and subnets are examples.
//
//	go run ./examples/quickstart
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/nagpacks"
)

// Example values: replace them with your own.
const (
	account     = "111111111111"
	region      = "eu-west-1"
	idcInstance = "arn:aws:sso:::instance/ssoins-0123456789abcdef"
)

func main() {
	defer jsii.Close()
	// The CDK CLI passes its output directory in CDK_OUTDIR; on its own the example
	// writes to ./cdk.out.
	outdir := os.Getenv("CDK_OUTDIR")
	if outdir == "" {
		outdir = "cdk.out"
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	if err := datamesh.Catch(func() { build(app) }); err != nil {
		for _, p := range datamesh.Problems(err) {
			fmt.Fprintln(os.Stderr, p)
		}
		os.Exit(1)
	}
	asm := app.Synth(nil)
	dir, _ := filepath.Abs(*asm.Directory())
	fmt.Println("templates written to", dir)
}

// build defines the quickstart mesh in app.
func build(app awscdk.App) {
	env := &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)}
	stage := awscdk.NewStage(app, jsii.String("dev"), &awscdk.StageProps{Env: env})
	sso := &datamesh.Identity{IdentityCenterInstanceArn: jsii.String(idcInstance)}
	governanceTeam := datamesh.SsoGroup("data-governance")
	standards := datamesh.DefaultStandards()
	// Checks run per Stage: an aspect on the App does not reach into Stages.
	nagpacks.Apply(stage, &nagpacks.Options{Standards: standards})

	govStack := awscdk.NewStack(stage, jsii.String("Governance"), nil)
	gov := datamesh.NewGovernanceDomain(govStack, jsii.String("Governance"), &datamesh.GovernanceDomainProps{
		DomainName:      jsii.String("mesh-governance"),
		Description:     jsii.String("Mesh-wide standards: naming, data contracts, glossaries"),
		Identity:        sso,
		Owners:          []datamesh.Principal{governanceTeam},
		GlossaryAuthors: []datamesh.Principal{governanceTeam},
		Standards:       standards,
	})

	corpStack := awscdk.NewStack(stage, jsii.String("Corporate"), nil)
	corp := datamesh.NewRootDomain(corpStack, jsii.String("Corporate"), &datamesh.RootDomainProps{
		DomainName: jsii.String("corporate"),
		Identity:   sso,
		Governance: gov,
		Owners:     []datamesh.Principal{datamesh.SsoGroup("platform-team")},
		Tooling: &datamesh.ToolingOptions{
			S3Location: jsii.String("s3://amazon-sagemaker-" + account + "-" + region + "-corporate"),
			VpcId:      jsii.String("vpc-0123456789abcdef0"),
			SubnetIds:  []string{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210"},
		},
		Blueprints: []*datamesh.BlueprintOptions{
			{Blueprint: datamesh.BlueprintLakehouseCatalog},
			{Blueprint: datamesh.BlueprintDataLake},
			{Blueprint: datamesh.BlueprintRedshiftServerless},
		},
	})
	analytics := datamesh.NewProjectProfile(corp, jsii.String("SQLAnalytics"), &datamesh.ProjectProfileProps{
		Domain:      corp,
		Name:        jsii.String("SQL analytics"),
		Description: jsii.String("Query the lakehouse and Redshift; every environment but Tooling on demand"),
		Preset:      datamesh.PresetSQLAnalytics,
	})

	sales := datamesh.NewDomainUnit(corp, jsii.String("Sales"), &datamesh.DomainUnitProps{
		Parent: corp, Name: jsii.String("Sales"), Description: jsii.String("Customers, orders and the CRM"),
		Owners: []datamesh.Principal{datamesh.SsoGroup("sales-data-owners")},
	})
	marketing := datamesh.NewDomainUnit(corp, jsii.String("Marketing"), &datamesh.DomainUnitProps{
		Parent: corp, Name: jsii.String("Marketing"), Description: jsii.String("Campaigns and web analytics"),
		Owners: []datamesh.Principal{datamesh.SsoGroup("marketing-data-owners")},
	})
	for _, u := range []datamesh.DomainUnit{sales, marketing} {
		u.Grants().CreateProjects(datamesh.GrantToUnitOwners(u), []datamesh.IProjectProfile{analytics}, true)
	}

	datamesh.NewProject(corp, jsii.String("CrmMasterData"), &datamesh.ProjectProps{
		DomainUnit:  sales,
		Name:        jsii.String("CRM Master Data"),
		Description: jsii.String("Publishes the CRM customers as the governed master data product"),
		Profile:     analytics,
		Members: []*datamesh.Member{
			{Principal: datamesh.SsoUser("jane.doe@example.com"), Designation: datamesh.Owner},
			{Principal: datamesh.SsoGroup("sales-data-owners"), Designation: datamesh.Owner},
			{Principal: datamesh.SsoUser("sam.engineer@example.com"), Temporary: &datamesh.Temporary{Until: "2099-12-31", Reason: "set up the CRM ingestion"}},
		},
	})
	datamesh.NewProject(corp, jsii.String("CampaignAnalytics"), &datamesh.ProjectProps{
		DomainUnit:  marketing,
		Name:        jsii.String("Campaign Analytics"),
		Description: jsii.String("Measures campaigns against CRM customers"),
		Profile:     analytics,
		Members: []*datamesh.Member{
			{Principal: datamesh.SsoUser("max.mustermann@example.com"), Designation: datamesh.Owner},
			{Principal: datamesh.SsoGroup("marketing-analysts")},
		},
	})
}
