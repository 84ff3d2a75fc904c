package datamesh_test

import (
	"errors"
	"reflect"
	"sort"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// TestProducerAccessLevels: a project's own pipelines get read-write (the default), read or
// ALL on their database and its tables, with grant option only when asked; the grants are
// recorded as the project's own (publisher) access.
func TestProducerAccessLevels(t *testing.T) {
	m := newMesh()
	p := m.consumer("Orders", "Orders", m.sales)
	etl := role(m.stack, "Etl", "orders-etl")
	datamesh.NewProducerAccess(p, jsii.String("Pipeline"), &datamesh.ProducerAccessProps{Project: p, Role: etl, DatabaseName: "orders"})
	datamesh.NewProducerAccess(p, jsii.String("Publisher"), &datamesh.ProducerAccessProps{Project: p, Role: role(m.stack, "Src", "orders-src"),
		DatabaseName: "orders", Tables: []string{"orders", "order_lines"}, Level: datamesh.ProducerAccessRead, Grantable: true})
	admin := datamesh.NewProducerAccess(p, jsii.String("Admin"), &datamesh.ProducerAccessProps{Project: p, Role: role(m.stack, "Adm", "orders-admin"),
		DatabaseName: "orders_raw", Level: datamesh.ProducerAccessAll, CatalogID: "222222222222"})
	if n := len(admin.Grants()); n != 2 {
		t.Errorf("%d grants, want database and tables", n)
	}
	_, raw := template(t, m.stack)
	type row struct{ principal, database, table, perms, grantable, catalog string }
	var got []row
	for _, r := range resources(raw, "AWS::LakeFormation::PrincipalPermissions") {
		pr := props(r)
		mt := meta(r)
		if mt["kind"] != "DataAccess" || mt["publisher"] != true || mt["name"] != "Orders" || mt["product"] != "Orders" {
			t.Errorf("metadata %v, want the project's own publisher access", mt)
		}
		res := pr["Resource"].(map[string]any)
		x := row{principal: pr["Principal"].(map[string]any)["DataLakePrincipalIdentifier"].(string),
			perms: join(pr["Permissions"]), grantable: join(pr["PermissionsWithGrantOption"])}
		if db, ok := res["Database"].(map[string]any); ok {
			x.database, x.catalog = db["Name"].(string), str(db["CatalogId"])
		} else {
			tb := res["Table"].(map[string]any)
			x.database, x.catalog = tb["DatabaseName"].(string), str(tb["CatalogId"])
			x.table = "*"
			if n, ok := tb["Name"].(string); ok {
				x.table = n
			}
		}
		got = append(got, x)
	}
	sort.Slice(got, func(i, j int) bool { return got[i].principal+got[i].table < got[j].principal+got[j].table })
	const etlArn, srcArn, admArn = "arn:aws:iam::111111111111:role/orders-etl", "arn:aws:iam::111111111111:role/orders-src", "arn:aws:iam::111111111111:role/orders-admin"
	want := []row{
		{admArn, "orders_raw", "", "ALL", "", "222222222222"},
		{admArn, "orders_raw", "*", "ALL", "", "222222222222"},
		{etlArn, "orders", "", "DESCRIBE CREATE_TABLE ALTER", "", testAccount},
		{etlArn, "orders", "*", "SELECT INSERT DELETE DESCRIBE ALTER", "", testAccount},
		{srcArn, "orders", "", "DESCRIBE", "DESCRIBE", testAccount},
		{srcArn, "orders", "order_lines", "SELECT DESCRIBE", "SELECT DESCRIBE", testAccount},
		{srcArn, "orders", "orders", "SELECT DESCRIBE", "SELECT DESCRIBE", testAccount},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("grants\n got %v\nwant %v", got, want)
	}
	// Each table grant follows its database grant.
	for id, r := range resources(raw, "AWS::LakeFormation::PrincipalPermissions") {
		if _, isTable := props(r)["Resource"].(map[string]any)["Table"]; isTable && len(toStrings(r["DependsOn"])) == 0 {
			t.Errorf("%s: a table grant depends on its database grant", id)
		}
	}
}

func join(v any) string {
	s := ""
	for i, x := range v.([]any) {
		if i > 0 {
			s += " "
		}
		s += x.(string)
	}
	return s
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func TestProducerAccessPropsValidate(t *testing.T) {
	m := newMesh()
	p := m.consumer("Orders", "Orders", m.sales)
	r := role(m.stack, "R", "r")
	cases := []struct {
		name  string
		props *datamesh.ProducerAccessProps
		want  []string
	}{
		{"nil", nil, []string{"props"}},
		{"empty", &datamesh.ProducerAccessProps{}, []string{"Project", "Role", "DatabaseName"}},
		{"tables and level", &datamesh.ProducerAccessProps{Project: p, Role: r, DatabaseName: " orders", Tables: []string{"a", "", "a"}, Level: "SUPER", CatalogID: "x"},
			[]string{"DatabaseName", "Tables[1]", "Tables[2]", "Level", "CatalogID"}},
		{"valid", &datamesh.ProducerAccessProps{Project: p, Role: r, DatabaseName: "sales", Level: datamesh.ProducerAccessAll}, nil},
		// Validate reports what the constructor refuses: the grant below exists already.
		{"role and database granted already", &datamesh.ProducerAccessProps{Project: p, Role: r, DatabaseName: "orders", Level: datamesh.ProducerAccessAll}, []string{"Role"}},
	}
	// One grant per role and database in a project.
	datamesh.NewProducerAccess(p, jsii.String("A"), &datamesh.ProducerAccessProps{Project: p, Role: r, DatabaseName: "orders"})
	if err := build(func() {
		datamesh.NewProducerAccess(p, jsii.String("B"), &datamesh.ProducerAccessProps{Project: p, Role: r, DatabaseName: "orders", Level: datamesh.ProducerAccessAll})
	}); !errors.Is(err, datamesh.ErrDuplicate) {
		t.Errorf("second access of one role on one database: %v", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, e := range problem.All(c.props.Validate()) {
				var pr *problem.Problem
				if errors.As(e, &pr) {
					got = append(got, pr.Field)
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("fields %v, want %v", got, c.want)
			}
		})
	}
}
