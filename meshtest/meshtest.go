// Package meshtest is for your own `go test`: synthesize your mesh in a test, then assert
// in the mesh's terms (who is a member of which project, who reads which columns of which
// table, that no personal data reaches a consumer) on what the templates really grant.
//
// Everything is read from the cloud assembly (package meshreport): the Lake Formation
// grants, data cells filters and LF-tag associations that will be deployed, not the
// definition you wrote. A test that passes proves what the deploy will grant; a grant
// widened by mistake (a table-wide read, a filter that lost its column list) fails it.
//
//	func TestSalesAndMarketing(t *testing.T) {
//		dev := meshtest.Synth(t, buildApp).Stage("dev")
//		dev.AssertReads("Campaign Analytics", "crm.customers", "customer_id", "country", "segment", "created_at")
//		dev.AssertCannotRead("CRM Master Data", "web_analytics.page_views")
//		dev.AssertNoPIIReaches()
//	}
//
// Failures name the stage, the project, the table, the columns and the grant, e.g.
//
//	stage dev: "Campaign Analytics" reads PII column crm.customers.email of product "CRM Master Data" (role arn:aws:iam::111111111111:role/campaign-analytics-project, via table)
package meshtest

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/meshreport"
)

// Mesh is a synthesized mesh under test.
type Mesh struct {
	t testing.TB
	// Report is everything read from the assembly.
	Report *meshreport.Mesh
}

// Load reads the cloud assembly in dir (an app's output directory); a directory that is
// not an assembly fails the test.
func Load(t testing.TB, dir string) *Mesh {
	t.Helper()
	m, err := meshreport.Load(dir)
	if err != nil {
		t.Fatalf("meshtest: %v", err)
	}
	return &Mesh{t: t, Report: m}
}

// Synth creates an App that writes into a temporary directory, lets build define the
// mesh in it, synthesizes it and loads the assembly. A panic of build (smusmesh's
// validation problems) fails the test with the problems.
func Synth(t testing.TB, build func(app awscdk.App)) *Mesh {
	t.Helper()
	out := t.TempDir()
	outdir := out
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: &outdir})
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("meshtest: building the mesh failed: %v", r)
			}
		}()
		build(app)
	}()
	cfnfrag.Release() // the constructs are built: their fragments' scratch file goes
	app.Synth(nil)
	return Load(t, out)
}

// Stage returns the stage name of the mesh ("" for stacks outside any Stage); a missing
// stage fails the test.
func (m *Mesh) Stage(name string) *Stage {
	m.t.Helper()
	s := m.Report.Stage(name)
	if s == nil {
		var names []string
		for _, s := range m.Report.Stages {
			names = append(names, s.Name)
		}
		m.t.Fatalf("meshtest: no stage %q in %s (stages: %s)", name, m.Report.Dir, strings.Join(names, ", "))
	}
	return &Stage{t: m.t, S: s}
}

// Stage is one stage of the mesh under test.
type Stage struct {
	t testing.TB
	// S is the stage as meshreport read it.
	S *meshreport.Stage
}

// ForTest returns the stage reporting to another test (a subtest, or a recorder in
// tests of tests).
func (s *Stage) ForTest(t testing.TB) *Stage { return &Stage{t: t, S: s.S} }

func (s *Stage) prefix() string {
	if s.S.Name == "" {
		return "app"
	}
	return "stage " + s.S.Name
}

func (s *Stage) project(name string) *meshreport.Project {
	s.t.Helper()
	p := s.S.Project(name)
	if p == nil {
		var names []string
		for _, p := range s.S.Projects() {
			names = append(names, fmt.Sprintf("%q", p.Name))
		}
		s.t.Fatalf("%s: no project %q (projects: %s)", s.prefix(), name, strings.Join(names, ", "))
	}
	return p
}

// Members returns the members of a project as "SSO_USER:jane" / "SSO_GROUP:team" /
// "IAM_ROLE:..." with their designation; an unknown project fails the test.
func (s *Stage) Members(project string) []meshreport.Member {
	s.t.Helper()
	if p := s.project(project); p != nil { // nil only under a TB whose Fatalf returns
		return p.Members
	}
	return nil
}

// AssertMembers checks that the project's members are exactly want (principals as
// Members names them, in any order).
func (s *Stage) AssertMembers(project string, want ...string) {
	s.t.Helper()
	var got []string
	for _, m := range s.Members(project) {
		got = append(got, m.Principal)
	}
	sort.Strings(got)
	w := slices.Clone(want)
	sort.Strings(w)
	if !slices.Equal(got, w) {
		s.t.Errorf("%s: project %q has members [%s], want [%s]", s.prefix(), project, strings.Join(got, ", "), strings.Join(w, ", "))
	}
}

// Readers returns every read of table ("database.table", or "table" alone), the
// producer's own included.
func (s *Stage) Readers(table string) []meshreport.Access {
	var out []meshreport.Access
	for _, a := range s.S.Access {
		if tableMatches(a, table) {
			out = append(out, a)
		}
	}
	return out
}

func tableMatches(a meshreport.Access, table string) bool {
	db, tbl, qualified := strings.Cut(table, ".")
	if !qualified {
		tbl, db = table, ""
	}
	if db != "" && a.Database != db {
		return false
	}
	return a.Table == tbl || a.Table == "*"
}

