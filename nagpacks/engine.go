package nagpacks

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// Names the pack reports to the CDK's validation report.
const (
	// DataMeshPluginName is the name of the pack in the CDK validation report.
	DataMeshPluginName = meshmeta.DataMeshPlugin
	// DataMeshPluginVersion is the pack's plugin version.
	DataMeshPluginVersion = "2.0.0"
)

// DataMeshPack is the DataMesh pack: a CDK policy validation plugin that runs the rules in
// Go on the synthesized templates, after they are written, instead of an aspect that
// Node.js calls back for every construct. It reads each stack's template and its nested
// stacks' templates, and the cloud assembly's manifest for the construct paths. For every
// resource and rule (in template order, then rule order, as cdk-nag visits them) it:
//
//   - applies cdk-nag's suppressions from the template metadata
//     (Metadata.cdk_nag.rules_to_suppress of the resource, then of the stack, where
//     cdknag.NagSuppressions writes them; appliesTo strings and regexes, as cdk-nag
//     matches them);
//   - writes the result into DataMesh-<Stage>-<Stack>-NagReport.csv/.json in the App's
//     output directory, in cdk-nag's NagReportLogger format (Compliant, Non-Compliant,
//     Suppressed; a nested stack's report is named by its unique ID);
//   - reports each unsuppressed finding as a violation "<Rule>[<finding>]: <info>" of the
//     rule's level: an error fails the synth (`cdk synth` exits non-zero, app.Synth panics
//     outside the CLI), a warning is printed (and fails `cdk synth --strict`).
//
// Register it with AddDataMeshPack or Apply.
type DataMeshPack struct {
	_ byte // a non-zero size gives every *DataMeshPack its own jsii identity

	cfg        config
	byType     map[string][]*Rule
	reports    bool
	formats    []string
	verbose    bool
	logIgnores bool

	bound     bool   // bind ran: the fields below are set
	scopePath string // construct path of the scope ("" for the App)
	stageDir  string // assembly directory of the scope's stage
	stageID   string // node ID of the scope's stage ("" for the App)
	// scopeIsStage: the pack was registered on a Stage (or the App) itself.
	scopeIsStage bool
	rootOutdir   string // the App's output directory, where cdk-nag writes its reports
}

var _ awscdk.IPolicyValidationPlugin = (*DataMeshPack)(nil)

// AddDataMeshPack registers the DataMesh pack on scope (a Stage, a Stack or the App): it
// checks the stacks of scope, in scope's own cloud assembly (not those of Stages inside
// it, like a cdk-nag aspect). Registered on an App that holds Stages without a pack of
// their own, it fails the synth with a problem that names them and says to apply the
// checks per Stage, rather than check nothing in them without a word. Most callers use
// Apply. props may be nil.
func AddDataMeshPack(scope constructs.IConstruct, props *DataMeshPackProps) *DataMeshPack {
	p := NewDataMeshPack(props)
	p.bind(scope)
	awscdk.Validations_Of(scope).AddPlugins(p)
	switch {
	case p.stageID == "" && *awscdk.App_IsApp(scope):
		scope.Node().AddValidation(&stagesUnchecked{app: scope})
	case p.scopeIsStage:
		checkedStages.Store(scope, true)
	}
	return p
}

// bind records where scope's templates and reports are (a handful of jsii calls, once),
// and removes the DataMesh reports of an earlier synth into the same directory: the CDK
// refuses a validation plugin that changes a file that existed before the plugins ran.
func (p *DataMeshPack) bind(scope constructs.IConstruct) {
	p.bound = true
	p.scopePath = deref(scope.Node().Path())
	stage, ok := scope.(awscdk.Stage)
	p.scopeIsStage = ok
	if !ok {
		stage = awscdk.Stage_Of(scope)
	}
	if stage != nil {
		p.stageDir, _ = filepath.Abs(deref(stage.Outdir()))
		p.stageID = deref(stage.Node().Id())
	}
	p.rootOutdir = p.stageDir
	if app := awscdk.App_Of(scope); app != nil {
		p.rootOutdir, _ = filepath.Abs(deref(app.Outdir()))
	}
	prefix := PackName + "-" + p.stageID + "-"
	entries, _ := os.ReadDir(p.rootOutdir)
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, prefix) && (strings.HasSuffix(n, "-NagReport.csv") || strings.HasSuffix(n, "-NagReport.json")) {
			os.Remove(filepath.Join(p.rootOutdir, n))
		}
	}
}

