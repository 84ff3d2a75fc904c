package datamesh_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// variant changes the fixture mesh in one way.
type variant struct {
	extraMember, extraOwner, extraGrant, dropMember, promote, renameUnit, childGrant bool
}

// fixture builds a small mesh and returns its template.
func fixture(t *testing.T, v variant) map[string]any {
	stack := newStack()
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
	owners := []datamesh.Principal{datamesh.SSOGroup("sales-owners")}
	if v.extraOwner {
		owners = append(owners, datamesh.SSOUser("new.owner@example.com"))
	}
	unitName := "Sales"
	if v.renameUnit {
		unitName = "Sales and Marketing"
	}
	sales := datamesh.NewDomainUnit(d, jsii.String("Sales"), &datamesh.DomainUnitProps{Parent: d, Name: unitName, Owners: owners})
	children := datamesh.ChildUnitsIncluded
	if v.childGrant {
		children = datamesh.ChildUnitsExcluded
	}
	sales.Grants().CreateProjects(datamesh.GrantToUnitOwners(sales), []datamesh.IProjectProfile{prof}, children)
	if v.extraGrant {
		sales.Grants().CreateGlossaries(datamesh.GrantToPrincipal(datamesh.SSOGroup("stewards")), datamesh.ChildUnitsExcluded)
	}
	members := []*datamesh.Member{{Principal: datamesh.SSOUser("jane@example.com"), Designation: datamesh.DesignationOwner}}
	if !v.dropMember {
		des := datamesh.DesignationContributor
		if v.promote {
			des = datamesh.DesignationOwner
		}
		members = append(members, &datamesh.Member{Principal: datamesh.SSOGroup("analysts"), Designation: des})
	}
	if v.extraMember {
		members = append(members, &datamesh.Member{Principal: datamesh.SSOUser("new.member@example.com")})
	}
	datamesh.NewProject(d, jsii.String("Orders"), &datamesh.ProjectProps{DomainUnit: sales, Name: "Orders", Profile: prof, Members: members, Description: "Orders"})
	_, raw := template(t, stack)
	return raw["Resources"].(map[string]any)
}

