package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"github.com/smusmesh/smusmesh/internal/gosrc"
)

// Pages maps each construct page to the structs whose props it documents, in order
// (package directory, struct name).
var Pages = map[string][][2]string{
	"GovernanceDomain.md":  {{"constructs/datamesh", "GovernanceDomainProps"}, {"constructs/datamesh", "StandardsProjectOptions"}},
	"BusinessDomain.md":    {{"constructs/datamesh", "BusinessDomainProps"}, {"constructs/datamesh", "Identity"}, {"constructs/datamesh", "ToolingOptions"}, {"constructs/datamesh", "BlueprintOptions"}},
	"DomainUnit.md":        {{"constructs/datamesh", "DomainUnitProps"}},
	"ProjectProfile.md":    {{"constructs/datamesh", "ProjectProfileProps"}},
	"Project.md":           {{"constructs/datamesh", "ProjectProps"}, {"constructs/datamesh", "Member"}, {"constructs/datamesh", "Temporary"}},
	"MasterDataProject.md": {{"constructs/datamesh", "MasterDataProjectProps"}, {"constructs/datamesh", "GlueDataSourceOptions"}},
	"DataProductAccess.md": {{"constructs/datamesh", "DataProductAccessProps"}},
	"Connection.md": {{"constructs/datamesh", "ConnectionProps"}, {"constructs/datamesh", "AthenaConnection"}, {"constructs/datamesh", "RedshiftConnection"},
		{"constructs/datamesh", "S3Connection"}, {"constructs/datamesh", "GlueConnection"}, {"constructs/datamesh", "SparkGlueConnection"},
		{"constructs/datamesh", "SparkEMRConnection"}, {"constructs/datamesh", "IAMConnection"}, {"constructs/datamesh", "HyperPodConnection"}},
	"ProducerAccess.md": {{"constructs/datamesh", "ProducerAccessProps"}},
	"MeshStage.md":      {{"stages", "MeshStageProps"}},
}

const (
	begin = "<!-- props:begin (go run ./internal/docgen) -->"
	end   = "<!-- props:end -->"
)

// Generate renders the props tables of every page under root/docs/constructs; with write
// it rewrites the pages that differ. It returns the pages that differ.
func Generate(root string, write bool) ([]string, error) {
	structs := map[string]*ast.StructType{}
	docs := map[string]string{}
	fset := token.NewFileSet()
	for _, dir := range []string{"constructs/datamesh", "stages"} {
		err := gosrc.GenDecls(fset, filepath.Join(root, dir), parser.ParseComments, func(g *ast.GenDecl) {
			if g.Tok != token.TYPE {
				return
			}
			for _, s := range g.Specs {
				ts := s.(*ast.TypeSpec)
				if st, ok := ts.Type.(*ast.StructType); ok {
					structs[dir+"."+ts.Name.Name] = st
					docs[dir+"."+ts.Name.Name] = g.Doc.Text()
				}
			}
		})
		if err != nil {
			return nil, err
		}
	}
	var changed []string
	for page, list := range Pages {
		path := filepath.Join(root, "docs", "constructs", page)
		old, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		b.WriteString(begin + "\n")
		for _, ref := range list {
			st := structs[ref[0]+"."+ref[1]]
			if st == nil {
				return nil, fmt.Errorf("%s: no struct %s in %s", page, ref[1], ref[0])
			}
			pkg := filepath.Base(ref[0])
			fmt.Fprintf(&b, "\n### %s.%s\n\n%s\n| field | type | what | default |\n|---|---|---|---|\n", pkg, ref[1], firstSentence(docs[ref[0]+"."+ref[1]]))
			for _, f := range st.Fields.List {
				if len(f.Names) == 0 || !f.Names[0].IsExported() {
					continue
				}
				what, def := split(f.Doc.Text())
				var tb bytes.Buffer
				_ = printer.Fprint(&tb, fset, f.Type)
				for _, n := range f.Names {
					fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s |\n", n.Name, tb.String(), cell(what), or(cell(def), "—"))
				}
			}
		}
		b.WriteString("\n" + end)
		i, j := bytes.Index(old, []byte(begin)), bytes.Index(old, []byte(end))
		if i < 0 || j < i {
			return nil, fmt.Errorf("%s: no %q ... %q markers", path, begin, end)
		}
		updated := string(old[:i]) + b.String() + string(old[j+len(end):])
		if updated != string(old) {
			changed = append(changed, path)
			if write {
				if err := os.WriteFile(path, []byte(updated), 0o644); err != nil {
					return nil, err
				}
			}
		}
	}
	return changed, nil
}

// split separates a field comment into what it is and its "Default:" paragraph.
func split(doc string) (what, def string) {
	paras := strings.Split(strings.TrimSpace(doc), "\n\n")
	var w []string
	for _, p := range paras {
		if d, ok := strings.CutPrefix(strings.TrimSpace(p), "Default:"); ok {
			def = strings.TrimSpace(d)
			continue
		}
		w = append(w, p)
	}
	return strings.Join(w, " "), def
}

func firstSentence(doc string) string {
	doc = strings.Join(strings.Fields(doc), " ")
	if i := strings.Index(doc, ". "); i > 0 {
		return doc[:i+1] + "\n"
	}
	if doc == "" {
		return ""
	}
	return doc + "\n"
}

func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
