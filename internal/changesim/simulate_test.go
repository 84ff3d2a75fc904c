package changesim_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/smusmesh/smusmesh/internal/changesim"
)

// TestHandwritten runs the simulator on the small hand-written assemblies of
// testdata/handwritten (each case's before/ and after/; the comments of the cases are in
// the README there).
func TestHandwritten(t *testing.T) {
	cases := []struct {
		name               string
		failures, stateful []string
		ops                []string // substrings of operations that must be listed, in this order
		noOps              bool
	}{
		{name: "unchanged", noOps: true},
		// CloudFormation refuses a type change under one logical ID (the upgrade of a native
		// grant to smusmesh's custom grant is one).
		{name: "type-changed", failures: []string{"update S/Grant (Custom::SmusmeshPolicyGrant): the type changed from AWS::DataZone::PolicyGrant\n    Update of resource type is not permitted"}},
		{name: "datalakesettings-replace", failures: []string{"replaces the account's whole Lake Formation admin list"}},
		{name: "datalakesettings-append", ops: []string{"create S/Settings (AWS::LakeFormation::DataLakeSettings)"}},
		{
			name:     "project-replaced",
			failures: []string{"replace: create new S/Project (AWS::DataZone::Project): create-only ProjectProfileId changed\n    fails: ConflictException: Project name already exists"},
			stateful: []string{"replaced S/Project (AWS::DataZone::Project): create-only ProjectProfileId changed; the old one stays orphaned (Retain)"},
			// The membership names the new project: replaced, no collision.
			ops: []string{"replace: create new S/Member (AWS::DataZone::ProjectMembership): create-only ProjectIdentifier changed"},
		},
		{
			name:     "member-moves-nested",
			failures: []string{"create S/B/M (AWS::DataZone::ProjectMembership)\n    fails: User is already in the project\n    identity AWS::DataZone::ProjectMembership DomainIdentifier={{S/Domain.Id}} ProjectIdentifier={{S/Project.Id}} Member={\"UserIdentifier\":\"jane\"} is held by S/A/M"},
			ops:      []string{"delete S/A/M (AWS::DataZone::ProjectMembership): removed from the template"},
		},
		{
			name:     "rename-into-taken",
			failures: []string{"update S/Two (AWS::DataZone::Project): changed Name\n    fails: ConflictException: Project name already exists in the domain\n    identity AWS::DataZone::Project DomainIdentifier={{S/Domain.Id}} Name=One is held by S/One"},
			ops:      []string{"replace: create new S/P (AWS::SSM::Parameter): create-only Name changed", "replace: delete old S/P (AWS::SSM::Parameter)"},
		},
		{
			name:     "user-profile-rekeyed",
			failures: []string{"create S/ProfileB (AWS::DataZone::UserProfile)\n    fails: ConflictException: User Profile already exists\n    identity AWS::DataZone::UserProfile DomainIdentifier={{S/Domain.Id}} UserIdentifier=jane is held by S/ProfileA"},
			stateful: []string{"orphaned S/ProfileA (AWS::DataZone::UserProfile): removed from the template"},
		},
		{
			// The schema's update handler re-creates the membership: an update, no collision.
			name: "designation-in-place",
			ops:  []string{"update S/Member (AWS::DataZone::ProjectMembership): changed Designation"},
		},
		{
			// replacementStrategy delete_then_create: the old grant goes first.
			name: "lf-grant-replaced",
			ops: []string{"replace: delete old S/Grant (AWS::LakeFormation::PrincipalPermissions): no update handler; changed Permissions",
				"replace: create new S/Grant"},
		},
		{
			// A new logical ID is a create before the old one's delete.
			name:     "lf-grant-rekeyed",
			failures: []string{"create S/GrantB (AWS::LakeFormation::PrincipalPermissions)\n    fails: the principal already holds permissions"},
		},
		{
			// Name is create-only: a new name is a replacement, created before the old one
			// is deleted, and nothing collides.
			name: "connection-renamed",
			ops: []string{"replace: create new S/Connection (AWS::DataZone::Connection): create-only Name changed",
				"replace: delete old S/Connection"},
		},
		{
			// Another create-only property under the same name: the new connection takes
			// the name the old one still holds.
			name:     "connection-tip-changed",
			failures: []string{"replace: create new S/Connection (AWS::DataZone::Connection): create-only EnableTrustedIdentityPropagation changed\n    fails: ConflictException: a connection with this name already exists"},
		},
		{
			name:     "unit-reparented",
			stateful: []string{"replaced S/Unit (AWS::DataZone::DomainUnit): create-only ParentDomainUnitIdentifier changed; the old one stays orphaned (Retain)"},
			ops:      []string{"update S/Project (AWS::DataZone::Project): changed DomainUnitId"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join("testdata", "handwritten", c.name)
			r, err := changesim.Simulate(filepath.Join(dir, "before"), filepath.Join(dir, "after"))
			if err != nil {
				t.Fatal(err)
			}
			expect(t, r, c.failures, c.stateful)
			if c.noOps && len(r.Operations) > 0 {
				t.Errorf("operations on an unchanged assembly:\n%s", r)
			}
			next := 0
			for _, w := range c.ops {
				found := false
				for i := next; i < len(r.Operations) && !found; i++ {
					if strings.Contains(r.Operations[i].String(), w) {
						found, next = true, i+1
					}
				}
				if !found {
					t.Errorf("no operation (after the previous one) contains %q:\n%s", w, r)
				}
			}
		})
	}
}

// TestFirstDeploy: against an empty account every resource is created once, and two
// resources of one template that share an identity collide.
func TestFirstDeploy(t *testing.T) {
	r, err := changesim.Simulate("", filepath.Join("testdata", "handwritten", "rename-into-taken", "after"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Operations) != 4 {
		t.Errorf("want 4 creates:\n%s", r)
	}
	expect(t, r, []string{"create S/Two (AWS::DataZone::Project)\n    fails: ConflictException: Project name already exists"}, nil)
}

func TestErrors(t *testing.T) {
	if _, err := changesim.Simulate(t.TempDir(), ""); err == nil || !strings.Contains(err.Error(), "manifest.json") {
		t.Errorf("err = %v, want a missing manifest", err)
	}
}

// TestSteps: a user profile removed in one deploy stays in the service (no delete API), so
// adding it back under another logical ID in the next deploy collides with the orphan.
func TestSteps(t *testing.T) {
	dir := filepath.Join("testdata", "handwritten", "user-profile-rekeyed")
	r, err := changesim.SimulateSteps(filepath.Join(dir, "before"), filepath.Join(dir, "removed"), filepath.Join(dir, "after"))
	if err != nil {
		t.Fatal(err)
	}
	expect(t, r, []string{"identity AWS::DataZone::UserProfile DomainIdentifier={{S/Domain.Id}} UserIdentifier=jane is held by S/ProfileA (orphaned, still in the service)"},
		[]string{"orphaned S/ProfileA (AWS::DataZone::UserProfile): removed from the template"})
}
