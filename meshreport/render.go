package meshreport

import (
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"sort"
	"strings"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// maxResources is CloudFormation's limit of resources per template, from the one list of
// quotas (docs/quotas.md).
var maxResources = datamesh.QuotaOf(datamesh.QuotaStackResources).Limit

// ReadText is one access row in words: "Campaign Analytics reads crm.customers
// (customer_id, country; all rows) via cells filter campaign_analytics_customers".
func (a Access) ReadText() string {
	who := a.Project
	if a.Publisher {
		who += " (producer)"
	}
	return fmt.Sprintf("%s reads %s.%s (%s; %s) via %s", who, a.Database, a.Table, a.ColumnsText(), a.RowsText(), a.Via)
}

// AccessCSV writes the access matrix as CSV.
func (s *Stage) AccessCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"stage", "product", "database", "table", "project", "role", "columns", "rows", "via", "permissions", "producer", "path"})
	for _, a := range s.Access {
		_ = cw.Write([]string{s.Name, a.Product, a.Database, a.Table, a.Project, a.Principal, a.ColumnsText(), a.RowsText(), a.Via,
			strings.Join(a.Permissions, " "), fmt.Sprint(a.Publisher), a.Path})
	}
	cw.Flush()
	return cw.Error()
}

// AccessMarkdown writes the access matrix as a Markdown table per product table.
func (s *Stage) AccessMarkdown(w io.Writer) {
	fmt.Fprintf(w, "# Access matrix: stage %s\n\nComputed from the Lake Formation grants, data cells filters and LF-tag associations in the templates.\n", stageName(s.Name))
	last := ""
	for _, a := range s.Access {
		t := a.Database + "." + a.Table
		if t != last {
			fmt.Fprintf(w, "\n## %s (product: %s)\n\n| project | role | columns | rows | via |\n|---|---|---|---|---|\n", t, or(a.Product, "?"))
			last = t
		}
		who := a.Project
		if a.Publisher {
			who += " (producer)"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", who, a.Principal, a.ColumnsText(), a.RowsText(), a.Via)
	}
	if len(s.Access) == 0 {
		fmt.Fprintln(w, "\nNo Lake Formation read of a product table.")
	}
}

// Mermaid writes the stage's mesh map as a Mermaid flowchart: domains and units as
// subgraphs, projects as nodes (Master Data producers as hexagons), reads as edges from
// producer to consumer labelled with the table, columns and rows.
func (s *Stage) Mermaid(w io.Writer) {
	fmt.Fprintln(w, "flowchart LR")
	ids := map[string]string{}
	n := 0
	next := func(prefix string) string { n++; return fmt.Sprintf("%s%d", prefix, n) }
	var unit func(u *Unit, indent string)
	project := func(p *Project, indent string) {
		id := next("p")
		ids[p.Domain+"\x00"+p.Name] = id
		label := p.Name
		if p.MasterData != nil {
			label += "<br/>Master Data: " + p.MasterData.Source
			fmt.Fprintf(w, "%s%s{{\"%s\"}}\n", indent, id, mermaidText(label))
			return
		}
		if o := p.Owners(); len(o) > 0 {
			label += "<br/>owners: " + strings.Join(o, ", ")
		}
		fmt.Fprintf(w, "%s%s[\"%s\"]\n", indent, id, mermaidText(label))
	}
	unit = func(u *Unit, indent string) {
		label := u.Name
		if len(u.Owners) > 0 {
			label += " (owners: " + strings.Join(u.Owners, ", ") + ")"
		}
		fmt.Fprintf(w, "%ssubgraph %s[\"%s\"]\n", indent, next("u"), mermaidText(label))
		for _, p := range u.Projects {
			project(p, indent+"  ")
		}
		for _, c := range u.Units {
			unit(c, indent+"  ")
		}
		fmt.Fprintf(w, "%send\n", indent)
	}
	for _, d := range s.Domains {
		kind := "domain"
		if d.Governance {
			kind = "governance domain"
		}
		label := fmt.Sprintf("%s (%s, account %s %s)", d.Name, kind, or(d.Account, "?"), d.Region)
		fmt.Fprintf(w, "  subgraph %s[\"%s\"]\n", next("d"), mermaidText(label))
		for _, p := range d.Projects {
			project(p, "    ")
		}
		for _, u := range d.Units {
			unit(u, "    ")
		}
		if len(d.Projects) == 0 && len(d.Units) == 0 {
			fmt.Fprintf(w, "    %s[\"%s\"]\n", next("e"), mermaidText("owners: "+strings.Join(d.Owners, ", ")))
		}
		fmt.Fprintln(w, "  end")
	}
	for _, a := range s.Access {
		if a.Publisher {
			continue
		}
		from, to := "", ""
		for k, id := range ids {
			_, name, _ := strings.Cut(k, "\x00")
			if name == a.Product {
				from = id
			}
			if name == a.Project {
				to = id
			}
		}
		if from == "" || to == "" {
			continue
		}
		fmt.Fprintf(w, "  %s -->|\"%s\"| %s\n", from, mermaidText(a.Table+": "+a.ColumnsText()+"; "+a.RowsText()), to)
	}
}

func mermaidText(s string) string {
	r := strings.NewReplacer(`"`, "#quot;", "\n", " ")
	return r.Replace(s)
}

// Summary writes the synth summary of the stage: stacks and resources against the limit,
// projects, members (temporary ones with their end dates), blueprints ON_CREATE /
// ON_DEMAND, findings by level, the access matrix and cost, and where the files are.
// limit caps the lists of projects, temporary members, findings and reads (0: no cap); the
// rest is counted ("... and 190 more").
func (s *Stage) Summary(w io.Writer, files map[string]string, limit int) {
	more := func(i, n int) bool {
		if limit > 0 && i == limit {
			fmt.Fprintf(w, "    ... and %d more (%s)\n", n-limit, or(files["summary"], "the summary file"))
		}
		return limit == 0 || i < limit
	}
	fmt.Fprintf(w, "smusmesh summary: stage %s (%s)\n", stageName(s.Name), s.Dir)
	nested, largest := 0, (*Stack)(nil)
	for _, st := range s.Stacks {
		if st.Nested {
			nested++
		}
		if largest == nil || st.Resources > largest.Resources {
			largest = st
		}
	}
	fmt.Fprintf(w, "  stacks: %d (%d nested)", len(s.Stacks), nested)
	if largest != nil {
		fmt.Fprintf(w, "; largest %s: %d of %d resources", largest.Name, largest.Resources, maxResources)
	}
	fmt.Fprintln(w)
	for _, st := range s.Stacks {
		if !st.Nested {
			fmt.Fprintf(w, "    %s: %d/%d resources (account %s %s)\n", st.Name, st.Resources, maxResources, or(st.Account, "?"), st.Region)
		}
	}
	projects := s.Projects()
	md := 0
	for _, p := range projects {
		if p.MasterData != nil {
			md++
		}
	}
	fmt.Fprintf(w, "  domains: %d; projects: %d (%d Master Data)\n", len(s.Domains), len(projects), md)
	for i, p := range projects {
		if !more(i, len(projects)) {
			break
		}
		kind := ""
		if p.MasterData != nil {
			kind = " [Master Data: " + p.MasterData.Source + "]"
		}
		unit := or(p.Unit, "(root unit)")
		fmt.Fprintf(w, "    %s / %s / %s%s, profile %s, %d members\n", p.Domain, unit, p.Name, kind, or(p.Profile, "?"), len(p.Members))
		for _, m := range p.Members {
			if m.Temporary {
				fmt.Fprintf(w, "      temporary: %s (%s) until %s\n", m.Principal, m.Designation, or(m.EndDate, "?"))
			}
		}
	}
	for _, p := range s.Profiles {
		var on, od []string
		for _, e := range p.Environments {
			if e.Mode == "ON_CREATE" {
				on = append(on, e.Blueprint)
			} else {
				od = append(od, e.Blueprint)
			}
		}
		fmt.Fprintf(w, "  profile %s / %s: ON_CREATE %s; ON_DEMAND %s\n", p.Domain, p.Name, list(on), list(od))
	}
	counts := s.FindingCounts()
	fmt.Fprintf(w, "  findings: %d errors, %d warnings (non-compliant); %d suppressed; %d compliant\n",
		counts["Non-Compliant Error"], counts["Non-Compliant Warning"],
		counts["Suppressed Error"]+counts["Suppressed Warning"]+counts["Suppressed Info"],
		counts["Compliant Error"]+counts["Compliant Warning"]+counts["Compliant Info"])
	var open []Finding
	for _, f := range s.Findings {
		if f.Compliance == "Non-Compliant" {
			open = append(open, f)
		}
	}
	for i, f := range open {
		if !more(i, len(open)) {
			break
		}
		fmt.Fprintf(w, "    %s %s %s: %s\n", f.Level, f.RuleID, f.ResourceID, f.Info)
	}
	fmt.Fprintf(w, "  access (Lake Formation, from the templates): %d reads\n", len(s.Access))
	for i, a := range s.Access {
		if !more(i, len(s.Access)) {
			break
		}
		fmt.Fprintf(w, "    %s\n", a.ReadText())
	}
	cost := s.Costs(nil)
	fmt.Fprintf(w, "  cost: about $%s per month committed by ON_CREATE environments (order of magnitude, prices of %s)\n", money(cost.Committed), cost.Prices.Date)
	for _, c := range cost.CostlyOnCreate() {
		fmt.Fprintf(w, "    COSTLY ON_CREATE: %s\n", c)
	}
	for _, k := range sortedKeys(files) {
		fmt.Fprintf(w, "  %s: %s\n", k, files[k])
	}
}

func list(l []string) string {
	if len(l) == 0 {
		return "-"
	}
	return strings.Join(l, ", ")
}

// HTML writes the stage's mesh map as one self-contained page (no script, style or font
// from the network): domains, collapsible units, projects with owners, members and
// accounts, a search box that filters projects (also from the address: page.html#q=crm),
// the access matrix and the Mermaid source.
func (s *Stage) HTML(w io.Writer) {
	e := html.EscapeString
	projects := s.Projects()
	open := ""
	if len(projects) <= 40 {
		open = " open"
	}
	fmt.Fprintf(w, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Mesh map: %s</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px system-ui,sans-serif;margin:1.5em;color:#1b1f24}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}
details{margin:.2em 0 .2em 1.2em;border-left:2px solid #d0d7de;padding-left:.6em}
summary{cursor:pointer;font-weight:600}
.domain>summary{font-size:1.1em}.gov>summary{color:#6639ba}
.project{margin:.3em 0 .3em 1.2em;padding:.3em .6em;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa}
.md{border-color:#bf8700;background:#fff8c5}
.small{color:#57606a;font-size:.9em}
.hidden{display:none}
table{border-collapse:collapse;margin-top:.5em}td,th{border:1px solid #d0d7de;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.role{word-break:break-all;font-size:.85em}
input{font-size:1em;padding:.3em;width:22em}
pre{background:#f6f8fa;padding:.6em;overflow:auto}
</style></head><body>
<h1>Mesh map: stage %s</h1>
<p class="small">%d domains, %d projects, %d reads. Generated by smusmesh from the cloud assembly %s.</p>
<p><input id="q" type="search" placeholder="Search projects, units, members, tables" aria-label="search"> <button id="expand">expand all</button> <button id="collapse">collapse all</button></p>
`, e(stageName(s.Name)), e(stageName(s.Name)), len(s.Domains), len(projects), len(s.Access), e(s.Dir))
	readsOf := map[string][]Access{}
	for _, a := range s.Access {
		readsOf[a.Project] = append(readsOf[a.Project], a)
	}
	var projectHTML func(p *Project)
	projectHTML = func(p *Project) {
		cls := "project"
		if p.MasterData != nil {
			cls += " md"
		}
		fmt.Fprintf(w, `<div class="%s" data-search="%s"><b>%s</b>`, cls, e(strings.ToLower(searchText(p, readsOf[p.Name]))), e(p.Name))
		if p.MasterData != nil {
			fmt.Fprintf(w, ` <span class="small">Master Data producer of %s; contract %s; owner %s; steward %s</span>`,
				e(p.MasterData.Source), e(or(p.MasterData.Contract, "none")), e(or(p.MasterData.Owner, "?")), e(or(p.MasterData.Steward, "?")))
		}
		fmt.Fprintf(w, `<div class="small">profile %s; account %s; environments in %s</div><ul>`, e(or(p.Profile, "?")), e(or(p.Account, "?")), e(list(p.EnvironmentAccounts)))
		for _, m := range p.Members {
			t := ""
			if m.Temporary {
				t = " (temporary until " + or(m.EndDate, "?") + ")"
			}
			fmt.Fprintf(w, "<li>%s: %s%s</li>", e(m.Designation), e(m.Principal), e(t))
		}
		for _, a := range readsOf[p.Name] {
			fmt.Fprintf(w, `<li class="read">%s</li>`, e(a.ReadText()))
		}
		if p.MasterData != nil {
			for _, a := range s.Access {
				if a.Product == p.Name && !a.Publisher {
					fmt.Fprintf(w, `<li class="consumer">read by %s: %s.%s (%s; %s)</li>`, e(a.Project), e(a.Database), e(a.Table), e(a.ColumnsText()), e(a.RowsText()))
				}
			}
		}
		fmt.Fprintln(w, "</ul></div>")
	}
	var unitHTML func(u *Unit)
	unitHTML = func(u *Unit) {
		fmt.Fprintf(w, `<details class="unit"%s><summary>%s <span class="small">unit; owners: %s</span></summary>`+"\n", open, e(u.Name), e(list(u.Owners)))
		for _, p := range u.Projects {
			projectHTML(p)
		}
		for _, c := range u.Units {
			unitHTML(c)
		}
		fmt.Fprintln(w, "</details>")
	}
	for _, d := range s.Domains {
		cls, kind := "domain", "domain"
		if d.Governance {
			cls, kind = "domain gov", "governance domain"
		}
		fmt.Fprintf(w, `<details class="%s" open><summary>%s <span class="small">%s; account %s %s; stack %s; network %s; owners: %s; blueprints: %s</span></summary>`+"\n",
			cls, e(d.Name), kind, e(or(d.Account, "?")), e(d.Region), e(d.Stack), e(or(d.Network, "?")), e(list(d.Owners)), e(list(d.Blueprints)))
		for _, p := range d.Projects {
			projectHTML(p)
		}
		for _, u := range d.Units {
			unitHTML(u)
		}
		fmt.Fprintln(w, "</details>")
	}
	fmt.Fprintln(w, `<h2>Access matrix</h2><p class="small">Who reads which columns and rows of which product table, from the Lake Formation grants, data cells filters and LF-tags in the templates.</p>`)
	fmt.Fprintln(w, `<table id="access"><tr><th>table</th><th>product</th><th>project</th><th>role</th><th>columns</th><th>rows</th><th>via</th></tr>`)
	for _, a := range s.Access {
		who := a.Project
		if a.Publisher {
			who += " (producer)"
		}
		fmt.Fprintf(w, "<tr><td>%s.%s</td><td>%s</td><td>%s</td><td class=\"role\">%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			e(a.Database), e(a.Table), e(a.Product), e(who), e(a.Principal), e(a.ColumnsText()), e(a.RowsText()), e(a.Via))
	}
	fmt.Fprintln(w, "</table>")
	var mm strings.Builder
	s.Mermaid(&mm)
	fmt.Fprintf(w, "<h2>Mermaid</h2><details><summary>source (paste into any Mermaid viewer)</summary><pre>%s</pre></details>\n", e(mm.String()))
	fmt.Fprint(w, `<script>
(function(){
var q=document.getElementById('q');
function filter(){var t=q.value.trim().toLowerCase();
 document.querySelectorAll('.project').forEach(function(p){var hit=!t||p.getAttribute('data-search').indexOf(t)>=0;p.classList.toggle('hidden',!hit);
  if(hit&&t){for(var d=p.parentElement;d;d=d.parentElement){if(d.tagName==='DETAILS')d.open=true;}}});
 document.querySelectorAll('details.unit').forEach(function(u){u.classList.toggle('hidden',!!t&&!u.querySelector('.project:not(.hidden)'));});}
q.addEventListener('input',filter);
var h=location.hash.match(/^#q=(.*)$/);if(h){q.value=decodeURIComponent(h[1]);filter();}
document.getElementById('expand').onclick=function(){document.querySelectorAll('details').forEach(function(d){d.open=true;});};
document.getElementById('collapse').onclick=function(){document.querySelectorAll('details.unit').forEach(function(d){d.open=false;});};
})();
</script></body></html>
`)
}

func searchText(p *Project, reads []Access) string {
	parts := []string{p.Name, p.Unit, p.Domain, p.Profile}
	for _, m := range p.Members {
		parts = append(parts, m.Principal)
	}
	for _, a := range reads {
		parts = append(parts, a.Database+"."+a.Table)
	}
	sort.Strings(parts[4:])
	return strings.Join(parts, " ")
}
