// Package findings reads what the synth-time checks found from a written cloud assembly,
// so that a program can print each finding once, exit non-zero on an error, and write one
// combined report per stage. It reads files only, never jsii objects:
//
//   - every *-NagReport.json in the assembly directories (cdk-nag's report format, which the
//     DataMesh pack writes too): each Non-Compliant line is a finding at the rule's level;
//   - the error and warning annotations of the manifests (the root one and each stage's),
//     and of the metadata files they name, that no report already holds;
//   - validation-report.json, the CDK policy validation report (the registry-schema check).
//
// A finding on a resource that smusmesh recorded (template Metadata "smusmesh", see
// internal/meshmeta) carries the mesh object it belongs to (Kind, Domain, Name, Key), which
// the stages package maps back to the definition entry (Source, "mesh.yaml:12").
package findings

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// Level of a finding.
type Level string

// Levels, most severe first.
const (
	LevelError   Level = "error"
	LevelWarning Level = "warning"
)

// Finding is one rule violated by one resource (or construct).
type Finding struct {
	// Level is Error or Warning. An error fails the run.
	Level Level `json:"level"`
	// Rule is the rule ID ("AwsSolutions-IAM5", "DataMesh-CostlyBlueprintOnCreate",
	// "smusmesh-registry-schema::RegistrySchema").
	Rule string `json:"rule"`
	// Stage is the first segment of Path: the Stage the resource belongs to ("" for a
	// top-level stack).
	Stage string `json:"stage"`
	// Path is the construct path of the resource ("dev/Corporate/Corporate/Resource").
	Path string `json:"path"`
	// Message says what is wrong and how to fix it.
	Message string `json:"message"`
	// Source is where the mesh object was defined ("mesh.yaml:12"), when known.
	Source string `json:"source,omitempty"`
	// Kind, Domain, Name and Key name the mesh object the resource belongs to, from the
	// smusmesh metadata of the resource (empty when the resource has none).
	Kind   string `json:"kind,omitempty"`
	Domain string `json:"domain,omitempty"`
	Name   string `json:"name,omitempty"`
	Key    string `json:"key,omitempty"`
	// File is the file the finding was read from, relative to the assembly directory.
	File string `json:"file"`
}

// String is the one-line form printed by a run:
//
//	error DataMesh-CostlyBlueprintOnCreate dev/Costly/Ml/Resource (mesh.yaml:12): ...
func (f Finding) String() string {
	var b strings.Builder
	b.WriteString(string(f.Level) + " " + f.Rule + " " + f.Path)
	if f.Source != "" {
		b.WriteString(" (" + f.Source + ")")
	}
	if f.Message != "" {
		b.WriteString(": " + f.Message)
	}
	return b.String()
}

// Count returns the number of findings of each level.
func Count(fs []Finding) (errs, warnings int) {
	for _, f := range fs {
		switch f.Level {
		case LevelError:
			errs++
		case LevelWarning:
			warnings++
		}
	}
	return errs, warnings
}

// ReportLine is one line of a cdk-nag JSON report (NagReportFormat.JSON), which every
// pack smusmesh applies writes ("<Pack>-<Stage>-<Stack>-NagReport.json"): compliant,
// non-compliant, suppressed and unknown lines alike.
type ReportLine struct {
	RuleID          string `json:"ruleId"`
	ResourceID      string `json:"resourceId"`
	Compliance      string `json:"compliance"`
	ExceptionReason string `json:"exceptionReason"`
	RuleLevel       string `json:"ruleLevel"`
	RuleInfo        string `json:"ruleInfo"`
	// File is the report's path relative to the assembly directory (not in the report).
	File string `json:"-"`
}

// nagReport is cdk-nag's JSON report.
type nagReport struct {
	Lines []ReportLine `json:"lines"`
}

// ReadNagReports returns every line of every cdk-nag JSON report in the cloud assembly in
// dir (and its nested assembly-<stage> folders), report by report in name order. Read
// builds its findings from them; the mesh report counts them by compliance.
func ReadNagReports(dir string) ([]ReportLine, error) {
	r := &reader{dir: dir}
	files, err := r.glob("*-NagReport.json")
	if err != nil {
		return nil, err
	}
	var out []ReportLine
	for _, f := range files {
		lines, err := r.readNagReport(f)
		if err != nil {
			return nil, err
		}
		out = append(out, lines...)
	}
	return out, nil
}

