package nagpacks

import (
	"strings"
	"unicode"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// Resource is what a rule sees of one resource: its entry in the synthesized template
// (type, properties, policies), where it is in the construct tree, and the smusmesh
// metadata recorded on it. Values known only at deploy time are CloudFormation
// intrinsics, as written: {"Ref": id}, {"Fn::GetAtt": [id, attr]}, {"Fn::Join": ...}.
type Resource struct {
	// LogicalID is the resource's logical ID in its template.
	LogicalID string
	// Type is the CloudFormation type ("AWS::DataZone::Project").
	Type string
	// Path is the construct path ("prd/Mesh/Sales/Orders/Resource"), as in the reports.
	Path string
	// Properties are the resource's properties as written in the template (escape-hatch
	// overrides included).
	Properties map[string]any
	// DeletionPolicy and UpdateReplacePolicy as written ("Retain", "Delete" ...; "" when
	// absent).
	DeletionPolicy, UpdateReplacePolicy string

	raw      map[string]any // the template Metadata
	tpl      *template
	cfgp     *config
	meta     meshmeta.Resource
	hasMeta  bool
	metaRead bool
}

// Prop returns the property at path (keys of nested objects), nil when absent.
func (r *Resource) Prop(path ...string) any { return get(r.Properties, path...) }

// String returns the property at path when it is a literal string.
func (r *Resource) String(path ...string) (string, bool) { return str(r.Prop(path...)) }

// Metadata returns the smusmesh metadata recorded on the resource (template Metadata
// "smusmesh"); ok is false when there is none.
func (r *Resource) Metadata() (m Metadata, ok bool) {
	if !r.metaRead {
		r.metaRead = true
		r.meta, r.hasMeta = meshmeta.Parse(r.raw[meshmeta.Key])
	}
	return r.meta, r.hasMeta
}

// Ref returns the resource of the same template that v refers to ({"Ref": id} or
// {"Fn::GetAtt": [id, attr]}), or nil.
func (r *Resource) Ref(v any) *Resource {
	lid, ok := refLogicalID(v)
	if !ok || r.tpl == nil {
		return nil
	}
	return r.tpl.byID[lid]
}

// Config returns the settings the checks run with.
func (r *Resource) Config() Config {
	c := r.cfg()
	return Config{Production: c.production, Today: c.today, Standards: c.standards}
}

// Config is what the pack was configured with, for the rules.
type Config struct {
	// Production is DataMeshPackProps.Production.
	Production bool
	// Today is the synth date, YYYY-MM-DD (DataMeshPackProps.Now).
	Today string
	// Standards are the mesh's standards, with defaults applied.
	Standards *datamesh.Standards
}

// Metadata is what the smusmesh constructs record on a resource for the rules (template
// Metadata "smusmesh"): the kind of mesh object, governance, Master Data contract,
// temporary membership, reads of data products.
type Metadata = meshmeta.Resource

func (r *Resource) cfg() *config               { return r.cfgp }
func (r *Resource) prop(path ...string) any    { return r.Prop(path...) }
func (r *Resource) logicalID() string          { return r.LogicalID }
func (r *Resource) metadata() (Metadata, bool) { return r.Metadata() }

// index returns the index of the resource's template, built once per template.
func (r *Resource) index() *stackIndex {
	if r.tpl == nil {
		return &stackIndex{}
	}
	if r.tpl.idx == nil {
		r.tpl.idx = buildStackIndex(r.tpl)
	}
	return r.tpl.idx
}

// stackIndex is what rules need to know about the other resources of a template: the
// blueprint of each blueprint configuration, the smusmesh metadata of each domain, and
// which domain units have an owner. Only resources of the template itself count (not
// those of nested stacks).
type stackIndex struct {
	blueprints map[string]string            // blueprint configuration logical ID -> EnvironmentBlueprintIdentifier
	domains    map[string]meshmeta.Resource // domain logical ID -> metadata (Kind "" when none)
	ownedUnits map[string]bool              // domain unit logical IDs named by an AWS::DataZone::Owner
}

func buildStackIndex(t *template) *stackIndex {
	idx := &stackIndex{blueprints: map[string]string{}, domains: map[string]meshmeta.Resource{}, ownedUnits: map[string]bool{}}
	for _, r := range t.resources {
		switch r.Type {
		case typeBlueprintConfig:
			bp, _ := r.Prop("EnvironmentBlueprintIdentifier").(string)
			idx.blueprints[r.LogicalID] = bp
		case typeDomain:
			m, _ := r.Metadata()
			idx.domains[r.LogicalID] = m
		case "AWS::DataZone::Owner":
			if lid, ok := refLogicalID(r.Prop("EntityIdentifier")); ok {
				idx.ownedUnits[lid] = true
			}
		}
	}
	return idx
}

// blueprintOf returns the managed blueprint name behind an EnvironmentBlueprintId (a
// reference to a blueprint configuration of the stack, or a literal), or "".
func (x *stackIndex) blueprintOf(id any) string {
	if lid, ok := refLogicalID(id); ok {
		return x.blueprints[lid]
	}
	s, _ := id.(string)
	return s
}

// domainOf returns the metadata of the domain that a DomainIdentifier refers to, when it
// is a domain of the stack.
func (x *stackIndex) domainOf(id any) (meshmeta.Resource, bool) {
	lid, ok := refLogicalID(id)
	if !ok {
		return meshmeta.Resource{}, false
	}
	m, ok := x.domains[lid]
	return m, ok
}

// get walks nested maps.
func get(v any, path ...string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// str returns v when it is a resolved literal string.
func str(v any) (string, bool) {
	s, ok := v.(string)
	if !ok || strings.Contains(s, "${Token[") {
		return "", false
	}
	return s, true
}

// isIntrinsic reports whether a resolved value is a CloudFormation intrinsic (a
// reference, a join, an import...), whose value is unknown at synth.
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

// refLogicalID returns the logical ID a resolved {"Ref": id} or {"Fn::GetAtt": [id, attr]}
// points at.
func refLogicalID(v any) (string, bool) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return "", false
	}
	if s, ok := m["Ref"].(string); ok {
		return s, true
	}
	switch g := m["Fn::GetAtt"].(type) {
	case []any:
		if len(g) > 0 {
			s, ok := g[0].(string)
			return s, ok
		}
	case string:
		lid, _, _ := strings.Cut(g, ".")
		return lid, true
	}
	return "", false
}

// list returns v as a list; ok is false when v is missing or not a list (an intrinsic).
func list(v any) ([]any, bool) {
	l, ok := v.([]any)
	return l, ok
}

// norm folds a blueprint or environment name for comparison: lower case, letters and
// digits only ("ML Experiments" and "mlexperiments" are the same).
func norm(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// deref returns *s, or "" for nil.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
