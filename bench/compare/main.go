//go:build linux

// Command compare is the comparison benchmark of bench/README.md: for each mesh size it
// runs the smusmesh synth (bench/meshsynth: the generated mesh in dev, uat and prd with
// every check on) and the plain JavaScript CDK app of the same resources (bench/js/app.js,
// which re-creates the assembly smusmesh wrote, with cdk-nag AwsSolutions per stage),
// interleaved (Go, JS, then JS, Go ...), and prints a markdown table of the medians of
// wall time, CPU time and peak memory of each process tree, their ratios, and the jsii
// calls (requests plus callbacks) per emitted resource of the smusmesh synth.
//
//	npm ci --prefix bench/js
//	go run ./bench/compare -projects 100,300,1000 -rounds 3
//
// CPU time is user plus system time of every process of the tree (the Go process and its
// Node.js kernel): the harness is a child subreaper, so it also waits for a kernel that
// outlives its Go parent, and reads getrusage(RUSAGE_CHILDREN). Peak memory is the largest
// sum of the resident set sizes of the tree, sampled every 50 ms; a second table shows each
// process of the tree (the Go process, the jsii runtime's two Node.js processes) at that
// moment and at its own peak.
//
// With -floor it measures the fixed cost instead: bench/floor (an App, -resources raw
// CfnResources, Synth, jsii.Close) against bench/js/floor.js, the same in JavaScript:
//
//	go run ./bench/compare -floor -resources 1,1000 -rounds 5
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/smusmesh/smusmesh/internal/jsiitest"
)

func main() {
	projects := flag.String("projects", "100,300,1000", "comma-separated mesh sizes (projects)")
	rounds := flag.Int("rounds", 3, "runs of each app per size, interleaved")
	jsiiCount := flag.Bool("jsii", true, "count jsii calls in one extra (unmeasured) run with JSII_DEBUG=1")
	raw := flag.Bool("raw", false, "JavaScript app: every resource a raw CfnResource instead of its L1 class")
	keep := flag.String("keep", "", "keep the assemblies in this directory (default: a temporary directory, removed)")
	floor := flag.Bool("floor", false, "measure the floor instead: bench/floor against bench/js/floor.js (bench/README.md, \"The floor\")")
	resources := flag.String("resources", "1", "with -floor: comma-separated numbers of raw CfnResources")
	flag.Parse()
	var err error
	if *floor {
		err = runFloor(*resources, *rounds, *keep)
	} else {
		err = run(*projects, *rounds, *jsiiCount, *raw, *keep)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

// sample is one measured run.
type sample struct {
	wall, cpu time.Duration
	rss       int64               // bytes, the tree's peak
	procs     map[string]rolePeak // by role (treeSampler)
	resources int
}

type row struct {
	n                      int
	resources, jsResources int
	goS, jsS               []sample
	calls, callbacks       int
	goNag, jsNag           int
}

// harness is what both modes share: the module root, the JavaScript apps' directory,
// the working directory, the environment of both apps and the built Go app.
type harness struct {
	root, jsDir, work, bin string
	env                    []string
}

// setup makes the harness a child subreaper, checks the JavaScript apps are installed,
// makes the working directory (keep, or a temporary one that cleanup removes) and builds
// the Go package pkg into it.
func setup(keep, pkg string) (h harness, cleanup func(), err error) {
	cleanup = func() {}
	// PR_SET_CHILD_SUBREAPER: orphaned descendants (a Node.js kernel whose Go parent
	// exited first) become our children, so their CPU time is ours to wait for.
	if _, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, 36, 1, 0); e != 0 {
		return h, cleanup, fmt.Errorf("prctl(PR_SET_CHILD_SUBREAPER): %v", e)
	}
	if h.root, err = moduleRoot(); err != nil {
		return h, cleanup, err
	}
	h.jsDir = filepath.Join(h.root, "bench", "js")
	if _, err := os.Stat(filepath.Join(h.jsDir, "node_modules", "aws-cdk-lib")); err != nil {
		return h, cleanup, fmt.Errorf("the JavaScript app is not installed: run npm ci --prefix bench/js")
	}
	h.work = keep
	if h.work == "" {
		if h.work, err = os.MkdirTemp("", "smusmesh-compare"); err != nil {
			return h, cleanup, err
		}
		cleanup = func() { os.RemoveAll(h.work) }
	}
	h.bin = filepath.Join(h.work, filepath.Base(pkg))
	build := exec.Command("go", "build", "-o", h.bin, pkg)
	build.Dir, build.Stdout, build.Stderr = h.root, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		cleanup()
		return h, func() {}, fmt.Errorf("go build %s: %w", pkg, err)
	}
	h.env = os.Environ()
	for _, kv := range []string{
		// Same for both apps: aws-cdk-lib's built-in template validation off (smusmesh
		// runs the registry-schema check), the heap limit the jsii runtime gives its
		// kernel, no end-of-life banner.
		"CDK_VALIDATION=false", "NODE_OPTIONS=--max-old-space-size=4069", "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20",
	} {
		if k, _, _ := strings.Cut(kv, "="); os.Getenv(k) == "" {
			h.env = append(h.env, kv)
		}
	}
	return h, cleanup, nil
}