func (r *reader) readNagReport(f string) ([]ReportLine, error) {
	data, err := os.ReadFile(f)
	if err != nil {
		return nil, err
	}
	var rep nagReport
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("%s: %w", r.rel(f), err)
	}
	for i := range rep.Lines {
		rep.Lines[i].File = r.rel(f)
	}
	return rep.Lines, nil
}

// Read returns every finding of the cloud assembly in dir (the App's output directory,
// cdk.out), sorted by stage, level, path and rule, each once. Suppressed and compliant
// report lines are not findings. A missing directory is an error; a directory without
// reports has no findings.
func Read(dir string) ([]Finding, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	r := &reader{dir: dir, seen: map[string]bool{}, meta: map[string]meshmeta.Resource{}, known: map[string]bool{}}
	if err := r.templates(); err != nil {
		return nil, err
	}
	reports, err := r.glob("*-NagReport.json")
	if err != nil {
		return nil, err
	}
	for _, f := range reports {
		if err := r.nagReport(f); err != nil {
			return nil, err
		}
	}
	manifests, err := r.glob("manifest.json")
	if err != nil {
		return nil, err
	}
	for _, f := range manifests {
		if err := r.manifest(f); err != nil {
			return nil, err
		}
	}
	if err := r.validationReport(filepath.Join(dir, "validation-report.json")); err != nil {
		return nil, err
	}
	Sort(r.out)
	return r.out, nil
}

// Sort orders findings by stage, level (errors first), path and rule.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Stage, b.Stage), cmp.Compare(levelRank(a.Level), levelRank(b.Level)),
			cmp.Compare(a.Path, b.Path), cmp.Compare(a.Rule, b.Rule))
	})
}

func levelRank(l Level) int {
	if l == LevelError {
		return 0
	}
	return 1
}

type reader struct {
	dir  string
	seen map[string]bool              // rule + path already found
	meta map[string]meshmeta.Resource // construct path -> smusmesh metadata
	// known holds the construct paths of the resources of the written templates and their
	// ancestors: report lines of other paths are left over from an earlier synth into
	// the same directory (of a stack that no longer exists) and are skipped.
	known map[string]bool
	out   []Finding
}

// glob finds name in dir and in the nested assemblies below it (assembly-<stage>).
func (r *reader) glob(pattern string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(r.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != r.dir && !strings.HasPrefix(d.Name(), "assembly-") {
			return filepath.SkipDir
		}
		if ok, _ := filepath.Match(pattern, d.Name()); ok && !d.IsDir() {
			files = append(files, path)
		}
		return nil
	})
	slices.Sort(files)
	return files, err
}

func (r *reader) rel(f string) string {
	if rel, err := filepath.Rel(r.dir, f); err == nil {
		return filepath.ToSlash(rel)
	}
	return f
}

// templates records the smusmesh metadata of every resource by construct path.
func (r *reader) templates() error {
	files, err := r.glob("*.template.json")
	if err != nil {
		return err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var t struct {
			Resources map[string]struct {
				Metadata map[string]json.RawMessage `json:"Metadata"`
			} `json:"Resources"`
		}
		if err := json.Unmarshal(data, &t); err != nil {
			return fmt.Errorf("%s: %w", r.rel(f), err)
		}
		for _, res := range t.Resources {
			var path string
			if json.Unmarshal(res.Metadata["aws:cdk:path"], &path) != nil || path == "" {
				continue
			}
			for p := path; p != "" && !r.known[p]; {
				r.known[p] = true
				i := strings.LastIndexByte(p, '/')
				if i < 0 {
					break
				}
				p = p[:i]
			}
			if m, ok := meshmeta.Parse(res.Metadata[meshmeta.Key]); ok {
				r.meta[path] = m
			}
		}
	}
	return nil
}

