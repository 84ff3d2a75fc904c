package cfnschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Finding is one problem in one resource of a template.
type Finding struct {
	// Template names the template: the name given to ValidateTemplate, or the template's path
	// relative to the assembly directory for ValidateAssembly.
	Template string
	// LogicalID is the resource's logical ID in the template.
	LogicalID string
	// Type is the resource's CloudFormation type, e.g. AWS::DataZone::Domain.
	Type string
	// Property locates the offending value, JSON-pointer style from the resource, e.g.
	// Properties/SingleSignOn/Type or Properties/EnvironmentConfigurations/0/Name; "Type" for
	// a problem with the resource type itself.
	Property string
	// Message says what is wrong.
	Message string
}

// String formats the finding as
// `Template/LogicalID (Type) Property: Message`.
func (f Finding) String() string {
	if f.Property == "" {
		return fmt.Sprintf("%s/%s (%s): %s", f.Template, f.LogicalID, f.Type, f.Message)
	}
	return fmt.Sprintf("%s/%s (%s) %s: %s", f.Template, f.LogicalID, f.Type, f.Property, f.Message)
}

// Messages of the findings this package adds on top of JSON Schema.
const (
	msgRequired   = "required property is missing"
	msgUnknown    = "unknown property (not in the registry schema of this type)"
	msgReadOnly   = "read-only property: CloudFormation sets this attribute (read it with Fn::GetAtt), a template must not"
	msgNoType     = "resource has no Type"
	msgNoToken    = "required property is missing (a custom resource needs the ARN of its provider)"
	metadataType  = "AWS::CDK::Metadata"
	customType    = "AWS::CloudFormation::CustomResource"
	customPrefix  = "Custom::"
	awsTypePrefix = "AWS::"
)

// printer renders the validator's messages in English.
var printer = message.NewPrinter(language.English)

type templateResource struct {
	Type       any `json:"Type"`
	Properties any `json:"Properties"`
}

// ValidateTemplate checks every resource of a CloudFormation template (JSON) against the
// registry schema of its type and returns the findings sorted by logical ID and property.
// name only labels the findings. The error is for templates that cannot be read at all (not
// JSON, Resources not an object) and for vendored schemas that fail to compile.
func ValidateTemplate(name string, template []byte) ([]Finding, error) {
	dec := json.NewDecoder(bytes.NewReader(template))
	// json.Number keeps large integers exact and is what the validator expects.
	dec.UseNumber()
	var tpl struct {
		Resources map[string]templateResource `json:"Resources"`
	}
	if err := dec.Decode(&tpl); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	ids := make([]string, 0, len(tpl.Resources))
	for id := range tpl.Resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var findings []Finding
	for _, id := range ids {
		res := tpl.Resources[id]
		fs, err := validateResource(name, id, res)
		if err != nil {
			return nil, err
		}
		findings = append(findings, fs...)
	}
	return findings, nil
}

