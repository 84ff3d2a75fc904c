package nagpacks

import "github.com/cdklabs/cdk-nag-go/cdknag/v2"

// ruleDomainWithoutSSO: a domain without IAM Identity Center single sign-on.
var ruleDomainWithoutSSO = &Rule{
	ID:    PackName + "-DomainWithoutSSO",
	Level: cdknag.NagMessageLevel_WARN,
	Fix:   "SingleSignOn: {Type: IAM_IDC, UserAssignment: MANUAL}; or suppress with the reason the IAM-only model is accepted.",
	Info:  "The domain has no single sign-on (SingleSignOn missing or DISABLED): no per-user traceability, audit trails show IAM roles, not people.",
	Explanation: "In an IAM domain users reach Unified Studio through shared IAM roles, so CloudTrail and the DataZone " +
		"audit trail record the role, not the person; memberships and ownership cannot name people. Use IAM Identity " +
		"Center (SingleSignOn.Type IAM_IDC, UserAssignment MANUAL) unless the IAM-only trade-off is accepted: then " +
		"suppress with that reason.",
	ResourceTypes: []string{typeDomain},
	Check: func(r *Resource) Result {
		sso := r.prop("SingleSignOn")
		if sso == nil {
			return nonCompliant()
		}
		if _, ok := sso.(map[string]any); !ok || isIntrinsic(sso) {
			return compliant() // unresolvable
		}
		t := get(sso, "Type")
		if t == nil {
			return nonCompliant()
		}
		if s, ok := str(t); ok && s == "DISABLED" {
			return nonCompliant()
		}
		return compliant()
	},
}
