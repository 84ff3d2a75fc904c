package cfnschema

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestBehaviorOf(t *testing.T) {
	cases := []struct {
		typ                       string
		updatable, deleteFirst    bool
		createOnly, notCreateOnly string
	}{
		// No update handler: any change replaces.
		{typ: "AWS::DataZone::PolicyGrant", createOnly: "Detail"},
		{typ: "AWS::DataZone::Project", updatable: true, createOnly: "ProjectProfileId", notCreateOnly: "Name"},
		{typ: "AWS::DataZone::ProjectMembership", updatable: true, createOnly: "Member", notCreateOnly: "Designation"},
		// A legacy provider: no handlers in the schema, updated in place.
		{typ: "AWS::LakeFormation::DataLakeSettings", updatable: true},
		{typ: "AWS::LakeFormation::PrincipalPermissions", deleteFirst: true, createOnly: "Permissions"},
	}
	for _, c := range cases {
		b, err := BehaviorOf(c.typ)
		if err != nil {
			t.Fatal(err)
		}
		if b.Updatable != c.updatable || b.DeleteThenCreate != c.deleteFirst {
			t.Errorf("%s: updatable %v delete-then-create %v, want %v %v", c.typ, b.Updatable, b.DeleteThenCreate, c.updatable, c.deleteFirst)
		}
		var co []string
		for _, p := range b.CreateOnly {
			co = append(co, strings.Join(p, "/"))
		}
		if c.createOnly != "" && !slices.Contains(co, c.createOnly) {
			t.Errorf("%s: create-only %v lacks %s", c.typ, co, c.createOnly)
		}
		if c.notCreateOnly != "" && slices.Contains(co, c.notCreateOnly) {
			t.Errorf("%s: %s is create-only", c.typ, c.notCreateOnly)
		}
	}
	if _, err := BehaviorOf("AWS::DataZone::Nope"); !errors.Is(err, ErrNoSchema) {
		t.Errorf("unknown type: err = %v, want ErrNoSchema", err)
	}
}

func TestAssemblyStacks(t *testing.T) {
	stacks, err := AssemblyStacks("testdata/assembly")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range stacks {
		got = append(got, s.DisplayName+" "+s.Environment+" "+s.Name)
	}
	want := []string{
		"Tools aws://111111111111/eu-west-1 Tools",
		"dev/DomainStack aws://111111111111/eu-west-1 devDomainStack1A2B3C4D", // no stackName: the artifact ID
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
