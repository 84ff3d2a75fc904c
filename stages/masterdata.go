package stages

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/projectstack"
	"github.com/smusmesh/smusmesh/problem"
)

// MasterDataDef defines a Master Data project (see datamesh.NewMasterDataProject): the
// producer of the data product of one critical source, with permanent data owners,
// temporary engineers, a data contract and the Glue data source that publishes it. The
// project is named by the governance standards ("CRM" gives "CRM Master Data"); consumers
// name it in their reads.
type MasterDataDef struct {
	// Source is the critical data source the project publishes ("CRM"), unique in the domain.
	Source string `yaml:"source" json:"source" mesh:"required"`
	// Key identifies the project in its domain for good (default: the project's name,
	// "CRM Master Data", so that turning a project into a Master Data project keeps its
	// key). The nested stack, the logical IDs and the names of the data source and quality
	// rulesets derive from it: set key to the old project name when renaming the source.
	Key string `yaml:"key,omitempty" json:"key,omitempty"`
	// Description of the project.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Profile names one of the domain's profiles.
	Profile string `yaml:"profile" json:"profile" mesh:"required"`
	// DataOwners are the permanent, accountable owners of the data (project owners).
	DataOwners []*PrincipalDef `yaml:"dataOwners" json:"dataOwners" mesh:"required"`
	// Engineers join for a limited time to set the project up; the end date is Until or the
	// stage's Settings.TemporaryUntil.
	Engineers []*EngineerDef `yaml:"engineers,omitempty" json:"engineers,omitempty"`
	// Members are other permanent members (stewards, catalog viewers ...).
	Members []*MemberDef `yaml:"members,omitempty" json:"members,omitempty"`
	// GlossaryTerms are glossary term IDs attached to the project.
	GlossaryTerms []string `yaml:"glossaryTerms,omitempty" json:"glossaryTerms,omitempty"`
	// Contract is the data contract of the product.
	Contract *ContractDef `yaml:"contract" json:"contract" mesh:"required"`
	// DataSource is the Glue data source that imports and publishes the product.
	DataSource *DataSourceDef `yaml:"dataSource" json:"dataSource" mesh:"required"`
	// Reads is always rejected by Validate: Master Data projects publish, they do not
	// consume. The key exists so that the problem says so instead of "unknown key".
	Reads []*ReadDef `yaml:"reads,omitempty" json:"reads,omitempty"`
	// Connections of the project (see ConnectionDef).
	Connections []*ConnectionDef `yaml:"connections,omitempty" json:"connections,omitempty"`
	// ProducerAccess grants the project's own pipelines (ingestion, transformation) Lake
	// Formation permissions on the Glue databases it produces (see ProducerAccessDef); the
	// data source's own grants are made already.
	ProducerAccess []*ProducerAccessDef `yaml:"producerAccess,omitempty" json:"producerAccess,omitempty"`
}

// EngineerDef is a temporary member of a Master Data project: exactly one principal, and
// the last day of the membership (Until, or the stage's Settings.TemporaryUntil).
type EngineerDef struct {
	// User is an IAM Identity Center user (ID or user name).
	User string `yaml:"user,omitempty" json:"user,omitempty"`
	// Group is an IAM Identity Center group (ID or name).
	Group string `yaml:"group,omitempty" json:"group,omitempty"`
	// Role is an IAM role ARN.
	Role string `yaml:"role,omitempty" json:"role,omitempty"`
	// IAMUser is an IAM user ARN.
	IAMUser string `yaml:"iamUser,omitempty" json:"iamUser,omitempty"`
	// Until is the last day (YYYY-MM-DD) of the membership.
	//
	// Default: the stage's Settings.TemporaryUntil.
	Until string `yaml:"until,omitempty" json:"until,omitempty"`
	// Reason the engineer joins.
	Reason string `yaml:"reason,omitempty" json:"reason,omitempty"`
}

// KeyOf is the key of the Master Data project: Key, or the project's name under the
// standards std ("CRM Master Data").
func (m *MasterDataDef) KeyOf(std *datamesh.Standards) string {
	if m.Key != "" {
		return m.Key
	}
	return std.MasterDataProjectName(strings.TrimSpace(m.Source))
}

// Principal returns the datamesh principal of the engineer.
func (e *EngineerDef) Principal() datamesh.Principal {
	return principalOf(e.User, e.Group, e.Role, e.IAMUser)
}

