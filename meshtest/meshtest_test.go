package meshtest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// assembly writes a one-stage assembly: product "Orders Master Data" (orders.orders,
// PII column customer_email), consumer "Finance" reading two columns, "Ops" reading the
// whole table.
func assembly(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	stage := filepath.Join(dir, "assembly-dev")
	if err := os.MkdirAll(stage, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(path string, v any) {
		b, _ := json.Marshal(v)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	md := func(m map[string]any) map[string]any { return map[string]any{"smusmesh": m} }
	att := func(id string) map[string]any { return map[string]any{"Fn::GetAtt": []any{id, "Id"}} }
	grant := func(project string, res map[string]any) map[string]any {
		return map[string]any{"Type": "AWS::LakeFormation::PrincipalPermissions", "Properties": map[string]any{
			"Permissions": []any{"SELECT"}, "Principal": map[string]any{"DataLakePrincipalIdentifier": "arn:aws:iam::1:role/" + project},
			"Resource": res}, "Metadata": md(map[string]any{"kind": "DataAccess", "name": project, "product": "Orders Master Data"})}
	}
	write(filepath.Join(dir, "manifest.json"), map[string]any{"artifacts": map[string]any{
		"assembly-dev": map[string]any{"type": "cdk:cloud-assembly", "properties": map[string]any{"directoryName": "assembly-dev", "displayName": "dev"}}}})
	write(filepath.Join(stage, "manifest.json"), map[string]any{"artifacts": map[string]any{
		"devS": map[string]any{"type": "aws:cloudformation:stack", "displayName": "dev/S", "properties": map[string]any{"templateFile": "devS.template.json"}}}})
	write(filepath.Join(stage, "devS.template.json"), map[string]any{"Resources": map[string]any{
		"Orders": map[string]any{"Type": "AWS::DataZone::Project", "Properties": map[string]any{},
			"Metadata": md(map[string]any{"kind": "MasterDataProject", "domain": "d", "name": "Orders Master Data",
				"masterData": map[string]any{"source": "Orders", "database": "orders", "piiColumns": []any{"orders.customer_email"}}})},
		"Finance": map[string]any{"Type": "AWS::DataZone::Project", "Properties": map[string]any{}, "Metadata": md(map[string]any{"kind": "Project", "domain": "d", "name": "Finance"})},
		"Ops":     map[string]any{"Type": "AWS::DataZone::Project", "Properties": map[string]any{}, "Metadata": md(map[string]any{"kind": "Project", "domain": "d", "name": "Ops"})},
		"FinanceOwner": map[string]any{"Type": "AWS::DataZone::ProjectMembership", "Properties": map[string]any{"Designation": "PROJECT_OWNER", "ProjectIdentifier": att("Finance")},
			"Metadata": md(map[string]any{"kind": "ProjectMembership", "member": "SSO_USER:fiona"})},
		"FinanceGrant": grant("Finance", map[string]any{"TableWithColumns": map[string]any{"DatabaseName": "orders", "Name": "orders", "ColumnNames": []any{"order_id", "amount"}}}),
		"OpsGrant":     grant("Ops", map[string]any{"Table": map[string]any{"DatabaseName": "orders", "Name": "orders"}}),
	}})
	return dir
}

type recorder struct {
	testing.TB
	msgs []string
}

func (r *recorder) Helper()                      {}
func (r *recorder) Errorf(f string, args ...any) { r.msgs = append(r.msgs, fmt.Sprintf(f, args...)) }
func (r *recorder) Fatalf(f string, args ...any) { r.Errorf(f, args...) }
func (r *recorder) failed(sub string) bool {
	for _, m := range r.msgs {
		if strings.Contains(m, sub) {
			return true
		}
	}
	return false
}

func TestAssertions(t *testing.T) {
	dev := Load(t, assembly(t)).Stage("dev")
	tests := []struct {
		name   string
		assert func(s *Stage)
		fail   string // "" when the assertion holds
	}{
		{"members hold", func(s *Stage) { s.AssertMembers("Finance", "SSO_USER:fiona") }, ""},
		{"members differ", func(s *Stage) { s.AssertMembers("Finance", "SSO_USER:frank") },
			`stage dev: project "Finance" has members [SSO_USER:fiona], want [SSO_USER:frank]`},
		{"columns hold", func(s *Stage) { s.AssertReads("Finance", "orders.orders", "amount", "order_id") }, ""},
		{"columns differ", func(s *Stage) { s.AssertReads("Finance", "orders.orders", "amount") },
			`stage dev: "Finance" reads order_id, amount of orders.orders, want exactly amount`},
		{"no read", func(s *Stage) { s.AssertReads("Finance", "orders.returns") }, `stage dev: "Finance" does not read orders.returns`},
		{"cannot read column holds", func(s *Stage) { s.AssertCannotRead("Finance", "orders.orders", "customer_email") }, ""},
		{"cannot read table", func(s *Stage) { s.AssertCannotRead("Ops", "orders") },
			`stage dev: "Ops" reads orders.orders (all columns; all rows), want no access`},
		{"readers", func(s *Stage) { s.AssertOnlyReaders("orders.orders", "Finance") },
			`stage dev: orders.orders is read by [Finance, Ops], want [Finance]`},
		{"no PII for Finance", func(s *Stage) { s.AssertNoPIIReaches("Finance") }, ""},
		{"PII reaches Ops", func(s *Stage) { s.AssertNoPIIReaches() },
			`stage dev: "Ops" reads PII column orders.orders.customer_email of product "Orders Master Data" (role arn:aws:iam::1:role/Ops, via table`},
		{"unknown project", func(s *Stage) { s.Members("Nobody") }, `stage dev: no project "Nobody"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			tc.assert(dev.ForTest(rec))
			switch {
			case tc.fail == "" && len(rec.msgs) > 0:
				t.Errorf("unexpected failure: %v", rec.msgs)
			case tc.fail != "" && !rec.failed(tc.fail):
				t.Errorf("want failure %q, got %v", tc.fail, rec.msgs)
			}
		})
	}
	if !dev.CanRead("Finance", "orders.orders", "amount") || dev.CanRead("Finance", "orders.orders", "customer_email") {
		t.Error("CanRead")
	}
}
