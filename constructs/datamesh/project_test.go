package datamesh_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/jsiitest"
	"github.com/smusmesh/smusmesh/internal/projectstack"
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

	// The escape hatches reach the CfnProject: Resource(), and the default child.
	for _, c := range []struct {
		p    datamesh.Project
		path string
	}{{orders, "Mesh/Corp/Orders/Resource"}, {billing, "Mesh/Billing/Project/Resource"}, {crm, "Mesh/Corp/Crm/Default/Resource"}} {
		r := c.p.Resource()
		if r == nil || *r.CfnResourceType() != "AWS::DataZone::Project" || *r.Node().Path() != c.path {
			t.Fatalf("%s: Resource() is not the CfnProject at %s", *c.p.Node().Path(), c.path)
		}
		if c.p == crm {
			continue // its default child is the project "Default"
		}
		if dc, ok := c.p.Node().DefaultChild().(awscdk.CfnResource); !ok || *dc.Node().Path() != c.path {
			t.Errorf("%s: the default child is not the CfnProject", *c.p.Node().Path())
		}
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

// membersMesh builds a project with every kind of member, in a plain stack and in a
// nested stack marked as the project's own (as package stages makes them), either with
// the members in ProjectProps (the project's fragment) or added after construction with
// AddMember (L1 memberships), and returns the templates.
func membersMesh(t *testing.T, later bool) map[string]any {
	t.Helper()
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Mesh"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(testAccount), Region: jsii.String(testRegion)},
	})
	projectstack.Prepare(stack)
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
	sales := datamesh.NewDomainUnit(d, jsii.String("Sales"), &datamesh.DomainUnitProps{Parent: d, Name: "Sales"})
	nested := awscdk.NewNestedStack(stack, jsii.String("ProjectOrders"), nil)
	projectstack.Mark(nested, stack, "ProjectOrders")
	members := func() []*datamesh.Member {
		return []*datamesh.Member{
			{Principal: datamesh.SSOUser("jane@example.com"), Designation: datamesh.DesignationOwner},
			{Principal: datamesh.SSOGroup("analysts")},
			{Principal: datamesh.SSOGroup("a1b2c3d4-5678-90ab-cdef-111111111111"), Designation: datamesh.DesignationCatalogViewer},
			{Principal: datamesh.SSOUser("temp@example.com"), Temporary: &datamesh.Temporary{Until: "2030-01-31", Reason: "set up"}},
			{Principal: datamesh.IAMRole("arn:aws:iam::111111111111:role/Pipeline"), Designation: datamesh.DesignationCatalogSteward},
		}
	}
	for _, s := range []struct {
		scope constructs.Construct
		id    string
	}{{d, "Orders"}, {nested, "Project"}} {
		props := &datamesh.ProjectProps{DomainUnit: sales, Name: s.id, Profile: prof}
		if !later {
			props.Members = members()
		}
		p := datamesh.NewProject(s.scope, jsii.String(s.id), props)
		if later {
			for _, m := range members() {
				p.AddMember(m)
			}
		}
	}
	out := map[string]any{}
	for name, s := range map[string]awscdk.Stack{"Mesh": stack, "Nested": nested} {
		_, raw := template(t, s)
		out[name] = raw
	}
	return out
}

// TestMembersInTheFragmentAsL1: a member given in ProjectProps (rendered into the
// project's fragment) and the same member added with AddMember (an L1) give the same
// templates: properties, metadata, logical IDs and DependsOn (per membership in a plain
// stack, on the nested stack's resource in a project stack).
func TestMembersInTheFragmentAsL1(t *testing.T) {
	frag, l1 := membersMesh(t, false), membersMesh(t, true)
	if !reflect.DeepEqual(frag, l1) {
		a, _ := json.MarshalIndent(frag, "", " ")
		b, _ := json.MarshalIndent(l1, "", " ")
		t.Errorf("members in the fragment:\n%s\nadded with AddMember:\n%s", a, b)
	}
	ms := resources(frag["Nested"].(map[string]any), "AWS::DataZone::ProjectMembership")
	if len(ms) != 5 {
		t.Errorf("%d memberships in the project stack, want 5", len(ms))
	}
}

// budgetHelper is the helper process of TestProjectCallBudget: it builds n projects, each
// in a nested stack marked as its own, with the same two members (their user profiles and
// member-pool grants are made by the first), and exits.
func budgetHelper(n int) {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Mesh"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(testAccount), Region: jsii.String(testRegion)},
	})
	projectstack.Prepare(stack)
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
	sales := datamesh.NewDomainUnit(d, jsii.String("Sales"), &datamesh.DomainUnitProps{Parent: d, Name: "Sales"})
	for i := range n {
		id := fmt.Sprintf("Project%d", i)
		nested := awscdk.NewNestedStack(stack, jsii.String(id), nil)
		projectstack.Mark(nested, stack, id)
		datamesh.NewProject(nested, jsii.String("Project"), &datamesh.ProjectProps{DomainUnit: sales, Name: id, Profile: prof,
			Description: "A project", Members: []*datamesh.Member{
				{Principal: datamesh.SSOGroup("a1b2c3d4-5678-90ab-cdef-111111111111"), Designation: datamesh.DesignationOwner},
				{Principal: datamesh.SSOUser("temp@example.com"), Temporary: &datamesh.Temporary{Until: "2030-01-31"}},
			}})
	}
}

// projectCallBudget is what one project in its own nested stack costs in jsii calls: the
// nested stack (made by the builder), the include of the project's fragment (the project
// and its memberships), and the members' dependencies (Node, AddDependency). It was ten
// more when each resource was an L1 with its metadata and the project a construct of its
// own.
const projectCallBudget = 4

// TestProjectCallBudget counts the jsii calls of building 1 and 6 projects in helper
// processes (JSII_DEBUG=1) and pins the calls of one more project.
func TestProjectCallBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("two helper processes with a kernel each")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	count := func(n int) (int, int) {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), "JSII_DEBUG=1", fmt.Sprintf("%s=%d", budgetEnv, n))
		calls, callbacks, err := jsiitest.CountCalls(cmd)
		if err != nil {
			t.Fatalf("helper with %d projects: %v", n, err)
		}
		return calls, callbacks
	}
	c1, b1 := count(1)
	c6, b6 := count(6)
	calls, callbacks := float64(c6-c1)/5, float64(b6-b1)/5
	t.Logf("one more project: %.1f jsii calls, %.1f callbacks", calls, callbacks)
	if calls > projectCallBudget || callbacks > 0 {
		t.Errorf("one more project costs %.1f jsii calls and %.1f callbacks, budget %d and 0: each call is a round trip to the kernel", calls, callbacks, projectCallBudget)
	}
}
