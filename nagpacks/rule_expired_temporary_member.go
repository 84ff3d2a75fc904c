package nagpacks

import (
	"time"

	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// ruleExpiredTemporaryMember: a temporary project member whose end date has passed.
var ruleExpiredTemporaryMember = &Rule{
	ID:    PackName + "-ExpiredTemporaryMember",
	Level: cdknag.NagMessageLevel_ERROR,
	Fix:   "Remove the membership, or extend its end date deliberately.",
	Info:  "The temporary project member's end date has passed (finding: the end date). Remove the member, or extend the end date deliberately.",
	Explanation: "Temporary members (engineers who join a Master Data project for a change) keep access until someone " +
		"removes them. The end date is the last day of access (YYYY-MM-DD, compared with the synth date): after it, " +
		"synth fails until the membership is removed or extended, so expired access cannot be redeployed silently.",
	ResourceTypes: []string{typeMembership},
	Check: func(r *Resource) Result {
		m, ok := r.metadata()
		if !ok || !m.Temporary || m.EndDate == "" {
			return notApplicable()
		}
		end, err := time.Parse(time.DateOnly, m.EndDate)
		if err != nil {
			return notApplicable() // ruleTemporaryMemberWithoutEndDate reports it
		}
		if end.Format(time.DateOnly) < r.cfg().today {
			return nonCompliant(m.EndDate)
		}
		return compliant()
	},
}
