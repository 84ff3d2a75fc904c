package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goBlocks returns the fenced Go blocks of a Markdown file, with the line each starts on.
func goBlocks(md string) (blocks []string, lines []int) {
	var cur []string
	in := false
	for i, l := range strings.Split(md, "\n") {
		switch {
		case !in && strings.TrimSpace(l) == "```go":
			in, cur = true, nil
			lines = append(lines, i+2)
		case in && strings.TrimSpace(l) == "```":
			in = false
			blocks = append(blocks, strings.Join(cur, "\n"))
		case in:
			cur = append(cur, l)
		}
	}
	return blocks, lines
}

// scenarioHook is the quickstart's hook for its scenario tests, edit(v.<field>, m, props),
// which passes props through unchanged for the zero variation that main uses: a README
// excerpt shows the props alone.
var scenarioHook = regexp.MustCompile(`edit\(v\.\w+, m, (&[\w.]+\{)$`)

// scenarioRecord is the quickstart's bookkeeping for its scenario tests (m.Crm = crm).
var scenarioRecord = regexp.MustCompile(`^m\.\w+(, m\.\w+)* = \w+(, \w+)*$`)

// stripped returns the lines of s without leading and trailing white space and without
// empty lines (a README excerpt is indented less than the function body it comes from),
// and without the quickstart's scenario hooks and bookkeeping.
func stripped(s string) []string {
	var out []string
	hooks := 0
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || scenarioRecord.MatchString(l) {
			continue
		}
		if scenarioHook.MatchString(l) {
			l = scenarioHook.ReplaceAllString(l, "$1")
			hooks++
		} else if l == "}))" && hooks > 0 {
			l = "})"
			hooks--
		}
		out = append(out, l)
	}
	return out
}

func contains(hay, needle []string) bool {
	for i := 0; i+len(needle) <= len(hay); i++ {
		ok := true
		for j := range needle {
			if hay[i+j] != needle[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// TestREADMEGoBlocksAreExamples: every Go block of the README is code that compiles and
// runs as it stands. A block that is a whole program ("package main") is the file
// examples/readme/main.go, byte for byte; every other block is an excerpt, line for
// line, of one of the examples or their tests (which the tests build and run). Edit the example, then
// copy it into the README.
func TestREADMEGoBlocksAreExamples(t *testing.T) {
	md, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	main, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("..", "*", "*.go"))
	sources := map[string][]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources[f] = stripped(string(b))
	}
	blocks, lines := goBlocks(string(md))
	if len(blocks) == 0 {
		t.Fatal("no Go block in README.md")
	}
	whole := 0
	for i, b := range blocks {
		if strings.Contains(b, "\npackage main\n") || strings.HasPrefix(b, "package ") || strings.HasPrefix(b, "// Command") {
			whole++
			if b+"\n" != string(main) {
				t.Errorf("README.md:%d: the Go program differs from examples/readme/main.go: copy the file into the README", lines[i])
			}
			continue
		}
		found := false
		for _, src := range sources {
			if contains(src, stripped(b)) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("README.md:%d: this Go block is not an excerpt of any example under examples/:\n%s", lines[i], b)
		}
	}
	if whole != 1 {
		t.Errorf("README.md has %d whole Go programs, want 1 (examples/readme/main.go)", whole)
	}
}
