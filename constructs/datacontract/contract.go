package datacontract

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Contract is what a Master Data producer project promises about the one data product it
// publishes: who answers for it, what it looks like, how good and how fresh it is, how long
// it is kept and how sensitive it is. See the package documentation.
type Contract struct {
	// Name is the data product's name ("CRM Customers"). Required.
	Name string `json:"name"`
	// Version is the contract's version ("1.2.0"). A change that can break consumers
	// (a removed column, a narrower value set) deserves a new major version.
	Version string `json:"version,omitempty"`
	// Description says what the product is and what it is for.
	Description string `json:"description,omitempty"`
	// Owner is the person or group accountable for the product (a data owner, usually a
	// business role such as "Head of Sales Operations").
	Owner string `json:"owner,omitempty"`
	// Steward is the person or group that looks after the product day to day (quality,
	// metadata, access requests).
	Steward string `json:"steward,omitempty"`
	// Schema is the product's tables and their columns.
	Schema Schema `json:"schema"`
	// QualityRules are the checks the producer promises to run; they render to AWS Glue
	// DQDL, one ruleset per table (see DQDL).
	QualityRules []Rule `json:"qualityRules,omitempty"`
	// FreshnessSLA is the largest age of the newest data that consumers may see: "24h",
	// "90m", "1d", "P1D" (see ParseDuration).
	FreshnessSLA string `json:"freshnessSla,omitempty"`
	// Retention is how long data is kept: what ParseDuration accepts, or a number of days
	// ("365", "7y", "P7Y").
	Retention string `json:"retention,omitempty"`
	// Classification is how sensitive the product is as a whole. It must be at least as
	// strict as the most sensitive column.
	Classification Classification `json:"classification,omitempty"`
	// Tags are the product's Lake Formation tags (LF-tags), key to values. Consumers are
	// granted access through tag expressions over them.
	Tags map[string][]string `json:"tags,omitempty"`
	// GlossaryTerms are the business glossary terms the product is about ("Customer").
	GlossaryTerms []string `json:"glossaryTerms,omitempty"`
}

// Schema is the tables of a data product.
type Schema struct {
	// Tables are the product's tables, each a table of the Glue Data Catalog.
	Tables []Table `json:"tables"`
}

// Table is one table of a data product, as it is (or will be) in the Glue Data Catalog.
type Table struct {
	// Name is the Glue table name: lowercase letters, digits and underscores.
	Name string `json:"name"`
	// Description says what one row is.
	Description string `json:"description,omitempty"`
	// BusinessName is the friendly name shown in the catalog ("Customers").
	BusinessName string `json:"businessName,omitempty"`
	// Columns are the table's columns, in order.
	Columns []Column `json:"columns"`
	// PrimaryKey names the columns that identify a row. They must not be Nullable.
	PrimaryKey []string `json:"primaryKey,omitempty"`
}

// Column is one column of a table.
type Column struct {
	// Name is the Glue column name: lowercase letters, digits and underscores.
	Name string `json:"name"`
	// Type is the Glue (Hive) type: string, int, bigint, double, boolean, date, timestamp,
	// decimal(p,s), array<...>, map<...>, struct<...> (see ParseType).
	Type string `json:"type"`
	// Description says what the value means.
	Description string `json:"description,omitempty"`
	// BusinessName is the friendly name shown in the catalog ("E-mail address").
	BusinessName string `json:"businessName,omitempty"`
	// PII is the column's sensitivity classification (PII and SENSITIVE_PII are personal
	// data). Empty means not classified.
	PII Classification `json:"pii,omitempty"`
	// Nullable says that the column may be empty. Primary-key columns must not be.
	Nullable bool `json:"nullable,omitempty"`
}

// glueName is a name that the Glue Data Catalog keeps as it is (it lowercases names).
var glueName = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// Table returns the table called name, or nil.
func (c *Contract) Table(name string) *Table {
	for i := range c.Schema.Tables {
		if c.Schema.Tables[i].Name == name {
			return &c.Schema.Tables[i]
		}
	}
	return nil
}

// Column returns the column called name, or nil.
func (t *Table) Column(name string) *Column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

