package changesim

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// noValue is what {"Ref": "AWS::NoValue"} resolves to; maps and lists drop it.
type noValueT struct{}

var noValue = noValueT{}

// resolver resolves intrinsics to comparable values. A reference to a resource becomes the
// string token {{<stack path>/<logical ID>[#generation][.Attribute]}}: two references compare
// equal when they name the same logical ID in the same stack and the resource has not been
// replaced in between (each replacement starts a new generation, with a new physical ID).
// Parameters of nested stacks resolve to the value their parent passes; pseudo parameters
// to the stack's account and region; Fn::Join, Fn::Sub and Fn::Select of known values are
// evaluated. Everything else keeps its structure with resolved arguments.
type resolver struct {
	gen func(key string) int
}

func token(key string, gen int, attr string) string {
	var b strings.Builder
	b.WriteString("{{")
	b.WriteString(key)
	if gen > 0 {
		fmt.Fprintf(&b, "#%d", gen)
	}
	if attr != "" {
		b.WriteString(".")
		b.WriteString(attr)
	}
	b.WriteString("}}")
	return b.String()
}

func (rv *resolver) ref(s *stack, name string) any {
	switch name {
	case "AWS::AccountId":
		if s.account != "" && !strings.HasPrefix(s.account, "unknown") {
			return s.account
		}
	case "AWS::Region":
		if s.region != "" && !strings.HasPrefix(s.region, "unknown") {
			return s.region
		}
	case "AWS::Partition":
		return "aws"
	case "AWS::URLSuffix":
		return "amazonaws.com"
	case "AWS::NoValue":
		return noValue
	}
	if strings.HasPrefix(name, "AWS::") {
		return "{{" + name + " of " + s.path + "}}"
	}
	if _, ok := s.tpl.Resources[name]; ok {
		key := s.path + "/" + name
		return token(key, rv.gen(key), "")
	}
	if p, ok := s.tpl.Parameters[name]; ok {
		if s.parent != nil {
			if pr := s.parent.tpl.Resources[s.parentID]; pr != nil {
				if params, ok := pr.Properties["Parameters"].(map[string]any); ok {
					if v, ok := params[name]; ok {
						return rv.value(s.parent, v)
					}
				}
			}
		}
		if p.Default != nil {
			return rv.value(s, p.Default)
		}
		return "{{parameter " + s.path + "/" + name + "}}"
	}
	return "{{unknown " + s.path + "/" + name + "}}"
}

func (rv *resolver) getAtt(s *stack, id, attr string) any {
	if out, ok := strings.CutPrefix(attr, "Outputs."); ok {
		if n := s.nested[id]; n != nil {
			if o, ok := n.tpl.Outputs[out]; ok {
				return rv.value(n, o.Value)
			}
		}
	}
	key := s.path + "/" + id
	return token(key, rv.gen(key), attr)
}

var subVar = regexp.MustCompile(`\$\{([^!}][^}]*)\}`)

// value resolves v in the context of stack s.
func (rv *resolver) value(s *stack, v any) any {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			for k, arg := range x {
				if r, ok := rv.intrinsic(s, k, arg); ok {
					return r
				}
			}
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			if r := rv.value(s, e); r != noValue {
				out[k] = r
			}
		}
		return out
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			if r := rv.value(s, e); r != noValue {
				out = append(out, r)
			}
		}
		return out
	default:
		return v
	}
}

