package datamesh_test

import (
	"encoding/json"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// TestProjectTemplatesGolden pins the templates of projects made outside package stages
// (a plain stack, a plain nested stack, a Master Data project and its consumer), with
// every kind of member, a member added after construction, a data source, user
// parameters, glossary terms, an execution role, the domain management project and each
// removal policy, in an app that writes path metadata (aws:cdk:path, as the CDK CLI and
// stages.NewApp do): a change of how a project is built must not change them.
func TestProjectTemplatesGolden(t *testing.T) {
	app := awscdk.NewApp(&awscdk.AppProps{Context: &map[string]any{"aws:cdk:enable-path-metadata": true}})
	stack := awscdk.NewStack(app, jsii.String("Mesh"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(testAccount), Region: jsii.String(testRegion)},
	})
	dp := ssoDomainProps()
	dp.Users = []datamesh.Principal{datamesh.SSOUser("reader@example.com")}
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), dp)
	prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
	sales := datamesh.NewDomainUnit(d, jsii.String("Sales"), &datamesh.DomainUnitProps{Parent: d, Name: "Sales"})
	marketing := datamesh.NewDomainUnit(d, jsii.String("Marketing"), &datamesh.DomainUnitProps{Parent: d, Name: "Marketing"})

	orders := datamesh.NewProject(d, jsii.String("Orders"), &datamesh.ProjectProps{
		DomainUnit: sales, Name: "Orders", Key: "orders", Description: "Order facts", Profile: prof,
		ExecutionRole: awsiam.Role_FromRoleArn(stack, jsii.String("OrdersRole"), jsii.String("arn:aws:iam::111111111111:role/Orders"), nil),
		GlossaryTerms: []string{"term-1", "term-2"},
		UserParameters: []*datamesh.EnvironmentUserParameters{
			{EnvironmentConfigurationName: "Tooling", Parameters: map[string]string{"b": "2", "a": "1"}},
			{EnvironmentConfigurationName: "DataLake", Parameters: map[string]string{}},
		},
		Members: []*datamesh.Member{
			{Principal: datamesh.SSOUser("jane@example.com"), Designation: datamesh.DesignationOwner},
			{Principal: datamesh.SSOGroup("analysts")},
			{Principal: datamesh.SSOGroup("a1b2c3d4-5678-90ab-cdef-111111111111"), Designation: datamesh.DesignationCatalogViewer},
			{Principal: datamesh.SSOUser("temp@example.com"), Temporary: &datamesh.Temporary{Until: "2030-01-31", Reason: "set up"}},
			{Principal: datamesh.SSOUser("reader@example.com"), Designation: datamesh.DesignationCatalogConsumer},
			{Principal: datamesh.IAMRole("arn:aws:iam::111111111111:role/Pipeline"), Designation: datamesh.DesignationCatalogSteward},
		},
		DataSource: &datamesh.GlueDataSourceOptions{DatabaseName: "orders", Schedule: "cron(0 2 * * ? *)"},
	})
	orders.AddMember(&datamesh.Member{Principal: datamesh.SSOUser("late@example.com")})
	datamesh.NewConnection(orders, jsii.String("Athena"), &datamesh.ConnectionProps{Project: orders, Name: "athena", Athena: &datamesh.AthenaConnection{WorkgroupName: "primary"}})

	datamesh.NewProject(d, jsii.String("Empty"), &datamesh.ProjectProps{DomainUnit: marketing, Name: "Empty", Profile: prof})
	later := datamesh.NewProject(d, jsii.String("Later"), &datamesh.ProjectProps{DomainUnit: marketing, Name: "Later", Profile: prof,
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN_ON_UPDATE_OR_DELETE})
	later.AddMember(&datamesh.Member{Principal: datamesh.SSOGroup("analysts"), Designation: datamesh.DesignationOwner})
	datamesh.NewProject(d, jsii.String("Admin"), &datamesh.ProjectProps{DomainUnit: d, Name: "Domain Management",
		Category: datamesh.ProjectCategoryAdmin, Members: []*datamesh.Member{{Principal: datamesh.SSOUser("jane@example.com"), Designation: datamesh.DesignationOwner}}})

	nested := awscdk.NewNestedStack(stack, jsii.String("Billing"), nil)
	billing := datamesh.NewProject(nested, jsii.String("Project"), &datamesh.ProjectProps{
		DomainUnit: marketing, Name: "Billing", Profile: prof, RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
		Members: []*datamesh.Member{
			{Principal: datamesh.SSOGroup("analysts"), Designation: datamesh.DesignationOwner},
			{Principal: datamesh.SSOUser("temp@example.com"), Temporary: &datamesh.Temporary{Until: "2030-01-31"}},
		},
	})
	billing.AddMember(&datamesh.Member{Principal: datamesh.SSOUser("jane@example.com")})

	crm := datamesh.NewMasterDataProject(d, jsii.String("Crm"), &datamesh.MasterDataProjectProps{
		DomainUnit: sales, Source: "CRM", Profile: prof,
		DataOwners: []datamesh.Principal{datamesh.SSOUser("jane@example.com")},
		Engineers:  []*datamesh.Member{{Principal: datamesh.SSOUser("sam@example.com"), Temporary: &datamesh.Temporary{Until: "2099-12-31", Reason: "set up the CRM ingestion"}}},
		Members:    []*datamesh.Member{{Principal: datamesh.SSOGroup("crm-data-stewards"), Designation: datamesh.DesignationCatalogSteward}},
		Contract:   crmCustomers(),
		DataSource: &datamesh.GlueDataSourceOptions{DatabaseName: "crm", ConnectionIdentifier: "conn-0123456789"},
	})
	pipeline := datamesh.NewProject(d, jsii.String("SalesPipeline"), &datamesh.ProjectProps{DomainUnit: sales, Name: "Sales Pipeline", Profile: prof})
	datamesh.NewDataProductAccess(stack, jsii.String("SalesReadsCustomers"), &datamesh.DataProductAccessProps{
		Consumer: pipeline, ConsumerRole: role(stack, "SalesRole", "SalesPipeline"), Product: crm, Table: "customers"})

	if orders.Resource() == nil || billing.Resource() == nil || crm.Resource() == nil {
		t.Fatal("Resource() is nil")
	}
	tpls := map[string]any{}
	for name, s := range map[string]awscdk.Stack{"Mesh": stack, "Billing": nested} {
		_, raw := template(t, s)
		tpls[name] = raw
	}
	b, err := json.MarshalIndent(tpls, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/projects.golden", string(b)+"\n")
}
