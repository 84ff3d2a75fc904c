package changesim

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateDoc = flag.Bool("update", false, "rewrite the generated part of docs/emitted/changesim.md")

const (
	docFile  = "../../docs/emitted/changesim.md"
	docBegin = "<!-- BEGIN GENERATED: go test ./internal/changesim -run TestRulesDoc -update -->\n"
	docEnd   = "<!-- END GENERATED -->\n"
)

// rulesMarkdown renders Rules and Stateful for humans.
func rulesMarkdown() string {
	var b strings.Builder
	b.WriteString("| Type | Identity (unique together) | Scope | Kept after delete | Service error | Normalization / notes | Source | Status |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	cell := func(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
	for _, r := range Rules {
		ident := "none (hazard only)"
		if len(r.Identity) > 0 {
			ident = strings.Join(r.Identity, " + ")
		}
		kept := "no"
		if r.Kept {
			kept = "yes"
		}
		notes := r.Normalize
		if r.InPlace != "" {
			notes += "; updates in place (" + r.InPlace + ")"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s | %s |\n", r.Type, cell(ident), r.Scope, kept,
			cell(r.Error), cell(notes), cell(r.Source), cell(r.Status))
	}
	b.WriteString("\nStateful types (replacing, deleting or orphaning one is a `StatefulChange`): ")
	for i, s := range Stateful {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("`" + s + "`")
	}
	b.WriteString(".\n")
	return b.String()
}

// TestRulesDoc: the table in docs/emitted/changesim.md is generated from Rules; -update
// rewrites it.
func TestRulesDoc(t *testing.T) {
	data, err := os.ReadFile(filepath.FromSlash(docFile))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	i, j := strings.Index(doc, docBegin), strings.Index(doc, docEnd)
	if i < 0 || j < i {
		t.Fatalf("%s: markers %q and %q missing", docFile, docBegin, docEnd)
	}
	want := doc[:i+len(docBegin)] + rulesMarkdown() + doc[j:]
	if want == doc {
		return
	}
	if *updateDoc {
		if err := os.WriteFile(filepath.FromSlash(docFile), []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is stale: run go test ./internal/changesim -run TestRulesDoc -update", docFile)
}

// TestRules: every rule names a type with a vendored registry schema, a source, a status
// and an error; identity properties exist in the schema's properties.
func TestRules(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules {
		if seen[r.Type] {
			t.Errorf("%s: two rows", r.Type)
		}
		seen[r.Type] = true
		if r.Source == "" || r.Status == "" || r.Error == "" {
			t.Errorf("%s: source, status and error are required", r.Type)
		}
		if len(r.Identity) == 0 && r.Hazard == nil {
			t.Errorf("%s: neither identity nor hazard", r.Type)
		}
		if strings.HasPrefix(r.Type, "Custom::") {
			// No registry schema: the provider named in InPlace defines the properties.
			if r.InPlace == "" {
				t.Errorf("%s: a custom resource row says which provider updates it (InPlace)", r.Type)
			}
			continue
		}
		if r.InPlace != "" {
			t.Errorf("%s: InPlace is for custom resource types; registry types follow their schema", r.Type)
		}
		props, err := schemaProperties(r.Type)
		if err != nil {
			t.Errorf("%s: %v", r.Type, err)
			continue
		}
		for _, p := range r.Identity {
			top, _, _ := strings.Cut(strings.TrimSuffix(p, "?"), "/")
			if !props[top] {
				t.Errorf("%s: identity property %s is not in the registry schema", r.Type, top)
			}
		}
	}
	for _, s := range Stateful {
		if _, err := schemaProperties(s); err != nil {
			t.Errorf("stateful %s: %v", s, err)
		}
	}
}
