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
	// yaml.v3 names an unknown anchor without a line.
	if strings.HasPrefix(msg, "unknown anchor '") {
		anchor := strings.TrimSuffix(strings.TrimPrefix(msg, "unknown anchor '"), "' referenced")
		return &problem.Problem{File: name, Line: aliasLine(string(data), anchor), Detail: fmt.Sprintf("alias *%s names no anchor: define &%s on an entry above this line, or remove the alias", anchor, anchor), Err: ErrSyntax}
	}
	return &problem.Problem{File: name, Line: line, Detail: msg + ": check the indentation (spaces only, the same number of spaces for the keys of one map) and the quotes on this line and the lines above", Err: ErrSyntax}
}

// findSyntaxMistake returns the first line (1-based) with a usual YAML mistake and what
// to do about it, or 0.
func findSyntaxMistake(src string) (int, string) {
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	// JSON (or YAML flow style) is not indentation-based: only tabs, quotes and brackets matter.
	flow := strings.HasPrefix(strings.TrimSpace(src), "{") || strings.HasPrefix(strings.TrimSpace(src), "[")
	type level struct {
		indent int
		line   int
		list   bool // the lines at this level are list entries ("- ")
		keys   bool // a line at this level is a key ("key: value")
	}
	stack := []level{{0, 0, false, false}}
	opens := false    // the previous content line ends with ":" (a block follows)
	plain := false    // the previous content line is a key with a plain (unquoted) value
	blockScalar := -1 // indent of the key of a "|" or ">" block scalar, -1 outside one
	blockText := -1   // indent of the block scalar's text (its first line), -1 before it
	blockLine := 0    // line of the block scalar's key
	type opener struct {
		c    byte // [ or {
		line int
	}
	var open []opener // the [ and { that are open, innermost last
	// brackets counts the [ { ] } of text outside quotes; a closer with nothing open is a
	// mistake on line n.
	brackets := func(n int, text string) (line int, msg string) {
		flowBrackets(text, func(_ int, c byte) bool {
			if c == '[' || c == '{' {
				open = append(open, opener{c, n})
				return true
			}
			if len(open) == 0 {
				line, msg = n, fmt.Sprintf("this %c closes nothing: there is no [ or { open before it; remove it", c)
				return false
			}
			o := open[len(open)-1]
			if want := map[byte]byte{'[': ']', '{': '}'}[o.c]; c != want {
				where := fmt.Sprintf("line %d", o.line)
				if o.line == n {
					where = "this line"
				}
				line, msg = n, fmt.Sprintf("this %c closes the %c of %s: close that one with %c first", c, o.c, where, want)
				return false
			}
			open = open[:len(open)-1]
			return true
		})
		return line, msg
	}
	for i, raw := range lines {
		n := i + 1
		body := strings.TrimLeft(raw, " \t")
		lead := raw[:len(raw)-len(body)]
		if body == "" || strings.HasPrefix(body, "#") {
			continue
		}
		indent := len(lead)
		if blockScalar >= 0 {
			if blockText < 0 && indent > blockScalar {
				blockText = indent
			}
			if indent >= blockText && blockText > blockScalar {
				continue // text of the block scalar
			}
			if indent > blockScalar {
				return n, fmt.Sprintf("indented less than the text of the block (| or >) of line %d (%d spaces): indent every line of the text alike", blockLine, blockText)
			}
			blockScalar, blockText = -1, -1
		}
		text := stripComment(body)
		if flow || len(open) > 0 {
			// JSON and multi-line [ ] or { }: indentation does not matter.
			if l, what := brackets(n, text); l > 0 {
				return l, what
			}
			continue
		}
		if strings.Contains(lead, "\t") {
			return n, "a tab in the indentation: YAML indents with spaces only; replace the tab with spaces"
		}
		if q := unclosedQuote(text); q != 0 {
			return n, fmt.Sprintf("the value has an opening %c but no closing one on this line: close the quote", q)
		}
		if after := afterQuote(text); after != "" {
			return n, fmt.Sprintf("text after the closing quote (%s): put the whole value in the quotes", after)
		}
		if v := valueOf(text); v != "" && (v[0] == '@' || v[0] == '`') {
			return n, fmt.Sprintf("a value cannot start with %c (YAML reserves it): put the value in quotes (\"%s\")", v[0], v)
		}
		if v := valueOf(text); v != "" && (v[0] == '[' || v[0] == '{') {
			if rest := flowRest(v); rest != "" && rest[0] != ']' && rest[0] != '}' {
				return n, fmt.Sprintf("text after the closing %c (%s): a value that starts with [ or { is a list or a map; if it is a text (a pattern), put it in quotes ('%s')", v[strings.LastIndexAny(v[:len(v)-len(rest)], "]}")], rest, v)
			}
		}
		top := stack[len(stack)-1]
		item := strings.HasPrefix(text, "- ") || text == "-"
		_, _, isKey := cutKey(text)
		if indent > top.indent && plain && !item && !isKey {
			continue // the next line of a plain value (a long description)
		}
		switch {
		case indent > top.indent:
			if !opens {
				return n, fmt.Sprintf("indented more than line %d, which does not open a block (it has a value, or no key ending in \":\"): indent this line like line %d (%d spaces), or give line %d no value",
					top.line, top.line, top.indent, top.line)
			}
			stack = append(stack, level{indent, n, item, false})
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
			if t.keys && !item && !isKey {
				return n, noColon(text)
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
			case top.keys && !item && !isKey:
				return n, noColon(text)
			}
			// After "key:", a key at the same indent leaves the first one empty (null):
			// valid YAML, which Parse reports if it matters.
			stack[len(stack)-1].line = n
		}
		if item {
			// The keys of a list entry line up after "- ".
			rest := strings.TrimLeft(text[1:], " ")
			if rest != "" {
				stack = append(stack, level{indent + len(text) - len(rest), n, false, false})
				text = rest
			}
		}
		if strings.HasPrefix(text, "[") || strings.HasPrefix(text, "{") {
			if l, what := brackets(n, text); l > 0 {
				return l, what
			}
			opens, plain = false, false
			continue
		}
		if k, v, ok := cutKey(text); ok {
			stack[len(stack)-1].keys = true
			if strings.Contains(v, ": ") && !strings.HasPrefix(v, "{") && !strings.HasPrefix(v, "[") && !strings.HasPrefix(v, "\"") && !strings.HasPrefix(v, "'") {
				return n, fmt.Sprintf("the value of %q contains \": \": put the value in quotes (%s: \"%s\")", k, k, v)
			}
			opens = v == ""
			plain = v != "" && !strings.ContainsAny(v[:1], "\"'[{|>&*!")
			if v == "|" || v == ">" || strings.HasPrefix(v, "|") || strings.HasPrefix(v, ">") {
				blockScalar, blockText, blockLine, opens = indent, -1, n, false
				if item {
					blockScalar = stack[len(stack)-1].indent
				}
			}
			if strings.HasPrefix(v, "[") || strings.HasPrefix(v, "{") {
				if l, what := brackets(n, v); l > 0 {
					return l, what
				}
			}
		} else {
			opens, plain = text == "-", false
		}
	}
	if len(open) > 0 {
		o := open[len(open)-1]
		return o.line, fmt.Sprintf("the %c on this line is never closed: close it with %c", o.c, map[byte]byte{'[': ']', '{': '}'}[o.c])
	}
	return 0, ""
}

