package datacontract

import (
	"fmt"
	"strings"
)

// TokenKind is the kind of a row-filter token.
type TokenKind int

// The row-filter token kinds.
const (
	// TokenIdent is a column name: region, customer.address, or "quoted name".
	TokenIdent TokenKind = iota + 1
	// TokenString is a single-quoted string literal: 'EU' ('' is a quote inside).
	TokenString
	// TokenNumber is a number literal: 42, -1.5, 1e3.
	TokenNumber
	// TokenKeyword is AND, OR, NOT, IN, IS, NULL, LIKE, BETWEEN, TRUE or FALSE (any case;
	// Text is upper case).
	TokenKeyword
	// TokenOperator is =, <>, !=, <, <=, > or >=.
	TokenOperator
	// TokenLParen is "(".
	TokenLParen
	// TokenRParen is ")".
	TokenRParen
	// TokenComma is ",".
	TokenComma
)

// Token is one token of a row filter.
type Token struct {
	// Kind is what the token is.
	Kind TokenKind
	// Text is the token's value: a column name without quotes, a string literal without
	// quotes and with '' unescaped, a keyword in upper case, or the text as written.
	Text string
	// Pos is the byte offset of the token in the filter.
	Pos int
}

// rowFilterKeywords are the keywords of Lake Formation row filters.
var rowFilterKeywords = map[string]bool{
	"AND": true, "OR": true, "NOT": true, "IN": true, "IS": true, "NULL": true,
	"LIKE": true, "BETWEEN": true, "TRUE": true, "FALSE": true,
}

// MaxRowFilterLength is Lake Formation's limit: a row filter expression must be shorter
// than 2048 characters.
const MaxRowFilterLength = 2048

// TokenizeRowFilter splits a Lake Formation row filter (a PartiQL predicate such as
// "region = 'EU' AND country <> 'DE'") into tokens. Unterminated quotes and characters
// that have no meaning in a filter are errors wrapping ErrInvalidRowFilter.
func TokenizeRowFilter(s string) ([]Token, error) {
	var toks []Token
	fail := func(pos int, format string, args ...any) ([]Token, error) {
		return nil, fmt.Errorf("%w: at offset %d: %s", ErrInvalidRowFilter, pos, fmt.Sprintf(format, args...))
	}
	operand := func() bool {
		if len(toks) == 0 {
			return false
		}
		switch toks[len(toks)-1].Kind {
		case TokenIdent, TokenString, TokenNumber, TokenRParen:
			return true
		}
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'' || c == '"':
			var b strings.Builder
			j := i + 1
			closed := false
			for j < len(s) {
				if s[j] == c {
					if j+1 < len(s) && s[j+1] == c {
						b.WriteByte(c)
						j += 2
						continue
					}
					closed = true
					break
				}
				b.WriteByte(s[j])
				j++
			}
			if !closed {
				if c == '"' {
					return fail(i, "unterminated quoted name")
				}
				return fail(i, "unterminated string: close it with '")
			}
			kind := TokenString
			if c == '"' {
				kind = TokenIdent
				if b.Len() == 0 {
					return fail(i, "empty quoted name")
				}
			}
			toks = append(toks, Token{Kind: kind, Text: b.String(), Pos: i})
			i = j + 1
		case isDigit(c) || c == '.' && i+1 < len(s) && isDigit(s[i+1]) || c == '-' && !operand() && i+1 < len(s) && (isDigit(s[i+1]) || s[i+1] == '.'):
			j := i + 1
			for j < len(s) && (isDigit(s[j]) || s[j] == '.') {
				j++
			}
			if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
				k := j + 1
				if k < len(s) && (s[k] == '+' || s[k] == '-') {
					k++
				}
				if k < len(s) && isDigit(s[k]) {
					for k < len(s) && isDigit(s[k]) {
						k++
					}
					j = k
				}
			}
			text := s[i:j]
			if strings.Count(text, ".") > 1 {
				return fail(i, "malformed number %q", text)
			}
			if j < len(s) && isIdentStart(s[j]) {
				return fail(i, "malformed number %q", s[i:j+1])
			}
			toks = append(toks, Token{Kind: TokenNumber, Text: text, Pos: i})
			i = j
		case isIdentStart(c):
			j := i + 1
			for j < len(s) && (isIdentStart(s[j]) || isDigit(s[j]) || s[j] == '.' && j+1 < len(s) && isIdentStart(s[j+1])) {
				j++
			}
			word := s[i:j]
			if up := strings.ToUpper(word); rowFilterKeywords[up] {
				toks = append(toks, Token{Kind: TokenKeyword, Text: up, Pos: i})
			} else {
				toks = append(toks, Token{Kind: TokenIdent, Text: word, Pos: i})
			}
			i = j
		case c == '(':
			toks = append(toks, Token{Kind: TokenLParen, Text: "(", Pos: i})
			i++
		case c == ')':
			toks = append(toks, Token{Kind: TokenRParen, Text: ")", Pos: i})
			i++
		case c == ',':
			toks = append(toks, Token{Kind: TokenComma, Text: ",", Pos: i})
			i++
		case c == '=':
			toks = append(toks, Token{Kind: TokenOperator, Text: "=", Pos: i})
			i++
		case c == '<' || c == '>' || c == '!':
			op := string(c)
			if i+1 < len(s) && (s[i+1] == '=' || c == '<' && s[i+1] == '>') {
				op = s[i : i+2]
			}
			if op == "!" {
				return fail(i, "'!' must be followed by '=': use != or NOT")
			}
			toks = append(toks, Token{Kind: TokenOperator, Text: op, Pos: i})
			i += len(op)
		default:
			r := []rune(s[i:])[0]
			return fail(i, "unexpected character %q", r)
		}
	}
	return toks, nil
}

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// columnRef is a column named in a row filter.
type columnRef struct {
	name string
	pos  int
}

