// Package datacontract describes data contracts: what the producer of a data product
// promises its consumers. It is plain Go (no AWS CDK, no jsii), so a mesh definition can be
// checked, and its contract artefacts rendered, before anything is synthesized.
//
// # The concept
//
// In a data mesh, data is a product: a Master Data producer project (the team around one
// critical source, such as the CRM) publishes one data product, and the contract is its
// promise. A consumer can rely on what the contract says and on nothing else. A Contract
// states
//
//   - who answers for the product: an Owner (accountable) and a Steward (day to day);
//   - what it looks like: a Schema of tables and typed columns (Glue types), with business
//     names, descriptions, primary keys and a sensitivity Classification per column;
//   - how good it is: QualityRules, rendered to AWS Glue Data Quality (DQDL) rulesets that
//     Glue evaluates on the published tables;
//   - how fresh it is and how long it is kept: FreshnessSLA and Retention;
//   - how sensitive it is: the product's Classification, at least as strict as its most
//     sensitive column;
//   - how it is found and governed: Lake Formation Tags and business GlossaryTerms.
//
// The governance domain decides which of these fields every product must fill in
// (the Field names; see Contract.Missing). Contract.Validate checks that what is filled in
// is consistent: rules name existing tables and columns, types are Glue types, durations
// parse, names are unique. Every problem comes back at once, each with the path of the
// field that is wrong, wrapping a sentinel error for errors.Is.
//
// # What the contract becomes
//
// The datamesh constructs turn a valid contract into resources:
//
//   - Contract.DQDL(table): the Ruleset of one AWS::Glue::DataQualityRuleset per table
//     (Contract.RuleTables lists them);
//   - Contract.FormModel and Contract.FormTypeName: the Smithy model and name of the
//     AWS::DataZone::FormType that carries the contract on the product's published assets,
//     and Contract.FormContent, the form's JSON content;
//   - Contract.ValidateAccess: consumers declare which table, columns and rows they need
//     (Access); the declaration is checked against the contract before it becomes Lake
//     Formation grants and data cells filters.
//
// # A small example
//
//	c := datacontract.Contract{
//		Name:    "CRM Customers",
//		Owner:   "Head of Sales Operations",
//		Steward: "crm-data-stewards",
//		Schema: datacontract.Schema{Tables: []datacontract.Table{{
//			Name: "customers", PrimaryKey: []string{"customer_id"},
//			Columns: []datacontract.Column{
//				{Name: "customer_id", Type: "bigint"},
//				{Name: "email", Type: "string", PII: datacontract.ClassificationPII, Nullable: true},
//				{Name: "country", Type: "string"},
//			},
//		}}},
//		QualityRules: []datacontract.Rule{
//			datacontract.IsComplete("customers", "customer_id"),
//			datacontract.IsUnique("customers", "customer_id"),
//			datacontract.ColumnValuesIn("customers", "country", "DE", "FR"),
//			datacontract.RowCountAbove("customers", 0),
//		},
//		FreshnessSLA:   "24h",
//		Retention:      "7y",
//		Classification: datacontract.ClassificationPII,
//	}
//	if err := c.Validate(); err != nil { ... }
//	ruleset := c.DQDL("customers")
package datacontract
