package datacontract

import (
	"fmt"
	"slices"
	"strings"
)

// Access is what one consumer asks to see of the product: a table (or the tables that
// match a tag expression), some of its columns, and some of its rows. It becomes Lake
// Formation grants and, with columns or a row filter, an AWS::LakeFormation::DataCellsFilter
// (which has no update handler: any change revokes and re-grants).
type Access struct {
	// Consumer names the consuming project or team ("marketing"); it appears in error
	// paths as access[marketing].
	Consumer string `json:"consumer"`
	// Table is the table of the contract's schema. Required unless TagExpression is set.
	Table string `json:"table,omitempty"`
	// Columns are the columns the consumer may see. Empty means all columns.
	Columns []string `json:"columns,omitempty"`
	// RowFilter is a Lake Formation row filter, a PartiQL predicate over the table's columns:
	// "region = 'EU' AND country <> 'DE'". Empty means all rows. Columns are compared with
	// values only (not with columns), and functions are not allowed.
	RowFilter string `json:"rowFilter,omitempty"`
	// TagExpression grants access to what carries these LF-tags: key to any of the values.
	// Every key and value must be one of the contract's Tags.
	TagExpression map[string][]string `json:"tagExpression,omitempty"`
}

// ValidateAccess checks an access declaration against the contract and returns every
// problem at once (a problem.Errors), or nil: an unknown table (ErrUnknownTable),
// an unknown or repeated column (ErrUnknownColumn, ErrDuplicate), a row filter that does
// not parse (ErrInvalidRowFilter) or names a column the table does not have
// (ErrUnknownColumn), a tag key or value that the contract does not declare (ErrUnknownTag).
// Paths read access[consumer].rowFilter.
func (c *Contract) ValidateAccess(a Access) error {
	p := &problems{contract: c.Name}
	ap := "access"
	if a.Consumer != "" {
		ap = "access[" + a.Consumer + "]"
	}
	var table *Table
	switch {
	case a.Table == "" && len(a.TagExpression) == 0:
		p.add(ErrRequired, ap+".table", "", "access names no table and no tag expression", "name a table or give a tag expression")
	case a.Table != "":
		table = c.Table(a.Table)
		if table == nil {
			p.add(ErrUnknownTable, ap+".table", a.Table, "table is not in the contract's schema", tableHint(c))
		}
	}
	if a.Table == "" && len(a.Columns) > 0 {
		p.add(ErrRequired, ap+".table", "", "columns are listed but no table is named", "name the table the columns belong to")
	}
	if a.Table == "" && strings.TrimSpace(a.RowFilter) != "" {
		p.add(ErrRequired, ap+".table", "", "a row filter is given but no table is named", "name the table the filter applies to")
	}
	if table != nil {
		seen := map[string]bool{}
		for i, col := range a.Columns {
			cp := fmt.Sprintf("%s.columns[%d]", ap, i)
			switch {
			case table.Column(col) == nil:
				p.add(ErrUnknownColumn, cp, col, fmt.Sprintf("column is not in table %s", table.Name), columnHint(table))
			case seen[col]:
				p.add(ErrDuplicate, cp, col, "duplicate column", "list it once")
			}
			seen[col] = true
		}
		if strings.TrimSpace(a.RowFilter) != "" {
			validateRowFilter(p, ap+".rowFilter", a.RowFilter, table)
		}
	}
	for _, key := range sortedKeys(a.TagExpression) {
		tp := ap + ".tagExpression[" + key + "]"
		declared, ok := c.Tags[key]
		if !ok {
			p.add(ErrUnknownTag, tp, "", fmt.Sprintf("LF-tag %q is not one of the contract's tags", key), tagHint(c))
			continue
		}
		values := a.TagExpression[key]
		if len(values) == 0 {
			p.add(ErrRequired, tp, "", "tag expression has no values for this key", "list the values to match")
		}
		for i, v := range values {
			if !slices.Contains(declared, v) {
				p.add(ErrUnknownTag, fmt.Sprintf("%s[%d]", tp, i), v, fmt.Sprintf("the contract does not tag the product %s=%s", key, v), "values are "+strings.Join(declared, ", "))
			}
		}
	}
	return p.err()
}

// validateRowFilter adds the problems of one row filter over table.
func validateRowFilter(p *problems, path, filter string, table *Table) {
	refs, err := parseRowFilter(filter)
	if err != nil {
		p.add(ErrInvalidRowFilter, path, filter, strings.TrimPrefix(err.Error(), ErrInvalidRowFilter.Error()+": "), "write a PartiQL predicate such as region = 'EU' AND country <> 'DE'")
		return
	}
	reported := map[string]bool{}
	for _, ref := range refs {
		if reported[ref.name] {
			continue
		}
		reported[ref.name] = true
		top, nested, isNested := strings.Cut(ref.name, ".")
		col := table.Column(top)
		if col == nil {
			p.add(ErrUnknownColumn, path, "", fmt.Sprintf("column %q is not in table %s", ref.name, table.Name), columnHint(table))
			continue
		}
		if !isNested {
			continue
		}
		t, err := parseType(col.Type)
		if err != nil {
			continue // reported by Validate
		}
		for _, part := range strings.Split(nested, ".") {
			if t.name != "struct" || t.field(part) == nil {
				p.add(ErrUnknownColumn, path, "", fmt.Sprintf("column %q is not in table %s: %s has no field %s", ref.name, table.Name, col.Name, part), fmt.Sprintf("%s is %s", col.Name, col.Type))
				break
			}
			t = t.field(part)
		}
	}
}

// tagHint lists the contract's tag keys for a fix message.
func tagHint(c *Contract) string {
	if len(c.Tags) == 0 {
		return "the contract declares no tags"
	}
	return "tags are " + strings.Join(sortedKeys(c.Tags), ", ")
}
