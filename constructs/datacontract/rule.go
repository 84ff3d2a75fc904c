package datacontract

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// RuleType is an AWS Glue Data Quality (DQDL) rule type. The values are the DQDL keywords.
type RuleType string

// The rule types that a contract can state. Build rules with the constructors (IsComplete,
// IsUnique, ColumnValuesIn, ...), which fill in the right fields.
const (
	// RuleIsComplete: every value of the column is set (not null).
	RuleIsComplete RuleType = "IsComplete"
	// RuleIsUnique: no value of the column appears twice.
	RuleIsUnique RuleType = "IsUnique"
	// RuleIsPrimaryKey: the column is complete and unique.
	RuleIsPrimaryKey RuleType = "IsPrimaryKey"
	// RuleCompleteness: the share of set values (0..1) meets a threshold.
	RuleCompleteness RuleType = "Completeness"
	// RuleColumnValues: every value is in a set, matches a regular expression, or meets a
	// numeric threshold.
	RuleColumnValues RuleType = "ColumnValues"
	// RuleRowCount: the number of rows meets a threshold.
	RuleRowCount RuleType = "RowCount"
	// RuleDataFreshness: the newest value of a date or timestamp column is at most MaxAge old.
	RuleDataFreshness RuleType = "DataFreshness"
	// RuleCustomSQL: a SQL statement over the table (called primary in DQDL) returns a
	// number that meets a threshold, or, without a threshold, selects the passing rows.
	RuleCustomSQL RuleType = "CustomSql"
)

// Operator compares a rule's measured value with its threshold.
type Operator string

// The DQDL comparison operators.
const (
	OpGreaterThan Operator = ">"
	OpAtLeast     Operator = ">="
	OpLessThan    Operator = "<"
	OpAtMost      Operator = "<="
	OpEqual       Operator = "="
	OpBetween     Operator = "between"
)

// Threshold is a numeric DQDL expression: "> 0", ">= 0.95", "between 1 and 2000". Between
// is exclusive in DQDL (it means > Value and < Upper).
type Threshold struct {
	// Op is the comparison.
	Op Operator
	// Value is the number compared with, or the lower bound of OpBetween.
	Value float64
	// Upper is the upper bound of OpBetween; unused otherwise.
	Upper float64
}

// GreaterThan is the threshold "> v".
func GreaterThan(v float64) *Threshold { return &Threshold{Op: OpGreaterThan, Value: v} }

// AtLeast is the threshold ">= v".
func AtLeast(v float64) *Threshold { return &Threshold{Op: OpAtLeast, Value: v} }

// LessThan is the threshold "< v".
func LessThan(v float64) *Threshold { return &Threshold{Op: OpLessThan, Value: v} }

// AtMost is the threshold "<= v".
func AtMost(v float64) *Threshold { return &Threshold{Op: OpAtMost, Value: v} }

// EqualTo is the threshold "= v".
func EqualTo(v float64) *Threshold { return &Threshold{Op: OpEqual, Value: v} }

// Between is the threshold "between lo and hi".
func Between(lo, hi float64) *Threshold { return &Threshold{Op: OpBetween, Value: lo, Upper: hi} }

// String renders the threshold in DQDL.
func (t *Threshold) String() string {
	if t.Op == OpBetween {
		return "between " + number(t.Value) + " and " + number(t.Upper)
	}
	return string(t.Op) + " " + number(t.Value)
}

// check returns what is wrong with the threshold, or "".
func (t *Threshold) check() string {
	switch t.Op {
	case OpGreaterThan, OpAtLeast, OpLessThan, OpAtMost, OpEqual:
	case OpBetween:
		if !(t.Value < t.Upper) {
			return fmt.Sprintf("between %s and %s is empty: the lower bound must be below the upper bound", number(t.Value), number(t.Upper))
		}
	default:
		return fmt.Sprintf("operator %q is not one of >, >=, <, <=, =, between", t.Op)
	}
	for _, v := range []float64{t.Value, t.Upper} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "threshold is not a finite number"
		}
	}
	return ""
}

