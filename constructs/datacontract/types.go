package datacontract

import (
	"fmt"
	"strconv"
	"strings"
)

// glueType is a parsed Glue (Hive) column type.
type glueType struct {
	// name is the primitive type name ("string", "decimal", ...) or "array", "map", "struct".
	name string
	// elem is the element type of an array, the value type of a map.
	elem *glueType
	// key is the key type of a map.
	key *glueType
	// fields are the fields of a struct, in order.
	fields []structField
}

type structField struct {
	name string
	typ  *glueType
}

// field returns the struct field called name, or nil.
func (t *glueType) field(name string) *glueType {
	for _, f := range t.fields {
		if strings.EqualFold(f.name, name) {
			return f.typ
		}
	}
	return nil
}

// primitives are the Glue primitive types; the value says which take parameters.
var primitives = map[string]string{
	"string": "", "binary": "", "boolean": "", "date": "", "timestamp": "",
	"tinyint": "", "smallint": "", "int": "", "integer": "", "bigint": "", "float": "", "double": "",
	"decimal": "(p,s)", "char": "(n)", "varchar": "(n)",
}

// ParseType checks that s is a Glue (Hive) column type: string, char(n), varchar(n),
// tinyint, smallint, int, bigint, float, double, decimal, decimal(p,s) with 1 <= p <= 38 and
// 0 <= s <= p, boolean, date, timestamp, binary, array<T>, map<K,V> with a primitive K, and
// struct<name:T,...>. Type names are case-insensitive. The error wraps ErrUnknownType.
func ParseType(s string) error {
	_, err := parseType(s)
	return err
}

func parseType(s string) (*glueType, error) {
	p := &typeParser{src: s}
	t, err := p.parse()
	if err == nil {
		p.space()
		if p.pos < len(p.src) {
			err = p.errorf("unexpected %q", p.src[p.pos:])
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnknownType, err)
	}
	return t, nil
}

type typeParser struct {
	src string
	pos int
}

func (p *typeParser) errorf(format string, args ...any) error {
	return fmt.Errorf("at offset %d: "+format, append([]any{p.pos}, args...)...)
}

func (p *typeParser) space() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

func (p *typeParser) ident() string {
	p.space()
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || p.pos > start && c >= '0' && c <= '9' {
			p.pos++
			continue
		}
		break
	}
	return p.src[start:p.pos]
}

func (p *typeParser) accept(c byte) bool {
	p.space()
	if p.pos < len(p.src) && p.src[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *typeParser) expect(c byte) error {
	if !p.accept(c) {
		if p.pos >= len(p.src) {
			return p.errorf("expected %q, found end of type", c)
		}
		return p.errorf("expected %q, found %q", c, p.src[p.pos])
	}
	return nil
}

func (p *typeParser) number() (int, error) {
	p.space()
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
		p.pos++
	}
	if start == p.pos {
		return 0, p.errorf("expected a number")
	}
	return strconv.Atoi(p.src[start:p.pos])
}

func (p *typeParser) parse() (*glueType, error) {
	name := strings.ToLower(p.ident())
	if name == "" {
		if p.pos >= len(p.src) {
			return nil, p.errorf("expected a type, found end of type")
		}
		return nil, p.errorf("expected a type, found %q", p.src[p.pos])
	}
	switch name {
	case "array":
		if err := p.expect('<'); err != nil {
			return nil, err
		}
		elem, err := p.parse()
		if err != nil {
			return nil, err
		}
		if err := p.expect('>'); err != nil {
			return nil, err
		}
		return &glueType{name: name, elem: elem}, nil
	case "map":
		if err := p.expect('<'); err != nil {
			return nil, err
		}
		key, err := p.parse()
		if err != nil {
			return nil, err
		}
		if _, ok := primitives[key.name]; !ok {
			return nil, p.errorf("map key must be a primitive type, not %s", key.name)
		}
		if err := p.expect(','); err != nil {
			return nil, err
		}
		val, err := p.parse()
		if err != nil {
			return nil, err
		}
		if err := p.expect('>'); err != nil {
			return nil, err
		}
		return &glueType{name: name, key: key, elem: val}, nil
	case "struct":
		if err := p.expect('<'); err != nil {
			return nil, err
		}
		t := &glueType{name: name}
		seen := map[string]bool{}
		for {
			fname := p.ident()
			if fname == "" {
				return nil, p.errorf("expected a struct field name")
			}
			if seen[strings.ToLower(fname)] {
				return nil, p.errorf("duplicate struct field %q", fname)
			}
			seen[strings.ToLower(fname)] = true
			if err := p.expect(':'); err != nil {
				return nil, err
			}
			ft, err := p.parse()
			if err != nil {
				return nil, err
			}
			t.fields = append(t.fields, structField{name: fname, typ: ft})
			if p.accept(',') {
				continue
			}
			if err := p.expect('>'); err != nil {
				return nil, err
			}
			return t, nil
		}
	}
	params, ok := primitives[name]
	if !ok {
		return nil, p.errorf("%q is not a Glue type", name)
	}
	t := &glueType{name: name}
	if !p.accept('(') {
		if name == "char" || name == "varchar" {
			return nil, p.errorf("%s needs a length, e.g. %s(255)", name, name)
		}
		return t, nil
	}
	switch params {
	case "(n)":
		n, err := p.number()
		if err != nil {
			return nil, err
		}
		limit := 65535
		if name == "char" {
			limit = 255
		}
		if n < 1 || n > limit {
			return nil, p.errorf("%s length %d is outside 1..%d", name, n, limit)
		}
	case "(p,s)":
		prec, err := p.number()
		if err != nil {
			return nil, err
		}
		if prec < 1 || prec > 38 {
			return nil, p.errorf("decimal precision %d is outside 1..38", prec)
		}
		if p.accept(',') {
			scale, err := p.number()
			if err != nil {
				return nil, err
			}
			if scale > prec {
				return nil, p.errorf("decimal scale %d is larger than precision %d", scale, prec)
			}
		}
	default:
		return nil, p.errorf("%s takes no parameters", name)
	}
	if err := p.expect(')'); err != nil {
		return nil, err
	}
	return t, nil
}
