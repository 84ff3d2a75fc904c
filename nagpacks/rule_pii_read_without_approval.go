package nagpacks

import (
	"slices"
	"strings"

	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// rulePiiReadWithoutApproval: a consumer's read of a data product that exposes columns
// the data contract classifies as personal data, without an approval.
var rulePiiReadWithoutApproval = &Rule{
	ID:    PackName + "-PiiReadWithoutApproval",
	Level: cdknag.NagMessageLevel_ERROR,
	Fix:   "Leave the personal columns out of the read (Columns without them), or approve it: PIIApproval{Reason: ...} (definition: piiApproval: {reason: ...}).",
	Info:  "The read exposes columns the data contract classifies as personal data (PII or SENSITIVE_PII) without an approval (finding: table.column). Leave them out of Columns, or add an approval with its reason.",
	Explanation: "Data minimisation: a consumer gets the personal data of a product only for a purpose someone " +
		"approved. A read of the whole table, a tag-based read, or a column list that names a PII column exposes it; " +
		"the approval and its reason are recorded on the grant for the audit.",
	ResourceTypes: []string{typePrincipalPermissions},
	Check: func(r *Resource) Result {
		m, ok := r.Metadata()
		if !ok || m.Read == nil {
			return NotApplicable()
		}
		var exposed []string
		for _, c := range m.Read.PIIColumns {
			_, col, _ := strings.Cut(c, ".")
			if len(m.Read.Columns) == 0 || slices.Contains(m.Read.Columns, col) {
				exposed = append(exposed, c)
			}
		}
		if len(exposed) == 0 {
			return NotApplicable()
		}
		if strings.TrimSpace(m.Read.Approval) != "" {
			return Compliant()
		}
		return NonCompliant(exposed...)
	},
}
