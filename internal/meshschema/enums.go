package main

import (
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/gosrc"
	"github.com/smusmesh/smusmesh/stages"
)

// enumSources say, for each key ("Type.key") whose value is one of a fixed set, where the
// loader's set comes from: the constants of the datamesh or datacontract type the key is
// converted to, a list function, or a table of the loader. The schema lists those values,
// so a new constant reaches the schema at the next generation. A key whose set becomes
// open (any blueprint by its service name) leaves this table.
var enumSources = map[string]func(*index) ([]string, error){
	"GovernanceDef.identity":               consts("constructs/datamesh", "IdentityMode"),
	"DomainDef.identity":                   consts("constructs/datamesh", "IdentityMode"),
	"GovernanceDef.userAssignment":         consts("constructs/datamesh", "UserAssignment"),
	"DomainDef.userAssignment":             consts("constructs/datamesh", "UserAssignment"),
	"DomainDef.network":                    consts("constructs/datamesh", "NetworkPosture"),
	"DomainDef.blueprints":                 list(datamesh.KnownBlueprints, func(v string) bool { return !datamesh.Blueprint(v).IsTooling() }),
	"ProfileDef.preset":                    consts("constructs/datamesh", "ProfilePreset"),
	"EnvironmentDef.blueprint":             list(datamesh.KnownBlueprints, nil),
	"EnvironmentDef.deployment":            consts("constructs/datamesh", "DeploymentMode"),
	"MemberDef.designation":                join(vars("stages", "designations"), list(datamesh.Designations, nil)),
	"StandardsDef.requiredProductMetadata": list(datacontract.Fields, nil),
	"ContractDef.classification":           list(datacontract.Classifications, nil),
	"ColumnDef.pii":                        list(datacontract.Classifications, nil),
	"RuleDef.rule":                         list(stages.RuleNames, nil),
	"ReadDef.permissions":                  consts("constructs/datamesh", "LakeFormationPermission"),
	"DataSourceDef.timezone":               vars("constructs/datamesh", "dataSourceTimezones"),
	"ProducerAccessDef.level":              list(datamesh.ProducerAccessLevels, nil),
	"GlueConnectionDef.validateFor":        vars("constructs/datamesh", "glueComputeEnvs"),
}

// openEnums are the keys whose values the loader does not limit to the known ones (any
// blueprint by its service name, custom blueprints): the schema offers the known values to
// complete and accepts any other string.
var openEnums = map[string]bool{"DomainDef.blueprints": true, "EnvironmentDef.blueprint": true}

// list calls a function returning a slice of string-kind values (datamesh.KnownBlueprints)
// and keeps those keep accepts (all when keep is nil).
func list(fn any, keep func(string) bool) func(*index) ([]string, error) {
	return func(*index) ([]string, error) {
		v := reflect.ValueOf(fn).Call(nil)[0]
		var out []string
		for i := range v.Len() {
			s := v.Index(i).String()
			if keep == nil || keep(s) {
				out = append(out, s)
			}
		}
		return out, nil
	}
}

// consts returns the values of the string constants of a named type, in source order.
func consts(dir, typeName string) func(*index) ([]string, error) {
	return func(ix *index) ([]string, error) {
		v := ix.typed[dir+"."+typeName]
		if len(v) == 0 {
			return nil, fmt.Errorf("no string constant of type %s in %s", typeName, dir)
		}
		return v, nil
	}
}

// vars returns the strings of a package variable's initializer: the elements of a slice,
// the keys of a map, the words of strings.Fields(`...`), constants resolved. The empty
// string (a map's default entry) is not a value to offer.
func vars(dir, name string) func(*index) ([]string, error) {
	return func(ix *index) ([]string, error) {
		e, ok := ix.vars[dir+"."+name]
		if !ok {
			return nil, fmt.Errorf("no variable %s in %s", name, dir)
		}
		v, err := ix.eval(dir, e)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", dir, name, err)
		}
		return slices.DeleteFunc(v, func(s string) bool { return s == "" }), nil
	}
}

func join(srcs ...func(*index) ([]string, error)) func(*index) ([]string, error) {
	return func(ix *index) ([]string, error) {
		var out []string
		for _, s := range srcs {
			v, err := s(ix)
			if err != nil {
				return nil, err
			}
			for _, x := range v {
				if !slices.Contains(out, x) {
					out = append(out, x)
				}
			}
		}
		return out, nil
	}
}

// index holds the string constants and the package variables of a few packages.
type index struct {
	consts  map[string]string   // "dir.Name" -> value
	typed   map[string][]string // "dir.Type" -> values of its constants
	vars    map[string]ast.Expr // "dir.name" -> initializer
	imports map[string]string   // package name -> dir
}

func newIndex(root string, dirs ...string) (*index, error) {
	ix := &index{consts: map[string]string{}, typed: map[string][]string{}, vars: map[string]ast.Expr{}, imports: map[string]string{}}
	for _, dir := range dirs {
		ix.imports[filepath.Base(dir)] = dir
		var uerr error
		err := gosrc.GenDecls(token.NewFileSet(), filepath.Join(root, dir), 0, func(gd *ast.GenDecl) {
			if gd.Tok != token.CONST && gd.Tok != token.VAR {
				return
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					if gd.Tok == token.VAR {
						ix.vars[dir+"."+n.Name] = vs.Values[i]
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					s, err := strconv.Unquote(lit.Value)
					if err != nil {
						uerr = err
						return
					}
					ix.consts[dir+"."+n.Name] = s
					if t, ok := vs.Type.(*ast.Ident); ok {
						ix.typed[dir+"."+t.Name] = append(ix.typed[dir+"."+t.Name], s)
					}
				}
			}
		})
		if err == nil {
			err = uerr
		}
		if err != nil {
			return nil, err
		}
	}
	return ix, nil
}

// eval returns the strings an initializer spells in package dir.
func (ix *index) eval(dir string, e ast.Expr) ([]string, error) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return nil, fmt.Errorf("%s is not a string", e.Value)
		}
		s, err := strconv.Unquote(e.Value)
		return []string{s}, err
	case *ast.Ident:
		if v, ok := ix.consts[dir+"."+e.Name]; ok {
			return []string{v}, nil
		}
		return nil, fmt.Errorf("%s is not a string constant of %s", e.Name, dir)
	case *ast.SelectorExpr:
		if p, ok := e.X.(*ast.Ident); ok {
			if d, ok := ix.imports[p.Name]; ok {
				return ix.eval(d, e.Sel)
			}
		}
		return nil, fmt.Errorf("cannot resolve %s", e.Sel.Name)
	case *ast.CompositeLit:
		var out []string
		for _, el := range e.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Key // a map: its keys are the values the loader looks up
			}
			v, err := ix.eval(dir, el)
			if err != nil {
				return nil, err
			}
			out = append(out, v...)
		}
		return out, nil
	case *ast.CallExpr:
		if len(e.Args) != 1 {
			return nil, fmt.Errorf("cannot evaluate a call with %d arguments", len(e.Args))
		}
		v, err := ix.eval(dir, e.Args[0])
		if err != nil {
			return nil, err
		}
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Fields" {
			if p, ok := sel.X.(*ast.Ident); ok && p.Name == "strings" {
				var out []string
				for _, s := range v {
					out = append(out, strings.Fields(s)...)
				}
				return out, nil
			}
		}
		return v, nil // a conversion: string(datamesh.PermissionSelect)
	}
	return nil, fmt.Errorf("cannot evaluate %T", e)
}
