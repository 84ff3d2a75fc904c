package datamesh_test

import (
	"encoding/json"
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
	extraMember, extraOwner, extraGrant, dropMember, promote bool
}

// fixture builds a small mesh and returns its template.
func fixture(t *testing.T, v variant) map[string]any {
	stack := newStack()
	d := datamesh.NewRootDomain(stack, jsii.String("Corp"), ssoDomainProps())
	prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: jsii.String("SQL"), Preset: datamesh.PresetSQLAnalytics})
	owners := []datamesh.Principal{datamesh.SsoGroup("sales-owners")}
	if v.extraOwner {
		owners = append(owners, datamesh.SsoUser("new.owner@example.com"))
	}
	sales := datamesh.NewDomainUnit(d, jsii.String("Sales"), &datamesh.DomainUnitProps{Parent: d, Name: jsii.String("Sales"), Owners: owners})
	sales.Grants().CreateProjects(datamesh.GrantToUnitOwners(sales), []datamesh.IProjectProfile{prof}, true)
	if v.extraGrant {
		sales.Grants().CreateGlossaries(datamesh.GrantToPrincipal(datamesh.SsoGroup("stewards")), false)
	}
	members := []*datamesh.Member{{Principal: datamesh.SsoUser("jane@example.com"), Designation: datamesh.Owner}}
	if !v.dropMember {
		des := datamesh.Contributor
		if v.promote {
			des = datamesh.Owner
		}
		members = append(members, &datamesh.Member{Principal: datamesh.SsoGroup("analysts"), Designation: des})
	}
	if v.extraMember {
		members = append(members, &datamesh.Member{Principal: datamesh.SsoUser("new.member@example.com")})
	}
	datamesh.NewProject(d, jsii.String("Orders"), &datamesh.ProjectProps{DomainUnit: sales, Name: jsii.String("Orders"), Profile: prof, Members: members, Description: jsii.String("Orders")})
	_, raw := template(t, stack)
	return raw["Resources"].(map[string]any)
}

// TestReplacementSafety: adding or removing one member, owner or grant adds or removes
// exactly that resource (and at most its user profile); every other resource keeps its
// logical ID and properties, so nothing is replaced, and the domain and project are
// untouched.
func TestReplacementSafety(t *testing.T) {
	base := fixture(t, variant{})
	cases := []struct {
		name        string
		v           variant
		added, gone []string // logical ID prefixes
	}{
		// A new member also joins the unit's project member pool (one grant of its own).
		{"add member", variant{extraMember: true}, []string{"CorpOrdersMembernewmember", "CorpProfilesUsernewmember", "CorpSalesMemberPoolnewmember"}, nil},
		// The profile of a principal nobody names any more leaves the template; it is
		// retained in the service (user profiles have no delete API).
		{"remove member", variant{dropMember: true}, nil, []string{"CorpOrdersMemberanalysts", "CorpProfilesGroupanalysts", "CorpSalesMemberPoolanalysts"}},
		{"add owner", variant{extraOwner: true}, []string{"CorpSalesOwnernewowner", "CorpProfilesUsernewowner"}, nil},
		{"add grant", variant{extraGrant: true}, []string{"CorpSalesGrantcreateglossary", "CorpProfilesGroupstewards"}, nil},
		{"change designation", variant{promote: true}, []string{"CorpOrdersMemberanalysts"}, []string{"CorpOrdersMemberanalysts"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := fixture(t, c.v)
			for id, r := range base {
				nr, ok := got[id]
				if !ok {
					if !hasPrefix(id, c.gone) {
						t.Errorf("%s disappeared", id)
					}
					continue
				}
				if !reflect.DeepEqual(r, nr) {
					a, _ := json.Marshal(r)
					b, _ := json.Marshal(nr)
					t.Errorf("%s changed:\n%s\n%s", id, a, b)
				}
			}
			for id := range got {
				if _, ok := base[id]; !ok && !hasPrefix(id, c.added) {
					t.Errorf("unexpected new resource %s", id)
				}
			}
			if c.name == "change designation" {
				// A designation change must be a remove-and-add under a new logical ID, or the
				// service refuses the replacement ("User is already in the project").
				var before, after []string
				for id := range base {
					if strings.HasPrefix(id, "CorpOrdersMemberanalysts") {
						before = append(before, id)
					}
				}
				for id := range got {
					if strings.HasPrefix(id, "CorpOrdersMemberanalysts") {
						after = append(after, id)
					}
				}
				if len(before) != 1 || len(after) != 1 || before[0] == after[0] {
					t.Errorf("designation change kept the logical ID: %v -> %v", before, after)
				}
			}
		})
	}
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