// TestReplacementSafety: adding or removing one member, owner or grant adds or removes
// exactly that resource (and at most its profile and group lookup); every other resource
// keeps its logical ID and properties, so nothing is replaced, and the domain and project
// are untouched. Changes of one property keep every logical ID and change only the
// resource that holds the property.
func TestReplacementSafety(t *testing.T) {
	base := fixture(t, variant{})
	cases := []struct {
		name        string
		v           variant
		added, gone []string // logical ID prefixes
		changed     []string // logical ID prefixes of resources whose properties change
		fields      []string // the property paths that change in them
		inPlace     string   // the type the changed resources must have (updatable), if set
	}{
		// A new member also joins the unit's project member pool (one grant of its own).
		{name: "add member", v: variant{extraMember: true}, added: []string{"CorpOrdersMembernewmember", "CorpProfilesUsernewmember", "CorpSalesMemberPoolnewmember"}},
		// The profile of a principal nobody names any more leaves the template; it is
		// retained in the service (user profiles have no delete API). The group lookup
		// goes too (its delete does nothing).
		{name: "remove member", v: variant{dropMember: true}, gone: []string{"CorpOrdersMemberanalysts", "CorpProfilesGroupanalysts", "CorpGroupIdsGroupanalysts", "CorpSalesMemberPoolanalysts"}},
		{name: "add owner", v: variant{extraOwner: true}, added: []string{"CorpSalesOwnernewowner", "CorpProfilesUsernewowner"}},
		{name: "add grant", v: variant{extraGrant: true}, added: []string{"CorpSalesGrantcreateglossary", "CorpProfilesGroupstewards", "CorpGroupIdsGroupstewards"}},
		// A designation change updates the same membership in place: the logical ID derives
		// from project and member only, and Designation is updatable (the handler deletes
		// and re-creates the membership). A new logical ID would create the new membership
		// before deleting the old one: "User is already in the project".
		{name: "change designation", v: variant{promote: true}, changed: []string{"CorpOrdersMemberanalysts"}, fields: []string{"Properties.Designation"}},
		// Renaming a unit updates the unit; its owners and grants keep their logical IDs
		// (an Owner keyed by the unit's name would be created again, for the same principal
		// on the same unit, before the old one is deleted).
		{name: "rename unit", v: variant{renameUnit: true}, changed: []string{"CorpSales621294CE"}, fields: []string{"Properties.Name"}},
		// A changed grant detail keeps the grant's logical ID: DataZone keeps one grant per
		// unit, policy and principal, so two logical IDs must never carry that identity. And
		// it is an update in place: the grant is a Custom::SmusmeshPolicyGrant, whose
		// provider changes the detail (an AWS::DataZone::PolicyGrant, without update
		// handler, would be replaced and collide with itself).
		{name: "change grant detail", v: variant{childGrant: true}, changed: []string{"CorpSalesGrantcreateprojectfromproject"},
			fields: []string{"Properties.Detail.CreateProjectFromProjectProfile.IncludeChildDomainUnits"}, inPlace: "Custom::SmusmeshPolicyGrant"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := fixture(t, c.v)
			changed := 0
			for id, r := range base {
				nr, ok := got[id]
				if !ok {
					if !hasPrefix(id, c.gone) {
						t.Errorf("%s disappeared", id)
					}
					continue
				}
				// Metadata (what the mesh recorded: names, members) changes no resource in
				// the service; everything else must stay equal.
				if reflect.DeepEqual(withoutMetadata(r), withoutMetadata(nr)) {
					continue
				}
				if hasPrefix(id, c.changed) {
					if typ := nr.(map[string]any)["Type"]; c.inPlace != "" && typ != c.inPlace {
						t.Errorf("%s is a %v, want %s (updated in place)", id, typ, c.inPlace)
					}
					if diff := diffPaths("", withoutMetadata(r), withoutMetadata(nr)); !reflect.DeepEqual(diff, c.fields) {
						t.Errorf("%s: changed %v, want only %v", id, diff, c.fields)
					}
					changed++
					continue
				}
				a, _ := json.Marshal(r)
				b, _ := json.Marshal(nr)
				t.Errorf("%s changed:\n%s\n%s", id, a, b)
			}
			if changed != len(c.changed) {
				t.Errorf("%d resources changed in place, want %d (%v)", changed, len(c.changed), c.changed)
			}
			for id := range got {
				if _, ok := base[id]; !ok && !hasPrefix(id, c.added) {
					t.Errorf("unexpected new resource %s", id)
				}
			}
		})
	}
}

func withoutMetadata(r any) map[string]any {
	out := map[string]any{}
	for k, v := range r.(map[string]any) {
		if k != "Metadata" {
			out[k] = v
		}
	}
	return out
}

// diffPaths lists the dotted paths where a and b differ.
func diffPaths(prefix string, a, b any) []string {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if !aok || !bok {
		if reflect.DeepEqual(a, b) {
			return nil
		}
		return []string{prefix}
	}
	keys := map[string]bool{}
	for k := range am {
		keys[k] = true
	}
	for k := range bm {
		keys[k] = true
	}
	var out []string
	for k := range keys {
		p := k
		if prefix != "" {
			p = prefix + "." + k
		}
		out = append(out, diffPaths(p, am[k], bm[k])...)
	}
	sort.Strings(out)
	return out
}

func hasPrefix(id string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}

// TestPinnedLogicalIDs pins the logical IDs of stateful resources: changing one deletes
// and recreates the resource with everything in it. Refresh with -update only for a
// deliberate, documented break.
func TestPinnedLogicalIDs(t *testing.T) {
	res := fixture(t, variant{})
	stateful := map[string]bool{"AWS::DataZone::Domain": true, "AWS::DataZone::DomainUnit": true, "AWS::DataZone::Project": true,
		"AWS::KMS::Key": true, "AWS::DataZone::UserProfile": true, "AWS::DataZone::GroupProfile": true,
		"AWS::DataZone::ProjectProfile": true, "AWS::DataZone::EnvironmentBlueprintConfiguration": true}
	var lines []string
	for id, r := range res {
		typ := r.(map[string]any)["Type"].(string)
		if stateful[typ] {
			lines = append(lines, typ+" "+id)
		}
	}
	sort.Strings(lines)
	got := strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", "logical_ids.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("logical IDs of stateful resources changed: deploying this replaces them.\ngot:\n%s\nwant:\n%s", got, want)
	}
}

