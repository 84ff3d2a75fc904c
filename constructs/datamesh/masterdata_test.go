package datamesh_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// crmCustomers is the contract of the CRM Master Data product.
func crmCustomers() *datacontract.Contract {
	return &datacontract.Contract{
		Name:    "CRM Customers",
		Version: "1.0.0",
		Owner:   "Head of Sales Operations",
		Steward: "crm-data-stewards",
		Schema: datacontract.Schema{Tables: []datacontract.Table{{
			Name:       "customers",
			PrimaryKey: []string{"customer_id"},
			Columns: []datacontract.Column{
				{Name: "customer_id", Type: "bigint"},
				{Name: "email", Type: "string", PII: datacontract.ClassificationPII, Nullable: true},
				{Name: "country", Type: "string"},
				{Name: "region", Type: "string"},
			},
		}, {
			Name:    "accounts",
			Columns: []datacontract.Column{{Name: "account_id", Type: "bigint"}, {Name: "customer_id", Type: "bigint"}},
		}}},
		QualityRules: []datacontract.Rule{
			datacontract.IsComplete("customers", "customer_id"),
			datacontract.IsUnique("customers", "customer_id"),
			datacontract.RowCountAbove("accounts", 0),
		},
		FreshnessSLA:   "24h",
		Retention:      "7y",
		Classification: datacontract.ClassificationPII,
		Tags:           map[string][]string{"domain": {"sales"}, "sensitivity": {"pii"}},
	}
}

// webAnalytics is the contract of the Website Analytics Master Data product.
func webAnalytics() *datacontract.Contract {
	return &datacontract.Contract{
		Name:  "Website Sessions",
		Owner: "Head of Digital",
		Schema: datacontract.Schema{Tables: []datacontract.Table{{
			Name:    "sessions",
			Columns: []datacontract.Column{{Name: "session_id", Type: "string"}, {Name: "started_at", Type: "timestamp"}, {Name: "country", Type: "string"}},
		}}},
		QualityRules: []datacontract.Rule{datacontract.IsUnique("sessions", "session_id")},
		FreshnessSLA: "1h",
		Tags:         map[string][]string{"domain": {"marketing"}},
	}
}

// mesh is one domain with the Sales and Marketing units.
type mesh struct {
	stack            awscdk.Stack
	domain           datamesh.BusinessDomain
	profile          datamesh.IProjectProfile
	sales, marketing datamesh.DomainUnit
}

func newMesh() *mesh {
	stack := newStack()
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	return &mesh{
		stack: stack, domain: d,
		profile:   datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics}),
		sales:     datamesh.NewDomainUnit(d, jsii.String("Sales"), &datamesh.DomainUnitProps{Parent: d, Name: "Sales"}),
		marketing: datamesh.NewDomainUnit(d, jsii.String("Marketing"), &datamesh.DomainUnitProps{Parent: d, Name: "Marketing"}),
	}
}

func (m *mesh) crmProps() *datamesh.MasterDataProjectProps {
	return &datamesh.MasterDataProjectProps{
		DomainUnit: m.sales,
		Source:     "CRM",
		Profile:    m.profile,
		DataOwners: []datamesh.Principal{datamesh.SSOUser("jane.doe@example.com")},
		Engineers: []*datamesh.Member{{Principal: datamesh.SSOUser("sam@example.com"),
			Temporary: &datamesh.Temporary{Until: "2099-12-31", Reason: "set up the CRM ingestion"}}},
		Members:  []*datamesh.Member{{Principal: datamesh.SSOGroup("crm-data-stewards"), Designation: datamesh.DesignationCatalogSteward}},
		Contract: crmCustomers(),
		DataSource: &datamesh.GlueDataSourceOptions{
			DatabaseName:         "crm",
			Exclude:              []string{"tmp_*"},
			Schedule:             "cron(0 2 * * ? *)",
			Timezone:             "EUROPE_PARIS",
			ConnectionIdentifier: "conn-0123456789",
		},
	}
}

func (m *mesh) webProps() *datamesh.MasterDataProjectProps {
	return &datamesh.MasterDataProjectProps{
		DomainUnit: m.marketing, Source: "Website Analytics", Profile: m.profile,
		DataOwners: []datamesh.Principal{datamesh.SSOGroup("digital-owners")},
		Contract:   webAnalytics(),
		DataSource: &datamesh.GlueDataSourceOptions{DatabaseName: "web"},
	}
}

func (m *mesh) consumer(id, name string, unit datamesh.IDomainUnitRef) datamesh.Project {
	return datamesh.NewProject(m.domain, jsii.String(id), &datamesh.ProjectProps{DomainUnit: unit, Name: name, Profile: m.profile})
}

func role(stack awscdk.Stack, id, name string) awsiam.IRole {
	return awsiam.Role_FromRoleArn(stack, jsii.String(id), jsii.String("arn:aws:iam::111111111111:role/"+name), nil)
}

func meta(r map[string]any) map[string]any {
	m, _ := r["Metadata"].(map[string]any)
	s, _ := m["smusmesh"].(map[string]any)
	return s
}

