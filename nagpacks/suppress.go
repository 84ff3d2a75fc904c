package nagpacks

import (
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// suppression is one cdk-nag suppression, read from a template's metadata
// (Metadata.cdk_nag.rules_to_suppress of the resource or of the template), where
// cdknag.NagSuppressions writes it. Matching follows cdk-nag's NagSuppressionHelper and
// NagPack.ignoreRule (cdk-nag 2.38, src/utils/nag-suppression-helper.ts,
// src/nag-pack.ts).
type suppression struct {
	id        string
	reason    string
	appliesTo []any // string or *regexp.Regexp; nil when the suppression has no applies_to
	hasApply  bool
}

// parseSuppressions reads Metadata.cdk_nag.rules_to_suppress. A malformed suppression is
// an error with cdk-nag's own message; cdk-nag then fails the synth.
func parseSuppressions(metadata map[string]any) ([]suppression, error) {
	nag, _ := metadata["cdk_nag"].(map[string]any)
	raw, _ := nag["rules_to_suppress"].([]any)
	var out []suppression
	var errs []string
	for _, r := range raw {
		m, _ := r.(map[string]any)
		s := suppression{}
		s.id, _ = m["id"].(string)
		s.reason, _ = m["reason"].(string)
		if enc, _ := m["is_reason_encoded"].(bool); enc {
			if b, err := base64.StdEncoding.DecodeString(s.reason); err == nil {
				s.reason = string(b)
			}
		}
		var problems string
		if f := regexp.MustCompile(`\[.*\]`).FindString(s.id); f != "" {
			problems += fmt.Sprintf("The suppression 'id' contains a finding '%s. A finding must be suppressed using 'applies_to'.", f)
		}
		if len([]rune(s.reason)) < 10 { // JavaScript length counts UTF-16 units; equal for the usual reasons
			problems += "The suppression must have a 'reason' of 10 characters or more."
		}
		if at, ok := m["applies_to"].([]any); ok {
			s.hasApply = true
			for _, a := range at {
				switch v := a.(type) {
				case string:
					s.appliesTo = append(s.appliesTo, v)
				case map[string]any:
					src, _ := v["regex"].(string)
					re, err := jsRegExp(src)
					if err != nil {
						problems += err.Error()
						continue
					}
					s.appliesTo = append(s.appliesTo, re)
				}
			}
		}
		if problems != "" {
			errs = append(errs, fmt.Sprintf("\n\tError(s) detected in suppression with 'id' %s. %s", s.id, problems))
			continue
		}
		out = append(out, s)
	}
	if len(errs) > 0 {
		return out, errors.New(strings.Join(errs, "") + "\nSee https://github.com/cdklabs/cdk-nag#suppressing-a-rule for information on suppressing a rule.")
	}
	return out, nil
}

// jsRegExp compiles a cdk-nag RegexAppliesTo ("/pattern/flags") as cdk-nag does, with Go's
// regexp syntax (RE2: no look-around or back-references).
func jsRegExp(s string) (*regexp.Regexp, error) {
	m := regexp.MustCompile(`/(.*)/(.*)?`).FindStringSubmatch(s)
	if m == nil {
		return nil, fmt.Errorf("Invalid regular expression [%s]", s)
	}
	flags := ""
	for _, f := range m[2] {
		switch f {
		case 'i', 'm', 's':
			flags += string(f)
		case 'g', 'u', 'y', 'd', 'v':
		default:
			return nil, fmt.Errorf("Invalid regular expression [%s]", s)
		}
	}
	pat := m[1]
	if flags != "" {
		pat = "(?" + flags + ")" + pat
	}
	re, err := regexp.Compile(pat)
	if err != nil {
		return nil, fmt.Errorf("Invalid regular expression [%s]", s)
	}
	return re, nil
}

// applies is NagSuppressionHelper.doesApply.
func (s suppression) applies(ruleID, findingID string) bool {
	if s.id != ruleID {
		return false
	}
	if !s.hasApply {
		return true
	}
	if findingID == "" {
		return false
	}
	for _, a := range s.appliesTo {
		switch v := a.(type) {
		case string:
			if v == findingID {
				return true
			}
		case *regexp.Regexp:
			if v.MatchString(findingID) {
				return true
			}
		}
	}
	return false
}

// suppressedBy returns the report's exception reason when a suppression of the resource or
// of its stack applies ("" when none does): the reason, prefixed with "[finding] " for a
// suppression with applies_to (NagPack.ignoreRule).
func suppressedBy(sups []suppression, ruleID, findingID string) string {
	for _, s := range sups {
		if s.applies(ruleID, findingID) {
			if !s.hasApply {
				return s.reason
			}
			return "[" + findingID + "] " + s.reason
		}
	}
	return ""
}

// jsonString encodes s as JavaScript's JSON.stringify does (no HTML escaping, U+2028 and
// U+2029 as they are), so that the JSON reports are byte for byte cdk-nag's.
func jsonString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}
