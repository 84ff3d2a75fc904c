package cfnschema

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testdata/assembly is a hand-written cloud assembly: a top-level stack (valid), a nested
// stage directory (assembly-dev) with a stack (wrong enum) and a nested stack template that no
// manifest lists (unknown property), and an asset directory whose stray template is ignored.
func TestValidateAssembly(t *testing.T) {
	got, err := ValidateAssembly("testdata/assembly")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`assembly-dev/devDomainStack1A2B3C4D.template.json/Domain (AWS::DataZone::Domain) Properties/SingleSignOn/Type: value must be one of "IAM_IDC", "DISABLED"`,
		`assembly-dev/devDomainStackProjects9C8D7E6F.nested.template.json/OrdersProject (AWS::DataZone::Project) Properties/Colour: ` + msgUnknown,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%s", len(got), len(want), lines(got))
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("finding %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}

func TestValidateAssemblyErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := ValidateAssembly(dir); err == nil || !strings.Contains(err.Error(), "manifest.json") {
		t.Errorf("empty directory: err = %v, want a missing manifest", err)
	}
	m := `{"version":"48.0.0","artifacts":{"S":{"type":"aws:cloudformation:stack","properties":{"templateFile":"S.template.json"}}}}`
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ValidateAssembly(dir); err == nil || !strings.Contains(err.Error(), "S.template.json") {
		t.Errorf("missing template: err = %v, want it named", err)
	}
}

// meshTemplate builds a template shaped like a mesh of n projects: per project a Project, four
// memberships and a policy grant (about 6 resources), with the intrinsics the constructs emit.
func meshTemplate(n int) []byte {
	res := map[string]any{}
	domainID := map[string]any{"Fn::GetAtt": []any{"Domain", "Id"}}
	res["Domain"] = map[string]any{"Type": "AWS::DataZone::Domain", "Properties": map[string]any{
		"Name": "sales", "DomainVersion": "V2",
		"DomainExecutionRole": map[string]any{"Fn::GetAtt": []any{"ExecRole", "Arn"}},
		"SingleSignOn":        map[string]any{"Type": "IAM_IDC", "UserAssignment": "MANUAL"},
	}}
	for i := range n {
		p := fmt.Sprintf("Project%d", i)
		res[p] = map[string]any{"Type": "AWS::DataZone::Project", "Properties": map[string]any{
			"DomainIdentifier": domainID, "Name": fmt.Sprintf("project %d", i),
			"ProjectProfileId": map[string]any{"Fn::GetAtt": []any{"Profile", "Id"}},
			"DomainUnitId":     map[string]any{"Fn::GetAtt": []any{"Unit", "Id"}},
		}}
		for j, d := range []string{"PROJECT_OWNER", "PROJECT_CONTRIBUTOR", "PROJECT_CONTRIBUTOR", "PROJECT_CATALOG_VIEWER"} {
			member := map[string]any{"UserIdentifier": fmt.Sprintf("user%d@example.com", j)}
			if j%2 == 1 {
				member = map[string]any{"GroupIdentifier": map[string]any{"Fn::GetAtt": []any{"Group", "GroupProfileId"}}}
			}
			res[fmt.Sprintf("%sMember%d", p, j)] = map[string]any{"Type": "AWS::DataZone::ProjectMembership", "Properties": map[string]any{
				"DomainIdentifier": domainID, "ProjectIdentifier": map[string]any{"Fn::GetAtt": []any{p, "Id"}},
				"Designation": d, "Member": member,
			}}
		}
		res[p+"Grant"] = map[string]any{"Type": "AWS::DataZone::PolicyGrant", "Properties": map[string]any{
			"DomainIdentifier": domainID, "EntityType": "DOMAIN_UNIT", "PolicyType": "CREATE_PROJECT_FROM_PROJECT_PROFILE",
			"EntityIdentifier": map[string]any{"Fn::GetAtt": []any{"Unit", "Id"}},
			"Detail": map[string]any{"CreateProjectFromProjectProfile": map[string]any{
				"ProjectProfiles": []any{map[string]any{"Fn::GetAtt": []any{"Profile", "Id"}}}, "IncludeChildDomainUnits": true}},
			"Principal": map[string]any{"Project": map[string]any{
				"ProjectDesignation": "CONTRIBUTOR", "ProjectIdentifier": map[string]any{"Fn::GetAtt": []any{p, "Id"}}}},
		}}
	}
	b, err := json.Marshal(map[string]any{"Resources": res})
	if err != nil {
		panic(err)
	}
	return b
}

func TestMeshTemplateIsValid(t *testing.T) {
	got, err := ValidateTemplate("mesh", meshTemplate(20))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("benchmark template has findings:\n%s", lines(got))
	}
}

// BenchmarkValidateTemplate validates a 1,000-project mesh (~6,000 resources) in one template;
// real meshes split it over nested stacks, which ValidateAssembly validates in parallel.
func BenchmarkValidateTemplate(b *testing.B) {
	tpl := meshTemplate(1000)
	if _, err := ValidateTemplate("mesh", tpl); err != nil { // compile the schemas once
		b.Fatal(err)
	}
	b.SetBytes(int64(len(tpl)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := ValidateTemplate("mesh", tpl); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateAssembly validates the same mesh split into 20 nested templates of 50
// projects, the way the stages package lays it out.
func BenchmarkValidateAssembly(b *testing.B) {
	dir := b.TempDir()
	m := `{"version":"48.0.0","artifacts":{"Mesh":{"type":"aws:cloudformation:stack","properties":{"templateFile":"Mesh.template.json"}}}}`
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(m), 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Mesh.template.json"), meshTemplate(0), 0o644); err != nil {
		b.Fatal(err)
	}
	for i := range 20 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("MeshProjects%d.nested.template.json", i)), meshTemplate(50), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := ValidateAssembly(dir); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompileSchemas measures compiling every vendored schema, which happens once per
// process (lazily, per type).
func BenchmarkCompileSchemas(b *testing.B) {
	types := VendoredTypes()
	for b.Loop() {
		for _, typ := range types {
			if _, err := compile(fileName(typ)); err != nil {
				b.Fatal(err)
			}
		}
	}
}