func TestMasterDataProjectRenders(t *testing.T) {
	m := newMesh()
	crm := datamesh.NewMasterDataProject(m.domain, jsii.String("CrmMasterData"), m.crmProps())
	if crm.ProjectName() != "CRM Master Data" || crm.Source() != "CRM" || crm.DatabaseName() != "crm" {
		t.Errorf("name %q source %q database %q", crm.ProjectName(), crm.Source(), crm.DatabaseName())
	}
	if got := len(crm.QualityRulesets()); got != 2 {
		t.Errorf("QualityRulesets has %d tables, want 2", got)
	}
	tpl, raw := template(t, m.stack)

	// The project carries what the DataMesh rules read.
	projects := resources(raw, "AWS::DataZone::Project")
	var found bool
	for _, p := range projects {
		if props(p)["Name"] != "CRM Master Data" {
			continue
		}
		found = true
		md := meta(p)
		if md["kind"] != "MasterDataProject" {
			t.Errorf("kind = %v", md["kind"])
		}
		mdm, _ := md["masterData"].(map[string]any)
		want := map[string]any{"source": "CRM", "owner": "Head of Sales Operations", "steward": "crm-data-stewards",
			"contract": "CRM Customers", "freshnessSla": "24h", "qualityRules": float64(3)}
		for k, v := range want {
			if mdm[k] != v {
				t.Errorf("masterData.%s = %v, want %v", k, mdm[k], v)
			}
		}
		if got := strings.Join(toStrings(mdm["contractFields"]), ","); got != "owner,steward,schema,qualityRules,freshnessSla,retention,classification" {
			t.Errorf("contractFields = %s", got)
		}
		if p["DeletionPolicy"] != "Retain" {
			t.Errorf("project DeletionPolicy = %v", p["DeletionPolicy"])
		}
	}
	if !found {
		t.Fatal("no project named CRM Master Data")
	}
	// Owners are owners, the engineer a temporary contributor, the steward a steward.
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::ProjectMembership"), map[string]any{
		"Designation": "PROJECT_OWNER", "Member": map[string]any{"UserIdentifier": "jane.doe@example.com"}})
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::ProjectMembership"), map[string]any{
		"Designation": "PROJECT_CONTRIBUTOR", "Member": map[string]any{"UserIdentifier": "sam@example.com"}})
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::ProjectMembership"), map[string]any{
		"Designation": "PROJECT_CATALOG_STEWARD", "Member": map[string]any{"GroupIdentifier": groupRef(t, raw, "crm-data-stewards")}})

	c := crmCustomers()
	content, err := c.FormContent()
	if err != nil {
		t.Fatal(err)
	}
	tpl.ResourceCountIs(jsii.String("AWS::DataZone::FormType"), jsii.Number(1))
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::FormType"), map[string]any{
		"Name":                    "DataContractCRMCustomers",
		"Model":                   map[string]any{"Smithy": c.FormModel()},
		"OwningProjectIdentifier": map[string]any{"Fn::GetAtt": assertions.Match_ArrayWith(&[]any{"Id"})},
		"Status":                  "ENABLED",
	})
	tpl.ResourceCountIs(jsii.String("AWS::DataZone::DataSource"), jsii.Number(1))
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::DataSource"), map[string]any{
		"Type":                 "GLUE",
		"Name":                 "CRM Master Data Glue",
		"ProjectIdentifier":    map[string]any{"Fn::GetAtt": assertions.Match_ArrayWith(&[]any{"Id"})},
		"DomainIdentifier":     map[string]any{"Fn::GetAtt": assertions.Match_ArrayWith(&[]any{"Id"})},
		"ConnectionIdentifier": "conn-0123456789",
		"PublishOnImport":      true,
		"EnableSetting":        "ENABLED",
		"Recommendation":       map[string]any{"EnableBusinessNameGeneration": true},
		"Schedule":             map[string]any{"Schedule": "cron(0 2 * * ? *)", "Timezone": "EUROPE_PARIS"},
		"Configuration": map[string]any{"GlueRunConfiguration": map[string]any{
			"AutoImportDataQualityResult": true,
			"RelationalFilterConfigurations": []any{map[string]any{
				"DatabaseName": "crm",
				"FilterExpressions": []any{
					map[string]any{"Expression": "customers", "Type": "INCLUDE"},
					map[string]any{"Expression": "accounts", "Type": "INCLUDE"},
					map[string]any{"Expression": "tmp_*", "Type": "EXCLUDE"},
				},
			}},
		}},
		"AssetFormsInput": []any{map[string]any{
			"FormName":       "DataContractCRMCustomers",
			"TypeIdentifier": map[string]any{"Fn::GetAtt": assertions.Match_ArrayWith(&[]any{"FormTypeIdentifier"})},
			"TypeRevision":   map[string]any{"Fn::GetAtt": assertions.Match_ArrayWith(&[]any{"Revision"})},
			"Content":        content,
		}},
	})
	tpl.ResourceCountIs(jsii.String("AWS::Glue::DataQualityRuleset"), jsii.Number(2))
	for _, table := range []string{"customers", "accounts"} {
		tpl.HasResourceProperties(jsii.String("AWS::Glue::DataQualityRuleset"), map[string]any{
			"Name":        "crm-master-data-" + table,
			"Ruleset":     c.DQDL(table),
			"TargetTable": map[string]any{"DatabaseName": "crm", "TableName": table},
		})
	}
	// The project and its memberships keep the logical IDs NewProject(scope, id) gives.
	plain := newMesh()
	p := m.crmProps()
	datamesh.NewProject(plain.domain, jsii.String("CrmMasterData"), &datamesh.ProjectProps{
		DomainUnit: plain.sales, Name: "CRM Master Data", Profile: plain.profile,
		Members: []*datamesh.Member{{Principal: p.DataOwners[0], Designation: datamesh.DesignationOwner}, p.Engineers[0], p.Members[0]},
	})
	_, plainRaw := template(t, plain.stack)
	for _, typ := range []string{"AWS::DataZone::Project", "AWS::DataZone::ProjectMembership"} {
		for id := range resources(plainRaw, typ) {
			if _, ok := resources(raw, typ)[id]; !ok {
				t.Errorf("%s %s of NewProject is not in the Master Data project's template", typ, id)
			}
		}
	}
	tpl.ResourceCountIs(jsii.String("AWS::LakeFormation::DataLakeSettings"), jsii.Number(0))
}

// getAtt matches {"Fn::GetAtt": [<logical ID of r>, attr]}.
func getAtt(t *testing.T, raw map[string]any, typ, attr string) map[string]any {
	t.Helper()
	ids := resources(raw, typ)
	if len(ids) != 1 {
		t.Fatalf("%d resources of type %s, want 1", len(ids), typ)
	}
	for id := range ids {
		return map[string]any{"Fn::GetAtt": []any{id, attr}}
	}
	return nil
}

