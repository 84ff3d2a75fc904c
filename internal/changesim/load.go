package changesim

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/smusmesh/smusmesh/internal/cfnschema"
)

const nestedStackType = "AWS::CloudFormation::Stack"

// resource is one resource of a template.
type resource struct {
	Type                string         `json:"Type"`
	Properties          map[string]any `json:"Properties"`
	DependsOn           any            `json:"DependsOn"`
	DeletionPolicy      string         `json:"DeletionPolicy"`
	UpdateReplacePolicy string         `json:"UpdateReplacePolicy"`
	Metadata            map[string]any `json:"Metadata"`
}

type template struct {
	Resources  map[string]*resource `json:"Resources"`
	Parameters map[string]struct {
		Default any `json:"Default"`
	} `json:"Parameters"`
	Outputs map[string]struct {
		Value any `json:"Value"`
	} `json:"Outputs"`
}

// stack is a top-level or nested stack of an assembly.
type stack struct {
	// path names the stack: the display name of a top-level stack (dev/Retail), then the
	// logical IDs of the nested stack resources (dev/Retail/ProjectFootfall...).
	path            string
	account, region string
	tpl             *template
	parent          *stack
	parentID        string            // logical ID of the nested stack resource in parent
	nested          map[string]*stack // by logical ID of the nested stack resource
	deps            []string          // artifact IDs of what this top-level stack deploys after
}

// assembly is a loaded cloud assembly.
type assembly struct {
	tops []*stack // in deployment order
}

// loadAssembly reads a cloud assembly directory; "" is the empty assembly (nothing deployed).
func loadAssembly(dir string) (*assembly, error) {
	if dir == "" {
		return &assembly{}, nil
	}
	arts, err := cfnschema.AssemblyStacks(dir)
	if err != nil {
		return nil, err
	}
	asm := &assembly{}
	byID := map[string]*stack{}
	for _, a := range arts {
		tpl, err := readTemplate(a.TemplateFile)
		if err != nil {
			return nil, err
		}
		s := &stack{path: a.DisplayName, tpl: tpl}
		if env, ok := strings.CutPrefix(a.Environment, "aws://"); ok {
			s.account, s.region, _ = strings.Cut(env, "/")
		}
		if err := loadNested(s, a.Dir); err != nil {
			return nil, err
		}
		byID[a.ID] = s
		asm.tops = append(asm.tops, s)
		s.deps = append(s.deps, a.Dependencies...)
	}
	// Deployment order: dependencies first, then display name.
	var ordered []*stack
	done := map[*stack]bool{}
	var visit func(s *stack)
	visit = func(s *stack) {
		if done[s] {
			return
		}
		done[s] = true
		for _, d := range s.deps {
			if ds, ok := byID[d]; ok {
				visit(ds)
			}
		}
		ordered = append(ordered, s)
	}
	for _, s := range asm.tops {
		visit(s)
	}
	asm.tops = ordered
	return asm, nil
}

func readTemplate(file string) (*template, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var t template
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("template %s: %w", file, err)
	}
	if t.Resources == nil {
		t.Resources = map[string]*resource{}
	}
	return &t, nil
}

// loadNested finds the template of every AWS::CloudFormation::Stack resource of s: from the
// aws:asset:path metadata, else from the asset manifests of dir (TemplateURL names the asset
// by its hash), else from a TemplateURL that is a plain file name (hand-written assemblies).
func loadNested(s *stack, dir string) error {
	ids := make([]string, 0, len(s.tpl.Resources))
	for id := range s.tpl.Resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		r := s.tpl.Resources[id]
		if r.Type != nestedStackType {
			continue
		}
		file, err := nestedFile(r, dir)
		if err != nil {
			return fmt.Errorf("stack %s: nested stack %s: %w", s.path, id, err)
		}
		tpl, err := readTemplate(file)
		if err != nil {
			return err
		}
		n := &stack{path: s.path + "/" + id, account: s.account, region: s.region, tpl: tpl, parent: s, parentID: id}
		if s.nested == nil {
			s.nested = map[string]*stack{}
		}
		s.nested[id] = n
		if err := loadNested(n, dir); err != nil {
			return err
		}
	}
	return nil
}

func nestedFile(r *resource, dir string) (string, error) {
	return cfnschema.NestedTemplateFile(r.Properties, r.Metadata, dir)
}
