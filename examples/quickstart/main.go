// Command quickstart synthesizes a small data mesh on embedded example values: a
// governance domain, one root domain with the Sales and Marketing units, a "CRM Master
// Data" producer project with its data contract, and a "Campaign Analytics" consumer project
// that reads the CRM customers without their PII through Lake Formation. No AWS account is
// needed: the account, Identity Center instance, VPC and subnets are examples.
//
//	go run ./examples/quickstart
package main

import (
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/nagpacks"
	"github.com/smusmesh/smusmesh/stages"
)

// Example values: replace them with your own.
const (
	account     = "111111111111"
	region      = "eu-west-1"
	idcInstance = "arn:aws:sso:::instance/ssoins-0123456789abcdef"
)

// main synthesizes the mesh into ./cdk.out (or the CDK_OUTDIR the CDK CLI sets), prints
// every finding and where the templates and reports are on stderr, and exits 1 on a
// problem or an error-level finding.
func main() { stages.Run(build) }

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
		// No S3Location: the domain creates its Tooling bucket (KMS, versioned, TLS only).
		Tooling: &datamesh.ToolingOptions{
			VpcId:     jsii.String("vpc-0123456789abcdef0"),
			SubnetIds: []string{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210"},
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
		Description: jsii.String("Query the lakehouse and Redshift: Tooling and the Lakehouse Database with every project, the rest on demand"),
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

	// CRM Master Data: the producer of the CRM customers product, under its data contract.
	crm := datamesh.NewMasterDataProject(corp, jsii.String("CrmMasterData"), &datamesh.MasterDataProjectProps{
		DomainUnit:  sales,
		Source:      jsii.String("CRM"), // named "CRM Master Data" by the standards
		Description: jsii.String("Publishes the CRM customers as the governed master data product"),
		Profile:     analytics,
		DataOwners:  []datamesh.Principal{datamesh.SsoUser("jane.doe@example.com"), datamesh.SsoGroup("sales-data-owners")},
		Engineers: []*datamesh.Member{
			{Principal: datamesh.SsoUser("sam.engineer@example.com"), Temporary: &datamesh.Temporary{Until: "2099-12-31", Reason: "set up the CRM ingestion"}},
		},
		Contract: crmCustomersContract(),
		DataSource: &datamesh.GlueDataSourceOptions{
			DatabaseName: jsii.String("crm"),
			Schedule:     jsii.String("cron(0 2 * * ? *)"),
			Timezone:     jsii.String("CET"),
			// The project's Lakehouse connection is looked up at deploy time: one deploy.
		},
	})
	// Campaign Analytics reads the CRM customers without the PII column (email).
	campaigns := datamesh.NewProject(corp, jsii.String("CampaignAnalytics"), &datamesh.ProjectProps{
		DomainUnit:  marketing,
		Name:        jsii.String("Campaign Analytics"),
		Description: jsii.String("Measures campaigns against CRM customers"),
		Profile:     analytics,
		Members: []*datamesh.Member{
			{Principal: datamesh.SsoUser("max.mustermann@example.com"), Designation: datamesh.Owner},
			{Principal: datamesh.SsoGroup("marketing-analysts")},
		},
	})
	datamesh.NewDataProductAccess(corp, jsii.String("CampaignAnalyticsReadsCrmCustomers"), &datamesh.DataProductAccessProps{
		Consumer: campaigns,
		// The consumer's bring-your-own project role (example ARN).
		ConsumerRole: awsiam.Role_FromRoleArn(corpStack, jsii.String("CampaignAnalyticsRole"),
			jsii.String("arn:aws:iam::"+account+":role/campaign-analytics-project"), nil),
		Product: crm,
		Table:   jsii.String("customers"),
		Columns: []string{"customer_id", "country", "segment", "created_at"},
	})
}

// crmCustomersContract is the data contract of the CRM Master Data product.
func crmCustomersContract() *datacontract.Contract {
	return &datacontract.Contract{
		Name:        "CRM Customers",
		Version:     "1.0.0",
		Description: "Every customer of the company, as kept in the CRM",
		Owner:       "Head of Sales Operations",
		Steward:     "crm-data-stewards",
		Schema: datacontract.Schema{Tables: []datacontract.Table{{
			Name:         "customers",
			BusinessName: "Customers",
			Description:  "One row per customer",
			PrimaryKey:   []string{"customer_id"},
			Columns: []datacontract.Column{
				{Name: "customer_id", Type: "bigint", BusinessName: "Customer number"},
				{Name: "email", Type: "string", BusinessName: "E-mail address", PII: datacontract.ClassificationPII, Nullable: true},
				{Name: "country", Type: "string", BusinessName: "Country"},
				{Name: "segment", Type: "string", BusinessName: "Customer segment"},
				{Name: "created_at", Type: "timestamp", BusinessName: "Customer since"},
			},
		}}},
		QualityRules: []datacontract.Rule{
			datacontract.IsPrimaryKey("customers", "customer_id"),
			datacontract.ColumnValuesIn("customers", "segment", "SMB", "MID", "ENTERPRISE"),
			datacontract.DataFreshness("customers", "created_at", 24*time.Hour),
			datacontract.RowCountAbove("customers", 0),
		},
		FreshnessSLA:   "24h",
		Retention:      "7y",
		Classification: datacontract.ClassificationPII,
	}
}
