package datacontract

// Classification is how sensitive data is, from PUBLIC (anyone may see it) to
// SENSITIVE_PII (special categories of personal data: health, biometrics, ...). It is set on
// each column and on the product as a whole; the product's classification must be at least
// as strict as its most sensitive column.
type Classification string

// The classifications, from least to most sensitive. The empty Classification means
// "not classified".
const (
	// ClassificationPublic is data that may be published outside the company.
	ClassificationPublic Classification = "PUBLIC"
	// ClassificationInternal is data for anyone inside the company.
	ClassificationInternal Classification = "INTERNAL"
	// ClassificationConfidential is business data restricted to those who need it.
	ClassificationConfidential Classification = "CONFIDENTIAL"
	// ClassificationPII is personal data (names, e-mail addresses, customer numbers).
	ClassificationPII Classification = "PII"
	// ClassificationSensitivePII is special-category personal data (health, biometrics,
	// religion, ...) or data whose leak harms the person directly (bank accounts).
	ClassificationSensitivePII Classification = "SENSITIVE_PII"
)

// Classifications lists every classification, least sensitive first.
func Classifications() []Classification {
	return []Classification{ClassificationPublic, ClassificationInternal, ClassificationConfidential, ClassificationPII, ClassificationSensitivePII}
}

// Valid reports whether c is one of the Classifications (the empty value is not).
func (c Classification) Valid() bool { return c.rank() > 0 }

// IsPII reports whether c is personal data (PII or SENSITIVE_PII).
func (c Classification) IsPII() bool {
	return c == ClassificationPII || c == ClassificationSensitivePII
}

// AtLeast reports whether c is as sensitive as other, or more. An unclassified value is
// below every classification.
func (c Classification) AtLeast(other Classification) bool { return c.rank() >= other.rank() }

// rank orders the classifications: 0 for unknown or empty, 1 for PUBLIC ... 5.
func (c Classification) rank() int {
	for i, k := range Classifications() {
		if k == c {
			return i + 1
		}
	}
	return 0
}
