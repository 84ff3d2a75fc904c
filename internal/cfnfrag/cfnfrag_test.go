package cfnfrag

import (
	"encoding/json"
	"testing"
)

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
