//go:build linux

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// floorRow is one size of the floor: the Go and JavaScript apps' samples.
type floorRow struct {
	n        int
	goS, jsS []sample
}

// runFloor measures the fixed cost of the jsii architecture: bench/floor (an App, a
// Stack, n raw CfnResources, Synth, jsii.Close) against bench/js/floor.js, interleaved,
// for each n of sizes. The floor runs about a second, so the tree is sampled every 10 ms.
func runFloor(sizes string, rounds int, keep string) error {
	h, cleanup, err := setup(keep, "./bench/floor")
	defer cleanup()
	if err != nil {
		return err
	}
	const interval = 10 * time.Millisecond
	var rows []floorRow
	for _, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return err
		}
		r := floorRow{n: n}
		for i := range rounds {
			order := []string{"go", "js"}
			if i%2 == 1 {
				order = []string{"js", "go"}
			}
			for _, which := range order {
				out := filepath.Join(h.work, fmt.Sprintf("floor-%s-%d-%d", which, n, i))
				var s sample
				if which == "go" {
					s, err = measure(exec.Command(h.bin, "-resources", strconv.Itoa(n)), h.env, out, interval)
					r.goS = append(r.goS, s)
				} else {
					s, err = measure(exec.Command("node", filepath.Join(h.jsDir, "floor.js"), strconv.Itoa(n)), h.env, out, interval)
					r.jsS = append(r.jsS, s)
				}
				if err != nil {
					return fmt.Errorf("floor %s, %d resources: %w", which, n, err)
				}
				fmt.Fprintf(os.Stderr, "floor, %d resources, round %d, %s: wall %s, cpu %s, peak rss %d MB\n",
					n, i+1, which, s.wall.Round(10*time.Millisecond), s.cpu.Round(10*time.Millisecond), s.rss>>20)
			}
		}
		// The two apps must write the same templates, or they did not do the same work.
		if err := sameTemplates(filepath.Join(h.work, fmt.Sprintf("floor-go-%d-0", n)), filepath.Join(h.work, fmt.Sprintf("floor-js-%d-0", n))); err != nil {
			return fmt.Errorf("floor, %d resources: %w", n, err)
		}
		for i := range rounds {
			for _, which := range []string{"go", "js"} {
				os.RemoveAll(filepath.Join(h.work, fmt.Sprintf("floor-%s-%d-%d", which, n, i)))
			}
		}
		rows = append(rows, r)
	}
	printFloor(os.Stdout, rows, rounds, settings(h.env))
	return nil
}

// sameTemplates reports whether two assemblies have the same templates (file names and
// JSON values).
func sameTemplates(goDir, jsDir string) error {
	gos, _ := filepath.Glob(filepath.Join(goDir, "*.template.json"))
	jss, _ := filepath.Glob(filepath.Join(jsDir, "*.template.json"))
	if len(gos) == 0 || len(gos) != len(jss) {
		return fmt.Errorf("%d templates in the Go app's assembly, %d in the JavaScript app's", len(gos), len(jss))
	}
	for _, g := range gos {
		if err := sameTemplate(g, filepath.Join(jsDir, filepath.Base(g))); err != nil {
			return err
		}
	}
	return nil
}

// sameTemplate reports whether two templates are the same JSON value.
func sameTemplate(a, b string) error {
	var va, vb any
	for _, x := range []struct {
		file string
		v    *any
	}{{a, &va}, {b, &vb}} {
		data, err := os.ReadFile(x.file)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(data, x.v); err != nil {
			return fmt.Errorf("%s: %w", x.file, err)
		}
	}
	if !reflect.DeepEqual(va, vb) {
		return fmt.Errorf("the JavaScript app's template %s differs from the Go app's %s", b, a)
	}
	return nil
}

// settings returns the environment variables of env that change the memory of either
// app, for the table's caption.
func settings(env []string) string {
	var out []string
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "NODE_OPTIONS", "GOGC", "GOMEMLIMIT", "GODEBUG", "JSII_RUNTIME", "JSII_NODE", "JSII_RUNTIME_PACKAGE_CACHE":
			out = append(out, kv)
		}
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// printFloor writes the floor's tables: the medians of CPU time, peak RSS of the process
// tree and wall time of both apps with their ratios, then the processes of each tree.
func printFloor(w io.Writer, rows []floorRow, rounds int, env string) {
	fmt.Fprintf(w, "Medians of %d interleaved runs; Go = bench/floor (App, Stack, N raw CfnResources, Synth, jsii.Close), JS = bench/js/floor.js (the same in JavaScript); %s.\n\n", rounds, env)
	fmt.Fprintln(w, "| resources | CPU Go / JS | ratio | peak RSS Go / JS | ratio | wall Go / JS | ratio |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	var procs []procRow
	for _, r := range rows {
		gw, gc, gr := medians(r.goS)
		jw, jc, jr := medians(r.jsS)
		fmt.Fprintf(w, "| %d | %.2f s / %.2f s | %.2f | %.0f MB / %.0f MB | %.2f | %.2f s / %.2f s | %.2f |\n",
			r.n, gc, jc, gc/jc, gr, jr, gr/jr, gw, jw, gw/jw)
		procs = append(procs, procRow{label: strconv.Itoa(r.n), goS: r.goS, jsS: r.jsS})
	}
	fmt.Fprintln(w)
	printProcs(w, "resources", procs)
}

// procRow is one row of the per-process table: a size and both apps' samples.
type procRow struct {
	label    string
	goS, jsS []sample
}

// roleNames are the column heads of the known roles (treeSampler).
var roleNames = map[string]string{
	"app":     "Go process",
	"wrapper": "jsii wrapper (bin/jsii-runtime.js)",
	"kernel":  "jsii kernel (lib/program.js)",
}

// printProcs writes the processes of each Go tree and the JavaScript app: the median of
// each one's resident memory at the tree's peak (of which file-backed) and of its own
// peak, in MB.
func printProcs(w io.Writer, key string, rows []procRow) {
	roles := map[string]bool{}
	for _, r := range rows {
		for _, s := range r.goS {
			for role := range s.procs {
				roles[role] = true
			}
		}
	}
	order := []string{"app", "wrapper", "kernel"}
	var others []string
	for role := range roles {
		if !slices.Contains(order, role) {
			others = append(others, role)
		}
	}
	slices.Sort(others)
	var cols []string
	for _, role := range append(order, others...) {
		if roles[role] {
			cols = append(cols, role)
		}
	}
	fmt.Fprintln(w, "Per process, MB: resident at the peak of its tree (of which file-backed) / its own peak (medians).")
	fmt.Fprintln(w)
	head := "| " + key + " |"
	for _, role := range cols {
		name := roleNames[role]
		if name == "" {
			name = role
		}
		head += " " + name + " |"
	}
	fmt.Fprintln(w, head+" JS app (node) |")
	fmt.Fprintln(w, "|---|"+strings.Repeat("---|", len(cols)+1))
	for _, r := range rows {
		line := "| " + r.label + " |"
		for _, role := range cols {
			line += " " + roleCell(r.goS, role) + " |"
		}
		fmt.Fprintln(w, line+" "+roleCell(r.jsS, "app")+" |")
	}
}

// roleCell is "rss (file) / own" of role over the samples, medians in MB.
func roleCell(ss []sample, role string) string {
	var rss, file, own []float64
	for _, s := range ss {
		p := s.procs[role]
		rss, file, own = append(rss, mb(p.atPeak.rss)), append(file, mb(p.atPeak.file)), append(own, mb(p.own))
	}
	return fmt.Sprintf("%.0f (%.0f) / %.0f", median(rss), median(file), median(own))
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }
