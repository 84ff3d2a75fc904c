package nagpacks

import "github.com/cdklabs/cdk-nag-go/cdknag/v2"

// ruleInlineProjectMembers: a project lists its members inline.
var ruleInlineProjectMembers = &rule{
	id:    PackName + "-InlineProjectMembers",
	level: cdknag.NagMessageLevel_ERROR,
	info:  "The project lists members in MembershipAssignments: any change to that list replaces the project. Use one AWS::DataZone::ProjectMembership per member.",
	explanation: "Project.MembershipAssignments is create-only: adding or removing one member makes CloudFormation " +
		"replace the whole project, with its environments and assets. Standalone ProjectMembership resources change " +
		"one member at a time.",
	types: []string{typeProject},
	check: func(r *resource) result {
		if l, ok := list(r.prop("MembershipAssignments")); ok && len(l) > 0 {
			return nonCompliant()
		}
		return compliant()
	},
}
