package stages

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/cfnschema"
)

const masterDataFixture = "masterdata.yaml"

func loadMasterData(t testing.TB) *Definition {
	t.Helper()
	def, err := Parse(masterDataFixture, []byte(fixture(t, masterDataFixture)))
	if err != nil {
		t.Fatalf("parse:\n%v", err)
	}
	return def
}

func TestMasterDataParse(t *testing.T) {
	def := loadMasterData(t)
	md := def.Domains[0].Units[0].MasterData[0]
	if md.Source != "CRM" || len(md.Engineers) != 2 || md.Contract.Tags["domain"][0] != "sales" || *md.Contract.QualityRules[3].Min != 0 {
		t.Errorf("decoded wrongly: %+v", md)
	}
	c := md.Contract.DataContract()
	if len(c.QualityRules) != 4 || !reflect.DeepEqual(c.QualityRules[2], datacontract.DataFreshness("customers", "created_at", datacontract.Day)) {
		t.Errorf("rules: %+v", c.QualityRules)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("contract: %v", err)
	}
	var paths []string
	def.Domains[0].WalkMasterData(func(_ []string, p string, _ *MasterDataDef) { paths = append(paths, p) })
	if len(paths) != 1 || paths[0] != "domains[energy].units[Sales].masterData[CRM]" {
		t.Errorf("WalkMasterData: %v", paths)
	}
	r := def.Domains[0].Projects[0].Reads[0]
	if r.Product != "CRM Master Data" || r.RowFilter != "country = 'DE'" || r.Role != "billing-audit-project" {
		t.Errorf("read: %+v", r)
	}
}

