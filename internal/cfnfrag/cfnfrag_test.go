package cfnfrag

import (
	"encoding/json"
	"strings"
	"testing"
)

// The expected IDs are aws-cdk-lib 2.270's: read from templates it synthesized, or given by
// its makeUniqueId (core/lib/private/uniqueid.js) for the same components.
func TestLogicalID(t *testing.T) {
	for _, c := range []struct {
		path []string
		want string
	}{
		{[]string{"Project", "Resource"}, "ProjectC78D97AD"},
		{[]string{"Project", "Memberenergyengineersdd056557"}, "ProjectMemberenergyengineersdd056557A0C63223"},
		{[]string{"ProjectProject00007f5b60b8.NestedStack", "ProjectProject00007f5b60b8.NestedStackResource"}, "ProjectProject00007f5b60b8NestedStackProjectProject00007f5b60b8NestedStackResource463A1E29"},
		{[]string{"Domain"}, "Domain"},
		{[]string{"Extra"}, "Extra"},
		{[]string{"Project", "Extra"}, "ProjectExtra488BFC3E"},
		{[]string{"Default", "My-Topic"}, "MyTopic"},
		{[]string{"A", "Default", "B"}, "ABE649FC2C"},
		{[]string{"MyBucket", "Bucket", "Resource"}, "MyBucketCB5E0479"}, // removeDupes
		{[]string{"Stack", "Resource", "Resource"}, "StackB4F7E9FE"},
		{[]string{"Foo", "barFoo", "Foo"}, "FoobarFooE7F958BA"},
		{[]string{strings.Repeat("x", 300)}, strings.Repeat("x", 240) + "8A4876EA"},
		{[]string{strings.Repeat("y", 250), "Z"}, strings.Repeat("y", 240) + "AAE0A7AA"},
	} {
		if got := LogicalID(c.path...); got != c.want {
			t.Errorf("LogicalID(%q) = %s, want %s", c.path, got, c.want)
		}
	}
}

func TestFragmentJSON(t *testing.T) {
	f := Fragment{
		{LogicalID: "Z", Type: "AWS::SNS::Topic", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain", Metadata: map[string]any{"k": "v"}},
		{LogicalID: "A", Type: "AWS::SNS::Topic", Properties: map[string]any{"TopicName": "${Token[TOKEN.1]}"}, DependsOn: []string{"Z"}},
	}
	b, err := f.JSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Resources":{"Z":{"Type":"AWS::SNS::Topic","DeletionPolicy":"Retain","UpdateReplacePolicy":"Retain","Metadata":{"k":"v"}},"A":{"Type":"AWS::SNS::Topic","Properties":{"TopicName":"${Token[TOKEN.1]}"},"DependsOn":["Z"]}}}`
	if string(b) != want {
		t.Errorf("JSON =\n%s\nwant (resources in the fragment's order)\n%s", b, want)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if _, err := (Fragment{{LogicalID: "A", Type: "T"}, {LogicalID: "A", Type: "T"}}).JSON(); err == nil {
		t.Error("a logical ID twice: no error")
	}
}
