package stages

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smusmesh/smusmesh/problem"
)

// TestSyntaxErrorsNameTheLine: a YAML mistake is reported at the line where it is, with
// what to do, not at the line where the parser noticed it.
func TestSyntaxErrorsNameTheLine(t *testing.T) {
	for _, c := range []struct {
		name, yaml string
		line       int
		want       string
	}{
		{"tab", "governance:\n  name: g\n\towners: []\n", 3, "a tab in the indentation: YAML indents with spaces only; replace the tab with spaces"},
		{"tab at the start", "\tgovernance:\n  name: g\n", 1, "a tab in the indentation"},
		{"indented under a value", "governance:\n  name: g\n   owners: []\n", 3, "indented more than line 2, which does not open a block"},
		{"indent of no key", "governance:\n  name: g\n owners: []\n", 3, "indented 1 spaces, which lines up with no key above: indent it like the keys of the map it belongs to (0, 2 spaces)"},
		{"deep indent of no key", "domains:\n  - name: a\n    profiles:\n    - name: p\n      preset: x\n   projects: []\n", 6, "indented 3 spaces, which lines up with no key above"},
		{"key at a list entry's indent", "domains:\n  - name: a\n    profiles: []\n  projects: []\n", 4, "a key at the indent of the list entry (\"- \") of line 2"},
		{"entry at the keys' indent", "domains:\n- name: a\n  - name: b\n", 3, "a list entry (\"- \") at the indent of the keys of line 2"},
		{"unclosed quote", "governance:\n  name: \"g\n  description: x\n", 2, "opening \" but no closing one"},
		{"colon in a value", "governance:\n  name: g\n  description: Mesh: all of it\n", 3, "the value of \"description\" contains \": \": put the value in quotes"},
		{"unclosed flow list", "governance:\n  name: g\n  owners: [\n", 3, "the [ on this line is never closed: close it with ]"},
		{"unclosed flow map", "governance:\n  name: g\n  owners: [{group: a},\n    {group: b]\ndomains: []\n", 4, "this ] closes the { of this line: close that one with } first"},
		{"extra bracket", "governance:\n  name: g\n  owners: [{group: a}]]\ndomains: []\n", 3, "this ] closes nothing: there is no [ or { open before it; remove it"},
		{"text after the closing quote", "governance:\n  name: g\n  description: \"The mesh\" of all data\ndomains: []\n", 3, "text after the closing quote (of all data): put the whole value in the quotes"},
		{"key without a colon", "governance:\n  name: g\n  description\n  owners: []\n", 3, "\"description\" is not a key: a line among keys is \"key: value\"; add the \":\""},
		{"block text indented less", "governance:\n  name: g\n  description: |\n    The mesh\n   of all data\ndomains: []\n", 5, "indented less than the text of the block (| or >) of line 3 (4 spaces): indent every line of the text alike"},
		{"after a long plain value", "governance:\n  name: g\n  description: a long\n    text on two lines\n\towners: []\n", 5, "a tab in the indentation"},
		{"reserved character", "governance:\n  name: @mesh\ndomains: []\n", 2, "a value cannot start with @ (YAML reserves it): put the value in quotes (\"@mesh\")"},
		{"pattern read as a list", "governance:\n  name: g\n  standards:\n    naming:\n      projectName: '^[A-Z]'\n      domainName: [a-z]+\ndomains: []\n", 6, "text after the closing ] (+): a value that starts with [ or { is a list or a map; if it is a text (a pattern), put it in quotes ('[a-z]+')"},
		{"quotes inside quotes", "governance:\n  name: g\n  description: \"He said \"hi\"\"\ndomains: []\n", 3, "text after the closing quote (hi\"\")"},
		{"unknown alias", "governance:\n  name: g\n  owners: *owners\ndomains: []\n", 3, "alias *owners names no anchor: define &owners on an entry above this line, or remove the alias"},
		{"JSON escaped quote", "{\"governance\": {\"name\": \"a \\\"[\\\" b\"},\n \"domains\": [1, 2}\n", 2, "this } closes the [ of this line: close that one with ] first"},
		{"JSON missing brace", "{\"governance\": {\"name\": \"g\"},\n \"domains\": [{\"name\": \"e\"]\n}\n", 2, "this ] closes the { of this line: close that one with } first"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("mesh.yaml", []byte(c.yaml))
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("Parse: %v, want ErrSyntax", err)
			}
			var p *problem.Problem
			if !errors.As(err, &p) {
				t.Fatalf("Parse: %T, want *problem.Problem", err)
			}
			if c.line > 0 && p.Line != c.line {
				t.Errorf("line %d, want %d: %v", p.Line, c.line, err)
			}
			if !strings.Contains(p.Detail, c.want) {
				t.Errorf("message %q lacks %q", p.Detail, c.want)
			}
		})
	}
}

// TestNoSyntaxMistakeInValidFiles: the scan finds nothing in the definitions that parse
// (it only runs after the parser failed, but must not point at a line that is right).
func TestNoSyntaxMistakeInValidFiles(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	files = append(files, filepath.Join("..", "examples", "yamlmesh", "mesh.yaml"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if l, what := findSyntaxMistake(string(data)); l > 0 {
			t.Errorf("%s:%d: %s", f, l, what)
		}
	}
}

// TestListEntryWithoutSpace: "-name: x" is a key "-name" to YAML; the problem says what was meant.
func TestListEntryWithoutSpace(t *testing.T) {
	_, err := Parse("mesh.yaml", []byte("governance: {name: g}\ndomains:\n- name: e\n  profiles:\n  - name: A\n  -name: B\n"))
	want := `smusmesh: mesh.yaml:6: domains[e].-name: unknown key "-name" (a list entry is "- name", with a space after the -)`
	if !errors.Is(err, ErrUnknownKey) || !strings.Contains(err.Error(), want) {
		t.Errorf("Parse: %v\nwant %s", err, want)
	}
}
