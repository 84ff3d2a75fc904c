package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/smusmesh/smusmesh/stages"
)

var update = flag.Bool("update", false, "rewrite "+SchemaFile)

const root = "../.."

// TestSchemaUpToDate: the committed schema is what the generator makes of the Go types.
func TestSchemaUpToDate(t *testing.T) {
	want, err := Generate(root)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, SchemaFile)
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run go run ./internal/meshschema (or go test ./internal/meshschema -update) and commit it", SchemaFile)
	}
}

func compile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, SchemaFile))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// instance reads a YAML or JSON file as the JSON value the schema validates, the way the
// loader reads it: JSON is read as YAML, a timestamp-looking scalar is a string, aliases
// are expanded.
func instance(data []byte) (any, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, err
	}
	if n.Kind != yaml.DocumentNode || len(n.Content) == 0 {
		return nil, errors.New("empty document")
	}
	return value(n.Content[0])
}

func value(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.AliasNode:
		return value(n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := value(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			v, err := value(c)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	}
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		err := n.Decode(&b)
		return b, err
	case "!!int", "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return nil, err
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
	}
	return n.Value, nil
}

var modeline = regexp.MustCompile(`(?m)^# yaml-language-server: \$schema=(\S+)$`)

// meshFiles returns the mesh definitions of the repository: YAML and JSON files whose
// top level has governance or domains, or that name the schema in a modeline.
func meshFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", ".tools", "node_modules", "cdk.out", "schemas":
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(path) {
		case ".yaml", ".yml", ".json":
		default:
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if modeline.Match(data) {
			files = append(files, path)
			return nil
		}
		var top map[string]any
		if yaml.Unmarshal(data, &top) == nil && (top["governance"] != nil || top["domains"] != nil) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 3 {
		t.Fatalf("found %d mesh definitions, want the examples and the fixtures: %v", len(files), files)
	}
	return files
}

func isBad(path string) bool {
	return strings.Contains(filepath.ToSlash(path), "internal/meshschema/testdata/bad/")
}

// TestExamplesMatchSchema: every mesh definition of the repository that stages.Parse
// accepts validates against the schema (the schema is never stricter than the loader),
// every example outside testdata parses (and testdata/good/, a JSON one), and every YAML
// one names the schema in its modeline, by a path that leads to the schema file (editors
// resolve it from the file).
func TestExamplesMatchSchema(t *testing.T) {
	schema := compile(t)
	want, err := filepath.Abs(filepath.Join(root, SchemaFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range meshFiles(t) {
		if isBad(path) {
			continue
		}
		t.Run(strings.TrimPrefix(filepath.ToSlash(path), "../../"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Ext(path) != ".json" {
				m := modeline.FindSubmatch(data)
				if m == nil {
					t.Errorf("no modeline: add this first line so that editors complete and check the file:\n# yaml-language-server: $schema=%s", rel(t, path, want))
				} else if got, _ := filepath.Abs(filepath.Join(filepath.Dir(path), string(m[1]))); got != want {
					t.Errorf("the modeline names %s, which is not %s: use $schema=%s", m[1], SchemaFile, rel(t, path, want))
				}
			}
			_, perr := stages.Parse(filepath.Base(path), data)
			if perr != nil && (!strings.Contains(filepath.ToSlash(path), "/testdata/") || strings.Contains(filepath.ToSlash(path), "/meshschema/testdata/good/")) {
				t.Errorf("an example that does not parse: %v", perr)
			}
			v, err := instance(data)
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(v); err != nil && perr == nil {
				t.Errorf("stages.Parse accepts the file, the schema does not (fix the generator or the enum table):\n%v", err)
			}
		})
	}
}

func rel(t *testing.T, from, to string) string {
	dir, err := filepath.Abs(filepath.Dir(from))
	if err != nil {
		t.Fatal(err)
	}
	r, err := filepath.Rel(dir, to)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(r)
}

// TestBadFixturesFail: each known-bad fixture is rejected by the schema (an editor
// underlines it) and by stages.Parse, for the reason its comment gives.
// jsonFixtures are the reasons of the JSON fixtures, which cannot carry comments.
var jsonFixtures = map[string][2]string{
	"unknown-top-level.json": {`unknown key "stages"`, `additional properties 'stages' not allowed`},
}

// expected returns the reasons a fixture gives in its "# parse:" and "# schema:" lines.
func expected(t *testing.T, path string, data []byte) (parse, schema string) {
	t.Helper()
	if w, ok := jsonFixtures[filepath.Base(path)]; ok {
		return w[0], w[1]
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "# parse: "); ok {
			parse = v
		}
		if v, ok := strings.CutPrefix(line, "# schema: "); ok {
			schema = v
		}
	}
	if parse == "" || schema == "" {
		t.Fatalf("%s: give the reasons in a # parse: and a # schema: line", path)
	}
	return parse, schema
}

func TestBadFixturesFail(t *testing.T) {
	schema := compile(t)
	files, err := filepath.Glob(filepath.Join("testdata", "bad", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			wantParse, wantSchema := expected(t, path, data)
			if _, err := stages.Parse(path, data); err == nil {
				t.Errorf("stages.Parse accepts it")
			} else if !strings.Contains(err.Error(), wantParse) {
				t.Errorf("stages.Parse: %v\nwant %q", err, wantParse)
			}
			v, err := instance(data)
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(v); err == nil {
				t.Errorf("the schema accepts it")
			} else if !strings.Contains(err.Error(), wantSchema) {
				t.Errorf("schema: %v\nwant %q", err, wantSchema)
			}
		})
	}
}

