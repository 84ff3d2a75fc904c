package datamesh_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

const (
	groupUUID         = "a1b2c3d4-5678-90ab-cdef-111111111111"
	groupPrefixedUUID = "0123456789-a1b2c3d4-5678-90ab-cdef-222222222222"
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

// groupFields returns every group identifier the template gives DataZone, by where it is.
func groupFields(raw map[string]any) map[string]any {
	out := map[string]any{}
	dig := func(v any, path ...string) (any, bool) {
		for _, k := range path {
			m, ok := v.(map[string]any)
			if !ok {
				return nil, false
			}
			if v, ok = m[k]; !ok {
				return nil, false
			}
		}
		return v, true
	}
	for typ, path := range map[string][]string{
		"AWS::DataZone::GroupProfile":      {"GroupIdentifier"},
		"AWS::DataZone::Owner":             {"Owner", "Group", "GroupIdentifier"},
		"AWS::DataZone::PolicyGrant":       {"Principal", "Group", "GroupIdentifier"},
		"Custom::SmusmeshPolicyGrant":      {"Principal", "Group", "GroupIdentifier"},
		"AWS::DataZone::ProjectMembership": {"Member", "GroupIdentifier"},
	} {
		for id, r := range resources(raw, typ) {
			if v, ok := dig(props(r), path...); ok {
				out[typ+" "+id] = v
			}
		}
	}
	return out
}

// groupsMesh names groups by display name and by ID in every place a group goes: domain
// and unit owners, a grant, project members.
func groupsMesh(identity *datamesh.Identity) awscdk.Stack {
	stack := newStack()
	p := ssoDomainProps()
	if identity != nil {
		p.Identity = identity
	}
	p.Owners = []datamesh.Principal{datamesh.SSOGroup("data-governance")}
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), p)
	prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
	sales := datamesh.NewDomainUnit(d, jsii.String("Sales"), &datamesh.DomainUnitProps{Parent: d, Name: "Sales",
		Owners: []datamesh.Principal{datamesh.SSOGroup("sales-owners"), datamesh.SSOGroup(groupUUID)}})
	sales.Grants().CreateProjects(datamesh.GrantToPrincipal(datamesh.SSOGroup("sales-owners")), []datamesh.IProjectProfile{prof}, datamesh.ChildUnitsIncluded)
	sales.Grants().CreateGlossaries(datamesh.GrantToPrincipal(datamesh.SSOGroup(groupPrefixedUUID)), datamesh.ChildUnitsExcluded)
	datamesh.NewProject(d, jsii.String("Orders"), &datamesh.ProjectProps{DomainUnit: sales, Name: "Orders", Profile: prof,
		Members: []*datamesh.Member{
			{Principal: datamesh.SSOGroup("analysts")},
			{Principal: datamesh.SSOGroup("sales-owners"), Designation: datamesh.DesignationOwner},
			{Principal: datamesh.SSOGroup(groupUUID), Designation: datamesh.DesignationCatalogViewer},
		}})
	return stack
}

// TestGroupsReachDataZoneByID: every group field holds the group ID: the lookup's GetAtt
// for a display name (one lookup per name and domain), the ID itself for an ID.
func TestGroupsReachDataZoneByID(t *testing.T) {
	_, raw := template(t, groupsMesh(nil))
	lookups := groupLookups(raw)
	if want := []string{"analysts", "data-governance", "sales-owners"}; !reflect.DeepEqual(sortedKeys(lookups), want) {
		t.Fatalf("lookups of %v, want exactly %v (none for group IDs)", sortedKeys(lookups), want)
	}
	for name, id := range lookups {
		got := props(resources(raw, "Custom::IdcGroupId")[id])
		want := map[string]any{"GroupName": name, "InstanceArn": testIdc, "ServiceToken": got["ServiceToken"], "ServiceTimeout": got["ServiceTimeout"]}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("lookup %s properties = %v, want %v", id, got, want)
		}
	}
	fields := groupFields(raw)
	refs := map[string]bool{groupUUID: true, groupPrefixedUUID: true}
	for _, id := range lookups {
		b, _ := json.Marshal(map[string]any{"Fn::GetAtt": []any{id, "GroupId"}})
		refs[string(b)] = true
	}
	seen := map[string]int{}
	for where, v := range fields {
		key, _ := v.(string)
		if key == "" {
			b, _ := json.Marshal(v)
			key = string(b)
		}
		if !refs[key] {
			t.Errorf("%s: group identifier %s is neither a group ID nor a lookup's GroupId", where, key)
		}
		seen[strings.SplitN(where, " ", 2)[0]]++
	}
	// 4 groups have profiles; owners: data-governance, sales-owners, the UUID; one group
	// grant per name or ID (custom: its detail can change), plus one member-pool grant per
	// group member (native: fixed detail); 3 group members.
	want := map[string]int{"AWS::DataZone::GroupProfile": 5, "AWS::DataZone::Owner": 3, "AWS::DataZone::PolicyGrant": 3,
		"Custom::SmusmeshPolicyGrant": 2, "AWS::DataZone::ProjectMembership": 3}
	if !reflect.DeepEqual(seen, want) {
		t.Errorf("group fields per type = %v, want %v", seen, want)
	}
}

