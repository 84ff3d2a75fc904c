package datamesh_test

import (
	"errors"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// TestProjectDataSource: any project may have a Glue data source, made as a Master Data
// project's (connection lookup, publisher grants, "<key> Glue") without a contract form;
// its logical IDs are those of a Master Data project of the same scope and id, so turning
// the project into one keeps the data source, its lookup and grants.
func TestProjectDataSource(t *testing.T) {
	m := newMesh()
	p := datamesh.NewProject(m.domain, jsii.String("Orders"), &datamesh.ProjectProps{DomainUnit: m.sales, Name: "Orders",
		Key: "CRM Master Data", Profile: m.profile,
		DataSource: &datamesh.GlueDataSourceOptions{DatabaseName: "crm", Schedule: "cron(0 2 * * ? *)"}})
	if p.DataSource() == nil {
		t.Fatal("DataSource() is nil")
	}
	datamesh.NewConnection(p, jsii.String("Athena"), &datamesh.ConnectionProps{Project: p, Name: "athena", Athena: &datamesh.AthenaConnection{WorkgroupName: "primary"}})
	_, raw := template(t, m.stack)
	// The project's connections wait for its environments, as its data source does.
	for lookup := range resources(raw, "Custom::SmusmeshLakehouseConnection") {
		for id, c := range resources(raw, "AWS::DataZone::Connection") {
			if !slices.Contains(toStrings(c["DependsOn"]), lookup) {
				t.Errorf("connection %s does not wait for the Lakehouse lookup %s: DependsOn %v", id, lookup, c["DependsOn"])
			}
		}
	}
	ds := resources(raw, "AWS::DataZone::DataSource")
	if len(ds) != 1 {
		t.Fatalf("%d data sources, want 1", len(ds))
	}
	var dsID string
	for id, r := range ds {
		dsID = id
		pr := props(r)
		if pr["Name"] != "CRM Master Data Glue" || pr["Type"] != "GLUE" || pr["ConnectionIdentifier"] == nil || pr["AssetFormsInput"] != nil {
			t.Errorf("data source %v", pr)
		}
		rel := pr["Configuration"].(map[string]any)["GlueRunConfiguration"].(map[string]any)["RelationalFilterConfigurations"].([]any)[0].(map[string]any)
		if rel["DatabaseName"] != "crm" || rel["FilterExpressions"] != nil {
			t.Errorf("a project's data source imports every table unless told otherwise: %v", rel)
		}
		if len(toStrings(r["DependsOn"])) < 2 {
			t.Errorf("the data source waits for its grants: DependsOn %v", r["DependsOn"])
		}
	}
	var grants []string
	for id, g := range resources(raw, "AWS::LakeFormation::PrincipalPermissions") {
		if meta(g)["publisher"] != true || meta(g)["name"] != "Orders" {
			t.Errorf("grant %s metadata %v", id, meta(g))
		}
		grants = append(grants, id)
	}
	sort.Strings(grants)
	if len(resources(raw, "Custom::SmusmeshLakehouseConnection")) != 1 || len(grants) != 2 {
		t.Errorf("lookups %d, grants %v", len(resources(raw, "Custom::SmusmeshLakehouseConnection")), grants)
	}

	// The same project as a Master Data project: the same logical IDs.
	m2 := newMesh()
	md := m2.crmProps()
	md.DataSource.ConnectionIdentifier = ""
	md.Key = "CRM Master Data"
	datamesh.NewMasterDataProject(m2.domain, jsii.String("Orders"), md)
	_, raw2 := template(t, m2.stack)
	for _, typ := range []string{"AWS::DataZone::DataSource", "Custom::SmusmeshLakehouseConnection", "AWS::LakeFormation::PrincipalPermissions", "AWS::DataZone::Project"} {
		a, b := keys(resources(raw, typ)), keys(resources(raw2, typ))
		sort.Strings(a)
		sort.Strings(b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s logical IDs: project %v, Master Data project %v", typ, a, b)
		}
	}
	if _, ok := resources(raw2, "AWS::DataZone::DataSource")[dsID]; !ok {
		t.Errorf("data source %s is not the Master Data project's", dsID)
	}
}

func TestProjectDataSourceValidate(t *testing.T) {
	m := newMesh()
	tooling := datamesh.NewProjectProfile(m.domain, jsii.String("ToolingOnly"), &datamesh.ProjectProfileProps{Domain: m.domain, Name: "Tooling only"})
	props := &datamesh.ProjectProps{DomainUnit: m.sales, Name: "Orders", Profile: tooling,
		DataSource: &datamesh.GlueDataSourceOptions{DatabaseName: "", Timezone: "Mars"}}
	var fields []string
	for _, e := range problem.All(props.Validate()) {
		var p *problem.Problem
		if errors.As(e, &p) {
			fields = append(fields, p.Field)
		}
	}
	sort.Strings(fields)
	// No Lakehouse Database to look the connection up in; no database; a timezone without a schedule.
	if want := []string{"DataSource.DatabaseName", "DataSource.Timezone", "DataSource.Timezone", "Profile"}; !reflect.DeepEqual(fields, want) {
		t.Errorf("fields %v, want %v", fields, want)
	}
	props.DataSource = &datamesh.GlueDataSourceOptions{DatabaseName: "orders", ConnectionIdentifier: "conn-1"}
	if err := props.Validate(); err != nil {
		t.Errorf("an explicit connection needs no Lakehouse Database: %v", err)
	}
}
