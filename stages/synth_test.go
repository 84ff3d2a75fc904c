package stages

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/cfnschema"
)

var (
	hashRe     = regexp.MustCompile(`[0-9a-f]{64}`)
	refParamRe = regexp.MustCompile(`(referenceto[A-Za-z0-9]+?)[0-9A-F]{8}(Id|GroupId|Ref|Arn|Attr[A-Za-z]*)\b`)
	fileHashRe = regexp.MustCompile(`[0-9A-F]{8}((?:\.nested)?)\.template\.json$`)
)

// normalize removes what legitimately differs between runs (asset hashes) and between
// stages (the stage name, accounts, Identity Center instance, VPC and subnets, production
// flag of nested stack descriptions).
func normalize(env, s string) string {
	s = hashRe.ReplaceAllString(s, "HASH")
	// Nested stack parameter names carry a hash of the construct path, which starts with
	// the stage name.
	s = refParamRe.ReplaceAllString(s, "${1}PATHHASH$2")
	digit := map[string]string{"dev": "1", "uat": "2", "prd": "3"}[env]
	for _, a := range []string{"1", "2", "3", "4", "5", "6", "7"} {
		s = strings.ReplaceAll(s, a+"0000000000"+digit, "ACCOUNT"+a)
	}
	s = strings.ReplaceAll(s, "ssoins-"+digit+"234567890abcdef", "ssoins-IDC")
	s = strings.ReplaceAll(s, "0"+digit+"23456789abcdef0", "0NET")
	s = strings.ReplaceAll(s, "0"+digit+"fedcba987654321", "0NET2")
	s = strings.ReplaceAll(s, "/smusmesh/"+env+"/", "/smusmesh/ENV/")
	s = strings.ReplaceAll(s, "("+env+")", "(ENV)")
	s = strings.ReplaceAll(s, env, "ENV")
	return s
}

func stageTemplates(t testing.TB, dir, env string) map[string]string {
	out := map[string]string{}
	for k, v := range readTemplates(t, filepath.Join(dir, "assembly-"+env)) {
		k = fileHashRe.ReplaceAllString(normalize(env, k), "$1.template.json")
		out[k] = normalize(env, v)
	}
	return out
}

func TestDeterministicAndStagesDifferOnlyInSettings(t *testing.T) {
	def := genDefinition(6)
	dir1, _ := synthMesh(t, def, []string{"dev", "uat", "prd"}, nil)
	dir2, _ := synthMesh(t, def, []string{"dev", "uat", "prd"}, nil)
	a, b := readTemplates(t, dir1), readTemplates(t, dir2)
	if len(a) != len(b) {
		t.Fatalf("runs differ in template count: %d vs %d", len(a), len(b))
	}
	for k, v := range a {
		if hashRe.ReplaceAllString(v, "") != hashRe.ReplaceAllString(b[k], "") {
			t.Errorf("template %s differs between two runs", k)
		}
	}
	dev := stageTemplates(t, dir1, "dev")
	for _, env := range []string{"uat", "prd"} {
		other := stageTemplates(t, dir1, env)
		if len(other) != len(dev) {
			t.Errorf("%s has %d templates, dev %d", env, len(other), len(dev))
		}
		for k, v := range dev {
			if other[k] != v {
				t.Errorf("%s differs from dev beyond the settings in %s:\n%s", env, k, firstDiff(v, other[k]))
			}
		}
	}
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(la), len(lb))
}

