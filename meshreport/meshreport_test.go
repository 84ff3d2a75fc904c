package meshreport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The tests read assemblies written here in the shape the CDK writes them (manifest,
// stage directory, templates, nested templates through the asset manifest, cdk-nag
// reports), so that they cover what the quickstart does not: nested project stacks,
// LF-tag grants, excluded columns, row filters, non-compliant findings, 200 projects.
// The quickstart's own assembly is read in examples/quickstart (TestThePitch,
// TestMeshMapInBrowser).

type fixture struct {
	dir   string
	stage string
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func meta(m map[string]any) map[string]any { return map[string]any{"smusmesh": m} }

func getAtt(id, attr string) map[string]any { return map[string]any{"Fn::GetAtt": []any{id, attr}} }

// newFixture writes a stage "dev" with a domain stack (domain, units Sales and
// Sales/EMEA, a profile, a Master Data project in the stack) and one nested stack with a
// consumer project whose references go through nested stack parameters.
func newFixture(t *testing.T) fixture {
	t.Helper()
	dir := t.TempDir()
	stageDir := filepath.Join(dir, "assembly-dev")
	if err := os.MkdirAll(stageDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeJSON(t, filepath.Join(dir, "manifest.json"), map[string]any{"artifacts": map[string]any{
		"assembly-dev": map[string]any{"type": "cdk:cloud-assembly", "properties": map[string]any{"directoryName": "assembly-dev", "displayName": "dev"}},
	}})
	writeJSON(t, filepath.Join(stageDir, "manifest.json"), map[string]any{"artifacts": map[string]any{
		"devCorp1234": map[string]any{"type": "aws:cloudformation:stack", "environment": "aws://222222222222/eu-central-1",
			"displayName": "dev/Corp", "properties": map[string]any{"templateFile": "devCorp1234.template.json"}},
	}})
	// CDK names nested stack templates by a 64-hex-digit asset hash.
	writeJSON(t, filepath.Join(stageDir, "devCorp1234.assets.json"), map[string]any{"files": map[string]any{
		"b21f991fc6c33ef962f93247a7cf1042ff52dca78f0661273bcfccc4001a1036": map[string]any{"source": map[string]any{"path": "devCorpProjectOrders99.nested.template.json"}},
	}})
	parent := map[string]any{
		"Domain": map[string]any{"Type": "AWS::DataZone::Domain", "Properties": map[string]any{"Name": "corp"},
			"Metadata": meta(map[string]any{"kind": "RootDomain", "domain": "corp", "name": "corp", "networkPosture": "VPC_ONLY"})},
		"Owner": map[string]any{"Type": "AWS::DataZone::Owner", "Properties": map[string]any{"EntityType": "DOMAIN_UNIT", "EntityIdentifier": getAtt("Domain", "RootDomainUnitId")},
			"Metadata": meta(map[string]any{"kind": "Owner", "domain": "corp", "member": "SSO_GROUP:platform"})},
		"Tooling": map[string]any{"Type": "AWS::DataZone::EnvironmentBlueprintConfiguration", "Properties": map[string]any{"EnvironmentBlueprintIdentifier": "Tooling"},
			"Metadata": meta(map[string]any{"kind": "BlueprintConfiguration", "domain": "corp", "name": "Tooling"})},
		"Mlflow": map[string]any{"Type": "AWS::DataZone::EnvironmentBlueprintConfiguration", "Properties": map[string]any{"EnvironmentBlueprintIdentifier": "MLExperiments"},
			"Metadata": meta(map[string]any{"kind": "BlueprintConfiguration", "domain": "corp", "name": "MLExperiments"})},
		"Profile": map[string]any{"Type": "AWS::DataZone::ProjectProfile", "Properties": map[string]any{"EnvironmentConfigurations": []any{
			map[string]any{"Name": "Tooling", "DeploymentMode": "ON_CREATE", "DeploymentOrder": 0, "EnvironmentBlueprintId": getAtt("Tooling", "EnvironmentBlueprintId"),
				"AwsAccount": map[string]any{"AwsAccountId": "222222222222"}},
			map[string]any{"Name": "ML", "DeploymentMode": "ON_CREATE", "DeploymentOrder": 1, "EnvironmentBlueprintId": getAtt("Mlflow", "EnvironmentBlueprintId"),
				"AwsAccount": map[string]any{"AwsAccountId": "333333333333"}},
		}}, "Metadata": meta(map[string]any{"kind": "ProjectProfile", "domain": "corp", "name": "ML"})},
		"Sales": map[string]any{"Type": "AWS::DataZone::DomainUnit", "Properties": map[string]any{"Name": "Sales", "ParentDomainUnitIdentifier": getAtt("Domain", "RootDomainUnitId")},
			"Metadata": meta(map[string]any{"kind": "DomainUnit", "domain": "corp", "name": "Sales", "key": "sales"})},
		"Emea": map[string]any{"Type": "AWS::DataZone::DomainUnit", "Properties": map[string]any{"Name": "EMEA", "ParentDomainUnitIdentifier": getAtt("Sales", "Id")},
			"Metadata": meta(map[string]any{"kind": "DomainUnit", "domain": "corp", "name": "Sales/EMEA", "key": "sales/emea"})},
		"EmeaOwner": map[string]any{"Type": "AWS::DataZone::Owner", "Properties": map[string]any{"EntityType": "DOMAIN_UNIT", "EntityIdentifier": getAtt("Emea", "Id")},
			"Metadata": meta(map[string]any{"kind": "Owner", "domain": "corp", "member": "SSO_GROUP:emea-owners"})},
		"Crm": map[string]any{"Type": "AWS::DataZone::Project", "Properties": map[string]any{"Name": "CRM Master Data", "DomainUnitId": getAtt("Sales", "Id"), "ProjectProfileId": getAtt("Profile", "Id")},
			"Metadata": meta(map[string]any{"kind": "MasterDataProject", "domain": "corp", "name": "CRM Master Data", "masterData": map[string]any{
				"source": "CRM", "database": "crm", "tables": []any{"customers"}, "piiColumns": []any{"customers.email"}}})},
		"CrmOwner": map[string]any{"Type": "AWS::DataZone::ProjectMembership", "Properties": map[string]any{"Designation": "PROJECT_OWNER", "ProjectIdentifier": getAtt("Crm", "Id")},
			"Metadata": meta(map[string]any{"kind": "ProjectMembership", "member": "SSO_USER:jane"})},
		"CrmTemp": map[string]any{"Type": "AWS::DataZone::ProjectMembership", "Properties": map[string]any{"Designation": "PROJECT_CONTRIBUTOR", "ProjectIdentifier": getAtt("Crm", "Id")},
			"Metadata": meta(map[string]any{"kind": "ProjectMembership", "member": "SSO_USER:sam", "temporary": true, "endDate": "2099-01-31"})},
		"CrmTags": map[string]any{"Type": "AWS::LakeFormation::TagAssociation", "Properties": map[string]any{
			"Resource": map[string]any{"Table": map[string]any{"DatabaseName": "crm", "Name": "customers"}},
			"LFTags":   []any{map[string]any{"TagKey": "domain", "TagValues": []any{"sales"}}}}},
		"Orders": map[string]any{"Type": "AWS::CloudFormation::Stack", "Properties": map[string]any{
			"TemplateURL": map[string]any{"Fn::Join": []any{"", []any{"https://s3.", map[string]any{"Ref": "AWS::URLSuffix"}, "/bucket/b21f991fc6c33ef962f93247a7cf1042ff52dca78f0661273bcfccc4001a1036.json"}}},
			"Parameters":  map[string]any{"refUnit": getAtt("Emea", "Id"), "refProfile": getAtt("Profile", "Id")}}},
	}
	writeJSON(t, filepath.Join(stageDir, "devCorp1234.template.json"), map[string]any{"Resources": parent})
	nested := map[string]any{
		"Project": map[string]any{"Type": "AWS::DataZone::Project", "Properties": map[string]any{"Name": "Order Analytics",
			"DomainUnitId": map[string]any{"Ref": "refUnit"}, "ProjectProfileId": map[string]any{"Ref": "refProfile"}},
			"Metadata": meta(map[string]any{"kind": "Project", "domain": "corp", "name": "Order Analytics", "consumes": []any{"CRM Master Data"}})},
		"Member": map[string]any{"Type": "AWS::DataZone::ProjectMembership", "Properties": map[string]any{"Designation": "PROJECT_OWNER", "ProjectIdentifier": getAtt("Project", "Id")},
			"Metadata": meta(map[string]any{"kind": "ProjectMembership", "member": "SSO_GROUP:analysts"})},
		"Filter": map[string]any{"Type": "AWS::LakeFormation::DataCellsFilter", "Properties": map[string]any{"DatabaseName": "crm", "TableName": "customers", "Name": "orders_customers",
			"ColumnWildcard": map[string]any{"ExcludedColumnNames": []any{"email"}}, "RowFilter": map[string]any{"FilterExpression": "country = 'DE'"}}},
		"FilterGrant": map[string]any{"Type": "AWS::LakeFormation::PrincipalPermissions", "Properties": map[string]any{
			"Permissions": []any{"SELECT", "DESCRIBE"}, "Principal": map[string]any{"DataLakePrincipalIdentifier": "arn:aws:iam::222222222222:role/orders"},
			"Resource": map[string]any{"DataCellsFilter": map[string]any{"DatabaseName": "crm", "TableName": "customers", "Name": "orders_customers"}}},
			"Metadata": meta(map[string]any{"kind": "DataAccess", "name": "Order Analytics", "product": "CRM Master Data"})},
		"TagGrant": map[string]any{"Type": "AWS::LakeFormation::PrincipalPermissions", "Properties": map[string]any{
			"Permissions": []any{"SELECT"}, "Principal": map[string]any{"DataLakePrincipalIdentifier": "arn:aws:iam::222222222222:role/orders"},
			"Resource": map[string]any{"LFTagPolicy": map[string]any{"ResourceType": "TABLE", "Expression": []any{map[string]any{"TagKey": "domain", "TagValues": []any{"sales"}}}}}}},
		"Describe": map[string]any{"Type": "AWS::LakeFormation::PrincipalPermissions", "Properties": map[string]any{
			"Permissions": []any{"DESCRIBE"}, "Principal": map[string]any{"DataLakePrincipalIdentifier": "arn:aws:iam::222222222222:role/orders"},
			"Resource": map[string]any{"Database": map[string]any{"Name": "crm"}}}},
	}
	writeJSON(t, filepath.Join(stageDir, "devCorpProjectOrders99.nested.template.json"), map[string]any{
		"Parameters": map[string]any{"refUnit": map[string]any{"Type": "String"}, "refProfile": map[string]any{"Type": "String"}},
		"Resources":  nested})
	writeJSON(t, filepath.Join(dir, "DataMesh-dev-dev-Corp-NagReport.json"), map[string]any{"lines": []any{
		map[string]any{"ruleId": "DataMesh-CostlyBlueprintOnCreate", "resourceId": "dev/Corp/Profile/Resource", "compliance": "Non-Compliant", "exceptionReason": "N/A", "ruleLevel": "Error", "ruleInfo": "costly"},
		map[string]any{"ruleId": "DataMesh-NamingConvention", "resourceId": "dev/Corp/Crm/Resource", "compliance": "Compliant", "exceptionReason": "N/A", "ruleLevel": "Warning", "ruleInfo": "naming"},
	}})
	writeJSON(t, filepath.Join(dir, "NIST.800-53.R5-dev-dev-Corp-NagReport.json"), map[string]any{"lines": []any{
		map[string]any{"ruleId": "NIST.800.53.R5-X", "resourceId": "dev/Corp/Crm/Resource", "compliance": "Suppressed", "exceptionReason": "why", "ruleLevel": "Warning", "ruleInfo": "x"},
	}})
	return fixture{dir: dir, stage: stageDir}
}

func TestLoad(t *testing.T) {
	f := newFixture(t)
	m, err := Load(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	dev := m.Stage("dev")
	if dev == nil || len(m.Stages) != 1 {
		t.Fatalf("stages: %+v", m.Stages)
	}
	if len(dev.Stacks) != 2 || !dev.Stacks[1].Nested || dev.Stacks[1].Resources != 6 {
		t.Errorf("stacks: %+v %+v", dev.Stacks[0], dev.Stacks[1])
	}
	if len(dev.Domains) != 1 {
		t.Fatalf("domains: %+v", dev.Domains)
	}
	d := dev.Domains[0]
	if d.Name != "corp" || d.Account != "222222222222" || d.Network != "VPC_ONLY" || strings.Join(d.Owners, ",") != "SSO_GROUP:platform" {
		t.Errorf("domain: %+v", d)
	}
	if len(d.Units) != 1 || d.Units[0].Name != "Sales" || len(d.Units[0].Units) != 1 || d.Units[0].Units[0].Name != "EMEA" {
		t.Fatalf("units: %+v", d.Units)
	}
	if got := d.Units[0].Units[0].Owners; len(got) != 1 || got[0] != "SSO_GROUP:emea-owners" {
		t.Errorf("EMEA owners: %v", got)
	}
	tests := []struct {
		name, unit, profile string
		members             int
		masterData          bool
	}{
		{"CRM Master Data", "Sales", "ML", 2, true},
		// In a nested stack: unit and profile through the nested stack's parameters.
		{"Order Analytics", "Sales/EMEA", "ML", 1, false},
	}
	for _, tc := range tests {
		p := dev.Project(tc.name)
		if p == nil {
			t.Errorf("no project %q", tc.name)
			continue
		}
		if p.Unit != tc.unit || p.Profile != tc.profile || len(p.Members) != tc.members || (p.MasterData != nil) != tc.masterData {
			t.Errorf("%s: unit %q profile %q members %v master data %v", tc.name, p.Unit, p.Profile, p.Members, p.MasterData)
		}
	}
	crm := dev.Project("CRM Master Data")
	if m := crm.Members[1]; !m.Temporary || m.EndDate != "2099-01-31" {
		t.Errorf("temporary member: %+v", m)
	}
	if got := dev.PII("CRM Master Data"); len(got) != 1 || got[0] != "customers.email" {
		t.Errorf("PII: %v", got)
	}
	counts := dev.FindingCounts()
	if counts["Non-Compliant Error"] != 1 || counts["Suppressed Warning"] != 1 || counts["Compliant Warning"] != 1 {
		t.Errorf("findings: %v", counts)
	}
	packs := map[string]bool{}
	for _, f := range dev.Findings {
		packs[f.Pack] = true
	}
	if !packs["DataMesh"] || !packs["NIST.800-53.R5"] {
		t.Errorf("packs: %v", packs)
	}
}

func TestAccessMatrix(t *testing.T) {
	m, err := Load(newFixture(t).dir)
	if err != nil {
		t.Fatal(err)
	}
	dev := m.Stage("dev")
	var got []string
	for _, a := range dev.Access {
		got = append(got, a.ReadText())
	}
	want := []string{
		// The filter: every column but email, German rows only.
		"Order Analytics reads crm.customers (all columns but email; rows where country = 'DE') via cells filter orders_customers",
		// The LF-tag grant has no metadata: its project comes from the same role's other
		// grant, its product from the database, its tables from the tag associations.
		"Order Analytics reads crm.customers (all columns; all rows) via LF-tags domain=sales",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("access matrix:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, a := range dev.Access {
		if a.Product != "CRM Master Data" {
			t.Errorf("%s: product %q", a.ReadText(), a.Product)
		}
	}
	tests := []struct {
		via   string
		col   string
		reads bool
	}{
		{"cells filter orders_customers", "email", false},
		{"cells filter orders_customers", "country", true},
		{"LF-tags domain=sales", "email", true},
	}
	for _, tc := range tests {
		for _, a := range dev.Access {
			if a.Via == tc.via && a.Reads("customers", tc.col) != tc.reads {
				t.Errorf("%s reads %s: got %v, want %v", tc.via, tc.col, !tc.reads, tc.reads)
			}
		}
	}
	var csv bytes.Buffer
	if err := dev.AccessCSV(&csv); err != nil || strings.Count(csv.String(), "\n") != 3 {
		t.Errorf("CSV (%v):\n%s", err, csv.String())
	}
}

func TestCosts(t *testing.T) {
	m, err := Load(newFixture(t).dir)
	if err != nil {
		t.Fatal(err)
	}
	c := m.Stage("dev").Costs(nil)
	prices := DefaultPrices()
	perProject := prices.Blueprints["Tooling"].IdleMonthly + prices.Blueprints["MLExperiments"].IdleMonthly
	if len(c.Projects) != 2 || c.Committed != 2*perProject {
		t.Errorf("committed %v for %d projects, want %v", c.Committed, len(c.Projects), 2*perProject)
	}
	if got := c.CostlyOnCreate(); len(got) != 1 || got[0] != "ML: MLExperiments" {
		t.Errorf("costly ON_CREATE: %v", got)
	}
	var b bytes.Buffer
	c.Markdown(&b)
	for _, want := range []string{"COSTLY ON_CREATE", "MLflow", prices.Date, "| corp | Order Analytics | ML | 1002 | MLExperiments |"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("cost report lacks %q:\n%s", want, b.String())
		}
	}
}

// TestPrices: every blueprint datamesh knows has a price with a source, and the issue's
// reference figures are the ones in the file.
func TestPrices(t *testing.T) {
	p := DefaultPrices()
	if p.Date == "" || p.Currency != "USD" {
		t.Errorf("date %q currency %q", p.Date, p.Currency)
	}
	for name, bp := range p.Blueprints {
		if bp.Provisions == "" || bp.OnUse == "" || len(bp.Sources) == 0 {
			t.Errorf("%s: provisions, onUse and sources are required: %+v", name, bp)
		}
	}
	for _, b := range []string{"Tooling", "ToolingLite", "LakehouseCatalog", "DataLake", "RedshiftServerless", "EmrServerless",
		"EmrOnEc2", "Workflows", "MLExperiments", "AmazonBedrockGuardrail", "AmazonBedrockPrompt", "AmazonBedrockEvaluation",
		"AmazonBedrockKnowledgeBase", "AmazonBedrockChatAgent", "AmazonBedrockFunction", "AmazonBedrockFlow", "PartnerApps", "QuickSight"} {
		if _, ok := p.Blueprints[b]; !ok {
			t.Errorf("no price for blueprint %s", b)
		}
	}
	if p.Blueprints["MLExperiments"].IdleMonthly < 1000 {
		t.Errorf("an MLflow tracking server costs thousands per month even idle, got %v", p.Blueprints["MLExperiments"].IdleMonthly)
	}
	if !strings.Contains(p.Blueprints["Tooling"].OnUse, "$0.60 per 10 hours") || !strings.Contains(p.Blueprints["Tooling"].OnUse, "$2 per 15 GB-month") {
		t.Errorf("Tooling on use: %s", p.Blueprints["Tooling"].OnUse)
	}
}

func TestWrite(t *testing.T) {
	f := newFixture(t)
	var out bytes.Buffer
	m, err := Write(f.dir, &out)
	if err != nil {
		t.Fatal(err)
	}
	files := FilesOf(m.Dir, "dev")
	for _, p := range []string{files.Map, files.Mermaid, files.Access, files.AccessCSV, files.Cost, files.Summary} {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
	for _, want := range []string{
		"stage dev", "dev/Corp: 13/500 resources", "projects: 2 (1 Master Data)",
		"temporary: SSO_USER:sam (PROJECT_CONTRIBUTOR) until 2099-01-31",
		"profile corp / ML: ON_CREATE Tooling, MLExperiments; ON_DEMAND -",
		"findings: 1 errors, 0 warnings (non-compliant); 1 suppressed; 1 compliant",
		"Error DataMesh-CostlyBlueprintOnCreate dev/Corp/Profile/Resource",
		"COSTLY ON_CREATE: ML: MLExperiments", "map: " + files.Map, "cost report: " + files.Cost,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
	mmd, _ := os.ReadFile(files.Mermaid)
	for _, want := range []string{"flowchart LR", `{{"CRM Master Data<br/>Master Data: CRM"}}`, `-->|"customers: all columns but email; rows where country = 'DE'"|`} {
		if !strings.Contains(string(mmd), want) {
			t.Errorf("Mermaid lacks %q:\n%s", want, mmd)
		}
	}
}

// TestHTMLLargeMesh: a 200-project mesh renders one collapsible unit per unit, collapsed
// (more than 40 projects), every project on the page, and nothing loaded from the network.
func TestHTMLLargeMesh(t *testing.T) {
	s := &Stage{Name: "prd"}
	d := &Domain{Name: "corp"}
	for u := range 20 {
		unit := &Unit{Name: fmt.Sprintf("Unit %02d", u)}
		for p := range 10 {
			unit.Projects = append(unit.Projects, &Project{Name: fmt.Sprintf("Project %02d-%d", u, p), Domain: "corp"})
		}
		d.Units = append(d.Units, unit)
	}
	s.Domains = []*Domain{d}
	var b bytes.Buffer
	s.HTML(&b)
	page := b.String()
	if n := strings.Count(page, `<details class="unit">`); n != 20 {
		t.Errorf("%d collapsed units, want 20", n)
	}
	if n := strings.Count(page, `class="project"`); n != 200 {
		t.Errorf("%d projects on the page, want 200", n)
	}
	for _, banned := range []string{"http://", "https://", "<link", "src="} {
		if strings.Contains(page, banned) {
			t.Errorf("the page loads something (%q): it must be self-contained", banned)
		}
	}
	if !strings.Contains(page, `id="q" type="search"`) {
		t.Error("no search box")
	}
	// On the terminal the summary lists 20 projects and counts the rest; the file has all.
	var short, full bytes.Buffer
	s.Summary(&short, map[string]string{"summary": "mesh-prd-summary.txt"}, PrintLimit)
	s.Summary(&full, nil, 0)
	if !strings.Contains(short.String(), "... and 180 more (mesh-prd-summary.txt)") || strings.Contains(short.String(), "Project 19-9") {
		t.Errorf("short summary:\n%s", short.String())
	}
	if !strings.Contains(full.String(), "Project 19-9") {
		t.Errorf("full summary lacks the last project")
	}
}