func run(sizes string, rounds int, countJsii, raw bool, keep string) error {
	h, cleanup, err := setup(keep, "./bench/meshsynth")
	defer cleanup()
	if err != nil {
		return err
	}
	work, bin, jsDir, env := h.work, h.bin, h.jsDir, h.env
	var rows []row
	for _, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return err
		}
		r := row{n: n}
		src := filepath.Join(work, fmt.Sprintf("go-%d", n))
		goRun := func(out string) (sample, error) {
			return measure(exec.Command(bin, "-projects", strconv.Itoa(n)), env, out, 50*time.Millisecond)
		}
		jsArgs := []string{filepath.Join(jsDir, "app.js")}
		if raw {
			jsArgs = append(jsArgs, "--raw")
		}
		jsRun := func(out string) (sample, error) {
			return measure(exec.Command("node", append(jsArgs, src)...), env, out, 50*time.Millisecond)
		}
		for i := range rounds {
			order := []string{"go", "js"}
			if i%2 == 1 {
				order = []string{"js", "go"}
			}
			if i == 0 {
				// The JavaScript app re-creates the first Go assembly.
				order = []string{"go", "js"}
			}
			for _, which := range order {
				out := src
				if which == "js" || i > 0 {
					out = filepath.Join(work, fmt.Sprintf("%s-%d-%d", which, n, i))
				}
				var s sample
				if which == "go" {
					s, err = goRun(out)
					r.goS = append(r.goS, s)
				} else {
					s, err = jsRun(out)
					r.jsS = append(r.jsS, s)
				}
				if err != nil {
					return fmt.Errorf("%s, %d projects: %w", which, n, err)
				}
				fmt.Fprintf(os.Stderr, "%d projects, round %d, %s: wall %s, cpu %s, peak rss %d MB, %d resources\n",
					n, i+1, which, s.wall.Round(100*time.Millisecond), s.cpu.Round(100*time.Millisecond), s.rss>>20, s.resources)
				if which == "js" {
					r.jsNag = nagRows(out)
				}
				if out != src {
					os.RemoveAll(out)
				}
			}
		}
		r.resources, r.jsResources = r.goS[0].resources, r.jsS[0].resources
		r.goNag = nagRows(src)
		if countJsii {
			cmd := exec.Command(bin, "-projects", strconv.Itoa(n))
			cmd.Env = append(slices.Clone(env), "JSII_DEBUG=1", "CDK_OUTDIR="+filepath.Join(work, "jsii"))
			// With JSII_DEBUG=1 the kernel itself needs far more memory: at 1,000 projects in
			// three stages it runs out of its 4 GB heap. The row then says "not counted".
			if r.calls, r.callbacks, err = jsiitest.CountCalls(cmd); err != nil {
				fmt.Fprintf(os.Stderr, "%d projects: jsii calls not counted: %v\n", n, err)
				r.calls, r.callbacks = 0, 0
			} else {
				fmt.Fprintf(os.Stderr, "%d projects: %d jsii calls, %d callbacks\n", n, r.calls, r.callbacks)
			}
			os.RemoveAll(filepath.Join(work, "jsii"))
		}
		os.RemoveAll(src)
		rows = append(rows, r)
	}
	printTable(rows, rounds, raw)
	var procs []procRow
	for _, r := range rows {
		procs = append(procs, procRow{label: strconv.Itoa(r.n), goS: r.goS, jsS: r.jsS})
	}
	fmt.Println()
	printProcs(os.Stdout, "projects", procs)
	// The comparison is only fair if the JavaScript app emitted the same resources and
	// cdk-nag found the same AwsSolutions findings in them.
	for _, r := range rows {
		if r.jsResources != r.resources || r.jsNag != r.goNag {
			return fmt.Errorf("%d projects: the JavaScript app differs: %d resources (Go %d), %d AwsSolutions findings (Go %d)",
				r.n, r.jsResources, r.resources, r.jsNag, r.goNag)
		}
	}
	return nil
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("run from inside the smusmesh module")
	}
	return filepath.Dir(gomod), nil
}

