package datacontract

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/smusmesh/smusmesh/problem"
)

// crm returns a valid contract; tests break one thing at a time.
func crm() Contract {
	return Contract{
		Name:        "CRM Customers",
		Version:     "1.0.0",
		Description: "Every customer of the company, one row per customer.",
		Owner:       "Head of Sales Operations",
		Steward:     "crm-data-stewards",
		Schema: Schema{Tables: []Table{
			{
				Name: "customers", BusinessName: "Customers", Description: "One row per customer.",
				PrimaryKey: []string{"customer_id"},
				Columns: []Column{
					{Name: "customer_id", Type: "bigint", BusinessName: "Customer number"},
					{Name: "name", Type: "string", PII: ClassificationPII},
					{Name: "email", Type: "string", PII: ClassificationPII, Nullable: true},
					{Name: "country", Type: "string"},
					{Name: "region", Type: "varchar(8)"},
					{Name: "address", Type: "struct<street:string,city:string,geo:struct<lat:double,lon:double>>", Nullable: true},
					{Name: "updated_at", Type: "timestamp"},
				},
			},
			{
				Name: "contacts", PrimaryKey: []string{"contact_id"},
				Columns: []Column{
					{Name: "contact_id", Type: "string"},
					{Name: "customer_id", Type: "bigint"},
					{Name: "score", Type: "decimal(5,2)", Nullable: true},
				},
			},
		}},
		QualityRules: []Rule{
			IsComplete("customers", "customer_id"),
			IsUnique("customers", "customer_id"),
			ColumnValuesIn("customers", "country", "DE", "FR"),
			RowCountAbove("customers", 0),
			IsPrimaryKey("contacts", "contact_id"),
		},
		FreshnessSLA:   "24h",
		Retention:      "7y",
		Classification: ClassificationPII,
		Tags:           map[string][]string{"domain": {"sales"}, "region": {"EU", "US"}},
		GlossaryTerms:  []string{"Customer"},
	}
}