var yamlBlock = regexp.MustCompile("(?s)```yaml\n(.*?)```")

// TestDocumentedDefinitionsMatchSchema: the definitions the documentation shows (```yaml
// blocks with governance or domains) use only keys and values the schema has, so the
// documentation cannot drift from the types either.
func TestDocumentedDefinitionsMatchSchema(t *testing.T) {
	schema := compile(t)
	docs := []string{"README.md", "stages/README.md", "CONTRIBUTING.md"}
	extra, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	for _, e := range extra {
		docs = append(docs, strings.TrimPrefix(filepath.ToSlash(e), "../../"))
	}
	n := 0
	for _, doc := range docs {
		data, err := os.ReadFile(filepath.Join(root, doc))
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range yamlBlock.FindAllSubmatch(data, -1) {
			var top map[string]any
			if yaml.Unmarshal(m[1], &top) != nil || (top["governance"] == nil && top["domains"] == nil) {
				continue
			}
			n++
			v, err := instance(m[1])
			if err != nil {
				t.Errorf("%s, yaml block %d: %v", doc, i+1, err)
				continue
			}
			if err := schema.Validate(v); err != nil {
				t.Errorf("%s, yaml block %d does not match the schema:\n%v", doc, i+1, err)
			}
		}
	}
	if n == 0 {
		t.Error("no documented definition found (stages/README.md has one)")
	}
}

// TestLanguageServer: the YAML language server itself (the server behind VS Code's
// redhat.vscode-yaml) reads the schema through the modelines: no diagnostic on the
// definitions of the repository, and one on the line stages.Parse names for each
// known-bad fixture. It needs Node.js and the server, so it runs only when
// SMUSMESH_YAML_LANGUAGE_SERVER names the server's main script:
//
//	npm install --prefix /tmp/yls yaml-language-server
//	SMUSMESH_YAML_LANGUAGE_SERVER=/tmp/yls/node_modules/yaml-language-server/bin/yaml-language-server go test -run TestLanguageServer ./internal/meshschema
func TestLanguageServer(t *testing.T) {
	server := os.Getenv("SMUSMESH_YAML_LANGUAGE_SERVER")
	if server == "" {
		t.Skip("SMUSMESH_YAML_LANGUAGE_SERVER is not set")
	}
	var files []string
	for _, f := range meshFiles(t) {
		if filepath.Ext(f) != ".json" {
			files = append(files, f)
		}
	}
	out, err := exec.Command("node", append([]string{filepath.Join("testdata", "lsclient.js"), server}, files...)...).Output()
	if err != nil {
		t.Fatalf("lsclient: %v", err)
	}
	var diags map[string][]struct {
		Line    int
		Message string
	}
	if err := json.Unmarshal(out, &diags); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			t.Fatal(err)
		}
		d := diags[abs]
		if !isBad(f) {
			for _, x := range d {
				t.Errorf("%s:%d: %s", f, x.Line, x.Message)
			}
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		parse, _ := expected(t, f, data)
		// "# parse: name.yaml:13: ..." names the line.
		var line int
		if _, err := fmt.Sscanf(parse[strings.Index(parse, ":")+1:], "%d:", &line); err != nil {
			t.Fatalf("%s: no line in %q", f, parse)
		}
		if len(d) != 1 || d[0].Line != line {
			t.Errorf("%s: the language server reports %v, want one diagnostic on line %d", f, d, line)
		}
	}
}