// TestMasterDataSynth synthesizes the fixture into dev, uat and prd: the Master Data
// project in its own nested stack, each read in its consumer's nested stack with the
// role of the domain's account of the stage, every template valid against the registry
// schemas.
func TestMasterDataSynth(t *testing.T) {
	def := loadMasterData(t)
	envs := []string{"dev", "uat", "prd"}
	dir, stages := synthMesh(t, def, envs, nil)
	for _, env := range envs {
		m := stages[env]
		if m.MasterDataProject("energy", "CRM Master Data") == nil {
			t.Fatalf("%s: no CRM Master Data", env)
		}
		if m.ProjectStack("energy", []string{"Sales"}, "CRM Master Data") == nil {
			t.Errorf("%s: no nested stack for CRM Master Data", env)
		}
		if got := m.MasterDataProject("energy", "CRM Master Data").Consumers(); !reflect.DeepEqual(got, []string{"Campaign Analytics", "Billing Audit"}) && !reflect.DeepEqual(got, []string{"Billing Audit", "Campaign Analytics"}) {
			t.Errorf("%s: consumers %v", env, got)
		}
		ts := readTemplates(t, filepath.Join(dir, "assembly-"+env))
		var product, campaign, billing string
		nested := 0
		for k, v := range ts {
			if !strings.HasSuffix(k, ".nested.template.json") {
				continue
			}
			nested++
			switch {
			case strings.Contains(v, `"AWS::DataZone::DataSource"`):
				product = v
			case strings.Contains(v, `"Campaign Analytics"`):
				campaign = v
			case strings.Contains(v, `"Billing Audit"`):
				billing = v
			}
		}
		if nested != 3 {
			t.Errorf("%s: want 3 nested stacks (1 Master Data, 2 consumers), got %d", env, nested)
		}
		functions := 0
		for k, v := range ts {
			functions += strings.Count(v, `"Description": "smusmesh: returns the Lakehouse connection ID`)
			if strings.Contains(v, `"Type": "AWS::Lambda::Function"`) && strings.HasSuffix(k, ".nested.template.json") {
				t.Errorf("%s: a Lambda function in nested stack %s: the lookup provider belongs to the domain stack", env, k)
			}
		}
		if functions != 1 {
			t.Errorf("%s: %d Lambda functions, want the one lookup provider", env, functions)
		}
		account := settingsFor(env, def).DomainAccounts["energy"]
		// The data source's connection comes from the lookup on the first deploy; the
		// lookup's provider sits once in the domain stack and reaches the nested stack as
		// a parameter.
		for _, w := range []string{`"AWS::DataZone::FormType"`, `"AWS::Glue::DataQualityRuleset"`, `"crm-master-data-customers"`, `"CET"`,
			`"Type": "Custom::SmusmeshLakehouseConnection"`, `"ConnectionId"`, `"UserRoleArn"`, `"TableWildcard": {}`} {
			if !strings.Contains(product, w) {
				t.Errorf("%s: product template lacks %s", env, w)
			}
		}
		for _, w := range []string{`"AWS::LakeFormation::DataCellsFilter"`, `"ColumnNames"`, `"segment"`, `"campaign_analytics_customers"`,
			`"arn:aws:iam::` + account + `:role/campaign-analytics-project"`} {
			if !strings.Contains(campaign, w) {
				t.Errorf("%s: Campaign Analytics template lacks %s", env, w)
			}
		}
		if strings.Contains(campaign, `"email"`) {
			t.Errorf("%s: Campaign Analytics is granted the PII column", env)
		}
		for _, w := range []string{`"AWS::LakeFormation::DataCellsFilter"`, `"FilterExpression": "country = 'DE'"`, `"ColumnWildcard"`,
			`"arn:aws:iam::` + account + `:role/billing-audit-project"`} {
			if !strings.Contains(billing, w) {
				t.Errorf("%s: Billing Audit template lacks %s", env, w)
			}
		}
	}
	findings, err := cfnschema.ValidateAssembly(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range findings {
		if i < 20 {
			t.Errorf("schema: %s", f)
		}
	}
	if err := CheckLimits(dir); err != nil {
		t.Error(err)
	}
}

// TestMasterDataInvalid edits the fixture and expects each problem with file, line and
// path (Parse, then Validate).
func TestMasterDataInvalid(t *testing.T) {
	base := fixture(t, masterDataFixture)
	const md = "domains[energy].units[Sales].masterData[CRM]"
	cases := []struct {
		name, edit, with string
		want             []string
		err              error
	}{
		{"unknown key", "            profile: Analytics\n            dataOwners:", "            profile: Analytics\n            dataOwner: x\n            dataOwners:",
			[]string{`masterdata.yaml:23: ` + md + `.dataOwner: unknown key "dataOwner" (did you mean "dataOwners"?)`}, ErrUnknownKey},
		{"number for string", "              version: 1.0.0", "              version: 1.0",
			[]string{`masterdata.yaml:36: ` + md + `.contract.version: expected a string, got a number "1.0": quote it`}, ErrWrongType},
		{"string for number", "table: customers, min: 0}", "table: customers, min: zero}",
			[]string{md + `.contract.qualityRules[3].min: expected a number, got a string "zero"`}, ErrWrongType},
		{"map for list", "                domain: [sales]", "                domain: {sales: true}",
			[]string{`masterdata.yaml:44: ` + md + `.contract.tags[domain]: expected a list, got a map`}, ErrWrongType},
		{"missing required", "              database: crm\n", "",
			[]string{md + `.dataSource.database: required key "database" is missing`}, datamesh.ErrMissing},
		{"duplicate column", "{name: segment, type: string}", "{name: country, type: string}",
			[]string{`masterdata.yaml:54: ` + md + `.contract.tables[customers].columns[3].name: "country": duplicate column`}, datacontract.ErrDuplicate},
		{"unknown rule", "{rule: isPrimaryKey,", "{rule: isPrimary,",
			[]string{`masterdata.yaml:57: ` + md + `.contract.qualityRules[0].rule: unknown rule "isPrimary"`}, datamesh.ErrInvalidProps},
		{"rule without its field", "column: created_at, maxAge: 24h}", "column: created_at}",
			[]string{md + `.contract.qualityRules[2].maxAge: rule dataFreshness needs maxAge`}, datamesh.ErrMissing},
		{"rule on unknown column", "column: segment, values:", "column: tier, values:",
			[]string{md + `.contract.qualityRules[1].column: "tier": rule checks a column that is not in table customers`}, datacontract.ErrUnknownColumn},
		{"engineer who owns", "              - user: kim.engineer@example.com\n", "              - user: jane.doe@example.com\n",
			[]string{md + `.engineers[1]: "SSO_USER:jane.doe@example.com"`}, datamesh.ErrMemberConflict},
		{"bad schedule", "schedule: cron(0 2 * * ? *)", "schedule: daily",
			[]string{`masterdata.yaml:63: ` + md + `.dataSource.schedule: "daily"`}, datamesh.ErrInvalidProps},
		{"unknown profile", "            profile: Analytics\n            dataOwners:", "            profile: Nope\n            dataOwners:",
			[]string{md + `.profile: "Nope": invalid props: the domain has no profile of that name: use one of [Analytics]`}, datamesh.ErrInvalidProps},
		{"profile without the Lakehouse Database", "{blueprint: DataLake, deployment: ON_CREATE}", "{blueprint: DataLake}",
			[]string{md + `.profile: "Analytics": invalid props: the data source publishes through the Lakehouse connection that the DataLake (Lakehouse Database) environment creates: use a profile with preset SQLAnalytics, or add {blueprint: DataLake, deployment: ON_CREATE} to its environments`}, datamesh.ErrInvalidProps},
		{"required metadata", "              freshnessSla: 24h\n", "",
			[]string{`masterdata.yaml:35: ` + md + `.contract.freshnessSla: missing required prop: the governance standards require every data product to fill in freshnessSla`}, datamesh.ErrMissing},
		{"unknown product", "          - product: CRM Master Data\n            table: customers\n            rowFilter", "          - product: ERP Master Data\n            table: customers\n            rowFilter",
			[]string{`masterdata.yaml:83: domains[energy].projects[Billing Audit].reads[0].product: "ERP Master Data": invalid props: the domain has no Master Data project of that name: use one of [CRM Master Data]`}, datamesh.ErrInvalidProps},
		{"unknown read column", "columns: [customer_id, country, segment, created_at]", "columns: [customer_id, tier]",
			[]string{`masterdata.yaml:75: domains[energy].units[Marketing].projects[Campaign Analytics].reads[0].columns[1]: "tier": column is not in table customers`}, datacontract.ErrUnknownColumn},
		{"bad row filter", "rowFilter: country = 'DE'", "rowFilter: region = 'EU'",
			[]string{`domains[energy].projects[Billing Audit].reads[0].rowFilter`}, datacontract.ErrUnknownColumn},
		{"role as ARN", "role: billing-audit-project", "role: arn:aws:iam::111111111111:role/billing-audit-project",
			[]string{`domains[energy].projects[Billing Audit].reads[0].role: "arn:aws:iam::111111111111:role/billing-audit-project": write the role's name`}, datamesh.ErrInvalidProps},
		{"master data reads", "            dataSource:\n", "            reads: [{product: CRM Master Data, table: customers, role: crm}]\n            dataSource:\n",
			[]string{md + `.reads: Master Data projects publish, they do not consume`}, datamesh.ErrInvalidProps},
		{"duplicate source", "      - name: Marketing\n", "          - source: crm\n            profile: Analytics\n            dataOwners: [{group: x}]\n            contract: {name: Other, owner: o, freshnessSla: 1h, tables: [{name: t, columns: [{name: c, type: string}]}], qualityRules: [{rule: rowCountAbove, table: t, min: 0}]}\n            dataSource: {database: other}\n      - name: Marketing\n",
			[]string{`domains[energy].units[Sales].masterData[crm].source: "crm Master Data": duplicate: unit "Sales" already has a project of that name (` + md + `, masterdata.yaml:20)`}, datamesh.ErrDuplicate},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(base, c.edit) {
				t.Fatalf("fixture does not contain %q", c.edit)
			}
			_, err := Parse(masterDataFixture, []byte(strings.Replace(base, c.edit, c.with, 1)))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
			if !errors.Is(err, c.err) {
				t.Errorf("errors.Is(err, %v) is false: %v", c.err, err)
			}
		})
	}
}

