package nagpacks

import "github.com/cdklabs/cdk-nag-go/cdknag/v2"

// ruleMasterDataConsumes: a Master Data project that also consumes data products.
var ruleMasterDataConsumes = &Rule{
	ID:    PackName + "-MasterDataConsumes",
	Level: cdknag.NagMessageLevel_WARN,
	Fix:   "Move the consumption to a consumer (aggregate) project.",
	Info:  "The Master Data project consumes other data products (finding: the product). Keep producers of master data source-aligned.",
	Explanation: "A Master Data project publishes one critical source as it is, so that everyone downstream can trust " +
		"its lineage. A producer that consumes other products mixes sources, creates dependency chains (and cycles) " +
		"between producers, and belongs in a consumer (aggregate) project instead.",
	ResourceTypes: []string{typeProject},
	Check: func(r *Resource) Result {
		m, ok := r.metadata()
		if !ok || m.MasterData == nil {
			return notApplicable()
		}
		return findingsOrCompliant(m.Consumes)
	},
}