// TestGroupLookupFunction: one function per domain, on the latest Python runtime, with its
// own log group and a role that may do exactly what the lookup needs.
func TestGroupLookupFunction(t *testing.T) {
	cases := []struct {
		name       string
		identity   *datamesh.Identity
		store      string
		statements []string // action -> resources, in order
		lookup     map[string]any
	}{
		{
			name: "instance", identity: nil, store: "*",
			statements: []string{
				`identitystore:GetGroupId [arn:{AWS::Partition}:identitystore::*:identitystore/* arn:{AWS::Partition}:identitystore:::group/*]`,
				`sso:DescribeInstance [` + testIdc + `]`,
				`logs:CreateLogStream,logs:PutLogEvents [{Logs.Arn}]`,
			},
			lookup: map[string]any{"InstanceArn": testIdc},
		},
		{
			name:     "identity store",
			identity: &datamesh.Identity{IdentityCenterInstanceARN: testIdc, IdentityStoreID: "d-0123456789"},
			store:    "d-0123456789",
			statements: []string{
				`identitystore:GetGroupId [arn:{AWS::Partition}:identitystore::*:identitystore/d-0123456789 arn:{AWS::Partition}:identitystore:::group/*]`,
				`logs:CreateLogStream,logs:PutLogEvents [{Logs.Arn}]`,
			},
			lookup: map[string]any{"IdentityStoreId": "d-0123456789"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, raw := template(t, groupsMesh(c.identity))
			fns := resources(raw, "AWS::Lambda::Function")
			for id := range fns {
				if strings.HasPrefix(id, "CorpPolicyGrants") {
					delete(fns, id) // the grant provider (grantprovider_test.go)
				}
			}
			if len(fns) != 1 {
				t.Fatalf("%d functions, want 1", len(fns))
			}
			var fnID string
			for id := range fns {
				fnID = id
			}
			fp := props(fns[fnID])
			if fp["Runtime"] != "python3.14" || fp["Handler"] != "index.handler" || fp["Timeout"] != float64(60) {
				t.Errorf("function runtime %v handler %v timeout %v", fp["Runtime"], fp["Handler"], fp["Timeout"])
			}
			code, _ := fp["Code"].(map[string]any)["ZipFile"].(string)
			if !strings.Contains(code, "get_group_id") || !strings.Contains(code, "cfnresponse") || len(code) > 4096 {
				t.Errorf("inline code (%d characters, the limit is 4096) does not look like the lookup", len(code))
			}
			logs := resources(raw, "AWS::Logs::LogGroup")
			for id := range logs {
				if strings.HasPrefix(id, "CorpPolicyGrants") {
					delete(logs, id)
				}
			}
			if len(logs) != 1 {
				t.Fatalf("%d log groups, want 1", len(logs))
			}
			var logID string
			for id := range logs {
				logID = id
			}
			if got := fp["LoggingConfig"]; !reflect.DeepEqual(got, map[string]any{"LogGroup": map[string]any{"Ref": logID}}) {
				t.Errorf("LoggingConfig = %v, want the lookup's own log group", got)
			}
			roleID := fp["Role"].(map[string]any)["Fn::GetAtt"].([]any)[0].(string)
			role := props(resources(raw, "AWS::IAM::Role")[roleID])
			if _, ok := role["ManagedPolicyArns"]; ok {
				t.Errorf("lookup role has managed policies: %v", role["ManagedPolicyArns"])
			}
			var got []string
			for _, p := range role["Policies"].([]any) {
				for _, s := range p.(map[string]any)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
					got = append(got, statement(s.(map[string]any), logID))
				}
			}
			if !reflect.DeepEqual(got, c.statements) {
				t.Errorf("role statements:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.statements, "\n"))
			}
			for id, r := range resources(raw, "Custom::IdcGroupId") {
				p := props(r)
				if !reflect.DeepEqual(p["ServiceToken"], map[string]any{"Fn::GetAtt": []any{fnID, "Arn"}}) {
					t.Errorf("%s ServiceToken = %v", id, p["ServiceToken"])
				}
				for k, v := range c.lookup {
					if p[k] != v {
						t.Errorf("%s %s = %v, want %v", id, k, p[k], v)
					}
				}
				if len(p) != 3+len(c.lookup) {
					t.Errorf("%s properties = %v", id, p)
				}
			}
		})
	}
}