// TestMasterDataGo covers the definition written in Go: problems with paths, and the end
// date of engineers from the settings.
func TestMasterDataGo(t *testing.T) {
	def := loadMasterData(t)
	md := def.Domains[0].Units[0].MasterData[0]
	md.Contract.Tables[0].Columns[3].Name = "Segment!"
	md.DataOwners = nil
	err := def.Validate()
	for _, w := range []string{
		"domains[energy].units[Sales].masterData[CRM].contract.tables[customers].columns[3].name: \"Segment!\": invalid column name",
		"domains[energy].units[Sales].masterData[CRM].dataOwners: missing required prop: name at least one permanent data owner",
	} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("problems do not contain %q:\n%v", w, err)
		}
	}
	def = loadMasterData(t)
	s := settingsFor("dev", def)
	s.TemporaryUntil = ""
	err = s.Validate("dev", def)
	if w := "domains[energy].units[Sales].masterData[CRM].engineers[0]: engineer without an end date"; err == nil || !strings.Contains(err.Error(), w) {
		t.Errorf("settings problems do not contain %q:\n%v", w, err)
	}
	if err != nil && strings.Contains(err.Error(), "engineers[1]") {
		t.Errorf("engineer with until reported: %v", err)
	}
}

func TestReadRoleArn(t *testing.T) {
	for region, want := range map[string]string{
		"eu-west-1":     "arn:aws:iam::111111111111:role/r",
		"cn-north-1":    "arn:aws-cn:iam::111111111111:role/r",
		"us-gov-west-1": "arn:aws-us-gov:iam::111111111111:role/r",
	} {
		if got := ReadRoleARN(region, "111111111111", "r"); got != want {
			t.Errorf("%s: %s, want %s", region, got, want)
		}
	}
}