func validateResource(tplName, id string, res templateResource) ([]Finding, error) {
	typeName, _ := res.Type.(string)
	add := func(out []Finding, prop, msg string) []Finding {
		return append(out, Finding{Template: tplName, LogicalID: id, Type: typeName, Property: prop, Message: msg})
	}
	var out []Finding
	props := res.Properties
	if props == nil {
		props = map[string]any{}
	}
	switch {
	case typeName == "":
		return add(out, "Type", msgNoType), nil
	case typeName == metadataType:
		return nil, nil
	case typeName == customType || strings.HasPrefix(typeName, customPrefix):
		// Custom resources take any properties, but CloudFormation needs the provider.
		m, ok := props.(map[string]any)
		if ok {
			if _, has := m["ServiceToken"]; !has {
				out = add(out, "Properties/ServiceToken", msgNoToken)
			}
		}
		return out, nil
	case !strings.HasPrefix(typeName, awsTypePrefix):
		// Third-party registry types (Org::Service::Thing) cannot be known here.
		return nil, nil
	}
	c, err := lookup(typeName)
	if errors.Is(err, errNoSchema) {
		return add(out, "Type", fmt.Sprintf("no registry schema vendored for %s: add it to internal/cfnschema/schemas/TYPES.txt and run go generate", typeName)), nil
	}
	if err != nil {
		return nil, err
	}
	if isIntrinsic(props) {
		// The whole Properties object is computed at deploy time (e.g. Fn::If).
		return nil, nil
	}
	var intr intrinsics
	intr.collect(props, nil)
	seen := map[[2]string]bool{}
	emit := func(loc []string, msg string) {
		prop := pointer(loc)
		if seen[[2]string{prop, msg}] {
			return
		}
		seen[[2]string{prop, msg}] = true
		out = add(out, prop, msg)
	}
	if err := c.schema.Validate(props); err != nil {
		var verr *jsonschema.ValidationError
		if !errors.As(err, &verr) {
			return nil, fmt.Errorf("validate %s %s: %w", tplName, id, err)
		}
		if kept := prune(verr, &intr); kept != nil {
			for _, r := range flatten(kept) {
				emit(r.loc, r.msg)
			}
		}
	}
	for _, ro := range c.readOnly {
		for _, loc := range findPaths(props, ro, nil) {
			emit(loc, msgReadOnly)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Property != out[j].Property {
			return out[i].Property < out[j].Property
		}
		return out[i].Message < out[j].Message
	})
	return out, nil
}

// pointer renders an instance location below Properties, escaping as JSON pointers do.
func pointer(loc []string) string {
	var sb strings.Builder
	sb.WriteString("Properties")
	for _, t := range loc {
		sb.WriteByte('/')
		sb.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(t))
	}
	return sb.String()
}

// isIntrinsic reports whether v is a CloudFormation intrinsic function call: a single-key
// object whose key is Ref or starts with Fn::.
func isIntrinsic(v any) bool {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return false
	}
	for k := range m {
		return k == "Ref" || strings.HasPrefix(k, "Fn::")
	}
	return false
}

// intrinsics records where intrinsic function calls sit in a Properties object.
type intrinsics struct {
	at map[string]bool // keys: instance locations joined with "\x00"
}

func (in *intrinsics) collect(v any, loc []string) {
	if isIntrinsic(v) {
		if in.at == nil {
			in.at = map[string]bool{}
		}
		in.at[strings.Join(loc, "\x00")] = true
		return
	}
	switch v := v.(type) {
	case map[string]any:
		for k, c := range v {
			in.collect(c, append(loc[:len(loc):len(loc)], k))
		}
	case []any:
		for i, c := range v {
			in.collect(c, append(loc[:len(loc):len(loc)], strconv.Itoa(i)))
		}
	}
}

// covers reports whether loc is at or below an intrinsic.
func (in *intrinsics) covers(loc []string) bool {
	if len(in.at) == 0 {
		return false
	}
	for i := 0; i <= len(loc); i++ {
		if in.at[strings.Join(loc[:i], "\x00")] {
			return true
		}
	}
	return false
}

// prune drops the errors that only intrinsics cause and returns what is left of e, or nil.
// A oneOf/anyOf failure is dropped as soon as one of its alternatives fails only because of
// intrinsics: that alternative may well match once the intrinsic is resolved.
func prune(e *jsonschema.ValidationError, in *intrinsics) *jsonschema.ValidationError {
	if in.covers(e.InstanceLocation) {
		return nil
	}
	if len(e.Causes) == 0 {
		return e
	}
	alternatives := false
	switch e.ErrorKind.(type) {
	case *kind.OneOf, *kind.AnyOf, *kind.Contains:
		alternatives = true
	}
	kept := make([]*jsonschema.ValidationError, 0, len(e.Causes))
	for _, c := range e.Causes {
		p := prune(c, in)
		if p == nil {
			if alternatives {
				return nil
			}
			continue
		}
		kept = append(kept, p)
	}
	if len(kept) == 0 {
		return nil
	}
	cp := *e
	cp.Causes = kept
	return &cp
}

type result struct {
	loc []string
	msg string
}

