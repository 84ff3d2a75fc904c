// Command gen vendors CloudFormation registry schemas into internal/cfnschema/schemas.
//
// It reads the type list (schemas/TYPES.txt), copies each type's schema file
// (aws-<service>-<resource>.json, the registry zip's naming) byte for byte from
// a local copy of the registry schemas, checks that the file really holds that
// type, and deletes vendored schemas that are no longer listed. It is run by
// `go generate ./internal/cfnschema/`:
//
//	go run ./internal/gen -src ../../../shared/cfn-schemas -types schemas/TYPES.txt -out schemas
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	src := flag.String("src", "", "directory holding the registry schemas (aws-*.json)")
	types := flag.String("types", "schemas/TYPES.txt", "file listing the types to vendor")
	out := flag.String("out", "schemas", "destination directory")
	flag.Parse()
	if *src == "" {
		fmt.Fprintln(os.Stderr, "gen: -src is required (a directory of registry schemas, e.g. ../../../shared/cfn-schemas)")
		os.Exit(2)
	}
	n, err := run(*src, *types, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("gen: vendored %d schemas into %s\n", n, *out)
}

// fileName maps a type name to its registry file name; it must stay in sync
// with fileName in the cfnschema package.
func fileName(typeName string) string {
	return strings.ToLower(strings.ReplaceAll(typeName, "::", "-")) + ".json"
}

func readTypes(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var list []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.Count(line, "::") != 2 || !strings.HasPrefix(line, "AWS::") {
			return nil, fmt.Errorf("%s: %q is not a type name like AWS::Service::Resource", path, line)
		}
		if seen[line] {
			return nil, fmt.Errorf("%s: %s listed twice", path, line)
		}
		seen[line] = true
		list = append(list, line)
	}
	return list, sc.Err()
}

func run(src, typesFile, out string) (int, error) {
	list, err := readTypes(typesFile)
	if err != nil {
		return 0, err
	}
	want := map[string]bool{}
	var errs []error
	for _, t := range list {
		name := fileName(t)
		want[name] = true
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", t, err))
			continue
		}
		var head struct {
			TypeName string `json:"typeName"`
		}
		if err := json.Unmarshal(data, &head); err != nil {
			errs = append(errs, fmt.Errorf("%s: %s: %w", t, name, err))
			continue
		}
		if head.TypeName != t {
			errs = append(errs, fmt.Errorf("%s: %s holds %q", t, name, head.TypeName))
			continue
		}
		dst := filepath.Join(out, name)
		// Rewriting an identical file would only churn modification times.
		if old, err := os.ReadFile(dst); err == nil && bytes.Equal(old, data) {
			continue
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return 0, errors.Join(errs...)
	}
	existing, err := filepath.Glob(filepath.Join(out, "aws-*.json"))
	if err != nil {
		return 0, err
	}
	sort.Strings(existing)
	for _, p := range existing {
		if !want[filepath.Base(p)] {
			if err := os.Remove(p); err != nil {
				return 0, err
			}
			fmt.Println("gen: removed", filepath.Base(p))
		}
	}
	return len(list), nil
}
