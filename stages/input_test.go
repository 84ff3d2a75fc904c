package stages

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// minimalMesh is the smallest definition Parse accepts.
const minimalMesh = "governance: {name: mesh-governance}\ndomains:\n  - name: energy\n    profiles: [{name: Analytics}]\n"

// aliasBomb is the "billion laughs" in the shape of the definition: units of ten aliases
// of the unit before, nine levels, a billion units from 15 lines.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("governance: {name: g}\ndomains:\n  - name: energy\n    profiles: [{name: Analytics}]\n    units:\n      - &u0 {name: u0}\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "      - &u%d {name: u%d, units: [*u%d, *u%d, *u%d, *u%d, *u%d, *u%d, *u%d, *u%d, *u%d, *u%d]}\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	return b.String()
}

// nestedUnits returns a domain whose units nest n deep (two maps and lists per level).
func nestedUnits(n int) string {
	var b strings.Builder
	b.WriteString("governance: {name: g}\ndomains:\n  - name: energy\n    profiles: [{name: Analytics}]\n")
	ind := "    "
	for i := range n {
		fmt.Fprintf(&b, "%sunits:\n%s  - name: u%d\n", ind, ind, i)
		ind += "    "
	}
	return b.String()
}

// TestHostileAndOddInput: input that is hostile (alias bombs, endless aliases, deep
// nesting, huge files) or odd (empty, only comments, several documents, not UTF-8) gets
// one problem with the file and, where there is one, the line, without hanging or
// exhausting memory. The messages are in testdata/input.golden (-update rewrites it).
func TestHostileAndOddInput(t *testing.T) {
	cases := []struct {
		name string
		data string
		err  error // nil: Parse accepts the file
	}{
		{"empty file", "", datamesh.ErrMissing},
		{"blank lines", "\n  \n\n", datamesh.ErrMissing},
		{"only comments", "# the mesh\n# to do\n", datamesh.ErrMissing},
		{"empty document", "# the mesh\n---\n", datamesh.ErrMissing},
		{"null document", "~\n", datamesh.ErrMissing},
		{"two documents", minimalMesh + "---\n" + minimalMesh, ErrSyntax},
		{"an empty document after the first", minimalMesh + "---\n# nothing\n", nil},
		{"explicit document markers", "---\n" + minimalMesh + "...\n", nil},
		{"UTF-8 byte order mark", "\xEF\xBB\xBF" + minimalMesh, nil},
		{"CRLF line ends", strings.ReplaceAll(minimalMesh, "\n", "\r\n"), nil},
		{"Latin-1 byte", "governance:\n  name: g\n  description: Gouvernance de l'\xE9nergie\n", ErrSyntax},
		{"cut UTF-8 sequence", "governance:\n  name: \xE2\x82\n", ErrSyntax},
		{"UTF-16 with byte order mark", "\xFF\xFEg\x00o\x00", ErrSyntax},
		{"UTF-16 without byte order mark", "g\x00o\x00v\x00", ErrSyntax},
		{"control character", "governance:\n  name: g\x1b[0m\n", ErrSyntax},
		{"too large", minimalMesh + strings.Repeat("# padding\n", maxDefinitionBytes/10), ErrTooLarge},
		{"alias bomb", aliasBomb(), ErrTooLarge},
		{"alias inside its anchor", "governance: {name: g}\ndomains: &d\n  - name: energy\n    profiles: [{name: Analytics}]\n    units: *d\n", ErrSyntax},
		{"unknown alias", "governance: {name: g, owners: *owners}\ndomains: []\n", ErrSyntax},
		{"deep brackets", "governance: {name: g}\ndomains: " + strings.Repeat("[", 20000) + "\n", ErrTooLarge},
		{"deep units", nestedUnits(40), ErrTooLarge},
		{"wrong everywhere", "governance: {name: g}\ndomains: [" + strings.Repeat("1, ", 150) + "1]\n", ErrWrongType},
	}
	var got strings.Builder
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := Parse("mesh.yaml", []byte(c.data))
			runtime.ReadMemStats(&after)
			// The bounds bound memory too: a few MB for these files (the parser's share for
			// the largest file allowed is about 250 MB).
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
				t.Errorf("Parse allocated %d MB", alloc>>20)
			}
			if c.err == nil {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			if !errors.Is(err, c.err) {
				t.Fatalf("Parse: %v, want %v", err, c.err)
			}
			probs := problem.All(err)
			var p *problem.Problem
			if !errors.As(probs[0], &p) {
				t.Fatalf("%T, want *problem.Problem", probs[0])
			}
			if p.Line == 0 && c.name != "too large" {
				t.Errorf("no line: %v", err)
			}
			fmt.Fprintf(&got, "== %s\n", c.name)
			for i, p := range probs {
				// A long list: its start and its end.
				if len(probs) > 5 && i == 2 {
					fmt.Fprintf(&got, "... %d more\n", len(probs)-3)
				}
				if len(probs) <= 5 || i < 2 || i == len(probs)-1 {
					fmt.Fprintln(&got, p)
				}
			}
		})
	}
	golden(t, filepath.Join("testdata", "input.golden"), got.String())
}

// golden compares got with the file, or rewrites the file with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("the messages differ from %s (go test -run %s -update rewrites it; read the diff):\n%s", path, t.Name(), got)
	}
}

// TestLoadReadsNoMoreThanTheBound: Load stops reading a huge file at the bound.
func TestLoadReadsNoMoreThanTheBound(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mesh.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file of 1 GB: only the bound is read.
	if err := f.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = Load(path)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Load: %v, want ErrTooLarge", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("Load allocated %d MB for a file it refuses", alloc>>20)
	}
}

// TestLargeMeshWithinBounds: the bounds leave room for real meshes. A generated mesh of
// 2,500 projects (five domain stacks full of projects, 2.5 times the scale test) written
// as YAML parses, at less than half of each bound.
func TestLargeMeshWithinBounds(t *testing.T) {
	data, err := yaml.Marshal(genDefinition(2500))
	if err != nil {
		t.Fatal(err)
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		t.Fatal(err)
	}
	t.Logf("2,500 projects: %d KB, %d values", len(data)>>10, countNodes(&n))
	if len(data) > maxDefinitionBytes/2 || countNodes(&n) > maxDefinitionValues/2 {
		t.Errorf("a real mesh of 2,500 projects is near the bounds: %d bytes, %d values", len(data), countNodes(&n))
	}
	if _, err := Parse("mesh.yaml", data); err != nil {
		t.Fatal(problem.All(err)[0])
	}
}