// TestCrossStackReferences lists every value that crosses a stack boundary inside a
// stage, so that a new one is a deliberate change of this list.
//
// Master Data: the product (CRM Master Data, Unit 000) is read by Project 0000 with a column
// list, by Project 0001 with a row filter and by Project 0001 through an LF-tag expression.
// Column and row-filter reads add no reference: the grants name the product's catalog (the
// domain's account), database and table as literals. The tag-expression read adds one
// dependency: Project 0001's nested stack depends on the product's nested stack, which holds
// the LF-tags and their table associations (no parameter, no export). The product's nested
// stack receives the ARNs of the domain's Lakehouse connection lookup function and role.
func TestCrossStackReferences(t *testing.T) {
	def := genDefinition(4) // energy: Unit 000 with Project 0000 and Project 0001
	def.Domains = def.Domains[:1]
	def.Domains[0].Profiles[0].Environments[1].Deployment = "ON_CREATE" // DataLake, for the Master Data project
	fixture := loadMasterData(t)
	u := def.Domains[0].Units[0]
	u.MasterData = fixture.Domains[0].Units[0].MasterData
	u.Projects[0].Reads = []*ReadDef{{Product: "CRM Master Data", Table: "customers", Columns: []string{"customer_id", "country"}, Role: "reader"}}
	// Both reads of Project 0001 expose the e-mail column (PII): approved.
	approved := &ApprovalDef{Reason: "Billing audit contacts customers about disputed invoices (PRIV-42)."}
	u.Projects[1].Reads = []*ReadDef{
		{Product: "CRM Master Data", Table: "customers", RowFilter: "country = 'DE'", Role: "reader", PIIApproval: approved},
		{Product: "CRM Master Data", TagExpression: map[string][]string{"domain": {"sales"}}, Role: "reader", PIIApproval: approved},
	}
	dir, _ := synthMesh(t, def, []string{"dev"}, func(_ string, s *Settings) {
		s.Associated = map[string][]*AssociatedAccount{"energy": {{Account: "900000000001", Network: s.Network}}}
	})
	var refs []string
	for name, body := range readTemplates(t, filepath.Join(dir, "assembly-dev")) {
		var tm struct {
			Parameters map[string]struct {
				Type string
			}
			Resources map[string]struct {
				Type      string
				DependsOn []string
			}
		}
		if err := json.Unmarshal([]byte(body), &tm); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(body, "Fn::ImportValue") {
			refs = append(refs, name+": Fn::ImportValue")
		}
		kind := "stack"
		if strings.HasSuffix(name, ".nested.template.json") {
			kind = "nested"
		}
		for p, v := range tm.Parameters {
			if p == "BootstrapVersion" {
				continue
			}
			p = regexp.MustCompile(`[0-9A-F]{8}(Ref|Attr\w+)?$`).ReplaceAllString(p, "…$1")
			refs = append(refs, fmt.Sprintf("%s parameter %s (%s)", kind, p, v.Type))
		}
		// Dependencies between nested stacks of one domain stack.
		for id, r := range tm.Resources {
			if r.Type != "AWS::CloudFormation::Stack" {
				continue
			}
			for _, d := range r.DependsOn {
				if tm.Resources[d].Type == "AWS::CloudFormation::Stack" {
					refs = append(refs, fmt.Sprintf("nested stack %s depends on %s", id[:strings.Index(id, "NestedStack")], d[:strings.Index(d, "NestedStack")]))
				}
			}
		}
	}
	sort.Strings(refs)
	want := []string{
		"nested parameter referencetodevEnergyDomain… (String)",
		"nested parameter referencetodevEnergyDomainGroupIds…GroupId (String)",  // a group ID resolved from its name in the domain stack
		"nested parameter referencetodevEnergyDomainProfileAnalytics… (String)", // profile ID
		// The Lakehouse connection lookup of the Master Data project: its provider (one per
		// domain stack) and the provider's role, which joins the project.
		"nested parameter referencetodevEnergyDomainLakehouseConnectionLookupFunction… (String)",
		"nested parameter referencetodevEnergyDomainLakehouseConnectionLookupRole… (String)",
		"nested parameter referencetodevEnergyDomainUnitUnit000… (String)",
		"nested stack ProjectProject0001… depends on ProjectCRMMasterData…", // tag-expression read: the product's LF-tags
		// The associated account's stack crosses no reference: it reads the domain ID at
		// deploy time from the shared parameter (custom resource), and depends on the
		// domain stack (assembly manifest, TestAssociatedAccount).
	}
	// "…" stands for any text (hashes, Id suffixes).
	matches := func(r, w string) bool {
		return regexp.MustCompile("^" + strings.ReplaceAll(regexp.QuoteMeta(w), "…", ".*") + "$").MatchString(r)
	}
	got := strings.Join(refs, "\n")
	t.Logf("cross-stack references:\n%s", got)
	for _, w := range want {
		if !slices.ContainsFunc(refs, func(r string) bool { return matches(r, w) }) {
			t.Errorf("missing reference %q", w)
		}
	}
	for _, r := range refs {
		if !slices.ContainsFunc(want, func(w string) bool { return matches(r, w) }) {
			t.Errorf("unexpected reference %s: add it to the list deliberately", r)
		}
	}
}

