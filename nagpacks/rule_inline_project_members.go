package nagpacks

import "github.com/cdklabs/cdk-nag-go/cdknag/v2"

// ruleInlineProjectMembers: a project lists its members inline.
var ruleInlineProjectMembers = &Rule{
	ID:    PackName + "-InlineProjectMembers",
	Level: cdknag.NagMessageLevel_ERROR,
	Fix:   "One standalone AWS::DataZone::ProjectMembership per member.",
	Info:  "The project lists members in MembershipAssignments: any change to that list replaces the project. Use one AWS::DataZone::ProjectMembership per member.",
	Explanation: "Project.MembershipAssignments is create-only: adding or removing one member makes CloudFormation " +
		"replace the whole project, with its environments and assets. Standalone ProjectMembership resources change " +
		"one member at a time.",
	ResourceTypes: []string{typeProject},
	Check: func(r *Resource) Result {
		if l, ok := list(r.prop("MembershipAssignments")); ok && len(l) > 0 {
			return nonCompliant()
		}
		return compliant()
	},
}
