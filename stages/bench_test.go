package stages

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/jsiitest"
)

// BenchmarkSynth synthesizes one stage (dev) of generated meshes with every check on
// (AwsSolutions and DataMesh packs, registry schemas, limits) and reports per project:
// ms/project, MB/project (Go heap allocated; the Node.js process is not counted) and
// resources/project (CloudFormation resources over all templates).
func BenchmarkSynth(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("projects=%d", n), func(b *testing.B) {
			def := genDefinition(n)
			var resources int
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			before := ms.TotalAlloc
			for range b.N {
				dir := b.TempDir()
				app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir)})
				NewMeshStage(app, jsii.String("dev"), &MeshStageProps{Definition: def, Settings: settingsFor("dev", def)})
				out, err := Synth(app)
				if err != nil {
					b.Fatal(err)
				}
				st, err := Stats(filepath.Join(out, "assembly-dev"))
				if err != nil {
					b.Fatal(err)
				}
				resources = 0
				for _, s := range st {
					resources += s.Resources
				}
			}
			runtime.ReadMemStats(&ms)
			perOp := float64(b.Elapsed().Milliseconds()) / float64(b.N)
			b.ReportMetric(perOp/float64(n), "ms/project")
			b.ReportMetric(float64(ms.TotalAlloc-before)/float64(b.N)/float64(n)/(1<<20), "MB/project")
			b.ReportMetric(float64(resources)/float64(n), "resources/project")
		})
	}
}

// BenchmarkJsiiCalls counts the jsii kernel requests of synthesizing one stage of 100
// and 1,000 projects, in a child process run with JSII_DEBUG=1 (the runtime prints every
// request it sends to the kernel as a line starting with "> {"): calls are API requests
// (create, invoke, get, set, sinvoke ...), callbacks are the kernel calling back into Go
// (the DataMesh pack's Visit, the validation plugins), answered with "complete". The
// marginal figure (the difference between the two sizes over 900 projects) is the cost
// of one project without the fixed cost of the app.
func BenchmarkJsiiCalls(b *testing.B) {
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	counts := map[int][3]int{}
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("projects=%d", n), func(b *testing.B) {
			var calls, callbacks, resources int
			for range b.N {
				cmd := exec.Command(exe, "-test.run=^$")
				cmd.Env = append(os.Environ(), "JSII_DEBUG=1", fmt.Sprintf("SMUSMESH_STAGES_HELPER=%d", n))
				var stdout bytes.Buffer
				cmd.Stdout = &stdout
				calls, callbacks, err = jsiitest.CountCalls(cmd)
				if err != nil {
					b.Fatalf("helper: %v", err)
				}
				fmt.Sscanf(strings.TrimSpace(stdout.String()), "resources %d", &resources)
			}
			counts[n] = [3]int{calls, callbacks, resources}
			b.ReportMetric(float64(calls)/float64(n), "calls/project")
			b.ReportMetric(float64(callbacks)/float64(n), "callbacks/project")
			b.ReportMetric(float64(resources)/float64(n), "resources/project")
			b.ReportMetric(float64(calls)/float64(resources), "calls/resource")
		})
	}
	if a, z := counts[100], counts[1000]; a[2] > 0 && z[2] > 0 {
		b.Logf("marginal per project (1,000 vs 100): %.1f calls, %.1f callbacks, %.1f resources",
			float64(z[0]-a[0])/900, float64(z[1]-a[1])/900, float64(z[2]-a[2])/900)
	}
}
