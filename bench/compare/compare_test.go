//go:build linux

package main

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		in := slices.Clone(tc.in)
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", in, got, tc.want)
		}
		if !slices.Equal(tc.in, in) {
			t.Errorf("median sorted its argument: %v", tc.in)
		}
	}
}

// fake returns a sample of the given CPU seconds and tree peak, with per-role memory
// in MB: rss, file, own for each role.
func fake(cpu float64, peak int64, roles map[string][3]int64) sample {
	s := sample{wall: time.Duration(cpu * float64(time.Second)), cpu: time.Duration(cpu * float64(time.Second)), rss: peak << 20, procs: map[string]rolePeak{}}
	for role, m := range roles {
		s.procs[role] = rolePeak{atPeak: procMem{rss: m[0] << 20, file: m[1] << 20}, own: m[2] << 20}
	}
	return s
}

func TestPrintFloor(t *testing.T) {
	goTree := func(cpu float64, peak, kernel int64) sample {
		return fake(cpu, peak, map[string][3]int64{"app": {68, 64, 68}, "wrapper": {45, 36, 45}, "kernel": {kernel, 41, kernel}})
	}
	js := func(cpu float64, peak int64) sample {
		return fake(cpu, peak, map[string][3]int64{"app": {peak, 40, peak}})
	}
	rows := []floorRow{{
		n:   1,
		goS: []sample{goTree(0.8, 203, 90), goTree(0.6, 201, 88), goTree(0.7, 202, 89)},
		jsS: []sample{js(0.3, 60), js(0.25, 58), js(0.2, 59)},
	}}
	var b strings.Builder
	printFloor(&b, rows, 3, "NODE_OPTIONS=--max-old-space-size=4069")
	want := `Medians of 3 interleaved runs; Go = bench/floor (App, Stack, N raw CfnResources, Synth, jsii.Close), JS = bench/js/floor.js (the same in JavaScript); NODE_OPTIONS=--max-old-space-size=4069.

| resources | CPU Go / JS | ratio | peak RSS Go / JS | ratio | wall Go / JS | ratio |
|---|---|---|---|---|---|---|
| 1 | 0.70 s / 0.25 s | 2.80 | 202 MB / 59 MB | 3.42 | 0.70 s / 0.25 s | 2.80 |

Per process, MB: resident at the peak of its tree (of which file-backed) / its own peak (medians).

| resources | Go process | jsii wrapper (bin/jsii-runtime.js) | jsii kernel (lib/program.js) | JS app (node) |
|---|---|---|---|---|
| 1 | 68 (64) / 68 | 45 (36) / 45 | 89 (41) / 89 | 59 (40) / 59 |
`
	if got := b.String(); got != want {
		t.Errorf("printFloor:\n%s\nwant:\n%s", got, want)
	}
}

// A role missing from some runs (a process that had exited before the tree's peak)
// counts as zero in them, and roles other than the three known ones get a column of
// their own, named after the program, after the known ones.
func TestPrintProcsOtherRoles(t *testing.T) {
	rows := []procRow{{
		label: "10",
		goS: []sample{
			fake(1, 100, map[string][3]int64{"app": {10, 5, 20}, "kernel": {80, 40, 90}, "sh": {2, 1, 2}}),
			fake(1, 100, map[string][3]int64{"app": {12, 5, 20}, "kernel": {84, 40, 90}}),
		},
		jsS: []sample{fake(1, 50, map[string][3]int64{"app": {50, 40, 50}})},
	}}
	var b strings.Builder
	printProcs(&b, "projects", rows)
	want := `| projects | Go process | jsii kernel (lib/program.js) | sh | JS app (node) |
|---|---|---|---|---|
| 10 | 11 (5) / 20 | 82 (40) / 90 | 1 (0) / 1 | 50 (40) / 50 |
`
	if got := b.String(); !strings.HasSuffix(got, want) {
		t.Errorf("printProcs:\n%s\nwant it to end with:\n%s", got, want)
	}
}

func TestTreeSamplerResult(t *testing.T) {
	ts := newTreeSampler(1, 2)
	ts.peak = 300 << 20
	ts.atPeak = map[string]procMem{"app": {rss: 40 << 20, file: 14 << 20}, "kernel": {rss: 210 << 20}}
	ts.own = map[int]int64{2: 90 << 20, 3: 212 << 20, 4: 5 << 20}
	ts.roles = map[int]string{2: "app", 3: "kernel", 4: "sh"}
	got := ts.result()
	want := map[string]rolePeak{
		"app":    {atPeak: procMem{rss: 40 << 20, file: 14 << 20}, own: 90 << 20},
		"kernel": {atPeak: procMem{rss: 210 << 20}, own: 212 << 20},
		"sh":     {own: 5 << 20}, // exited before the peak
	}
	if len(got) != len(want) {
		t.Fatalf("result() = %v, want %v", got, want)
	}
	for role, w := range want {
		if got[role] != w {
			t.Errorf("result()[%q] = %+v, want %+v", role, got[role], w)
		}
	}
}

// The sampler reads real /proc entries: a child of the test process is its
// descendant, classified by its program, with a resident set no larger than its peak.
func TestSampleChild(t *testing.T) {
	cmd := exec.Command("sleep", "5")
	if err := cmd.Start(); err != nil {
		t.Skip(err)
	}
	defer cmd.Wait()
	defer cmd.Process.Kill()
	pid := cmd.Process.Pid
	time.Sleep(50 * time.Millisecond) // past the exec
	if !slices.Contains(descendants(os.Getpid()), pid) {
		t.Fatalf("descendants(%d) does not list child %d", os.Getpid(), pid)
	}
	if got := roleOf(pid, 0); got != "sleep" {
		t.Errorf("roleOf(sleep) = %q", got)
	}
	if got := roleOf(pid, pid); got != "app" {
		t.Errorf("roleOf(the measured command) = %q", got)
	}
	m, ok := readStatus(pid)
	if !ok || m.rss <= 0 || m.hwm < m.rss || m.file > m.rss {
		t.Errorf("readStatus(sleep) = %+v, %v", m, ok)
	}
	ts := newTreeSampler(os.Getpid(), pid)
	ts.sample()
	if r := ts.result()["app"]; r.atPeak.rss <= 0 || r.own < r.atPeak.rss {
		t.Errorf("sampled %+v", r)
	}
}