// noColon is the problem of a line among keys that is not a key.
func noColon(text string) string {
	return fmt.Sprintf("%q is not a key: a line among keys is \"key: value\"; add the \":\" (or, for a long value, put it in quotes on the line of its key)", text)
}

// afterQuote returns what follows the closing quote of a quoted value on the line ("x" y
// gives "y"), or "" when nothing does.
func afterQuote(text string) string {
	v, q, end := quotedValue(text)
	if q == 0 || end < 0 {
		return ""
	}
	return strings.TrimSpace(v[end+1:])
}

// quotedValue returns the value of a line ("- key: value", "key: value" or the line) and,
// when it starts with a quote, that quote and the index of the quote that closes it (-1 when
// it does not close on this line).
func quotedValue(text string) (v string, q byte, end int) {
	v = text
	if strings.HasPrefix(v, "- ") {
		v = strings.TrimLeft(v[2:], " ")
	}
	if _, val, ok := cutKey(v); ok {
		v = val
	}
	if v == "" || (v[0] != '"' && v[0] != '\'') {
		return v, 0, -1
	}
	q = v[0]
	for i := 1; i < len(v); i++ {
		switch {
		case q == '"' && v[i] == '\\':
			i++
		case v[i] == q:
			if q == '\'' && i+1 < len(v) && v[i+1] == '\'' {
				i++ // '' is an escaped quote
				continue
			}
			return v, q, i
		}
	}
	return v, q, -1
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
			if q == '"' && c == '\\' {
				i++ // an escaped character
			} else if c == q {
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
	if _, q, end := quotedValue(text); end < 0 {
		return q
	}
	return 0
}

// aliasLine returns the first line with the alias *name, or 0.
func aliasLine(src, name string) int {
	for i, line := range strings.Split(src, "\n") {
		text := stripComment(line)
		for j := strings.Index(text, "*"+name); j >= 0; {
			end := j + 1 + len(name)
			if (j == 0 || strings.ContainsRune(" \t[{,:-", rune(text[j-1]))) && (end == len(text) || strings.ContainsRune(" \t]},", rune(text[end]))) {
				return i + 1
			}
			k := strings.Index(text[j+1:], "*"+name)
			if k < 0 {
				break
			}
			j += 1 + k
		}
	}
	return 0
}

// valueOf returns the value of a "key: value" or "- value" line ("" for none).
func valueOf(text string) string {
	v := text
	if strings.HasPrefix(v, "- ") {
		v = strings.TrimLeft(v[2:], " ")
	}
	if _, val, ok := cutKey(v); ok {
		return val
	}
	if v == text {
		return ""
	}
	return v
}

// flowRest returns the text after the [ ] or { } that v starts with, when they close on
// this line ("[a-z]+" gives "+"), or "".
func flowRest(v string) (rest string) {
	depth := 0
	flowBrackets(v, func(i int, c byte) bool {
		if c == '[' || c == '{' {
			depth++
			return true
		}
		if depth--; depth == 0 {
			rest = strings.TrimSpace(v[i+1:])
			return false
		}
		return true
	})
	return rest
}

// flowBrackets calls f with the index of each [ { ] } of text that is outside quotes (a
// quote opens only at the start or after a space, bracket, comma or colon, as in YAML), in
// order, until f returns false.
func flowBrackets(text string, f func(i int, c byte) bool) {
	var q byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case q != 0:
			if q == '"' && c == '\\' {
				i++ // an escaped character
			} else if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			if i == 0 || strings.ContainsRune(" [{,:", rune(text[i-1])) {
				q = c
			}
		case c == '[' || c == '{' || c == ']' || c == '}':
			if !f(i, c) {
				return
			}
		}
	}
}
