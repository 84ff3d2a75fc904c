package stages

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// Bounds of a definition file. A real mesh is far below them: 1,000 projects with their
// members are about 300 KB, 20,000 values and 12 levels of nesting (plus two per level of
// nested units); the bounds leave room for about 6,000 projects. A file beyond them is a mistake or an attack (an alias bomb expands a few
// lines into billions of values); Parse stops at once with a problem instead of hanging or
// exhausting memory. The YAML parser builds about 120 bytes of nodes per byte of a
// worst-case file, so the size bound also bounds the parser's memory (about 250 MB).
const (
	// maxDefinitionBytes is the largest file Load and Parse read.
	maxDefinitionBytes = 2 << 20
	// maxDefinitionValues bounds the maps, lists and scalars decoded, aliases expanded.
	maxDefinitionValues = 200_000
	// maxDefinitionDepth bounds the nesting of maps and lists.
	maxDefinitionDepth = 64
	// maxDecodeProblems stops decoding a file that is wrong everywhere (a list of a
	// million numbers where names belong) after that many problems.
	maxDecodeProblems = 100
)

// ErrTooLarge is a definition file beyond a bound of the loader: its size, its nesting,
// or the number of values its aliases expand to.
var ErrTooLarge = errors.New("definition too large")

// readDefinition reads at most maxDefinitionBytes (and one more byte, to tell that the
// file is larger) of the file at path.
func readDefinition(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxDefinitionBytes+1))
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// checkInput returns the text of a definition file without its UTF-8 byte order mark
// (editors on Windows write one), or the problem that stops reading it: too large, not
// UTF-8 (with the line of the first byte that is not), a control character YAML forbids,
// or brackets nested beyond the bound.
func checkInput(name string, data []byte) ([]byte, *problem.Problem) {
	if len(data) > maxDefinitionBytes {
		return nil, &problem.Problem{File: name, Detail: fmt.Sprintf("the file is larger than %d bytes (2 MiB), the most a mesh definition may have: is it the right file?", maxDefinitionBytes), Err: ErrTooLarge}
	}
	data = bytes.TrimPrefix(data, bomUTF8)
	if bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE) {
		return nil, &problem.Problem{File: name, Line: 1, Detail: "the file is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8", Err: ErrSyntax}
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return nil, &problem.Problem{File: name, Line: line, Detail: fmt.Sprintf("byte 0x%02X at column %d is not UTF-8: save the file as UTF-8 (the byte is a character of another encoding, often Latin-1 or Windows-1252)", data[i], col), Err: ErrSyntax}
		case r == 0:
			return nil, &problem.Problem{File: name, Line: line, Detail: fmt.Sprintf("a NUL byte at column %d: a YAML file is text (if the file is UTF-16, save it as UTF-8)", col), Err: ErrSyntax}
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0x7F, r >= 0x80 && r <= 0x9F && r != 0x85:
			// YAML's printable characters exclude these (YAML 1.2, c-printable).
			return nil, &problem.Problem{File: name, Line: line, Detail: fmt.Sprintf("control character %U at column %d: YAML does not allow it; remove it", r, col), Err: ErrSyntax}
		case r == '\n':
			line, col = line+1, 0
		}
		i += size
		col++
	}
	if l := flowTooDeep(data); l > 0 {
		return nil, &problem.Problem{File: name, Line: l, Detail: fmt.Sprintf("[ and { nest deeper than %d levels here: a mesh definition never does; is it the right file?", maxDefinitionDepth), Err: ErrTooLarge}
	}
	return data, nil
}

// flowTooDeep returns the line where [ and { (outside quotes and comments) nest deeper
// than maxDefinitionDepth, or 0. The parser would go to 10,000 levels and then fail
// without a line.
func flowTooDeep(data []byte) (line int) {
	depth := 0
	for n, raw := range strings.Split(string(data), "\n") {
		flowBrackets(stripComment(raw), func(_ int, c byte) bool {
			if c == ']' || c == '}' {
				depth = max(depth-1, 0)
				return true
			}
			if depth++; depth > maxDefinitionDepth {
				line = n + 1
				return false
			}
			return true
		})
		if line > 0 {
			return line
		}
	}
	return 0
}

// document parses the one YAML document of a definition file: an empty file, a file of
// comments, an empty document and a second document are problems with the line.
func document(name string, data []byte) (*yaml.Node, *problem.Problem) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, emptyProblem(name, data, 1)
		}
		return nil, syntaxProblem(name, data, err)
	}
	if len(root.Content) == 0 || isNull(root.Content[0]) {
		return nil, emptyProblem(name, data, root.Line)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, syntaxProblem(name, data, err)
	case len(next.Content) > 0 && !isNull(next.Content[0]):
		return nil, &problem.Problem{File: name, Line: next.Line, Detail: "a second YAML document starts here: a mesh definition is one document; remove the \"---\" line and merge what follows into the first document, or move it to a file of its own", Err: ErrSyntax}
	}
	// An empty document after "---" holds nothing that could be lost.
	return &root, nil
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" && n.Anchor == ""
}

// emptyProblem says that the file (or its document) holds no definition.
func emptyProblem(name string, data []byte, line int) *problem.Problem {
	msg := "the file is empty"
	switch {
	case hasContent(data):
		msg = "the document is empty"
	case len(bytes.TrimSpace(data)) > 0:
		msg = "the file has only comments"
	}
	return &problem.Problem{File: name, Line: max(line, 1), Detail: msg + ": a mesh definition has the keys governance and domains (see stages/README.md)", Err: datamesh.ErrMissing}
}

// hasContent reports whether a line of data is neither blank nor a comment.
func hasContent(data []byte) bool {
	for _, line := range strings.Split(string(data), "\n") {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
			return true
		}
	}
	return false
}