// number renders a float the way DQDL expects (no exponent).
func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Rule is one data quality rule of a contract: a check on one table, and on one column of it
// unless it is a table-level rule (RowCount, CustomSql without a column). It renders to one
// AWS Glue DQDL rule. Build it with a constructor; the fields are exported so that a mesh
// definition can be loaded from YAML or JSON.
type Rule struct {
	// Type is the DQDL rule type.
	Type RuleType `json:"type"`
	// Table is the table of the contract's schema that the rule checks.
	Table string `json:"table"`
	// Column is the column the rule checks. Empty for RowCount; optional for CustomSql,
	// where it documents (and the contract checks) the column the statement is about.
	Column string `json:"column,omitempty"`
	// Values are the allowed values of ColumnValues ... in [...], as strings.
	Values []string `json:"values,omitempty"`
	// Pattern is the regular expression of ColumnValues ... matches "...".
	Pattern string `json:"pattern,omitempty"`
	// Threshold is the numeric expression of Completeness, ColumnValues, RowCount and
	// CustomSql.
	Threshold *Threshold `json:"threshold,omitempty"`
	// MaxAge is the largest age allowed by DataFreshness, in whole hours.
	MaxAge time.Duration `json:"maxAge,omitempty"`
	// SQL is the statement of CustomSql; the checked table is called primary in it.
	SQL string `json:"sql,omitempty"`
}

// IsComplete checks that every value of table.column is set: IsComplete "column".
func IsComplete(table, column string) Rule {
	return Rule{Type: RuleIsComplete, Table: table, Column: column}
}

// IsUnique checks that no value of table.column appears twice: IsUnique "column".
func IsUnique(table, column string) Rule {
	return Rule{Type: RuleIsUnique, Table: table, Column: column}
}

// IsPrimaryKey checks that table.column is complete and unique: IsPrimaryKey "column".
func IsPrimaryKey(table, column string) Rule {
	return Rule{Type: RuleIsPrimaryKey, Table: table, Column: column}
}

// Completeness checks the share (0..1) of set values of table.column:
// Completeness "column" >= 0.95.
func Completeness(table, column string, t *Threshold) Rule {
	return Rule{Type: RuleCompleteness, Table: table, Column: column, Threshold: t}
}

// ColumnValuesIn checks that every value of table.column is one of values:
// ColumnValues "country" in ["DE","FR"].
func ColumnValuesIn(table, column string, values ...string) Rule {
	return Rule{Type: RuleColumnValues, Table: table, Column: column, Values: values}
}

// ColumnValuesBetween checks that every value of table.column is between lo and hi
// (exclusive): ColumnValues "age" between 0 and 150.
func ColumnValuesBetween(table, column string, lo, hi float64) Rule {
	return Rule{Type: RuleColumnValues, Table: table, Column: column, Threshold: Between(lo, hi)}
}

// ColumnValuesMatch checks every value of table.column against a regular expression:
// ColumnValues "email" matches "[^@]+@[^@]+".
func ColumnValuesMatch(table, column, pattern string) Rule {
	return Rule{Type: RuleColumnValues, Table: table, Column: column, Pattern: pattern}
}

// RowCount checks the number of rows of table: RowCount > 0.
func RowCount(table string, t *Threshold) Rule {
	return Rule{Type: RuleRowCount, Table: table, Threshold: t}
}

// RowCountAbove checks that table has more than n rows: RowCount > n.
func RowCountAbove(table string, n int64) Rule {
	return RowCount(table, GreaterThan(float64(n)))
}

// DataFreshness checks that the newest value of the date or timestamp column table.column
// is at most maxAge old (whole hours): DataFreshness "updated_at" <= 24 hours.
func DataFreshness(table, column string, maxAge time.Duration) Rule {
	return Rule{Type: RuleDataFreshness, Table: table, Column: column, MaxAge: maxAge}
}

// CustomSQL checks that a SQL statement returning one number meets a threshold:
// CustomSql "select count(*) from primary where balance < 0" = 0. Call the checked table
// primary in the statement. column may be empty; when set, it names the column the
// statement checks and must exist. A nil threshold renders the row-level form, where the
// statement selects the rows that pass.
func CustomSQL(table, column, statement string, t *Threshold) Rule {
	return Rule{Type: RuleCustomSQL, Table: table, Column: column, SQL: statement, Threshold: t}
}

