package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/smusmesh/smusmesh/internal/gosrc"
	"github.com/smusmesh/smusmesh/stages"
)

// Draft-07, not 2020-12: the YAML language server (behind VS Code's redhat.vscode-yaml)
// "supports JSON Schema 7 and below" (https://www.npmjs.com/package/yaml-language-server).
const (
	draft = "http://json-schema.org/draft-07/schema#"
	id    = "https://github.com/smusmesh/smusmesh/raw/main/schema/mesh.schema.json"
)

// Generate returns the JSON Schema of stages.Definition; root is the module root (the doc
// comments are read from root/stages).
func Generate(root string) ([]byte, error) {
	docs, err := readDocs(filepath.Join(root, "stages"))
	if err != nil {
		return nil, err
	}
	ix, err := newIndex(root, "stages", "constructs/datamesh", "constructs/datacontract")
	if err != nil {
		return nil, err
	}
	g := &generator{docs: docs, ix: ix, defs: map[string]obj{}, used: map[string]bool{}}
	rootType := reflect.TypeFor[stages.Definition]()
	top, err := g.object(rootType)
	if err != nil {
		return nil, err
	}
	for key := range enumSources {
		if !g.used[key] {
			return nil, fmt.Errorf("enumSources names %s, which no definition type has: update internal/meshschema/enums.go", key)
		}
	}
	names := make([]string, 0, len(g.defs))
	for n := range g.defs {
		names = append(names, n)
	}
	sort.Strings(names)
	var definitions obj
	for _, n := range names {
		definitions = append(definitions, member{n, g.defs[n]})
	}
	schema := obj{
		{"$schema", draft},
		{"$id", id},
		{"title", "smusmesh mesh definition"},
		{"description", "A smusmesh mesh definition (stages.Definition), read by stages.Load and stages.Parse. Generated from the Go types by go run ./internal/meshschema: do not edit.\n\n" + docs.types[rootType.Name()]},
	}
	schema = append(schema, top[1:]...) // without its description: the root's is above
	schema = append(schema, member{"definitions", definitions})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(schema); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type generator struct {
	docs *docs
	ix   *index
	defs map[string]obj // definitions by type name
	used map[string]bool
}

// object is the schema of a struct type: its yaml keys, in field order, with the doc
// comment of each field; no other key (the loader rejects unknown keys).
func (g *generator) object(t reflect.Type) (obj, error) {
	var props obj
	var required []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if tag == "" || tag == "-" || !f.IsExported() {
			continue
		}
		key := strings.Split(tag, ",")[0]
		s, err := g.field(t.Name()+"."+key, f.Type)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t.Name(), f.Name, err)
		}
		doc := g.docs.fields[t.Name()+"."+f.Name]
		if doc == "" {
			return nil, fmt.Errorf("%s.%s has no doc comment: every key of the definition says what it is", t.Name(), f.Name)
		}
		// A comment starts with the Go name of its field ("IAMUser is ..."); the editor shows
		// it on the YAML key, so it starts with the key ("iamUser is ...") where they differ
		// by more than the first letter.
		if lower := strings.ToLower(f.Name[:1]) + f.Name[1:]; lower != key && strings.HasPrefix(doc, f.Name) &&
			(len(doc) == len(f.Name) || strings.ContainsRune(" :,.", rune(doc[len(f.Name)]))) {
			doc = key + doc[len(f.Name):]
		}
		props = append(props, member{key, append(obj{{"description", doc}}, s...)})
		if f.Tag.Get("mesh") == "required" {
			required = append(required, key)
		}
	}
	o := obj{{"description", g.docs.types[t.Name()]}, {"type", "object"}, {"additionalProperties", false}}
	if len(required) > 0 {
		o = append(o, member{"required", required})
	}
	return append(o, member{"properties", props}), nil
}

// ref returns the reference to the definition of a struct type, generating it once.
func (g *generator) ref(t reflect.Type) (obj, error) {
	if _, ok := g.defs[t.Name()]; !ok {
		g.defs[t.Name()] = nil // recursive types (UnitDef) refer to themselves
		o, err := g.object(t)
		if err != nil {
			return nil, err
		}
		g.defs[t.Name()] = o
	}
	return obj{{"$ref", "#/definitions/" + t.Name()}}, nil
}

