package stages

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// template is a synthesized template reduced to what a change set compares.
type template struct {
	Resources map[string]struct {
		Type       string         `json:"Type"`
		Properties map[string]any `json:"Properties"`
	} `json:"Resources"`
}

// logicalIDs reads the templates of a stage's assembly: template file (hash of nested
// templates removed) -> logical ID -> resource.
func stageResources(t *testing.T, dir, stage string) map[string]template {
	t.Helper()
	out := map[string]template{}
	for name, body := range readTemplates(t, filepath.Join(dir, "assembly-"+stage)) {
		var tpl template
		if err := json.Unmarshal([]byte(body), &tpl); err != nil {
			t.Fatal(err)
		}
		out[fileHashRe.ReplaceAllString(name, "$1.template.json")] = tpl
	}
	return out
}

// renamedFixture is the master-data fixture after a rename and a move of everything:
// the unit Sales becomes "Sales and Service" (key Sales), the Master Data source CRM
// becomes "Customer" (key "CRM Master Data") and moves to Marketing, the project Billing
// Audit becomes "Invoice Audit" (key "Billing Audit") and moves from the root unit to
// Sales, Campaign Analytics becomes "Campaign Insights" (key "Campaign Analytics").
func renamedFixture(t *testing.T) *Definition {
	def := loadMasterData(t)
	d := def.Domains[0]
	sales, marketing := d.Units[0], d.Units[1]
	sales.Key, sales.Name = "Sales", "Sales and Service"
	crm := sales.MasterData[0]
	crm.Key, crm.Source = "CRM Master Data", "Customer"
	sales.MasterData, marketing.MasterData = nil, []*MasterDataDef{crm}
	billing := d.Projects[0]
	billing.Key, billing.Name = "Billing Audit", "Invoice Audit"
	d.Projects, sales.Projects = nil, []*ProjectDef{billing}
	campaign := marketing.Projects[0]
	campaign.Key, campaign.Name = "Campaign Analytics", "Campaign Insights"
	for _, p := range []*ProjectDef{billing, campaign} {
		for _, r := range p.Reads {
			r.Product = "Customer Master Data"
		}
	}
	if err := def.Validate(); err != nil {
		t.Fatalf("renamed fixture: %v", err)
	}
	return def
}

// TestRenameAndMoveKeepLogicalIDs synthesizes the fixture, then the fixture with every
// project, the Master Data project and a unit renamed (keys kept) and moved to other
// units: every template, logical ID and nested stack ID stays; the only properties that
// change are the names (AWS::DataZone::Project and DomainUnit Name, updatable), the
// projects' DomainUnitId (updatable: a move is an in-place update) and, on the nested
// stack resources, the parameters that carry the new unit's ID and the template URL.
func TestRenameAndMoveKeepLogicalIDs(t *testing.T) {
	dir1, _ := synthMesh(t, loadMasterData(t), []string{"dev"}, nil)
	dir2, _ := synthMesh(t, renamedFixture(t), []string{"dev"}, nil)
	before, after := stageResources(t, dir1, "dev"), stageResources(t, dir2, "dev")
	if !reflect.DeepEqual(sortedKeys(before), sortedKeys(after)) {
		t.Fatalf("templates differ:\nbefore %v\nafter  %v", sortedKeys(before), sortedKeys(after))
	}
	allowed := map[string][]string{
		"AWS::DataZone::Project":     {"Name", "DomainUnitId"},
		"AWS::DataZone::DomainUnit":  {"Name"},
		"AWS::CloudFormation::Stack": {"Parameters", "TemplateURL"},
		// The data source's default description names the source; Description is
		// updatable (not create-only in the registry schema).
		"AWS::DataZone::DataSource": {"Description"},
		// The lookup's project name is only for its messages; an update re-runs the lookup,
		// which returns the same connection.
		"Custom::SmusmeshLakehouseConnection": {"ProjectName"},
	}
	// Member-pool grants (ADD_TO_PROJECT_MEMBER_POOL) are per unit and principal: a moved
	// project's members join the new unit's pool (a new grant, another service identity,
	// so no collision) and leave the old one. They are the only logical IDs that may come
	// and go.
	stable := func(ids []string) []string {
		return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return strings.Contains(id, "MemberPool") })
	}
	changed := map[string]bool{}
	for file, b := range before {
		a := after[file]
		if !reflect.DeepEqual(stable(sortedKeys(b.Resources)), stable(sortedKeys(a.Resources))) {
			t.Errorf("%s: logical IDs differ:\nbefore %v\nafter  %v", file, sortedKeys(b.Resources), sortedKeys(a.Resources))
			continue
		}
		for id, rb := range b.Resources {
			ra, ok := a.Resources[id]
			if !ok {
				continue
			}
			for _, k := range sortedKeys(union(rb.Properties, ra.Properties)) {
				if reflect.DeepEqual(rb.Properties[k], ra.Properties[k]) {
					continue
				}
				if !slices.Contains(allowed[rb.Type], k) {
					t.Errorf("%s %s (%s): %s changed:\n%v\n%v", file, id, rb.Type, k, rb.Properties[k], ra.Properties[k])
				}
				changed[rb.Type+"."+k] = true
			}
		}
	}
	// The renames and moves did reach the templates.
	for _, want := range []string{"AWS::DataZone::Project.Name", "AWS::DataZone::Project.DomainUnitId", "AWS::DataZone::DomainUnit.Name"} {
		if !changed[want] {
			t.Errorf("%s did not change: the test does not rename or move", want)
		}
	}
}

