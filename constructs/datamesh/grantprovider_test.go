package datamesh_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// TestGrantsWithDetailAreUpdatedInPlace: grants whose detail can change are one
// Custom::SmusmeshPolicyGrant each, with AWS::DataZone::PolicyGrant's properties, kept by
// one provider per domain whose role may only manage grants on this domain and owns the
// root unit (ACTIVATED IAM-role profile first), and every grant waits for that ownership.
// Grants with an empty detail stay native.
func TestGrantsWithDetailAreUpdatedInPlace(t *testing.T) {
	stack := newStack()
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
	sales := datamesh.NewDomainUnit(d, jsii.String("Sales"), &datamesh.DomainUnitProps{Parent: d, Name: "Sales",
		Owners: []datamesh.Principal{datamesh.SSOGroup("a1b2c3d4-5678-90ab-cdef-111111111111")}})
	sales.Grants().CreateProjects(datamesh.GrantToAllUsers(), []datamesh.IProjectProfile{prof}, datamesh.ChildUnitsIncluded)
	sales.Grants().CreateDomainUnits(datamesh.GrantToUnitOwners(sales), datamesh.ChildUnitsExcluded)
	d.Grants().CreateGlossaries(datamesh.GrantToPrincipal(datamesh.SSOUser("jane@example.com")), datamesh.ChildUnitsIncluded)
	d.GrantCreateEnvironmentFromBlueprint(datamesh.BlueprintMLExperiments, datamesh.GrantToUnitOwners(sales))
	tpl, raw := template(t, stack)

	grants := resources(raw, "Custom::SmusmeshPolicyGrant")
	if len(grants) != 3 {
		t.Fatalf("%d custom grants, want 3", len(grants))
	}
	tpl.HasResourceProperties(jsii.String("Custom::SmusmeshPolicyGrant"), map[string]any{
		"ServiceToken":     map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^CorpPolicyGrantsFunction")), "Arn"}},
		"DomainIdentifier": map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^Corp")), "Id"}},
		"EntityType":       "DOMAIN_UNIT",
		"EntityIdentifier": map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^CorpSales")), "Id"}},
		"PolicyType":       "CREATE_PROJECT_FROM_PROJECT_PROFILE",
		"Detail": map[string]any{"CreateProjectFromProjectProfile": map[string]any{
			"IncludeChildDomainUnits": true,
			"ProjectProfiles":         []any{map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^CorpSql")), "Id"}}},
		}},
		"Principal": map[string]any{"User": map[string]any{"AllUsersGrantFilter": map[string]any{}}},
	})
	tpl.HasResourceProperties(jsii.String("Custom::SmusmeshPolicyGrant"), map[string]any{
		"PolicyType": "CREATE_DOMAIN_UNIT",
		"Detail":     map[string]any{"CreateDomainUnit": map[string]any{"IncludeChildDomainUnits": false}},
		"Principal": map[string]any{"DomainUnit": map[string]any{"DomainUnitDesignation": "OWNER",
			"DomainUnitIdentifier": map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^CorpSales")), "Id"}}}},
	})
	tpl.HasResourceProperties(jsii.String("Custom::SmusmeshPolicyGrant"), map[string]any{
		"PolicyType":       "CREATE_GLOSSARY",
		"EntityIdentifier": map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^Corp")), "RootDomainUnitId"}},
		"Detail":           map[string]any{"CreateGlossary": map[string]any{"IncludeChildDomainUnits": true}},
		"Principal":        map[string]any{"User": map[string]any{"UserIdentifier": "jane@example.com"}},
	})
	// The blueprint grant has no detail to change: native.
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::PolicyGrant"), map[string]any{
		"PolicyType": "CREATE_ENVIRONMENT_FROM_BLUEPRINT",
		"Principal":  map[string]any{"DomainUnit": assertions.Match_AnyValue()},
	})

	// One provider: function, role, log group, profile, owner.
	tpl.ResourceCountIs(jsii.String("AWS::Lambda::Function"), jsii.Number(1))
	tpl.HasResourceProperties(jsii.String("AWS::Lambda::Function"), map[string]any{
		"Runtime":       "python3.14",
		"Handler":       "index.handler",
		"LoggingConfig": map[string]any{"LogGroup": map[string]any{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^CorpPolicyGrantsLogs"))}},
	})
	for _, fn := range resources(raw, "AWS::Lambda::Function") {
		code, _ := props(fn)["Code"].(map[string]any)["ZipFile"].(string)
		if !strings.Contains(code, "add_policy_grant") || len(code) > 4096 {
			t.Errorf("inline code (%d characters, the limit is 4096) does not look like the grant provider", len(code))
		}
	}
	roles := resources(raw, "AWS::IAM::Role")
	var policy []any
	for id, r := range roles {
		if strings.HasPrefix(id, "CorpPolicyGrantsRole") {
			for _, p := range props(r)["Policies"].([]any) {
				policy = p.(map[string]any)["PolicyDocument"].(map[string]any)["Statement"].([]any)
			}
		}
	}
	if len(policy) != 2 {
		t.Fatalf("provider role statements = %v, want the grant calls and the log writes", policy)
	}
	grantCalls := policy[0].(map[string]any)
	if got := toStrings(grantCalls["Action"]); !slices.Equal(got, []string{"datazone:AddPolicyGrant", "datazone:RemovePolicyGrant", "datazone:ListPolicyGrants"}) {
		t.Errorf("provider actions = %v", got)
	}
	join, _ := grantCalls["Resource"].(map[string]any)["Fn::Join"].([]any)
	if len(join) != 2 || !strings.Contains(strings.Join(toStrings(join[1]), ""), ":domain/") {
		t.Errorf("grant calls must be scoped to the domain's ARN, got %v", grantCalls["Resource"])
	}
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::UserProfile"), map[string]any{
		"UserIdentifier": map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^CorpPolicyGrantsRole")), "Arn"}},
		"UserType":       "IAM_ROLE",
		"Status":         "ACTIVATED",
	})
	var ownerID string
	for id, o := range resources(raw, "AWS::DataZone::Owner") {
		if !strings.HasPrefix(id, "CorpPolicyGrantsOwner") {
			continue
		}
		ownerID = id
		p := props(o)
		if p["EntityIdentifier"].(map[string]any)["Fn::GetAtt"].([]any)[1] != "RootDomainUnitId" {
			t.Errorf("provider owns %v, want the root domain unit", p["EntityIdentifier"])
		}
		user := p["Owner"].(map[string]any)["User"].(map[string]any)["UserIdentifier"].(map[string]any)["Fn::GetAtt"].([]any)
		if !strings.HasPrefix(user[0].(string), "CorpPolicyGrantsProfile") || !slices.ContainsFunc(toStrings(o["DependsOn"]), func(s string) bool { return s == user[0] }) {
			t.Errorf("provider owner names %v and depends on %v, want the provider's profile, after it", user, o["DependsOn"])
		}
	}
	if ownerID == "" {
		t.Fatal("no Owner for the provider's role")
	}
	for id, g := range grants {
		if !slices.Contains(toStrings(g["DependsOn"]), ownerID) {
			t.Errorf("%s does not wait for the provider's ownership (DependsOn %v)", id, g["DependsOn"])
		}
	}
}

// TestProviderWithoutGrants: a root domain has its grant provider even before a grant
// uses it, so removing the last grant removes the grant only, not the provider's role and
// user profile (which DataZone cannot delete).
func TestProviderWithoutGrants(t *testing.T) {
	stack := newStack()
	datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	_, raw := template(t, stack)
	if n := len(resources(raw, "AWS::Lambda::Function")); n != 1 {
		t.Errorf("%d functions, want the grant provider", n)
	}
	if n := len(resources(raw, "Custom::SmusmeshPolicyGrant")); n != 0 {
		t.Errorf("%d grants, want none", n)
	}
}

// TestPolicyGrantHandler runs the provider's Python code against a fake DataZone client:
// create, update in place through the documented AlreadyExists, the fallback remove and
// add, a new identity, delete (and delete of a grant already gone, and of a failed create).
func TestPolicyGrantHandler(t *testing.T) {
	runHandlerTests(t, "grant_test.py", "grant.py", 9)
}
