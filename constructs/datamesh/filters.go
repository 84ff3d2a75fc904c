package datamesh

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// ErrUnmatched is a name that matches nothing it should: a data-source table filter that
// selects none of the contract's tables, or a contract table no filter imports.
var ErrUnmatched = errors.New("matches nothing")

// tableFilter compiles a data-source filter expression: * matches any run of characters,
// everything else is literal, case does not matter (Glue keeps table names in lower case).
func tableFilter(expr string) *regexp.Regexp {
	parts := strings.Split(expr, "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("(?i)^" + strings.Join(parts, ".*") + "$")
}

// validateFilters checks the data source's Include and Exclude expressions against the
// contract's tables: the product is what the contract says, so an Include that selects
// none of its tables, an Exclude that names (without *) no table when every Include names
// tables literally, and a contract table that no Include imports (or an Exclude removes) are
// each reported with the tables there are.
func (p *MasterDataProjectProps) validateFilters(pr *problems) {
	d, c := p.DataSource, p.Contract
	if d == nil || c == nil || len(c.Schema.Tables) == 0 || (len(d.Include) == 0 && len(d.Exclude) == 0) {
		return
	}
	tables := make([]string, 0, len(c.Schema.Tables))
	for _, t := range c.Schema.Tables {
		tables = append(tables, t.Name)
	}
	matches := func(expr string) []string {
		if expr == "" || isToken(expr) {
			return tables
		}
		re := tableFilter(expr)
		var out []string
		for _, t := range tables {
			if re.MatchString(t) {
				out = append(out, t)
			}
		}
		return out
	}
	included := map[string]bool{}
	literal := true
	for i, e := range d.Include {
		m := matches(e)
		if len(m) == 0 {
			pr.add(ErrUnmatched, fmt.Sprintf("DataSource.Include[%d]", i), e, fmt.Sprintf("selects none of the contract's tables %v: name a table of the contract (or leave Include unset to import exactly them)", tables))
		}
		for _, t := range m {
			included[t] = true
		}
		literal = literal && !strings.Contains(e, "*")
	}
	if len(d.Include) == 0 {
		for _, t := range tables {
			included[t] = true
		}
	}
	excluded := map[string]string{}
	for i, e := range d.Exclude {
		m := matches(e)
		// A literal name that is no table of the contract is a typo when every table the
		// data source imports is named; a pattern guards against tables still to come.
		if len(m) == 0 && literal && !strings.Contains(e, "*") {
			pr.add(ErrUnmatched, fmt.Sprintf("DataSource.Exclude[%d]", i), e, fmt.Sprintf("names none of the imported tables %v: remove it or correct the name", tables))
		}
		for _, t := range m {
			excluded[t] = fmt.Sprintf("DataSource.Exclude[%d]", i)
		}
	}
	for _, t := range tables {
		switch {
		case excluded[t] != "":
			pr.add(ErrUnmatched, excluded[t], t, fmt.Sprintf("excludes the contract's table %s: the data source would not publish it; narrow the expression or remove the table from the contract", t))
		case !included[t]:
			pr.add(ErrUnmatched, "DataSource.Include", t, fmt.Sprintf("no expression imports the contract's table %s: add it to Include", t))
		}
	}
}
