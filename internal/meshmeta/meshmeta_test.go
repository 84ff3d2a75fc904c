package meshmeta

import (
	"reflect"
	"testing"
)

func TestMapParseRoundTrip(t *testing.T) {
	in := Resource{Kind: KindMasterDataProject, Domain: "corp", Name: "CRM Master Data", Temporary: true, EndDate: "2030-01-01",
		MasterData: &MasterData{Source: "CRM", Owner: "jane", ContractFields: []string{"owner", "schema"}, QualityRules: 3},
		Consumes:   []string{"Web Master Data"}}
	m := in.Map()
	if m["kind"] != "MasterDataProject" || m["masterData"].(map[string]any)["source"] != "CRM" {
		t.Fatalf("Map = %v", m)
	}
	if _, ok := m["governance"]; ok {
		t.Error("false fields must be omitted")
	}
	out, ok := Parse(m)
	if !ok || !reflect.DeepEqual(in, out) {
		t.Errorf("round trip:\n%+v\n%+v", in, out)
	}
	for _, bad := range []any{nil, "text", map[string]any{"name": "no kind"}, []any{1}} {
		if _, ok := Parse(bad); ok {
			t.Errorf("Parse(%v) accepted", bad)
		}
	}
}
