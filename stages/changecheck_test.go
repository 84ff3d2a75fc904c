package stages

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/problem"
)

// changeSynth synthesizes def's dev stage into dir (which may hold a previous assembly) and
// returns the stage's previous assembly, Synth's error and the change check's violations
// from the validation report the CDK writes into the output directory (which leaves out
// plugins that report nothing).
func changeSynth(t *testing.T, dir string, def *Definition, s *Settings) (string, error, []map[string]any) {
	t.Helper()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir)})
	var m *MeshStage
	if err := problem.Catch(func() {
		m = NewMeshStage(app, jsii.String("dev"), &MeshStageProps{Definition: def, Settings: s})
	}); err != nil {
		t.Fatalf("build: %v", err)
	}
	_, err := Synth(app)
	b, rerr := os.ReadFile(filepath.Join(dir, "validation-report.json"))
	if rerr != nil {
		t.Fatalf("validation report: %v (synth: %v)", rerr, err)
	}
	var report struct {
		PluginReports []struct {
			PluginName string           `json:"pluginName"`
			Violations []map[string]any `json:"violations"`
		} `json:"pluginReports"`
	}
	if err := json.Unmarshal(b, &report); err != nil {
		t.Fatal(err)
	}
	for _, r := range report.PluginReports {
		if r.PluginName == ChangeCheckPlugin {
			return m.PreviousAssembly(), err, r.Violations
		}
	}
	return m.PreviousAssembly(), err, nil
}

// TestChangeCheck synthesizes into one output directory three times: the first synth has
// no previous assembly (no check), the second renames and moves with keys kept (checked,
// nothing reported), the third changes a project's key, so that the new project is
// created while the old one, retained, still holds its name: synth fails, naming the
// resource, the service's error and the fix. Turned off, the same synth passes.
func TestChangeCheck(t *testing.T) {
	dir := t.TempDir()
	def := loadMasterData(t)
	if prev, err, v := changeSynth(t, dir, def, settingsFor("dev", def)); prev != "" || err != nil || v != nil {
		t.Fatalf("first synth: previous %q, %v, change check %v", prev, err, v)
	}
	def = renamedFixture(t)
	if prev, err, v := changeSynth(t, dir, def, settingsFor("dev", def)); prev == "" || err != nil || v != nil {
		t.Fatalf("safe change: previous %q, synth %v, change check %v (want checked, nothing reported)", prev, err, v)
	}
	def.Domains[0].Units[0].Projects[0].Key = "invoice-audit"
	_, err, v := changeSynth(t, dir, def, settingsFor("dev", def))
	if err == nil {
		t.Fatal("changed key: synth passed")
	}
	var errs []string
	for _, x := range v {
		b, _ := json.Marshal(x)
		if x["severity"] == "error" {
			errs = append(errs, string(b))
		}
	}
	all := strings.Join(errs, "\n")
	for _, want := range []string{
		`"ruleName":"ServiceRefuses"`,
		`create dev/Energy/ProjectInvoiceAudit`,
		`(AWS::DataZone::Project)`,
		`ConflictException: Project name already exists in the domain`,
		`is held by dev/Energy/ProjectBillingAudit`,
		`stays in the service (Retain`,
		`restore its key`,
		`"constructPath":"dev/Energy/ProjectInvoiceAudit2419779b/Project/Resource"`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("change check errors lack %q:\n%s", want, all)
		}
	}
	// Turned off for one run: the same change synthesizes (the key warning stays).
	t.Setenv(ChangeCheckEnv, "off")
	if _, err, v := changeSynth(t, dir, def, settingsFor("dev", def)); err != nil || v != nil {
		t.Errorf("%s=off: synth %v, change check %v", ChangeCheckEnv, err, v)
	}
}

// TestCheckChangesSeverities runs the check on the change simulator's hand-written
// assemblies: a refused operation and a replaced project are errors, a replaced unit a
// warning, an unchanged assembly nothing; every finding has a fix.
func TestCheckChangesSeverities(t *testing.T) {
	for _, tc := range []struct {
		dir  string
		want []string // severity rule, in any order, each at least once; nil: no finding
		not  []string // must not occur
	}{
		{dir: "unchanged"},
		{dir: "project-replaced", want: []string{"error " + RuleStatefulReplaced}, not: []string{"warning " + RuleStatefulReplaced}},
		{dir: "unit-reparented", want: []string{"warning " + RuleStatefulChange}, not: []string{"error " + RuleStatefulReplaced}},
		{dir: "rename-into-taken", want: []string{"error " + RuleServiceRefuses}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			base := filepath.Join("..", "internal", "changesim", "testdata", "handwritten", tc.dir)
			got, err := CheckChanges(filepath.Join(base, "before"), filepath.Join(base, "after"))
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, f := range got {
				seen[f.Severity+" "+f.Rule] = true
				if f.Fix == "" || f.Message == "" || f.LogicalID == "" {
					t.Errorf("finding without message, fix or resource: %+v", f)
				}
			}
			if tc.want == nil && len(got) != 0 {
				t.Errorf("want no finding, got %v", got)
			}
			for _, w := range tc.want {
				if !seen[w] {
					t.Errorf("want a %s finding, got %v", w, got)
				}
			}
			for _, n := range tc.not {
				if seen[n] {
					t.Errorf("unexpected %s finding: %v", n, got)
				}
			}
		})
	}
}