// ContractDef is the YAML form of a datacontract.Contract: the schema's tables sit
// directly under tables, and quality rules are written by name (see RuleDef).
type ContractDef struct {
	// Name of the data product ("CRM Customers").
	Name string `yaml:"name" json:"name" mesh:"required"`
	// Version of the contract.
	Version string `yaml:"version,omitempty" json:"version,omitempty"`
	// Description of the product.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Owner accountable for the product.
	Owner string `yaml:"owner,omitempty" json:"owner,omitempty"`
	// Steward who looks after the product's quality.
	Steward string `yaml:"steward,omitempty" json:"steward,omitempty"`
	// Classification of the product: PUBLIC, INTERNAL, CONFIDENTIAL, PII, SENSITIVE_PII.
	Classification string `yaml:"classification,omitempty" json:"classification,omitempty"`
	// FreshnessSLA: how old the data may be ("24h", "P1D").
	FreshnessSLA string `yaml:"freshnessSla,omitempty" json:"freshnessSla,omitempty"`
	// Retention of the data ("7y", "P7Y", "365").
	Retention string `yaml:"retention,omitempty" json:"retention,omitempty"`
	// Tags are the product's LF-tags, key to values.
	Tags map[string][]string `yaml:"tags,omitempty" json:"tags,omitempty"`
	// GlossaryTerms of the product.
	GlossaryTerms []string `yaml:"glossaryTerms,omitempty" json:"glossaryTerms,omitempty"`
	// Tables of the product's schema.
	Tables []*TableDef `yaml:"tables" json:"tables" mesh:"required"`
	// QualityRules of the product (AWS Glue Data Quality).
	QualityRules []*RuleDef `yaml:"qualityRules,omitempty" json:"qualityRules,omitempty"`
}

// TableDef is one table of a contract's schema.
type TableDef struct {
	// Name of the table in the Glue Data Catalog.
	Name string `yaml:"name" json:"name" mesh:"required"`
	// Description of the table.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// BusinessName of the table.
	BusinessName string `yaml:"businessName,omitempty" json:"businessName,omitempty"`
	// PrimaryKey lists the key columns.
	PrimaryKey []string `yaml:"primaryKey,omitempty" json:"primaryKey,omitempty"`
	// Columns of the table.
	Columns []*ColumnDef `yaml:"columns" json:"columns" mesh:"required"`
}

// ColumnDef is one column of a table.
type ColumnDef struct {
	// Name of the column in the Glue Data Catalog.
	Name string `yaml:"name" json:"name" mesh:"required"`
	// Type is the Glue type (string, bigint, timestamp, decimal(10,2) ...).
	Type string `yaml:"type" json:"type" mesh:"required"`
	// Description of the column.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// BusinessName of the column.
	BusinessName string `yaml:"businessName,omitempty" json:"businessName,omitempty"`
	// PII classifies a personal column (PII, SENSITIVE_PII ...).
	PII string `yaml:"pii,omitempty" json:"pii,omitempty"`
	// Nullable column.
	Nullable bool `yaml:"nullable,omitempty" json:"nullable,omitempty"`
}

// RuleDef is one quality rule, written by name and mapped onto the datacontract
// constructors:
//
//	isComplete, isUnique, isPrimaryKey     table, column
//	completeness                           table, column, min (share 0..1, at least)
//	columnValuesIn                         table, column, values
//	columnValuesBetween                    table, column, min, max (exclusive)
//	columnValuesMatch                      table, column, pattern
//	rowCountAbove                          table, min
//	rowCountBetween                        table, min, max (exclusive)
//	dataFreshness                          table, column, maxAge ("24h")
//	customSql                              table, sql, optional column, min and/or max
type RuleDef struct {
	// Rule is the rule's name (see above).
	Rule string `yaml:"rule" json:"rule" mesh:"required"`
	// Table the rule checks.
	Table string `yaml:"table" json:"table" mesh:"required"`
	// Column the rule checks.
	Column string `yaml:"column,omitempty" json:"column,omitempty"`
	// Values allowed by columnValuesIn.
	Values []string `yaml:"values,omitempty" json:"values,omitempty"`
	// Pattern of columnValuesMatch.
	Pattern string `yaml:"pattern,omitempty" json:"pattern,omitempty"`
	// Min is the lower bound (completeness, between rules, rowCountAbove, customSql). A
	// pointer, unlike props fields: 0 is a bound, absent is none.
	Min *float64 `yaml:"min,omitempty" json:"min,omitempty"`
	// Max is the upper bound (between rules, customSql).
	Max *float64 `yaml:"max,omitempty" json:"max,omitempty"`
	// MaxAge of dataFreshness ("24h", "2d").
	MaxAge string `yaml:"maxAge,omitempty" json:"maxAge,omitempty"`
	// SQL statement of customSql; the checked table is called primary.
	SQL string `yaml:"sql,omitempty" json:"sql,omitempty"`
}

