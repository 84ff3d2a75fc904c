package nagpacks

import "github.com/cdklabs/cdk-nag-go/cdknag/v2"

// ruleDomainWithoutCustomerManagedKey: a domain encrypted with an AWS owned key.
var ruleDomainWithoutCustomerManagedKey = &Rule{
	ID:    PackName + "-DomainWithoutCustomerManagedKey",
	Level: cdknag.NagMessageLevel_ERROR,
	Fix:   "Set a customer-managed KMS key (key ARN) at creation.",
	Info:  "The domain has no KmsKeyIdentifier: its metadata is encrypted with an AWS owned key. Set a customer-managed KMS key.",
	Explanation: "With a customer-managed key the organisation controls, audits (CloudTrail) and can revoke access to the " +
		"catalog's metadata. KmsKeyIdentifier is create-only: adding it later replaces the domain with every project, " +
		"asset and membership in it, so decide at creation.",
	ResourceTypes: []string{typeDomain},
	Check: func(r *Resource) Result {
		switch v := r.prop("KmsKeyIdentifier").(type) {
		case nil:
			return nonCompliant()
		case string:
			if v == "" {
				return nonCompliant()
			}
		}
		return compliant()
	},
}
