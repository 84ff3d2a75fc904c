package datamesh_test

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// A root domain with one unit and one project. Every member becomes a standalone
// ProjectMembership, and every principal gets one user or group profile (one more user
// profile is the domain's grant provider role, which keeps the policy grants).
func Example() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Corporate"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
	})
	corp := datamesh.NewBusinessDomain(stack, jsii.String("Corporate"), &datamesh.BusinessDomainProps{
		DomainName: "corporate",
		Identity:   &datamesh.Identity{IdentityCenterInstanceARN: "arn:aws:sso:::instance/ssoins-0123456789abcdef"},
		Tooling: &datamesh.ToolingOptions{
			S3Location: "s3://amazon-sagemaker-111111111111-eu-west-1-corporate",
			VPCID:      "vpc-0123456789abcdef0",
			SubnetIDs:  []string{"subnet-0123456789abcdef0"},
		},
		Blueprints: []*datamesh.BlueprintOptions{{Blueprint: datamesh.BlueprintLakehouseCatalog}},
	})
	profile := datamesh.NewProjectProfile(corp, jsii.String("Basic"), &datamesh.ProjectProfileProps{
		Domain: corp, Name: "Basic",
	})
	sales := datamesh.NewDomainUnit(corp, jsii.String("Sales"), &datamesh.DomainUnitProps{
		Parent: corp, Name: "Sales", Owners: []datamesh.Principal{datamesh.SSOGroup("sales-owners")},
	})
	datamesh.NewProject(corp, jsii.String("Orders"), &datamesh.ProjectProps{
		DomainUnit: sales, Name: "Orders", Profile: profile,
		Members: []*datamesh.Member{
			{Principal: datamesh.SSOUser("jane@example.com"), Designation: datamesh.DesignationOwner},
			{Principal: datamesh.SSOGroup("analysts")},
		},
	})
	tpl := assertions.Template_FromStack(stack, nil)
	for _, typ := range []string{"Domain", "DomainUnit", "Project", "ProjectMembership", "UserProfile", "GroupProfile"} {
		fmt.Printf("%s: %d\n", typ, len(*tpl.FindResources(jsii.String("AWS::DataZone::"+typ), nil)))
	}
	// Output:
	// Domain: 1
	// DomainUnit: 1
	// Project: 1
	// ProjectMembership: 2
	// UserProfile: 2
	// GroupProfile: 2
}

// Validate reports every problem of a definition at once, before anything is built.
func ExampleProjectProps_Validate() {
	props := &datamesh.ProjectProps{
		Name: "orders!",
		Members: []*datamesh.Member{
			{Principal: datamesh.SSOUser("jane"), Designation: datamesh.DesignationOwner},
			{Principal: datamesh.SSOUser("jane"), Designation: datamesh.DesignationContributor},
		},
	}
	for _, p := range problem.All(props.Validate()) {
		fmt.Println(p)
	}
	// Output:
	// smusmesh: Project: DomainUnit: missing required prop: set the DomainUnit (or BusinessDomain) the project lives in
	// smusmesh: Project: Profile: missing required prop: set the project profile the project is created from
	// smusmesh: Project: Name "orders!": invalid name: must match ^[\w -]+$: letters, digits, underscore, space and hyphen only
	// smusmesh: Project: Members[1] "SSO_USER:jane": member conflict: also Members[0] as PROJECT_OWNER: a member has one designation; keep the one you mean
}

