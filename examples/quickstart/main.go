// Command quickstart synthesizes a small data mesh on embedded example values: a
// governance domain, one root domain with the Sales and Marketing units, a "CRM Master
// Data" producer project in Sales and a "Web Analytics Master Data" producer in Marketing,
// each with its data contract, and a "Campaign Analytics" consumer project in Marketing
// that reads the CRM customers and the consented page views without their PII through
// Lake Formation. No AWS account is
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
func main() { stages.Run(func(app awscdk.App) { build(app, variation{}) }) }

// build defines the quickstart mesh in app; main passes the zero variation (tests pass
// others, see variation.go).
func build(app awscdk.App, v variation) {
	m := &mesh{}
	env := &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)}
	stage := awscdk.NewStage(app, jsii.String("dev"), &awscdk.StageProps{Env: env})
	sso := &datamesh.Identity{IdentityCenterInstanceARN: idcInstance}
	governanceTeam := datamesh.SSOGroup("data-governance")
	standards := datamesh.DefaultStandards()
	// Checks run per Stage: an aspect on the App does not reach into Stages.
	if !v.skipNag {
		nagpacks.Apply(stage, &nagpacks.Options{Standards: standards})
	}

	govStack := awscdk.NewStack(stage, jsii.String("Governance"), nil)
	gov := datamesh.NewGovernanceDomain(govStack, jsii.String("Governance"), &datamesh.GovernanceDomainProps{
		DomainName:      "mesh-governance",
		Description:     "Mesh-wide standards: naming, data contracts, glossaries",
		Identity:        sso,
		Owners:          []datamesh.Principal{governanceTeam},
		GlossaryAuthors: []datamesh.Principal{governanceTeam},
		Standards:       standards,
	})

	corpStack := awscdk.NewStack(stage, jsii.String("Corporate"), nil)
	m.CorpStack = corpStack
	corp := datamesh.NewBusinessDomain(corpStack, jsii.String("Corporate"), edit(v.corp, m, &datamesh.BusinessDomainProps{
		DomainName: "corporate",
		Identity:   sso,
		Governance: gov,
		Owners:     []datamesh.Principal{datamesh.SSOGroup("platform-team")},
		// No S3Location: the domain creates its Tooling bucket (KMS, versioned, TLS only).
		Tooling: &datamesh.ToolingOptions{
			VPCID:     "vpc-0123456789abcdef0",
			SubnetIDs: []string{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210"},
		},
		Blueprints: []*datamesh.BlueprintOptions{
			{Blueprint: datamesh.BlueprintLakehouseCatalog},
			{Blueprint: datamesh.BlueprintDataLake},
			{Blueprint: datamesh.BlueprintRedshiftServerless},
		},
	}))
	m.Corp = corp
	analytics := datamesh.NewProjectProfile(corp, jsii.String("SQLAnalytics"), edit(v.profile, m, &datamesh.ProjectProfileProps{
		Domain:      corp,
		Name:        "SQL analytics",
		Description: "Query the lakehouse and Redshift: Tooling and the Lakehouse Database with every project, the rest on demand",
		Preset:      datamesh.PresetSQLAnalytics,
	}))
	m.Analytics = analytics
	profiles := []datamesh.IProjectProfile{analytics}
	if v.profiles != nil {
		profiles = append(profiles, v.profiles(m)...)
	}

	sales := datamesh.NewDomainUnit(corp, jsii.String("Sales"), edit(v.sales, m, &datamesh.DomainUnitProps{
		Parent: corp, Name: "Sales", Description: "Customers, orders and the CRM",
		Owners: []datamesh.Principal{datamesh.SSOGroup("sales-data-owners")},
	}))
	marketing := datamesh.NewDomainUnit(corp, jsii.String("Marketing"), &datamesh.DomainUnitProps{
		Parent: corp, Name: "Marketing", Description: "Campaigns and web analytics",
		Owners: []datamesh.Principal{datamesh.SSOGroup("marketing-data-owners")},
	})
	m.Sales, m.Marketing = sales, marketing
	for _, u := range []datamesh.DomainUnit{sales, marketing} {
		u.Grants().CreateProjects(datamesh.GrantToUnitOwners(u), profiles, datamesh.ChildUnitsIncluded)
	}

	// CRM Master Data: the producer of the CRM customers product, under its data contract.
	crm := datamesh.NewMasterDataProject(corp, jsii.String("CrmMasterData"), edit(v.crm, m, &datamesh.MasterDataProjectProps{
		DomainUnit:  sales,
		Source:      "CRM", // named "CRM Master Data" by the standards
		Description: "Publishes the CRM customers as the governed master data product",
		Profile:     analytics,
		DataOwners:  []datamesh.Principal{datamesh.SSOUser("jane.doe@example.com"), datamesh.SSOGroup("sales-data-owners")},
		Engineers: []*datamesh.Member{
			{Principal: datamesh.SSOUser("sam.engineer@example.com"), Temporary: &datamesh.Temporary{Until: "2099-12-31", Reason: "set up the CRM ingestion"}},
		},
		Contract: crmCustomersContract(),
		DataSource: &datamesh.GlueDataSourceOptions{
			DatabaseName: "crm",
			Schedule:     "cron(0 2 * * ? *)",
			Timezone:     "CET",
			// The project's Lakehouse connection is looked up at deploy time: one deploy.
		},
	}))
	m.Crm = crm
	// Campaign Analytics reads the CRM customers without the PII column (email).
	campaigns := datamesh.NewProject(corp, jsii.String("CampaignAnalytics"), edit(v.campaign, m, &datamesh.ProjectProps{
		DomainUnit:  marketing,
		Name:        "Campaign Analytics",
		Description: "Measures campaigns against CRM customers",
		Profile:     analytics,
		Members: []*datamesh.Member{
			{Principal: datamesh.SSOUser("max.mustermann@example.com"), Designation: datamesh.DesignationOwner},
			{Principal: datamesh.SSOGroup("marketing-analysts")},
		},
	}))
	m.Campaigns = campaigns
	// The consumer's bring-your-own project role (example ARN).
	campaignsRole := awsiam.Role_FromRoleArn(corpStack, jsii.String("CampaignAnalyticsRole"),
		jsii.String("arn:aws:iam::"+account+":role/campaign-analytics-project"), nil)
	datamesh.NewDataProductAccess(corp, jsii.String("CampaignAnalyticsReadsCrmCustomers"), &datamesh.DataProductAccessProps{
		Consumer:     campaigns,
		ConsumerRole: campaignsRole,
		Product:      crm,
		Table:        "customers",
		Columns:      []string{"customer_id", "country", "segment", "created_at"},
	})

	// Web Analytics Master Data: marketing's own product, the page views of the web shop.
	web := datamesh.NewMasterDataProject(corp, jsii.String("WebAnalyticsMasterData"), &datamesh.MasterDataProjectProps{
		DomainUnit:  marketing,
		Source:      "Web Analytics", // named "Web Analytics Master Data"
		Description: "Publishes the page views of the web shop as the governed web analytics product",
		Profile:     analytics,
		DataOwners:  []datamesh.Principal{datamesh.SSOGroup("marketing-data-owners")},
		Contract:    webAnalyticsContract(),
		DataSource: &datamesh.GlueDataSourceOptions{
			DatabaseName: "web_analytics",
			Schedule:     "cron(0 3 * * ? *)",
			Timezone:     "CET",
		},
	})
	// Campaign Analytics queries the page views of visitors who consented, without their IP address.
	datamesh.NewDataProductAccess(corp, jsii.String("CampaignAnalyticsReadsPageViews"), &datamesh.DataProductAccessProps{
		Consumer:     campaigns,
		ConsumerRole: campaignsRole,
		Product:      web,
		Table:        "page_views",
		Columns:      []string{"view_id", "page", "campaign", "viewed_at"},
		RowFilter:    "consent = true",
	})
	if v.more != nil {
		v.more(m)
	}
}

