package nagpacks

import (
	"strings"

	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// ruleNamingConvention: a domain, domain unit or project name that breaks the standards'
// naming conventions.
var ruleNamingConvention = &Rule{
	ID:    PackName + "-NamingConvention",
	Level: cdknag.NagMessageLevel_WARN,
	Fix:   "Rename, or change the standards.",
	Info:  "The name breaks the mesh's naming conventions (finding: the name). Rename it to match Standards.Naming.",
	Explanation: "Consistent names make domains, units and projects findable in the catalog and let people tell a " +
		"Master Data project (named \"<Source> Master Data\") from a consumer project at a glance. The conventions are " +
		"the governance domain's Standards.Naming.",
	ResourceTypes: []string{typeDomain, typeDomainUnit, typeProject},
	Check: func(r *Resource) Result {
		name, ok := str(r.prop("Name"))
		if !ok {
			return notApplicable()
		}
		kind := strings.TrimPrefix(r.Type, "AWS::DataZone::")
		naming := r.cfg().standards.Naming
		if err := naming.Check(kind, name); err != nil {
			return nonCompliant(name)
		}
		if r.Type == typeProject && naming.MasterDataSuffix != "" {
			if m, ok := r.metadata(); ok && m.MasterData != nil && !strings.HasSuffix(name, naming.MasterDataSuffix) {
				return nonCompliant(name)
			}
		}
		return compliant()
	},
}