// LineageDiagram shows which projects derive from which Master Data products.
func ExampleLineageDiagram() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Corporate"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
	})
	corp := datamesh.NewBusinessDomain(stack, jsii.String("Corporate"), &datamesh.BusinessDomainProps{
		DomainName: "corporate",
		Identity:   &datamesh.Identity{IdentityCenterInstanceARN: "arn:aws:sso:::instance/ssoins-0123456789abcdef"},
		Tooling: &datamesh.ToolingOptions{S3Location: "s3://amazon-sagemaker-111111111111-eu-west-1-corporate",
			VPCID: "vpc-0123456789abcdef0", SubnetIDs: []string{"subnet-0123456789abcdef0"}},
		Blueprints: []*datamesh.BlueprintOptions{{Blueprint: datamesh.BlueprintDataLake}},
	})
	// The Master Data project's data source publishes through the Lakehouse connection
	// that the DataLake environment creates with every project.
	profile := datamesh.NewProjectProfile(corp, jsii.String("Lakehouse"), &datamesh.ProjectProfileProps{Domain: corp, Name: "Lakehouse",
		Environments: []*datamesh.EnvironmentConfiguration{{Blueprint: datamesh.BlueprintDataLake, DeploymentMode: datamesh.DeploymentOnCreate}}})
	crm := datamesh.NewMasterDataProject(corp, jsii.String("Crm"), &datamesh.MasterDataProjectProps{
		DomainUnit: corp, Source: "CRM", Profile: profile,
		DataOwners: []datamesh.Principal{datamesh.SSOGroup("crm-owners")},
		Contract: &datacontract.Contract{Name: "CRM Customers", Owner: "crm-owners", FreshnessSLA: "24h",
			Schema: datacontract.Schema{Tables: []datacontract.Table{{Name: "customers",
				Columns: []datacontract.Column{{Name: "customer_id", Type: "bigint"}, {Name: "country", Type: "string"}}}}},
			QualityRules: []datacontract.Rule{datacontract.IsComplete("customers", "customer_id")}},
		DataSource: &datamesh.GlueDataSourceOptions{DatabaseName: "crm"},
	})
	for _, name := range []string{"Campaign Analytics", "Churn Model"} {
		consumer := datamesh.NewProject(corp, jsii.String(strings.ReplaceAll(name, " ", "")), &datamesh.ProjectProps{
			DomainUnit: corp, Name: name, Profile: profile})
		datamesh.NewDataProductAccess(corp, jsii.String(strings.ReplaceAll(name, " ", "")+"ReadsCrm"), &datamesh.DataProductAccessProps{
			Consumer: consumer, Product: crm, Table: "customers",
			ConsumerRole: awsiam.Role_FromRoleArn(stack, jsii.String(strings.ReplaceAll(name, " ", "")+"Role"),
				jsii.String("arn:aws:iam::111111111111:role/consumer"), nil),
		})
	}
	fmt.Print(datamesh.LineageDiagram(crm))
	// Output:
	// flowchart LR
	//   n1[("CRM Master Data")]
	//   n2["Campaign Analytics"] -->|derives from| n1
	//   n3["Churn Model"] -->|derives from| n1
}

// The shapes AWS ships beyond the plain project: a blueprint the library has no constant
// for (any managed blueprint by its service name), a custom blueprint from a CloudFormation
// template of your own, a ToolingLite profile whose projects bring their own execution
// role, a profile without environments (model governance), and the domain management
// project (category ADMIN).
func ExampleCustomBlueprintOptions() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Corporate"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
	})
	corp := datamesh.NewBusinessDomain(stack, jsii.String("Corporate"), &datamesh.BusinessDomainProps{
		DomainName: "corporate",
		Identity:   &datamesh.Identity{IdentityCenterInstanceARN: "arn:aws:sso:::instance/ssoins-0123456789abcdef"},
		Tooling: &datamesh.ToolingOptions{
			S3Location: "s3://amazon-sagemaker-111111111111-eu-west-1-corporate",
			VPCID:      "vpc-0123456789abcdef0",
			SubnetIDs:  []string{"subnet-0123456789abcdef0"},
		},
		Blueprints: []*datamesh.BlueprintOptions{
			{Blueprint: datamesh.BlueprintToolingLite},
			{Blueprint: datamesh.BlueprintS3Bucket},
			{Blueprint: "EmrOnEks", Parameters: map[string]string{"eksClusterArn": "arn:aws:eks:eu-west-1:111111111111:cluster/spark"}},
		},
		CustomBlueprints: []*datamesh.CustomBlueprintOptions{{
			Name:           "Team bucket",
			TemplateURL:    "https://amazon-sagemaker-111111111111-eu-west-1-corporate.s3.eu-west-1.amazonaws.com/blueprints/team-bucket.yaml",
			UserParameters: []*datamesh.CustomBlueprintParameter{{Name: "bucketPrefix", Default: "team"}},
		}},
	})
	byor := datamesh.NewProjectProfile(corp, jsii.String("Byor"), &datamesh.ProjectProfileProps{
		Domain: corp, Name: "Default Project Profile",
		Environments: []*datamesh.EnvironmentConfiguration{
			{Blueprint: datamesh.BlueprintToolingLite},
			{Blueprint: datamesh.BlueprintS3Bucket},
			{Blueprint: "Team bucket"},
		},
	})
	governance := datamesh.NewProjectProfile(corp, jsii.String("Governance"), &datamesh.ProjectProfileProps{
		Domain: corp, Name: "Generative AI model governance", NoEnvironments: true,
	})
	datamesh.NewProject(corp, jsii.String("Team"), &datamesh.ProjectProps{
		DomainUnit: corp, Name: "team", Profile: byor,
		ExecutionRole: awsiam.Role_FromRoleName(stack, jsii.String("TeamRole"), jsii.String("team-project-role"), nil),
	})
	datamesh.NewProject(corp, jsii.String("ModelGovernance"), &datamesh.ProjectProps{
		DomainUnit: corp, Name: "GenerativeAIModelGovernanceProject", Profile: governance,
	})
	datamesh.NewProject(corp, jsii.String("Admin"), &datamesh.ProjectProps{
		DomainUnit: corp, Name: "admin-project-111111111111", Category: datamesh.ProjectCategoryAdmin,
		Members: []*datamesh.Member{{Principal: datamesh.SSOGroup("domain-admins"), Designation: datamesh.DesignationOwner}},
	})
	tpl := assertions.Template_FromStack(stack, nil)
	for _, typ := range []string{"AWS::DataZone::EnvironmentBlueprintConfiguration", "Custom::SmusmeshCustomBlueprint", "AWS::DataZone::ProjectProfile", "AWS::DataZone::Project"} {
		fmt.Printf("%s: %d\n", typ, len(*tpl.FindResources(jsii.String(typ), nil)))
	}
	// Output:
	// AWS::DataZone::EnvironmentBlueprintConfiguration: 4
	// Custom::SmusmeshCustomBlueprint: 1
	// AWS::DataZone::ProjectProfile: 2
	// AWS::DataZone::Project: 3
}

