package nagpacks

import "github.com/cdklabs/cdk-nag-go/cdknag/v2"

// ruleGrantToAllUsersInProduction: a policy grant to every user of a production domain.
var ruleGrantToAllUsersInProduction = &Rule{
	ID:    PackName + "-GrantToAllUsersInProduction",
	Level: cdknag.NagMessageLevel_ERROR,
	Fix:   "Grant to a group, a project or domain unit owners.",
	Info:  "The policy grant goes to all users (Principal.User.AllUsersGrantFilter) in a production stage (finding: the PolicyType). Grant to groups, projects or domain unit owners.",
	Explanation: "In production, a grant to all users lets anyone who can sign in create projects from any granted " +
		"profile (CREATE_PROJECT_FROM_PROJECT_PROFILE), units, glossaries or form types: the self-serve platform turns " +
		"into uncontrolled spend and ungoverned data. Grant to the groups or domain units that own the capability.",
	// smusmesh makes grants whose detail can change as Custom::SmusmeshPolicyGrant, with
	// PolicyGrant's properties (constructs/datamesh/grant.go): both are checked alike.
	ResourceTypes: []string{typePolicyGrant, typeSmusmeshPolicyGrant},
	Check: func(r *Resource) Result {
		if !r.cfg().production {
			return notApplicable()
		}
		user, ok := r.prop("Principal", "User").(map[string]any)
		if !ok {
			return compliant()
		}
		if _, all := user["AllUsersGrantFilter"]; !all {
			return compliant()
		}
		if t, ok := str(r.prop("PolicyType")); ok {
			return nonCompliant(t)
		}
		return nonCompliant()
	},
}
