package stages

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/findings"
	"github.com/smusmesh/smusmesh/internal/meshmeta"
	"github.com/smusmesh/smusmesh/meshreport"
	"github.com/smusmesh/smusmesh/problem"
)

// Run is the whole main function of a program that synthesizes a mesh, with or without a
// Definition:
//
//	func main() { stages.Run(build) } // build(app awscdk.App) adds the stages
//
// It creates the App (output directory CDK_OUTDIR, which the CDK CLI sets, default
// ./cdk.out), calls build, synthesizes, and then tells the truth on stderr (stdout stays
// empty, so that `cdk ls` prints only stacks): each finding of every pack and check once
// (level, rule, construct path, message), where the templates and the combined findings
// report of each stage (<stage>-findings.json and .csv, beside cdk-nag's reports) are.
// It exits 1 when build or synth reports a problem or when there is an error-level
// finding, 0 otherwise (warnings print but do not fail). It closes the jsii kernel before
// exiting, so that no "Runtime process exited abnormally" line follows.
func Run(build func(app awscdk.App)) {
	os.Exit(run(build, nil, nil))
}

// run is Run with a definition to name the file:line of findings (may be nil) and a
// function that prints after a successful synth (may be nil). It returns the exit code
// after closing the jsii kernel.
func run(build func(app awscdk.App), def *Definition, after func(dir string)) (code int) {
	defer closeKernel()
	app := NewApp()
	if err := problem.Catch(func() { build(app) }); err != nil {
		printProblems(os.Stderr, err)
		return 1
	}
	dir, code := SynthAndReport(app, def, os.Stderr)
	if code == 0 && after != nil {
		after(dir)
	}
	return code
}

// UnderCLI reports whether the program runs under the CDK CLI (cdk synth, cdk deploy),
// which sets CDK_CLI_ASM_VERSION for the app.
func UnderCLI() bool {
	return os.Getenv("CDK_CLI_ASM_VERSION") != "" || os.Getenv("CDK_CLI_VERSION") != ""
}

// NewApp returns the App that Run and Main build in: output directory OutDir(), and
// every template resource carries its construct path (Metadata "aws:cdk:path"), as under
// the CDK CLI (which may still turn it off with --no-path-metadata), so that the findings
// of a run name the definition entry they came from.
func NewApp() awscdk.App {
	return awscdk.NewApp(&awscdk.AppProps{
		Outdir: jsii.String(OutDir()),
		Context: &map[string]any{
			"aws:cdk:enable-path-metadata": true,
			// The validation report (registry schemas, limits) is read back from
			// validation-report.json and printed with the other findings, once.
			"@aws-cdk/core:failSynthOnValidationErrors": false,
		},
	})
}

// OutDir is where a mesh program writes its cloud assembly: CDK_OUTDIR (set by the CDK
// CLI) or, run on its own, cdk.out in the working directory.
func OutDir() string {
	if d := os.Getenv("CDK_OUTDIR"); d != "" {
		return d
	}
	return "cdk.out"
}

// SynthAndReport synthesizes app, reads every finding from the written assembly
// (package findings), maps the findings of definition-made resources to their entry
// (file:line) when def came from Parse or Load, writes the combined report of each stage,
// and prints the findings and the paths to w. It returns the assembly directory and the
// exit code: 1 on a synth problem or an error-level finding, 0 otherwise.
func SynthAndReport(app awscdk.App, def *Definition, w io.Writer) (dir string, code int) {
	dir, serr := Synth(app)
	serr = def.locateQuotas(serr)
	if dir == "" {
		dir, _ = filepath.Abs(*app.Outdir())
	}
	fs, rerr := findings.Read(dir)
	if rerr != nil && serr == nil {
		fmt.Fprintf(w, "smusmesh: reading the findings in %s: %v\n", dir, rerr)
		return dir, 1
	}
	if def != nil {
		def.locate(fs)
	}
	errs, warnings := findings.Count(fs)
	// Under the CDK CLI a run without errors leaves the warnings to the CLI, which prints
	// the annotations cdk-nag writes; a run with errors exits 1 before the CLI reads the
	// assembly, so it prints them all.
	if errs > 0 || serr != nil || !UnderCLI() {
		for _, f := range fs {
			fmt.Fprintln(w, f)
		}
	}
	if serr != nil {
		// A failed validation is in the report, printed above.
		if errs == 0 || !(errors.Is(serr, datamesh.ErrLimit) || strings.Contains(serr.Error(), "alidation")) {
			printProblems(w, serr)
		}
		return dir, 1
	}
	// The stages in the order the app made them.
	var stages []string
	for _, c := range *app.Node().Children() {
		if *awscdk.Stage_IsStage(c) {
			if _, err := os.Stat(filepath.Join(dir, "assembly-"+*c.Node().Id())); err == nil {
				stages = append(stages, *c.Node().Id())
			}
		}
	}
	files, err := findings.WriteReports(dir, stages, fs)
	if err != nil {
		fmt.Fprintf(w, "smusmesh: writing the findings report: %v\n", err)
		return dir, 1
	}
	// The mesh map, access matrix, cost report and synth summary of each stage, beside
	// the cdk-nag reports (the summary goes to w).
	if _, err := meshreport.Write(dir, w); err != nil {
		fmt.Fprintln(w, "smusmesh: warning: no mesh report:", err)
	}
	fmt.Fprintf(w, "smusmesh: %d errors, %d warnings; templates written to %s\n", errs, warnings, dir)
	for _, s := range stages {
		fmt.Fprintf(w, "  %s: %s, findings %s (cdk synth '%s/**', cdk deploy '%s/**')\n", s,
			filepath.Join(dir, "assembly-"+s), filepath.Join(dir, findings.ReportName(s)+".json"), s, s)
	}
	if len(stages) == 0 && len(files) > 0 {
		fmt.Fprintf(w, "  findings: %s\n", files[0])
	}
	if errs > 0 {
		return dir, 1
	}
	return dir, 0
}