func (r *reader) add(f Finding) {
	f.Path = strings.TrimPrefix(f.Path, "/")
	k := f.Rule + "\x00" + f.Path
	if f.Path == "" {
		// A violation of no construct (a stack's limit, a guard's problem) is told by its
		// message: each is a finding of its own.
		k += "\x00" + f.Message
	}
	if r.seen[k] {
		return
	}
	r.seen[k] = true
	if i := strings.IndexByte(f.Path, '/'); i > 0 {
		f.Stage = f.Path[:i]
	}
	if m, ok := r.metaOf(f.Path); ok {
		f.Kind, f.Domain, f.Name, f.Key = string(m.Kind), m.Domain, m.Name, m.Key
	}
	r.out = append(r.out, f)
}

// metaOf returns the metadata of the resource at path, or of its closest recorded
// ancestor (a finding on "…/Project/Resource" belongs to the project's resource).
func (r *reader) metaOf(path string) (meshmeta.Resource, bool) {
	for p := path; p != ""; {
		if m, ok := r.meta[p]; ok {
			return m, true
		}
		if m, ok := r.meta[p+"/Resource"]; ok {
			return m, true
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return meshmeta.Resource{}, false
}

func (r *reader) nagReport(f string) error {
	lines, err := r.readNagReport(f)
	if err != nil {
		return err
	}
	for _, l := range lines {
		var level Level
		switch strings.ToLower(l.Compliance) {
		case "non-compliant":
			level = levelOf(l.RuleLevel)
		case "unknown":
			// The rule could not evaluate the resource; cdk-nag warns about it.
			level = LevelWarning
		default: // Compliant, Suppressed
			continue
		}
		if len(r.known) > 0 && !r.known[strings.TrimPrefix(l.ResourceID, "/")] {
			continue // a stack of an earlier synth
		}
		r.add(Finding{Level: level, Rule: l.RuleID, Path: l.ResourceID, Message: l.RuleInfo, File: l.File})
	}
	return nil
}

func levelOf(s string) Level {
	if strings.EqualFold(s, "error") {
		return LevelError
	}
	return LevelWarning
}

type artifact struct {
	Metadata   map[string][]metaEntry `json:"metadata"`
	Additional string                 `json:"additionalMetadataFile"`
}

type metaEntry struct {
	Type string `json:"type"`
	Data any    `json:"data"`
}

func (r *reader) manifest(f string) error {
	data, err := os.ReadFile(f)
	if err != nil {
		return err
	}
	var m struct {
		Artifacts map[string]artifact `json:"artifacts"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("%s: %w", r.rel(f), err)
	}
	ids := make([]string, 0, len(m.Artifacts))
	for id := range m.Artifacts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		a := m.Artifacts[id]
		r.annotations(a.Metadata, r.rel(f))
		if a.Additional == "" {
			continue
		}
		file := filepath.Join(filepath.Dir(f), a.Additional)
		data, err := os.ReadFile(file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		var extra map[string][]metaEntry
		if err := json.Unmarshal(data, &extra); err != nil {
			return fmt.Errorf("%s: %w", r.rel(file), err)
		}
		r.annotations(extra, r.rel(file))
	}
	return nil
}

func (r *reader) annotations(md map[string][]metaEntry, file string) {
	paths := make([]string, 0, len(md))
	for p := range md {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		for _, e := range md[p] {
			var level Level
			switch e.Type {
			case "aws:cdk:error":
				level = LevelError
			case "aws:cdk:warning":
				level = LevelWarning
			default:
				continue
			}
			msg, _ := e.Data.(string)
			rule, text := splitAnnotation(msg)
			r.add(Finding{Level: level, Rule: rule, Path: p, Message: text, File: file})
		}
	}
}

// splitAnnotation splits cdk-nag's "AwsSolutions-IAM5[Action::s3:*]: text" and the CDK's
// "text [ack: Some::Id]" into rule and text; other annotations get the rule "Annotation".
func splitAnnotation(msg string) (rule, text string) {
	msg = strings.TrimSpace(msg)
	if i := strings.Index(msg, ": "); i > 0 && !strings.ContainsAny(msg[:i], " \n") {
		rule, text = msg[:i], msg[i+2:]
		if j := strings.IndexByte(rule, '['); j > 0 {
			rule = rule[:j]
		}
		return rule, firstLine(text)
	}
	if i := strings.LastIndex(msg, " [ack: "); i > 0 && strings.HasSuffix(msg, "]") {
		return msg[i+7 : len(msg)-1], firstLine(msg[:i])
	}
	return "Annotation", firstLine(msg)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// validationReport reads the CDK policy validation report, written when a plugin (the
// registry-schema check, the CDK's own template validation) reported a violation.
func (r *reader) validationReport(f string) error {
	data, err := os.ReadFile(f)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var rep struct {
		PluginReports []struct {
			Summary struct {
				PluginName string `json:"pluginName"`
			} `json:"summary"`
			PluginName string `json:"pluginName"`
			Violations []struct {
				RuleName            string `json:"ruleName"`
				Description         string `json:"description"`
				Fix                 string `json:"fix"`
				Severity            string `json:"severity"`
				ViolatingConstructs []struct {
					ConstructPath     string   `json:"constructPath"`
					ResourceLogicalID string   `json:"resourceLogicalId"`
					Locations         []string `json:"locations"`
				} `json:"violatingConstructs"`
			} `json:"violations"`
		} `json:"pluginReports"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		return fmt.Errorf("%s: %w", r.rel(f), err)
	}
	for _, p := range rep.PluginReports {
		plugin := cmp.Or(p.Summary.PluginName, p.PluginName)
		if plugin == meshmeta.DataMeshPlugin {
			continue // read from the DataMesh NagReport files, once
		}
		for _, v := range p.Violations {
			level := LevelError
			if s := strings.ToLower(v.Severity); s == "warning" || s == "info" {
				level = LevelWarning
			}
			msg := firstLine(v.Description)
			if v.Fix != "" {
				msg += " (fix: " + firstLine(v.Fix) + ")"
			}
			rule := v.RuleName
			if plugin != "" {
				rule = plugin + "::" + v.RuleName
			}
			if len(v.ViolatingConstructs) == 0 {
				r.add(Finding{Level: level, Rule: rule, Message: msg, File: r.rel(f)})
			}
			for _, c := range v.ViolatingConstructs {
				m := msg
				if len(c.Locations) > 0 {
					m = strings.Join(c.Locations, ", ") + ": " + msg
				}
				r.add(Finding{Level: level, Rule: rule, Path: cmp.Or(c.ConstructPath, c.ResourceLogicalID), Message: m, File: r.rel(f)})
			}
		}
	}
	return nil
}

// ReportName is the name of a stage's combined report, without extension:
// "<stage>-findings" ("app-findings" for the stacks outside any stage).
func ReportName(stage string) string {
	return cmp.Or(stage, "app") + "-findings"
}

// WriteReports writes, for every stage of stages and every stage with a finding, one
// combined report of all packs and checks into dir: <stage>-findings.json (the findings
// as a JSON array) and <stage>-findings.csv (one line per finding, with a header). It
// returns the files written.
func WriteReports(dir string, stages []string, fs []Finding) ([]string, error) {
	by := map[string][]Finding{}
	for _, s := range stages {
		by[s] = []Finding{}
	}
	for _, f := range fs {
		by[f.Stage] = append(by[f.Stage], f)
	}
	names := make([]string, 0, len(by))
	for s := range by {
		names = append(names, s)
	}
	slices.Sort(names)
	var files []string
	for _, s := range names {
		base := filepath.Join(dir, ReportName(s))
		data, err := json.MarshalIndent(by[s], "", "  ")
		if err != nil {
			return files, err
		}
		if err := os.WriteFile(base+".json", append(data, '\n'), 0o644); err != nil {
			return files, err
		}
		var b strings.Builder
		w := csv.NewWriter(&b)
		_ = w.Write([]string{"Level", "Rule", "Path", "Source", "Kind", "Domain", "Name", "Message", "File"})
		for _, f := range by[s] {
			_ = w.Write([]string{string(f.Level), f.Rule, f.Path, f.Source, f.Kind, f.Domain, f.Name, f.Message, f.File})
		}
		w.Flush()
		if err := os.WriteFile(base+".csv", []byte(b.String()), 0o644); err != nil {
			return files, err
		}
		files = append(files, base+".json", base+".csv")
	}
	return files, nil
}
