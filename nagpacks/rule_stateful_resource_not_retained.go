package nagpacks

import "github.com/cdklabs/cdk-nag-go/cdknag/v2"

// ruleStatefulResourceNotRetained: a domain, domain unit or project that its stack would
// delete.
var ruleStatefulResourceNotRetained = &Rule{
	ID:    PackName + "-StatefulResourceNotRetained",
	Level: cdknag.NagMessageLevel_ERROR,
	Fix:   "ApplyRemovalPolicy(awscdk.RemovalPolicy_RETAIN, nil) (sets both).",
	Info:  "The domain, domain unit or project is not retained (finding: DeletionPolicy or UpdateReplacePolicy): deleting or replacing it in the stack destroys its data. Apply RemovalPolicy RETAIN.",
	Explanation: "Domains, domain units and projects hold catalog assets, glossaries, subscriptions, memberships and " +
		"environments that no template can recreate. With DeletionPolicy and UpdateReplacePolicy Retain a stack " +
		"deletion, a logical ID change or a replacement leaves them in place instead of deleting them.",
	ResourceTypes: []string{typeDomain, typeDomainUnit, typeProject},
	Check: func(r *Resource) Result {
		var findings []string
		switch r.DeletionPolicy {
		case "Retain", "RetainExceptOnCreate":
		default:
			findings = append(findings, "DeletionPolicy")
		}
		if r.UpdateReplacePolicy != "Retain" {
			findings = append(findings, "UpdateReplacePolicy")
		}
		return findingsOrCompliant(findings)
	},
}