// TestMasterDataProjectLooksUpItsConnection: without ConnectionIdentifier, the first synth
// already gives the data source its connection, from a lookup ordered after the project
// (and the lookup role's membership); the role the data source runs as gets the
// producer's Lake Formation permissions; nothing warns about a second deploy.
func TestMasterDataProjectLooksUpItsConnection(t *testing.T) {
	m := newMesh()
	web := datamesh.NewMasterDataProject(m.domain, jsii.String("Web"), m.webProps())
	if web.LakehouseConnection() == nil || len(web.PublisherGrants()) != 2 {
		t.Fatalf("LakehouseConnection %v, %d PublisherGrants", web.LakehouseConnection(), len(web.PublisherGrants()))
	}
	tpl, raw := template(t, m.stack)
	typ := "Custom::SmusmeshLakehouseConnection"
	lookups := resources(raw, typ)
	if len(lookups) != 1 {
		t.Fatalf("%d lookups, want 1", len(lookups))
	}
	var project, member string
	for id, r := range resources(raw, "AWS::DataZone::Project") {
		if props(r)["Name"] == "Website Analytics Master Data" {
			project = id
		}
	}
	for id, r := range resources(raw, "AWS::DataZone::ProjectMembership") {
		if strings.Contains(id, "LakehouseLookupMember") {
			member = id
			if props(r)["Designation"] != "PROJECT_OWNER" {
				t.Errorf("lookup membership = %v", props(r))
			}
		}
	}
	for id, l := range lookups {
		deps := toStrings(l["DependsOn"])
		if !slices.Contains(deps, project) || member == "" || !slices.Contains(deps, member) {
			t.Errorf("lookup %s DependsOn %v, want the project %s and the membership %s", id, deps, project, member)
		}
		p := props(l)
		if p["ConnectionName"] != datamesh.DefaultLakehouseConnectionName || p["ProjectName"] != "Website Analytics Master Data" {
			t.Errorf("lookup properties = %v", p)
		}
		if got, _ := json.Marshal(p["ProjectId"]); string(got) != `{"Fn::GetAtt":["`+project+`","Id"]}` {
			t.Errorf("lookup ProjectId = %s", got)
		}
	}
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::DataSource"), map[string]any{
		"ConnectionIdentifier": getAtt(t, raw, typ, "ConnectionId"),
	})
	// The producer's Lake Formation permissions, to the project's user role.
	role := getAtt(t, raw, typ, "UserRoleArn")
	tpl.HasResourceProperties(jsii.String("AWS::LakeFormation::PrincipalPermissions"), map[string]any{
		"Principal":                  map[string]any{"DataLakePrincipalIdentifier": role},
		"Resource":                   map[string]any{"Database": map[string]any{"CatalogId": testAccount, "Name": "web"}},
		"Permissions":                []any{"DESCRIBE"},
		"PermissionsWithGrantOption": []any{"DESCRIBE"},
	})
	tpl.HasResourceProperties(jsii.String("AWS::LakeFormation::PrincipalPermissions"), map[string]any{
		"Principal":                  map[string]any{"DataLakePrincipalIdentifier": role},
		"Resource":                   map[string]any{"Table": map[string]any{"CatalogId": testAccount, "DatabaseName": "web", "TableWildcard": map[string]any{}}},
		"Permissions":                []any{"SELECT", "DESCRIBE"},
		"PermissionsWithGrantOption": []any{"SELECT", "DESCRIBE"},
	})
	// The provider: latest Python, own log group, DataZone reads on this domain only.
	tpl.HasResourceProperties(jsii.String("AWS::Lambda::Function"), map[string]any{
		"Runtime": "python3.14", "Timeout": float64(900),
		"LoggingConfig": map[string]any{"LogGroup": map[string]any{"Ref": assertions.Match_AnyValue()}},
	})
	// The role's one inline policy (no managed policy, like every provider's).
	tpl.HasResourceProperties(jsii.String("AWS::IAM::Role"), map[string]any{
		"Policies": assertions.Match_ArrayWith(&[]any{map[string]any{
			"PolicyName": "LakehouseLookup",
			"PolicyDocument": assertions.Match_ObjectLike(&map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{map[string]any{
				"Action": []any{"datazone:ListConnections", "datazone:GetConnection", "datazone:ListEnvironments", "datazone:GetEnvironment"},
				"Effect": "Allow",
				"Resource": map[string]any{"Fn::Join": []any{"", assertions.Match_ArrayWith(&[]any{
					assertions.Match_StringLikeRegexp(jsii.String(":datazone:eu-west-1:111111111111:domain/$")),
					map[string]any{"Fn::GetAtt": assertions.Match_ArrayWith(&[]any{"Id"})}})}},
			}})}),
		}}),
	})
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::UserProfile"), map[string]any{
		"UserType": "IAM_ROLE", "UserIdentifier": map[string]any{"Fn::GetAtt": assertions.Match_ArrayWith(&[]any{"Arn"})}})
	if w := assertions.Annotations_FromStack(m.stack).FindWarning(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("ConnectionIdentifier|deploy again"))); len(*w) > 0 {
		t.Errorf("second-deploy warning still there: %v", *w)
	}

	// A second Master Data project of the domain reuses the provider.
	m2 := newMesh()
	datamesh.NewMasterDataProject(m2.domain, jsii.String("Web"), m2.webProps())
	crm := m2.crmProps()
	crm.DataSource.ConnectionIdentifier = ""
	datamesh.NewMasterDataProject(m2.domain, jsii.String("Crm"), crm)
	tpl2, _ := template(t, m2.stack)
	// One Lakehouse lookup function (the other function resolves group names).
	tpl2.ResourcePropertiesCountIs(jsii.String("AWS::Lambda::Function"), &map[string]any{
		"Description": "smusmesh: returns the Lakehouse connection ID and user role of a Master Data project once its environments have created them",
	}, jsii.Number(1))
	tpl2.ResourceCountIs(jsii.String("AWS::DataZone::UserProfile"), jsii.Number(4)) // jane, sam, the lookup role and the grant provider's role
	tpl2.ResourceCountIs(jsii.String(typ), jsii.Number(2))
}

// TestMasterDataProjectWithItsOwnConnection: an explicit ConnectionIdentifier needs no
// lookup; the Lake Formation permissions go to the DataAccessRole when there is one.
func TestMasterDataProjectWithItsOwnConnection(t *testing.T) {
	for _, withRole := range []bool{false, true} {
		m := newMesh()
		p := m.crmProps()
		if withRole {
			p.DataSource.DataAccessRole = role(m.stack, "Access", "crm-publisher")
		}
		crm := datamesh.NewMasterDataProject(m.domain, jsii.String("Crm"), p)
		tpl, _ := template(t, m.stack)
		if crm.LakehouseConnection() != nil {
			t.Error("lookup despite an explicit ConnectionIdentifier")
		}
		tpl.ResourceCountIs(jsii.String("Custom::SmusmeshLakehouseConnection"), jsii.Number(0))
		tpl.ResourcePropertiesCountIs(jsii.String("AWS::Lambda::Function"), &map[string]any{
			"Description": "smusmesh: returns the Lakehouse connection ID and user role of a Master Data project once its environments have created them",
		}, jsii.Number(0))
		tpl.HasResourceProperties(jsii.String("AWS::DataZone::DataSource"), map[string]any{"ConnectionIdentifier": "conn-0123456789"})
		if !withRole {
			tpl.ResourceCountIs(jsii.String("AWS::LakeFormation::PrincipalPermissions"), jsii.Number(0))
			continue
		}
		tpl.ResourceCountIs(jsii.String("AWS::LakeFormation::PrincipalPermissions"), jsii.Number(2))
		tpl.HasResourceProperties(jsii.String("AWS::LakeFormation::PrincipalPermissions"), map[string]any{
			"Principal":                  map[string]any{"DataLakePrincipalIdentifier": "arn:aws:iam::111111111111:role/crm-publisher"},
			"Resource":                   map[string]any{"Table": map[string]any{"CatalogId": testAccount, "DatabaseName": "crm", "TableWildcard": map[string]any{}}},
			"PermissionsWithGrantOption": []any{"SELECT", "DESCRIBE"},
		})
	}
}