// webAnalyticsContract is the data contract of the Web Analytics Master Data product.
func webAnalyticsContract() *datacontract.Contract {
	return &datacontract.Contract{
		Name:        "Web Analytics Page Views",
		Version:     "1.0.0",
		Description: "Every page view of the web shop",
		Owner:       "Head of Digital Marketing",
		Steward:     "web-analytics-stewards",
		Schema: datacontract.Schema{Tables: []datacontract.Table{{
			Name:         "page_views",
			BusinessName: "Page views",
			Description:  "One row per page view",
			PrimaryKey:   []string{"view_id"},
			Columns: []datacontract.Column{
				{Name: "view_id", Type: "string", BusinessName: "Page view ID"},
				{Name: "page", Type: "string", BusinessName: "Page"},
				{Name: "campaign", Type: "string", BusinessName: "Campaign", Nullable: true},
				{Name: "ip_address", Type: "string", BusinessName: "Visitor IP address", PII: datacontract.ClassificationPII},
				{Name: "consent", Type: "boolean", BusinessName: "Analytics consent given"},
				{Name: "viewed_at", Type: "timestamp", BusinessName: "Viewed at"},
			},
		}}},
		QualityRules: []datacontract.Rule{
			datacontract.IsPrimaryKey("page_views", "view_id"),
			datacontract.DataFreshness("page_views", "viewed_at", 24*time.Hour),
			datacontract.RowCountAbove("page_views", 0),
		},
		FreshnessSLA:   "24h",
		Retention:      "2y",
		Classification: datacontract.ClassificationPII,
	}
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
