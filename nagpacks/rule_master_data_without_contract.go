package nagpacks

import (
	"slices"
	"strings"

	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
)

// ruleMasterDataWithoutContract: a Master Data project that is not a data product: no
// named owner, contract, freshness SLA or quality rules, or a field the standards require
// left empty.
var ruleMasterDataWithoutContract = &Rule{
	ID:    PackName + "-MasterDataWithoutContract",
	Level: cdknag.NagMessageLevel_ERROR,
	Fix:   "Fill in the contract (owner, contract name, freshness SLA, quality rules, required fields).",
	Info:  "The Master Data project lacks part of its data contract (finding: the missing item: owner, contract, freshnessSla, qualityRules or a field the standards require).",
	Explanation: "A Master Data project publishes a data product that the rest of the mesh builds on: it needs a named " +
		"data owner, a data contract, a freshness SLA, quality rules, and every data-contract field that the " +
		"governance domain's standards require (Standards.RequiredProductMetadata).",
	ResourceTypes: []string{typeProject},
	Check: func(r *Resource) Result {
		m, ok := r.metadata()
		if !ok || m.MasterData == nil {
			return notApplicable()
		}
		md := m.MasterData
		filled := func(f datacontract.Field) bool {
			switch f {
			case datacontract.FieldOwner:
				if strings.TrimSpace(md.Owner) != "" {
					return true
				}
			case datacontract.FieldSteward:
				if strings.TrimSpace(md.Steward) != "" {
					return true
				}
			case datacontract.FieldFreshnessSLA:
				if strings.TrimSpace(md.FreshnessSLA) != "" {
					return true
				}
			case datacontract.FieldQualityRules:
				if md.QualityRules > 0 {
					return true
				}
			}
			return slices.Contains(md.ContractFields, string(f))
		}
		var missing []string
		add := func(s string) {
			if !slices.Contains(missing, s) {
				missing = append(missing, s)
			}
		}
		if strings.TrimSpace(md.Owner) == "" {
			add(string(datacontract.FieldOwner))
		}
		if strings.TrimSpace(md.Contract) == "" {
			add("contract")
		}
		if !filled(datacontract.FieldFreshnessSLA) {
			add(string(datacontract.FieldFreshnessSLA))
		}
		if !filled(datacontract.FieldQualityRules) {
			add(string(datacontract.FieldQualityRules))
		}
		for _, f := range r.cfg().standards.RequiredProductMetadata {
			if !filled(f) {
				add(string(f))
			}
		}
		return findingsOrCompliant(missing)
	},
}