// TestMasterDataProjectNeedsTheLakehouseDatabase: the lookup waits for the connection the
// DataLake environment creates, so the profile must deploy it ON_CREATE.
func TestMasterDataProjectNeedsTheLakehouseDatabase(t *testing.T) {
	m := newMesh()
	tooling := datamesh.NewProjectProfile(m.domain, jsii.String("ToolingOnly"), &datamesh.ProjectProfileProps{Domain: m.domain, Name: "Tooling only"})
	onDemand := datamesh.NewProjectProfile(m.domain, jsii.String("OnDemand"), &datamesh.ProjectProfileProps{Domain: m.domain, Name: "On demand",
		Environments: []*datamesh.EnvironmentConfiguration{{Blueprint: datamesh.BlueprintDataLake}}})
	onCreate := datamesh.NewProjectProfile(m.domain, jsii.String("OnCreate"), &datamesh.ProjectProfileProps{Domain: m.domain, Name: "On create",
		Environments: []*datamesh.EnvironmentConfiguration{{Blueprint: datamesh.BlueprintDataLake, DeploymentMode: datamesh.DeploymentOnCreate}}})
	for _, c := range []struct {
		profile datamesh.IProjectProfile
		conn    bool
		ok      bool
	}{
		{m.profile, false, true}, {onCreate, false, true}, {tooling, false, false}, {onDemand, false, false},
		{tooling, true, true}, // an explicit connection needs no Lakehouse Database
	} {
		p := m.webProps()
		p.Profile = c.profile
		if c.conn {
			p.DataSource.ConnectionIdentifier = "conn-1"
		}
		err := p.Validate()
		var prob *problem.Problem
		switch {
		case c.ok && err != nil:
			t.Errorf("%s: %v", c.profile.ProfileName(), err)
		case !c.ok && (!errors.Is(err, datamesh.ErrInvalidProps) || !errors.As(err, &prob) || prob.Field != "Profile" || !strings.Contains(prob.Fix, "BlueprintDataLake, DeploymentMode: DeploymentOnCreate")):
			t.Errorf("%s: err = %v, want a Profile problem with the fix", c.profile.ProfileName(), err)
		}
	}
	if !(&datamesh.ProjectProfileProps{Preset: datamesh.PresetSQLAnalytics}).DeploysOnCreate(datamesh.BlueprintDataLake) {
		t.Error("the SQL analytics preset does not deploy DataLake ON_CREATE")
	}
	_, raw := template(t, m.stack)
	for _, pp := range resources(raw, "AWS::DataZone::ProjectProfile") {
		if props(pp)["Name"] != "SQL" {
			continue
		}
		for _, e := range props(pp)["EnvironmentConfigurations"].([]any) {
			ec := e.(map[string]any)
			want := map[string]any{"Tooling": "ON_CREATE", "DataLake": "ON_CREATE", "LakehouseCatalog": "ON_DEMAND", "RedshiftServerless": "ON_DEMAND"}[ec["Name"].(string)]
			if ec["DeploymentMode"] != want {
				t.Errorf("SQL analytics %s is %v, want %v", ec["Name"], ec["DeploymentMode"], want)
			}
			if ec["Name"] == "DataLake" && ec["DeploymentOrder"] != float64(1) {
				t.Errorf("SQL analytics DataLake order = %v, want 1", ec["DeploymentOrder"])
			}
		}
	}
}