// ColumnNames lists the table's column names in order.
func (t *Table) ColumnNames() []string {
	names := make([]string, len(t.Columns))
	for i, col := range t.Columns {
		names[i] = col.Name
	}
	return names
}

// RuleTables lists, sorted, the tables that have at least one quality rule: one AWS Glue
// DataQualityRuleset per table.
func (c *Contract) RuleTables() []string {
	var out []string
	for _, r := range c.QualityRules {
		if !slices.Contains(out, r.Table) {
			out = append(out, r.Table)
		}
	}
	slices.Sort(out)
	return out
}

// FreshnessSLADuration parses FreshnessSLA (see ParseDuration). It returns 0 and no error
// when the SLA is not set.
func (c *Contract) FreshnessSLADuration() (time.Duration, error) {
	if strings.TrimSpace(c.FreshnessSLA) == "" {
		return 0, nil
	}
	return ParseDuration(c.FreshnessSLA)
}

// RetentionDuration parses Retention (see ParseRetention). It returns 0 and no error when
// the retention is not set.
func (c *Contract) RetentionDuration() (time.Duration, error) {
	if strings.TrimSpace(c.Retention) == "" {
		return 0, nil
	}
	return ParseRetention(c.Retention)
}

// Filled lists, in the order of Fields, the fields that are filled in.
func (c *Contract) Filled() []Field {
	var out []Field
	for _, f := range Fields() {
		if c.filled(f) {
			out = append(out, f)
		}
	}
	return out
}

