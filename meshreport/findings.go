package meshreport

import (
	"path/filepath"
	"strings"

	"github.com/smusmesh/smusmesh/findings"
)

// Finding is one row of a cdk-nag report (any pack: AwsSolutions, DataMesh, ...).
type Finding struct {
	// Pack is the report's pack ("AwsSolutions", "DataMesh").
	Pack string
	// File is the report file's base name.
	File       string
	RuleID     string `json:"ruleId"`
	ResourceID string `json:"resourceId"`
	// Compliance is "Compliant", "Non-Compliant" or "Suppressed".
	Compliance string `json:"compliance"`
	Reason     string `json:"exceptionReason"`
	// Level is "Error", "Warning" or "Info".
	Level string `json:"ruleLevel"`
	Info  string `json:"ruleInfo"`
}

// FindingsReader reads the findings of every pack in a cloud assembly directory. The
// default, NagReports, reads the cdk-nag report files; a combined findings reader can take
// its place.
type FindingsReader interface {
	Findings(assemblyDir string) ([]Finding, error)
}

// NagReports reads every *-NagReport.json in the assembly directory (cdk-nag's format,
// which every pack of smusmesh writes: "<Pack>-<Stage>-<Stack>-NagReport.json").
var NagReports FindingsReader = nagReports{}

// Reader is the FindingsReader that Load uses.
var Reader = NagReports

type nagReports struct{}

// Findings reads the report lines with package findings, the one reader of cdk-nag's
// reports, and names each line's pack.
func (nagReports) Findings(dir string) ([]Finding, error) {
	lines, err := findings.ReadNagReports(dir)
	if err != nil {
		return nil, err
	}
	out := make([]Finding, 0, len(lines))
	for _, l := range lines {
		base := filepath.Base(l.File)
		out = append(out, Finding{
			Pack: packOf(base, l.ResourceID), File: base, RuleID: l.RuleID, ResourceID: l.ResourceID,
			Compliance: l.Compliance, Reason: l.ExceptionReason, Level: l.RuleLevel, Info: l.RuleInfo,
		})
	}
	return out, nil
}

// packOf reads the pack from "<Pack>-<Stage>-<Stack>-NagReport.json": what comes before
// "-<stage>-", the stage being the first segment of the resource path. Pack names may hold
// hyphens ("NIST.800-53.R5").
func packOf(file, resourceID string) string {
	stage, _, _ := strings.Cut(resourceID, "/")
	if i := strings.Index(file, "-"+stage+"-"); stage != "" && i > 0 {
		return file[:i]
	}
	p, _, _ := strings.Cut(file, "-")
	return p
}

func (m *Mesh) readFindings() error {
	all, err := Reader.Findings(m.Dir)
	if err != nil {
		return err
	}
	for _, f := range all {
		stage, _, _ := strings.Cut(f.ResourceID, "/")
		if s := m.Stage(stage); s != nil {
			s.Findings = append(s.Findings, f)
		} else if s := m.Stage(""); s != nil {
			s.Findings = append(s.Findings, f)
		}
	}
	return nil
}

// FindingCounts counts the stage's findings by compliance and level: "Non-Compliant
// Error", "Non-Compliant Warning", "Suppressed Error", ...
func (s *Stage) FindingCounts() map[string]int {
	c := map[string]int{}
	for _, f := range s.Findings {
		c[f.Compliance+" "+f.Level]++
	}
	return c
}
