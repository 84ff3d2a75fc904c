package stages

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/smusmesh/smusmesh/problem"
)

// Sentinels of the definition loader, besides the datamesh ones (datamesh.ErrMissing,
// datamesh.ErrDuplicate, datamesh.ErrUnknownBlueprint, datamesh.ErrIdentityMismatch,
// datamesh.ErrLimit ...), which Validate and the stage builder use.
var (
	// ErrSyntax is a file that is not YAML or JSON.
	ErrSyntax = errors.New("syntax error")
	// ErrUnknownKey is a key the definition schema does not have (a typo, usually).
	ErrUnknownKey = errors.New("unknown key")
	// ErrWrongType is a value of the wrong YAML/JSON type (a list where a map belongs).
	ErrWrongType = errors.New("wrong type")
)

// source remembers, for a parsed definition, the file name and the line of every entry.
type source struct {
	file  string
	lines map[string]int
}

// lineOf returns the line of path or of its closest ancestor.
func (s *source) lineOf(path string) int {
	if s == nil {
		return 0
	}
	for p := path; p != ""; {
		if l, ok := s.lines[p]; ok {
			return l
		}
		i := strings.LastIndexAny(p, ".[")
		if i <= 0 {
			break
		}
		p = p[:i]
	}
	return 0
}

// plist collects problems.
type plist struct {
	src  *source
	list []*problem.Problem
}

func (l *plist) add(err error, path, format string, args ...any) {
	p := &problem.Problem{Path: path, Detail: fmt.Sprintf(format, args...), Err: err}
	if l.src != nil {
		p.File, p.Line = l.src.file, l.src.lineOf(path)
	}
	if err != nil && !strings.Contains(p.Detail, err.Error()) {
		p.Detail += " (" + err.Error() + ")"
	}
	l.list = append(l.list, p)
}

// addDatamesh re-roots the problems of a datamesh Validate under path, in the
// definition's words, dropping those whose field is in skip (props the definition sets
// only at build time, like a project or a role named by name).
func (l *plist) addDatamesh(path string, err error, skip ...string) {
	for _, pr := range problem.All(err) {
		skipped := false
		for _, s := range skip {
			if pr.Field == s || strings.HasPrefix(pr.Field, s+".") || strings.HasPrefix(pr.Field, s+"[") {
				skipped = true
			}
		}
		if skipped {
			continue
		}
		p := path
		if f := yamlField(pr.Construct, pr.Field); f != "" {
			p += "." + f
		}
		l.addAt(&problem.Problem{Path: p, Value: pr.Value, Detail: yamlText(pr.Detail), Fix: yamlText(pr.Fix), Err: pr.Err})
	}
}

// initialisms are the Go initialisms of datamesh field names, longest first.
var initialisms = []string{"IDs", "ARN", "URI", "IAM", "SSO", "VPC", "KMS", "URL", "SQL", "EMR", "ID", "S3"}

// yamlName spells a datamesh field name ("SecurityGroupIDs[1]", "ComputeARN",
// "SparkEMR") as the definition does ("securityGroupIds[1]", "computeArn", "sparkEmr"):
// initialisms are words, the first in lower case, the others capitalized.
func yamlName(f string) string {
	name, rest := f, ""
	if i := strings.IndexByte(f, '['); i >= 0 {
		name, rest = f[:i], f[i:]
	}
	upper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	var words []string
	for i := 0; i < len(name); {
		j := i + 1
		for _, in := range initialisms {
			if strings.HasPrefix(name[i:], in) && (i+len(in) == len(name) || upper(name[i+len(in)])) {
				j = i + len(in)
				break
			}
		}
		if j == i+1 {
			for j < len(name) && !upper(name[j]) {
				j++
			}
		}
		words = append(words, name[i:j])
		i = j
	}
	var b strings.Builder
	for k, w := range words {
		if k == 0 {
			b.WriteString(strings.ToLower(w))
		} else {
			b.WriteString(strings.ToUpper(w[:1]) + strings.ToLower(w[1:]))
		}
	}
	return b.String() + rest
}

func (l *plist) err() error {
	if len(l.list) == 0 {
		return nil
	}
	sort.SliceStable(l.list, func(i, j int) bool {
		a, b := l.list[i], l.list[j]
		if a.Line != b.Line && a.Line > 0 && b.Line > 0 {
			return a.Line < b.Line
		}
		return false
	})
	return problem.Errors(l.list)
}
