package cfnschema

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaFiles holds the vendored registry schemas, so nothing outside the module is read at
// run or test time.
//
//go:generate go run ./internal/gen -src ../../../shared/cfn-schemas -types schemas/TYPES.txt -out schemas
//go:embed schemas/aws-*.json
var schemaFiles embed.FS

//go:embed schemas/TYPES.txt
var typesList string

// errNoSchema marks a type whose schema is not vendored.
var errNoSchema = errors.New("no registry schema vendored")

// compiled is one type's schema, ready for validation.
type compiled struct {
	typeName string
	schema   *jsonschema.Schema
	// readOnly holds readOnlyProperties as path segments below Properties; "*" stands for
	// every element of an array (or every value of a map).
	readOnly [][]string
}

type cacheEntry struct {
	once sync.Once
	c    *compiled
	err  error
}

// cache maps a schema file name to its *cacheEntry; each schema is compiled at most once.
var cache sync.Map

// fileName maps a type name to its registry file name (as in the registry zip); it must stay in
// sync with the generator in internal/gen.
func fileName(typeName string) string {
	return strings.ToLower(strings.ReplaceAll(typeName, "::", "-")) + ".json"
}

// VendoredTypes returns the resource type names whose schemas are embedded, in the order of
// schemas/TYPES.txt.
func VendoredTypes() []string {
	var names []string
	for _, line := range strings.Split(typesList, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			names = append(names, line)
		}
	}
	return names
}

// lookup returns the compiled schema of typeName, errNoSchema if none is vendored, or another
// error if the vendored schema does not compile (a bug in the vendored set).
func lookup(typeName string) (*compiled, error) {
	c, err := schemaFor(fileName(typeName), typeName)
	if err != nil {
		return nil, err
	}
	// File names are lower case; a type spelled with the wrong case has no schema.
	if c.typeName != typeName {
		return nil, errNoSchema
	}
	return c, nil
}

func schemaFor(name, typeName string) (*compiled, error) {
	v, ok := cache.Load(name)
	if !ok {
		v, _ = cache.LoadOrStore(name, &cacheEntry{})
	}
	e := v.(*cacheEntry)
	e.once.Do(func() { e.c, e.err = compile(name) })
	if e.err != nil && !errors.Is(e.err, errNoSchema) {
		return nil, fmt.Errorf("compile schema of %s: %w", typeName, e.err)
	}
	return e.c, e.err
}

func compile(name string) (*compiled, error) {
	data, err := schemaFiles.ReadFile(path.Join("schemas", name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errNoSchema
	}
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: not a JSON object", name)
	}
	// A few files name a remote meta-schema; the validator would try to fetch it. The
	// registry schemas are draft-07 documents.
	delete(obj, "$schema")
	typeName, _ := obj["typeName"].(string)
	applyTemplatePatches(typeName, obj)
	c := &compiled{typeName: typeName}
	if ro, ok := obj["readOnlyProperties"].([]any); ok {
		for _, p := range ro {
			s, _ := p.(string)
			segs := strings.Split(strings.TrimPrefix(s, "/"), "/")
			if len(segs) < 2 || segs[0] != "properties" {
				continue
			}
			c.readOnly = append(c.readOnly, segs[1:])
		}
	}
	comp := jsonschema.NewCompiler()
	comp.DefaultDraft(jsonschema.Draft7)
	comp.UseRegexpEngine(compileRegexp)
	comp.UseLoader(noLoader{})
	url := "https://cfnschema.invalid/" + name
	if err := comp.AddResource(url, obj); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	sch, err := comp.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c.schema = sch
	return c, nil
}

// templateOptional lists properties the registry schema requires but a template may omit. The
// registry schemas describe the Cloud Control API; a few types differ in templates. The patch
// is applied in memory so the vendored files stay byte-for-byte copies.
var templateOptional = map[string][]string{
	// Nested stacks: CloudFormation names them; StackName is a Cloud Control API-only
	// property (the CDK's service spec removes it, "Property is only supported by the CCAPI").
	"AWS::CloudFormation::Stack": {"StackName"},
}

func applyTemplatePatches(typeName string, obj map[string]any) {
	optional := templateOptional[typeName]
	if len(optional) == 0 {
		return
	}
	req, _ := obj["required"].([]any)
	kept := req[:0:0]
	for _, r := range req {
		if s, _ := r.(string); !slices.Contains(optional, s) {
			kept = append(kept, r)
		}
	}
	obj["required"] = kept
}

// noLoader refuses every external reference: the registry schemas only use local ones, and the
// checker must never touch the network.
type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("external schema reference %q not allowed", url)
}

// ecmaRegexp adapts regexp2 to the validator. The registry patterns are ECMAScript regular
// expressions (lookaheads, lookbehinds, \u escapes) that Go's RE2 cannot compile.
type ecmaRegexp regexp2.Regexp

func (re *ecmaRegexp) MatchString(s string) bool {
	ok, err := (*regexp2.Regexp)(re).MatchString(s)
	return err == nil && ok
}

func (re *ecmaRegexp) String() string { return (*regexp2.Regexp)(re).String() }

func compileRegexp(s string) (jsonschema.Regexp, error) {
	re, err := regexp2.Compile(s, regexp2.ECMAScript)
	if err != nil {
		return nil, err
	}
	return (*ecmaRegexp)(re), nil
}
