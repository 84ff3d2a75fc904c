package meshreport

import (
	"slices"
	"sort"
	"strings"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// Mesh is what one cloud assembly deploys, stage by stage.
type Mesh struct {
	// Dir is the assembly directory (absolute).
	Dir    string
	Stages []*Stage
}

// Stage finds a stage by name (nil when there is none).
func (m *Mesh) Stage(name string) *Stage {
	for _, s := range m.Stages {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Stage is one CDK Stage of the assembly (dev, uat, prd): its stacks and the mesh they
// deploy, as the templates say.
type Stage struct {
	Name string
	// Dir is the stage's assembly directory.
	Dir      string
	Stacks   []*Stack
	Domains  []*Domain
	Profiles []*Profile
	// Access is the access matrix: every Lake Formation read of a product table.
	Access []Access
	// Findings are the rows of every *-NagReport.json of the stage's stacks.
	Findings []Finding
}

// Stack is one CloudFormation stack (nested ones included).
type Stack struct {
	// ID is the artifact ID (nested: the template file without its suffix).
	ID string
	// Name is the display name (the construct path, "dev/Corporate").
	Name            string
	Account, Region string
	File            string
	Nested          bool
	// Resources is the number of resources in the template (CloudFormation allows 500).
	Resources int
}

// Domain is a governance or root domain.
type Domain struct {
	Name       string
	Governance bool
	Account    string
	Region     string
	Stack      string
	// Network is the network posture (OPEN or VPC_ONLY) when known.
	Network string
	Owners  []string
	// Units are the top-level domain units; Projects those in the root unit.
	Units    []*Unit
	Projects []*Project
	// Blueprints are the enabled blueprint configurations.
	Blueprints []string
}

// AllProjects returns every project of the domain, depth first.
func (d *Domain) AllProjects() []*Project {
	out := slices.Clone(d.Projects)
	var walk func(u *Unit)
	walk = func(u *Unit) {
		out = append(out, u.Projects...)
		for _, c := range u.Units {
			walk(c)
		}
	}
	for _, u := range d.Units {
		walk(u)
	}
	return out
}

// Unit is a domain unit.
type Unit struct {
	Name     string
	Key      string
	Owners   []string
	Units    []*Unit
	Projects []*Project
	res      *resource
}

// Project is a project or Master Data project.
type Project struct {
	Name   string
	Key    string
	Domain string
	// Unit is the path of unit names from the root ("Sales/EMEA"); empty in the root unit.
	Unit    string
	Profile string
	Members []Member
	// MasterData is set for a Master Data producer.
	MasterData *meshmeta.MasterData
	// Consumes lists the Master Data products the project reads (lineage).
	Consumes []string
	// Account is the account of the domain the project lives in.
	Account string
	// EnvironmentAccounts are the accounts its profile deploys environments to.
	EnvironmentAccounts []string
	// Path is the construct path of the project resource.
	Path string
	res  *resource
}

// Owners returns the members with designation PROJECT_OWNER.
func (p *Project) Owners() []string {
	var out []string
	for _, m := range p.Members {
		if m.Designation == "PROJECT_OWNER" {
			out = append(out, m.Principal)
		}
	}
	return out
}

// Member is a project membership.
type Member struct {
	// Principal is "SSO_USER:jane", "SSO_GROUP:team" or "IAM_ROLE:...".
	Principal   string
	Designation string
	Temporary   bool
	EndDate     string
}

// Profile is a project profile and what its projects get.
type Profile struct {
	Name         string
	Domain       string
	Environments []Environment
	res          *resource
}

// Environment is one environment configuration of a profile.
type Environment struct {
	Name      string
	Blueprint string
	// Mode is ON_CREATE or ON_DEMAND.
	Mode    string
	Order   int
	Account string
	Region  string
}

// Access is one row of the access matrix: a principal's read of a product table.
type Access struct {
	// Product is the Master Data project that publishes the table; Database and Table
	// name it in the Glue catalog ("*" for every table of the database).
	Product  string
	Database string
	Table    string
	// Project reads through Principal (an IAM role ARN, or the reference to the role).
	Project   string
	Principal string
	// Columns read; nil means every column. ExcludedColumns: every column but these.
	Columns         []string
	ExcludedColumns []string
	// Rows is the row filter expression, "" for every row.
	Rows string
	// Via says how the read is granted: "table", "cells filter <name>", "LF-tags k=v",
	// "all tables".
	Via         string
	Permissions []string
	// Publisher is true for the producer's own grants.
	Publisher bool
	// Path is the construct path of the grant.
	Path string
}

// AllColumns reports whether the read covers every column.
func (a Access) AllColumns() bool { return a.Columns == nil && len(a.ExcludedColumns) == 0 }

// ColumnsText is the columns read, for people.
func (a Access) ColumnsText() string {
	switch {
	case a.AllColumns():
		return "all columns"
	case len(a.ExcludedColumns) > 0:
		return "all columns but " + strings.Join(a.ExcludedColumns, ", ")
	}
	return strings.Join(a.Columns, ", ")
}

// RowsText is the rows read, for people.
func (a Access) RowsText() string {
	if a.Rows == "" {
		return "all rows"
	}
	return "rows where " + a.Rows
}

// Reads reports whether the access reads column col of table.
func (a Access) Reads(table, col string) bool {
	if a.Table != "*" && a.Table != table {
		return false
	}
	switch {
	case a.AllColumns():
		return true
	case len(a.ExcludedColumns) > 0:
		return !slices.Contains(a.ExcludedColumns, col)
	}
	return slices.Contains(a.Columns, col)
}

// Projects returns every project of the stage, sorted by domain and name.
func (s *Stage) Projects() []*Project {
	var out []*Project
	for _, d := range s.Domains {
		out = append(out, d.AllProjects()...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Domain != out[j].Domain {
			return out[i].Domain < out[j].Domain
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Project finds a project by name (nil when there is none).
func (s *Stage) Project(name string) *Project {
	for _, p := range s.Projects() {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Profile finds a project profile by domain and name.
func (s *Stage) Profile(domain, name string) *Profile {
	for _, p := range s.Profiles {
		if p.Domain == domain && p.Name == name {
			return p
		}
	}
	return nil
}

// PII returns the personal-data columns ("table.column") of a Master Data product.
func (s *Stage) PII(product string) []string {
	if p := s.Project(product); p != nil && p.MasterData != nil {
		return p.MasterData.PIIColumns
	}
	return nil
}
