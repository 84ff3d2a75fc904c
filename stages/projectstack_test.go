package stages

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/problem"
)

// TestProjectStacksPerStackSettings: the removal policy and the E3019 acknowledgment that
// each project's nested stack leaves to its domain stack (internal/projectstack) still
// reach every project. The default retains each project (DeletionPolicy and
// UpdateReplacePolicy Retain, set by the domain stack's aspect); an explicit DESTROY is set
// per project, untouched by the aspect, and the DataMesh pack refuses it.
func TestProjectStacksPerStackSettings(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy awscdk.RemovalPolicy
		want   string
	}{
		{"default", "", "Retain"},
		{"destroy", awscdk.RemovalPolicy_DESTROY, "Delete"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			def := genDefinition(3)
			dir := t.TempDir()
			app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir)})
			s := settingsFor("dev", def)
			s.RemovalPolicy = tc.policy
			if err := problem.Catch(func() { NewMeshStage(app, jsii.String("dev"), &MeshStageProps{Definition: def, Settings: s}) }); err != nil {
				t.Fatalf("build: %v", err)
			}
			_, err := Synth(app)
			if tc.want == "Retain" && err != nil {
				t.Fatalf("synth: %v", err)
			}
			if tc.want == "Delete" && (err == nil || !strings.Contains(err.Error(), "alidation")) {
				t.Fatalf("synth with DESTROY projects: want the DataMesh pack's validation failure, got %v", err)
			}
			asm := filepath.Join(dir, "assembly-dev")
			nested, _ := filepath.Glob(filepath.Join(asm, "*.nested.template.json"))
			projects := 0
			for _, f := range nested {
				var tmpl struct {
					Resources map[string]struct {
						Type                string
						DeletionPolicy      string
						UpdateReplacePolicy string
					}
				}
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(data, &tmpl); err != nil {
					t.Fatal(err)
				}
				for id, r := range tmpl.Resources {
					if r.Type != "AWS::DataZone::Project" {
						continue
					}
					projects++
					if r.DeletionPolicy != tc.want || r.UpdateReplacePolicy != tc.want {
						t.Errorf("%s %s: DeletionPolicy %q, UpdateReplacePolicy %q, want %s", filepath.Base(f), id, r.DeletionPolicy, r.UpdateReplacePolicy, tc.want)
					}
				}
			}
			if projects != 3 {
				t.Fatalf("%d projects in %d nested templates, want 3", projects, len(nested))
			}
			if tc.want != "Retain" {
				return
			}
			// The acknowledgment is recorded once per domain stack, in the stack's metadata,
			// and once on the governance domain's standards project, which has no stack of
			// its own.
			metas, _ := filepath.Glob(filepath.Join(asm, "*.metadata.json"))
			acks := map[string]int{}
			for _, f := range metas {
				var m map[string][]struct {
					Type string
					Data json.RawMessage
				}
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(data, &m); err != nil {
					t.Fatal(err)
				}
				for path, entries := range m {
					for _, e := range entries {
						var rules map[string]string
						if e.Type == "aws:cdk:acknowledged-rules" && json.Unmarshal(e.Data, &rules) == nil && rules["CloudFormation-Validate::E3019"] != "" {
							acks[path]++
						}
					}
				}
			}
			want := map[string]int{"/dev/Energy": 1, "/dev/Transport": 1, "/dev/MeshGovernance/Domain/StandardsProject": 1}
			if !maps.Equal(acks, want) {
				t.Errorf("E3019 acknowledgments by construct path: %v, want %v", acks, want)
			}
		})
	}
}
