package changesim_test

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/internal/changesim"
	"github.com/smusmesh/smusmesh/internal/changesim/simtest"
	"github.com/smusmesh/smusmesh/internal/jsiitest"
	"github.com/smusmesh/smusmesh/stages"
)

// -generate rewrites testdata/golden from the constructs as they are:
//
//	go test -run TestGenerate -generate ./internal/changesim/
//
// The golden assemblies were generated from main of 2026-11-30, before the fixes of the bugs
// they show; they stay as they are so that TestGolden keeps proving the simulator catches
// those bugs after the constructs no longer have them. Regenerate only to add a case.
var generate = flag.Bool("generate", false, "rewrite testdata/golden from the current constructs")

func TestMain(m *testing.M) { jsiitest.Main(m, cfnfrag.Release) }

// goldenCase is a before/after pair synthesized from the real constructs.
type goldenCase struct {
	name          string
	before, after func(app awscdk.App)
	// failures and stateful are substrings the report's failures and stateful changes must
	// contain, one each, in any order.
	failures, stateful []string
}

const (
	testAccount = "111111111111"
	testRegion  = "eu-west-1"
	testIdc     = "arn:aws:sso:::instance/ssoins-0123456789abcdef"
)

// meshSettings are the settings of the stage-based cases: no cdk-nag (the simulator does not
// need it), the registry-schema check on.
func meshSettings() *stages.Settings {
	return &stages.Settings{
		Account: testAccount, Region: testRegion, IdentityCenterInstanceARN: testIdc,
		Network:        &stages.NetworkSettings{VPCID: "vpc-0123456789abcdef0", SubnetIDs: []string{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210"}},
		TemporaryUntil: "2099-12-31", DisableNag: true,
	}
}

// meshApp builds a dev stage of def (changed by edit) into app.
func meshApp(edit func(def *stages.Definition)) func(app awscdk.App) {
	return func(app awscdk.App) {
		def := smallMesh()
		if edit != nil {
			edit(def)
		}
		stages.NewMeshStage(app, jsii.String("dev"), &stages.MeshStageProps{Definition: def, Settings: meshSettings()})
	}
}

// smallMesh: one domain, the Sales and Marketing units, one project in Sales.
func smallMesh() *stages.Definition {
	return &stages.Definition{
		Governance: &stages.GovernanceDef{Name: "mesh-governance", Owners: []*stages.PrincipalDef{{Group: "data-governance"}}},
		Domains: []*stages.DomainDef{{
			Name: "corp", Description: "Corporate",
			Profiles: []*stages.ProfileDef{{Name: "Analytics"}},
			Owners:   []*stages.PrincipalDef{{Group: "corp-owners"}},
			Units: []*stages.UnitDef{
				{Name: "Sales", Owners: []*stages.PrincipalDef{{Group: "sales-owners"}}, Projects: []*stages.ProjectDef{{
					Name: "Orders", Description: "Order facts", Profile: "Analytics",
					Members: []*stages.MemberDef{{User: "jane@example.com", Designation: "owner"}, {Group: "analysts", Designation: "contributor"}},
				}}},
				{Name: "Marketing", Owners: []*stages.PrincipalDef{{Group: "marketing-owners"}}},
			},
		}},
	}
}

// constructApp builds one stack with a root domain and a Sales unit, then calls add.
func constructApp(add func(d datamesh.BusinessDomain, sales datamesh.DomainUnit, prof datamesh.IProjectProfile)) func(app awscdk.App) {
	return func(app awscdk.App) {
		stack := awscdk.NewStack(app, jsii.String("Mesh"), &awscdk.StackProps{
			Env: &awscdk.Environment{Account: jsii.String(testAccount), Region: jsii.String(testRegion)}})
		d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), &datamesh.BusinessDomainProps{
			DomainName: "corporate",
			Identity:   &datamesh.Identity{IdentityCenterInstanceARN: testIdc},
			Tooling: &datamesh.ToolingOptions{S3Location: "s3://amazon-sagemaker-111111111111-eu-west-1-corp",
				VPCID: "vpc-0123456789abcdef0", SubnetIDs: []string{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210"}},
			Blueprints: []*datamesh.BlueprintOptions{{Blueprint: datamesh.BlueprintLakehouseCatalog}, {Blueprint: datamesh.BlueprintDataLake}, {Blueprint: datamesh.BlueprintRedshiftServerless}},
		})
		prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
		sales := datamesh.NewDomainUnit(d, jsii.String("Sales"), &datamesh.DomainUnitProps{Parent: d, Name: "Sales",
			Owners: []datamesh.Principal{datamesh.SSOGroup("sales-owners")}})
		add(d, sales, prof)
	}
}

func crmContract() *datacontract.Contract {
	return &datacontract.Contract{
		Name: "CRM Customers", Version: "1.0.0", Owner: "Head of Sales Operations", Steward: "crm-data-stewards",
		Schema: datacontract.Schema{Tables: []datacontract.Table{{
			Name: "customers", PrimaryKey: []string{"customer_id"},
			Columns: []datacontract.Column{{Name: "customer_id", Type: "bigint"}, {Name: "country", Type: "string"}},
		}}},
		QualityRules:   []datacontract.Rule{datacontract.IsComplete("customers", "customer_id")},
		FreshnessSLA:   "24h",
		Classification: datacontract.ClassificationInternal,
	}
}

// masterData adds the CRM Master Data project with a Glue data source (connection given or
// not).
func masterData(connection string) func(d datamesh.BusinessDomain, sales datamesh.DomainUnit, prof datamesh.IProjectProfile) {
	return func(d datamesh.BusinessDomain, sales datamesh.DomainUnit, prof datamesh.IProjectProfile) {
		datamesh.NewMasterDataProject(d, jsii.String("CrmMasterData"), &datamesh.MasterDataProjectProps{
			DomainUnit: sales, Source: "CRM", Profile: prof,
			Description: "CRM customers as a governed product",
			DataOwners:  []datamesh.Principal{datamesh.SSOGroup("sales-data-owners")},
			Contract:    crmContract(),
			DataSource:  &datamesh.GlueDataSourceOptions{DatabaseName: "crm", ConnectionIdentifier: connection},
		})
	}
}

// projectCreators grants CREATE_PROJECT_FROM_PROJECT_PROFILE on Sales, including child units
// or not.
func projectCreators(children datamesh.ChildUnits) func(d datamesh.BusinessDomain, sales datamesh.DomainUnit, prof datamesh.IProjectProfile) {
	return func(d datamesh.BusinessDomain, sales datamesh.DomainUnit, prof datamesh.IProjectProfile) {
		sales.Grants().CreateProjects(datamesh.GrantToUnitOwners(sales), []datamesh.IProjectProfile{prof}, children)
	}
}

// goldenCases are the failures of the constructs as of main 2026-11-30 (the evidence in
// each case's comment).
var goldenCases = []goldenCase{
	{
		// The membership's logical ID includes the designation: the new membership is
		// created before the old one is deleted, and the service refuses a second
		// membership of the same member (aws-ia/terraform-aws-sagemaker-unified-studio,
		// modules/project-membership).
		name:   "designation change",
		before: meshApp(nil),
		after: meshApp(func(def *stages.Definition) {
			def.Domains[0].Units[0].Projects[0].Members[1].Designation = "owner"
		}),
		failures: []string{"User is already in the project"},
	},
	{
		// ConnectionIdentifier is create-only (registry schema): adding it on the second
		// deploy replaces the data source.
		name:     "data source connection added",
		before:   constructApp(masterData("")),
		after:    constructApp(masterData("conn-0123456789abcd")),
		failures: []string{"a data source with this name already exists"},
		stateful: []string{"replaced Mesh/CorpCrmMasterDataDataSource"},
	},
	{
		// The project's nested stack ID depends on unit path and name: a move creates a new
		// stack with a new project of the same name while the old one (Retain) stays.
		name:   "project moved to another unit",
		before: meshApp(nil),
		after: meshApp(func(def *stages.Definition) {
			u := def.Domains[0].Units
			u[1].Projects, u[0].Projects = u[0].Projects, nil
		}),
		failures: []string{"Project name already exists"},
		stateful: []string{"orphaned dev/Corp/ProjectOrders6d3fa7a1NestedStack"},
	},
	{
		// A rename also makes a new nested stack: the old project is orphaned by Retain.
		name:   "project renamed",
		before: meshApp(nil),
		after: meshApp(func(def *stages.Definition) {
			def.Domains[0].Units[0].Projects[0].Name = "Order Facts"
		}),
		stateful: []string{"orphaned dev/Corp/ProjectOrders6d3fa7a1NestedStack"},
	},
	{
		// PolicyGrant has no update handler: a changed detail replaces the grant, and the
		// new grant is created while the old one exists (AlreadyExists, aws-ia
		// terraform-aws-sagemaker-unified-studio examples/quick-setup known issues).
		name:     "policy grant detail changed",
		before:   constructApp(projectCreators(datamesh.ChildUnitsIncluded)),
		after:    constructApp(projectCreators(datamesh.ChildUnitsExcluded)),
		failures: []string{"AlreadyExists"},
	},
}

func goldenDir(name string) string {
	return filepath.Join("testdata", "golden", strings.ReplaceAll(name, " ", "-"))
}

// TestGenerate writes the golden assemblies (only with -generate).
func TestGenerate(t *testing.T) {
	if !*generate {
		t.Skip("run with -generate to rewrite testdata/golden")
	}
	for _, c := range goldenCases {
		for side, build := range map[string]func(awscdk.App){"before": c.before, "after": c.after} {
			out := simtest.Synth(t, "", build)
			if err := simtest.CopyAssembly(out, filepath.Join(goldenDir(c.name), side)); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestGolden: the simulator finds each bug in the assemblies generated from the code that
// had it.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			dir := goldenDir(c.name)
			r, err := changesim.Simulate(filepath.Join(dir, "before"), filepath.Join(dir, "after"))
			if err != nil {
				t.Fatal(err)
			}
			expect(t, r, c.failures, c.stateful)
		})
	}
}

// expect checks that every failure and stateful change of r contains one of the wanted
// substrings and every wanted substring is found.
func expect(t *testing.T, r *changesim.Report, failures, stateful []string) {
	t.Helper()
	match := func(kind string, got []string, want []string) {
		for _, w := range want {
			found := false
			for _, g := range got {
				found = found || strings.Contains(g, w)
			}
			if !found {
				t.Errorf("no %s contains %q", kind, w)
			}
		}
		for _, g := range got {
			ok := false
			for _, w := range want {
				ok = ok || strings.Contains(g, w)
			}
			if !ok {
				t.Errorf("unexpected %s: %s", kind, g)
			}
		}
	}
	var fs, ss []string
	for _, f := range r.Failures {
		fs = append(fs, f.String())
	}
	for _, s := range r.StatefulChanges {
		ss = append(ss, s.String())
	}
	match("failure", fs, failures)
	match("stateful change", ss, stateful)
	if t.Failed() {
		t.Logf("report:\n%s", r)
	}
}

// TestCompareUnchanged: the same build synthesized twice is a no-op (the simulator sees
// the synthesized templates, not the objects that built them).
func TestCompareUnchanged(t *testing.T) {
	build := constructApp(projectCreators(datamesh.ChildUnitsIncluded))
	r := simtest.Compare(t, build, build)
	if len(r.Operations) > 0 || len(r.Failures) > 0 || len(r.StatefulChanges) > 0 {
		t.Errorf("same app twice:\n%s", r)
	}
}
