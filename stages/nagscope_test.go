package stages

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
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
	// The pack skipped each project nested stack's "<id>.NestedStack" holder too, found
	// by position, and the guard proved each from tree.json.
	for _, env := range envs {
		s := stages[env].nag
		if s == nil || len(s.holders) == 0 || len(s.holders) != len(s.skipped) {
			t.Fatalf("%s: %d holders skipped for %d nested stacks, want one each", env, len(s.holders), len(s.skipped))
		}
		if p := s.unprovenHolders(filepath.Join(scopedDir, "assembly-"+env)); p != nil {
			t.Errorf("%s: %q", env, p)
		}
	}
}

// TestNestedStackHolderGuard: synth fails, naming the construct, when what AwsSolutions
// skipped as a nested stack's resource holder was another child (as if aws-cdk-lib
// created the holder elsewhere), or when the holder holds a resource of its own.
func TestNestedStackHolderGuard(t *testing.T) {
	def := genDefinition(4)
	dir, _ := filepath.Abs(t.TempDir())
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir), Context: &map[string]any{"@aws-cdk/core:appMode": "inmemory"}})
	var m *MeshStage
	if err := problem.Catch(func() {
		m = NewMeshStage(app, jsii.String("dev"), &MeshStageProps{Definition: def, Settings: settingsFor("dev", def)})
	}); err != nil {
		t.Fatalf("build: %v", err)
	}
	if len(m.nag.holders) < 2 {
		t.Fatalf("%d holders skipped, want one per project", len(m.nag.holders))
	}
	// The first two projects of one domain stack (genDefinition: two per domain).
	moved, added := m.nag.holders[0], m.nag.holders[1]
	if moved.stack != added.stack {
		t.Fatalf("holders %v", m.nag.holders)
	}
	m.nag.holders[0].index++ // the next project's nested stack
	var stack awscdk.Stack
	for _, d := range def.Domains {
		if stackID(d.Name) == added.stack {
			stack = m.DomainStack(d.Name)
		}
	}
	h := stack.Node().FindChild(jsii.String(added.nested + ".NestedStack")).(constructs.Construct)
	awss3.NewCfnBucket(h, jsii.String("Extra"), nil)
	_, code := SynthAndReport(app, nil, io.Discard)
	fs, err := findings.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		if strings.Contains(f.Rule, "NestedStackHolderUnproven") {
			got = append(got, f.String())
		}
	}
	want := []string{
		fmt.Sprintf("dev/%s: child %d, after nested stack %s, is %q, not %q", moved.stack, moved.index+1, moved.nested, added.nested, moved.nested+".NestedStack"),
		fmt.Sprintf("dev/%s/%s.NestedStack is no resource and holds [%s.NestedStackResource (AWS::CloudFormation::Stack, 0 children); Extra (AWS::S3::Bucket, 0 children)]",
			added.stack, added.nested, added.nested),
	}
	if code != 1 || len(got) != len(want) {
		t.Fatalf("exit code %d, guard findings:\n%s\nwant 1 and %d", code, strings.Join(got, "\n"), len(want))
	}
	for i, w := range want {
		if !strings.Contains(got[i], w) || !strings.Contains(got[i], "error smusmesh-awssolutions-scope::NestedStackHolderUnproven") {
			t.Errorf("finding %d:\n%s\nwant it to contain %q", i, got[i], w)
		}
	}
}

// TestNestedStackHolderTree: the guard reads the App's tree.json through the manifest
// that names it, follows subtrees written to forest files, and reports a holder whose
// resource is not the nested stack's, or an assembly without a tree.
func TestNestedStackHolderTree(t *testing.T) {
	holderJSON := func(typ string) string {
		return `{"id":"P1.NestedStack","children":{"P1.NestedStackResource":{"id":"P1.NestedStackResource",` +
			`"attributes":{"aws:cdk:cloudformation:type":"` + typ + `","aws:cdk:cloudformation:props":{"x":[1,{"y":2}]}}}}}`
	}
	tree := func(h string) string {
		return `{"version":"tree-0.1","tree":{"id":"App","children":{"Tree":{"id":"Tree"},"dev":{"id":"dev","children":{"Energy":{"id":"Energy",` +
			`"children":{"Domain":{"id":"Domain"},"P1":{"id":"P1","children":{"Project":{"id":"Project"}}},` + h + `}}}}}}}`
	}
	const manifest = `{"version":"48.0.0","artifacts":{"Tree":{"type":"cdk:tree","properties":{"file":"tree.json"}},"assembly-dev":{"type":"cdk:cloud-assembly"}}}`
	s := &nagScope{stage: []string{"dev"}, holders: []holder{{stack: "Energy", index: 2, nested: "P1"}}}
	for _, tc := range []struct {
		name, manifest, tree, forest string
		want                         string // "" = proven
	}{
		{"inline", manifest, tree(`"P1.NestedStack":` + holderJSON("AWS::CloudFormation::Stack")), "", ""},
		{"forest", manifest, tree(`"P1.NestedStack":{"id":"P1.NestedStack","fileName":"trees-1.json","treeId":"t0"}`),
			`{"version":"forest-0.1","forest":{"t0":` + holderJSON("AWS::CloudFormation::Stack") + `}}`, ""},
		{"other type", manifest, tree(`"P1.NestedStack":` + holderJSON("AWS::S3::Bucket")), "",
			"dev/Energy/P1.NestedStack is no resource and holds [P1.NestedStackResource (AWS::S3::Bucket, 0 children)]"},
		{"order", manifest, tree(`"Other":{"id":"Other"},"P1.NestedStack":` + holderJSON("AWS::CloudFormation::Stack")), "",
			`dev/Energy: child 2, after nested stack P1, is "Other", not "P1.NestedStack"`},
		{"no tree", `{"version":"48.0.0","artifacts":{}}`, "", "", "the App was made with its tree metadata off"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{"manifest.json": tc.manifest, "tree.json": tc.tree, "trees-1.json": tc.forest,
				"assembly-dev/manifest.json": `{"version":"48.0.0","artifacts":{}}`}
			for name, content := range files {
				if content == "" {
					continue
				}
				os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got := s.unprovenHolders(filepath.Join(dir, "assembly-dev"))
			switch {
			case tc.want == "" && got != nil:
				t.Errorf("got %q, want proven", got)
			case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
				t.Errorf("got %q, want one problem with %q", got, tc.want)
			}
		})
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
