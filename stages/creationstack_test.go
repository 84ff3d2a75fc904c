package stages

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/problem"
)

// creationStacks counts the aws:cdk:creationStack entries of the assembly's metadata files.
func creationStacks(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".metadata.json") {
			return err
		}
		data, err := os.ReadFile(p)
		n += strings.Count(string(data), `"aws:cdk:creationStack"`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestNoCreationStacks: a mesh stage records no creation stack traces (in a Go program
// they are the jsii kernel's frames), unless the app's context says otherwise.
func TestNoCreationStacks(t *testing.T) {
	def, err := Parse(producerFixture, []byte(fixture(t, producerFixture)))
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := synthMesh(t, def, []string{"dev"}, nil)
	if n := creationStacks(t, dir); n != 0 {
		t.Errorf("%d creation stack traces in the assembly, want none", n)
	}

	// The user's own setting wins.
	dir = t.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir), Context: &map[string]any{creationStacksKey: false}})
	if err := problem.Catch(func() {
		NewMeshStage(app, jsii.String("dev"), &MeshStageProps{Definition: def, Settings: settingsFor("dev", def)})
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := Synth(app); err != nil {
		t.Fatal(err)
	}
	if n := creationStacks(t, dir); n == 0 {
		t.Errorf("context %s=false: no creation stack trace in the assembly", creationStacksKey)
	}
}