// DataSourceDef is the Glue data source of a Master Data project.
type DataSourceDef struct {
	// Database is the Glue database of the product's tables.
	Database string `yaml:"database" json:"database" mesh:"required"`
	// Include lists the table-name expressions to import (default: the contract's tables).
	Include []string `yaml:"include,omitempty" json:"include,omitempty"`
	// Exclude lists the table-name expressions not to import.
	Exclude []string `yaml:"exclude,omitempty" json:"exclude,omitempty"`
	// Schedule is a cron expression, minutes and hours first ("cron(0 2 * * ? *)").
	Schedule string `yaml:"schedule,omitempty" json:"schedule,omitempty"`
	// Timezone of Schedule (UTC, CET, EUROPE_PARIS ...).
	Timezone string `yaml:"timezone,omitempty" json:"timezone,omitempty"`
	// Description of the data source (default: says which contract or database it
	// publishes).
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// CatalogName is the Glue catalog of the database (default: the account's default
	// catalog).
	CatalogName string `yaml:"catalogName,omitempty" json:"catalogName,omitempty"`
	// PublishOnImport publishes the imported assets to the catalog right away; false
	// leaves them in the project's inventory. Default true.
	PublishOnImport *bool `yaml:"publishOnImport,omitempty" json:"publishOnImport,omitempty"`
	// BusinessNameGeneration lets DataZone generate business names for the imported
	// tables and columns. Default true.
	BusinessNameGeneration *bool `yaml:"businessNameGeneration,omitempty" json:"businessNameGeneration,omitempty"`
	// DataQualityResults imports the AWS Glue Data Quality results onto the assets.
	// Default true.
	DataQualityResults *bool `yaml:"dataQualityResults,omitempty" json:"dataQualityResults,omitempty"`
}

// options converts the data source (nil for none).
func (d *DataSourceDef) options() *datamesh.GlueDataSourceOptions {
	if d == nil {
		return nil
	}
	return &datamesh.GlueDataSourceOptions{DatabaseName: d.Database, Include: d.Include, Exclude: d.Exclude,
		Schedule: d.Schedule, Timezone: d.Timezone, Description: d.Description, CatalogName: d.CatalogName,
		NoPublishOnImport: isFalse(d.PublishOnImport), NoBusinessNameGeneration: isFalse(d.BusinessNameGeneration),
		NoDataQualityResults: isFalse(d.DataQualityResults)}
}

// isFalse reports whether an optional YAML boolean is set to false (unset is the
// default, true).
func isFalse(b *bool) bool { return b != nil && !*b }

// ReadDef is one read of a consumer project: a table of a Master Data product (all of
// it, some columns, some rows) or what carries some of its LF-tags, granted in Lake
// Formation to the IAM role Role of the domain's account in each stage.
type ReadDef struct {
	// Product is the name of the Master Data project ("CRM Master Data"), in any unit of
	// Domain.
	Product string `yaml:"product" json:"product" mesh:"required"`
	// Domain is the business domain of the product. A product of another domain is read
	// through a Lake Formation grant made in the product's account, to the consumer's role
	// in the consumer domain's account (see docs/deploy.md).
	//
	// Default: the consumer's own domain.
	Domain string `yaml:"domain,omitempty" json:"domain,omitempty"`
	// Table of the product's contract (required unless TagExpression is set).
	Table string `yaml:"table,omitempty" json:"table,omitempty"`
	// Columns the consumer may see (default: all).
	Columns []string `yaml:"columns,omitempty" json:"columns,omitempty"`
	// RowFilter is a Lake Formation row filter ("country = 'DE'"; default: all rows).
	RowFilter string `yaml:"rowFilter,omitempty" json:"rowFilter,omitempty"`
	// TagExpression grants what carries these LF-tags of the product's contract.
	TagExpression map[string][]string `yaml:"tagExpression,omitempty" json:"tagExpression,omitempty"`
	// Role is the name (optionally with a path, "analytics/reader") of the IAM role the
	// consumer reads with. Its ARN is built per stage:
	// arn:<partition>:iam::<the domain's account>:role/<Role>.
	Role string `yaml:"role" json:"role" mesh:"required"`
	// Permissions granted: SELECT, DESCRIBE (default both).
	Permissions []string `yaml:"permissions,omitempty" json:"permissions,omitempty"`
	// PIIApproval approves a read that exposes columns the product's contract classifies
	// as personal data (the whole table, a tag expression, or columns that include one);
	// without it DataMesh-PiiReadWithoutApproval fails the synth.
	//
	// Default: none (a read of personal data is an error).
	PIIApproval *ApprovalDef `yaml:"piiApproval,omitempty" json:"piiApproval,omitempty"`
}