func TestMasterDataProjectInvalid(t *testing.T) {
	m := newMesh()
	crm := datamesh.NewMasterDataProject(m.domain, jsii.String("Crm"), m.crmProps())
	sales := m.consumer("SalesPipeline", "Sales Pipeline", m.sales)
	salesRole := role(m.stack, "SalesRole", "SalesPipeline")

	// Validate reports what the constructor would refuse, a project name the unit already
	// has included: the cases use another source than the CRM project built above.
	finance := m.consumer("Finance", "Finance Reports", m.sales)
	datamesh.NewDataProductAccess(finance, jsii.String("ReadsCountry"), &datamesh.DataProductAccessProps{
		Consumer: finance, ConsumerRole: salesRole, Product: crm, Table: "customers", Columns: []string{"customer_id", "country"},
	})
	mdp := func(f func(p *datamesh.MasterDataProjectProps)) interface{ Validate() error } {
		p := m.crmProps()
		p.Source = "Billing"
		f(p)
		return p
	}
	access := func(f func(p *datamesh.DataProductAccessProps)) interface{ Validate() error } {
		p := &datamesh.DataProductAccessProps{Consumer: sales, ConsumerRole: salesRole, Product: crm, Table: "customers"}
		f(p)
		return p
	}
	cases := []struct {
		name      string
		props     interface{ Validate() error }
		sentinels []error
		field     string
	}{
		{"duplicate columns", mdp(func(p *datamesh.MasterDataProjectProps) { p.Contract.Schema.Tables[0].Columns[3].Name = "email" }),
			[]error{datamesh.ErrInvalidContract, datacontract.ErrDuplicate, datamesh.ErrInvalidProps}, "Contract.schema.tables[customers].columns[3].name"},
		{"rule on unknown column", mdp(func(p *datamesh.MasterDataProjectProps) {
			p.Contract.QualityRules = append(p.Contract.QualityRules, datacontract.IsComplete("customers", "mail"))
		}), []error{datamesh.ErrInvalidContract, datacontract.ErrUnknownColumn}, "Contract.qualityRules[3].column"},
		{"SLA does not parse", mdp(func(p *datamesh.MasterDataProjectProps) { p.Contract.FreshnessSLA = "daily" }),
			[]error{datamesh.ErrInvalidContract, datacontract.ErrInvalidDuration}, "Contract.freshnessSla"},
		{"required field missing", mdp(func(p *datamesh.MasterDataProjectProps) { p.Contract.FreshnessSLA = "" }),
			[]error{datamesh.ErrMissing}, "Contract.freshnessSla"},
		{"no contract", mdp(func(p *datamesh.MasterDataProjectProps) { p.Contract = nil }), []error{datamesh.ErrMissing}, "Contract"},
		{"no source", mdp(func(p *datamesh.MasterDataProjectProps) { p.Source = "" }), []error{datamesh.ErrMissing}, "Source"},
		{"no data owner", mdp(func(p *datamesh.MasterDataProjectProps) { p.DataOwners = nil }), []error{datamesh.ErrMissing}, "DataOwners"},
		{"engineer not temporary", mdp(func(p *datamesh.MasterDataProjectProps) { p.Engineers[0].Temporary = nil }),
			[]error{datamesh.ErrNotTemporary, datamesh.ErrInvalidProps}, "Engineers[0].Temporary"},
		{"data owner also engineer", mdp(func(p *datamesh.MasterDataProjectProps) {
			p.Engineers = append(p.Engineers, &datamesh.Member{Principal: p.DataOwners[0], Temporary: &datamesh.Temporary{Until: "2099-01-01"}})
		}), []error{datamesh.ErrMemberConflict}, "Engineers[1]"},
		{"include matches no contract table", mdp(func(p *datamesh.MasterDataProjectProps) {
			p.DataSource.Include = []string{"customers", "accounts", "custmers_*"}
		}),
			[]error{datamesh.ErrUnmatched}, "DataSource.Include[2]"},
		{"contract table not included", mdp(func(p *datamesh.MasterDataProjectProps) { p.DataSource.Include = []string{"cust*"} }),
			[]error{datamesh.ErrUnmatched}, "DataSource.Include"},
		{"exclude names no table", mdp(func(p *datamesh.MasterDataProjectProps) { p.DataSource.Exclude = []string{"custmers"} }),
			[]error{datamesh.ErrUnmatched}, "DataSource.Exclude[0]"},
		{"exclude removes a contract table", mdp(func(p *datamesh.MasterDataProjectProps) { p.DataSource.Exclude = []string{"CUST*"} }),
			[]error{datamesh.ErrUnmatched}, "DataSource.Exclude[0]"},
		{"schedule not cron", mdp(func(p *datamesh.MasterDataProjectProps) { p.DataSource.Schedule = "daily" }),
			[]error{datamesh.ErrInvalidProps}, "DataSource.Schedule"},
		{"unknown timezone", mdp(func(p *datamesh.MasterDataProjectProps) { p.DataSource.Timezone = "EUROPE_BERLIN" }),
			[]error{datamesh.ErrInvalidProps}, "DataSource.Timezone"},
		{"no database", mdp(func(p *datamesh.MasterDataProjectProps) { p.DataSource.DatabaseName = "" }),
			[]error{datamesh.ErrMissing}, "DataSource.DatabaseName"},
		{"filter on a column not in the schema", access(func(p *datamesh.DataProductAccessProps) { p.RowFilter = "regio = 'EU'" }),
			[]error{datamesh.ErrInvalidAccess, datacontract.ErrUnknownColumn}, "RowFilter"},
		{"unknown column", access(func(p *datamesh.DataProductAccessProps) { p.Columns = []string{"customer_id", "mail"} }),
			[]error{datamesh.ErrInvalidAccess, datacontract.ErrUnknownColumn}, "Columns[1]"},
		{"unknown table", access(func(p *datamesh.DataProductAccessProps) { p.Table = "orders" }),
			[]error{datamesh.ErrInvalidAccess, datacontract.ErrUnknownTable}, "Table"},
		{"unknown tag", access(func(p *datamesh.DataProductAccessProps) {
			p.Table = ""
			p.TagExpression = map[string][]string{"domain": {"finance"}}
		}), []error{datamesh.ErrInvalidAccess, datacontract.ErrUnknownTag}, "TagExpression[domain][0]"},
		{"write permission", access(func(p *datamesh.DataProductAccessProps) {
			p.Permissions = []datamesh.LakeFormationPermission{"INSERT"}
		}), []error{datamesh.ErrInvalidProps}, "Permissions[0]"},
		{"tag expression with columns", access(func(p *datamesh.DataProductAccessProps) {
			p.Columns = []string{"customer_id"}
			p.TagExpression = map[string][]string{"domain": {"sales"}}
		}), []error{datamesh.ErrInvalidProps}, "TagExpression"},
		{"no role", access(func(p *datamesh.DataProductAccessProps) { p.ConsumerRole = nil }), []error{datamesh.ErrMissing}, "ConsumerRole"},
		{"project name taken in the unit", mdp(func(p *datamesh.MasterDataProjectProps) { p.Source = "CRM" }),
			[]error{datamesh.ErrDuplicate}, "Source"},
		{"second filtered read of a table", access(func(p *datamesh.DataProductAccessProps) {
			p.Consumer, p.RowFilter = finance, "country = 'DE'"
		}),
			[]error{datamesh.ErrDuplicate}, "Table"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.props.Validate()
			if err == nil {
				t.Fatal("Validate() = nil")
			}
			for _, s := range tc.sentinels {
				if !errors.Is(err, s) {
					t.Errorf("errors.Is(err, %v) = false: %v", s, err)
				}
			}
			if !strings.Contains(err.Error(), tc.field+` "`) && !strings.Contains(err.Error(), tc.field+":") {
				t.Errorf("message does not name %s: %v", tc.field, err)
			}
			if n := len(problem.All(err)); n != 1 {
				t.Errorf("got %d problems, want 1: %v", n, err)
			}
		})
	}
	// The constructor panics with the same problems and the construct path.
	err := build(func() {
		p := m.crmProps()
		p.Source = "ERP"
		p.Contract.FreshnessSLA = "daily"
		p.Engineers[0].Temporary = nil
		datamesh.NewMasterDataProject(m.domain, jsii.String("Erp"), p)
	})
	if !errors.Is(err, datacontract.ErrInvalidDuration) || !errors.Is(err, datamesh.ErrNotTemporary) || !strings.Contains(err.Error(), `MasterDataProject "Mesh/Corp/Erp"`) {
		t.Errorf("constructor error = %v", err)
	}
	// Two filtered accesses of one consumer to one table would share a filter name.
	filtered := func(id string) {
		datamesh.NewDataProductAccess(m.stack, jsii.String(id), &datamesh.DataProductAccessProps{
			Consumer: sales, ConsumerRole: salesRole, Product: crm, Table: "customers", Columns: []string{"customer_id"}})
	}
	if err := build(func() { filtered("First") }); err != nil {
		t.Fatal(err)
	}
	if err := build(func() { filtered("Second") }); !errors.Is(err, datamesh.ErrDuplicate) || !strings.Contains(err.Error(), "Mesh/First") {
		t.Errorf("second filtered access: %v", err)
	}
}

