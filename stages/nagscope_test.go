package stages

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/findings"
	"github.com/smusmesh/smusmesh/nagpacks"
	"github.com/smusmesh/smusmesh/problem"
)

func everything(t *testing.T) *Definition {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "everything.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	def, err := Parse("everything.yaml", data)
	if err != nil {
		t.Fatalf("parse:\n%v", err)
	}
	return def
}

// awsReports returns the AwsSolutions report files of an assembly by name.
func awsReports(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "AwsSolutions-*-NagReport.*"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = string(b)
	}
	return out
}

// TestAwsSolutionsScope: a MeshStage applies AwsSolutions without the projects' nested
// stacks, and finds exactly what the pack finds on the whole stage, on a mesh of every
// project feature: the same report lines (compliant, non-compliant, suppressed) in the
// same files, the same combined findings. The whole-stage run's extra files are the
// skipped nested stacks' reports, which hold no line (every rule was not applicable).
func TestAwsSolutionsScope(t *testing.T) {
	if testing.Short() {
		t.Skip("synthesizes a mesh twice")
	}
	def := everything(t)
	envs := []string{"dev", "prd"}
	wholeDir, _ := synthMesh(t, def, envs, func(_ string, s *Settings) {
		s.Nag = &nagpacks.Options{AwsSolutionsInProjectStacks: true}
	})
	scopedDir, stages := synthMesh(t, def, envs, nil)
	whole, scoped := awsReports(t, wholeDir), awsReports(t, scopedDir)

	lines := 0
	for name, got := range scoped {
		want, ok := whole[name]
		if !ok {
			t.Errorf("%s: written by the scoped pack only", name)
			continue
		}
		if got != want {
			t.Errorf("%s differs:\nwhole stage:\n%s\nscoped:\n%s", name, want, got)
		}
		if strings.HasSuffix(name, ".csv") {
			lines += strings.Count(got, "\n") - 1
		}
	}
	if lines == 0 {
		t.Fatal("the AwsSolutions reports hold no line: nothing was compared")
	}
	skipped := 0
	for name, content := range whole {
		if _, ok := scoped[name]; ok {
			continue
		}
		skipped++
		if content != "Rule ID,Resource ID,Compliance,Exception Reason,Rule Level,Rule Info\n" && content != `{"lines":[]}` {
			t.Errorf("%s: the whole-stage report of a skipped stack has lines:\n%s", name, content)
		}
	}
	// Every project and Master Data project of both stages is skipped (CSV and JSON).
	if want := 2 * len(envs) * len(stages["dev"].keyStacks); skipped != want || skipped == 0 {
		t.Errorf("%d report files of skipped nested stacks, want %d", skipped, want)
	}

	read := func(dir string) []findings.Finding {
		fs, err := findings.Read(dir)
		if err != nil {
			t.Fatal(err)
		}
		return fs
	}
	if w, s := read(wholeDir), read(scopedDir); !reflect.DeepEqual(w, s) {
		t.Errorf("combined findings differ:\nwhole stage:\n%v\nscoped:\n%v", w, s)
	}
	wt, st := readTemplates(t, wholeDir), readTemplates(t, scopedDir)
	if !reflect.DeepEqual(wt, st) {
		t.Error("the templates differ")
	}
}

// TestAwsSolutionsScopeGuard: a resource that AwsSolutions might check, added to a
// project's nested stack, fails the synth with a problem naming it, unless the stage
// checks the projects' nested stacks too (then AwsSolutions reports the bucket); one
// added to a domain stack or the stage after NewMeshStage is checked.
func TestAwsSolutionsScopeGuard(t *testing.T) {
	if testing.Short() {
		t.Skip("synthesizes a mesh twice")
	}
	def := everything(t)
	build := func(opts *nagpacks.Options) (string, int) {
		dir, _ := filepath.Abs(t.TempDir())
		app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir), Context: &map[string]any{"@aws-cdk/core:appMode": "inmemory"}})
		if err := problem.Catch(func() {
			s := settingsFor("dev", def)
			s.Nag = opts
			m := NewMeshStage(app, jsii.String("dev"), &MeshStageProps{Definition: def, Settings: s})
			awss3.NewCfnBucket(m.ProjectStack("energy", []string{"Grid"}, "Meter Readings"), jsii.String("Extra"), nil)
			// Added after NewMeshStage: checked by the pack at synth.
			awss3.NewCfnBucket(m.DomainStack("energy"), jsii.String("Late"), nil)
			awss3.NewCfnBucket(awscdk.NewStack(m.Stage, jsii.String("Own"), nil), jsii.String("Bucket"), nil)
		}); err != nil {
			t.Fatalf("build: %v", err)
		}
		_, code := SynthAndReport(app, nil, io.Discard)
		return dir, code
	}
	dir, code := build(nil)
	fs, rerr := findings.Read(dir)
	if rerr != nil {
		t.Fatal(rerr)
	}
	var guard []string
	late := map[string]bool{}
	for _, f := range fs {
		if strings.Contains(f.Rule, "ProjectStackUnchecked") {
			guard = append(guard, f.String())
		}
		if f.Rule == "AwsSolutions-S1" {
			late[f.Path] = true
		}
	}
	if !late["dev/Energy/Late"] || !late["dev/Own/Bucket"] {
		t.Errorf("buckets added after NewMeshStage: AwsSolutions-S1 on %v, want dev/Energy/Late and dev/Own/Bucket", late)
	}
	if code != 1 || len(guard) != 1 || !strings.Contains(guard[0], "error smusmesh-awssolutions-scope::ProjectStackUnchecked") ||
		!strings.Contains(guard[0], "Extra (AWS::S3::Bucket) is in a project's nested stack") {
		t.Errorf("synth with a bucket in a project's nested stack: exit code %d, %q, want 1 and the guard's problem", code, guard)
	}
	dir, _ = build(&nagpacks.Options{AwsSolutionsInProjectStacks: true})
	fs, rerr = findings.Read(dir)
	if rerr != nil {
		t.Fatal(rerr)
	}
	found := false
	for _, f := range fs {
		if f.Rule == "AwsSolutions-S1" && strings.HasSuffix(f.Path, "/Extra") {
			found = true
		}
	}
	if !found {
		t.Errorf("checking the projects' stacks too: no AwsSolutions-S1 on the bucket in %v", fs)
	}
}