// ApprovalDef is the approval of a read of personal data.
type ApprovalDef struct {
	// Reason says why the consumer needs the personal data, and which decision approved it.
	// Required.
	Reason string `yaml:"reason" json:"reason" mesh:"required"`
	// ApprovedBy names who approved it (data owner, privacy officer).
	//
	// Default: none.
	ApprovedBy string `yaml:"approvedBy,omitempty" json:"approvedBy,omitempty"`
}

// approval converts the definition's approval (nil when none).
func (a *ApprovalDef) approval() *datamesh.AccessApproval {
	if a == nil {
		return nil
	}
	return &datamesh.AccessApproval{Reason: a.Reason, ApprovedBy: a.ApprovedBy}
}

// ruleSpec says which fields a named rule needs and which it may have.
type ruleSpec struct{ needs, may []string }

var ruleSpecs = map[string]ruleSpec{
	"isComplete":          {needs: []string{"column"}},
	"isUnique":            {needs: []string{"column"}},
	"isPrimaryKey":        {needs: []string{"column"}},
	"completeness":        {needs: []string{"column", "min"}},
	"columnValuesIn":      {needs: []string{"column", "values"}},
	"columnValuesBetween": {needs: []string{"column", "min", "max"}},
	"columnValuesMatch":   {needs: []string{"column", "pattern"}},
	"rowCountAbove":       {needs: []string{"min"}},
	"rowCountBetween":     {needs: []string{"min", "max"}},
	"dataFreshness":       {needs: []string{"column", "maxAge"}},
	"customSql":           {needs: []string{"sql"}, may: []string{"column", "min", "max"}},
}