// parseRowFilter checks the filter's syntax and returns the columns it names, in order.
//
//	expr      = term { OR term }
//	term      = factor { AND factor }
//	factor    = NOT factor | "(" expr ")" | TRUE | FALSE | predicate
//	predicate = operand ( compare operand
//	                    | [NOT] IN "(" literal { "," literal } ")"
//	                    | [NOT] LIKE string
//	                    | [NOT] BETWEEN literal AND literal
//	                    | IS [NOT] NULL )
//
// One side of a comparison must be a column and the other a literal: Lake Formation does
// not compare columns with columns, and allows no functions.
func parseRowFilter(s string) ([]columnRef, error) {
	if len(s) >= MaxRowFilterLength {
		return nil, fmt.Errorf("%w: %d characters, Lake Formation allows fewer than %d", ErrInvalidRowFilter, len(s), MaxRowFilterLength)
	}
	toks, err := TokenizeRowFilter(s)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, nil
	}
	depth := 0
	for _, t := range toks {
		switch t.Kind {
		case TokenLParen:
			depth++
		case TokenRParen:
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("%w: at offset %d: unbalanced parenthesis: ')' has no '('", ErrInvalidRowFilter, t.Pos)
			}
		}
	}
	if depth > 0 {
		return nil, fmt.Errorf("%w: unbalanced parentheses: %d '(' not closed", ErrInvalidRowFilter, depth)
	}
	p := &filterParser{toks: toks, end: len(s)}
	if err := p.expr(); err != nil {
		return nil, err
	}
	if p.i < len(toks) {
		return nil, p.errorf("unexpected %s", p.describe())
	}
	return p.cols, nil
}

type filterParser struct {
	toks []Token
	i    int
	end  int
	cols []columnRef
}

func (p *filterParser) peek() *Token {
	if p.i < len(p.toks) {
		return &p.toks[p.i]
	}
	return nil
}

func (p *filterParser) keyword(words ...string) bool {
	t := p.peek()
	if t == nil || t.Kind != TokenKeyword {
		return false
	}
	for _, w := range words {
		if t.Text == w {
			return true
		}
	}
	return false
}

func (p *filterParser) describe() string {
	t := p.peek()
	if t == nil {
		return "end of filter"
	}
	if t.Kind == TokenString {
		return fmt.Sprintf("'%s'", t.Text)
	}
	return fmt.Sprintf("%q", t.Text)
}

func (p *filterParser) errorf(format string, args ...any) error {
	pos := p.end
	if t := p.peek(); t != nil {
		pos = t.Pos
	}
	return fmt.Errorf("%w: at offset %d: %s", ErrInvalidRowFilter, pos, fmt.Sprintf(format, args...))
}

func (p *filterParser) expr() error {
	if err := p.term(); err != nil {
		return err
	}
	for p.keyword("OR") {
		p.i++
		if err := p.term(); err != nil {
			return err
		}
	}
	return nil
}