func union(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// synthInto synthesizes def's dev stage into dir (which may hold a previous assembly) and
// returns the stage and the warnings of the domain stack energy.
func synthInto(t *testing.T, dir string, def *Definition) (*MeshStage, []string) {
	t.Helper()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir)})
	var m *MeshStage
	if err := problem.Catch(func() {
		m = NewMeshStage(app, jsii.String("dev"), &MeshStageProps{Definition: def, Settings: settingsFor("dev", def)})
	}); err != nil {
		t.Fatalf("build: %v", err)
	}
	var warnings []string
	msgs := assertions.Annotations_FromStack(m.DomainStack("energy")).FindWarning(jsii.String("*"), assertions.Match_AnyValue())
	for _, w := range *msgs {
		if s, ok := w.Entry.Data.(string); ok && strings.Contains(s, "key") {
			warnings = append(warnings, s)
		}
	}
	if _, err := Synth(app); err != nil {
		t.Fatalf("synth: %v", err)
	}
	return m, warnings
}

// TestKeyChangeWarns synthesizes twice into one output directory: the second synth
// compares the definition's keys with the first assembly and warns about every key that
// is gone, saying what happens to the old project or unit and how to keep it.
func TestKeyChangeWarns(t *testing.T) {
	// The key warnings are the subject here; the changed keys also fail the change check
	// (TestChangeCheck), which is off.
	t.Setenv(ChangeCheckEnv, "off")
	dir := t.TempDir()
	m, w := synthInto(t, dir, loadMasterData(t))
	if m.PreviousAssembly() != "" || len(w) != 0 {
		t.Fatalf("first synth: previous %q, warnings %v", m.PreviousAssembly(), w)
	}
	// A rename with the keys kept (and a new unit): compared, no warning.
	def := renamedFixture(t)
	d := def.Domains[0]
	emea := &UnitDef{Name: "EMEA", Owners: []*PrincipalDef{{Group: "emea-owners"}}}
	d.Units[1].Units = []*UnitDef{emea}
	m, w = synthInto(t, dir, def)
	if m.PreviousAssembly() == "" || len(w) != 0 {
		t.Fatalf("rename with keys: previous %q, warnings %v", m.PreviousAssembly(), w)
	}
	// Keys changed: the project's key, the Master Data project's, and a unit's parent.
	d.Units[0].Projects[0].Key = "invoice-audit"
	d.Units[1].MasterData[0].Key = ""
	d.Units[1].Units = nil
	d.Units[0].Units = []*UnitDef{emea}
	m, w = synthInto(t, dir, def)
	if len(m.KeyChanges()) != len(w) {
		t.Errorf("KeyChanges %d, warnings %d", len(m.KeyChanges()), len(w))
	}
	want := []string{
		`project key "Billing Audit" (project "Invoice Audit") is gone: the retained project stays in the service, orphaned, with its members; a new empty project is created for key "invoice-audit" (project "Invoice Audit"), key "Customer Master Data" (Master Data project "Customer Master Data")`,
		`. To keep the project, restore key: Billing Audit (set key: Billing Audit on "Invoice Audit")`,
		`Master Data project key "CRM Master Data" (Master Data project "Customer Master Data") is gone`,
		`unit key "Marketing/EMEA" (unit "Marketing/EMEA") moved to "Sales/EMEA" (unit "Sales and Service/EMEA")`,
		`ParentDomainUnitIdentifier is create-only`,
		`To keep the unit, move it back under "Marketing"`,
	}
	all := strings.Join(w, "\n")
	for _, s := range want {
		if !strings.Contains(all, s) {
			t.Errorf("warnings lack %q:\n%s", s, all)
		}
	}
	if len(w) != 3 {
		t.Errorf("want 3 warnings (project key, Master Data key, unit move), got %d:\n%s", len(w), all)
	}
	// The same definition again: the old nested templates are still files in the output
	// directory, but the manifest no longer names them, so nothing is gone.
	if _, w = synthInto(t, dir, def); len(w) != 0 {
		t.Errorf("unchanged keys warn:\n%s", strings.Join(w, "\n"))
	}
}

