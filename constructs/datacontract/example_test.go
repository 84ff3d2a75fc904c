package datacontract_test

import (
	"errors"
	"fmt"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/problem"
)

// crmContract is the contract of the CRM Master Data product.
func crmContract() datacontract.Contract {
	return datacontract.Contract{
		Name:    "CRM Customers",
		Version: "1.0.0",
		Owner:   "Head of Sales Operations",
		Steward: "crm-data-stewards",
		Schema: datacontract.Schema{Tables: []datacontract.Table{{
			Name:         "customers",
			BusinessName: "Customers",
			PrimaryKey:   []string{"customer_id"},
			Columns: []datacontract.Column{
				{Name: "customer_id", Type: "bigint", BusinessName: "Customer number"},
				{Name: "email", Type: "string", PII: datacontract.ClassificationPII, Nullable: true},
				{Name: "country", Type: "string"},
				{Name: "region", Type: "string"},
			},
		}}},
		QualityRules: []datacontract.Rule{
			datacontract.IsComplete("customers", "customer_id"),
			datacontract.IsUnique("customers", "customer_id"),
			datacontract.ColumnValuesIn("customers", "country", "DE", "FR"),
			datacontract.RowCountAbove("customers", 0),
		},
		FreshnessSLA:   "24h",
		Retention:      "7y",
		Classification: datacontract.ClassificationPII,
		Tags:           map[string][]string{"domain": {"sales"}},
	}
}

// Define the CRM contract, check it, and render the Glue Data Quality ruleset of its table.
func ExampleContract_DQDL() {
	c := crmContract()
	if err := c.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.DQDL("customers"))
	// Output:
	// Rules = [
	//     IsComplete "customer_id",
	//     IsUnique "customer_id",
	//     ColumnValues "country" in ["DE","FR"],
	//     RowCount > 0
	// ]
}

// Validate reports every problem at once, each with its path.
func ExampleContract_Validate() {
	c := crmContract()
	c.Schema.Tables[0].Columns[3].Name = "email"
	c.QualityRules = append(c.QualityRules, datacontract.IsComplete("customers", "mail"))
	c.FreshnessSLA = "daily"
	err := c.Validate()
	for _, p := range problem.All(err) {
		fmt.Println(p)
	}
	fmt.Println(errors.Is(err, datacontract.ErrDuplicate), errors.Is(err, datacontract.ErrUnknownColumn))
	// Output:
	// smusmesh: contract "CRM Customers": schema.tables[customers].columns[3].name "email": duplicate column: rename or remove one
	// smusmesh: contract "CRM Customers": qualityRules[4].column "mail": rule checks a column that is not in table customers: columns are customer_id, email, country, email
	// smusmesh: contract "CRM Customers": freshnessSla "daily": does not parse: use a number and a unit such as 24h, 90m, 1d, or ISO 8601 such as P1D
	// true true
}

// Missing tells which of the fields that the governance standards require are not filled in.
func ExampleContract_Missing() {
	c := datacontract.Contract{Name: "CRM Customers", Owner: "Head of Sales Operations"}
	fmt.Println(c.Missing([]datacontract.Field{datacontract.FieldOwner, datacontract.FieldSchema, datacontract.FieldFreshnessSLA}))
	// Output:
	// [schema freshnessSla]
}

// A consumer's access declaration is checked against the contract.
func ExampleContract_ValidateAccess() {
	c := crmContract()
	err := c.ValidateAccess(datacontract.Access{
		Consumer:  "marketing",
		Table:     "customers",
		Columns:   []string{"customer_id", "country"},
		RowFilter: "regio = 'EU' AND country <> 'DE'",
	})
	fmt.Println(err)
	// Output:
	// smusmesh: contract "CRM Customers": access[marketing].rowFilter: column "regio" is not in table customers: columns are customer_id, email, country, region
}

// ParseDuration reads freshness SLAs and retention periods.
func ExampleParseDuration() {
	for _, s := range []string{"90m", "1d", "P1DT12H"} {
		d, _ := datacontract.ParseDuration(s)
		fmt.Println(s, d)
	}
	_, err := datacontract.ParseDuration("daily")
	fmt.Println(errors.Is(err, datacontract.ErrInvalidDuration))
	// Output:
	// 90m 1h30m0s
	// 1d 24h0m0s
	// P1DT12H 36h0m0s
	// true
}
