package meshreport

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/smusmesh/smusmesh/internal/cfnschema"
	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// Load reads the cloud assembly in dir (the app's output directory, cdk.out) and returns
// the mesh it deploys: one Stage per nested assembly (CDK Stage), or one Stage named ""
// for stacks at the top of the assembly. Only the files are read; nothing of the CDK app
// runs, so Load works on an assembly written by any earlier synth.
func Load(dir string) (*Mesh, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	top, err := readManifest(abs)
	if err != nil {
		return nil, err
	}
	m := &Mesh{Dir: abs}
	var topStacks []artifact
	for _, id := range sortedKeys(top.Artifacts) {
		a := top.Artifacts[id]
		a.id = id
		switch a.Type {
		case "cdk:cloud-assembly":
			sub := filepath.Join(abs, a.Properties.DirectoryName)
			sm, err := readManifest(sub)
			if err != nil {
				return nil, err
			}
			name := a.Properties.DisplayName
			if name == "" {
				name = strings.TrimPrefix(a.Properties.DirectoryName, "assembly-")
			}
			st, err := loadStage(name, sub, sm)
			if err != nil {
				return nil, err
			}
			m.Stages = append(m.Stages, st)
		case "aws:cloudformation:stack":
			topStacks = append(topStacks, a)
		}
	}
	if len(topStacks) > 0 {
		st, err := loadStage("", abs, &manifest{Artifacts: toMap(topStacks)})
		if err != nil {
			return nil, err
		}
		m.Stages = append(m.Stages, st)
	}
	if err := m.readFindings(); err != nil {
		return nil, err
	}
	return m, nil
}

type manifest struct {
	Artifacts map[string]artifact `json:"artifacts"`
}

type artifact struct {
	id          string
	Type        string `json:"type"`
	Environment string `json:"environment"`
	DisplayName string `json:"displayName"`
	Properties  struct {
		DirectoryName string `json:"directoryName"`
		DisplayName   string `json:"displayName"`
		TemplateFile  string `json:"templateFile"`
	} `json:"properties"`
}

func toMap(as []artifact) map[string]artifact {
	m := make(map[string]artifact, len(as))
	for _, a := range as {
		m[a.id] = a
	}
	return m
}

func readManifest(dir string) (*manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, fmt.Errorf("meshreport: %s is not a cloud assembly: %w", dir, err)
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("meshreport: %s/manifest.json: %w", dir, err)
	}
	return &m, nil
}

// template is one CloudFormation template of the stage, with how its parameters are
// bound by the parent stack (nested stacks).
type template struct {
	stack     *Stack
	file      string
	resources map[string]*resource
	parent    *template
	params    map[string]any // parameter name -> expression in parent
}

type resource struct {
	tpl        *template
	id         string
	Type       string         `json:"Type"`
	Properties map[string]any `json:"Properties"`
	Metadata   map[string]any `json:"Metadata"`
	meta       meshmeta.Resource
	hasMeta    bool
}

func (r *resource) path() string {
	if p, ok := r.Metadata["aws:cdk:path"].(string); ok {
		return p
	}
	return r.tpl.stack.Name + "/" + r.id
}

func readTemplate(file string) (map[string]*resource, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var t struct {
		Resources map[string]*resource `json:"Resources"`
	}
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("meshreport: %s: %w", file, err)
	}
	return t.Resources, nil
}