func TestReadKeysOfOldTemplates(t *testing.T) {
	// Templates written before keys existed record names only: the names stand in.
	dir := t.TempDir()
	tpl := `{"Resources": {
		"P": {"Type": "AWS::DataZone::Project", "Metadata": {"smusmesh": {"kind": "Project", "domain": "energy", "name": "Orders"}}},
		"U": {"Type": "AWS::DataZone::DomainUnit", "Metadata": {"smusmesh": {"kind": "DomainUnit", "domain": "energy", "name": "Sales/EMEA"}}},
		"M": {"Type": "AWS::DataZone::ProjectMembership", "Metadata": {"smusmesh": {"kind": "ProjectMembership", "domain": "energy", "name": "Orders"}}}}}`
	if err := os.WriteFile(filepath.Join(dir, "x.nested.template.json"), []byte(tpl), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadKeys(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []KeyRecord{{Domain: "energy", Kind: KeyProject, Key: "Orders", Name: "Orders", Template: "x.nested.template.json"}, {Domain: "energy", Kind: KeyUnit, Key: "Sales/EMEA", Name: "Sales/EMEA"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadKeys = %+v", got)
	}
	if got, err := ReadKeys(filepath.Join(dir, "missing")); err != nil || got != nil {
		t.Errorf("missing dir: %v %v", got, err)
	}
}

func TestKeyChanges(t *testing.T) {
	def := &Definition{Domains: []*DomainDef{{Name: "energy",
		Projects: []*ProjectDef{{Name: "Orders", Key: "sales-orders"}},
		Units:    []*UnitDef{{Name: "Grid", Units: []*UnitDef{{Name: "North"}}}}}}}
	prev := []KeyRecord{
		{Domain: "energy", Kind: KeyProject, Key: "orders", Name: "Orders"},
		{Domain: "energy", Kind: KeyProject, Key: "Legacy", Name: "Legacy"},
		{Domain: "energy", Kind: KeyUnit, Key: "Old", Name: "Old"},
		{Domain: "energy", Kind: KeyUnit, Key: "Old/Deep", Name: "Old/Deep"},
		{Domain: "energy", Kind: KeyUnit, Key: "Grid", Name: "Grid"},
		{Domain: "gone-domain", Kind: KeyProject, Key: "x", Name: "x"},
	}
	var got []string
	for _, c := range KeyChanges(prev, def) {
		got = append(got, c.ID+" "+c.Key)
	}
	want := []string{"smusmesh:ProjectKeyGone orders", "smusmesh:ProjectKeyGone Legacy", "smusmesh:UnitKeyGone Old"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("KeyChanges = %v, want %v", got, want)
	}
	msg := KeyChanges(prev[:1], def)[0].Message
	if msg != `project key "orders" (project "Orders") is gone: the retained project stays in the service, orphaned, with its members; a new empty project is created for key "sales-orders" (project "Orders"). To keep the project, restore key: orders (set key: orders on "Orders")` {
		t.Errorf("message: %s", msg)
	}
}

func TestKeysAreUniqueInADomain(t *testing.T) {
	src := `governance: {name: g}
domains:
  - name: energy
    profiles: [{name: A}]
    projects:
      - {name: Orders, profile: A}
    units:
      - name: Grid
        projects:
          - {name: Orders, profile: A}
          - {name: Billing, key: orders, profile: A}
          - {name: Bad, key: "a/b", profile: A}
        units:
          - {name: North}
          - {name: South, key: North}
`
	_, err := Parse("mesh.yaml", []byte(src))
	if err == nil {
		t.Fatal("no error")
	}
	var lines []string
	for _, p := range problem.All(err) {
		if errors.Is(p, datamesh.ErrDuplicate) || strings.Contains(p.Error(), "key") {
			lines = append(lines, p.Error())
		}
	}
	all := strings.Join(lines, "\n")
	for _, s := range []string{
		`mesh.yaml:10: domains[energy].units[Grid].projects[Orders].name: key "Orders" is also the key of domains[energy].projects[Orders] (mesh.yaml:6)`,
		`mesh.yaml:11: domains[energy].units[Grid].projects[Billing].key: key "orders" is also the key of domains[energy].projects[Orders] (mesh.yaml:6)`,
		`domains[energy].units[Grid].projects[Bad].key: "a/b": invalid props: a key is`,
		`mesh.yaml:15: domains[energy].units[Grid].units[South].key: "North": duplicate: unit "Grid" already has a child unit of that key (domains[energy].units[Grid].units[North], mesh.yaml:14)`,
	} {
		if !strings.Contains(all, s) {
			t.Errorf("problems lack %q:\n%s", s, all)
		}
	}
}

// TestProjectStackIDOfRootUnitProjects pins the stack ID formula: the ID of a project in
// the root unit is the one it had before keys existed (sha256 of "|" + name), so such
// projects keep their nested stacks across the upgrade; the unit never enters it.
func TestProjectStackIDOfRootUnitProjects(t *testing.T) {
	if got := ProjectStackID("Billing Audit"); got != "ProjectBillingAudit6c59ee71" {
		t.Errorf("ProjectStackID = %s", got)
	}
}

// TestUpgradeWarnsAboutNestedStackChange: a project whose key stays but whose nested stack
// ID changed (as when a mesh synthesized before keys existed is upgraded: its nested stack
// IDs of projects in units hashed the unit path) is a warning. The previous assembly is
// made to look old by renaming one nested template in it.
func TestUpgradeWarnsAboutNestedStackChange(t *testing.T) {
	dir := t.TempDir()
	synthInto(t, dir, loadMasterData(t))
	asm := filepath.Join(dir, "assembly-dev")
	nested, _ := filepath.Glob(filepath.Join(asm, "devEnergyProjectCampaignAnalytics*.nested.template.json"))
	manifests, _ := filepath.Glob(filepath.Join(asm, "*.assets.json"))
	if len(nested) != 1 || len(manifests) == 0 {
		t.Fatalf("assembly: %v %v", nested, manifests)
	}
	old := filepath.Base(nested[0])
	legacy := "devEnergyProjectCampaignAnalytics0123abcdDEADBEEF.nested.template.json"
	if err := os.Rename(nested[0], filepath.Join(asm, legacy)); err != nil {
		t.Fatal(err)
	}
	for _, f := range manifests {
		b, _ := os.ReadFile(f)
		if err := os.WriteFile(f, []byte(strings.ReplaceAll(string(b), old, legacy)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m, w := synthInto(t, dir, loadMasterData(t))
	var ids []string
	for _, c := range m.KeyChanges() {
		ids = append(ids, c.ID+" "+c.Key)
	}
	if !reflect.DeepEqual(ids, []string{"smusmesh:ProjectStackChanged Campaign Analytics"}) {
		t.Fatalf("changes: %v", ids)
	}
	want := `project key "Campaign Analytics" (project "Campaign Analytics") changes nested stack (was ` + legacy + `, now ` + old + `)`
	if len(w) != 1 || !strings.Contains(w[0], want) {
		t.Errorf("warnings lack %q:\n%s", want, strings.Join(w, "\n"))
	}
}
