package changesim_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/changesim"
	"github.com/smusmesh/smusmesh/internal/changesim/simtest"
	"github.com/smusmesh/smusmesh/stages"
)

// knownFailingToday lists the scenarios that fail on the constructs as of main 2026-11-30,
// with the reason. They are skipped (CHANGESIM_RUN_KNOWN=1 runs them anyway). Delete an entry
// once the fix is merged and watch the scenario pass.
var knownFailingToday = map[string]string{
	"redesignate member":           "the membership's logical ID includes the designation: the new membership is created before the old one is deleted (User is already in the project)",
	"rename project":               "the project's nested stack ID depends on its name: a new project is created and the old one is orphaned by Retain",
	"move project to another unit": "the project's nested stack ID depends on the unit path: a new project of the same name is created while the old one (Retain) still exists",
}

// scenario is one edit a user makes to the YAML example, deployed over the example as it is.
type scenario struct {
	name string
	// before edits the example's YAML for the deployed side (nil: as it is).
	before func(t *testing.T, y string) string
	// after edits the YAML for the side deployed over it.
	after func(t *testing.T, y string) string
	// settings edits the after side's settings.
	settings func(s *stages.Settings)
	// allowOrphaned lists resource types whose orphaning is intended (a user profile of a
	// principal nobody names any more stays in the service: DataZone has no delete API).
	allowOrphaned []string
}

// replace replaces the one occurrence of old in y; a missing or repeated old fails the test
// (the example changed: update the scenario).
func replace(t *testing.T, y, old, new string) string {
	t.Helper()
	if n := strings.Count(y, old); n != 1 {
		t.Fatalf("mesh.yaml contains %q %d times, want once: update the scenario", old, n)
	}
	return strings.Replace(y, old, new, 1)
}

func edit(old, new string) func(t *testing.T, y string) string {
	return func(t *testing.T, y string) string { return replace(t, y, old, new) }
}

