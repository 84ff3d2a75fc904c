package stages

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

var update = flag.Bool("update", false, "rewrite golden files")

// frontDoorYAML is a small valid mesh; each mistake of TestFrontDoorsAgree edits it, and
// frontDoorGo builds the same mesh with the Go API.
const frontDoorYAML = `governance:
  name: Governance
domains:
  - name: Sales
    blueprints: [LakehouseCatalog, DataLake, RedshiftServerless]
    profiles:
      - name: Analytics
        preset: SQLAnalytics
    units:
      - name: Retail
        projects:
          - name: Orders
            profile: Analytics
            members:
              - {user: ana@example.com, designation: owner}
              - {group: retail-analysts}
        masterData:
          - source: CRM
            profile: Analytics
            dataOwners: [{user: ana@example.com}]
            contract:
              name: CRM Customers
              owner: Head of Sales
              freshnessSla: 24h
              tables:
                - name: customers
                  columns:
                    - {name: id, type: bigint}
                    - {name: country, type: string}
              qualityRules:
                - {rule: rowCountAbove, table: customers, min: 0}
            dataSource: {database: crm}
      - name: Online
    projects:
      - name: Billing
        profile: Analytics
        reads:
          - {product: CRM Master Data, table: customers, columns: [id], role: billing}
`

// frontDoorGo is frontDoorYAML in Go props, built construct by construct.
type frontDoorGo struct {
	domain   *datamesh.BusinessDomainProps
	profiles []*datamesh.ProjectProfileProps
	units    []*datamesh.DomainUnitProps // under the root unit; the Master Data project is in units[0]
	projects []goProject
	master   *datamesh.MasterDataProjectProps
	// masterProfile is the index of the Master Data project's profile.
	masterProfile int
	reads         []*datamesh.DataProductAccessProps // of the last project, on the CRM product
}

type goProject struct {
	unit  int // index in units, -1 for the root unit
	props *datamesh.ProjectProps
}

func newFrontDoorGo() *frontDoorGo {
	contract := &datacontract.Contract{
		Name: "CRM Customers", Owner: "Head of Sales", FreshnessSLA: "24h",
		Schema:       datacontract.Schema{Tables: []datacontract.Table{{Name: "customers", Columns: []datacontract.Column{{Name: "id", Type: "bigint"}, {Name: "country", Type: "string"}}}}},
		QualityRules: []datacontract.Rule{datacontract.RowCountAbove("customers", 0)},
	}
	return &frontDoorGo{
		domain: &datamesh.BusinessDomainProps{
			DomainName: "Sales",
			Identity:   &datamesh.Identity{IdentityCenterInstanceARN: "arn:aws:sso:::instance/ssoins-0123456789abcdef"},
			Tooling:    &datamesh.ToolingOptions{VPCID: "vpc-0123456789abcdef0", SubnetIDs: []string{"subnet-0123456789abcdef0"}},
			Blueprints: []*datamesh.BlueprintOptions{{Blueprint: datamesh.BlueprintLakehouseCatalog}, {Blueprint: datamesh.BlueprintDataLake}, {Blueprint: datamesh.BlueprintRedshiftServerless}},
		},
		profiles: []*datamesh.ProjectProfileProps{{Name: "Analytics", Preset: datamesh.PresetSQLAnalytics}},
		units:    []*datamesh.DomainUnitProps{{Name: "Retail"}, {Name: "Online"}},
		projects: []goProject{
			{0, &datamesh.ProjectProps{Name: "Orders", Members: []*datamesh.Member{
				{Principal: datamesh.SSOUser("ana@example.com"), Designation: datamesh.DesignationOwner}, {Principal: datamesh.SSOGroup("retail-analysts")}}}},
			{-1, &datamesh.ProjectProps{Name: "Billing"}},
		},
		master: &datamesh.MasterDataProjectProps{Source: "CRM", DataOwners: []datamesh.Principal{datamesh.SSOUser("ana@example.com")},
			Contract: contract, DataSource: &datamesh.GlueDataSourceOptions{DatabaseName: "crm"}},
		reads: []*datamesh.DataProductAccessProps{{Table: "customers", Columns: []string{"id"}}},
	}
}

