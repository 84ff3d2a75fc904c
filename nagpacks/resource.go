package nagpacks

import (
	"strings"
	"unicode"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// resource is what the rules see of one CfnResource. Everything is read lazily and at
// most once, because every read is a jsii round trip.
type resource struct {
	pack *dataMeshPack
	cfn  awscdk.CfnResource
	typ  string

	stack    awscdk.Stack
	idx      *stackIndex
	props    map[string]any
	propsOK  bool
	propsErr any // why the properties could not be read
	meta     meshmeta.Resource
	hasMeta  bool
	metaRead bool
	lid      *string
}

func newResource(p *dataMeshPack, cfn awscdk.CfnResource, typ string) *resource {
	return &resource{pack: p, cfn: cfn, typ: typ}
}

func (r *resource) cfg() *config { return &r.pack.cfg }

func (r *resource) stk() awscdk.Stack {
	if r.stack == nil {
		r.stack = awscdk.Stack_Of(r.cfn)
	}
	return r.stack
}

// properties returns the resource's CloudFormation properties (PascalCase, as in the
// template), resolved in its stack: references become {"Ref": ...} or
// {"Fn::GetAtt": [...]}. Raw property overrides (AddPropertyOverride) are not seen.
func (r *resource) properties() map[string]any {
	if !r.propsOK {
		r.propsOK = true
		func() {
			defer func() {
				if e := recover(); e != nil {
					r.propsErr = e
				}
			}()
			raw := r.cfn.CfnProperties()
			if raw == nil {
				return
			}
			in, _ := unwrap(*raw).(map[string]any)
			v := unwrap(r.stk().Resolve(r.cfn.RenderProperties(&in)))
			r.props, _ = v.(map[string]any)
		}()
	}
	return r.props
}

// errUnreadable is panicked by prop when the properties cannot be read; Visit recovers it,
// skips the rule and warns once on the resource (a rule must not report a violation
// because it could not see the property).
type errUnreadable struct{ cause any }

// prop returns the resolved property at path (keys of nested objects).
func (r *resource) prop(path ...string) any {
	props := r.properties()
	if r.propsErr != nil {
		panic(errUnreadable{r.propsErr})
	}
	return get(props, path...)
}

// metadata returns the smusmesh metadata recorded on the resource; ok is false when
// there is none.
func (r *resource) metadata() (meshmeta.Resource, bool) {
	if !r.metaRead {
		r.metaRead = true
		r.meta, r.hasMeta = meshmeta.Parse(unwrap(r.cfn.GetMetadata(jsii.String(meshmeta.Key))))
	}
	return r.meta, r.hasMeta
}

// logicalID returns the resource's logical ID in its stack.
func (r *resource) logicalID() string {
	if r.lid == nil {
		s, _ := r.stk().Resolve(r.cfn.LogicalId()).(string)
		r.lid = &s
	}
	return *r.lid
}

// index returns the per-stack index of the resource's stack, built once per stack.
func (r *resource) index() *stackIndex {
	if r.idx == nil {
		key := deref(r.stk().Node().Path())
		idx, ok := r.pack.stacks[key]
		if !ok {
			idx = buildStackIndex(r.stk(), key)
			r.pack.stacks[key] = idx
		}
		r.idx = idx
	}
	return r.idx
}

// stackIndex is what rules need to know about the other resources of a stack: the
// blueprint of each blueprint configuration, the smusmesh metadata of each domain, and
// which domain units have an owner. Only resources of the stack itself count (not those
// of nested stacks), and only L1 classes of awsdatazone are indexed.
type stackIndex struct {
	blueprints map[string]string            // blueprint configuration logical ID -> EnvironmentBlueprintIdentifier
	domains    map[string]meshmeta.Resource // domain logical ID -> metadata (Kind "" when none)
	ownedUnits map[string]bool              // domain unit logical IDs named by an AWS::DataZone::Owner
}

func buildStackIndex(stack awscdk.Stack, path string) *stackIndex {
	idx := &stackIndex{blueprints: map[string]string{}, domains: map[string]meshmeta.Resource{}, ownedUnits: map[string]bool{}}
	all := stack.Node().FindAll(constructs.ConstructOrder_PREORDER)
	if all == nil {
		return idx
	}
	inStack := func(c awscdk.CfnResource) bool { return deref(c.Stack().Node().Path()) == path }
	for _, c := range *all {
		switch v := c.(type) {
		case awsdatazone.CfnEnvironmentBlueprintConfiguration:
			if !inStack(v) {
				continue
			}
			vals, _ := unwrap(stack.Resolve([]any{v.LogicalId(), v.EnvironmentBlueprintIdentifier()})).([]any)
			if len(vals) == 2 {
				lid, _ := vals[0].(string)
				bp, _ := vals[1].(string)
				idx.blueprints[lid] = bp
			}
		case awsdatazone.CfnDomain:
			if !inStack(v) {
				continue
			}
			lid, _ := stack.Resolve(v.LogicalId()).(string)
			m, _ := meshmeta.Parse(unwrap(v.GetMetadata(jsii.String(meshmeta.Key))))
			idx.domains[lid] = m
		case awsdatazone.CfnOwner:
			if !inStack(v) {
				continue
			}
			if lid, ok := refLogicalID(unwrap(stack.Resolve(v.EntityIdentifier()))); ok {
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

// unwrap removes the {"$jsii.map": {...}} wrappers that the jsii Go runtime leaves on maps
// nested in values typed any. Sent back to JavaScript as they are, such values would
// arrive as objects with a literal "$jsii.map" key.
func unwrap(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if inner, ok := x["$jsii.map"]; ok && len(x) == 1 {
			return unwrap(inner)
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = unwrap(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = unwrap(e)
		}
		return out
	}
	return v
}
