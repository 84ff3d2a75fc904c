package meshreport

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// PrintLimit caps the lists that Write prints (projects, findings, reads); the summary
// file has them all.
var PrintLimit = 20

// Files names the reports Write puts into the assembly directory for one stage.
type Files struct {
	Map, Mermaid, Access, AccessCSV, Cost, Summary string
}

// FilesOf returns the paths of the reports of stage in the assembly directory dir:
// mesh-<stage>.html, mesh-<stage>.mmd, mesh-<stage>-access.md/.csv, mesh-<stage>-cost.md
// and mesh-<stage>-summary.txt (stage "app" for stacks outside any Stage), beside the
// cdk-nag reports.
func FilesOf(dir, stage string) Files {
	if stage == "" {
		stage = "app"
	}
	base := filepath.Join(dir, "mesh-"+stage)
	return Files{
		Map: base + ".html", Mermaid: base + ".mmd", Access: base + "-access.md", AccessCSV: base + "-access.csv",
		Cost: base + "-cost.md", Summary: base + "-summary.txt",
	}
}

// Write reads the cloud assembly in dir after synthesis and writes, per stage, the mesh
// map (HTML and Mermaid), the access matrix (Markdown and CSV), the cost report and the
// synth summary into dir; each summary is also printed on w (nil: not printed). It
// returns the mesh it read.
func Write(dir string, w io.Writer) (*Mesh, error) {
	m, err := Load(dir)
	if err != nil {
		return nil, err
	}
	for _, s := range m.Stages {
		f := FilesOf(m.Dir, s.Name)
		outputs := []struct {
			path   string
			render func(io.Writer) error
		}{
			{f.Map, func(w io.Writer) error { s.HTML(w); return nil }},
			{f.Mermaid, func(w io.Writer) error { s.Mermaid(w); return nil }},
			{f.Access, func(w io.Writer) error { s.AccessMarkdown(w); return nil }},
			{f.AccessCSV, s.AccessCSV},
			{f.Cost, func(w io.Writer) error { s.Costs(nil).Markdown(w); return nil }},
		}
		for _, o := range outputs {
			var b bytes.Buffer
			if err := o.render(&b); err != nil {
				return nil, err
			}
			if err := os.WriteFile(o.path, b.Bytes(), 0o644); err != nil {
				return nil, fmt.Errorf("meshreport: %w", err)
			}
		}
		files := map[string]string{
			"map": f.Map, "map (Mermaid)": f.Mermaid, "access matrix": f.Access, "cost report": f.Cost,
			"summary": f.Summary, "cdk-nag reports": filepath.Join(m.Dir, "*-NagReport.json"),
		}
		var sum bytes.Buffer
		s.Summary(&sum, files, 0)
		if err := os.WriteFile(f.Summary, sum.Bytes(), 0o644); err != nil {
			return nil, fmt.Errorf("meshreport: %w", err)
		}
		if w != nil {
			// On the terminal a large mesh is summarized; the file has every line.
			s.Summary(w, files, PrintLimit)
		}
	}
	return m, nil
}
