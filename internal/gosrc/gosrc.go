// Package gosrc reads the declarations of this module's own Go packages, for the
// generators that derive documents from them (the JSON Schema of the mesh definition, the
// construct pages' props tables).
package gosrc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
)

// GenDecls calls fn for each general declaration (const, type, var, import) of the
// non-test Go files of dir, in file order, parsed into fset with mode
// (parser.ParseComments for doc comments).
func GenDecls(fset *token.FileSet, dir string, mode parser.Mode, fn func(*ast.GenDecl)) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return err
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, mode)
		if err != nil {
			return err
		}
		for _, d := range file.Decls {
			if gd, ok := d.(*ast.GenDecl); ok {
				fn(gd)
			}
		}
	}
	return nil
}