// field is the schema of a key's value, as the loader (stages.Parse) decodes it: null
// leaves a pointer, list or map unset, so it is allowed there and nowhere else.
func (g *generator) field(key string, t reflect.Type) (obj, error) {
	enum, err := g.enum(key)
	if err != nil {
		return nil, err
	}
	if openEnums[key] {
		enum = append(enum, "") // marks an open set (see value)
	}
	switch t.Kind() {
	case reflect.Pointer:
		if t.Elem().Kind() == reflect.Struct {
			r, err := g.ref(t.Elem())
			if err != nil {
				return nil, err
			}
			return obj{{"anyOf", []obj{r, {{"type", "null"}}}}}, nil
		}
		s, err := g.value(t.Elem(), enum)
		if err != nil {
			return nil, err
		}
		return nullable(s), nil
	case reflect.Slice, reflect.Map:
		s, err := g.value(t, enum)
		if err != nil {
			return nil, err
		}
		return nullable(s), nil
	}
	return g.value(t, enum)
}

// value is the schema of a value of type t (a list entry, a map value, a key's value).
func (g *generator) value(t reflect.Type, enum []string) (obj, error) {
	switch t.Kind() {
	case reflect.String:
		if n := len(enum); n > 0 && enum[n-1] == "" {
			// Known values to complete, any other accepted.
			return obj{{"anyOf", []obj{{{"type", "string"}, {"enum", enum[:n-1]}}, {{"type", "string"}}}}}, nil
		}
		if enum != nil {
			return obj{{"type", "string"}, {"enum", enum}}, nil
		}
		return obj{{"type", "string"}}, nil
	case reflect.Bool:
		return obj{{"type", "boolean"}}, nil
	case reflect.Float64, reflect.Float32:
		return obj{{"type", "number"}}, nil
	case reflect.Pointer:
		if t.Elem().Kind() == reflect.Struct {
			// A list entry or map value: null is "an empty entry", an error.
			return g.ref(t.Elem())
		}
		return g.value(t.Elem(), enum)
	case reflect.Struct:
		return g.ref(t)
	case reflect.Slice:
		items, err := g.value(t.Elem(), enum)
		if err != nil {
			return nil, err
		}
		return obj{{"type", "array"}, {"items", items}}, nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, fmt.Errorf("map key %s: the loader takes string keys only", t.Key())
		}
		// A map value may be null, as a key's value may (see decodeMap).
		v, err := g.field("", t.Elem())
		if err != nil {
			return nil, err
		}
		return obj{{"type", "object"}, {"additionalProperties", v}}, nil
	}
	return nil, fmt.Errorf("type %s: the loader does not decode it (add it to stages.nodeDecoder, then here)", t)
}

// nullable adds null to the types a schema accepts.
func nullable(s obj) obj {
	out := slices.Clone(s)
	for i, m := range out {
		if m.k == "type" {
			out[i].v = []string{m.v.(string), "null"}
		}
	}
	return out
}

func (g *generator) enum(key string) ([]string, error) {
	src, ok := enumSources[key]
	if !ok || key == "" {
		return nil, nil
	}
	g.used[key] = true
	values, err := src(g.ix)
	if err != nil {
		return nil, fmt.Errorf("enum of %s: %w", key, err)
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("enum of %s: no values found", key)
	}
	return values, nil
}

// docs are the doc comments of the definition types and their fields ("Type.Field").
type docs struct {
	types, fields map[string]string
}

func readDocs(dir string) (*docs, error) {
	d := &docs{types: map[string]string{}, fields: map[string]string{}}
	err := gosrc.GenDecls(token.NewFileSet(), dir, parser.ParseComments, func(gd *ast.GenDecl) {
		if gd.Tok != token.TYPE {
			return
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			doc := ts.Doc
			if doc == nil && len(gd.Specs) == 1 {
				doc = gd.Doc
			}
			d.types[ts.Name.Name] = docText(doc)
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				continue
			}
			for _, fl := range st.Fields.List {
				for _, n := range fl.Names {
					d.fields[ts.Name.Name+"."+n.Name] = docText(fl.Doc)
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// docText turns a doc comment into a description: the lines of a paragraph joined, the
// paragraphs separated by a blank line, indented (code) lines kept as they are.
func docText(g *ast.CommentGroup) string {
	if g == nil {
		return ""
	}
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = nil
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(g.Text()), "\n") {
		switch {
		case strings.TrimSpace(line) == "":
			flush()
		case strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "  "):
			flush()
			if n := len(paras); n > 0 && strings.HasPrefix(paras[n-1], "  ") {
				paras[n-1] += "\n  " + strings.TrimSpace(line)
			} else {
				paras = append(paras, "  "+strings.TrimSpace(line))
			}
		default:
			cur = append(cur, strings.TrimSpace(line))
		}
	}
	flush()
	return strings.Join(paras, "\n\n")
}

// obj is a JSON object that keeps its keys in order (properties in field order).
type obj []member

type member struct {
	k string
	v any
}

func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshal(m.k)
		if err != nil {
			return nil, err
		}
		v, err := marshal(m.v)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshal is json.Marshal without escaping <, > and & (descriptions say <account>).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}
