package datamesh_test

import (
	"errors"
	"reflect"
	"sort"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// TestUsersWithoutARole: people registered in a domain get their user or group profile and
// nothing else (no owner, membership or grant); a principal that is also an owner or a
// member keeps one profile.
func TestUsersWithoutARole(t *testing.T) {
	stack := newStack()
	dp := ssoDomainProps()
	dp.Owners = []datamesh.Principal{datamesh.SSOGroup("corp-owners")}
	dp.Users = []datamesh.Principal{
		datamesh.SSOUser("reader@example.com"),
		datamesh.SSOGroup("analysts"),
		datamesh.SSOGroup("corp-owners"), // also an owner
		datamesh.IAMRole("arn:aws:iam::111111111111:role/Reporting"),
	}
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), dp)
	prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
	datamesh.NewProject(d, jsii.String("Orders"), &datamesh.ProjectProps{DomainUnit: d, Name: "Orders", Profile: prof,
		Members: []*datamesh.Member{{Principal: datamesh.SSOUser("reader@example.com")}}}) // also a user
	d.AddUsers(datamesh.SSOUser("late@example.com"), datamesh.SSOGroup("analysts")) // analysts: already registered
	_, raw := template(t, stack)

	var users, groups []string
	for _, r := range resources(raw, "AWS::DataZone::UserProfile") {
		p := props(r)
		// The grant provider's role has a profile of its own (a GetAtt of the role).
		if id, ok := p["UserIdentifier"].(string); ok {
			users = append(users, id+" "+p["UserType"].(string)+" "+p["Status"].(string))
		}
	}
	for _, r := range resources(raw, "AWS::DataZone::GroupProfile") {
		groups = append(groups, meta(r)["member"].(string))
	}
	sort.Strings(users)
	sort.Strings(groups)
	if want := []string{"arn:aws:iam::111111111111:role/Reporting IAM_ROLE ACTIVATED", "late@example.com SSO_USER ASSIGNED", "reader@example.com SSO_USER ASSIGNED"}; !reflect.DeepEqual(users, want) {
		t.Errorf("user profiles %v, want %v", users, want)
	}
	if want := []string{"SSO_GROUP:analysts", "SSO_GROUP:corp-owners"}; !reflect.DeepEqual(groups, want) {
		t.Errorf("group profiles %v, want %v", groups, want)
	}
	// Registered people get no role: one owner (corp-owners, the owner), one membership.
	if n := len(resources(raw, "AWS::DataZone::ProjectMembership")); n != 1 {
		t.Errorf("%d memberships, want the project member's only", n)
	}
	for _, o := range resources(raw, "AWS::DataZone::Owner") {
		if m := meta(o)["member"]; m == "SSO_USER:reader@example.com" || m == "SSO_GROUP:analysts" || m == "SSO_USER:late@example.com" {
			t.Errorf("a registered user became an owner: %v", m)
		}
	}
}

func TestUsersValidate(t *testing.T) {
	iam := ssoDomainProps()
	iam.Identity = &datamesh.Identity{Mode: datamesh.IdentityModeIAM}
	iam.Users = []datamesh.Principal{datamesh.SSOUser("jane"), datamesh.IAMRole("not-an-arn")}
	sso := ssoDomainProps()
	sso.Users = []datamesh.Principal{datamesh.SSOGroup("a"), datamesh.SSOGroup("a")}
	for _, c := range []struct {
		name  string
		props *datamesh.BusinessDomainProps
		want  []string
		err   error
	}{
		{"iam domain", iam, []string{"Users[0]", "Users[1].Identifier"}, datamesh.ErrIdentityMismatch},
		{"duplicate", sso, []string{"Users[1]"}, datamesh.ErrDuplicate},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.props.Validate()
			var got []string
			for _, e := range problem.All(err) {
				var p *problem.Problem
				if errors.As(e, &p) && len(p.Field) >= 5 && p.Field[:5] == "Users" {
					got = append(got, p.Field)
				}
			}
			if !reflect.DeepEqual(got, c.want) || !errors.Is(err, c.err) {
				t.Errorf("fields %v, want %v (%v)\n%v", got, c.want, c.err, err)
			}
		})
	}
	// AddUsers refuses what the props refuse.
	stack := newStack()
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	if err := build(func() { d.AddUsers(datamesh.SSOUser(""), datamesh.SSOUser("x y")) }); !errors.Is(err, datamesh.ErrMissing) || !errors.Is(err, datamesh.ErrInvalidProps) {
		t.Errorf("AddUsers: %v", err)
	}
}