// statement renders an IAM statement as "actions [resources]", with Fn::Join of the
// partition and the log group's GetAtt spelled out.
func statement(s map[string]any, logID string) string {
	str := func(v any) string {
		switch x := v.(type) {
		case string:
			return x
		case map[string]any:
			if j, ok := x["Fn::Join"].([]any); ok {
				var b strings.Builder
				for _, p := range j[1].([]any) {
					if m, ok := p.(map[string]any); ok {
						b.WriteString("{" + m["Ref"].(string) + "}")
					} else {
						b.WriteString(p.(string))
					}
				}
				return b.String()
			}
			if g, ok := x["Fn::GetAtt"].([]any); ok && g[0] == logID {
				return "{Logs." + g[1].(string) + "}"
			}
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	list := func(v any) []string {
		if l, ok := v.([]any); ok {
			var out []string
			for _, e := range l {
				out = append(out, str(e))
			}
			return out
		}
		return []string{str(v)}
	}
	if s["Effect"] != "Allow" {
		return "not Allow: " + str(s)
	}
	return strings.Join(list(s["Action"]), ",") + " [" + strings.Join(list(s["Resource"]), " ") + "]"
}

func sortedKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestGroupIDInNestedProjectStack: a project in a nested stack gets the resolved group ID
// as a parameter from the domain stack; one parameter per group, not per use.
func TestGroupIDInNestedProjectStack(t *testing.T) {
	stack := newStack()
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
	nested := awscdk.NewNestedStack(stack, jsii.String("ProjectOrders"), nil)
	datamesh.NewProject(nested, jsii.String("Project"), &datamesh.ProjectProps{DomainUnit: d, Name: "Orders", Profile: prof,
		Members: []*datamesh.Member{{Principal: datamesh.SSOGroup("analysts")}, {Principal: datamesh.SSOGroup(groupUUID), Designation: datamesh.DesignationOwner}}})
	_, parent := template(t, stack)
	_, raw := template(t, nested)
	lookup := groupLookups(parent)["analysts"]
	if lookup == "" {
		t.Fatal("the domain stack has no lookup of analysts")
	}
	// The parent passes the lookup's GroupId to the nested stack.
	var passed string
	for _, r := range resources(parent, "AWS::CloudFormation::Stack") {
		for name, v := range props(r)["Parameters"].(map[string]any) {
			if reflect.DeepEqual(v, map[string]any{"Fn::GetAtt": []any{lookup, "GroupId"}}) {
				passed = name
			}
		}
	}
	if passed == "" {
		t.Fatal("the nested stack gets no parameter holding the group ID")
	}
	for id, m := range resources(raw, "AWS::DataZone::ProjectMembership") {
		gi := props(m)["Member"].(map[string]any)["GroupIdentifier"]
		if gi != groupUUID && !reflect.DeepEqual(gi, map[string]any{"Ref": passed}) {
			t.Errorf("%s GroupIdentifier = %v, want Ref %s or the group ID", id, gi, passed)
		}
	}
}

// TestImportedDomainGroups: an imported domain has no Identity Center instance to look
// names up in: a group ID passes, a display name is a synth error naming the fix.
func TestImportedDomainGroups(t *testing.T) {
	for _, c := range []struct {
		group string
		err   error
	}{{groupUUID, nil}, {"analysts", datamesh.ErrInvalidProps}} {
		t.Run(c.group, func(t *testing.T) {
			stack := newStack()
			d := datamesh.BusinessDomainFromAttributes(stack, jsii.String("Existing"), &datamesh.BusinessDomainAttributes{
				DomainID: "dzd_abc123", RootDomainUnitID: "root123", DomainName: "existing",
				BlueprintIDs: map[datamesh.Blueprint]*string{datamesh.BlueprintTooling: jsii.String("bp1234")}})
			prof := datamesh.NewProjectProfile(stack, jsii.String("Basic"), &datamesh.ProjectProfileProps{Domain: d, Name: "Basic"})
			err := build(func() {
				datamesh.NewProject(stack, jsii.String("P"), &datamesh.ProjectProps{DomainUnit: d, Name: "P", Profile: prof,
					Members: []*datamesh.Member{{Principal: datamesh.SSOGroup(c.group)}}})
			})
			if !errors.Is(err, c.err) {
				t.Fatalf("err = %v, want %v", err, c.err)
			}
			if err != nil {
				if !strings.Contains(err.Error(), "group ID") {
					t.Errorf("error does not name the fix: %v", err)
				}
				return
			}
			_, raw := template(t, stack)
			for id, m := range resources(raw, "AWS::DataZone::ProjectMembership") {
				if gi := props(m)["Member"].(map[string]any)["GroupIdentifier"]; gi != groupUUID {
					t.Errorf("%s GroupIdentifier = %v", id, gi)
				}
			}
			if n := len(resources(raw, "Custom::IdcGroupId")); n != 0 {
				t.Errorf("%d lookups for a group given by ID", n)
			}
		})
	}
}

// TestIamPrincipalsAsAwsMakesThem: IAM roles and users are members and owners by
// UserIdentifier (their ARN), with a user profile of their type, ACTIVATED; SSO users'
// profiles are ASSIGNED.
func TestIamPrincipalsAsAwsMakesThem(t *testing.T) {
	const role, user = "arn:aws:iam::111111111111:role/Pipeline", "arn:aws:iam::111111111111:user/Robot"
	stack := newStack()
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
	d.AddOwner(datamesh.IAMRole(role))
	datamesh.NewProject(d, jsii.String("Orders"), &datamesh.ProjectProps{DomainUnit: d, Name: "Orders", Profile: prof,
		Members: []*datamesh.Member{{Principal: datamesh.IAMRole(role)}, {Principal: datamesh.IAMUser(user)}, {Principal: datamesh.SSOUser("jane@example.com")}}})
	_, raw := template(t, stack)
	profiles := map[string][2]any{}
	for _, r := range resources(raw, "AWS::DataZone::UserProfile") {
		p := props(r)
		id, ok := p["UserIdentifier"].(string)
		if !ok {
			continue // the grant provider's role, by GetAtt (grantprovider_test.go)
		}
		profiles[id] = [2]any{p["UserType"], p["Status"]}
	}
	want := map[string][2]any{role: {"IAM_ROLE", "ACTIVATED"}, user: {"IAM_USER", "ACTIVATED"}, "jane@example.com": {"SSO_USER", "ASSIGNED"}}
	if !reflect.DeepEqual(profiles, want) {
		t.Errorf("user profiles = %v, want %v", profiles, want)
	}
	members := map[string]bool{}
	for _, m := range resources(raw, "AWS::DataZone::ProjectMembership") {
		mem := props(m)["Member"].(map[string]any)
		if _, ok := mem["GroupIdentifier"]; ok {
			t.Errorf("member %v is a group", mem)
		}
		members[mem["UserIdentifier"].(string)] = true
	}
	if !members[role] || !members[user] {
		t.Errorf("memberships of %v, want the role and the user by ARN", members)
	}
	for id, o := range resources(raw, "AWS::DataZone::Owner") {
		if strings.HasPrefix(id, "CorpPolicyGrants") {
			continue // the grant provider's ownership (grantprovider_test.go)
		}
		if u := props(o)["Owner"].(map[string]any)["User"]; !reflect.DeepEqual(u, map[string]any{"UserIdentifier": role}) {
			t.Errorf("owner = %v, want the role by UserIdentifier", props(o)["Owner"])
		}
	}
}

// TestOneGrantPerIdentity: DataZone keeps one grant per entity, policy and principal. The
// same grant twice is one grant; the same identity with another detail is ErrDuplicate;
// owners added twice (constructor and AddOwner) are one Owner.
func TestOneGrantPerIdentity(t *testing.T) {
	stack := newStack()
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
	sales := datamesh.NewDomainUnit(d, jsii.String("Sales"), &datamesh.DomainUnitProps{Parent: d, Name: "Sales", Owners: []datamesh.Principal{datamesh.SSOGroup("sales-owners")}})
	sales.AddOwner(datamesh.SSOGroup("sales-owners"))
	d.AddOwner(datamesh.SSOUser("jane@example.com"))
	d.AddOwner(datamesh.SSOUser("jane@example.com"))
	g := datamesh.GrantToPrincipal(datamesh.SSOGroup("analysts"))
	first := sales.Grants().CreateProjects(g, []datamesh.IProjectProfile{prof}, datamesh.ChildUnitsIncluded)
	if again := sales.Grants().CreateProjects(g, []datamesh.IProjectProfile{prof}, datamesh.ChildUnitsIncluded); again != first {
		t.Error("the same grant twice made two grants")
	}
	err := build(func() {
		sales.Grants().CreateProjects(g, []datamesh.IProjectProfile{prof}, datamesh.ChildUnitsExcluded)
	})
	if !errors.Is(err, datamesh.ErrDuplicate) || !strings.Contains(err.Error(), "one grant per unit, policy and principal") {
		t.Errorf("same unit, policy and principal with another detail: err = %v, want ErrDuplicate", err)
	}
	again := &datamesh.PolicyGrantProps{DomainUnit: sales, Policy: datamesh.PolicyCreateProjectFromProjectProfile,
		Principal: g, Detail: &datamesh.PolicyDetail{ProjectProfiles: []datamesh.IProjectProfile{prof}}}
	if err := again.Validate(); !errors.Is(err, datamesh.ErrDuplicate) {
		t.Errorf("Validate of a grant whose identity is already granted: err = %v, want ErrDuplicate (what the constructor refuses)", err)
	}
	err = build(func() { datamesh.NewPolicyGrant(stack, jsii.String("Again"), again) })
	if !errors.Is(err, datamesh.ErrDuplicate) {
		t.Errorf("NewPolicyGrant of an identity already granted: err = %v, want ErrDuplicate", err)
	}
	_, raw := template(t, stack)
	n := 0
	for _, r := range resources(raw, "Custom::SmusmeshPolicyGrant") {
		if props(r)["PolicyType"] == "CREATE_PROJECT_FROM_PROJECT_PROFILE" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d project-creation grants, want 1", n)
	}
	// Plus the grant provider's ownership of the root unit.
	if n := len(resources(raw, "AWS::DataZone::Owner")); n != 3 {
		t.Errorf("%d owners, want 3 (one per unit and principal, and the grant provider's)", n)
	}
}

func TestIdentityStoreIDValidation(t *testing.T) {
	cases := []struct {
		name string
		id   datamesh.Identity
		err  error
	}{
		{"store ID", datamesh.Identity{IdentityCenterInstanceARN: testIdc, IdentityStoreID: "d-0123456789"}, nil},
		{"UUID store", datamesh.Identity{IdentityCenterInstanceARN: testIdc, IdentityStoreID: "a1b2c3d4-5678-90ab-cdef-111111111111"}, nil},
		{"bad store", datamesh.Identity{IdentityCenterInstanceARN: testIdc, IdentityStoreID: "store-1"}, datamesh.ErrInvalidProps},
		{"IAM domain", datamesh.Identity{Mode: datamesh.IdentityModeIAM, IdentityStoreID: "d-0123456789"}, datamesh.ErrIdentityMismatch},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := ssoDomainProps()
			p.Identity = &c.id
			if err := p.Validate(); !errors.Is(err, c.err) || (c.err != nil && !strings.Contains(err.Error(), "IdentityStoreID")) {
				t.Errorf("err = %v, want %v on IdentityStoreID", err, c.err)
			}
		})
	}
}