// measure runs cmd with CDK_OUTDIR=out and returns its wall time, the CPU time of its
// process tree, the peak resident memory of the tree (sampled every interval) with each
// process's share, and the resource count it printed.
func measure(cmd *exec.Cmd, env []string, out string, interval time.Duration) (sample, error) {
	var s sample
	cmd.Env = append(slices.Clone(env), "CDK_OUTDIR="+out)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	var before syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &before)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return s, err
	}
	stop := make(chan struct{})
	done := make(chan *treeSampler)
	go func() {
		ts := newTreeSampler(os.Getpid(), cmd.Process.Pid)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			ts.sample()
			select {
			case <-stop:
				done <- ts
				return
			case <-t.C:
			}
		}
	}()
	err := cmd.Wait()
	// Wait for orphaned descendants too.
	for {
		var ws syscall.WaitStatus
		if _, e := syscall.Wait4(-1, &ws, 0, nil); e != nil {
			break
		}
	}
	s.wall = time.Since(start)
	close(stop)
	ts := <-done
	s.rss, s.procs = ts.peak, ts.result()
	var after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &after)
	s.cpu = tv(after.Utime) + tv(after.Stime) - tv(before.Utime) - tv(before.Stime)
	if err != nil {
		return s, fmt.Errorf("%v: %s", err, tail(stderr.String()))
	}
	if _, err := fmt.Sscanf(lastLine(stdout.String()), "resources %d", &s.resources); err != nil {
		return s, fmt.Errorf("no resource count in %q", tail(stdout.String()))
	}
	return s, nil
}

func tv(t syscall.Timeval) time.Duration {
	return time.Duration(t.Sec)*time.Second + time.Duration(t.Usec)*time.Microsecond
}

// nagRows counts the findings rows of the AwsSolutions CSV reports of an assembly.
func nagRows(dir string) int {
	files, _ := filepath.Glob(filepath.Join(dir, "AwsSolutions-*-NagReport.csv"))
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		n += max(0, bytes.Count(data, []byte("\n"))-1)
	}
	return n
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func medians(ss []sample) (wall, cpu, rss float64) {
	var w, c, r []float64
	for _, s := range ss {
		w, c, r = append(w, s.wall.Seconds()), append(c, s.cpu.Seconds()), append(r, float64(s.rss)/(1<<20))
	}
	return median(w), median(c), median(r)
}

func printTable(rows []row, rounds int, raw bool) {
	form := "L1 classes"
	if raw {
		form = "raw CfnResource"
	}
	fmt.Printf("Medians of %d interleaved runs; Go = smusmesh (3 stages, every check on), JS = plain JavaScript app of the same resources (%s, AwsSolutions).\n\n", rounds, form)
	fmt.Println("| projects | resources | wall Go / JS | ratio | CPU Go / JS | ratio | peak RSS Go / JS | ratio | jsii calls per resource | AwsSolutions findings Go / JS |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		gw, gc, gr := medians(r.goS)
		jw, jc, jr := medians(r.jsS)
		res := fmt.Sprint(r.resources)
		if r.jsResources != r.resources {
			res += fmt.Sprintf(" (JS %d)", r.jsResources)
		}
		calls := "not counted"
		if r.calls > 0 && r.resources > 0 {
			calls = fmt.Sprintf("%.2f (%d + %d callbacks)", float64(r.calls+r.callbacks)/float64(r.resources), r.calls, r.callbacks)
		}
		fmt.Printf("| %d | %s | %.1f s / %.1f s | %.2f | %.1f s / %.1f s | %.2f | %.0f MB / %.0f MB | %.2f | %s | %d / %d |\n",
			r.n, res, gw, jw, gw/jw, gc, jc, gc/jc, gr, jr, gr/jr, calls, r.goNag, r.jsNag)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func tail(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 2000 {
		s = "..." + s[len(s)-2000:]
	}
	return s
}