// build builds the mesh. Before each constructor, the props' Validate must report what
// the constructor refuses: build returns the first problems Validate reported and the
// problems the constructor panicked with (nil, nil for a valid mesh).
func (g *frontDoorGo) build() (validateErr, buildErr error) {
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(os.TempDir())})
	stack := awscdk.NewStack(app, jsii.String("Sales"), &awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")}})
	step := func(v interface{ Validate() error }, build func()) bool {
		if validateErr == nil {
			validateErr = v.Validate()
		}
		buildErr = problem.Catch(build)
		return buildErr == nil
	}
	var dom datamesh.BusinessDomain
	if !step(g.domain, func() { dom = datamesh.NewBusinessDomain(stack, jsii.String("Domain"), g.domain) }) {
		return
	}
	var profiles []datamesh.ProjectProfile
	for i, p := range g.profiles {
		p.Domain = dom
		if !step(p, func() {
			profiles = append(profiles, datamesh.NewProjectProfile(dom, jsii.String(fmt.Sprint("Profile", i)), p))
		}) {
			return
		}
	}
	var units []datamesh.DomainUnit
	for i, u := range g.units {
		u.Parent = dom
		if !step(u, func() { units = append(units, datamesh.NewDomainUnit(dom, jsii.String(fmt.Sprint("Unit", i)), u)) }) {
			return
		}
	}
	unitOf := func(i int) datamesh.IDomainUnitRef {
		if i < 0 {
			return dom
		}
		return units[i]
	}
	var consumer datamesh.Project
	for i, p := range g.projects {
		p.props.DomainUnit, p.props.Profile = unitOf(p.unit), profiles[0]
		if !step(p.props, func() { consumer = datamesh.NewProject(stack, jsii.String(fmt.Sprint("Project", i)), p.props) }) {
			return
		}
	}
	g.master.DomainUnit, g.master.Profile = units[0], profiles[g.masterProfile]
	var product datamesh.MasterDataProject
	if !step(g.master, func() { product = datamesh.NewMasterDataProject(stack, jsii.String("Crm"), g.master) }) {
		return
	}
	role := awsiam.Role_FromRoleArn(stack, jsii.String("Billing"), jsii.String("arn:aws:iam::111111111111:role/billing"), nil)
	for i, r := range g.reads {
		r.Consumer, r.ConsumerRole, r.Product = consumer, role, product
		if !step(r, func() { datamesh.NewDataProductAccess(stack, jsii.String(fmt.Sprint("Read", i)), r) }) {
			return
		}
	}
	return validateErr, buildErr
}

// TestFrontDoorsAgree feeds a catalogue of mistakes through both front doors, the mesh
// definition (Parse) and the Go API (each props' Validate, then its constructor): each
// door refuses each mistake, with the same sentinel, and the valid mesh passes both.
// The messages are kept in testdata/mistakes.golden (refresh with -update): the YAML
// door's in the file's keys and values, with file:line, the Go door's in Go names.
func TestFrontDoorsAgree(t *testing.T) {
	cases := []struct {
		name   string
		edits  []string // pairs of old and new text of frontDoorYAML
		goEdit func(g *frontDoorGo)
		err    error
	}{
		{"valid", nil, func(*frontDoorGo) {}, nil},
		{"two projects of one name in a unit", []string{"        masterData:\n", "          - {name: Orders, profile: Analytics}\n        masterData:\n"}, func(g *frontDoorGo) {
			g.projects = append(g.projects, goProject{0, &datamesh.ProjectProps{Name: "Orders"}})
		}, datamesh.ErrDuplicate},
		{"two sibling units of one name", []string{"      - name: Online\n", "      - name: Online\n      - name: Retail\n"}, func(g *frontDoorGo) {
			g.units = append(g.units, &datamesh.DomainUnitProps{Name: "Retail"})
		}, datamesh.ErrDuplicate},
		{"two profiles of one name", []string{"        preset: SQLAnalytics\n", "        preset: SQLAnalytics\n      - name: Analytics\n"}, func(g *frontDoorGo) {
			g.profiles = append(g.profiles, &datamesh.ProjectProfileProps{Name: "Analytics"})
		}, datamesh.ErrDuplicate},
		{"blueprint the domain does not enable", []string{"        preset: SQLAnalytics\n", "        preset: SQLAnalytics\n        environments: [{blueprint: MLExperiments}]\n"}, func(g *frontDoorGo) {
			g.profiles[0].Environments = []*datamesh.EnvironmentConfiguration{{Blueprint: datamesh.BlueprintMLExperiments}}
		}, datamesh.ErrUnknownBlueprint},
		{"preset without its blueprints", []string{"DataLake, RedshiftServerless]", "DataLake]"}, func(g *frontDoorGo) {
			g.domain.Blueprints = g.domain.Blueprints[:2]
		}, datamesh.ErrUnknownBlueprint},
		{"unknown deployment mode", []string{"        preset: SQLAnalytics\n", "        preset: SQLAnalytics\n        environments: [{blueprint: LakehouseCatalog, name: Catalog, deployment: SOMETIMES}]\n"}, func(g *frontDoorGo) {
			g.profiles[0].Environments = []*datamesh.EnvironmentConfiguration{{Blueprint: datamesh.BlueprintLakehouseCatalog, Name: "Catalog", DeploymentMode: "SOMETIMES"}}
		}, datamesh.ErrInvalidProps},
		{"unknown network posture", []string{"  - name: Sales\n", "  - name: Sales\n    network: CLOSED\n"}, func(g *frontDoorGo) {
			g.domain.Network = "CLOSED"
		}, datamesh.ErrInvalidProps},
		{"Identity Center users in an IAM domain", []string{"  - name: Sales\n", "  - name: Sales\n    identity: IAM\n"}, func(g *frontDoorGo) {
			g.domain.Identity = &datamesh.Identity{Mode: datamesh.IdentityModeIAM}
		}, datamesh.ErrIdentityMismatch},
		{"a member with two designations", []string{"              - {group: retail-analysts}\n", "              - {group: retail-analysts}\n              - {user: ana@example.com}\n"}, func(g *frontDoorGo) {
			p := g.projects[0].props
			p.Members = append(p.Members, &datamesh.Member{Principal: datamesh.SSOUser("ana@example.com")})
		}, datamesh.ErrMemberConflict},
		{"an end date that is not a date", []string{"              - {group: retail-analysts}\n", "              - {group: retail-analysts, until: 31.12.2026}\n"}, func(g *frontDoorGo) {
			g.projects[0].props.Members[1].Temporary = &datamesh.Temporary{Until: "31.12.2026"}
		}, datamesh.ErrInvalidProps},
		{"a project name the service refuses", []string{"name: Orders\n", "name: Orders/EU\n"}, func(g *frontDoorGo) {
			g.projects[0].props.Name = "Orders/EU"
		}, datamesh.ErrInvalidName},
		{"Master Data profile without the Lakehouse Database", []string{
			"        preset: SQLAnalytics\n", "        preset: SQLAnalytics\n      - name: Plain\n",
			"            profile: Analytics\n            dataOwners", "            profile: Plain\n            dataOwners",
		}, func(g *frontDoorGo) {
			g.profiles = append(g.profiles, &datamesh.ProjectProfileProps{Name: "Plain"})
			g.masterProfile = 1
		}, datamesh.ErrInvalidProps},
		{"a read of a column the contract does not have", []string{"columns: [id]", "columns: [id, mail]"}, func(g *frontDoorGo) {
			g.reads[0].Columns = []string{"id", "mail"}
		}, datacontract.ErrUnknownColumn},
		{"two filtered reads of one table", []string{"role: billing}\n", "role: billing}\n          - {product: CRM Master Data, table: customers, rowFilter: \"country = 'DE'\", role: billing}\n"}, func(g *frontDoorGo) {
			g.reads = append(g.reads, &datamesh.DataProductAccessProps{Table: "customers", RowFilter: "country = 'DE'"})
		}, datamesh.ErrDuplicate},
		{"a write permission for a reader", []string{"role: billing}\n", "role: billing, permissions: [INSERT]}\n"}, func(g *frontDoorGo) {
			g.reads[0].Permissions = []datamesh.LakeFormationPermission{"INSERT"}
		}, datamesh.ErrInvalidProps},
	}
	var golden strings.Builder
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := frontDoorYAML
			for i := 0; i+1 < len(c.edits); i += 2 {
				if !strings.Contains(src, c.edits[i]) {
					t.Fatalf("the YAML has no %q", c.edits[i])
				}
				src = strings.Replace(src, c.edits[i], c.edits[i+1], 1)
			}
			_, yamlErr := Parse("mesh.yaml", []byte(src))
			g := newFrontDoorGo()
			c.goEdit(g)
			validateErr, buildErr := g.build()
			fmt.Fprintf(&golden, "# %s\n", c.name)
			for door, err := range map[string]error{"yaml": yamlErr, "go Validate": validateErr, "go constructor": buildErr} {
				switch {
				case c.err == nil && err != nil:
					t.Errorf("%s: the valid mesh is refused:\n%v", door, err)
				case c.err != nil && err == nil:
					t.Errorf("%s: the mistake passes", door)
				case c.err != nil && !errors.Is(err, c.err):
					t.Errorf("%s: errors.Is(err, %v) = false:\n%v", door, c.err, err)
				}
			}
			for _, p := range problem.All(yamlErr) {
				if m := goName.FindString(p.Error()); m != "" {
					t.Errorf("the YAML door speaks Go (%q): %v", m, p)
				}
				if p.File != "mesh.yaml" || p.Line == 0 {
					t.Errorf("the YAML door gives no file:line: %v", p)
				}
				fmt.Fprintf(&golden, "yaml: %s\n", strings.TrimPrefix(p.Error(), "smusmesh: "))
			}
			for _, p := range problem.All(buildErr) {
				fmt.Fprintf(&golden, "go:   %s\n", strings.TrimPrefix(p.Error(), "smusmesh: "))
			}
		})
	}
	path := filepath.Join("testdata", "mistakes.golden")
	if *update {
		if err := os.WriteFile(path, []byte(golden.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != golden.String() {
		t.Errorf("messages differ from %s (refresh with -update):\n%s", path, golden.String())
	}
}

// goName matches what a YAML user should never read: Go constants, props types, struct
// literals and field names of the Go API.
var goName = regexp.MustCompile(`\b(Network(Open|Vpc|VPC)\w*|Preset[A-Z]\w*|Blueprint[A-Z]\w*|Deployment[A-Z]\w*|Designation[A-Z]\w*|OnCreate|OnDemand|Permission[A-Z]\w*|IdentityMode\w+|\w+Props\b|jsii\.|&\w+\{|IamRole|IamUser|IAMRole|IAMUser|SsoUser|SsoGroup|SSOUser|SSOGroup|DataOwners|Environments\b|TagExpression|Temporary\b)`)

// A value of the stage's settings that a construct refuses is reported at its settings
// path, by the construct's own check.
func TestSettingsValuesCheckedByTheConstructs(t *testing.T) {
	def, err := Parse("mesh.yaml", []byte(frontDoorYAML))
	if err != nil {
		t.Fatal(err)
	}
	s := &Settings{Account: "111111111111", Region: "eu-west-1", IdentityCenterInstanceARN: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
		Network: &NetworkSettings{VPCID: "bad-vpc", SubnetIDs: []string{"subnet-0123456789abcdef0"}}, DisableNag: true, DisableSchemaCheck: true}
	err = s.Validate("dev", def)
	want := `smusmesh: settings[dev].network.vpcId: "bad-vpc": invalid props: a VPC ID looks like vpc-0123456789abcdef0`
	if err == nil || err.Error() != want {
		t.Errorf("Settings.Validate =\n%v\nwant\n%s", err, want)
	}
}

// A problem a construct panics with while the stage is built (a value the construct
// refuses, an error the AWS CDK raises) gets the file:line of the definition entry it
// comes from, found by the project's nested stack in its construct path, beside the
// construct path.
func TestBuildProblemsCarryFileLine(t *testing.T) {
	def, err := Parse("mesh.yaml", []byte(frontDoorYAML))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		path string // of the construct that panics
		want string
	}{
		{"dev/Sales/" + ProjectStackID("Orders") + "/Project", `smusmesh: mesh.yaml:12: Project "dev/Sales/` + ProjectStackID("Orders") + `/Project": refused`},
		{"dev/Sales/" + ProjectStackID("CRM Master Data") + "/Project/Default", `smusmesh: mesh.yaml:18: Project "dev/Sales/` + ProjectStackID("CRM Master Data") + `/Project/Default": refused`},
		{"dev/Sales/Domain", `smusmesh: mesh.yaml:4: Project "dev/Sales/Domain": refused`},
	}
	for _, c := range cases {
		err := problem.Catch(func() {
			defer def.locateBuild(def.Domains[0])
			func() {
				defer problem.Annotate("Project", c.path)
				panic("refused")
			}()
		})
		if err == nil || err.Error() != c.want {
			t.Errorf("problem =\n%v\nwant\n%s", err, c.want)
		}
	}
}
