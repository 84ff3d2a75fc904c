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
// `cdk ls` prints only stacks), and on stderr only the summary and where the templates
// and the findings report are. No validation false positive, no Node.js banner, no
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
	want := strings.Join([]string{
		"smusmesh: 0 errors, 0 warnings; templates written to OUT/cdk.out",
		"  dev: OUT/cdk.out/assembly-dev, findings OUT/cdk.out/dev-findings.json (cdk synth 'dev/**', cdk deploy 'dev/**')",
		"",
	}, "\n")
	got := strings.ReplaceAll(strings.ReplaceAll(stderr.String(), dir, "OUT"), out, "OUT")
	if got != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", got, want)
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
