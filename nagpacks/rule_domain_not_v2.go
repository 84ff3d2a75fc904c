package nagpacks

import "github.com/cdklabs/cdk-nag-go/cdknag/v2"

// ruleDomainNotV2: a DataZone V1 domain in a mesh built on SageMaker Unified Studio.
var ruleDomainNotV2 = &Rule{
	ID:    PackName + "-DomainNotV2",
	Level: cdknag.NagMessageLevel_ERROR,
	Fix:   "DomainVersion: V2.",
	Info:  "The domain is not a SageMaker Unified Studio (V2) domain: set DomainVersion V2.",
	Explanation: "Project profiles, blueprints such as Tooling and the Unified Studio portal exist only in V2 domains; " +
		"DomainVersion defaults to V1. It is create-only: changing it later replaces the domain and everything in it.",
	ResourceTypes: []string{typeDomain},
	Check: func(r *Resource) Result {
		v := r.prop("DomainVersion")
		if v == nil {
			return nonCompliant("V1")
		}
		if s, ok := str(v); ok && s != "V2" {
			return nonCompliant(s)
		}
		return compliant()
	},
}