var scenarios = []scenario{
	{name: "add member", after: edit(
		"              - user: sam.engineer@example.com\n                temporary: true\n                reason: sets up the sensor ingestion\n",
		"              - user: sam.engineer@example.com\n                temporary: true\n                reason: sets up the sensor ingestion\n              - user: new.member@example.com\n                designation: contributor\n")},
	{name: "remove member", after: edit(
		"                  - group: marketing-analysts\n                    designation: catalogConsumer\n", ""),
		allowOrphaned: []string{"AWS::DataZone::GroupProfile"}},
	{name: "redesignate member", after: edit(
		"              - group: stores-analysts\n                designation: owner\n",
		"              - group: stores-analysts\n                designation: contributor\n")},
	{name: "add owner", after: edit(
		"        owners: [{group: stores-owners}]\n",
		"        owners: [{group: stores-owners}, {user: new.owner@example.com}]\n")},
	{name: "remove owner", after: edit(
		"          - name: Checkout\n            owners: [{group: ecommerce-owners}]\n",
		"          - name: Checkout\n"),
	},
	{name: "add grant", after: edit(
		"        owners: [{group: ecommerce-owners}]\n        # The product catalog",
		"        owners: [{group: ecommerce-owners}]\n        projectCreators: [{group: ecommerce-leads}]\n        # The product catalog")},
	{name: "remove grant", after: edit(
		"        projectCreators: [{group: stores-leads}]\n", ""),
		allowOrphaned: []string{"AWS::DataZone::GroupProfile"}},
	// A second profile: every project-creation grant lists the profiles it allows.
	{name: "add profile", after: edit(
		"        preset: SQLAnalytics\n",
		"        preset: SQLAnalytics\n      - name: Lake\n        description: Data lake only\n        environments:\n          - {blueprint: DataLake}\n")},
	// Domain-wide project creators: the root unit's grant lists every profile too.
	{name: "add profile with domain project creators",
		before: edit("    owners:\n      - group: retail-data-owners\n",
			"    owners:\n      - group: retail-data-owners\n    projectCreators: [{group: retail-leads}]\n"),
		after: edit("        preset: SQLAnalytics\n",
			"        preset: SQLAnalytics\n      - name: Lake\n        description: Data lake only\n        environments:\n          - {blueprint: DataLake}\n")},
	{name: "rename project", after: edit("          - name: Footfall\n", "          - name: Store Footfall\n")},
	{name: "move project to another unit", after: func(t *testing.T, y string) string {
		// Footfall leaves Stores for Ecommerce/Checkout.
		start := strings.Index(y, "        projects:\n          - name: Footfall\n")
		end := strings.Index(y, "      - name: Ecommerce\n")
		if start < 0 || end < start {
			t.Fatal("mesh.yaml: Footfall not found in Stores: update the scenario")
		}
		block := y[start+len("        projects:\n") : end]
		y = y[:start] + y[end:]
		return replace(t, y, "        units:\n          - name: Checkout\n            owners: [{group: ecommerce-owners}]\n            projects:\n",
			"        units:\n          - name: Checkout\n            owners: [{group: ecommerce-owners}]\n            projects:\n"+indent(block, "    "))
	}},
	{name: "add consumer", after: edit(
		"                reason: sets up the sensor ingestion\n",
		"                reason: sets up the sensor ingestion\n            reads:\n              - product: Product Catalog Master Data\n                table: products\n                columns: [sku, category]\n                role: footfall-project\n")},
	{name: "change contract", after: edit(
		"              freshnessSla: 24h\n              retention: 5y\n",
		"              freshnessSla: 12h\n              retention: 5y\n")},
	{name: "add blueprint to profile", after: func(t *testing.T, y string) string {
		y = replace(t, y, "    blueprints: [LakehouseCatalog, DataLake, RedshiftServerless]\n", "    blueprints: [LakehouseCatalog, DataLake, RedshiftServerless, EmrServerless]\n")
		return replace(t, y, "        preset: SQLAnalytics\n", "        preset: SQLAnalytics\n        environments:\n          - {blueprint: EmrServerless, deployment: ON_DEMAND}\n")
	}},
	{name: "turn project into Master Data",
		before: edit("        projects:\n          - name: Footfall\n",
			"        projects:\n          - name: Sensors Master Data\n            description: Store sensors\n            profile: Analytics\n            members:\n              - {group: stores-analysts, designation: owner}\n          - name: Footfall\n"),
		after: func(t *testing.T, y string) string {
			y = replace(t, y, "          - name: Sensors Master Data\n            description: Store sensors\n            profile: Analytics\n            members:\n              - {group: stores-analysts, designation: owner}\n", "")
			return replace(t, y, "        projects:\n          - name: Footfall\n",
				"        masterData:\n          - source: Sensors\n            description: Store sensors\n            profile: Analytics\n            dataOwners: [{group: stores-analysts}]\n            contract:\n              name: Sensors\n              owner: Head of Stores\n              steward: stores-owners\n              freshnessSla: 24h\n              tables:\n                - name: readings\n                  columns:\n                    - {name: sensor_id, type: string}\n              qualityRules:\n                - {rule: isComplete, table: readings, column: sensor_id}\n            dataSource:\n              database: sensors\n        projects:\n          - name: Footfall\n")
		}},
	{name: "add connections", after: edit(
		"            description: Visitors per store and hour\n",
		"            description: Visitors per store and hour\n"+footfallConnections("athena"))},
	{name: "rename connection", before: edit(
		"            description: Visitors per store and hour\n",
		"            description: Visitors per store and hour\n"+footfallConnections("athena")),
		after: edit("              - name: athena\n", "              - name: athena-primary\n")},
	{name: "change connection in place", before: edit(
		"            description: Visitors per store and hour\n",
		"            description: Visitors per store and hour\n"+footfallConnections("athena")),
		after: edit("athena: {workgroupName: primary}", "athena: {workgroupName: footfall}")},
	{name: "add producer access", after: edit(
		"            description: Visitors per store and hour\n",
		"            description: Visitors per store and hour\n            producerAccess:\n              - {role: footfall-ingestion, database: footfall}\n")},
	{name: "change producer access level", before: edit(
		"            description: Visitors per store and hour\n",
		"            description: Visitors per store and hour\n            producerAccess:\n              - {role: footfall-ingestion, database: footfall}\n"),
		after: edit("{role: footfall-ingestion, database: footfall}", "{role: footfall-ingestion, database: footfall, level: ALL, grantable: true}")},
	{name: "add users without a role", after: edit(
		"    owners:\n      - group: retail-data-owners\n",
		"    owners:\n      - group: retail-data-owners\n    users:\n      - group: retail-readers\n      - group: stores-analysts\n")},
	{name: "remove user without a role", before: edit(
		"    owners:\n      - group: retail-data-owners\n",
		"    owners:\n      - group: retail-data-owners\n    users:\n      - group: retail-readers\n"),
		// DataZone has no delete API for profiles: the profile stays, by design.
		allowOrphaned: []string{"AWS::DataZone::GroupProfile"}},
	{name: "add data source to project", after: edit(
		"            description: Visitors per store and hour\n",
		"            description: Visitors per store and hour\n            dataSource: {database: footfall}\n")},
	// A project that publishes through its own data source becomes a Master Data project:
	// the data source, its lookup and grants keep their logical IDs and are updated in place
	// (the contract form and table filters are added).
	{name: "turn project with data source into Master Data",
		before: edit("        projects:\n          - name: Footfall\n",
			"        projects:\n          - name: Sensors Master Data\n            description: Store sensors\n            profile: Analytics\n            members:\n              - {group: stores-analysts, designation: owner}\n            dataSource:\n              database: sensors\n          - name: Footfall\n"),
		after: func(t *testing.T, y string) string {
			y = replace(t, y, "          - name: Sensors Master Data\n            description: Store sensors\n            profile: Analytics\n            members:\n              - {group: stores-analysts, designation: owner}\n            dataSource:\n              database: sensors\n", "")
			return replace(t, y, "        projects:\n          - name: Footfall\n",
				"        masterData:\n          - source: Sensors\n            description: Store sensors\n            profile: Analytics\n            dataOwners: [{group: stores-analysts}]\n            contract:\n              name: Sensors\n              owner: Head of Stores\n              steward: stores-owners\n              freshnessSla: 24h\n              tables:\n                - name: readings\n                  columns:\n                    - {name: sensor_id, type: string}\n              qualityRules:\n                - {rule: isComplete, table: readings, column: sensor_id}\n            dataSource:\n              database: sensors\n        projects:\n          - name: Footfall\n")
		}},
	{name: "add associated account", settings: func(s *stages.Settings) {
		s.Associated = map[string][]*stages.AssociatedAccount{"retail": {{Account: "200000000001",
			Network: &stages.NetworkSettings{VPCID: "vpc-0223456789abcdef0", SubnetIDs: []string{"subnet-0223456789abcdef0", "subnet-02edcba987654321"}}}}}
	}},
}

