package datacontract

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/smusmesh/smusmesh/problem"
)

// FormTypeName is the name of the DataZone form type that carries this contract, and of
// the Smithy structure in FormModel: "DataContract" followed by the product's name in
// PascalCase, letters and digits only ("CRM Customers" -> "DataContractCRMCustomers"). It
// fits the FormType name pattern and its 128-character limit. Renaming the product renames
// the form type, which CloudFormation replaces (Name is create-only).
func (c *Contract) FormTypeName() string {
	var b strings.Builder
	b.WriteString("DataContract")
	for _, w := range strings.FieldsFunc(c.Name, func(r rune) bool { return !isASCIIAlnum(r) }) {
		b.WriteString(strings.ToUpper(w[:1]))
		b.WriteString(w[1:])
	}
	name := b.String()
	if len(name) > 128 {
		name = name[:128]
	}
	return name
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// formMember is one member of the form's Smithy structure.
type formMember struct {
	name       string
	required   bool
	searchable bool
	doc        string
}

// formMembers are the form's members, in order. The seven Field names are members.
var formMembers = []formMember{
	{"productName", true, true, "The data product's name."},
	{"version", false, false, "The contract's version; a new major version may break consumers."},
	{"description", false, true, "What the data product is and what it is for."},
	{string(FieldOwner), true, true, "The person or group accountable for the data product."},
	{string(FieldSteward), false, true, "The person or group that looks after the data product day to day."},
	{string(FieldClassification), false, true, "How sensitive the product is: PUBLIC, INTERNAL, CONFIDENTIAL, PII or SENSITIVE_PII."},
	{string(FieldFreshnessSLA), false, false, "Largest age of the newest data, e.g. 24h or P1D."},
	{string(FieldRetention), false, false, "How long data is kept, e.g. 365 (days), 7y or P7Y."},
	{string(FieldSchema), false, false, "The tables and columns, as JSON."},
	{string(FieldQualityRules), false, false, "The AWS Glue DQDL ruleset of each table, as a JSON object from table name to ruleset."},
	{"tags", false, false, "The Lake Formation tags, as a JSON object from key to values."},
	{"glossaryTerms", false, true, "The business glossary terms, as a JSON array."},
}

// FormModel returns the Smithy model of the AWS::DataZone::FormType that carries the
// contract on the product's published assets (the FormType's Model.Smithy). It is one
// structure named FormTypeName with a String member per contract field, and has no
// namespace and no $version (DataZone rejects a model with either):
//
//	@documentation("...")
//	structure DataContractCRMCustomers {
//	    @required
//	    @amazon.datazone#searchable
//	    @documentation("The data product's name.")
//	    productName: String
//
//	    version: String
//	    description: String
//	    @required owner: String
//	    steward: String
//	    classification: String
//	    freshnessSla: String
//	    retention: String
//	    schema: String          // JSON
//	    qualityRules: String    // JSON: table -> DQDL ruleset
//	    tags: String            // JSON: LF-tag key -> values
//	    glossaryTerms: String   // JSON array
//	}
//
// Only productName and owner are @required, so that the form type stays the same whatever
// the governance standards require (Missing checks those); the text fields that people
// search for are @amazon.datazone#searchable. The model depends on the contract's name
// only, so editing the contract changes the form's content (FormContent), never its type.
func (c *Contract) FormModel() string {
	var b strings.Builder
	b.WriteString("@documentation(\"Data contract of a data product: what its producer promises to consumers.\")\n")
	b.WriteString("structure " + c.FormTypeName() + " {\n")
	for i, m := range formMembers {
		if i > 0 {
			b.WriteString("\n")
		}
		if m.required {
			b.WriteString("    @required\n")
		}
		if m.searchable {
			b.WriteString("    @amazon.datazone#searchable\n")
		}
		b.WriteString("    @documentation(\"" + m.doc + "\")\n")
		b.WriteString("    " + m.name + ": String\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// formContent is the JSON content of the form, members in FormModel's order.
type formContent struct {
	ProductName    string `json:"productName"`
	Version        string `json:"version,omitempty"`
	Description    string `json:"description,omitempty"`
	Owner          string `json:"owner"`
	Steward        string `json:"steward,omitempty"`
	Classification string `json:"classification,omitempty"`
	FreshnessSLA   string `json:"freshnessSla,omitempty"`
	Retention      string `json:"retention,omitempty"`
	Schema         string `json:"schema,omitempty"`
	QualityRules   string `json:"qualityRules,omitempty"`
	Tags           string `json:"tags,omitempty"`
	GlossaryTerms  string `json:"glossaryTerms,omitempty"`
}

// FormContent returns the JSON content of the contract's form for one asset: an object
// with the members of FormModel, empty ones left out, in a stable order (schema, rules and
// tags are JSON text inside the strings). It returns Validate's error when the contract is
// invalid, and an error wrapping ErrRequired when the owner is missing, since the form
// requires it.
func (c *Contract) FormContent() (string, error) {
	if err := c.Validate(); err != nil {
		return "", err
	}
	if strings.TrimSpace(c.Owner) == "" {
		return "", &problem.Problem{Construct: construct(c.Name), Field: "owner", Detail: "the contract form requires an owner", Fix: "name the person or group accountable for the product", Err: ErrRequired}
	}
	fc := formContent{
		ProductName:    c.Name,
		Version:        c.Version,
		Description:    c.Description,
		Owner:          c.Owner,
		Steward:        c.Steward,
		Classification: string(c.Classification),
		FreshnessSLA:   c.FreshnessSLA,
		Retention:      c.Retention,
	}
	var errs []error
	str := func(v any) string {
		out, err := marshal(v)
		errs = append(errs, err)
		return out
	}
	if len(c.Schema.Tables) > 0 {
		fc.Schema = str(c.Schema.Tables)
	}
	if len(c.QualityRules) > 0 {
		rules := map[string]string{}
		for _, t := range c.RuleTables() {
			rules[t] = c.DQDL(t)
		}
		fc.QualityRules = str(rules)
	}
	if len(c.Tags) > 0 {
		fc.Tags = str(c.Tags)
	}
	if len(c.GlossaryTerms) > 0 {
		fc.GlossaryTerms = str(c.GlossaryTerms)
	}
	out, err := marshal(fc)
	if err = errors.Join(append(errs, err)...); err != nil {
		return "", err
	}
	return out, nil
}

// marshal renders v as compact JSON without HTML escaping (types such as array<string>
// stay readable).
func marshal(v any) (string, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}
