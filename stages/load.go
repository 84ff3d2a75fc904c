package stages

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// Load reads a mesh definition from a YAML (.yaml, .yml) or JSON (.json) file and
// validates it (see Parse).
func Load(path string) (*Definition, error) {
	data, err := readDefinition(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse reads a mesh definition from YAML or JSON (JSON is read as YAML, so both give
// line numbers) and validates it. name labels the problems (a file name). Unknown keys,
// values of the wrong type and missing required keys are reported with file, line and
// path, all at once, followed by the problems of Definition.Validate; the definition is
// returned with the error so that a caller may inspect it.
//
// The input is one YAML document in UTF-8 (a UTF-8 byte order mark is skipped). An empty
// file, a file of comments, a second document, bytes that are not UTF-8 and syntax errors
// are problems with the line. Hostile input is bounded (ErrTooLarge): at most 2 MiB, 64
// levels of nesting, and 200,000 values once aliases are expanded.
func Parse(name string, data []byte) (*Definition, error) {
	data, p := checkInput(name, data)
	if p != nil {
		return nil, p
	}
	root, p := document(name, data)
	if p != nil {
		return nil, p
	}
	def := &Definition{}
	d := &nodeDecoder{src: &source{file: name, lines: map[string]int{}}, expanding: map[*yaml.Node]bool{}, aliasBudget: max(10_000, countNodes(root))}
	d.l.src = d.src
	d.decode(root, reflect.ValueOf(def).Elem(), "")
	def.src = d.src
	if len(d.l.list) > 0 {
		return def, d.l.err()
	}
	if err := def.Validate(); err != nil {
		return def, err
	}
	return def, nil
}

// nodeDecoder decodes a yaml.Node tree into the definition types, strictly, with paths.
type nodeDecoder struct {
	src *source
	l   plist

	values    int                 // values decoded so far, aliases expanded
	depth     int                 // maps and lists open
	alias     *yaml.Node          // the outermost alias being expanded
	expanding map[*yaml.Node]bool // anchors being expanded (an alias inside its own anchor loops)
	stopped   bool                // a bound was hit: decode nothing more
	// aliasValues counts the values decoded through aliases, at most aliasBudget: as many
	// as the file has (at least 10,000), so that anchors save typing but cannot multiply
	// a few lines into billions of values.
	aliasValues, aliasBudget int
}

// countNodes is the number of nodes of the file, aliases not followed.
func countNodes(n *yaml.Node) int {
	c := 1
	if n.Kind != yaml.AliasNode {
		for _, k := range n.Content {
			c += countNodes(k)
		}
	}
	return c
}

func (d *nodeDecoder) fail(n *yaml.Node, err error, path, format string, args ...any) {
	if d.stopped {
		return
	}
	if len(d.l.list) == maxDecodeProblems {
		d.stop(n, datamesh.ErrInvalidProps, path, "more than %d problems: stopped reading the file; fix these first (is it a mesh definition?)", maxDecodeProblems)
		return
	}
	d.l.list = append(d.l.list, &problem.Problem{File: d.src.file, Line: n.Line, Path: path, Detail: fmt.Sprintf(format, args...), Err: err})
}

// stop reports a problem and decodes nothing more.
func (d *nodeDecoder) stop(n *yaml.Node, err error, path, format string, args ...any) {
	d.l.list = append(d.l.list, &problem.Problem{File: d.src.file, Line: n.Line, Path: path, Detail: fmt.Sprintf(format, args...), Err: err})
	d.stopped = true
}

// bound counts a value and reports whether decoding goes on: the values of the file
// (aliases expanded) and its nesting are bounded.
func (d *nodeDecoder) bound(n *yaml.Node, path string) bool {
	if d.stopped {
		return false
	}
	if d.values++; d.values > maxDefinitionValues {
		d.stop(n, ErrTooLarge, path, "the file has more than %d values: a mesh definition never does; is it the right file?", maxDefinitionValues)
		return false
	}
	if d.alias != nil {
		if d.aliasValues++; d.aliasValues > d.aliasBudget {
			d.stop(d.alias, ErrTooLarge, path, "the aliases expand to more than %d values, from *%s here on (an alias bomb?); aliases may add at most as many values as the file has: write the entries out", d.aliasBudget, d.alias.Value)
			return false
		}
	}
	if d.depth > maxDefinitionDepth {
		d.stop(n, ErrTooLarge, path, "maps and lists nest deeper than %d levels here: a mesh definition never does; is it the right file?", maxDefinitionDepth)
		return false
	}
	return true
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str":
			return "a string"
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		case "!!null":
			return "nothing (null)"
		}
		return "a scalar (" + n.ShortTag() + ")"
	}
	return "an unexpected node"
}

func (d *nodeDecoder) decode(n *yaml.Node, v reflect.Value, path string) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			d.fail(n, datamesh.ErrMissing, path, "the file is empty")
			return
		}
		d.decode(n.Content[0], v, path)
		return
	case yaml.AliasNode:
		if d.expanding[n.Alias] {
			d.stop(n, ErrSyntax, path, "alias *%s is inside its own anchor &%s: the entry would contain itself without end; write the entry out", n.Value, n.Value)
			return
		}
		if d.alias == nil {
			d.alias = n
			defer func() { d.alias = nil }()
		}
		d.expanding[n.Alias] = true
		d.decode(n.Alias, v, path)
		delete(d.expanding, n.Alias)
		return
	}
	if !d.bound(n, path) {
		return
	}
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		d.depth++
		defer func() { d.depth-- }()
		if n.Anchor != "" {
			// An alias to this anchor inside it loops (&a [*a]).
			d.expanding[n] = true
			defer delete(d.expanding, n)
		}
	}
	if path != "" {
		if _, ok := d.src.lines[path]; !ok {
			d.src.lines[path] = n.Line
		}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), path)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			if n.ShortTag() == "!!null" {
				return
			}
			d.fail(n, ErrWrongType, path, "expected a list, got %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			// Problems of other packages name entries by index (columns[3]): the line of
			// the index path is that of the entry.
			if ip := fmt.Sprintf("%s[%d]", path, i); ip != elemPath(path, i, c) {
				if _, ok := d.src.lines[ip]; !ok {
					d.src.lines[ip] = c.Line
				}
			}
			d.decode(c, s.Index(i), elemPath(path, i, c))
			if c.ShortTag() == "!!null" {
				d.fail(c, datamesh.ErrMissing, elemPath(path, i, c), "empty list entry: remove it")
			}
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!str" && n.ShortTag() != "!!timestamp") {
			if n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" {
				d.fail(n, ErrWrongType, path, "expected a string, got %s %q: quote it", kindName(n), n.Value)
			} else {
				d.fail(n, ErrWrongType, path, "expected a string, got %s", kindName(n))
			}
			return
		}
		v.SetString(n.Value)
	case reflect.Map:
		d.decodeMap(n, v, path)
	case reflect.Float64:
		var f float64
		if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") || n.Decode(&f) != nil {
			d.fail(n, ErrWrongType, path, "expected a number, got %s %q", kindName(n), n.Value)
			return
		}
		v.SetFloat(f)
	case reflect.Bool:
		var b bool
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
			d.fail(n, ErrWrongType, path, "expected true or false, got %s %q", kindName(n), n.Value)
			return
		}
		v.SetBool(b)
	default:
		d.fail(n, ErrWrongType, path, "cannot decode into %s", v.Type())
	}
}

