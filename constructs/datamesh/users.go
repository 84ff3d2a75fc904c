package datamesh

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
)

// Users without a role: with MANUAL user assignment (the default) only the users and
// groups that have a profile in the domain may sign in to SMUS, and a profile is what an
// owner, member or grantee gets. Registering a principal creates the same profile without
// any role, so that people who only browse the catalog and subscribe, or who are added to
// projects in the portal later, can sign in, as MDAA's domain users and groups are
// (aws/modern-data-architecture-accelerator,
// packages/apps/governance/sagemaker-app/sample_configs/sample-config-comprehensive.yaml,
// "Users to be added to the domain"; DataZone API CreateUserProfile, CreateGroupProfile).
// A principal that is also an owner, member or grantee gets one profile, whichever names
// it first.

// validateUsers reports the problems of a domain's Users list under field.
func validateUsers(pr *problems, field string, users []Principal, mode IdentityMode) {
	seen := map[string]int{}
	for i, u := range users {
		f := fmt.Sprintf("%s[%d]", field, i)
		u.validate(pr, f, mode)
		if j, ok := seen[u.key()]; ok {
			pr.add(ErrDuplicate, f, u.String(), fmt.Sprintf("already listed as %s[%d]: remove one", field, j))
			continue
		}
		seen[u.key()] = i
	}
}

// registerUsers gives each principal its profile in the domain (none for an imported
// domain, whose profiles are managed elsewhere) and returns the profiles, in order.
func (d *domainCore) registerUsers(users []Principal) []awscdk.CfnResource {
	out := make([]awscdk.CfnResource, 0, len(users))
	for _, u := range users {
		if r := d.profile(u); r != nil {
			out = append(out, r)
		}
	}
	return out
}

// addUsers validates users against the domain's identity model and registers them; it
// panics with every problem at once (construct names the caller: "RootDomain").
func (d *domainCore) addUsers(construct string, users []Principal) []awscdk.CfnResource {
	pr := newProblems(construct, constructPath(d.self))
	validateUsers(pr, "Users", users, d.identity.Mode)
	mustValid(pr.err())
	return d.registerUsers(users)
}

// AddUsers registers people who may sign in without a role. Invalid principals panic.
func (d *rootDomain) AddUsers(users ...Principal) { d.c.addUsers("RootDomain", users) }

// AddUsers registers people who may sign in without a role. Invalid principals panic.
func (g *governanceDomain) AddUsers(users ...Principal) { g.c.addUsers("GovernanceDomain", users) }
