// Command meshschema writes schema/mesh.schema.json, the JSON Schema of the mesh
// definition (stages.Definition) that editors use to complete and check mesh.yaml files
// (the YAML language server, VS Code's redhat.vscode-yaml, JetBrains IDEs). It is generated
// from the Go types, so that the file cannot drift from what stages.Parse accepts:
//
//   - keys and types by reflection over the yaml tags of stages.Definition and the *Def
//     types it reaches (a key `mesh:"required"` is required);
//   - descriptions from the doc comments of those fields (parsed from the source);
//   - enums from the values the loader accepts: the constants of the datamesh and
//     datacontract types a key converts to, and the loader's own tables (see enums.go).
//
// Run it from the module root after changing a *Def type, a yaml tag, a doc comment or an
// accepted value:
//
//	go run ./internal/meshschema      (or: go generate ./stages)
//
// The test of this package fails when the committed file is stale (go test
// ./internal/meshschema -update refreshes it), when an example definition of the
// repository does not validate, or when a known-bad fixture does.
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// SchemaFile is the committed schema, relative to the module root.
const SchemaFile = "schema/mesh.schema.json"

func main() {
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "meshschema:", err)
		os.Exit(1)
	}
	data, err := Generate(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "meshschema:", err)
		os.Exit(1)
	}
	path := filepath.Join(root, SchemaFile)
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "meshschema:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "meshschema:", err)
		os.Exit(1)
	}
	fmt.Println("updated", SchemaFile)
}

// moduleRoot is the directory of go.mod, from the working directory up (go generate runs
// in the package directory, go run where it is called).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}