// grant is one PrincipalPermissions: who, on what.
type grant struct {
	id, principal, resource string
	permissions             []string
}

// consumer grants only: the producer's own grants (PublisherDatabase, PublisherTables)
// are checked by TestMasterDataProjectLooksUpItsConnection.
func grants(t *testing.T, raw map[string]any) []grant {
	t.Helper()
	var out []grant
	for id, r := range resources(raw, "AWS::LakeFormation::PrincipalPermissions") {
		if strings.Contains(id, "Publisher") {
			continue
		}
		p := props(r)
		principal, _ := json.Marshal(p["Principal"])
		resource, _ := json.Marshal(p["Resource"])
		if got, _ := json.Marshal(p["PermissionsWithGrantOption"]); string(got) != "[]" {
			t.Errorf("%s: PermissionsWithGrantOption = %s, want []", id, got)
		}
		out = append(out, grant{id, string(principal), string(resource), toStrings(p["Permissions"])})
	}
	return out
}

// TestConsumersReadOnlyWhatTheyDeclare: in one domain, Sales reads CRM Master Data and
// Marketing reads Website Analytics; neither is granted the other's tables. A consumer
// with a row filter gets a DataCellsFilter and no table-wide SELECT.
func TestConsumersReadOnlyWhatTheyDeclare(t *testing.T) {
	m := newMesh()
	crm := datamesh.NewMasterDataProject(m.domain, jsii.String("Crm"), m.crmProps())
	web := datamesh.NewMasterDataProject(m.domain, jsii.String("Web"), m.webProps())
	sales := m.consumer("SalesPipeline", "Sales Pipeline", m.sales)
	campaigns := m.consumer("CampaignAnalytics", "Campaign Analytics", m.marketing)
	emea := m.consumer("EmeaReporting", "EMEA Reporting", m.sales)
	salesRole, campaignsRole, emeaRole := role(m.stack, "SalesRole", "SalesPipeline"), role(m.stack, "CampaignsRole", "CampaignAnalytics"), role(m.stack, "EmeaRole", "EmeaReporting")

	datamesh.NewDataProductAccess(m.stack, jsii.String("SalesReadsCustomers"), &datamesh.DataProductAccessProps{
		Consumer: sales, ConsumerRole: salesRole, Product: crm, Table: "customers"})
	datamesh.NewDataProductAccess(m.stack, jsii.String("CampaignsReadSessions"), &datamesh.DataProductAccessProps{
		Consumer: campaigns, ConsumerRole: campaignsRole, Product: web, Table: "sessions"})
	emeaAccess := datamesh.NewDataProductAccess(m.stack, jsii.String("EmeaReadsCustomers"), &datamesh.DataProductAccessProps{
		Consumer: emea, ConsumerRole: emeaRole, Product: crm, Table: "customers",
		Columns: []string{"customer_id", "country"}, RowFilter: "region = 'EMEA'"})
	if emeaAccess.CellsFilter() == nil {
		t.Error("filtered access has no CellsFilter")
	}
	if got := strings.Join(crm.Consumers(), ","); got != "Sales Pipeline,EMEA Reporting" {
		t.Errorf("crm.Consumers() = %s", got)
	}
	if got := strings.Join(web.Consumers(), ","); got != "Campaign Analytics" {
		t.Errorf("web.Consumers() = %s", got)
	}

	tpl, raw := template(t, m.stack)
	roleArn := func(name string) string { return "arn:aws:iam::111111111111:role/" + name }
	byRole := map[string][]grant{}
	for _, g := range grants(t, raw) {
		for _, n := range []string{"SalesPipeline", "CampaignAnalytics", "EmeaReporting"} {
			if strings.Contains(g.principal, `"`+roleArn(n)+`"`) {
				byRole[n] = append(byRole[n], g)
			}
		}
	}
	if total := len(byRole["SalesPipeline"]) + len(byRole["CampaignAnalytics"]) + len(byRole["EmeaReporting"]); total != len(grants(t, raw)) {
		t.Errorf("%d grants to unknown principals", len(grants(t, raw))-total)
	}
	check := func(who, db string, others []string) {
		if len(byRole[who]) != 2 {
			t.Errorf("%s has %d grants, want 2 (the table or filter, DESCRIBE on the database): %+v", who, len(byRole[who]), byRole[who])
		}
		for _, g := range byRole[who] {
			if !strings.Contains(g.resource, `"DatabaseName":"`+db+`"`) && !strings.Contains(g.resource, `"Database":{"CatalogId":"111111111111","Name":"`+db+`"}`) {
				t.Errorf("%s is granted outside database %s: %s", who, db, g.resource)
			}
			for _, o := range others {
				if strings.Contains(g.resource, `"`+o+`"`) {
					t.Errorf("%s is granted %s: %s", who, o, g.resource)
				}
			}
			for _, p := range g.permissions {
				if p != "SELECT" && p != "DESCRIBE" {
					t.Errorf("%s is granted %s", who, p)
				}
			}
		}
	}
	check("SalesPipeline", "crm", []string{"web", "sessions"})
	check("CampaignAnalytics", "web", []string{"crm", "customers"})
	check("EmeaReporting", "crm", []string{"web", "sessions"})

	// The filtered consumer: a DataCellsFilter, a grant on it, no table-wide grant.
	tpl.ResourceCountIs(jsii.String("AWS::LakeFormation::DataCellsFilter"), jsii.Number(1))
	tpl.HasResourceProperties(jsii.String("AWS::LakeFormation::DataCellsFilter"), map[string]any{
		"TableCatalogId": "111111111111", "DatabaseName": "crm", "TableName": "customers", "Name": "emea_reporting_customers",
		"RowFilter": map[string]any{"FilterExpression": "region = 'EMEA'"}, "ColumnNames": []any{"customer_id", "country"},
	})
	for _, g := range byRole["EmeaReporting"] {
		if strings.Contains(g.resource, `"Table"`) {
			t.Errorf("filtered consumer has a table-wide grant: %s", g.resource)
		}
	}
	tpl.HasResourceProperties(jsii.String("AWS::LakeFormation::PrincipalPermissions"), map[string]any{
		"Principal": map[string]any{"DataLakePrincipalIdentifier": roleArn("EmeaReporting")},
		"Resource": map[string]any{"DataCellsFilter": map[string]any{
			"TableCatalogId": "111111111111", "DatabaseName": "crm", "TableName": "customers", "Name": "emea_reporting_customers"}},
		"Permissions": []any{"SELECT", "DESCRIBE"},
	})
	tpl.HasResourceProperties(jsii.String("AWS::LakeFormation::PrincipalPermissions"), map[string]any{
		"Principal":   map[string]any{"DataLakePrincipalIdentifier": roleArn("SalesPipeline")},
		"Resource":    map[string]any{"Table": map[string]any{"CatalogId": "111111111111", "DatabaseName": "crm", "Name": "customers"}},
		"Permissions": []any{"SELECT", "DESCRIBE"},
	})
	tpl.HasResourceProperties(jsii.String("AWS::LakeFormation::PrincipalPermissions"), map[string]any{
		"Principal":   map[string]any{"DataLakePrincipalIdentifier": roleArn("SalesPipeline")},
		"Resource":    map[string]any{"Database": map[string]any{"CatalogId": "111111111111", "Name": "crm"}},
		"Permissions": []any{"DESCRIBE"},
	})
	// Lineage on the consumers' projects.
	for _, p := range resources(raw, "AWS::DataZone::Project") {
		name, _ := props(p)["Name"].(string)
		consumes := strings.Join(toStrings(meta(p)["consumes"]), ",")
		want := map[string]string{"Sales Pipeline": "CRM Master Data", "EMEA Reporting": "CRM Master Data", "Campaign Analytics": "Website Analytics Master Data"}[name]
		if consumes != want {
			t.Errorf("%s consumes %q, want %q", name, consumes, want)
		}
	}
	tpl.ResourceCountIs(jsii.String("AWS::LakeFormation::DataLakeSettings"), jsii.Number(0))
}