// RuleNames lists the rule names a RuleDef accepts, sorted.
func RuleNames() []string {
	out := make([]string, 0, len(ruleSpecs))
	for k := range ruleSpecs {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// ContractRule returns the datacontract rule of the entry, or an error naming the field
// that is missing, unknown or does not apply ("min: ..."); the rule is then incomplete.
func (r *RuleDef) ContractRule() (datacontract.Rule, error) {
	rule, probs := r.convert()
	if len(probs) > 0 {
		return rule, errors.New(probs[0].field + ": " + probs[0].msg)
	}
	return rule, nil
}

type fieldProblem struct {
	field, msg string
	err        error
}

func (r *RuleDef) convert() (datacontract.Rule, []fieldProblem) {
	spec, ok := ruleSpecs[r.Rule]
	if !ok {
		return datacontract.Rule{Table: r.Table, Column: r.Column}, []fieldProblem{{"rule", fmt.Sprintf("unknown rule %q: use one of %s", r.Rule, strings.Join(RuleNames(), ", ")), datamesh.ErrInvalidProps}}
	}
	set := map[string]bool{"column": r.Column != "", "values": len(r.Values) > 0, "pattern": r.Pattern != "",
		"min": r.Min != nil, "max": r.Max != nil, "maxAge": r.MaxAge != "", "sql": r.SQL != ""}
	var probs []fieldProblem
	for _, f := range spec.needs {
		if !set[f] {
			probs = append(probs, fieldProblem{f, fmt.Sprintf("rule %s needs %s", r.Rule, f), datamesh.ErrMissing})
		}
	}
	for _, f := range []string{"column", "values", "pattern", "min", "max", "maxAge", "sql"} {
		if set[f] && !slices.Contains(spec.needs, f) && !slices.Contains(spec.may, f) {
			probs = append(probs, fieldProblem{f, fmt.Sprintf("%s does not apply to rule %s: remove it", f, r.Rule), datamesh.ErrInvalidProps})
		}
	}
	lo, hi := 0.0, 0.0
	if r.Min != nil {
		lo = *r.Min
	}
	if r.Max != nil {
		hi = *r.Max
	}
	var rule datacontract.Rule
	switch r.Rule {
	case "isComplete":
		rule = datacontract.IsComplete(r.Table, r.Column)
	case "isUnique":
		rule = datacontract.IsUnique(r.Table, r.Column)
	case "isPrimaryKey":
		rule = datacontract.IsPrimaryKey(r.Table, r.Column)
	case "completeness":
		rule = datacontract.Completeness(r.Table, r.Column, datacontract.AtLeast(lo))
	case "columnValuesIn":
		rule = datacontract.ColumnValuesIn(r.Table, r.Column, r.Values...)
	case "columnValuesBetween":
		rule = datacontract.ColumnValuesBetween(r.Table, r.Column, lo, hi)
	case "columnValuesMatch":
		rule = datacontract.ColumnValuesMatch(r.Table, r.Column, r.Pattern)
	case "rowCountAbove":
		if lo != float64(int64(lo)) {
			probs = append(probs, fieldProblem{"min", fmt.Sprintf("%v: a row count is a whole number", lo), datamesh.ErrInvalidProps})
		}
		rule = datacontract.RowCountAbove(r.Table, int64(lo))
	case "rowCountBetween":
		rule = datacontract.RowCount(r.Table, datacontract.Between(lo, hi))
	case "dataFreshness":
		age, err := datacontract.ParseDuration(r.MaxAge)
		if r.MaxAge != "" && err != nil {
			probs = append(probs, fieldProblem{"maxAge", fmt.Sprintf("%q: %v: write a duration such as 24h or 2d", r.MaxAge, err), datamesh.ErrInvalidProps})
		}
		rule = datacontract.DataFreshness(r.Table, r.Column, age)
	case "customSql":
		var t *datacontract.Threshold
		switch {
		case r.Min != nil && r.Max != nil:
			t = datacontract.Between(lo, hi)
		case r.Min != nil:
			t = datacontract.AtLeast(lo)
		case r.Max != nil:
			t = datacontract.AtMost(hi)
		}
		rule = datacontract.CustomSQL(r.Table, r.Column, r.SQL, t)
	}
	return rule, probs
}

// DataContract returns the datacontract.Contract of the entry. Rules that do not convert
// (see RuleDef.ContractRule) are left out; Validate reports them.
func (c *ContractDef) DataContract() *datacontract.Contract {
	out, _ := c.convert()
	return out
}

func (c *ContractDef) convert() (*datacontract.Contract, map[int][]fieldProblem) {
	out := &datacontract.Contract{
		Name: c.Name, Version: c.Version, Description: c.Description, Owner: c.Owner, Steward: c.Steward,
		Classification: datacontract.Classification(c.Classification), FreshnessSLA: c.FreshnessSLA, Retention: c.Retention,
		GlossaryTerms: slices.Clone(c.GlossaryTerms),
	}
	if len(c.Tags) > 0 {
		out.Tags = map[string][]string{}
		for k, v := range c.Tags {
			out.Tags[k] = slices.Clone(v)
		}
	}
	for _, t := range c.Tables {
		if t == nil {
			out.Schema.Tables = append(out.Schema.Tables, datacontract.Table{})
			continue
		}
		tab := datacontract.Table{Name: t.Name, Description: t.Description, BusinessName: t.BusinessName, PrimaryKey: slices.Clone(t.PrimaryKey)}
		for _, col := range t.Columns {
			if col == nil {
				tab.Columns = append(tab.Columns, datacontract.Column{})
				continue
			}
			tab.Columns = append(tab.Columns, datacontract.Column{Name: col.Name, Type: col.Type, Description: col.Description,
				BusinessName: col.BusinessName, PII: datacontract.Classification(col.PII), Nullable: col.Nullable})
		}
		out.Schema.Tables = append(out.Schema.Tables, tab)
	}
	bad := map[int][]fieldProblem{}
	for i, r := range c.QualityRules {
		if r == nil {
			bad[i] = []fieldProblem{{"", "empty entry: remove it", datamesh.ErrMissing}}
			continue
		}
		rule, probs := r.convert()
		if len(probs) > 0 {
			bad[i] = probs
			continue
		}
		out.QualityRules = append(out.QualityRules, rule)
	}
	return out, bad
}

// unitEntries is one unit of a domain (or its root unit) as the master-data checks see it.
type unitEntries struct {
	unitPath   []string
	path       string
	projects   []*ProjectDef
	masterData []*MasterDataDef
}

// eachUnit calls fn for the root unit and every unit of the domain, in definition order.
func (d *DomainDef) eachUnit(fn func(u unitEntries)) {
	base := "domains[" + d.Name + "]"
	fn(unitEntries{nil, base, d.Projects, d.MasterData})
	var walk func(units []*UnitDef, parent []string, path string)
	walk = func(units []*UnitDef, parent []string, path string) {
		for _, u := range units {
			if u == nil {
				continue
			}
			up := append(slices.Clone(parent), u.Name)
			pp := path + ".units[" + u.Name + "]"
			fn(unitEntries{up, pp, u.Projects, u.MasterData})
			walk(u.Units, up, pp)
		}
	}
	walk(d.Units, nil, base)
}

// masterDataPath is the definition path of entry i of a unit's masterData list.
func masterDataPath(unitPath string, i int, m *MasterDataDef) string {
	if m == nil || m.Source == "" {
		return fmt.Sprintf("%s.masterData[%d]", unitPath, i)
	}
	return unitPath + ".masterData[" + m.Source + "]"
}

// WalkMasterData calls fn for every Master Data project of the domain with the unit path
// of names (nil for the root unit) and the definition path of the entry, in definition
// order.
func (d *DomainDef) WalkMasterData(fn func(unitPath []string, path string, m *MasterDataDef)) {
	d.eachUnit(func(u unitEntries) {
		for i, m := range u.masterData {
			if m != nil {
				fn(u.unitPath, masterDataPath(u.path, i, m), m)
			}
		}
	})
}

var roleNameRe = regexp.MustCompile(`^([\w+=,.@-]+/)*[\w+=,.@-]{1,64}$`)

// validateMasterData checks the spelling of the Master Data projects and reads of one
// domain (the constructs check the rest, see Definition.Validate).
func (v *unitValidator) validateMasterData(dom *DomainDef) {
	dom.eachUnit(func(u unitEntries) {
		for i, m := range u.masterData {
			if m != nil {
				v.masterData(masterDataPath(u.path, i, m), m)
			}
		}
		for i, p := range u.projects {
			if p == nil {
				continue
			}
			pp := listPath(u.path+".projects", u.projects, i)
			for j, r := range p.Reads {
				if r != nil {
					v.read(fmt.Sprintf("%s.reads[%d]", pp, j), r)
				}
			}
		}
	})
}

// masterData checks the spelling of one Master Data project.
func (v *unitValidator) masterData(path string, m *MasterDataDef) {
	l := v.l
	validateExtras(l, path, m.Connections, m.ProducerAccess)
	if len(m.Reads) > 0 {
		l.add(datamesh.ErrInvalidProps, path+".reads", "Master Data projects publish, they do not consume (DataMesh-MasterDataConsumes): declare the reads in a consumer project")
	}
	v.principals(path+".dataOwners", m.DataOwners)
	for i, e := range m.Engineers {
		if e == nil {
			continue
		}
		if n := countSet(e.User, e.Group, e.Role, e.IAMUser); n > 1 {
			l.add(datamesh.ErrInvalidProps, fmt.Sprintf("%s.engineers[%d]", path, i), "set exactly one of user, group, role, iamUser (%d set)", n)
		}
	}
	for i, md := range m.Members {
		v.member(fmt.Sprintf("%s.members[%d]", path, i), md)
	}
	if m.Contract != nil {
		_, bad := m.Contract.convert()
		for i := range m.Contract.QualityRules {
			for _, p := range bad[i] {
				rp := fmt.Sprintf("%s.contract.qualityRules[%d]", path, i)
				if p.field != "" {
					rp += "." + p.field
				}
				l.add(p.err, rp, "%s", p.msg)
			}
		}
	}
}

// props are the Master Data project's props the entry says, without its unit, profile
// and removal policy: an engineer without an until date gets until (each stage's
// TemporaryUntil; an unbound plan passes ""), members are made by member.
func (m *MasterDataDef) props(until string, member func(*MemberDef) *datamesh.Member) *datamesh.MasterDataProjectProps {
	engineers := make([]*datamesh.Member, 0, len(m.Engineers))
	for _, e := range m.Engineers {
		if e == nil {
			engineers = append(engineers, nil)
			continue
		}
		engineers = append(engineers, &datamesh.Member{Principal: e.Principal(), Temporary: &datamesh.Temporary{Until: or(e.Until, until), Reason: e.Reason}})
	}
	members := make([]*datamesh.Member, 0, len(m.Members))
	for _, md := range m.Members {
		members = append(members, member(md))
	}
	props := &datamesh.MasterDataProjectProps{
		Source: m.Source, Key: m.Key, Description: m.Description,
		DataOwners: principals(m.DataOwners), Engineers: engineers, Members: members, GlossaryTerms: m.GlossaryTerms,
		DataSource: m.DataSource.options(),
	}
	if m.Contract != nil {
		props.Contract = m.Contract.DataContract()
	}
	return props
}

// accessProps are the read's props, without the consumer, its role and the product (the
// builder sets them).
func (r *ReadDef) accessProps() *datamesh.DataProductAccessProps {
	var perms []datamesh.LakeFormationPermission
	for _, p := range r.Permissions {
		perms = append(perms, datamesh.LakeFormationPermission(p))
	}
	return &datamesh.DataProductAccessProps{
		Table: r.Table, Columns: r.Columns, RowFilter: r.RowFilter, TagExpression: r.TagExpression,
		Permissions: perms, PIIApproval: r.PIIApproval.approval(),
	}
}

// read checks the spelling of one read of a consumer project: its role is named, not
// given as an ARN (the account differs per stage).
func (v *unitValidator) read(path string, r *ReadDef) {
	l := v.l
	switch {
	case r.Role == "":
		l.add(datamesh.ErrMissing, path+".role", "name the IAM role the project reads with; its ARN is built per stage in the domain's account")
	case strings.HasPrefix(r.Role, "arn:"):
		l.add(datamesh.ErrInvalidProps, path+".role", "%q: write the role's name, not its ARN: the account differs per stage and comes from the settings", r.Role)
	case !roleNameRe.MatchString(r.Role):
		l.add(datamesh.ErrInvalidProps, path+".role", "%q is not an IAM role name (1-64 of letters, digits and +=,.@_-, optionally after a path)", r.Role)
	}
}

// addAt adds p with the file and line of its path in the definition.
func (l *plist) addAt(p *problem.Problem) {
	if l.src != nil {
		p.File, p.Line = l.src.file, l.src.lineOf(p.Path)
	}
	l.list = append(l.list, p)
}

// validateMasterDataTemporary reports engineers and temporary members of Master Data
// projects that have no end date in a stage without Settings.TemporaryUntil.
func (s *Settings) validateMasterDataTemporary(l *plist, path string, d *DomainDef, temp map[string]bool) {
	if s.TemporaryUntil != "" {
		return
	}
	d.WalkMasterData(func(_ []string, mp string, m *MasterDataDef) {
		for i, e := range m.Engineers {
			if e != nil && e.Until == "" {
				l.add(datamesh.ErrMissing, fmt.Sprintf("%s.engineers[%d]", mp, i), "engineer without an end date: set until on the engineer or temporaryUntil in %s", path)
			}
		}
		for i, md := range m.Members {
			if md != nil && md.Until == "" && (md.Temporary || temp[md.Principal().Identifier]) {
				l.add(datamesh.ErrMissing, fmt.Sprintf("%s.members[%d]", mp, i), "temporary member without an end date: set until on the member or temporaryUntil in %s", path)
			}
		}
	})
}

// partitionOf is the AWS partition of a region.
func partitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	case strings.HasPrefix(region, "eu-isoe-"):
		return "aws-iso-e"
	case strings.HasPrefix(region, "us-isof-"):
		return "aws-iso-f"
	}
	return "aws"
}