// loadStage reads every stack of one stage (nested stacks through the asset manifests)
// and builds the mesh objects from the resources smusmesh recorded.
func loadStage(name, dir string, man *manifest) (*Stage, error) {
	st := &Stage{Name: name, Dir: dir}
	var tpls []*template
	for _, id := range sortedKeys(man.Artifacts) {
		a := man.Artifacts[id]
		if a.Type != "aws:cloudformation:stack" {
			continue
		}
		account, region := parseEnv(a.Environment)
		stack := &Stack{ID: id, Name: a.DisplayName, Account: account, Region: region, File: a.Properties.TemplateFile}
		if stack.Name == "" {
			stack.Name = id
		}
		res, err := readTemplate(filepath.Join(dir, a.Properties.TemplateFile))
		if err != nil {
			return nil, err
		}
		t := &template{stack: stack, file: a.Properties.TemplateFile, resources: res}
		stack.Resources = len(res)
		st.Stacks = append(st.Stacks, stack)
		tpls = append(tpls, t)
		nested, err := nestedTemplates(dir, t)
		if err != nil {
			return nil, err
		}
		for _, n := range nested {
			st.Stacks = append(st.Stacks, n.stack)
			tpls = append(tpls, n)
		}
	}
	for _, t := range tpls {
		for id, r := range t.resources {
			r.tpl, r.id = t, id
			if v, ok := r.Metadata[meshmeta.Key]; ok {
				r.meta, r.hasMeta = meshmeta.Parse(v)
			}
		}
	}
	b := &builder{st: st, tpls: tpls}
	b.build()
	return st, nil
}

// nestedTemplates returns the nested stack templates of parent (recursively), each found
// as cfnschema.NestedTemplateFile finds it.
func nestedTemplates(dir string, parent *template) ([]*template, error) {
	var out []*template
	var walk func(p *template) error
	walk = func(p *template) error {
		for _, id := range sortedKeys(p.resources) {
			r := p.resources[id]
			if r.Type != "AWS::CloudFormation::Stack" {
				continue
			}
			path, err := cfnschema.NestedTemplateFile(r.Properties, r.Metadata, dir)
			if err != nil {
				return err
			}
			file, err := filepath.Rel(dir, path)
			if err != nil {
				return err
			}
			res, err := readTemplate(path)
			if err != nil {
				return err
			}
			params, _ := r.Properties["Parameters"].(map[string]any)
			name := p.stack.Name + "/" + strings.TrimSuffix(strings.SplitN(id, "NestedStack", 2)[0], "")
			stack := &Stack{ID: strings.TrimSuffix(file, ".nested.template.json"), Name: name, Account: p.stack.Account,
				Region: p.stack.Region, File: file, Nested: true, Resources: len(res)}
			t := &template{stack: stack, file: file, resources: res, parent: p, params: params}
			out = append(out, t)
			if err := walk(t); err != nil {
				return err
			}
		}
		return nil
	}
	return out, walk(parent)
}

func parseEnv(env string) (account, region string) {
	s := strings.TrimPrefix(env, "aws://")
	account, region, _ = strings.Cut(s, "/")
	if strings.HasPrefix(account, "unknown") {
		account = ""
	}
	if strings.HasPrefix(region, "unknown") {
		region = ""
	}
	return account, region
}

// target resolves a reference expression ({"Fn::GetAtt": [id, attr]}, {"Ref": id}, or a
// Ref to a nested stack parameter bound in the parent) to the resource and attribute it
// names. ok is false for literals and for references it cannot follow.
func (t *template) target(v any) (r *resource, attr string, ok bool) {
	m, isMap := v.(map[string]any)
	if !isMap || len(m) != 1 {
		return nil, "", false
	}
	if ga, has := m["Fn::GetAtt"]; has {
		var id string
		switch g := ga.(type) {
		case []any:
			if len(g) == 2 {
				id, _ = g[0].(string)
				attr, _ = g[1].(string)
			}
		case string:
			id, attr, _ = strings.Cut(g, ".")
		}
		if r, found := t.resources[id]; found {
			return r, attr, true
		}
		return nil, "", false
	}
	if ref, has := m["Ref"].(string); has {
		if r, found := t.resources[ref]; found {
			return r, "Ref", true
		}
		if t.parent != nil {
			if bound, found := t.params[ref]; found {
				return t.parent.target(bound)
			}
		}
	}
	return nil, "", false
}

// literal returns v when it is a string, else a readable form of the expression.
func (t *template) literal(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	}
	if r, attr, ok := t.target(v); ok {
		if r.hasMeta && r.meta.Member != "" {
			return r.meta.Member
		}
		return r.id + "." + attr
	}
	if m, ok := v.(map[string]any); ok {
		if ref, ok := m["Ref"].(string); ok {
			if t.parent != nil {
				if bound, found := t.params[ref]; found {
					return t.parent.literal(bound)
				}
			}
			return "${" + ref + "}"
		}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