func TestValidContract(t *testing.T) {
	c := crm()
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	if got := c.Missing(Fields()); len(got) != 0 {
		t.Errorf("Missing(all) = %v, want none", got)
	}
	if got := c.Filled(); !slices.Equal(got, Fields()) {
		t.Errorf("Filled() = %v, want %v", got, Fields())
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(c *Contract)
		want   error
		inText []string // substrings of the one problem: its path and value
	}{
		{"empty name", func(c *Contract) { c.Name = " " }, ErrRequired, []string{`: name: contract has no name`}},
		{"duplicate table", func(c *Contract) { c.Schema.Tables[1].Name = "customers"; c.QualityRules = c.QualityRules[:4] }, ErrDuplicate,
			[]string{`schema.tables[customers].name "customers": duplicate table`}},
		{"table without name", func(c *Contract) { c.Schema.Tables[1].Name = ""; c.QualityRules = c.QualityRules[:4] }, ErrRequired,
			[]string{`schema.tables[1].name`}},
		{"invalid table name", func(c *Contract) { c.Schema.Tables[1].Name = "Contacts"; c.QualityRules = c.QualityRules[:4] }, ErrInvalid,
			[]string{`schema.tables[Contacts].name "Contacts": invalid table name`}},
		{"table without columns", func(c *Contract) {
			c.Schema.Tables[1].Columns = nil
			c.Schema.Tables[1].PrimaryKey = nil
			c.QualityRules = c.QualityRules[:4]
		}, ErrRequired,
			[]string{`schema.tables[contacts].columns: table has no columns`}},
		{"duplicate column", func(c *Contract) {
			c.Schema.Tables[0].Columns[3].Name = "email"
			c.QualityRules[2] = ColumnValuesIn("customers", "region", "EU")
		}, ErrDuplicate,
			[]string{`contract "CRM Customers": schema.tables[customers].columns[3].name "email": duplicate column: rename or remove one`}},
		{"invalid column name", func(c *Contract) { c.Schema.Tables[0].Columns[3].Name = "Country"; c.QualityRules = c.QualityRules[:2] }, ErrInvalid,
			[]string{`schema.tables[customers].columns[3].name "Country": invalid column name`}},
		{"unknown column type", func(c *Contract) { c.Schema.Tables[0].Columns[3].Type = "text" }, ErrUnknownType,
			[]string{`schema.tables[customers].columns[3].type "text"`, `"text" is not a Glue type`}},
		{"bad decimal", func(c *Contract) { c.Schema.Tables[1].Columns[2].Type = "decimal(5,7)" }, ErrUnknownType,
			[]string{`schema.tables[contacts].columns[2].type "decimal(5,7)"`, "scale 7 is larger than precision 5"}},
		{"missing column type", func(c *Contract) { c.Schema.Tables[1].Columns[2].Type = "" }, ErrRequired,
			[]string{`schema.tables[contacts].columns[2].type: column has no type`}},
		{"unknown column classification", func(c *Contract) { c.Schema.Tables[1].Columns[2].PII = "SECRET" }, ErrInvalid,
			[]string{`schema.tables[contacts].columns[2].pii "SECRET": unknown classification`}},
		{"primary key unknown column", func(c *Contract) { c.Schema.Tables[0].PrimaryKey = []string{"customer_idx"} }, ErrUnknownColumn,
			[]string{`schema.tables[customers].primaryKey[0] "customer_idx": primary key column is not in table customers`, "columns are customer_id, name"}},
		{"primary key twice", func(c *Contract) { c.Schema.Tables[0].PrimaryKey = []string{"customer_id", "customer_id"} }, ErrDuplicate,
			[]string{`schema.tables[customers].primaryKey[1] "customer_id"`}},
		{"nullable primary key", func(c *Contract) { c.Schema.Tables[0].PrimaryKey = []string{"email"} }, ErrInvalid,
			[]string{`schema.tables[customers].primaryKey[0] "email": primary key column is nullable`}},
		{"rule on unknown table", func(c *Contract) { c.QualityRules[3] = RowCountAbove("customer", 0) }, ErrUnknownTable,
			[]string{`qualityRules[3].table "customer": rule checks a table that is not in the schema: tables are customers, contacts`}},
		{"rule without table", func(c *Contract) { c.QualityRules[3] = RowCountAbove("", 0) }, ErrRequired,
			[]string{`qualityRules[3].table: rule names no table`}},
		{"rule on unknown column", func(c *Contract) { c.QualityRules[2] = ColumnValuesIn("customers", "countr", "DE") }, ErrUnknownColumn,
			[]string{`qualityRules[2].column "countr": rule checks a column that is not in table customers`}},
		{"rule on column of other table", func(c *Contract) { c.QualityRules[4] = IsUnique("contacts", "email") }, ErrUnknownColumn,
			[]string{`qualityRules[4].column "email"`}},
		{"duplicate rule", func(c *Contract) { c.QualityRules[1] = IsComplete("customers", "customer_id") }, ErrDuplicate,
			[]string{`qualityRules[1] "IsComplete \"customer_id\"": duplicate rule: same as qualityRules[0]`}},
		{"rule without column", func(c *Contract) { c.QualityRules[0] = IsComplete("customers", "") }, ErrInvalidRule,
			[]string{`qualityRules[0] "IsComplete": IsComplete needs a column`}},
		{"completeness above one", func(c *Contract) { c.QualityRules[0] = Completeness("customers", "email", AtLeast(95)) }, ErrInvalidRule,
			[]string{`qualityRules[0]`, "between 0 and 1"}},
		{"empty between", func(c *Contract) { c.QualityRules[0] = ColumnValuesBetween("contacts", "score", 10, 1) }, ErrInvalidRule,
			[]string{`qualityRules[0] "ColumnValues \"score\" between 10 and 1"`, "lower bound must be below the upper bound"}},
		{"row count without threshold", func(c *Contract) { c.QualityRules[3] = RowCount("customers", nil) }, ErrInvalidRule,
			[]string{`qualityRules[3] "RowCount": RowCount needs a threshold`}},
		{"custom sql without statement", func(c *Contract) { c.QualityRules[3] = CustomSQL("customers", "", " ", EqualTo(0)) }, ErrInvalidRule,
			[]string{"CustomSql needs a SQL statement"}},
		{"unknown rule type", func(c *Contract) { c.QualityRules[3] = Rule{Type: "IsFancy", Table: "customers"} }, ErrInvalidRule,
			[]string{`qualityRules[3] "IsFancy": rule type "IsFancy" is not supported`}},
		{"freshness on string column", func(c *Contract) { c.QualityRules[3] = DataFreshness("customers", "country", 24*time.Hour) }, ErrInvalidRule,
			[]string{`qualityRules[3].column "country": DataFreshness needs a date or timestamp column, not string`}},
		{"freshness in minutes", func(c *Contract) { c.QualityRules[3] = DataFreshness("customers", "updated_at", 90*time.Minute) }, ErrInvalidRule,
			[]string{"not a positive whole number of hours"}},
		{"sla does not parse", func(c *Contract) { c.FreshnessSLA = "daily" }, ErrInvalidDuration,
			[]string{`freshnessSla "daily": does not parse`}},
		{"sla bare number", func(c *Contract) { c.FreshnessSLA = "24" }, ErrInvalidDuration,
			[]string{`freshnessSla "24"`}},
		{"retention does not parse", func(c *Contract) { c.Retention = "forever" }, ErrInvalidDuration,
			[]string{`retention "forever": does not parse`}},
		{"unknown classification", func(c *Contract) { c.Classification = "TOP_SECRET" }, ErrInvalid,
			[]string{`classification "TOP_SECRET": unknown classification`}},
		{"classified below a column", func(c *Contract) { c.Classification = ClassificationInternal }, ErrInvalid,
			[]string{`classification "INTERNAL": product is classified below its column schema.tables[customers].columns[1] (PII)`}},
		{"tag without values", func(c *Contract) { c.Tags["domain"] = nil }, ErrRequired,
			[]string{`tags[domain]: LF-tag has no values`}},
		{"duplicate tag value", func(c *Contract) { c.Tags["region"] = []string{"EU", "EU"} }, ErrDuplicate,
			[]string{`tags[region][1] "EU": duplicate LF-tag value`}},
		{"duplicate glossary term", func(c *Contract) { c.GlossaryTerms = []string{"Customer", "Customer"} }, ErrDuplicate,
			[]string{`glossaryTerms[1] "Customer"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := crm()
			tt.edit(&c)
			err := c.Validate()
			if err == nil {
				t.Fatal("Validate() = nil, want an error")
			}
			if !errors.Is(err, tt.want) || !errors.Is(err, ErrInvalid) {
				t.Errorf("Validate() = %v\nwant errors.Is %v and ErrInvalid", err, tt.want)
			}
			if n := len(problem.All(err)); n != 1 {
				t.Errorf("Validate() reported %d problems, want 1:\n%v", n, err)
			}
			var p *problem.Problem
			if !errors.As(err, &p) || p.Construct != construct(c.Name) {
				t.Errorf("Validate() = %#v, want a *problem.Problem for contract %q", err, c.Name)
			}
			for _, s := range tt.inText {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Validate() =\n%v\nwant it to contain\n%s", err, s)
				}
			}
		})
	}
}

func TestValidateReportsEverything(t *testing.T) {
	c := crm()
	c.Name = ""
	c.Schema.Tables[0].Columns[3].Name = "email"
	c.FreshnessSLA = "soon"
	c.QualityRules = append(c.QualityRules, IsUnique("orders", "id"))
	err := c.Validate()
	for _, want := range []error{ErrRequired, ErrDuplicate, ErrInvalidDuration, ErrUnknownTable} {
		if !errors.Is(err, want) {
			t.Errorf("Validate() does not report %v:\n%v", want, err)
		}
	}
	// The rule on country now names a column that no longer exists, too.
	if got := len(problem.All(err)); got != 5 {
		t.Errorf("Validate() reported %d problems, want 5:\n%v", got, err)
	}
}

func TestMissing(t *testing.T) {
	var empty Contract
	if got := empty.Missing(Fields()); !slices.Equal(got, Fields()) {
		t.Errorf("empty.Missing(all) = %v, want %v", got, Fields())
	}
	if got := empty.Filled(); len(got) != 0 {
		t.Errorf("empty.Filled() = %v, want none", got)
	}
	c := crm()
	c.Steward = "  "
	c.Retention = ""
	c.QualityRules = nil
	req := []Field{FieldRetention, FieldOwner, FieldSteward, FieldQualityRules, Field("nonsense")}
	want := []Field{FieldRetention, FieldSteward, FieldQualityRules, Field("nonsense")}
	if got := c.Missing(req); !slices.Equal(got, want) {
		t.Errorf("Missing(%v) = %v, want %v", req, got, want)
	}
	// A table without columns does not fill in the schema.
	c.Schema = Schema{Tables: []Table{{Name: "customers"}}}
	if got := c.Missing([]Field{FieldSchema}); !slices.Equal(got, []Field{FieldSchema}) {
		t.Errorf("Missing(schema) with a table without columns = %v, want [schema]", got)
	}
	want = []Field{FieldOwner, FieldFreshnessSLA, FieldClassification}
	if got := c.Filled(); !slices.Equal(got, want) {
		t.Errorf("Filled() = %v, want %v", got, want)
	}
}

func TestDQDLRules(t *testing.T) {
	tests := []struct {
		rule Rule
		want string
	}{
		{IsComplete("t", "customer_id"), `IsComplete "customer_id"`},
		{IsUnique("t", "customer_id"), `IsUnique "customer_id"`},
		{IsPrimaryKey("t", "id"), `IsPrimaryKey "id"`},
		{Completeness("t", "email", AtLeast(0.95)), `Completeness "email" >= 0.95`},
		{ColumnValuesIn("t", "country", "DE", "FR"), `ColumnValues "country" in ["DE","FR"]`},
		{ColumnValuesIn("t", "name", `say "hi"`, `back\slash`), `ColumnValues "name" in ["say \"hi\"","back\\slash"]`},
		{ColumnValuesBetween("t", "age", 0, 150), `ColumnValues "age" between 0 and 150`},
		{ColumnValuesBetween("t", "balance", -1.5, 1e6), `ColumnValues "balance" between -1.5 and 1000000`},
		{ColumnValuesMatch("t", "email", `[^@]+@[^@]+`), `ColumnValues "email" matches "[^@]+@[^@]+"`},
		{RowCountAbove("t", 0), `RowCount > 0`},
		{RowCount("t", Between(10, 20)), `RowCount between 10 and 20`},
		{RowCount("t", AtMost(5)), `RowCount <= 5`},
		{RowCount("t", LessThan(5)), `RowCount < 5`},
		{DataFreshness("t", "updated_at", 24*time.Hour), `DataFreshness "updated_at" <= 1 days`},
		{DataFreshness("t", "updated_at", 36*time.Hour), `DataFreshness "updated_at" <= 36 hours`},
		{CustomSQL("t", "balance", "select count(*) from primary where balance < 0", EqualTo(0)), `CustomSql "select count(*) from primary where balance < 0" = 0`},
		{CustomSQL("t", "", "select id from primary where age > 18", nil), `CustomSql "select id from primary where age > 18"`},
	}
	for _, tt := range tests {
		if got := tt.rule.DQDL(); got != tt.want {
			t.Errorf("%+v.DQDL() = %s, want %s", tt.rule, got, tt.want)
		}
	}
}

func TestDQDLUnknownTable(t *testing.T) {
	c := crm()
	if got := c.DQDL("orders"); got != "" {
		t.Errorf("DQDL(orders) = %q, want empty", got)
	}
	if got, want := c.RuleTables(), []string{"contacts", "customers"}; !slices.Equal(got, want) {
		t.Errorf("RuleTables() = %v, want %v", got, want)
	}
}

func TestFormTypeName(t *testing.T) {
	for name, want := range map[string]string{
		"CRM Customers":          "DataContractCRMCustomers",
		"sales-orders v2":        "DataContractSalesOrdersV2",
		"2024 budget (EUR)":      "DataContract2024BudgetEUR",
		"":                       "DataContract",
		strings.Repeat("a", 200): "DataContractA" + strings.Repeat("a", 115),
	} {
		c := Contract{Name: name}
		if got := c.FormTypeName(); got != want {
			t.Errorf("Contract{Name: %q}.FormTypeName() = %q, want %q", name, got, want)
		}
	}
}

func TestFormModelHasNoNamespaceOrVersion(t *testing.T) {
	c := crm()
	m := c.FormModel()
	for _, bad := range []string{"namespace", "$version"} {
		if strings.Contains(m, bad) {
			t.Errorf("FormModel() contains %q, which DataZone rejects:\n%s", bad, m)
		}
	}
	for _, f := range Fields() {
		if !strings.Contains(m, "    "+string(f)+": String\n") {
			t.Errorf("FormModel() has no member %s", f)
		}
	}
	if !strings.Contains(m, "structure DataContractCRMCustomers {") {
		t.Errorf("FormModel() structure is not named after FormTypeName:\n%s", m)
	}
}

func TestFormContentErrors(t *testing.T) {
	c := crm()
	c.Owner = ""
	if _, err := c.FormContent(); !errors.Is(err, ErrRequired) || !strings.Contains(err.Error(), "owner") {
		t.Errorf("FormContent() without owner = %v, want ErrRequired naming owner", err)
	}
	c = crm()
	c.FreshnessSLA = "soon"
	if _, err := c.FormContent(); !errors.Is(err, ErrInvalidDuration) {
		t.Errorf("FormContent() of an invalid contract = %v, want its validation error", err)
	}
}
