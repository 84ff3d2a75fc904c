package stages

import (
	"fmt"
	"strings"

	"github.com/smusmesh/smusmesh/problem"
)

// syntaxProblem turns a YAML parser error into a problem that names the line of the
// mistake and what to do. The parser (gopkg.in/yaml.v3) often reports the line where the
// enclosing block starts ("yaml: line 1: did not find expected '-' indicator" for a key
// indented wrongly on line 6), so the source is scanned for the usual mistakes first:
// tabs in the indentation, a line indented to no open level, a line indented under a
// line that opens no block, an unclosed quote, an unquoted value with ": " in it. When
// none is found, the parser's own line and message are kept.
func syntaxProblem(name string, data []byte, err error) *problem.Problem {
	msg := err.Error()
	line := 0
	// yaml.v3 says "yaml: line 3: did not find expected key".
	if _, e := fmt.Sscanf(strings.TrimPrefix(msg, "yaml: "), "line %d:", &line); e == nil {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	if l, what := findSyntaxMistake(string(data)); l > 0 {
		return &problem.Problem{File: name, Line: l, Detail: what + " (YAML parser: " + msg + ")", Err: ErrSyntax}
	}
	return &problem.Problem{File: name, Line: line, Detail: msg + ": check the indentation (spaces only, the same number of spaces for the keys of one map) and the quotes on this line and the lines above", Err: ErrSyntax}
}

// findSyntaxMistake returns the first line (1-based) with a usual YAML mistake and what
// to do about it, or 0.
func findSyntaxMistake(src string) (int, string) {
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	// JSON (or YAML flow style) is not indentation-based: only tabs and quotes matter.
	flow := strings.HasPrefix(strings.TrimSpace(src), "{") || strings.HasPrefix(strings.TrimSpace(src), "[")
	type level struct {
		indent int
		line   int
		list   bool // the lines at this level are list entries ("- ")
	}
	stack := []level{{0, 0, false}}
	opens := false    // the previous content line ends with ":" (a block follows)
	blockScalar := -1 // indent of the key of a "|" or ">" block scalar, -1 outside one
	inFlow := 0       // depth of [ ] and { } spanning lines
	for i, raw := range lines {
		n := i + 1
		body := strings.TrimLeft(raw, " \t")
		lead := raw[:len(raw)-len(body)]
		if body == "" || strings.HasPrefix(body, "#") {
			continue
		}
		indent := len(lead)
		if blockScalar >= 0 {
			if indent > blockScalar {
				continue // text of the block scalar
			}
			blockScalar = -1
		}
		text := stripComment(body)
		if flow || inFlow > 0 {
			// JSON and multi-line [ ] or { }: indentation does not matter.
			inFlow += strings.Count(text, "[") + strings.Count(text, "{") - strings.Count(text, "]") - strings.Count(text, "}")
			continue
		}
		if strings.Contains(lead, "\t") {
			return n, "a tab in the indentation: YAML indents with spaces only; replace the tab with spaces"
		}
		if q := unclosedQuote(text); q != 0 {
			return n, fmt.Sprintf("the value has an opening %c but no closing one on this line: close the quote", q)
		}
		top := stack[len(stack)-1]
		item := strings.HasPrefix(text, "- ") || text == "-"
		switch {
		case indent > top.indent:
			if !opens {
				return n, fmt.Sprintf("indented more than line %d, which does not open a block (it has a value, or no key ending in \":\"): indent this line like line %d (%d spaces), or give line %d no value",
					top.line, top.line, top.indent, top.line)
			}
			stack = append(stack, level{indent, n, item})
		case indent < top.indent:
			open := make([]string, 0, len(stack))
			for _, l := range stack {
				open = append(open, fmt.Sprint(l.indent))
			}
			for len(stack) > 1 && stack[len(stack)-1].indent > indent {
				stack = stack[:len(stack)-1]
			}
			t := stack[len(stack)-1]
			if t.indent != indent {
				return n, fmt.Sprintf("indented %d spaces, which lines up with no key above: indent it like the keys of the map it belongs to (%s spaces)", indent, strings.Join(open, ", "))
			}
			if t.list != item {
				return n, mixed(item, t.line)
			}
			stack[len(stack)-1].line = n
		default:
			switch {
			case top.line == 0:
				stack[len(stack)-1].list = item
			case opens && item:
				// "key:" and its list at the same indent: valid YAML.
			case top.list != item:
				return n, mixed(item, top.line)
			}
			// After "key:", a key at the same indent leaves the first one empty (null):
			// valid YAML, which Parse reports if it matters.
			stack[len(stack)-1].line = n
		}
		if item {
			// The keys of a list entry line up after "- ".
			rest := strings.TrimLeft(text[1:], " ")
			if rest != "" {
				stack = append(stack, level{indent + len(text) - len(rest), n, false})
				text = rest
			}
		}
		if strings.HasPrefix(text, "[") || strings.HasPrefix(text, "{") {
			inFlow += strings.Count(text, "[") + strings.Count(text, "{") - strings.Count(text, "]") - strings.Count(text, "}")
			opens = false
			continue
		}
		if k, v, ok := cutKey(text); ok {
			if strings.Contains(v, ": ") && !strings.HasPrefix(v, "{") && !strings.HasPrefix(v, "[") && !strings.HasPrefix(v, "\"") && !strings.HasPrefix(v, "'") {
				return n, fmt.Sprintf("the value of %q contains \": \": put the value in quotes (%s: \"%s\")", k, k, v)
			}
			opens = v == ""
			if v == "|" || v == ">" || strings.HasPrefix(v, "|") || strings.HasPrefix(v, ">") {
				blockScalar, opens = indent, false
				if item {
					blockScalar = stack[len(stack)-1].indent
				}
			}
			if strings.HasPrefix(v, "[") || strings.HasPrefix(v, "{") {
				inFlow += strings.Count(v, "[") + strings.Count(v, "{") - strings.Count(v, "]") - strings.Count(v, "}")
			}
		} else {
			opens = text == "-"
		}
	}
	return 0, ""
}

func mixed(item bool, above int) string {
	if item {
		return fmt.Sprintf("a list entry (\"- \") at the indent of the keys of line %d: indent the entry more than the key it belongs to, or line its keys up after the \"- \" of the entry above", above)
	}
	return fmt.Sprintf("a key at the indent of the list entry (\"- \") of line %d: indent it like the keys after that \"- \", or start a new entry with \"- \"", above)
}

// cutKey splits "key: value" (value trimmed; "" for "key:"). ok is false when the line
// is not a key.
func cutKey(text string) (key, value string, ok bool) {
	if strings.HasPrefix(text, "\"") || strings.HasPrefix(text, "'") {
		q := text[:1]
		end := strings.Index(text[1:], q)
		if end < 0 {
			return "", "", false
		}
		rest := text[end+2:]
		if strings.HasPrefix(rest, ":") && (len(rest) == 1 || rest[1] == ' ') {
			return text[1 : end+1], strings.TrimSpace(rest[1:]), true
		}
		return "", "", false
	}
	if strings.HasSuffix(text, ":") {
		return text[:len(text)-1], "", true
	}
	i := strings.Index(text, ": ")
	if i < 0 {
		return "", "", false
	}
	return text[:i], strings.TrimSpace(text[i+2:]), true
}

// stripComment removes a " #" comment outside quotes.
func stripComment(s string) string {
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			if i == 0 || s[i-1] == ' ' || s[i-1] == '[' || s[i-1] == '{' || s[i-1] == ',' {
				q = c
			}
		case c == '#' && (i == 0 || s[i-1] == ' '):
			return strings.TrimRight(s[:i], " ")
		}
	}
	return strings.TrimRight(s, " ")
}

// unclosedQuote returns the quote character of a scalar that starts with a quote and does
// not end on this line, or 0.
func unclosedQuote(text string) byte {
	v := text
	if strings.HasPrefix(v, "- ") {
		v = strings.TrimLeft(v[2:], " ")
	}
	if _, val, ok := cutKey(v); ok {
		v = val
	}
	if v == "" || (v[0] != '"' && v[0] != '\'') {
		return 0
	}
	q := v[0]
	for i := 1; i < len(v); i++ {
		switch {
		case q == '"' && v[i] == '\\':
			i++
		case v[i] == q:
			if q == '\'' && i+1 < len(v) && v[i+1] == '\'' {
				i++ // '' is an escaped quote
				continue
			}
			return 0
		}
	}
	return q
}