// Missing returns, in the order given, the required fields that are not filled in. A field
// is filled in when: owner, steward, freshnessSla, retention, classification are not blank;
// schema has at least one table with at least one column; qualityRules has at least one
// rule. Missing does not check that values are valid: Validate does. An unknown field is
// always missing.
func (c *Contract) Missing(required []Field) []Field {
	var out []Field
	for _, f := range required {
		if !c.filled(f) && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

func (c *Contract) filled(f Field) bool {
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	switch f {
	case FieldOwner:
		return !blank(c.Owner)
	case FieldSteward:
		return !blank(c.Steward)
	case FieldSchema:
		for _, t := range c.Schema.Tables {
			if len(t.Columns) > 0 {
				return true
			}
		}
		return false
	case FieldQualityRules:
		return len(c.QualityRules) > 0
	case FieldFreshnessSLA:
		return !blank(c.FreshnessSLA)
	case FieldRetention:
		return !blank(c.Retention)
	case FieldClassification:
		return c.Classification != ""
	}
	return false
}

// tablePath is the path of table i: schema.tables[name], or schema.tables[i] when the
// name is empty.
func tablePath(i int, t *Table) string {
	if t.Name == "" {
		return fmt.Sprintf("schema.tables[%d]", i)
	}
	return "schema.tables[" + t.Name + "]"
}

// Validate checks the contract and returns every problem at once (a problem.Errors), or nil. Each problem names the path of the offending field and wraps a
// sentinel (ErrRequired, ErrDuplicate, ErrUnknownTable, ErrUnknownColumn, ErrUnknownType,
// ErrInvalidDuration, ErrInvalidRule) as well as ErrInvalid. Validate does not require the
// fields that the governance standards require: use Missing for that.
func (c *Contract) Validate() error {
	p := &problems{contract: c.Name}
	if strings.TrimSpace(c.Name) == "" {
		p.add(ErrRequired, "name", "", "contract has no name", "name the data product, e.g. \"CRM Customers\"")
	}
	if c.Classification != "" && !c.Classification.Valid() {
		p.add(ErrInvalid, "classification", string(c.Classification), "unknown classification", fmt.Sprintf("use one of %v", Classifications()))
	}
	c.validateSchema(p)
	c.validateRules(p)
	if _, err := c.FreshnessSLADuration(); err != nil {
		p.add(ErrInvalidDuration, "freshnessSla", c.FreshnessSLA, "does not parse", "use a number and a unit such as 24h, 90m, 1d, or ISO 8601 such as P1D")
	}
	if _, err := c.RetentionDuration(); err != nil {
		p.add(ErrInvalidDuration, "retention", c.Retention, "does not parse", "use days (365), a number and a unit such as 7y or 90d, or ISO 8601 such as P7Y")
	}
	c.validateTags(p)
	seen := map[string]bool{}
	for i, term := range c.GlossaryTerms {
		path := fmt.Sprintf("glossaryTerms[%d]", i)
		switch {
		case strings.TrimSpace(term) == "":
			p.add(ErrRequired, path, "", "empty glossary term", "remove it or name the term")
		case seen[term]:
			p.add(ErrDuplicate, path, term, "duplicate glossary term", "remove one")
		}
		seen[term] = true
	}
	return p.err()
}

func (c *Contract) validateSchema(p *problems) {
	tables := map[string]bool{}
	var sensitive *Column
	var sensitivePath string
	for i := range c.Schema.Tables {
		t := &c.Schema.Tables[i]
		tp := tablePath(i, t)
		switch {
		case t.Name == "":
			p.add(ErrRequired, tp+".name", "", "table has no name", "name it as in the Glue Data Catalog")
		case !glueName.MatchString(t.Name) || len(t.Name) > 255:
			p.add(ErrInvalid, tp+".name", t.Name, "invalid table name", "use at most 255 lowercase letters, digits and underscores (the Glue Data Catalog lowercases names)")
		case tables[t.Name]:
			p.add(ErrDuplicate, tp+".name", t.Name, "duplicate table", "rename or remove one")
		}
		tables[t.Name] = true
		if len(t.Columns) == 0 {
			p.add(ErrRequired, tp+".columns", "", "table has no columns", "declare its columns")
		}
		cols := map[string]bool{}
		for j := range t.Columns {
			col := &t.Columns[j]
			cp := fmt.Sprintf("%s.columns[%d]", tp, j)
			switch {
			case col.Name == "":
				p.add(ErrRequired, cp+".name", "", "column has no name", "name it as in the Glue Data Catalog")
			case !glueName.MatchString(col.Name) || len(col.Name) > 255:
				p.add(ErrInvalid, cp+".name", col.Name, "invalid column name", "use at most 255 lowercase letters, digits and underscores (the Glue Data Catalog lowercases names)")
			case cols[col.Name]:
				p.add(ErrDuplicate, cp+".name", col.Name, "duplicate column", "rename or remove one")
			}
			cols[col.Name] = true
			if strings.TrimSpace(col.Type) == "" {
				p.add(ErrRequired, cp+".type", "", "column has no type", "use a Glue type such as string, bigint or timestamp")
			} else if err := ParseType(col.Type); err != nil {
				p.add(ErrUnknownType, cp+".type", col.Type, err.Error(), "use a Glue type: string, int, bigint, double, boolean, date, timestamp, decimal(p,s), array<T>, map<K,V>, struct<name:T>")
			}
			if col.PII != "" && !col.PII.Valid() {
				p.add(ErrInvalid, cp+".pii", string(col.PII), "unknown classification", fmt.Sprintf("use one of %v", Classifications()))
			} else if col.PII.Valid() && (sensitive == nil || !sensitive.PII.AtLeast(col.PII)) {
				sensitive, sensitivePath = col, cp
			}
		}
		pks := map[string]bool{}
		for k, key := range t.PrimaryKey {
			kp := fmt.Sprintf("%s.primaryKey[%d]", tp, k)
			col := t.Column(key)
			switch {
			case col == nil:
				p.add(ErrUnknownColumn, kp, key, fmt.Sprintf("primary key column is not in table %s", t.Name), columnHint(t))
			case pks[key]:
				p.add(ErrDuplicate, kp, key, "duplicate primary key column", "list it once")
			case col.Nullable:
				p.add(ErrInvalid, kp, key, "primary key column is nullable", "make the column not nullable or leave it out of the key")
			}
			pks[key] = true
		}
	}
	if sensitive != nil && c.Classification.Valid() && !c.Classification.AtLeast(sensitive.PII) {
		p.add(ErrInvalid, "classification", string(c.Classification),
			fmt.Sprintf("product is classified below its column %s (%s)", sensitivePath, sensitive.PII),
			fmt.Sprintf("classify the product %s or higher", sensitive.PII))
	}
}

// columnHint lists the table's columns for a fix message.
func columnHint(t *Table) string {
	if len(t.Columns) == 0 {
		return "the table declares no columns"
	}
	return "columns are " + strings.Join(t.ColumnNames(), ", ")
}

func (c *Contract) validateRules(p *problems) {
	seen := map[string]int{}
	for i, r := range c.QualityRules {
		rp := fmt.Sprintf("qualityRules[%d]", i)
		if r.Table == "" {
			p.add(ErrRequired, rp+".table", "", "rule names no table", "name the table it checks")
		} else if t := c.Table(r.Table); t == nil {
			p.add(ErrUnknownTable, rp+".table", r.Table, "rule checks a table that is not in the schema", tableHint(c))
		} else if r.Column != "" {
			col := t.Column(r.Column)
			if col == nil {
				p.add(ErrUnknownColumn, rp+".column", r.Column, fmt.Sprintf("rule checks a column that is not in table %s", t.Name), columnHint(t))
			} else if r.Type == RuleDataFreshness {
				if gt, err := parseType(col.Type); err == nil && gt.name != "date" && gt.name != "timestamp" {
					p.add(ErrInvalidRule, rp+".column", r.Column, fmt.Sprintf("DataFreshness needs a date or timestamp column, not %s", col.Type), "check a load or update time column")
				}
			}
		}
		if detail, fix := r.check(); detail != "" {
			p.add(ErrInvalidRule, rp, r.DQDL(), detail, fix)
			continue
		}
		key := r.Table + "\x00" + r.DQDL()
		if j, ok := seen[key]; ok {
			p.add(ErrDuplicate, rp, r.DQDL(), fmt.Sprintf("duplicate rule: same as qualityRules[%d]", j), "remove one")
			continue
		}
		seen[key] = i
	}
}

// tableHint lists the contract's tables for a fix message.
func tableHint(c *Contract) string {
	var names []string
	for _, t := range c.Schema.Tables {
		names = append(names, t.Name)
	}
	if len(names) == 0 {
		return "the schema declares no tables"
	}
	return "tables are " + strings.Join(names, ", ")
}

func (c *Contract) validateTags(p *problems) {
	for _, key := range sortedKeys(c.Tags) {
		tp := "tags[" + key + "]"
		if strings.TrimSpace(key) == "" {
			p.add(ErrRequired, tp, "", "empty LF-tag key", "name the tag key")
		} else if utf8.RuneCountInString(key) > 128 {
			p.add(ErrInvalid, tp, key, "LF-tag key is longer than 128 characters", "shorten it")
		}
		values := c.Tags[key]
		if len(values) == 0 {
			p.add(ErrRequired, tp, "", "LF-tag has no values", "give the product at least one value of this tag")
		}
		seen := map[string]bool{}
		for i, v := range values {
			vp := fmt.Sprintf("%s[%d]", tp, i)
			switch {
			case strings.TrimSpace(v) == "":
				p.add(ErrRequired, vp, "", "empty LF-tag value", "remove it")
			case utf8.RuneCountInString(v) > 256:
				p.add(ErrInvalid, vp, v, "LF-tag value is longer than 256 characters", "shorten it")
			case seen[v]:
				p.add(ErrDuplicate, vp, v, "duplicate LF-tag value", "list it once")
			}
			seen[v] = true
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// DQDL renders the quality rules of table as an AWS Glue DQDL ruleset, one rule per line in
// the order they are declared:
//
//	Rules = [
//	    IsComplete "customer_id",
//	    IsUnique "customer_id",
//	    ColumnValues "country" in ["DE","FR"],
//	    RowCount > 0
//	]
//
// It returns "" when the table has no rules: Glue rejects an empty ruleset, so create no
// AWS::Glue::DataQualityRuleset for it. Call Validate first: DQDL renders invalid rules as
// far as it can.
func (c *Contract) DQDL(table string) string {
	var rules []string
	for _, r := range c.QualityRules {
		if r.Table == table {
			rules = append(rules, "    "+r.DQDL())
		}
	}
	if len(rules) == 0 {
		return ""
	}
	return "Rules = [\n" + strings.Join(rules, ",\n") + "\n]"
}