// locate sets the Source (file:line) of every finding whose resource smusmesh made from
// an entry of d.
func (d *Definition) locate(fs []findings.Finding) {
	if d == nil || d.src == nil || d.src.file == "" {
		return
	}
	type key struct{ domain, kind, name string }
	paths := map[key]string{}
	elem := func(path string, i int, name string) string {
		if name != "" {
			return fmt.Sprintf("%s[%s]", path, name)
		}
		return fmt.Sprintf("%s[%d]", path, i)
	}
	std := d.Standards()
	var unit func(dom, path string, units []*UnitDef)
	projects := func(dom, path string, ps []*ProjectDef, ms []*MasterDataDef) {
		for i, p := range ps {
			paths[key{dom, "project", p.Name}] = elem(path+".projects", i, p.Name)
		}
		for i, m := range ms {
			paths[key{dom, "project", std.MasterDataProjectName(strings.TrimSpace(m.Source))}] = elem(path+".masterData", i, m.Source)
		}
	}
	unit = func(dom, path string, units []*UnitDef) {
		for i, u := range units {
			up := elem(path+".units", i, u.Name)
			paths[key{dom, "unit", u.Name}] = up
			projects(dom, up, u.Projects, u.MasterData)
			unit(dom, up, u.Units)
		}
	}
	if g := d.Governance; g != nil {
		paths[key{g.Name, "domain", ""}] = "governance"
	}
	for i, dom := range d.Domains {
		dp := elem("domains", i, dom.Name)
		paths[key{dom.Name, "domain", ""}] = dp
		for j, p := range dom.Profiles {
			paths[key{dom.Name, "profile", p.Name}] = elem(dp+".profiles", j, p.Name)
		}
		projects(dom.Name, dp, dom.Projects, dom.MasterData)
		unit(dom.Name, dp, dom.Units)
	}
	for i := range fs {
		f := &fs[i]
		if f.Kind == "" {
			continue
		}
		var order []string
		switch meshmeta.Kind(f.Kind) {
		case meshmeta.KindProject, meshmeta.KindMasterDataProject, meshmeta.KindProjectMembership,
			meshmeta.KindDataSource, meshmeta.KindFormType:
			order = []string{"project"}
		case meshmeta.KindDomainUnit, meshmeta.KindOwner, meshmeta.KindPolicyGrant:
			order = []string{"unit", "project"}
		case meshmeta.KindProjectProfile, meshmeta.KindBlueprintConfiguration:
			order = []string{"profile"}
		default:
			order = []string{"project", "unit", "profile"}
		}
		path := ""
		for _, k := range order {
			if p, ok := paths[key{f.Domain, k, f.Name}]; ok && f.Name != "" {
				path = p
				break
			}
		}
		if path == "" {
			path = paths[key{f.Domain, "domain", ""}]
		}
		if path == "" {
			continue
		}
		if line := d.src.lineOf(path); line > 0 {
			f.Source = d.src.file + ":" + strconv.Itoa(line)
		}
	}
}

// closeKernel stops the jsii kernel (the Node.js process) before the program exits. The
// jsii runtime (jsii-runtime-go, internal/kernel/process) waits for the Node.js process in
// a goroutine as well as in Close; whichever loses prints "Runtime process exited
// abnormally: waitid: no child processes" to os.Stderr although the process exited
// normally. That one line is dropped; everything else the kernel writes while it closes
// passes through. Call it last: os.Stderr is discarded afterwards.
func closeKernel() {
	real := os.Stderr
	r, w, err := os.Pipe()
	if err != nil {
		jsii.Close()
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		br := bufio.NewReader(r)
		for {
			line, err := br.ReadString('\n')
			if line != "" && !strings.HasPrefix(line, "Runtime process exited abnormally") {
				_, _ = real.WriteString(line)
			}
			if err != nil {
				return
			}
		}
	}()
	os.Stderr = w
	jsii.Close()
	if null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0); err == nil {
		// The waiting goroutine may print after Close returns: to nowhere.
		os.Stderr = null
	}
	_ = w.Close()
	<-done
	_ = r.Close()
}
