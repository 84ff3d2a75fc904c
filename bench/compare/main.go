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
// sum of the resident set sizes of the tree, sampled every 50 ms.
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
	flag.Parse()
	if err := run(*projects, *rounds, *jsiiCount, *raw, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

// sample is one measured run.
type sample struct {
	wall, cpu time.Duration
	rss       int64 // bytes
	resources int
}

type row struct {
	n                      int
	resources, jsResources int
	goS, jsS               []sample
	calls, callbacks       int
	goNag, jsNag           int
}

func run(sizes string, rounds int, countJsii, raw bool, keep string) error {
	// PR_SET_CHILD_SUBREAPER: orphaned descendants (a Node.js kernel whose Go parent
	// exited first) become our children, so their CPU time is ours to wait for.
	if _, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, 36, 1, 0); e != 0 {
		return fmt.Errorf("prctl(PR_SET_CHILD_SUBREAPER): %v", e)
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	jsDir := filepath.Join(root, "bench", "js")
	if _, err := os.Stat(filepath.Join(jsDir, "node_modules", "aws-cdk-lib")); err != nil {
		return fmt.Errorf("the JavaScript app is not installed: run npm ci --prefix bench/js")
	}
	work := keep
	if work == "" {
		if work, err = os.MkdirTemp("", "smusmesh-compare"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	bin := filepath.Join(work, "meshsynth")
	build := exec.Command("go", "build", "-o", bin, "./bench/meshsynth")
	build.Dir, build.Stdout, build.Stderr = root, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build ./bench/meshsynth: %w", err)
	}
	env := os.Environ()
	for _, kv := range []string{
		// Same for both apps: aws-cdk-lib's built-in template validation off (smusmesh
		// runs the registry-schema check), the heap limit the jsii runtime gives its
		// kernel, no end-of-life banner.
		"CDK_VALIDATION=false", "NODE_OPTIONS=--max-old-space-size=4069", "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20",
	} {
		if k, _, _ := strings.Cut(kv, "="); os.Getenv(k) == "" {
			env = append(env, kv)
		}
	}
	var rows []row
	for _, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return err
		}
		r := row{n: n}
		src := filepath.Join(work, fmt.Sprintf("go-%d", n))
		goRun := func(out string) (sample, error) {
			return measure(exec.Command(bin, "-projects", strconv.Itoa(n)), env, out)
		}
		jsArgs := []string{filepath.Join(jsDir, "app.js")}
		if raw {
			jsArgs = append(jsArgs, "--raw")
		}
		jsRun := func(out string) (sample, error) {
			return measure(exec.Command("node", append(jsArgs, src)...), env, out)
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
// process tree, the peak resident memory of the tree and the resource count it printed.
func measure(cmd *exec.Cmd, env []string, out string) (sample, error) {
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
	peak := make(chan int64)
	go func() {
		var max int64
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if v := treeRSS(os.Getpid()); v > max {
				max = v
			}
			select {
			case <-stop:
				peak <- max
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
	s.rss = <-peak
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

// treeRSS sums the resident set size of every descendant of pid, read from /proc.
func treeRSS(pid int) int64 {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	parent := map[int]int{}
	rss := map[int]int64{}
	page := int64(os.Getpagesize())
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// The command name (field 2) may contain spaces: fields start after the last ')'.
		i := bytes.LastIndexByte(data, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(data[i+1:]))
		if len(f) < 22 {
			continue
		}
		pp, _ := strconv.Atoi(f[1])
		pages, _ := strconv.ParseInt(f[21], 10, 64)
		parent[p], rss[p] = pp, pages*page
	}
	var sum int64
	for p := range rss {
		for q := parent[p]; q > 1; q = parent[q] {
			if q == pid {
				sum += rss[p]
				break
			}
		}
	}
	return sum
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
