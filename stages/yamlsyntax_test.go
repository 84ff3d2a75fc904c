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
		{"unclosed flow list", "governance:\n  name: g\n  owners: [\n", 0, "check the indentation"},
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