// TestAddingAConsumerChangesNothingElse: a second consumer leaves every logical ID and
// every property of the first consumer's resources as they were.
func TestAddingAConsumerChangesNothingElse(t *testing.T) {
	synth := func(second bool) map[string]any {
		m := newMesh()
		crm := datamesh.NewMasterDataProject(m.domain, jsii.String("Crm"), m.crmProps())
		sales := m.consumer("SalesPipeline", "Sales Pipeline", m.sales)
		datamesh.NewDataProductAccess(m.stack, jsii.String("SalesReadsCustomers"), &datamesh.DataProductAccessProps{
			Consumer: sales, ConsumerRole: role(m.stack, "SalesRole", "SalesPipeline"), Product: crm,
			Table: "customers", Columns: []string{"customer_id", "country"}})
		if second {
			campaigns := m.consumer("CampaignAnalytics", "Campaign Analytics", m.marketing)
			datamesh.NewDataProductAccess(m.stack, jsii.String("CampaignsReadCustomers"), &datamesh.DataProductAccessProps{
				Consumer: campaigns, ConsumerRole: role(m.stack, "CampaignsRole", "CampaignAnalytics"), Product: crm,
				Table: "customers", RowFilter: "country = 'DE'"})
		}
		_, raw := template(t, m.stack)
		return raw["Resources"].(map[string]any)
	}
	before, after := synth(false), synth(true)
	if len(after) <= len(before) {
		t.Fatalf("second consumer added no resources (%d, %d)", len(before), len(after))
	}
	for id, r := range before {
		a, ok := after[id]
		if !ok {
			t.Errorf("logical ID %s is gone after adding a consumer", id)
			continue
		}
		b1, _ := json.Marshal(r)
		b2, _ := json.Marshal(a)
		if string(b1) != string(b2) {
			t.Errorf("%s changed after adding a consumer:\n%s\n%s", id, b1, b2)
		}
	}
}

func TestTagBasedAccess(t *testing.T) {
	m := newMesh()
	crm := datamesh.NewMasterDataProject(m.domain, jsii.String("Crm"), m.crmProps())
	web := datamesh.NewMasterDataProject(m.domain, jsii.String("Web"), m.webProps())
	sales := m.consumer("SalesPipeline", "Sales Pipeline", m.sales)
	campaigns := m.consumer("CampaignAnalytics", "Campaign Analytics", m.marketing)
	datamesh.NewDataProductAccess(m.stack, jsii.String("SalesBySalesTag"), &datamesh.DataProductAccessProps{
		Consumer: sales, ConsumerRole: role(m.stack, "SalesRole", "SalesPipeline"), Product: crm,
		TagExpression: map[string][]string{"domain": {"sales"}}})
	datamesh.NewDataProductAccess(m.stack, jsii.String("CampaignsByMarketingTag"), &datamesh.DataProductAccessProps{
		Consumer: campaigns, ConsumerRole: role(m.stack, "CampaignsRole", "CampaignAnalytics"), Product: web,
		TagExpression: map[string][]string{"domain": {"marketing"}}})
	tpl, _ := template(t, m.stack)

	// One tag per key in the stack, with every product's values.
	tpl.ResourceCountIs(jsii.String("AWS::LakeFormation::Tag"), jsii.Number(2))
	tpl.HasResourceProperties(jsii.String("AWS::LakeFormation::Tag"), map[string]any{"TagKey": "domain", "TagValues": []any{"marketing", "sales"}})
	tpl.HasResourceProperties(jsii.String("AWS::LakeFormation::Tag"), map[string]any{"TagKey": "sensitivity", "TagValues": []any{"pii"}})
	// Each product's tables carry its tags: customers, accounts, sessions.
	tpl.ResourceCountIs(jsii.String("AWS::LakeFormation::TagAssociation"), jsii.Number(3))
	tpl.HasResourceProperties(jsii.String("AWS::LakeFormation::TagAssociation"), map[string]any{
		"Resource": map[string]any{"Table": map[string]any{"CatalogId": "111111111111", "DatabaseName": "crm", "Name": "customers"}},
		"LFTags": []any{
			map[string]any{"CatalogId": "111111111111", "TagKey": "domain", "TagValues": []any{"sales"}},
			map[string]any{"CatalogId": "111111111111", "TagKey": "sensitivity", "TagValues": []any{"pii"}},
		},
	})
	tpl.HasResourceProperties(jsii.String("AWS::LakeFormation::PrincipalPermissions"), map[string]any{
		"Principal": map[string]any{"DataLakePrincipalIdentifier": "arn:aws:iam::111111111111:role/SalesPipeline"},
		"Resource": map[string]any{"LFTagPolicy": map[string]any{
			"CatalogId": "111111111111", "ResourceType": "TABLE",
			"Expression": []any{map[string]any{"TagKey": "domain", "TagValues": []any{"sales"}}}}},
		"Permissions":                []any{"SELECT", "DESCRIBE"},
		"PermissionsWithGrantOption": []any{},
	})
	tpl.ResourceCountIs(jsii.String("AWS::LakeFormation::DataLakeSettings"), jsii.Number(0))
}

