package main

import (
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/internal/jsiitest"
	"github.com/smusmesh/smusmesh/problem"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/cfnschema"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestMain removes the shared quickstart assembly after the tests (and the fragments' scratch file).
func TestMain(m *testing.M) {
	jsiitest.Main(m, cfnfrag.Release, func() { os.RemoveAll(shared.dir) })
}

func synth(t *testing.T) string {
	t.Helper()
	out := t.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(out)})
	if err := problem.Catch(func() { build(app, variation{}) }); err != nil {
		t.Fatal(err)
	}
	app.Synth(nil)
	return out
}

// TestQuickstart synthesizes the quickstart mesh and checks it: valid against the
// registry schemas, no error-level finding (AwsSolutions and DataMesh), the mesh the
// README promises, and templates equal to the golden files.
func TestQuickstart(t *testing.T) {
	out := synth(t)
	findings, err := cfnschema.ValidateAssembly(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("registry schema: %s", f)
	}
	stage := filepath.Join(out, "assembly-dev")
	manifest, err := os.ReadFile(filepath.Join(stage, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(manifest), `"aws:cdk:error"`) {
		t.Errorf("error annotations in the quickstart:\n%s", errorLines(string(manifest)))
	}
	templates, _ := filepath.Glob(filepath.Join(stage, "*.template.json"))
	counts := map[string]int{}
	names := map[string]bool{}
	for _, path := range templates {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var tpl struct {
			Resources map[string]struct {
				Type       string
				Properties map[string]any
			}
		}
		if err := json.Unmarshal(b, &tpl); err != nil {
			t.Fatal(err)
		}
		for id, r := range tpl.Resources {
			// DataZone takes groups by ID: a group identifier is never a display name.
			for _, v := range groupIdentifiers(r.Properties) {
				if s, ok := v.(string); ok && !datamesh.IsGroupID(s) {
					t.Errorf("%s %s: GroupIdentifier %q is a display name, not a group ID or its lookup", filepath.Base(path), id, s)
				}
			}
			counts[r.Type]++
			if n, ok := r.Properties["Name"].(string); ok {
				names[r.Type+"/"+n] = true
			}
		}
		golden := filepath.Join("testdata", filepath.Base(path)+".golden")
		if *update {
			if err := os.WriteFile(golden, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%v (go test ./examples/quickstart -update writes it)", err)
		} else if string(want) != string(b) {
			t.Errorf("%s differs from %s: review the change, then refresh with go test ./examples/quickstart -update", filepath.Base(path), golden)
		}
	}
	if counts["AWS::DataZone::Domain"] != 2 {
		t.Errorf("got %d domains, want the governance domain and one root domain", counts["AWS::DataZone::Domain"])
	}
	for _, want := range []string{"AWS::DataZone::DomainUnit/Sales", "AWS::DataZone::DomainUnit/Marketing",
		"AWS::DataZone::Project/CRM Master Data", "AWS::DataZone::Project/Campaign Analytics", "AWS::DataZone::Domain/mesh-governance"} {
		if !names[want] {
			t.Errorf("quickstart lacks %s", want)
		}
	}
}

func errorLines(manifest string) string {
	var out []string
	for _, l := range strings.Split(manifest, "\n") {
		if strings.Contains(l, `"data"`) {
			out = append(out, strings.TrimSpace(l))
		}
	}
	return strings.Join(out, "\n")
}

// cdkCLI returns the pinned CDK CLI (.tools, installed with npm ci --prefix .tools).
// CI installs it, so there the test fails rather than skips when it is missing.
func cdkCLI(t *testing.T) string {
	t.Helper()
	cli, _ := filepath.Abs(filepath.Join("..", "..", ".tools", "node_modules", ".bin", "cdk"))
	if _, err := os.Stat(cli); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the pinned CDK CLI is not installed (%v): run npm ci --prefix .tools", err)
		}
		t.Skip("CDK CLI not installed: npm ci --prefix .tools")
	}
	return cli
}

func runCLI(t *testing.T, app string) (string, error) {
	cli := cdkCLI(t)
	cmd := exec.Command(cli, "synth", "**", "--app", app, "-o", t.TempDir())
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "CDK_VALIDATION=false", "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestQuickstartThroughCLI synthesizes the quickstart with the real, pinned CDK CLI, as
// the README says: cdk synth '**' (plain cdk synth would skip the stacks in the stage).
func TestQuickstartThroughCLI(t *testing.T) {
	out, err := runCLI(t, "go run ./examples/quickstart")
	if err != nil {
		t.Fatalf("cdk synth '**' failed: %v\n%s", err, out)
	}
	for _, want := range []string{"dev/Governance", "dev/Corporate"} {
		if !strings.Contains(out, want) {
			t.Errorf("CLI output lacks %s:\n%s", want, out)
		}
	}
}

// TestBrokenRuleFailsThroughCLI: an error-level DataMesh finding makes cdk synth '**'
// exit non-zero.
func TestBrokenRuleFailsThroughCLI(t *testing.T) {
	out, err := runCLI(t, "go run ./examples/brokenrule")
	if err == nil {
		t.Fatalf("cdk synth '**' succeeded on a mesh that breaks DataMesh-CostlyBlueprintOnCreate:\n%s", out)
	}
	if !strings.Contains(out, "DataMesh-CostlyBlueprintOnCreate") {
		t.Errorf("output does not name the rule:\n%s", out)
	}
}

// groupIdentifiers returns every GroupIdentifier value found in v, at any depth.
func groupIdentifiers(v any) []any {
	var out []any
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k == "GroupIdentifier" {
				out = append(out, e)
			}
			out = append(out, groupIdentifiers(e)...)
		}
	case []any:
		for _, e := range x {
			out = append(out, groupIdentifiers(e)...)
		}
	}
	return out
}
