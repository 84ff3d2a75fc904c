package stages

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// helperSynth is the child process of the jsii-call benchmarks: it synthesizes one dev
// stage of a generated mesh of n projects and prints the number of resources of all
// templates to stdout. Run with JSII_DEBUG=1, the jsii runtime prints its kernel calls to
// stderr, which the parent counts.
func helperSynth(arg string) int {
	n, err := strconv.Atoi(arg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	dir, err := os.MkdirTemp("", "stages-helper")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer os.RemoveAll(dir)
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir)})
	def := genDefinition(n)
	NewMeshStage(app, jsii.String("dev"), &MeshStageProps{Definition: def, Settings: settingsFor("dev", def)})
	out, err := Synth(app)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	st, err := Stats(filepath.Join(out, "assembly-dev"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	total := 0
	for _, s := range st {
		total += s.Resources
	}
	fmt.Println("resources", total)
	jsii.Close()
	return 0
}
