package meshreport

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// builder turns the resources of one stage into mesh objects. It follows the references
// the templates hold (Fn::GetAtt, Ref, nested stack parameters) and reads the smusmesh
// metadata for what the properties cannot say (names, temporary members, Master Data).
type builder struct {
	st       *Stage
	tpls     []*template
	domains  map[string]*Domain
	units    map[*resource]*Unit
	parents  map[*Unit]*Unit // nil parent: the domain's root unit
	unitDom  map[*Unit]string
	profiles map[*resource]*Profile
	projects map[*resource]*Project
}

func (b *builder) each(typ string, fn func(r *resource)) {
	for _, t := range b.tpls {
		for _, id := range sortedKeys(t.resources) {
			if r := t.resources[id]; r.Type == typ {
				fn(r)
			}
		}
	}
}

func (b *builder) domain(name string, r *resource) *Domain {
	d := b.domains[name]
	if d == nil {
		d = &Domain{Name: name}
		if r != nil {
			d.Account, d.Region, d.Stack = r.tpl.stack.Account, r.tpl.stack.Region, r.tpl.stack.Name
		}
		b.domains[name] = d
	}
	return d
}

func (b *builder) build() {
	b.domains = map[string]*Domain{}
	b.units = map[*resource]*Unit{}
	b.parents = map[*Unit]*Unit{}
	b.unitDom = map[*Unit]string{}
	b.profiles = map[*resource]*Profile{}
	b.projects = map[*resource]*Project{}

	b.each("AWS::DataZone::Domain", func(r *resource) {
		if !r.hasMeta {
			return
		}
		name := or(r.meta.Name, r.meta.Domain)
		d := b.domain(name, r)
		d.Account, d.Region, d.Stack = r.tpl.stack.Account, r.tpl.stack.Region, r.tpl.stack.Name
		d.Governance = r.meta.Kind == meshmeta.KindGovernanceDomain || r.meta.Governance
		d.Network = r.meta.NetworkPosture
	})
	b.each("AWS::DataZone::EnvironmentBlueprintConfiguration", func(r *resource) {
		if r.hasMeta {
			d := b.domain(r.meta.Domain, r)
			d.Blueprints = append(d.Blueprints, blueprintOf(r))
		}
	})
	b.each("AWS::DataZone::DomainUnit", func(r *resource) {
		if r.hasMeta {
			// The Name property is the unit's own name; the metadata may hold its path.
			u := &Unit{Name: or(str(r.Properties["Name"]), r.meta.Name), Key: r.meta.Key, res: r}
			b.units[r] = u
			b.unitDom[u] = r.meta.Domain
			b.domain(r.meta.Domain, r)
		}
	})
	for r, u := range b.units {
		b.parents[u] = b.unitOf(r.tpl, r.Properties["ParentDomainUnitIdentifier"])
	}
	// Attach units to their parents in a stable order.
	units := make([]*Unit, 0, len(b.units))
	for _, u := range b.units {
		units = append(units, u)
	}
	sort.Slice(units, func(i, j int) bool { return units[i].res.path() < units[j].res.path() })
	for _, u := range units {
		if p := b.parents[u]; p != nil {
			p.Units = append(p.Units, u)
		} else {
			d := b.domain(b.unitDom[u], u.res)
			d.Units = append(d.Units, u)
		}
	}
	b.each("AWS::DataZone::Owner", func(r *resource) {
		if !r.hasMeta || r.Properties["EntityType"] != "DOMAIN_UNIT" {
			return
		}
		if u := b.unitOf(r.tpl, r.Properties["EntityIdentifier"]); u != nil {
			u.Owners = appendOnce(u.Owners, r.meta.Member)
		} else {
			d := b.domain(r.meta.Domain, r)
			d.Owners = appendOnce(d.Owners, r.meta.Member)
		}
	})
	b.each("AWS::DataZone::ProjectProfile", func(r *resource) {
		if !r.hasMeta {
			return
		}
		p := &Profile{Name: r.meta.Name, Domain: r.meta.Domain, res: r}
		envs, _ := r.Properties["EnvironmentConfigurations"].([]any)
		for _, e := range envs {
			m, _ := e.(map[string]any)
			env := Environment{Name: str(m["Name"]), Mode: or(str(m["DeploymentMode"]), "ON_CREATE"), Region: r.tpl.stack.Region, Account: r.tpl.stack.Account}
			if o, ok := m["DeploymentOrder"].(float64); ok {
				env.Order = int(o)
			}
			if t, _, ok := r.tpl.target(m["EnvironmentBlueprintId"]); ok {
				env.Blueprint = blueprintOf(t)
			} else {
				env.Blueprint = r.tpl.literal(m["EnvironmentBlueprintId"])
			}
			if a, ok := m["AwsAccount"].(map[string]any); ok {
				env.Account = r.tpl.literal(a["AwsAccountId"])
			}
			if a, ok := m["AwsRegion"].(map[string]any); ok {
				env.Region = or(r.tpl.literal(a["RegionName"]), env.Region)
			}
			p.Environments = append(p.Environments, env)
		}
		b.profiles[r] = p
		b.st.Profiles = append(b.st.Profiles, p)
	})
	b.each("AWS::DataZone::Project", func(r *resource) {
		if !r.hasMeta {
			return
		}
		p := &Project{Name: r.meta.Name, Key: r.meta.Key, Domain: r.meta.Domain, MasterData: r.meta.MasterData,
			Consumes: r.meta.Consumes, Path: r.path(), res: r}
		d := b.domain(r.meta.Domain, r)
		p.Account = or(d.Account, r.tpl.stack.Account)
		if t, _, ok := r.tpl.target(r.Properties["ProjectProfileId"]); ok {
			if pr := b.profiles[t]; pr != nil {
				p.Profile = pr.Name
				for _, e := range pr.Environments {
					p.EnvironmentAccounts = appendOnce(p.EnvironmentAccounts, e.Account)
				}
			}
		}
		if u := b.unitOf(r.tpl, r.Properties["DomainUnitId"]); u != nil {
			u.Projects = append(u.Projects, p)
			p.Unit = b.unitPath(u)
		} else {
			d.Projects = append(d.Projects, p)
		}
		b.projects[r] = p
	})
	b.each("AWS::DataZone::ProjectMembership", func(r *resource) {
		t, _, ok := r.tpl.target(r.Properties["ProjectIdentifier"])
		if !ok || b.projects[t] == nil {
			return
		}
		p := b.projects[t]
		m := Member{Principal: r.meta.Member, Designation: str(r.Properties["Designation"]), Temporary: r.meta.Temporary, EndDate: r.meta.EndDate}
		if m.Principal == "" {
			m.Principal = memberOf(r)
		}
		p.Members = append(p.Members, m)
	})
	b.access()

	names := sortedKeys(b.domains)
	// The governance domain first, then the others by name.
	sort.SliceStable(names, func(i, j int) bool {
		return b.domains[names[i]].Governance && !b.domains[names[j]].Governance
	})
	for _, n := range names {
		b.st.Domains = append(b.st.Domains, b.domains[n])
	}
	sort.SliceStable(b.st.Profiles, func(i, j int) bool {
		a, c := b.st.Profiles[i], b.st.Profiles[j]
		return a.Domain+"\x00"+a.Name < c.Domain+"\x00"+c.Name
	})
}

