package nagpacks

import "github.com/cdklabs/cdk-nag-go/cdknag/v2"

// ruleDomainUnitWithoutOwner: a domain unit that no AWS::DataZone::Owner of its stack owns.
var ruleDomainUnitWithoutOwner = &Rule{
	ID:    PackName + "-DomainUnitWithoutOwner",
	Level: cdknag.NagMessageLevel_WARN,
	Fix:   "Add an AWS::DataZone::Owner (user or group) in the unit's stack.",
	Info:  "The domain unit has no owner: no AWS::DataZone::Owner in its stack names it. Add an owner (a user or group).",
	Explanation: "Domain ownership is the first principle of a data mesh: a unit's owners decide who creates projects " +
		"in it and answer for its data. A unit without an owner falls back to the domain's administrators.",
	ResourceTypes: []string{typeDomainUnit},
	Check: func(r *Resource) Result {
		if r.index().ownedUnits[r.logicalID()] {
			return compliant()
		}
		return nonCompliant()
	},
}