// TestSchemaRejectsWhatParseRejects mutates the examples where a user goes wrong (an
// unknown key in any map, a map where any scalar belongs, any required key left out) and
// expects stages.Parse and the schema to reject each mutation: the schema is as strict as
// the loader on every key the examples use.
func TestSchemaRejectsWhatParseRejects(t *testing.T) {
	schema := compile(t)
	required := requiredKeys(t)
	for _, path := range []string{"../../examples/yamlmesh/mesh.yaml", "../../stages/testdata/masterdata.yaml", "../../stages/testdata/producer.yaml"} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		n := 0
		check := func(what string) {
			t.Helper()
			n++
			out, err := yaml.Marshal(&doc)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := stages.Parse("mesh.yaml", out); err == nil {
				t.Errorf("%s: %s: stages.Parse accepts it", path, what)
			}
			v, err := instance(out)
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(v); err == nil {
				t.Errorf("%s: %s: the schema accepts it", path, what)
			}
		}
		var walk func(n *yaml.Node, at string)
		walk = func(n *yaml.Node, at string) {
			switch n.Kind {
			case yaml.MappingNode:
				unknown := []*yaml.Node{{Kind: yaml.ScalarNode, Value: "unknownKey"}, {Kind: yaml.ScalarNode, Value: "x"}}
				n.Content = append(n.Content, unknown...)
				check("unknown key in " + at)
				n.Content = n.Content[:len(n.Content)-2]
				keys := map[string]bool{}
				for i := 0; i+1 < len(n.Content); i += 2 {
					keys[n.Content[i].Value] = true
				}
				// The map is of the definition types whose keys it has, required ones
				// included.
				for _, o := range required {
					if !subset(o.required, keys) || !subset(slices.Collect(maps.Keys(keys)), o.properties) {
						continue
					}
					for _, k := range o.required {
						for i := 0; i+1 < len(n.Content); i += 2 {
							if n.Content[i].Value != k {
								continue
							}
							saved := slices.Clone(n.Content)
							n.Content = slices.Delete(n.Content, i, i+2)
							check("required " + at + "." + k + " left out")
							n.Content = saved
							break
						}
					}
				}
				for i := 0; i+1 < len(n.Content); i += 2 {
					walk(n.Content[i+1], at+"."+n.Content[i].Value)
				}
			case yaml.SequenceNode:
				for i, c := range n.Content {
					walk(c, fmt.Sprintf("%s[%d]", at, i))
				}
			case yaml.ScalarNode:
				saved := *n
				*n = yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "a"}, {Kind: yaml.ScalarNode, Value: "b"}}}
				check("a map for the scalar " + at)
				*n = saved
			case yaml.DocumentNode:
				walk(n.Content[0], "")
			}
		}
		walk(&doc, "")
		t.Logf("%s: %d mutations", path, n)
		if n < 100 {
			t.Errorf("%s: %d mutations, want the whole file", path, n)
		}
	}
}

type object struct {
	required   []string
	properties map[string]bool
}

// requiredKeys returns the required keys and the keys of each object of the schema that
// has required keys.
func requiredKeys(t *testing.T) []object {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, SchemaFile))
	if err != nil {
		t.Fatal(err)
	}
	type def struct {
		Required   []string
		Properties map[string]json.RawMessage
	}
	var s struct {
		def
		Definitions map[string]def
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	var out []object
	for _, d := range append(slices.Collect(maps.Values(s.Definitions)), s.def) {
		if len(d.Required) > 0 {
			o := object{required: d.Required, properties: map[string]bool{}}
			for k := range d.Properties {
				o.properties[k] = true
			}
			out = append(out, o)
		}
	}
	return out
}

func subset(keys []string, of map[string]bool) bool {
	for _, k := range keys {
		if !of[k] {
			return false
		}
	}
	return true
}