// Name implements awscdk.IPolicyValidationPlugin.
func (p *DataMeshPack) Name() *string { return jsii.String(DataMeshPluginName) }

// Version implements awscdk.IPolicyValidationPlugin.
func (p *DataMeshPack) Version() *string { return jsii.String(DataMeshPluginVersion) }

// RuleIds implements awscdk.IPolicyValidationPlugin.
func (p *DataMeshPack) RuleIds() *[]*string {
	var ids []*string
	seen := map[string]bool{}
	for _, rules := range p.byType {
		for _, r := range rules {
			if !seen[r.ID] {
				seen[r.ID] = true
				ids = append(ids, jsii.String(r.ID))
			}
		}
	}
	slices.SortFunc(ids, func(a, b *string) int { return strings.Compare(*a, *b) })
	return &ids
}

// Validate implements awscdk.IPolicyValidationPlugin: it checks the templates, writes the
// reports and returns the findings.
func (p *DataMeshPack) Validate(ctx awscdk.IPolicyValidationContext) *awscdk.PolicyValidationPluginReport {
	dirs := []string{p.stageDir}
	rootOutdir, stageID := p.rootOutdir, p.stageID
	if !p.bound { // registered with Validations_Of(...).AddPlugins: check every stack given
		dirs = nil
		seen := map[string]bool{}
		if tp := ctx.TemplatePaths(); tp != nil {
			for _, s := range *tp {
				if d, _ := filepath.Abs(filepath.Dir(deref(s))); !seen[d] {
					seen[d] = true
					dirs = append(dirs, d)
				}
			}
		}
		if app := awscdk.App_Of(ctx.AppConstruct()); app != nil {
			rootOutdir, _ = filepath.Abs(deref(app.Outdir()))
		}
		stageID = ""
	}
	res := p.check(dirs, rootOutdir, stageID)
	violations := make([]*awscdk.PolicyViolation, len(res.violations))
	for i, v := range res.violations {
		var where []*awscdk.PolicyViolatingResource
		if v.logicalID != "" {
			where = append(where, &awscdk.PolicyViolatingResource{
				ResourceLogicalId: jsii.String(v.logicalID),
				TemplatePath:      jsii.String(v.templatePath),
				Locations:         &[]*string{},
			})
		} else {
			where = []*awscdk.PolicyViolatingResource{}
		}
		violations[i] = &awscdk.PolicyViolation{
			RuleName:           jsii.String(v.rule),
			Description:        jsii.String(v.description),
			Severity:           jsii.String(v.severity),
			ViolatingResources: &where,
		}
		if v.fix != "" {
			violations[i].Fix = jsii.String(v.fix)
		}
	}
	return &awscdk.PolicyValidationPluginReport{
		Success:       jsii.Bool(!res.failed),
		Violations:    &violations,
		PluginVersion: jsii.String(DataMeshPluginVersion),
	}
}

// violation is one finding for the CDK's validation report.
type violation struct {
	rule, description, severity, fix string
	logicalID, templatePath          string
}

// reportLine is one line of a cdk-nag report.
type reportLine struct {
	ruleID, resourceID, compliance, exceptionReason, ruleLevel, ruleInfo string
}

type checkResult struct {
	violations []violation
	failed     bool
	reports    map[string][]reportLine // report base name -> lines
	order      []string
}