// CanRead reports whether project reads column of table ("" column: any column).
func (s *Stage) CanRead(project, table, column string) bool {
	for _, a := range s.Readers(table) {
		if a.Project != project {
			continue
		}
		_, tbl, ok := strings.Cut(table, ".")
		if !ok {
			tbl = table
		}
		if column == "" || a.Reads(tbl, column) {
			return true
		}
	}
	return false
}

// AssertReads checks that project reads table and exactly the columns given (none given:
// every column), in every row unless a row filter is expected with AssertRowFilter.
func (s *Stage) AssertReads(project, table string, columns ...string) {
	s.t.Helper()
	s.project(project)
	var reads []meshreport.Access
	for _, a := range s.Readers(table) {
		if a.Project == project {
			reads = append(reads, a)
		}
	}
	if len(reads) == 0 {
		s.t.Errorf("%s: %q does not read %s; its reads: %s", s.prefix(), project, table, s.readsOf(project))
		return
	}
	for _, a := range reads {
		switch {
		case len(columns) == 0 && !a.AllColumns():
			s.t.Errorf("%s: %q reads %s.%s, but only %s, want all columns (%s)", s.prefix(), project, a.Database, a.Table, a.ColumnsText(), grant(a))
		case len(columns) > 0 && !sameSet(a.Columns, columns):
			s.t.Errorf("%s: %q reads %s of %s.%s, want exactly %s (%s)", s.prefix(), project, a.ColumnsText(), a.Database, a.Table, strings.Join(columns, ", "), grant(a))
		}
	}
}

// AssertRowFilter checks that every read of table by project is limited to the rows of
// expr (the data cells filter's row filter expression).
func (s *Stage) AssertRowFilter(project, table, expr string) {
	s.t.Helper()
	found := false
	for _, a := range s.Readers(table) {
		if a.Project != project {
			continue
		}
		found = true
		if a.Rows != expr {
			s.t.Errorf("%s: %q reads %s of %s.%s, want rows where %s (%s)", s.prefix(), project, a.RowsText(), a.Database, a.Table, expr, grant(a))
		}
	}
	if !found {
		s.t.Errorf("%s: %q does not read %s; its reads: %s", s.prefix(), project, table, s.readsOf(project))
	}
}

// AssertCannotRead checks that project reads nothing of table (columns given: none of
// those columns).
func (s *Stage) AssertCannotRead(project, table string, columns ...string) {
	s.t.Helper()
	s.project(project)
	for _, a := range s.Readers(table) {
		if a.Project != project {
			continue
		}
		if len(columns) == 0 {
			s.t.Errorf("%s: %q reads %s.%s (%s; %s), want no access (%s)", s.prefix(), project, a.Database, a.Table, a.ColumnsText(), a.RowsText(), grant(a))
			continue
		}
		_, tbl, ok := strings.Cut(table, ".")
		if !ok {
			tbl = table
		}
		for _, c := range columns {
			if a.Reads(tbl, c) {
				s.t.Errorf("%s: %q reads column %s.%s.%s, want no access to it (%s)", s.prefix(), project, a.Database, tbl, c, grant(a))
			}
		}
	}
}

// AssertOnlyReaders checks that the consumers of table (every project but its producer)
// are exactly projects.
func (s *Stage) AssertOnlyReaders(table string, projects ...string) {
	s.t.Helper()
	var got []string
	for _, a := range s.Readers(table) {
		if !a.Publisher && !slices.Contains(got, a.Project) {
			got = append(got, a.Project)
		}
	}
	sort.Strings(got)
	w := slices.Clone(projects)
	sort.Strings(w)
	if !slices.Equal(got, w) {
		s.t.Errorf("%s: %s is read by [%s], want [%s]", s.prefix(), table, strings.Join(got, ", "), strings.Join(w, ", "))
	}
}

// AssertNoPIIReaches checks that no consumer (any project but the product's producer;
// only the projects named, when given) reads a personal-data column (PII or SENSITIVE_PII
// in the product's data contract).
func (s *Stage) AssertNoPIIReaches(consumers ...string) {
	s.t.Helper()
	for _, a := range s.S.Access {
		if a.Publisher || (len(consumers) > 0 && !slices.Contains(consumers, a.Project)) {
			continue
		}
		for _, col := range s.S.PII(a.Product) {
			tbl, c, _ := strings.Cut(col, ".")
			if a.Reads(tbl, c) {
				s.t.Errorf("%s: %q reads PII column %s.%s of product %q (%s)", s.prefix(), a.Project, a.Database, col, a.Product, grant(a))
			}
		}
	}
}

func (s *Stage) readsOf(project string) string {
	var out []string
	for _, a := range s.S.Access {
		if a.Project == project {
			out = append(out, a.Database+"."+a.Table+" ("+a.ColumnsText()+")")
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, "; ")
}

func grant(a meshreport.Access) string {
	return "role " + a.Principal + ", via " + a.Via + ", " + a.Path
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	sort.Strings(x)
	sort.Strings(y)
	return slices.Equal(x, y)
}
