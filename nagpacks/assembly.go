package nagpacks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/smusmesh/smusmesh/internal/cfnschema"
)

// template is one written CloudFormation template the pack checks: a stack's, or a nested
// stack's, with what the cloud assembly says about its resources.
type template struct {
	file      string            // path of the template file
	stackName string            // the stack's name, or the nested stack's unique ID (cdk-nag's report name)
	stackPath string            // construct path of the stack, without the leading "/"
	paths     map[string]string // logical ID -> construct path of the resource
	resources []*Resource       // in template order (the construct tree's pre-order)
	byID      map[string]*Resource
	stackSup  []suppression // cdk_nag suppressions of the stack (template Metadata)
	supErr    error         // a malformed stack suppression
	idx       *stackIndex
}

// manifest is the part of a cloud assembly manifest.json the pack reads.
type manifest struct {
	Artifacts map[string]struct {
		Type                   string                     `json:"type"`
		DisplayName            string                     `json:"displayName"`
		AdditionalMetadataFile string                     `json:"additionalMetadataFile"`
		Metadata               map[string][]metadataEntry `json:"metadata"`
		Properties             struct {
			TemplateFile string `json:"templateFile"`
			StackName    string `json:"stackName"`
		} `json:"properties"`
	} `json:"artifacts"`
}

type metadataEntry struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

// readAssembly returns the templates of the stacks of the assembly directory dir (not of
// nested stage assemblies), each stack followed by its nested stacks, with the construct
// path of every resource. The construct paths come from the "aws:cdk:logicalId" metadata
// the CDK writes for every CloudFormation element; the nested stack templates are found by
// their file name, <Names.uniqueId(nested stack)>.nested.template.json.
func readAssembly(dir string) ([]*template, error) {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "manifest.json"), err)
	}
	ids := make([]string, 0, len(m.Artifacts))
	for id, a := range m.Artifacts {
		if a.Type == "aws:cloudformation:stack" && a.Properties.TemplateFile != "" {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	var out []*template
	for _, id := range ids {
		a := m.Artifacts[id]
		md := a.Metadata
		if a.AdditionalMetadataFile != "" {
			b, err := os.ReadFile(filepath.Join(dir, a.AdditionalMetadataFile))
			if err != nil {
				return nil, err
			}
			extra := map[string][]metadataEntry{}
			if err := json.Unmarshal(b, &extra); err != nil {
				return nil, fmt.Errorf("%s: %w", a.AdditionalMetadataFile, err)
			}
			if md == nil {
				md = extra
			} else {
				for k, v := range extra {
					md[k] = append(md[k], v...)
				}
			}
		}
		stackPath := a.DisplayName
		if stackPath == "" {
			stackPath = id
		}
		name := a.Properties.StackName
		if name == "" {
			name = id
		}
		top := &template{file: filepath.Join(dir, a.Properties.TemplateFile), stackName: name, stackPath: stackPath, paths: map[string]string{}}
		// Nested stacks: <P>/<id>.NestedStack/<id>.NestedStackResource is the
		// AWS::CloudFormation::Stack of the nested stack <P>/<id>.
		nested := map[string]*template{}
		for p := range md {
			parent, res := pathSplit(p)
			if !strings.HasSuffix(res, ".NestedStackResource") {
				continue
			}
			nid := strings.TrimSuffix(res, ".NestedStackResource")
			pp, pn := pathSplit(parent)
			if pn != nid+".NestedStack" {
				continue
			}
			np := strings.TrimPrefix(pp+"/"+nid, "/")
			uid := cfnschema.MakeUniqueID(strings.Split(np, "/"))
			nested[np] = &template{file: filepath.Join(dir, uid+".nested.template.json"), stackName: uid, stackPath: np, paths: map[string]string{}}
		}
		for p, entries := range md {
			for _, e := range entries {
				if e.Type != "aws:cdk:logicalId" {
					continue
				}
				var lid string
				if json.Unmarshal(e.Data, &lid) != nil {
					continue
				}
				path := strings.TrimPrefix(p, "/")
				owner := top
				for q := path; ; {
					i := strings.LastIndexByte(q, '/')
					if i < 0 {
						break
					}
					q = q[:i]
					if n, ok := nested[q]; ok {
						owner = n
						break
					}
				}
				owner.paths[lid] = path
			}
		}
		out = append(out, top)
		nps := make([]string, 0, len(nested))
		for np := range nested {
			nps = append(nps, np)
		}
		sort.Strings(nps)
		for _, np := range nps {
			out = append(out, nested[np])
		}
	}
	return out, nil
}

func pathSplit(p string) (dir, base string) {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return "", p
	}
	return p[:i], p[i+1:]
}

// templateResource is a resource as written in a template.
type templateResource struct {
	Type                string         `json:"Type"`
	Properties          map[string]any `json:"Properties"`
	Metadata            map[string]any `json:"Metadata"`
	DeletionPolicy      string         `json:"DeletionPolicy"`
	UpdateReplacePolicy string         `json:"UpdateReplacePolicy"`
}

// load reads the template's resources in the order they are written.
func (t *template) load() error {
	b, err := os.ReadFile(t.file)
	if err != nil {
		return err
	}
	var top struct {
		Metadata  map[string]any  `json:"Metadata"`
		Resources json.RawMessage `json:"Resources"`
	}
	if err := json.Unmarshal(b, &top); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(t.file), err)
	}
	t.stackSup, t.supErr = parseSuppressions(top.Metadata)
	t.byID = map[string]*Resource{}
	if len(top.Resources) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(top.Resources))
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		lid, _ := k.(string)
		var tr templateResource
		if err := dec.Decode(&tr); err != nil {
			return fmt.Errorf("%s %s: %w", filepath.Base(t.file), lid, err)
		}
		path, ok := t.paths[lid]
		if !ok {
			if p, _ := tr.Metadata["aws:cdk:path"].(string); p != "" {
				path = p
			} else {
				path = t.stackPath + "/" + lid
			}
		}
		r := &Resource{LogicalID: lid, Type: tr.Type, Path: path, Properties: tr.Properties,
			DeletionPolicy: tr.DeletionPolicy, UpdateReplacePolicy: tr.UpdateReplacePolicy, raw: tr.Metadata, tpl: t}
		t.resources = append(t.resources, r)
		t.byID[lid] = r
	}
	return nil
}