// check runs the rules over the stacks of the assembly directories and writes the reports
// into rootOutdir.
func (p *DataMeshPack) check(dirs []string, rootOutdir, stageID string) *checkResult {
	res := &checkResult{reports: map[string][]reportLine{}}
	for _, dir := range dirs {
		tpls, err := readAssembly(dir)
		if err != nil {
			res.add(violation{rule: PackName, severity: "error", description: fmt.Sprintf("the DataMesh checks could not read the cloud assembly: %v", err)})
			continue
		}
		for _, t := range tpls {
			if p.bound && !within(t.stackPath, p.scopePath) && !within(p.scopePath, t.stackPath) {
				continue
			}
			if err := t.load(); err != nil {
				res.add(violation{rule: PackName, severity: "error", description: fmt.Sprintf("the DataMesh checks could not read a template: %v", err)})
				continue
			}
			p.checkTemplate(res, t, PackName+"-"+stageID+"-"+t.stackName+"-NagReport")
		}
	}
	if p.reports {
		for _, name := range res.order {
			for _, f := range p.formats {
				writeReport(filepath.Join(rootOutdir, name+"."+f), f, res.reports[name])
			}
		}
	}
	return res
}

func (res *checkResult) add(v violation) {
	if v.severity == "error" {
		res.failed = true
	}
	res.violations = append(res.violations, v)
}

// within reports whether path is scope or under it ("" is the App, above everything).
func within(path, scope string) bool {
	return scope == "" || path == scope || strings.HasPrefix(path, scope+"/")
}

func (p *DataMeshPack) checkTemplate(res *checkResult, t *template, report string) {
	for _, r := range t.resources {
		rules := p.byType[r.Type]
		if len(rules) == 0 || (p.bound && !within(r.Path, p.scopePath)) {
			continue
		}
		r.cfgp = &p.cfg
		var sups []suppression
		var supErr error
		supRead := false
		for _, rl := range rules {
			out, err := evaluate(rl, r)
			if err == nil && out.compliance == cdknag.NagRuleCompliance_NOT_APPLICABLE {
				continue
			}
			if !supRead { // cdk-nag reads a resource's suppressions when a rule applies
				supRead = true
				resSup, e := parseSuppressions(r.raw)
				sups = append(resSup, t.stackSup...)
				supErr = e
				if supErr == nil {
					supErr = t.supErr
				}
				if supErr != nil {
					_, id := pathSplit(r.Path)
					res.add(violation{rule: "CdkNagSuppression", severity: "error", logicalID: r.LogicalID, templatePath: t.file,
						description: id + ": " + supErr.Error(), fix: "correct the suppression: a rule ID without a finding, a reason of 10 characters or more, valid regexes"})
				}
			}
			if supErr != nil {
				return // cdk-nag stops the synth at the first malformed suppression
			}
			line := reportLine{ruleID: rl.ID, resourceID: r.Path, exceptionReason: "N/A", ruleLevel: levelName(rl.Level), ruleInfo: rl.Info}
			if _, ok := res.reports[report]; !ok {
				res.order = append(res.order, report)
				res.reports[report] = nil
			}
			if err != nil {
				// cdk-nag's rule error: a warning, and UNKNOWN in the report, unless suppressed
				// (the rule, or CdkNagValidationFailure with appliesTo the rule ID).
				reason := suppressedBy(sups, rl.ID, "")
				if reason == "" {
					reason = suppressedBy(sups, "CdkNagValidationFailure", rl.ID)
				}
				if reason != "" {
					line.compliance, line.exceptionReason = "Suppressed", reason
				} else {
					line.compliance = "UNKNOWN"
					res.add(violation{rule: "CdkNagValidationFailure", severity: "warning", logicalID: r.LogicalID, templatePath: t.file,
						description: p.message("CdkNagValidationFailure", rl.ID, fmt.Sprintf("'%s' threw an error during validation. You can suppress the \"CdkNagValidationFailure\" to get rid of this error.'", rl.ID), err.Error())})
				}
				res.reports[report] = append(res.reports[report], line)
				continue
			}
			if out.compliance == cdknag.NagRuleCompliance_COMPLIANT {
				line.compliance = "Compliant"
				res.reports[report] = append(res.reports[report], line)
				continue
			}
			findings := out.findings
			if len(findings) == 0 {
				findings = []string{""}
			}
			for _, f := range findings {
				l := line
				if reason := suppressedBy(sups, rl.ID, f); reason != "" {
					l.compliance, l.exceptionReason = "Suppressed", reason
					if p.logIgnores {
						res.add(violation{rule: rl.ID, severity: "info", logicalID: r.LogicalID, templatePath: t.file,
							description: p.message("CdkNagSuppression", f, rl.ID+" was triggered but suppressed.", fmt.Sprintf("Provided reason: %q", reason))})
					}
				} else {
					l.compliance = "Non-Compliant"
					res.add(violation{rule: rl.ID, severity: severityOf(rl.Level), logicalID: r.LogicalID, templatePath: t.file,
						description: p.message(rl.ID, f, rl.Info, rl.Explanation), fix: rl.Fix})
				}
				res.reports[report] = append(res.reports[report], l)
			}
		}
	}
}