// footfallConnections is a connections block of the Footfall project whose Athena
// connection is named athena.
func footfallConnections(athena string) string {
	return "            connections:\n" +
		"              - name: " + athena + "\n                athena: {workgroupName: primary}\n" +
		"              - name: landing\n                s3: {uri: \"s3://footfall-${AWS::AccountId}/raw/\"}\n"
}

func indent(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "")
}

// yamlSettings are the dev settings of examples/yamlmesh without cdk-nag (the registry-schema
// check stays on).
func yamlSettings() *stages.Settings {
	return &stages.Settings{
		Account: "100000000001", Region: "eu-central-1",
		IdentityCenterInstanceARN: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
		Network: &stages.NetworkSettings{VPCID: "vpc-0123456789abcdef0",
			SubnetIDs: []string{"subnet-0123456789abcdef0", "subnet-0fedcba987654321"}},
		TemporaryUntil: "2099-12-31", DisableNag: true,
	}
}

func synthYAML(t *testing.T, y string, settings func(*stages.Settings)) string {
	t.Helper()
	def, err := stages.Parse("mesh.yaml", []byte(y))
	if err != nil {
		t.Fatalf("mesh.yaml: %v", err)
	}
	s := yamlSettings()
	if settings != nil {
		settings(s)
	}
	return simtest.Synth(t, "", func(app awscdk.App) {
		stages.NewMeshStage(app, jsii.String("dev"), &stages.MeshStageProps{Definition: def, Settings: s})
	})
}

// TestScenarios: the edits a mesh team makes every week deploy over the YAML example without
// a failure and without replacing, deleting or orphaning anything stateful.
func TestScenarios(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "yamlmesh", "mesh.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	base := string(data)
	baseDir := synthYAML(t, base, nil)
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			if reason, ok := knownFailingToday[sc.name]; ok && os.Getenv("CHANGESIM_RUN_KNOWN") == "" {
				t.Skip("known to fail today: " + reason)
			}
			before := baseDir
			if sc.before != nil {
				before = synthYAML(t, sc.before(t, base), nil)
			}
			after := base
			if sc.before != nil {
				after = sc.before(t, base)
			}
			if sc.after != nil {
				after = sc.after(t, after)
			}
			r, err := changesim.Simulate(before, synthYAML(t, after, sc.settings))
			if err != nil {
				t.Fatal(err)
			}
			checkSafe(t, r, sc.allowOrphaned)
		})
	}
}

