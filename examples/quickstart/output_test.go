package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestQuickstartOutput runs the quickstart as a user does, with the documented set-up
// (JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION on Node.js 20) and aws-cdk-lib's built-in
// template validation on, and asserts its complete output: nothing on stdout (so that
// `cdk ls` prints only stacks), and on stderr only the synth summary and where the
// templates and the findings report are (testdata/output.stderr.golden). No validation false positive, no Node.js banner, no
// "Runtime process exited abnormally".
func TestQuickstartOutput(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "quickstart")
	if b, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	out := t.TempDir()
	cmd := exec.Command(bin)
	cmd.Dir = out
	cmd.Env = []string{"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20"}
	for _, kv := range os.Environ() {
		// The user's environment, without what would change the output.
		if k, _, _ := strings.Cut(kv, "="); k != "CDK_VALIDATION" && k != "CDK_OUTDIR" && !strings.HasPrefix(k, "JSII_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("quickstart: %v\n%s", err, stderr.String())
	}
	dir, _ := filepath.EvalSymlinks(out)
	// The whole of stderr: the synth summary (meshreport), then where everything is.
	got := strings.ReplaceAll(strings.ReplaceAll(stderr.String(), dir, "OUT"), out, "OUT")
	golden := filepath.Join("testdata", "output.stderr.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./examples/quickstart -run TestQuickstartOutput -update)", err)
	}
	if got != string(want) {
		t.Errorf("stderr differs from %s (refresh with -update if intended):\n%s\nwant:\n%s", golden, got, want)
	}
	if stdout.Len() > 0 {
		t.Errorf("stdout is not empty:\n%s", stdout.String())
	}
	for _, f := range []string{"dev-findings.json", "dev-findings.csv"} {
		if _, err := os.Stat(filepath.Join(out, "cdk.out", f)); err != nil {
			t.Errorf("combined findings report: %v", err)
		}
	}
}
