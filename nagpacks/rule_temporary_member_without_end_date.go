package nagpacks

import (
	"strings"
	"time"

	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// ruleTemporaryMemberWithoutEndDate: a temporary project member with no (valid) end date.
var ruleTemporaryMemberWithoutEndDate = &Rule{
	ID:    PackName + "-TemporaryMemberWithoutEndDate",
	Level: cdknag.NagMessageLevel_ERROR,
	Fix:   "Give the membership its last day, or make the member permanent.",
	Info:  "The temporary project member has no valid end date (YYYY-MM-DD). Give the membership its last day.",
	Explanation: "A temporary membership without an end date never expires: it is permanent access that nobody " +
		"approved as permanent, and DataMesh-ExpiredTemporaryMember can never catch it. An end date that is not " +
		"YYYY-MM-DD is treated the same way.",
	ResourceTypes: []string{typeMembership},
	Check: func(r *Resource) Result {
		m, ok := r.metadata()
		if !ok || !m.Temporary {
			return notApplicable()
		}
		if strings.Contains(m.EndDate, "${Token[") {
			return compliant() // unresolvable
		}
		if _, err := time.Parse(time.DateOnly, m.EndDate); err != nil {
			return nonCompliant()
		}
		return compliant()
	},
}
