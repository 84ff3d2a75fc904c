package stages

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
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

// Problem is one problem of a mesh definition or of a stage's settings: where (file, line
// and the path of the entry, such as
// domains[energy].units[grid].projects[Forecasting].members[2]) and what.
type Problem struct {
	// File the definition was read from ("" for a definition written in Go).
	File string
	// Line in File (0 when unknown).
	Line int
	// Path of the offending entry in the definition or settings.
	Path string
	// Message says what is wrong and how to fix it.
	Message string
	// Err is the sentinel (ErrUnknownKey, datamesh.ErrDuplicate ...).
	Err error
}

// Error formats the problem as "file:line: path: message".
func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString("smusmesh: ")
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			b.WriteString(":" + strconv.Itoa(p.Line))
		}
		b.WriteString(": ")
	}
	if p.Path != "" {
		b.WriteString(p.Path + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Unwrap returns the sentinel.
func (p *Problem) Unwrap() error { return p.Err }

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
	list []error
}

func (l *plist) add(err error, path, format string, args ...any) {
	p := &Problem{Path: path, Message: fmt.Sprintf(format, args...), Err: err}
	if l.src != nil {
		p.File, p.Line = l.src.file, l.src.lineOf(path)
	}
	if err != nil && !strings.Contains(p.Message, err.Error()) {
		p.Message += " (" + err.Error() + ")"
	}
	l.list = append(l.list, p)
}

// addDatamesh re-roots the problems of a datamesh Validate under path, dropping those
// whose field is in skip (props the definition sets only at build time, like Parent).
func (l *plist) addDatamesh(path string, err error, skip ...string) {
	for _, e := range datamesh.Problems(err) {
		var pr *datamesh.Problem
		if !errors.As(e, &pr) {
			l.add(datamesh.ErrInvalidProps, path, "%v", e)
			continue
		}
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
		if f := fieldPath(pr.Field); f != "" {
			p += "." + f
		}
		msg := fmt.Sprintf("%q: %v", pr.Value, pr.Err)
		if pr.Fix != "" {
			msg += ": " + pr.Fix
		}
		prob := &Problem{Path: p, Message: msg, Err: pr.Err}
		if l.src != nil {
			prob.File, prob.Line = l.src.file, l.src.lineOf(p)
		}
		l.list = append(l.list, prob)
	}
}

// fieldPath turns a datamesh field ("Members[2].Principal.Identifier") into the
// definition's spelling ("members[2]").
func fieldPath(f string) string {
	parts := strings.Split(f, ".")
	var out []string
	for i, p := range parts {
		if p == "" || p == "Principal" || p == "Identifier" || p == "props" || p == "Temporary" {
			continue
		}
		if p == "Blueprint" && i > 0 && strings.HasPrefix(parts[i-1], "Blueprints[") {
			continue
		}
		switch p {
		case "DomainName":
			p = "name"
		case "DeploymentMode":
			p = "deployment"
		case "DatabaseName":
			p = "database"
		case "TemplateURL":
			p = "templateUrl"
		case "ProjectRolePolicyARNs":
			p = "projectRolePolicyArns"
		// Tooling parameters are spelled as the service names them.
		case "Spaces":
			p = "enableSpaces"
		case "MaxEBSVolumeSizeGB":
			p = "maxEbsVolumeSize"
		case "IdleTimeout":
			p = "idleTimeoutInMinutes"
		case "NetworkIsolation":
			p = "enableNetworkIsolation"
		case "BedrockPermissions":
			p = "enableAmazonBedrockPermissions"
		case "GitConnectionARN":
			p = "gitConnectionArn"
		case "NetworkType":
			p = "sagemakerDomainNetworkType"
		}
		out = append(out, yamlName(p))
	}
	return strings.Join(out, ".")
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
		a, b := l.list[i].(*Problem), l.list[j].(*Problem)
		if a.Line != b.Line && a.Line > 0 && b.Line > 0 {
			return a.Line < b.Line
		}
		return false
	})
	return errors.Join(l.list...)
}