func (p *filterParser) term() error {
	if err := p.factor(); err != nil {
		return err
	}
	for p.keyword("AND") {
		p.i++
		if err := p.factor(); err != nil {
			return err
		}
	}
	return nil
}

func (p *filterParser) factor() error {
	t := p.peek()
	switch {
	case t == nil:
		return p.errorf("expected a condition, found end of filter")
	case p.keyword("NOT"):
		p.i++
		return p.factor()
	case t.Kind == TokenLParen:
		p.i++
		if err := p.expr(); err != nil {
			return err
		}
		if t := p.peek(); t == nil || t.Kind != TokenRParen {
			return p.errorf("expected ')', found %s", p.describe())
		}
		p.i++
		return nil
	case p.keyword("TRUE", "FALSE"):
		// A bare boolean literal, or the left side of a comparison.
		if n := p.i + 1; n >= len(p.toks) || p.toks[n].Kind != TokenOperator {
			p.i++
			return nil
		}
	}
	return p.predicate()
}

// operand reads a column or a literal and says which it was.
func (p *filterParser) operand() (isColumn bool, err error) {
	t := p.peek()
	switch {
	case t == nil:
		return false, p.errorf("expected a column or a value, found end of filter")
	case t.Kind == TokenIdent:
		if n := p.i + 1; n < len(p.toks) && p.toks[n].Kind == TokenLParen {
			return false, p.errorf("function %s(...) is not allowed: Lake Formation row filters allow no functions", t.Text)
		}
		p.cols = append(p.cols, columnRef{name: t.Text, pos: t.Pos})
		p.i++
		return true, nil
	case t.Kind == TokenString || t.Kind == TokenNumber || p.keyword("TRUE", "FALSE"):
		p.i++
		return false, nil
	}
	return false, p.errorf("expected a column or a value, found %s", p.describe())
}

func (p *filterParser) literal() error {
	t := p.peek()
	if t != nil && (t.Kind == TokenString || t.Kind == TokenNumber || p.keyword("TRUE", "FALSE", "NULL")) {
		p.i++
		return nil
	}
	return p.errorf("expected a value, found %s", p.describe())
}

func (p *filterParser) predicate() error {
	leftCol, err := p.operand()
	if err != nil {
		return err
	}
	t := p.peek()
	if t != nil && t.Kind == TokenOperator {
		p.i++
		rightStart := p.peek()
		rightCol, err := p.operand()
		if err != nil {
			return err
		}
		if leftCol && rightCol {
			p.i--
			return p.errorf("column %s is compared with column %s: Lake Formation compares columns with values only", p.cols[len(p.cols)-2].name, rightStart.Text)
		}
		return nil
	}
	if !leftCol {
		return p.errorf("expected a comparison after the value, found %s", p.describe())
	}
	if p.keyword("IS") {
		p.i++
		if p.keyword("NOT") {
			p.i++
		}
		if !p.keyword("NULL") {
			return p.errorf("expected NULL after IS, found %s", p.describe())
		}
		p.i++
		return nil
	}
	if p.keyword("NOT") {
		p.i++
		if !p.keyword("IN", "LIKE", "BETWEEN") {
			return p.errorf("expected IN, LIKE or BETWEEN after NOT, found %s", p.describe())
		}
	}
	switch {
	case p.keyword("IN"):
		p.i++
		if t := p.peek(); t == nil || t.Kind != TokenLParen {
			return p.errorf("expected '(' after IN, found %s", p.describe())
		}
		p.i++
		for {
			if err := p.literal(); err != nil {
				return err
			}
			t := p.peek()
			if t != nil && t.Kind == TokenComma {
				p.i++
				continue
			}
			if t == nil || t.Kind != TokenRParen {
				return p.errorf("expected ',' or ')' in the IN list, found %s", p.describe())
			}
			p.i++
			return nil
		}
	case p.keyword("LIKE"):
		p.i++
		if t := p.peek(); t == nil || t.Kind != TokenString {
			return p.errorf("expected a string pattern after LIKE, found %s", p.describe())
		}
		p.i++
		return nil
	case p.keyword("BETWEEN"):
		p.i++
		if err := p.literal(); err != nil {
			return err
		}
		if !p.keyword("AND") {
			return p.errorf("expected AND in BETWEEN, found %s", p.describe())
		}
		p.i++
		return p.literal()
	}
	return p.errorf("expected a comparison after column %s, found %s", p.cols[len(p.cols)-1].name, p.describe())
}