// A consumer in another app (and business domain) reads a product that the sales domain
// publishes: the product is imported with its contract, against which the read is checked.
func ExampleDataProductFromAttributes() {
	app := awscdk.NewApp(nil)
	// The stack is in the account whose Glue Data Catalog holds the product's tables: Lake
	// Formation grants are made there, here to a role of the consumer's account.
	stack := awscdk.NewStack(app, jsii.String("MarketingReads"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
	})
	crm := datamesh.DataProductFromAttributes(stack, jsii.String("Crm"), &datamesh.DataProductAttributes{
		DomainName: "sales", ProjectName: "CRM Master Data", DatabaseName: "crm",
		Contract: &datacontract.Contract{Name: "CRM Customers", Owner: "crm-owners", FreshnessSLA: "24h",
			Schema: datacontract.Schema{Tables: []datacontract.Table{{Name: "customers", Columns: []datacontract.Column{
				{Name: "customer_id", Type: "bigint"}, {Name: "email", Type: "string", PII: datacontract.ClassificationPII}, {Name: "country", Type: "string"}}}}}},
	})
	marketing := datamesh.BusinessDomainFromAttributes(stack, jsii.String("Marketing"), &datamesh.BusinessDomainAttributes{
		DomainID: "dzd_marketing01", RootDomainUnitID: "rootunit01", DomainName: "marketing"})
	campaigns := datamesh.ProjectFromAttributes(stack, jsii.String("Campaigns"), &datamesh.ProjectAttributes{
		DomainUnit: marketing, ProjectID: "prj0123456789", ProjectName: "Campaign Analytics"})
	access := datamesh.NewDataProductAccess(stack, jsii.String("CampaignsReadCustomers"), &datamesh.DataProductAccessProps{
		Consumer: campaigns, Product: crm, Table: "customers", Columns: []string{"customer_id", "country"},
		ConsumerRole: awsiam.Role_FromRoleArn(stack, jsii.String("CampaignsRole"), jsii.String("arn:aws:iam::222222222222:role/campaign-analytics"), nil),
	})
	fmt.Println(access.Product().DomainName(), access.Product().ProjectName(), *crm.CatalogID())
	tpl := assertions.Template_FromStack(stack, nil)
	fmt.Println("filters:", len(*tpl.FindResources(jsii.String("AWS::LakeFormation::DataCellsFilter"), nil)))
	// Output:
	// sales CRM Master Data 111111111111
	// filters: 1
}