// checkSafe fails on any failure and on any stateful change but the orphaning of the
// allowed types.
func checkSafe(t *testing.T, r *changesim.Report, allowOrphaned []string) {
	t.Helper()
	for _, f := range r.Failures {
		t.Errorf("failure: %s", f)
	}
	for _, c := range r.StatefulChanges {
		if c.Kind == changesim.Orphaned && contains(allowOrphaned, c.Type) {
			continue
		}
		t.Errorf("stateful change: %s", c)
	}
	if t.Failed() {
		t.Logf("report:\n%s", r)
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// TestYAMLExampleDeploys: the YAML example deploys into an empty account without a collision
// between its own resources, and deploying it again changes nothing.
func TestYAMLExampleDeploys(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "yamlmesh", "mesh.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := synthYAML(t, string(data), nil)
	again := synthYAML(t, string(data), nil)
	r, err := changesim.SimulateSteps("", dir, again)
	if err != nil {
		t.Fatal(err)
	}
	checkSafe(t, r, nil)
	creates := 0
	for _, o := range r.Operations {
		if o.Kind != changesim.OpCreate {
			t.Errorf("second deploy of the same definition: %s", o)
		}
		creates++
	}
	if creates == 0 {
		t.Error("no resource created")
	}
}

// grantScenarios are edits of grants through the construct API, where the detail is the
// user's: each deploys over the before side in one pass.
var grantScenarios = []struct {
	name          string
	before, after func(d datamesh.BusinessDomain, sales datamesh.DomainUnit, prof datamesh.IProjectProfile)
}{
	{name: "project creators IncludeChildDomainUnits flips", before: projectCreators(datamesh.ChildUnitsIncluded), after: projectCreators(datamesh.ChildUnitsExcluded)},
	{name: "unit creators IncludeChildDomainUnits flips",
		before: func(_ datamesh.BusinessDomain, sales datamesh.DomainUnit, _ datamesh.IProjectProfile) {
			sales.Grants().CreateDomainUnits(datamesh.GrantToPrincipal(datamesh.SSOGroup("sales-architects")), datamesh.ChildUnitsExcluded)
		},
		after: func(_ datamesh.BusinessDomain, sales datamesh.DomainUnit, _ datamesh.IProjectProfile) {
			sales.Grants().CreateDomainUnits(datamesh.GrantToPrincipal(datamesh.SSOGroup("sales-architects")), datamesh.ChildUnitsIncluded)
		}},
	{name: "add profile to a unit's project creators", before: creatorsOf(false), after: creatorsOf(true)},
}

// creatorsOf grants the Sales leads project creation from the SQL profile, and from a
// second profile (which exists on both sides) when both.
func creatorsOf(both bool) func(d datamesh.BusinessDomain, sales datamesh.DomainUnit, prof datamesh.IProjectProfile) {
	return func(d datamesh.BusinessDomain, sales datamesh.DomainUnit, prof datamesh.IProjectProfile) {
		lake := datamesh.NewProjectProfile(d, jsii.String("Lake"), &datamesh.ProjectProfileProps{Domain: d, Name: "Lake", Preset: datamesh.PresetSQLAnalytics})
		profiles := []datamesh.IProjectProfile{prof}
		if both {
			profiles = append(profiles, lake)
		}
		sales.Grants().CreateProjects(datamesh.GrantToPrincipal(datamesh.SSOGroup("sales-leads")), profiles, datamesh.ChildUnitsIncluded)
	}
}

// TestGrantScenarios: a grant whose detail changes (profiles listed, child units included)
// is updated in place, without a failure or a stateful change, and stays one grant.
func TestGrantScenarios(t *testing.T) {
	for _, sc := range grantScenarios {
		t.Run(sc.name, func(t *testing.T) {
			r := simtest.Compare(t, constructApp(sc.before), constructApp(sc.after))
			checkSafe(t, r, nil)
			updates := 0
			for _, o := range r.Operations {
				if o.Type != "Custom::SmusmeshPolicyGrant" {
					continue
				}
				if o.Kind != changesim.OpUpdate {
					t.Errorf("grant: %s, want an update in place", o)
				}
				updates++
			}
			if updates != 1 {
				t.Errorf("%d grant updates, want 1:\n%s", updates, r)
			}
		})
	}
}