func (rv *resolver) intrinsic(s *stack, fn string, arg any) (any, bool) {
	switch fn {
	case "Ref":
		name, ok := arg.(string)
		if !ok {
			return nil, false
		}
		return rv.ref(s, name), true
	case "Fn::GetAtt":
		var id, attr string
		switch a := arg.(type) {
		case []any:
			if len(a) == 2 {
				id, _ = a[0].(string)
				attr, _ = a[1].(string)
			}
		case string:
			id, attr, _ = strings.Cut(a, ".")
		}
		if id == "" {
			return nil, false
		}
		return rv.getAtt(s, id, attr), true
	case "Fn::Join":
		a, ok := arg.([]any)
		if !ok || len(a) != 2 {
			return nil, false
		}
		sep, _ := a[0].(string)
		parts := rv.value(s, a[1])
		if list, ok := parts.([]any); ok {
			strs := make([]string, 0, len(list))
			for _, p := range list {
				str, ok := p.(string)
				if !ok {
					return map[string]any{fn: []any{sep, parts}}, true
				}
				strs = append(strs, str)
			}
			return strings.Join(strs, sep), true
		}
		return map[string]any{fn: []any{sep, parts}}, true
	case "Fn::Sub":
		var text string
		vars := map[string]any{}
		switch a := arg.(type) {
		case string:
			text = a
		case []any:
			if len(a) > 0 {
				text, _ = a[0].(string)
			}
			if len(a) > 1 {
				if m, ok := rv.value(s, a[1]).(map[string]any); ok {
					vars = m
				}
			}
		default:
			return nil, false
		}
		out := subVar.ReplaceAllStringFunc(text, func(m string) string {
			name := m[2 : len(m)-1]
			if v, ok := vars[name]; ok {
				return str(v)
			}
			if id, attr, ok := strings.Cut(name, "."); ok && !strings.HasPrefix(name, "AWS::") {
				return str(rv.getAtt(s, id, attr))
			}
			return str(rv.ref(s, name))
		})
		return out, true
	case "Fn::Select":
		a, ok := arg.([]any)
		if !ok || len(a) != 2 {
			return nil, false
		}
		idx := rv.value(s, a[0])
		list := rv.value(s, a[1])
		var i int
		switch n := idx.(type) {
		case float64:
			i = int(n)
		case string:
			var err error
			if i, err = strconv.Atoi(n); err != nil {
				return map[string]any{fn: []any{idx, list}}, true
			}
		}
		if l, ok := list.([]any); ok && i >= 0 && i < len(l) {
			return l[i], true
		}
		return map[string]any{fn: []any{idx, list}}, true
	}
	if strings.HasPrefix(fn, "Fn::") {
		return map[string]any{fn: rv.value(s, arg)}, true
	}
	return nil, false
}

// str renders a resolved value inside a string (Fn::Sub): strings as they are, anything else
// as canonical JSON.
func str(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return canonical(v)
}

// canonical is v as JSON with sorted keys (encoding/json sorts map keys).
func canonical(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// refsOf returns the logical IDs of resources of s that v references (Ref, Fn::GetAtt,
// Fn::Sub), sorted.
func refsOf(s *stack, v any) []string {
	set := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, a := range x {
				switch k {
				case "Ref":
					if n, ok := a.(string); ok {
						set[n] = true
					}
				case "Fn::GetAtt":
					switch g := a.(type) {
					case []any:
						if len(g) > 0 {
							if n, ok := g[0].(string); ok {
								set[n] = true
							}
						}
					case string:
						n, _, _ := strings.Cut(g, ".")
						set[n] = true
					}
				case "Fn::Sub":
					text := ""
					switch g := a.(type) {
					case string:
						text = g
					case []any:
						if len(g) > 0 {
							text, _ = g[0].(string)
						}
					}
					for _, m := range subVar.FindAllStringSubmatch(text, -1) {
						n, _, _ := strings.Cut(m[1], ".")
						set[n] = true
					}
				}
				walk(a)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	var out []string
	for n := range set {
		if _, ok := s.tpl.Resources[n]; ok {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// dependencies returns the logical IDs resource id of s depends on: DependsOn and references.
func dependencies(s *stack, id string) []string {
	r := s.tpl.Resources[id]
	set := map[string]bool{}
	switch d := r.DependsOn.(type) {
	case string:
		set[d] = true
	case []any:
		for _, e := range d {
			if n, ok := e.(string); ok {
				set[n] = true
			}
		}
	}
	for _, n := range refsOf(s, r.Properties) {
		set[n] = true
	}
	var out []string
	for n := range set {
		if _, ok := s.tpl.Resources[n]; ok && n != id {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// order returns the logical IDs of s in dependency order (dependencies first, ties by
// logical ID), the order in which CloudFormation may create them.
func order(s *stack) []string {
	if s == nil {
		return nil
	}
	ids := make([]string, 0, len(s.tpl.Resources))
	for id := range s.tpl.Resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []string
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(id string)
	visit = func(id string) {
		if state[id] != 0 {
			return // done, or a cycle (CloudFormation would refuse the template)
		}
		state[id] = 1
		for _, d := range dependencies(s, id) {
			visit(d)
		}
		state[id] = 2
		out = append(out, id)
	}
	for _, id := range ids {
		visit(id)
	}
	return out
}
