// Package meshreport reads a synthesized cloud assembly and tells what the mesh is: per
// stage, the governance domain, domains, units, projects with owners and members, Master
// Data producers and the consumers that read them, the accounts they live in, the access
// matrix (who reads which columns and rows of which product table), the cost of the
// project profiles, and the findings of every cdk-nag pack.
//
// It reads files only (manifest, templates, nested templates, *-NagReport.json), after
// synthesis, in plain Go: the Lake Formation grants, data cells filters and LF-tag
// associations as emitted, and the smusmesh metadata ("Metadata": {"smusmesh": ...}) the
// constructs record on their resources. What the definition says but the templates do not
// grant is not in the report.
//
// Write puts, per stage, beside the cdk-nag reports in the assembly directory:
//
//	mesh-<stage>.html          the mesh map: one self-contained page (no network), collapsible units, search
//	mesh-<stage>.mmd           the mesh map as a Mermaid flowchart
//	mesh-<stage>-access.md     the access matrix (and .csv)
//	mesh-<stage>-cost.md       the cost report: per profile and project, ON_CREATE total, costly flags
//	mesh-<stage>-summary.txt   the synth summary (also printed on stderr)
//
// stages.Main and the quickstart call it after synthesis:
//
//	asm := app.Synth(nil)
//	if _, err := meshreport.Write(*asm.Directory(), os.Stderr); err != nil { ... }
//
// The prices come from costs.json (embedded): order-of-magnitude monthly figures with
// their sources and the date they were read; costly blueprints are datamesh's
// CostlyBlueprints. Findings are read through the FindingsReader interface (default
// NagReports: every line of every *-NagReport.json of the assembly, read by package findings).
package meshreport