// quote renders s as a DQDL quoted string.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// DQDL renders the rule as one DQDL rule. An incomplete rule renders as far as it can;
// Contract.Validate reports what is missing.
func (r Rule) DQDL() string {
	var b strings.Builder
	b.WriteString(string(r.Type))
	if r.Column != "" && r.Type != RuleRowCount && r.Type != RuleCustomSQL {
		b.WriteString(" ")
		b.WriteString(quote(r.Column))
	}
	switch r.Type {
	case RuleColumnValues:
		switch {
		case len(r.Values) > 0:
			q := make([]string, len(r.Values))
			for i, v := range r.Values {
				q[i] = quote(v)
			}
			b.WriteString(" in [" + strings.Join(q, ",") + "]")
		case r.Pattern != "":
			b.WriteString(" matches " + quote(r.Pattern))
		}
	case RuleDataFreshness:
		b.WriteString(" <= " + age(r.MaxAge))
		return b.String()
	case RuleCustomSQL:
		b.WriteString(" " + quote(r.SQL))
	}
	if r.Threshold != nil {
		b.WriteString(" " + r.Threshold.String())
	}
	return b.String()
}

// age renders a duration as a DQDL time expression (days or hours).
func age(d time.Duration) string {
	if d%Day == 0 {
		return strconv.FormatInt(int64(d/Day), 10) + " days"
	}
	return strconv.FormatInt(int64(d/time.Hour), 10) + " hours"
}

// check returns what is wrong with the rule's parameters (not its table and column,
// which the contract checks), with a fix, or "" and "".
func (r Rule) check() (detail, fix string) {
	needsColumn := map[RuleType]bool{RuleIsComplete: true, RuleIsUnique: true, RuleIsPrimaryKey: true, RuleCompleteness: true, RuleColumnValues: true, RuleDataFreshness: true}
	switch r.Type {
	case RuleIsComplete, RuleIsUnique, RuleIsPrimaryKey, RuleCompleteness, RuleColumnValues, RuleRowCount, RuleDataFreshness, RuleCustomSQL:
	default:
		return fmt.Sprintf("rule type %q is not supported", r.Type), "use a constructor such as IsComplete, IsUnique, ColumnValuesIn, RowCount or CustomSQL"
	}
	if needsColumn[r.Type] && r.Column == "" {
		return fmt.Sprintf("%s needs a column", r.Type), "name the column the rule checks"
	}
	if r.Type == RuleRowCount && r.Column != "" {
		return "RowCount checks the whole table and takes no column", "remove the column"
	}
	if r.Threshold != nil {
		switch r.Type {
		case RuleCompleteness, RuleColumnValues, RuleRowCount, RuleCustomSQL:
			if d := r.Threshold.check(); d != "" {
				return d, "use GreaterThan, AtLeast, LessThan, AtMost, EqualTo or Between"
			}
		default:
			return fmt.Sprintf("%s takes no threshold", r.Type), "remove the threshold"
		}
	}
	switch r.Type {
	case RuleCompleteness, RuleRowCount:
		if r.Threshold == nil {
			return fmt.Sprintf("%s needs a threshold", r.Type), "add one, e.g. AtLeast(0.95) or GreaterThan(0)"
		}
		if r.Type == RuleCompleteness && (r.Threshold.Value < 0 || r.Threshold.Value > 1 || r.Threshold.Op == OpBetween && r.Threshold.Upper > 1) {
			return "completeness is a share between 0 and 1", "use e.g. AtLeast(0.95)"
		}
	case RuleColumnValues:
		n := 0
		for _, set := range []bool{len(r.Values) > 0, r.Pattern != "", r.Threshold != nil} {
			if set {
				n++
			}
		}
		if n != 1 {
			return "ColumnValues needs exactly one of values, pattern or threshold", "use ColumnValuesIn, ColumnValuesMatch or ColumnValuesBetween"
		}
	case RuleDataFreshness:
		if r.MaxAge <= 0 || r.MaxAge%time.Hour != 0 {
			return fmt.Sprintf("DataFreshness max age %s is not a positive whole number of hours", r.MaxAge), "use e.g. 24 * time.Hour"
		}
	case RuleCustomSQL:
		if strings.TrimSpace(r.SQL) == "" {
			return "CustomSql needs a SQL statement", `write one such as "select count(*) from primary"`
		}
	}
	if r.Type != RuleColumnValues && (len(r.Values) > 0 || r.Pattern != "") {
		return fmt.Sprintf("%s takes no values or pattern", r.Type), "remove them"
	}
	return "", ""
}
