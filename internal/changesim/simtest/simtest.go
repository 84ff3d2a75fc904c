// Package simtest is test support for the change simulator: it synthesizes a "before" and an
// "after" CDK app (with the jsii runtime, unlike package changesim itself), checks every
// template against the registry schemas, and returns the simulated deployment's report.
package simtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/cfnschema"
	"github.com/smusmesh/smusmesh/internal/changesim"
)

// Synth builds an App with build, synthesizes it into a new directory under dir (a temporary
// directory when dir is "") and returns the assembly directory. Every template is validated
// against the registry schemas; a finding fails the test.
func Synth(t testing.TB, dir string, build func(app awscdk.App)) string {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir)})
	build(app)
	asm := app.Synth(nil)
	out := *asm.Directory()
	findings, err := cfnschema.ValidateAssembly(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("registry schema: %s", f)
	}
	return out
}

// Compare synthesizes before and after and simulates deploying after over before.
func Compare(t testing.TB, before, after func(app awscdk.App)) *changesim.Report {
	t.Helper()
	b := Synth(t, "", before)
	a := Synth(t, "", after)
	r, err := changesim.Simulate(b, a)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// CopyAssembly copies what the simulator reads from the assembly in src (manifests,
// templates and asset manifests, nested assemblies included) to dst, replacing dst. It
// stores synthesized assemblies as golden test data without the nag reports and tree.
func CopyAssembly(src, dst string) error {
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	return filepath.WalkDir(src, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if e.IsDir() {
			if strings.HasPrefix(e.Name(), "asset.") || e.Name() == "cdk.out" && rel != "." {
				return filepath.SkipDir
			}
			return nil
		}
		n := e.Name()
		if n != "manifest.json" && !strings.HasSuffix(n, ".template.json") && !strings.HasSuffix(n, ".assets.json") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
}