// decodeMap decodes a map with string keys ("tags: {domain: [sales]}"); entries are
// named path[key].
func (d *nodeDecoder) decodeMap(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		if n.ShortTag() == "!!null" {
			return
		}
		d.fail(n, ErrWrongType, path, "expected a map, got %s", kindName(n))
		return
	}
	if v.Type().Key().Kind() != reflect.String {
		d.fail(n, ErrWrongType, path, "cannot decode into %s", v.Type())
		return
	}
	m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		kp := path + "[" + k.Value + "]"
		if m.MapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key())).IsValid() {
			d.fail(k, datamesh.ErrDuplicate, kp, "key %q is set twice", k.Value)
			continue
		}
		e := reflect.New(v.Type().Elem()).Elem()
		d.decode(val, e, kp)
		m.SetMapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key()), e)
	}
	v.Set(m)
}

// elemPath names a list entry by its name key when it has one ("units[grid]"), or its
// source key (Master Data projects: "masterData[CRM]"), by index otherwise ("members[2]").
func elemPath(path string, i int, n *yaml.Node) string {
	if n.Kind == yaml.MappingNode {
		for _, key := range []string{"name", "source"} {
			for j := 0; j+1 < len(n.Content); j += 2 {
				if n.Content[j].Value == key && n.Content[j+1].Kind == yaml.ScalarNode && n.Content[j+1].Value != "" {
					return fmt.Sprintf("%s[%s]", path, n.Content[j+1].Value)
				}
			}
		}
	}
	return fmt.Sprintf("%s[%d]", path, i)
}

type fieldInfo struct {
	index    int
	required bool
}

func structFields(t reflect.Type) (map[string]fieldInfo, []string) {
	m := map[string]fieldInfo{}
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if tag == "" || tag == "-" || !f.IsExported() {
			continue
		}
		name := strings.Split(tag, ",")[0]
		m[name] = fieldInfo{index: i, required: f.Tag.Get("mesh") == "required"}
		names = append(names, name)
	}
	return m, names
}

func (d *nodeDecoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.fail(n, ErrWrongType, path, "expected a map, got %s", kindName(n))
		return
	}
	fields, names := structFields(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := k.Value
		kp := key
		if path != "" {
			kp = path + "." + key
		}
		f, ok := fields[key]
		if !ok {
			hint := ""
			if s := closest(key, names); s != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", s)
			}
			if rest, ok := strings.CutPrefix(key, "-"); ok && slices.Contains(names, rest) {
				hint = fmt.Sprintf(" (a list entry is \"- %s\", with a space after the -)", rest)
			}
			sorted := append([]string{}, names...)
			sort.Strings(sorted)
			d.fail(k, ErrUnknownKey, kp, "unknown key %q%s; known keys here: %s", key, hint, strings.Join(sorted, ", "))
			continue
		}
		if seen[key] {
			d.fail(k, datamesh.ErrDuplicate, kp, "key %q is set twice", key)
			continue
		}
		seen[key] = true
		d.decode(val, v.Field(f.index), kp)
	}
	for _, name := range names {
		if f := fields[name]; f.required && !seen[name] {
			p := name
			if path != "" {
				p = path + "." + name
			}
			d.fail(n, datamesh.ErrMissing, p, "required key %q is missing", name)
		}
	}
}

// closest returns the known key nearest to key (case-insensitive match or edit distance 2).
func closest(key string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if strings.EqualFold(n, key) {
			return n
		}
		if dd := editDistance(strings.ToLower(key), strings.ToLower(n)); dd < bestD {
			best, bestD = n, dd
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