// ReadRoleARN is the ARN of the role a read names, in account and region's partition.
func ReadRoleARN(region, account, role string) string {
	return "arn:" + partitionOf(region) + ":iam::" + account + ":role/" + role
}

// pendingReads are the reads of one consumer project, built once every product of the
// domain exists.
type pendingReads struct {
	nested  awscdk.NestedStack
	project datamesh.Project
	key     string
	reads   []*ReadDef
}

// masterData builds the Master Data projects of one unit, each in its own nested stack.
// The nested stack is ProjectStackID of the key, which defaults to the project's name as
// a project's does, so that turning a project into a Master Data project keeps its stack
// and its project's logical IDs.
func (b *domainBuilder) masterData(unit datamesh.IDomainUnitRef, path []string, list []*MasterDataDef) {
	s := b.m.settings
	std := b.m.def.Standards()
	for _, md := range list {
		source := strings.TrimSpace(md.Source)
		name := std.MasterDataProjectName(source)
		key := b.domainName + "|" + strings.Join(path, "/") + "|" + name
		nid := ProjectStackID(md.KeyOf(std))
		nested := awscdk.NewNestedStack(b.stack, jsii.String(nid), &awscdk.NestedStackProps{
			Description: jsii.String("SMUS Master Data project " + name + " of " + b.domainName),
		})
		b.m.projects[key] = nested
		projectstack.Mark(nested, b.stack, nid)
		b.m.keyStacks[b.domainName+"|"+md.KeyOf(std)] = [2]string{stackID(b.domainName), ProjectStackID(md.KeyOf(std))}
		b.m.projectStacks[nested] = b.m.keyStacks[b.domainName+"|"+md.KeyOf(std)]
		props := md.props(s.TemporaryUntil, b.member)
		props.DomainUnit, props.Source, props.Key, props.Profile, props.RemovalPolicy = unit, source, md.KeyOf(std), b.profiles[md.Profile], s.RemovalPolicy
		p := datamesh.NewMasterDataProject(nested, jsii.String("Project"), props)
		b.extras(nested, p, md.Connections, md.ProducerAccess)
		b.products[name] = p
		b.productKeys[name] = md.KeyOf(std)
		b.m.products[b.domainName+"|"+name] = p
	}
}

