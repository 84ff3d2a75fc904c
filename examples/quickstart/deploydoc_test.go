package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// deployDoc is the page that says, per resource type, what smusmesh emits and why.
const deployDoc = "../../docs/deploy.md"

// docSections returns the resource types that docs/deploy.md has a "### <Type>" section
// for (the heading's first word).
func docSections(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(deployDoc)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(strings.TrimPrefix(line, "### ")); strings.HasPrefix(line, "### ") && len(f) > 0 {
			out[f[0]] = true
		}
	}
	return out
}

// templateTypes returns every resource type in the templates under dir (nested templates
// included), each with one template that has it.
func templateTypes(t *testing.T, dir string) map[string]string {
	t.Helper()
	types := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".template.json") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var tpl struct {
			Resources map[string]struct{ Type string } `json:"Resources"`
		}
		if err := json.Unmarshal(b, &tpl); err != nil {
			return err
		}
		for _, r := range tpl.Resources {
			if _, ok := types[r.Type]; !ok {
				types[r.Type] = filepath.Base(path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return types
}

// checkDeployDoc fails for every resource type of the assembly in dir that docs/deploy.md
// does not describe. Called by TestEveryExampleIsAwsSolutionsClean for each example, so
// the examples are synthesized once.
func checkDeployDoc(t *testing.T, dir string) {
	t.Helper()
	doc := docSections(t)
	types := templateTypes(t, dir)
	if len(types) == 0 {
		t.Fatalf("no resource types in %s", dir)
	}
	for typ, tpl := range types {
		if !doc[typ] {
			t.Errorf("%s emits %s, which docs/deploy.md does not describe: add a \"### %s\" section (what, why, AWS source, status, update behaviour)", tpl, typ, typ)
		}
	}
}

// TestDeployDocCoversConstructedTypes reads the library's Go sources: every CloudFormation
// L1 resource (aws<service>.NewCfn<Resource>) and custom resource type it constructs has a
// section in docs/deploy.md, including those no example emits (opt-in resources such as
// AWS::LakeFormation::DataLakeSettings).
func TestDeployDocCoversConstructedTypes(t *testing.T) {
	doc := docSections(t)
	lower := map[string]string{}
	for typ := range doc {
		lower[strings.ToLower(strings.ReplaceAll(typ, "::", ""))] = typ
	}
	l1 := regexp.MustCompile(`\baws([a-z0-9]+)\.NewCfn([A-Za-z0-9]+)\(`)
	custom := regexp.MustCompile(`"(Custom::[A-Za-z0-9]+)"`)
	found := map[string]string{}
	for _, root := range []string{"../../constructs", "../../stages"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range l1.FindAllStringSubmatch(string(b), -1) {
				// awsdatazone.NewCfnOwner -> AWS::DataZone::Owner, matched without case.
				key := strings.ToLower("aws" + m[1] + m[2])
				if _, ok := lower[key]; !ok {
					found["aws"+m[1]+".NewCfn"+m[2]] = path
				}
			}
			for _, m := range custom.FindAllStringSubmatch(string(b), -1) {
				if !doc[m[1]] {
					found[m[1]] = path
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	missing := make([]string, 0, len(found))
	for k := range found {
		missing = append(missing, k)
	}
	sort.Strings(missing)
	for _, k := range missing {
		t.Errorf("%s constructs %s, which docs/deploy.md does not describe: add a \"### <Type>\" section", found[k], k)
	}
	if len(lower) < 20 {
		t.Errorf("docs/deploy.md has %d resource type sections; expected the whole catalogue", len(lower))
	}
}
