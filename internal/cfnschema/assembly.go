package cfnschema

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Artifact types of a cloud assembly manifest that lead to templates.
const (
	artifactStack    = "aws:cloudformation:stack"
	artifactAssembly = "cdk:cloud-assembly"
)

// ValidateAssembly validates every template of a CDK cloud assembly directory (cdk.out or the
// directory of app.Synth()): the stacks listed in manifest.json, the stacks of nested stages
// (nested assemblies), and every *.template.json file in the directory tree, which includes
// nested stack templates (*.nested.template.json). Findings name templates by their path
// relative to dir and are sorted by template, logical ID and property.
func ValidateAssembly(dir string) ([]Finding, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	files, err := assemblyTemplates(root)
	if err != nil {
		return nil, err
	}
	type outcome struct {
		findings []Finding
		err      error
	}
	results := make([]outcome, len(files))
	// Templates are independent; validate them in parallel (schemas are shared and read-only).
	var wg sync.WaitGroup
	next := make(chan int)
	workers := min(runtime.GOMAXPROCS(0), len(files))
	for range workers {
		wg.Go(func() {
			for i := range next {
				name, err := filepath.Rel(root, files[i])
				if err != nil {
					name = files[i]
				}
				data, err := os.ReadFile(files[i])
				if err != nil {
					results[i].err = err
					continue
				}
				results[i].findings, results[i].err = ValidateTemplate(filepath.ToSlash(name), data)
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	var all []Finding
	var errs []error
	for _, r := range results {
		all = append(all, r.findings...)
		if r.err != nil {
			errs = append(errs, r.err)
		}
	}
	if len(errs) > 0 {
		return all, errors.Join(errs...)
	}
	return all, nil
}

type manifest struct {
	Artifacts map[string]struct {
		Type         string   `json:"type"`
		Environment  string   `json:"environment"`
		DisplayName  string   `json:"displayName"`
		Dependencies []string `json:"dependencies"`
		Properties   struct {
			TemplateFile  string `json:"templateFile"`
			DirectoryName string `json:"directoryName"`
			StackName     string `json:"stackName"`
		} `json:"properties"`
	} `json:"artifacts"`
}

// StackArtifact is one top-level stack of a cloud assembly (nested stages included; nested
// stacks are resources of these stacks' templates).
type StackArtifact struct {
	// ID is the artifact ID in its manifest, e.g. devRetail3B99572F.
	ID string
	// Name is the CloudFormation stack name (properties.stackName, else the artifact ID).
	Name string
	// DisplayName is the construct path, e.g. dev/Retail (else the artifact ID).
	DisplayName string
	// Environment is aws://account/region, as the manifest says.
	Environment string
	// TemplateFile is the absolute path of the template.
	TemplateFile string
	// Dir is the absolute directory of the (nested) assembly that lists the stack; nested
	// stack templates and asset manifests are found there.
	Dir string
	// Dependencies are the artifact IDs of the stacks this one deploys after.
	Dependencies []string
}

// AssemblyStacks lists the stacks of a cloud assembly directory and of its nested assemblies
// (stages), sorted by display name. A stack whose template is missing is an error.
func AssemblyStacks(dir string) ([]StackArtifact, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	var out []StackArtifact
	visited := map[string]bool{}
	var visit func(d string) error
	visit = func(d string) error {
		if visited[d] {
			return nil
		}
		visited[d] = true
		data, err := os.ReadFile(filepath.Join(d, "manifest.json"))
		if err != nil {
			return fmt.Errorf("cloud assembly: %w", err)
		}
		var m manifest
		if err := json.Unmarshal(data, &m); err != nil {
			return fmt.Errorf("cloud assembly %s: manifest.json: %w", d, err)
		}
		for id, a := range m.Artifacts {
			switch a.Type {
			case artifactStack:
				p := filepath.Join(d, a.Properties.TemplateFile)
				if _, err := os.Stat(p); err != nil || a.Properties.TemplateFile == "" {
					return fmt.Errorf("cloud assembly %s: stack %s: template %q missing", d, id, a.Properties.TemplateFile)
				}
				s := StackArtifact{ID: id, Name: a.Properties.StackName, DisplayName: a.DisplayName,
					Environment: a.Environment, TemplateFile: p, Dir: d, Dependencies: a.Dependencies}
				if s.Name == "" {
					s.Name = id
				}
				if s.DisplayName == "" {
					s.DisplayName = id
				}
				out = append(out, s)
			case artifactAssembly:
				if a.Properties.DirectoryName == "" {
					return fmt.Errorf("cloud assembly %s: nested assembly %s has no directoryName", d, id)
				}
				if err := visit(filepath.Join(d, a.Properties.DirectoryName)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := visit(root); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].DisplayName < out[j].DisplayName })
	return out, nil
}

// assemblyTemplates lists the templates of an assembly, sorted and without duplicates. The
// manifests are followed so that a template they name but that is missing is an error; the
// directory walk catches nested stack templates, which no manifest lists.
func assemblyTemplates(root string) ([]string, error) {
	stacks, err := AssemblyStacks(root)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, st := range stacks {
		set[st.TemplateFile] = true
	}
	root, err = filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	err = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// Asset directories hold user files (Lambda code, ...), not synthesized templates.
		if e.IsDir() && strings.HasPrefix(e.Name(), "asset.") {
			return filepath.SkipDir
		}
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".template.json") {
			set[p] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	files := make([]string, 0, len(set))
	for p := range set {
		files = append(files, filepath.Clean(p))
	}
	sort.Strings(files)
	return files, nil
}

// assetFile is the "<hash>.json" at the end of a nested stack's TemplateURL.
var assetFile = regexp.MustCompile(`([0-9a-f]{64})\.json`)

// NestedTemplateFile returns the template file, in the assembly directory dir, of a nested
// stack resource (AWS::CloudFormation::Stack) with the given properties and metadata: the
// aws:asset:path metadata when the CDK wrote it, else the file that an asset manifest of dir
// (*.assets.json) maps the TemplateURL's asset hash to, else a TemplateURL that is a plain
// file name. It is the one place smusmesh follows a nested stack to its template.
func NestedTemplateFile(properties, metadata map[string]any, dir string) (string, error) {
	if p, ok := metadata["aws:asset:path"].(string); ok && p != "" {
		return filepath.Join(dir, p), nil
	}
	url, _ := json.Marshal(properties["TemplateURL"])
	if m := assetFile.FindStringSubmatch(string(url)); m != nil {
		manifests, _ := filepath.Glob(filepath.Join(dir, "*.assets.json"))
		for _, mf := range manifests {
			data, err := os.ReadFile(mf)
			if err != nil {
				return "", err
			}
			var am struct {
				Files map[string]struct {
					Source struct {
						Path string `json:"path"`
					} `json:"source"`
				} `json:"files"`
			}
			if err := json.Unmarshal(data, &am); err != nil {
				return "", fmt.Errorf("%s: %w", mf, err)
			}
			if f, ok := am.Files[m[1]]; ok && f.Source.Path != "" {
				return filepath.Join(dir, f.Source.Path), nil
			}
		}
		return "", fmt.Errorf("no asset manifest in %s names template %s", dir, m[1])
	}
	if u, ok := properties["TemplateURL"].(string); ok && !strings.Contains(u, "://") {
		return filepath.Join(dir, u), nil
	}
	return "", fmt.Errorf("cannot find the template of TemplateURL %s", url)
}

var nonAlphanumeric = regexp.MustCompile(`[^A-Za-z0-9]`)

// MakeUniqueID is aws-cdk-lib's makeUniqueId (core/lib/private/uniqueid.ts), which
// Names.uniqueId applies to the construct path of a nested stack to name its template
// (NestedTemplateName).
func MakeUniqueID(components []string) string {
	var cs []string
	for _, c := range components {
		if c != "Default" {
			cs = append(cs, c)
		}
	}
	if len(cs) == 1 {
		if c := nonAlphanumeric.ReplaceAllString(cs[0], ""); len(c) <= 255 {
			return c
		}
	}
	sum := md5.Sum([]byte(strings.Join(cs, "/")))
	hash := strings.ToUpper(hex.EncodeToString(sum[:]))[:8]
	var human strings.Builder
	var dedup []string
	for _, c := range cs {
		if len(dedup) == 0 || !strings.HasSuffix(dedup[len(dedup)-1], c) {
			dedup = append(dedup, c)
		}
	}
	for _, c := range dedup {
		if c != "Resource" {
			human.WriteString(nonAlphanumeric.ReplaceAllString(c, ""))
		}
	}
	h := human.String()
	if len(h) > 240 {
		h = h[:240]
	}
	return h + hash
}

// NestedTemplateName is the file name of the template of the nested stack with the given
// construct path components (stage, stack, nested stack ids; the App's empty id left out):
// aws-cdk-lib's NestedStack.templateFile, Names.uniqueId of the nested stack plus
// ".nested.template.json", computed without asking the jsii kernel.
func NestedTemplateName(components ...string) string {
	return MakeUniqueID(components) + ".nested.template.json"
}
