package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// examples lists every example app; a new one must be added here to be checked.
var examples = []string{"quickstart", "readme", "enterprise", "yamlmesh", "brokenrule", "suppressed"}

// ownTests are example directories that their own test package synthesizes with the same
// checks (registry schemas, findings, docs/deploy.md), all their meshes in one jsii
// kernel instead of one more go run here.
var ownTests = []string{"meshes"}

// TestEveryExampleIsAwsSolutionsClean runs every example and reads cdk-nag's own reports:
// what smusmesh emits has no AwsSolutions finding that is not suppressed, and every
// suppression smusmesh ships is narrow (one rule, appliesTo) and gives a reason.
// brokenrule breaks a DataMesh rule on purpose (its run fails), not an AwsSolutions one.
func TestEveryExampleIsAwsSolutionsClean(t *testing.T) {
	entries, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && !contains(examples, e.Name()) && !contains(ownTests, e.Name()) {
			t.Errorf("examples/%s is not in the examples list of this test", e.Name())
		}
	}
	for _, name := range examples {
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			cmd := exec.Command("go", "run", "./examples/"+name)
			cmd.Dir = filepath.Join("..", "..")
			cmd.Env = append(os.Environ(), "CDK_OUTDIR="+out, "CDK_VALIDATION=false", "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20")
			b, err := cmd.CombinedOutput()
			if name == "brokenrule" {
				// The run tells the truth: exit 1, and the finding printed once.
				const want = "error DataMesh-CostlyBlueprintOnCreate dev/Costly/Costly/Ml/Resource: "
				if code := exitCode(err); code != 1 {
					t.Errorf("go run ./examples/brokenrule: exit code %d (%v), want 1\n%s", code, err, b)
				}
				if n := strings.Count(string(b), want); n != 1 {
					t.Errorf("go run ./examples/brokenrule printed %q %d times, want once:\n%s", want, n, b)
				}
				if strings.Contains(string(b), "Runtime process exited abnormally") {
					t.Errorf("go run ./examples/brokenrule: the jsii kernel was not closed quietly:\n%s", b)
				}
			} else if err != nil {
				t.Fatalf("go run ./examples/%s: %v\n%s", name, err, b)
			}
			reports, _ := filepath.Glob(filepath.Join(out, "AwsSolutions-*-NagReport.csv"))
			if len(reports) == 0 {
				t.Fatal("no AwsSolutions report: are the checks applied to every stage?")
			}
			for _, r := range reports {
				for _, row := range readCSV(t, r) {
					// Rule ID, Resource ID, Compliance, Exception Reason, Rule Level, Rule Info
					if len(row) > 2 && row[2] == "Non-Compliant" {
						t.Errorf("%s: %s on %s is not suppressed", filepath.Base(r), row[0], row[1])
					}
				}
			}
			checkSuppressions(t, out)
			checkDeployDoc(t, out)
		})
	}
}

// notGranular are the rules whose findings have no ID, so a suppression cannot be
// narrowed with appliesTo (cdk-nag would then never match it): they must sit on the one
// resource they concern.
var notGranular = []string{"AwsSolutions-S1"}

// checkSuppressions reads every template of the assembly: each cdk-nag suppression must
// name what it applies to (unless the rule has no findings to narrow) and give a reason.
func checkSuppressions(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".template.json") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var tpl struct {
			Resources map[string]struct {
				Metadata struct {
					CdkNag struct {
						Rules []struct {
							ID        string `json:"id"`
							Reason    string `json:"reason"`
							AppliesTo []any  `json:"applies_to"`
						} `json:"rules_to_suppress"`
					} `json:"cdk_nag"`
				}
			}
		}
		if err := json.Unmarshal(b, &tpl); err != nil {
			t.Fatal(err)
		}
		for id, r := range tpl.Resources {
			for _, s := range r.Metadata.CdkNag.Rules {
				if len(s.Reason) < 40 {
					t.Errorf("%s %s: suppression of %s has no real reason: %q", filepath.Base(path), id, s.ID, s.Reason)
				}
				if len(s.AppliesTo) == 0 && !contains(notGranular, s.ID) {
					t.Errorf("%s %s: suppression of %s is not narrowed with appliesTo", filepath.Base(path), id, s.ID)
				}
			}
		}
		return nil
	})
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// exitCode is the exit code of a command that ended with err (0 for nil, -1 if it did
// not run).
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if e, ok := err.(*exec.ExitError); ok {
		return e.ExitCode()
	}
	return -1
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