// unitOf resolves a domain unit identifier: the unit it names, or nil for the domain's
// root unit (RootDomainUnitId) and for what cannot be followed.
func (b *builder) unitOf(t *template, v any) *Unit {
	r, attr, ok := t.target(v)
	if !ok || attr == "RootDomainUnitId" {
		return nil
	}
	return b.units[r]
}

func (b *builder) unitPath(u *Unit) string {
	var parts []string
	for ; u != nil; u = b.parents[u] {
		parts = append([]string{u.Name}, parts...)
	}
	return strings.Join(parts, "/")
}

func blueprintOf(r *resource) string {
	if s, ok := r.Properties["EnvironmentBlueprintIdentifier"].(string); ok {
		return s
	}
	if r.hasMeta && r.meta.Name != "" {
		return r.meta.Name
	}
	return r.id
}

func memberOf(r *resource) string {
	m, _ := r.Properties["Member"].(map[string]any)
	if u, ok := m["UserIdentifier"]; ok {
		return "USER:" + r.tpl.literal(u)
	}
	if g, ok := m["GroupIdentifier"]; ok {
		return "GROUP:" + r.tpl.literal(g)
	}
	return "?"
}

// access builds the access matrix from the Lake Formation resources: PrincipalPermissions
// with SELECT on a table, a table wildcard, columns, a data cells filter or an LF-tag
// expression; the filters' columns and rows; the tag associations' tables.
func (b *builder) access() {
	type filterKey struct{ db, table, name string }
	filters := map[filterKey]*resource{}
	b.each("AWS::LakeFormation::DataCellsFilter", func(r *resource) {
		filters[filterKey{str(r.Properties["DatabaseName"]), str(r.Properties["TableName"]), str(r.Properties["Name"])}] = r
	})
	type tagged struct {
		db, table string
		tags      map[string][]string
	}
	var tags []tagged
	b.each("AWS::LakeFormation::TagAssociation", func(r *resource) {
		res, _ := r.Properties["Resource"].(map[string]any)
		tbl, _ := res["Table"].(map[string]any)
		if tbl == nil {
			return
		}
		tg := tagged{db: str(tbl["DatabaseName"]), table: str(tbl["Name"]), tags: map[string][]string{}}
		pairs, _ := r.Properties["LFTags"].([]any)
		for _, p := range pairs {
			pm, _ := p.(map[string]any)
			for _, v := range anyStrings(pm["TagValues"]) {
				tg.tags[str(pm["TagKey"])] = append(tg.tags[str(pm["TagKey"])], v)
			}
		}
		tags = append(tags, tg)
	})
	products := map[string]string{} // database -> Master Data project
	for _, p := range b.projects {
		if p.MasterData != nil && p.MasterData.Database != "" {
			products[p.MasterData.Database] = p.Name
		}
	}
	byPrincipal := map[string]string{} // principal -> project, from recorded grants
	var rows []Access
	b.each("AWS::LakeFormation::PrincipalPermissions", func(r *resource) {
		perms := anyStrings(r.Properties["Permissions"])
		if !slices.Contains(perms, "SELECT") && !slices.Contains(perms, "ALL") {
			return
		}
		pr, _ := r.Properties["Principal"].(map[string]any)
		principal := r.tpl.literal(pr["DataLakePrincipalIdentifier"])
		res, _ := r.Properties["Resource"].(map[string]any)
		base := Access{Principal: principal, Permissions: perms, Path: r.path()}
		if r.hasMeta && r.meta.Kind == meshmeta.KindDataAccess {
			base.Project, base.Product, base.Publisher = r.meta.Name, r.meta.Product, r.meta.Publisher
			byPrincipal[principal] = r.meta.Name
		}
		switch {
		case res["Table"] != nil:
			t, _ := res["Table"].(map[string]any)
			a := base
			a.Database = str(t["DatabaseName"])
			if _, wild := t["TableWildcard"]; wild {
				a.Table, a.Via = "*", "all tables"
			} else {
				a.Table, a.Via = str(t["Name"]), "table"
			}
			rows = append(rows, a)
		case res["TableWithColumns"] != nil:
			t, _ := res["TableWithColumns"].(map[string]any)
			a := base
			a.Database, a.Table, a.Via = str(t["DatabaseName"]), str(t["Name"]), "columns"
			a.Columns = anyStrings(t["ColumnNames"])
			if cw, ok := t["ColumnWildcard"].(map[string]any); ok {
				a.Columns, a.ExcludedColumns = nil, anyStrings(cw["ExcludedColumnNames"])
			}
			rows = append(rows, a)
		case res["DataCellsFilter"] != nil:
			t, _ := res["DataCellsFilter"].(map[string]any)
			a := base
			a.Database, a.Table = str(t["DatabaseName"]), str(t["TableName"])
			name := str(t["Name"])
			a.Via = "cells filter " + name
			if f := filters[filterKey{a.Database, a.Table, name}]; f != nil {
				if cols, ok := f.Properties["ColumnNames"]; ok {
					a.Columns = anyStrings(cols)
				}
				if cw, ok := f.Properties["ColumnWildcard"].(map[string]any); ok {
					a.ExcludedColumns = anyStrings(cw["ExcludedColumnNames"])
				}
				if rf, ok := f.Properties["RowFilter"].(map[string]any); ok {
					a.Rows = str(rf["FilterExpression"])
				}
			} else {
				a.Via += " (filter not in this mesh)"
			}
			rows = append(rows, a)
		case res["LFTagPolicy"] != nil:
			t, _ := res["LFTagPolicy"].(map[string]any)
			expr, _ := t["Expression"].([]any)
			want := map[string][]string{}
			var text []string
			for _, e := range expr {
				em, _ := e.(map[string]any)
				k := str(em["TagKey"])
				want[k] = anyStrings(em["TagValues"])
				text = append(text, k+"="+strings.Join(want[k], "|"))
			}
			for _, tg := range tags {
				if matches(tg.tags, want) {
					a := base
					a.Database, a.Table, a.Via = tg.db, tg.table, "LF-tags "+strings.Join(text, ", ")
					rows = append(rows, a)
				}
			}
		}
	})
	for i := range rows {
		a := &rows[i]
		if a.Project == "" {
			a.Project = byPrincipal[a.Principal]
		}
		if a.Product == "" {
			a.Product = products[a.Database]
		}
		if a.Project == "" {
			a.Project = "(role " + a.Principal + ")"
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		x, y := rows[i], rows[j]
		return fmt.Sprint(x.Database, x.Table, !x.Publisher, x.Project) < fmt.Sprint(y.Database, y.Table, !y.Publisher, y.Project)
	})
	b.st.Access = rows
}

// matches reports whether a table's tags satisfy an LF-tag expression: every key of the
// expression has one of its values on the table.
func matches(have, want map[string][]string) bool {
	for k, vals := range want {
		if !slices.ContainsFunc(have[k], func(v string) bool { return slices.Contains(vals, v) }) {
			return false
		}
	}
	return len(want) > 0
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func anyStrings(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func appendOnce(l []string, s string) []string {
	if s == "" || slices.Contains(l, s) {
		return l
	}
	return append(l, s)
}