func TestRemovingAProjectLeavesTheOthersAlone(t *testing.T) {
	def := genDefinition(6)
	before, _ := synthMesh(t, def, []string{"dev"}, nil)
	u := def.Domains[0].Units[0]
	u.Projects = append(u.Projects[:1], u.Projects[2:]...)
	after, _ := synthMesh(t, def, []string{"dev"}, nil)
	a, b := readTemplates(t, before), readTemplates(t, after)
	removed := 0
	for k, v := range a {
		if !strings.HasSuffix(k, ".nested.template.json") {
			continue
		}
		w, ok := b[k]
		if !ok {
			removed++
			continue
		}
		if w != v {
			t.Errorf("nested template %s changed when another project was removed", k)
		}
	}
	if removed != 1 {
		t.Errorf("want exactly one nested template gone, got %d", removed)
	}
}

func TestLimitExceededIsASynthError(t *testing.T) {
	scaleTest(t)
	def := genDefinition(2)
	def.Domains = def.Domains[:1]
	for i := range 480 {
		def.Domains[0].Units = append(def.Domains[0].Units, &UnitDef{Name: fmt.Sprintf("Extra %03d", i)})
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir()), Context: &map[string]any{"@aws-cdk/core:appMode": "inmemory"}})
	NewMeshStage(app, jsii.String("dev"), &MeshStageProps{Definition: def, Settings: settingsFor("dev", def)})
	_, err := Synth(app)
	if err == nil {
		t.Fatal("a stack of more than 500 resources synthesized")
	}
	for _, w := range []string{"dev/Energy", "AWS::DataZone::DomainUnit (481)"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error does not contain %q: %.600s", w, err)
		}
	}
	if !errors.Is(err, datamesh.ErrLimit) {
		t.Errorf("errors.Is(err, ErrLimit) is false: %v", err)
	}
}

// scaleEnv is the environment variable that turns on the scale tests: 1,000 projects in
// three stages and a stack past CloudFormation's resource limit take minutes of CPU, so
// `go test ./...` skips them unless SMUSMESH_SCALE=1; CI (.ci/run) sets it. The timing
// of the same sizes is measured by the benchmarks (BenchmarkSynth, bench/compare), never
// by these tests.
const scaleEnv = "SMUSMESH_SCALE"

// scaleTest skips t unless the scale tests are on (and always under -short).
func scaleTest(t *testing.T) {
	t.Helper()
	if testing.Short() || os.Getenv(scaleEnv) != "1" {
		t.Skipf("scale test: set %s=1 to run it (CI does)", scaleEnv)
	}
}

// TestThousandProjects synthesizes 1,000 projects in dev, uat and prd with every check on,
// keeps every template under the limits and valid against the registry schemas.
func TestThousandProjects(t *testing.T) {
	scaleTest(t)
	def := genDefinition(1000)
	dir, _ := synthMesh(t, def, []string{"dev", "uat", "prd"}, nil)
	if err := CheckLimits(dir); err != nil {
		t.Fatal(err)
	}
	nested, maxRes := 0, 0
	for _, env := range []string{"dev", "uat", "prd"} {
		st, err := Stats(filepath.Join(dir, "assembly-"+env))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range st {
			if strings.HasSuffix(s.File, ".nested.template.json") {
				nested++
			} else {
				maxRes = max(maxRes, s.Resources)
			}
		}
	}
	if nested != 3000 {
		t.Errorf("want 3000 project nested stacks, got %d", nested)
	}
	t.Logf("largest domain stack: %d resources", maxRes)
	findings, err := cfnschema.ValidateAssembly(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range findings {
		if i < 20 {
			t.Errorf("schema: %s", f)
		}
	}
}

// TestCheckLimits covers the limits the CDK does not check itself: parameters, outputs
// and template size, on nested templates too.
func TestCheckLimits(t *testing.T) {
	dir := t.TempDir()
	params := map[string]any{}
	for i := range 201 {
		params[fmt.Sprintf("P%d", i)] = map[string]any{"Type": "String"}
	}
	parent := map[string]any{"Resources": map[string]any{"Child": map[string]any{"Type": "AWS::CloudFormation::Stack",
		"Metadata": map[string]any{"aws:cdk:path": "dev/Energy/ProjectX.NestedStack/ProjectX.NestedStackResource", "aws:asset:path": "devEnergyProjectX.nested.template.json"}}}}
	child := map[string]any{"Parameters": params, "Resources": map[string]any{}}
	for name, v := range map[string]any{"devEnergy.template.json": parent, "devEnergyProjectX.nested.template.json": child} {
		data, _ := json.Marshal(v)
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err := CheckLimits(dir)
	if !errors.Is(err, datamesh.ErrLimit) || !strings.Contains(err.Error(), "stack dev/Energy/ProjectX.NestedStack/ProjectX.NestedStackResource has 201 parameters, CloudFormation allows 200") {
		t.Errorf("CheckLimits: %v", err)
	}
}
