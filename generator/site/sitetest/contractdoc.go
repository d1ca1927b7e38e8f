package sitetest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
)

// FieldDocs reads the doc comments of the struct types declared in the Go
// files of dir and of their fields: "Type" and "Type.Field" → the comment's
// text on one line.
func FieldDocs(dir string) (map[string]string, error) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, nil, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	docs := map[string]string{}
	for _, pkg := range pkgs {
		for _, file := range pkg.Files {
			for _, decl := range file.Decls {
				gen, ok := decl.(*ast.GenDecl)
				if !ok || gen.Tok != token.TYPE {
					continue
				}
				for _, spec := range gen.Specs {
					ts := spec.(*ast.TypeSpec)
					st, ok := ts.Type.(*ast.StructType)
					if !ok {
						continue
					}
					doc := ts.Doc
					if doc == nil {
						doc = gen.Doc
					}
					docs[ts.Name.Name] = oneLine(doc)
					for _, f := range st.Fields.List {
						text := oneLine(f.Doc)
						if text == "" {
							text = oneLine(f.Comment)
						}
						for _, name := range f.Names {
							docs[ts.Name.Name+"."+name.Name] = text
						}
					}
				}
			}
		}
	}
	return docs, nil
}

func oneLine(g *ast.CommentGroup) string {
	if g == nil {
		return ""
	}
	return strings.Join(strings.Fields(g.Text()), " ")
}

// ContractDoc is the contract as Markdown for theme authors: for the site
// data and each page kind with params, a table of its keys by path, their
// types and what they hold (from docs, FieldDocs of the package that
// declares them). A struct is spelled out where it first appears and named
// after that.
func ContractDoc(c Contract, docs map[string]string) string {
	var b strings.Builder
	shown := map[reflect.Type]string{}
	section := func(title string, t reflect.Type) {
		st := structOf(t)
		fmt.Fprintf(&b, "### %s\n\n", title)
		if d := docs[st.Name()]; d != "" {
			fmt.Fprintf(&b, "%s\n\n", d)
		}
		b.WriteString("| key | type | what it holds |\n|---|---|---|\n")
		var rows func(st reflect.Type, prefix string)
		rows = func(st reflect.Type, prefix string) {
			shown[st] = title
			for _, f := range jsonFields(st) {
				key := prefix + f.key
				what := docs[f.owner.Name()+"."+f.field.Name]
				switch {
				case f.custom:
					what = strings.TrimSpace("*Not read by the embedded theme; for a program's own layouts.* " + what)
				case f.indirect:
					what = strings.TrimSpace("*Read by the embedded theme of every page (`site.Pages`).* " + what)
				}
				inner, suffix := keysBelow(f.field.Type)
				inner = structOfOrNil(inner)
				if inner != nil {
					if where, ok := shown[inner]; ok {
						if where == title {
							where = "above"
						} else {
							where = "under " + where
						}
						if what != "" && !strings.HasSuffix(what, ".") {
							what += "."
						}
						what = strings.TrimSpace(what + fmt.Sprintf(" Its keys are listed %s.", where))
						inner = nil
					}
				}
				fmt.Fprintf(&b, "| `%s` | %s | %s |\n", key, typeName(f.field.Type), escapeCell(what))
				if inner != nil {
					rows(inner, key+suffix)
				}
			}
		}
		rows(st, "")
		b.WriteString("\n")
	}
	if c.Data != nil {
		section("Site data (`hugo.Data.attest`)", c.Data)
	}
	for _, k := range c.Kinds {
		if k.Params == nil {
			continue
		}
		section(fmt.Sprintf("%s (`%s`)", k.Name, k.Layout), k.Params)
	}
	return b.String()
}

// keysBelow is the type a field's keys below it are read from, through
// pointers and one slice, and what joins the field's key to theirs: "." or
// "[]." for a slice.
func keysBelow(t reflect.Type) (reflect.Type, string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Slice {
		return t.Elem(), "[]."
	}
	return t, "."
}

func structOfOrNil(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Struct {
		return t
	}
	return nil
}

// typeName names a field's type as a theme sees it in JSON.
func typeName(t reflect.Type) string {
	opt := ""
	for t.Kind() == reflect.Pointer {
		t, opt = t.Elem(), " or absent"
	}
	switch t.Kind() {
	case reflect.Slice:
		return "list of " + typeName(t.Elem())
	case reflect.Struct:
		return t.Name() + opt
	case reflect.String:
		if t.Name() == "Markdown" {
			return "Markdown (`.RenderString`)" + opt
		}
		return "string" + opt
	case reflect.Bool:
		return "bool" + opt
	case reflect.Int, reflect.Int64:
		return "number" + opt
	}
	return t.String() + opt
}

func escapeCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