func TestMasterDataConsumerWarns(t *testing.T) {
	m := newMesh()
	crm := datamesh.NewMasterDataProject(m.domain, jsii.String("Crm"), m.crmProps())
	web := datamesh.NewMasterDataProject(m.domain, jsii.String("Web"), m.webProps())
	datamesh.NewDataProductAccess(m.stack, jsii.String("WebReadsCrm"), &datamesh.DataProductAccessProps{
		Consumer: web, ConsumerRole: role(m.stack, "WebRole", "Web"), Product: crm, Table: "customers"})
	assertions.Annotations_FromStack(m.stack).HasWarning(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("Master Data projects do not consume")))
	_, raw := template(t, m.stack)
	for _, p := range resources(raw, "AWS::DataZone::Project") {
		if props(p)["Name"] == "Website Analytics Master Data" {
			if got := strings.Join(toStrings(meta(p)["consumes"]), ","); got != "CRM Master Data" {
				t.Errorf("consumes = %q", got)
			}
		}
	}
}

// TestMasterDataProjectInImportedDomain: the lookup's provider and its user profile are
// created in the importing stack (the role is new even where the domain is not).
func TestMasterDataProjectInImportedDomain(t *testing.T) {
	stack := newStack()
	d := datamesh.BusinessDomainFromAttributes(stack, jsii.String("Existing"), &datamesh.BusinessDomainAttributes{
		DomainID: "dzd_abc123", RootDomainUnitID: "root123", DomainName: "existing",
		BlueprintIDs: map[datamesh.Blueprint]*string{datamesh.BlueprintTooling: jsii.String("bp1234"), datamesh.BlueprintDataLake: jsii.String("bp5678")},
	})
	prof := datamesh.NewProjectProfile(stack, jsii.String("Lake"), &datamesh.ProjectProfileProps{Domain: d, Name: "Lake",
		Environments: []*datamesh.EnvironmentConfiguration{{Blueprint: datamesh.BlueprintDataLake, DeploymentMode: datamesh.DeploymentOnCreate}}})
	datamesh.NewMasterDataProject(stack, jsii.String("Web"), &datamesh.MasterDataProjectProps{
		DomainUnit: d, Source: "Website Analytics", Profile: prof,
		DataOwners: []datamesh.Principal{datamesh.SSOGroup("a1b2c3d4-5678-90ab-cdef-111111111111") /* imported domains take group IDs */},
		Contract:   webAnalytics(), DataSource: &datamesh.GlueDataSourceOptions{DatabaseName: "web"},
	})
	tpl, raw := template(t, stack)
	tpl.ResourceCountIs(jsii.String("Custom::SmusmeshLakehouseConnection"), jsii.Number(1))
	tpl.HasResourceProperties(jsii.String("Custom::SmusmeshLakehouseConnection"), map[string]any{"DomainId": "dzd_abc123"})
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::UserProfile"), map[string]any{"DomainIdentifier": "dzd_abc123", "UserType": "IAM_ROLE"})
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::DataSource"), map[string]any{
		"ConnectionIdentifier": getAtt(t, raw, "Custom::SmusmeshLakehouseConnection", "ConnectionId")})
}

// TestReadRecordsPersonalData: each read's grant records, for DataMesh-PiiReadWithoutApproval,
// the contract's personal-data columns of the read table, the columns read and the
// approval; an approval without a reason is rejected.
func TestReadRecordsPersonalData(t *testing.T) {
	m := newMesh()
	crm := datamesh.NewMasterDataProject(m.domain, jsii.String("Crm"), m.crmProps())
	sales := m.consumer("SalesPipeline", "Sales Pipeline", m.sales)
	salesRole := role(m.stack, "SalesRole", "SalesPipeline")
	datamesh.NewDataProductAccess(m.stack, jsii.String("Whole"), &datamesh.DataProductAccessProps{
		Consumer: sales, ConsumerRole: salesRole, Product: crm, Table: "customers",
		PIIApproval: &datamesh.AccessApproval{Reason: "Sales calls its own customers (PRIV-7).", ApprovedBy: "dpo"}})
	datamesh.NewDataProductAccess(m.stack, jsii.String("Some"), &datamesh.DataProductAccessProps{
		Consumer: sales, ConsumerRole: salesRole, Product: crm, Table: "customers", Columns: []string{"customer_id"}})
	err := problem.Catch(func() {
		datamesh.NewDataProductAccess(m.stack, jsii.String("Empty"), &datamesh.DataProductAccessProps{
			Consumer: sales, ConsumerRole: salesRole, Product: crm, Table: "customers", PIIApproval: &datamesh.AccessApproval{Reason: " "}})
	})
	if !errors.Is(err, datamesh.ErrMissing) || !strings.Contains(err.Error(), "PIIApproval.Reason") {
		t.Errorf("approval without a reason: %v", err)
	}
	_, raw := template(t, m.stack)
	got := map[string]string{}
	for id, r := range resources(raw, "AWS::LakeFormation::PrincipalPermissions") {
		md, _ := r["Metadata"].(map[string]any)
		mm, _ := md["smusmesh"].(map[string]any)
		if read, ok := mm["read"]; ok {
			b, _ := json.Marshal(read)
			got[strings.SplitN(id, "Grant", 2)[0]] = string(b)
		}
	}
	want := map[string]string{
		"Whole": `{"approval":"Sales calls its own customers (PRIV-7).","approvedBy":"dpo","piiColumns":["customers.email"],"product":"CRM Master Data","table":"customers"}`,
		"Some":  `{"columns":["customer_id"],"piiColumns":["customers.email"],"product":"CRM Master Data","table":"customers"}`,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: read = %s, want %s (all: %v)", k, got[k], w, got)
		}
	}
}

// TestLakehouseLookupHandler runs the Lakehouse lookup's Python code against fake AWS
// clients: found by name across pages, found after the environment created it, service
// errors retried, the one LAKEHOUSE connection as fallback, giving up before the Lambda
// timeout with the project named, no active environment yet, delete.
func TestLakehouseLookupHandler(t *testing.T) {
	runHandlerTests(t, "lakehouse_test.py", "lakehouse.py", 7)
}
