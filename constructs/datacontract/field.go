package datacontract

// Field names one field of a data contract. The governance domain's standards list the
// fields every data product must fill in (datamesh.Standards.RequiredProductMetadata).
type Field string

// The data-contract fields.
const (
	FieldOwner          Field = "owner"
	FieldSteward        Field = "steward"
	FieldSchema         Field = "schema"
	FieldQualityRules   Field = "qualityRules"
	FieldFreshnessSLA   Field = "freshnessSla"
	FieldRetention      Field = "retention"
	FieldClassification Field = "classification"
)

// Fields lists every field, in a stable order.
func Fields() []Field {
	return []Field{FieldOwner, FieldSteward, FieldSchema, FieldQualityRules, FieldFreshnessSLA, FieldRetention, FieldClassification}
}