// moveFixture is a mesh with units Sales and Marketing and a project created in the
// domain's scope (not in its unit's): moved, it is in Marketing and renamed, and Sales
// is renamed with its key kept.
func moveFixture(t *testing.T, moved bool) map[string]any {
	stack := newStack()
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
	salesName, projectName := "Sales", "Orders"
	if moved {
		salesName, projectName = "Sales and Service", "Order Analytics"
	}
	sales := datamesh.NewDomainUnit(d, jsii.String("Sales"), &datamesh.DomainUnitProps{Parent: d, Name: salesName, Key: "Sales",
		Owners: []datamesh.Principal{datamesh.SSOGroup("sales-owners")}})
	sales.Grants().CreateProjects(datamesh.GrantToUnitOwners(sales), []datamesh.IProjectProfile{prof}, datamesh.ChildUnitsIncluded)
	d.Grants().CreateGlossaries(datamesh.GrantToProjectsIn(sales, datamesh.ProjectDesignationOwners, datamesh.ChildUnitsIncluded), datamesh.ChildUnitsExcluded)
	marketing := datamesh.NewDomainUnit(d, jsii.String("Marketing"), &datamesh.DomainUnitProps{Parent: d, Name: "Marketing"})
	unit := sales
	if moved {
		unit = marketing
	}
	datamesh.NewProject(d, jsii.String("Orders"), &datamesh.ProjectProps{DomainUnit: unit, Name: projectName, Key: "Orders", Profile: prof,
		Members: []*datamesh.Member{{Principal: datamesh.SSOUser("jane@example.com"), Designation: datamesh.DesignationOwner}}, Description: "Orders"})
	_, raw := template(t, stack)
	return raw["Resources"].(map[string]any)
}

// TestRenameAndMoveInGo: a project created in a scope that does not depend on its unit
// keeps every logical ID when it is renamed and moved to another unit, and a unit renamed
// with its Key kept keeps its own, its owners' and its grants' logical IDs: only the names
// and the project's DomainUnitId change, both updatable in place.
func TestRenameAndMoveInGo(t *testing.T) {
	before, after := moveFixture(t, false), moveFixture(t, true)
	changed := map[string]bool{}
	for id, r := range before {
		nr, ok := after[id]
		// A moved project's members leave the old unit's member pool and join the new
		// one's: per-unit grants, another service identity each, so no collision.
		if !ok && strings.Contains(id, "MemberPool") {
			continue
		}
		if !ok {
			t.Errorf("%s disappeared", id)
			continue
		}
		typ := r.(map[string]any)["Type"].(string)
		pb, pa := props(r.(map[string]any)), props(nr.(map[string]any))
		for k := range pb {
			if reflect.DeepEqual(pb[k], pa[k]) {
				continue
			}
			changed[typ+"."+k] = true
			if k != "Name" && !(typ == "AWS::DataZone::Project" && k == "DomainUnitId") {
				t.Errorf("%s (%s): %s changed: %v -> %v", id, typ, k, pb[k], pa[k])
			}
		}
	}
	for id := range after {
		if _, ok := before[id]; !ok && !strings.Contains(id, "MemberPool") {
			t.Errorf("new resource %s", id)
		}
	}
	for _, want := range []string{"AWS::DataZone::Project.Name", "AWS::DataZone::Project.DomainUnitId", "AWS::DataZone::DomainUnit.Name"} {
		if !changed[want] {
			t.Errorf("%s did not change", want)
		}
	}
}

// TestSiblingUnitsNeedDistinctKeys: two sibling units whose keys are equal (a unit named
// like the other's Key) would share their owners' logical IDs: refused.
func TestSiblingUnitsNeedDistinctKeys(t *testing.T) {
	stack := newStack()
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	datamesh.NewDomainUnit(d, jsii.String("A"), &datamesh.DomainUnitProps{Parent: d, Name: "Sales and Service", Key: "Sales"})
	err := build(func() {
		datamesh.NewDomainUnit(d, jsii.String("B"), &datamesh.DomainUnitProps{Parent: d, Name: "Sales"})
	})
	if !errors.Is(err, datamesh.ErrDuplicate) || !strings.Contains(err.Error(), "Key") {
		t.Errorf("err = %v", err)
	}
}