// message is cdk-nag's annotation text (AnnotationLogger.createMessage), without the
// trailing newline.
func (p *DataMeshPack) message(ruleID, findingID, info, explanation string) string {
	m := ruleID + ": " + info
	if findingID != "" {
		m = ruleID + "[" + findingID + "]: " + info
	}
	if p.verbose {
		m += " " + explanation
	}
	return m
}

// evaluate runs one rule, turning a panic into cdk-nag's rule error.
func evaluate(rl *Rule, r *Resource) (res Result, err error) {
	defer func() {
		if e := recover(); e != nil {
			err = fmt.Errorf("%v", e)
		}
	}()
	return rl.Check(r), nil
}

// levelName is the level as cdk-nag writes it into reports.
func levelName(l cdknag.NagMessageLevel) string {
	switch l {
	case cdknag.NagMessageLevel_ERROR:
		return "Error"
	case cdknag.NagMessageLevel_WARN:
		return "Warning"
	}
	return "Info"
}

func severityOf(l cdknag.NagMessageLevel) string {
	switch l {
	case cdknag.NagMessageLevel_ERROR:
		return "error"
	case cdknag.NagMessageLevel_WARN:
		return "warning"
	}
	return "info"
}

// writeReport writes one report as cdk-nag's NagReportLogger does.
func writeReport(path, format string, lines []reportLine) {
	var b strings.Builder
	switch format {
	case "csv":
		b.WriteString("Rule ID,Resource ID,Compliance,Exception Reason,Rule Level,Rule Info\n")
		for _, l := range lines {
			for i, f := range []string{l.ruleID, l.resourceID, l.compliance, l.exceptionReason, l.ruleLevel, l.ruleInfo} {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
			}
			b.WriteByte('\n')
		}
	case "json":
		b.WriteString(`{"lines":[`)
		for i, l := range lines {
			if i > 0 {
				b.WriteByte(',')
			}
			for j, kv := range [][2]string{{"ruleId", l.ruleID}, {"resourceId", l.resourceID}, {"compliance", l.compliance},
				{"exceptionReason", l.exceptionReason}, {"ruleLevel", l.ruleLevel}, {"ruleInfo", l.ruleInfo}} {
				if j == 0 {
					b.WriteByte('{')
				} else {
					b.WriteByte(',')
				}
				jsonString(&b, kv[0])
				b.WriteByte(':')
				jsonString(&b, kv[1])
			}
			b.WriteByte('}')
		}
		b.WriteString(`]}`)
	}
	_ = os.WriteFile(path, []byte(b.String()), 0o644)
}
