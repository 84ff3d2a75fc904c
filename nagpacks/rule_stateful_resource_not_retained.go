package nagpacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// ruleStatefulResourceNotRetained: a domain, domain unit or project that its stack would
// delete.
var ruleStatefulResourceNotRetained = &rule{
	id:    PackName + "-StatefulResourceNotRetained",
	level: cdknag.NagMessageLevel_ERROR,
	info:  "The domain, domain unit or project is not retained (finding: DeletionPolicy or UpdateReplacePolicy): deleting or replacing it in the stack destroys its data. Apply RemovalPolicy RETAIN.",
	explanation: "Domains, domain units and projects hold catalog assets, glossaries, subscriptions, memberships and " +
		"environments that no template can recreate. With DeletionPolicy and UpdateReplacePolicy Retain a stack " +
		"deletion, a logical ID change or a replacement leaves them in place instead of deleting them.",
	types: []string{typeDomain, typeDomainUnit, typeProject},
	check: func(r *resource) result {
		o := r.cfn.CfnOptions()
		var findings []string
		switch o.DeletionPolicy() {
		case awscdk.CfnDeletionPolicy_RETAIN, awscdk.CfnDeletionPolicy_RETAIN_EXCEPT_ON_CREATE:
		default:
			findings = append(findings, "DeletionPolicy")
		}
		if o.UpdateReplacePolicy() != awscdk.CfnDeletionPolicy_RETAIN {
			findings = append(findings, "UpdateReplacePolicy")
		}
		return findingsOrCompliant(findings)
	},
}
