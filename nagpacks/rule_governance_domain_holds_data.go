package nagpacks

import (
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// ruleGovernanceDomainHoldsData: a business domain unit, a data source or a producer
// project in the governance domain.
var ruleGovernanceDomainHoldsData = &Rule{
	ID:    PackName + "-GovernanceDomainHoldsData",
	Level: cdknag.NagMessageLevel_ERROR,
	Fix:   "Create the unit, data source or producer project in a root (business) domain.",
	Info:  "A domain unit, data source or producer (Master Data) project is placed in the governance domain. Move it to a business (root) domain.",
	Explanation: "The governance domain is the mesh's control plane: it holds the mesh-wide standards (form types, " +
		"glossaries, policies) and no data. Data belongs to the business domains that produce it (domain ownership); " +
		"data in the governance domain has no business owner and blurs who may grant access to it.",
	ResourceTypes: []string{typeDomainUnit, typeDataSource, typeProject},
	Check: func(r *Resource) Result {
		m, hasMeta := r.metadata()
		if r.Type == typeProject && !(hasMeta && (m.MasterData != nil || m.Kind == meshmeta.KindMasterDataProject)) {
			return notApplicable() // only producer projects are data
		}
		if hasMeta && m.Governance {
			return nonCompliant()
		}
		if d, ok := r.index().domainOf(r.prop("DomainIdentifier")); ok && (d.Kind == meshmeta.KindGovernanceDomain || d.Governance) {
			return nonCompliant()
		}
		return compliant()
	},
}