func TestIsGroupID(t *testing.T) {
	for s, want := range map[string]bool{
		groupUUID: true, groupPrefixedUUID: true, "A1B2C3D4-5678-90AB-CDEF-111111111111": true,
		"data-governance": false, "a1b2c3d4-5678-90ab-cdef": false, "0123456789a1b2c3d4-5678-90ab-cdef-222222222222": false, "": false,
	} {
		if got := datamesh.IsGroupID(s); got != want {
			t.Errorf("IsGroupID(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestGroupLookupHandler runs the lookup's Python code against fake AWS clients: found,
// not found (the message names the group and the store), store given, delete.
func TestGroupLookupHandler(t *testing.T) {
	runHandlerTests(t, "groupid_test.py", "groupid.py", 7)
}

// runHandlerTests runs testdata/<test>, the Python tests of an inline custom-resource
// handler (<handler>, loaded as Lambda loads it, against the fakes of
// testdata/lambdafake.py), and checks that all <cases> ran and passed.
func runHandlerTests(t *testing.T, test, handler string, cases int) {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed: the handler's Python tests need it")
	}
	cmd := exec.Command(python, filepath.Join("testdata", test), handler)
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python handler tests failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), fmt.Sprintf("OK: %d cases", cases)) {
		t.Fatalf("python handler tests did not run:\n%s", out)
	}
}
