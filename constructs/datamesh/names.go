package datamesh

import (
	"fmt"
	"regexp"
	"strings"
)

// Name rules of the service, from the CloudFormation registry schemas.
var (
	resourceName     = regexp.MustCompile(`^[\w -]+$`)
	regionName       = regexp.MustCompile(`^[a-z]{2}-?(iso|gov)?-{1}[a-z]*-{1}[0-9]$`)
	accountID        = regexp.MustCompile(`^\d{12}$`)
	parameterName    = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
	isoDate          = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	keyPattern       = regexp.MustCompile(`^[\w .-]{1,128}$`)
	domainNameMaxLen = 64
)

// checkName reports a name that the service would reject: empty, too long, or not
// matching ^[\w -]+$ (unless pattern is false, for domains whose names are free text).
func checkName(p *problems, field, name string, maxLen int, pattern bool) {
	if isToken(name) {
		return
	}
	switch {
	case name == "":
		p.add(ErrMissing, field, name, "give it a name")
	case len(name) > maxLen:
		p.add(ErrInvalidName, field, name, fmt.Sprintf("must be at most %d characters (it has %d)", maxLen, len(name)))
	case pattern && !resourceName.MatchString(name):
		p.add(ErrInvalidName, field, name, `must match ^[\w -]+$: letters, digits, underscore, space and hyphen only`)
	}
}

// str dereferences an optional string.
func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// isToken reports whether s holds an unresolved CDK token; checks skip such values.
func isToken(s string) bool {
	return strings.Contains(s, "${Token[") || strings.Contains(s, "#{Token[") || strings.HasPrefix(s, "Token[")
}

// checkKey reports a key that logical IDs and key paths cannot carry. A nil key takes
// its default (the name).
func checkKey(p *problems, field string, key *string) {
	if key == nil {
		return
	}
	if !keyPattern.MatchString(*key) || strings.TrimSpace(*key) != *key {
		p.add(ErrInvalidProps, field, *key, "a key is 1-128 letters, digits, _ . - and inner spaces (no /): it identifies the object for good, so choose it once")
	}
}

// or returns a, or b when a is empty.
func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// optional is s for an L1 property, nil when s is empty: props hold plain strings
// ("" = default) and the CDK boundary wants *string, with nil for "not set".
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