// reads builds the reads of the domain's consumer projects: one DataProductAccess per
// read in the consumer's nested stack, granted to the role named by the read in the
// domain's account of the stage.
func (b *domainBuilder) reads() {
	s := b.m.settings
	account := s.accountOf(b.domainName)
	for _, pr := range b.pending {
		ids := newIDs()
		roles := map[string]awsiam.IRole{}
		for _, r := range pr.reads {
			if r.Domain != "" && !strings.EqualFold(r.Domain, b.domainName) {
				b.m.crossReads = append(b.m.crossReads, crossRead{domain: b.domainName, key: pr.key, project: pr.project, read: r})
				continue
			}
			role, ok := roles[r.Role]
			if !ok {
				role = awsiam.Role_FromRoleArn(pr.nested, jsii.String(ids.of("ReadRole", r.Role)),
					jsii.String(ReadRoleARN(s.Region, account, r.Role)), &awsiam.FromRoleArnOptions{Mutable: jsii.Bool(false)})
				roles[r.Role] = role
			}
			props := r.accessProps()
			props.Consumer, props.ConsumerRole, props.Product = pr.project, role, b.products[r.Product]
			// The construct id derives from the product's key, so renaming the product keeps
			// the grants' logical IDs (Lake Formation grants have no update handler).
			datamesh.NewDataProductAccess(pr.nested, jsii.String(ids.of("Reads", b.productKeys[r.Product]+" "+r.Table)), props)
		}
	}
}

// member converts a project member for the stage (end dates from the settings).
func (b *domainBuilder) member(md *MemberDef) *datamesh.Member {
	s := b.m.settings
	des, _ := md.DesignationOf()
	mem := &datamesh.Member{Principal: md.Principal(), Designation: des}
	switch {
	case md.Until != "":
		mem.Temporary = &datamesh.Temporary{Until: md.Until, Reason: md.Reason}
	case md.Temporary || b.temp[mem.Principal.Identifier]:
		mem.Temporary = &datamesh.Temporary{Until: s.TemporaryUntil, Reason: md.Reason}
	}
	return mem
}

// MasterDataProject returns the Master Data project named name ("CRM Master Data") of
// the domain, or nil.
func (m *MeshStage) MasterDataProject(domain, name string) datamesh.MasterDataProject {
	return m.products[domain+"|"+name]
}
