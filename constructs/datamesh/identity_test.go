package datamesh_test

import (
	"testing"
)

// groupLookups maps each group display name to the logical ID of its Custom::IdcGroupId
// lookup in the template.
func groupLookups(raw map[string]any) map[string]string {
	out := map[string]string{}
	for id, r := range resources(raw, "Custom::IdcGroupId") {
		out[props(r)["GroupName"].(string)] = id
	}
	return out
}

// groupRef is the value a group field must hold for the group named name: the GetAtt of
// its lookup.
func groupRef(t testing.TB, raw map[string]any, name string) map[string]any {
	t.Helper()
	id, ok := groupLookups(raw)[name]
	if !ok {
		t.Fatalf("no Custom::IdcGroupId lookup of group %q", name)
	}
	return map[string]any{"Fn::GetAtt": []any{id, "GroupId"}}
}