// flatten turns an error tree into findings. Required and additionalProperties errors point at
// the missing or unknown property itself, so each is reported where the user has to look.
func flatten(e *jsonschema.ValidationError) []result {
	loc := e.InstanceLocation
	child := func(name string) []string { return append(loc[:len(loc):len(loc)], name) }
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		var out []result
		for _, m := range k.Missing {
			out = append(out, result{child(m), msgRequired})
		}
		return out
	case *kind.AdditionalProperties:
		var out []result
		for _, p := range k.Properties {
			out = append(out, result{child(p), msgUnknown})
		}
		return out
	case *kind.OneOf, *kind.AnyOf:
		if len(e.Causes) == 0 {
			return []result{{loc, k.LocalizedString(printer)}}
		}
		return flattenAlternatives(e)
	}
	if len(e.Causes) == 0 {
		return []result{{loc, leafMessage(e.ErrorKind)}}
	}
	var out []result
	for _, c := range e.Causes {
		out = append(out, flatten(c)...)
	}
	return out
}

// flattenAlternatives reports a failed oneOf/anyOf. When exactly one alternative failed deeper
// inside the value than the others, it is the one the author meant (its shape matched), so
// its findings are reported as they are; otherwise one finding summarizes every alternative.
func flattenAlternatives(e *jsonschema.ValidationError) []result {
	best, bestDepth, ties := -1, -1, 0
	for i, c := range e.Causes {
		d := maxDepth(c)
		switch {
		case d > bestDepth:
			best, bestDepth, ties = i, d, 1
		case d == bestDepth:
			ties++
		}
	}
	if ties == 1 && bestDepth > len(e.InstanceLocation) {
		return flatten(e.Causes[best])
	}
	parts := make([]string, 0, len(e.Causes))
	for i, c := range e.Causes {
		var msgs []string
		for _, r := range flatten(c) {
			rel := strings.TrimPrefix(pointer(r.loc), pointer(e.InstanceLocation))
			rel = strings.TrimPrefix(rel, "/")
			if rel != "" {
				msgs = append(msgs, rel+": "+r.msg)
			} else {
				msgs = append(msgs, r.msg)
			}
		}
		parts = append(parts, fmt.Sprintf("(%d) %s", i+1, strings.Join(msgs, ", ")))
	}
	return []result{{e.InstanceLocation, fmt.Sprintf("value matches none of the %d allowed forms: %s", len(e.Causes), strings.Join(parts, "; "))}}
}

// leafMessage words the common errors as a CloudFormation author reads them (JSON quoting,
// patterns unescaped); the validator's own wording is the fallback.
func leafMessage(k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = jsonText(w)
		}
		if len(want) == 1 {
			return "value must be " + want[0]
		}
		return "value must be one of " + strings.Join(want, ", ")
	case *kind.Const:
		return "value must be " + jsonText(k.Want)
	case *kind.Pattern:
		return fmt.Sprintf("value %s does not match pattern %s", jsonText(k.Got), k.Want)
	case *kind.Type:
		return fmt.Sprintf("wrong type: got %s, want %s", k.Got, strings.Join(k.Want, " or "))
	}
	return k.LocalizedString(printer)
}

func jsonText(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func maxDepth(e *jsonschema.ValidationError) int {
	d := len(e.InstanceLocation)
	for _, c := range e.Causes {
		if cd := maxDepth(c); cd > d {
			d = cd
		}
	}
	return d
}

// findPaths returns the locations in v that match segs, where "*" matches every array element
// or map value.
func findPaths(v any, segs []string, loc []string) [][]string {
	if len(segs) == 0 {
		return [][]string{loc}
	}
	var out [][]string
	seg, rest := segs[0], segs[1:]
	switch v := v.(type) {
	case map[string]any:
		if seg == "*" {
			for k, c := range v {
				out = append(out, findPaths(c, rest, append(loc[:len(loc):len(loc)], k))...)
			}
		} else if c, ok := v[seg]; ok {
			out = append(out, findPaths(c, rest, append(loc[:len(loc):len(loc)], seg))...)
		}
	case []any:
		if seg == "*" {
			for i, c := range v {
				out = append(out, findPaths(c, rest, append(loc[:len(loc):len(loc)], strconv.Itoa(i)))...)
			}
		}
	}
	return out
}
