package comply

import (
	"errors"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/attest-dev/attest/generator/diag"
)

// splitDocument splits a comply Markdown file the way comply does: YAML,
// a line "---", then Markdown; a "---" line before the YAML is allowed.
// Lines count from 1.
func splitDocument(src string) (front string, frontLine int, body string, bodyLine int, ok bool) {
	src = strings.TrimPrefix(src, "\ufeff")
	src = strings.ReplaceAll(src, "\r\n", "\n")
	frontLine = 1
	if rest, found := strings.CutPrefix(src, "---\n"); found {
		src, frontLine = rest, 2
	}
	at := 0
	for line := frontLine; at <= len(src); line++ {
		end := strings.IndexByte(src[at:], '\n')
		text := src[at:]
		if end >= 0 {
			text = src[at : at+end]
		}
		if strings.TrimRight(text, " \t") == "---" {
			if end < 0 {
				return src[:at], frontLine, "", line + 1, true
			}
			return src[:at], frontLine, src[at+end+1:], line + 1, true
		}
		if end < 0 {
			break
		}
		at += end + 1
	}
	return "", 0, "", 0, false
}

// field is one key of a YAML mapping, with where it was written.
type field struct {
	name  string
	pos   diag.Pos
	value ast.Node
}

// yamlDoc is the top-level mapping of a YAML text that starts at line
// first of file.
type yamlDoc struct {
	file   string
	first  int
	fields []field
}

// parseYAML reads the YAML text src, written from line first of file. A
// syntax error is returned as a diagnostic at its place.
func parseYAML(file, src string, first int) (*yamlDoc, *diag.Diagnostic) {
	doc := &yamlDoc{file: file, first: first}
	f, err := parser.ParseBytes([]byte(src), 0)
	if err != nil {
		d := diag.Diagnostic{Pos: diag.Pos{File: file, Line: first}, Severity: diag.Error, Message: "YAML: " + err.Error()}
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil {
			d.Pos = doc.pos(ye.GetToken().Position.Line, ye.GetToken().Position.Column)
			d.Message = "YAML front matter: " + ye.GetMessage()
		}
		return nil, &d
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return doc, nil
	}
	var values []*ast.MappingValueNode
	switch n := f.Docs[0].Body.(type) {
	case *ast.MappingNode:
		values = n.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{n}
	default:
		return nil, &diag.Diagnostic{Pos: doc.nodePos(n), Severity: diag.Error, Message: "YAML front matter is not a mapping of keys to values"}
	}
	for _, v := range values {
		doc.fields = append(doc.fields, field{name: keyName(v.Key), pos: doc.nodePos(v.Key), value: v.Value})
	}
	return doc, nil
}

func keyName(k ast.MapKeyNode) string {
	var s string
	if err := yaml.NodeToValue(k, &s); err == nil {
		return s
	}
	return k.String()
}

func (d *yamlDoc) pos(line, col int) diag.Pos {
	return diag.Pos{File: d.file, Line: d.first + line - 1, Col: col}
}

func (d *yamlDoc) nodePos(n ast.Node) diag.Pos {
	if n == nil || n.GetToken() == nil {
		return diag.Pos{File: d.file, Line: d.first}
	}
	p := n.GetToken().Position
	return d.pos(p.Line, p.Column)
}

// get returns the field called name.
func (d *yamlDoc) get(name string) (field, bool) {
	for _, f := range d.fields {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

// str reads a string field; a field that is not a string is reported.
func (d *yamlDoc) str(name string, diags *diag.List) string {
	f, ok := d.get(name)
	if !ok || f.value == nil {
		return ""
	}
	if _, isNull := f.value.(*ast.NullNode); isNull {
		return ""
	}
	var s string
	if err := yaml.NodeToValue(f.value, &s); err != nil {
		if _, scalar := f.value.(ast.ScalarNode); scalar {
			return strings.TrimSpace(f.value.String())
		}
		diags.Warnf(f.pos, "%s is not a text: left out", name)
		return ""
	}
	return strings.TrimSpace(s)
}

// sequence returns the items of a YAML sequence with their places.
func (d *yamlDoc) sequence(n ast.Node) ([]field, bool) {
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		return nil, false
	}
	var out []field
	for _, v := range seq.Values {
		var s string
		if err := yaml.NodeToValue(v, &s); err != nil {
			s = v.String()
		}
		out = append(out, field{name: strings.TrimSpace(s), pos: d.nodePos(v), value: v})
	}
	return out, true
}

// mapping returns the keys of a YAML mapping with their places.
func (d *yamlDoc) mapping(n ast.Node) ([]field, bool) {
	var values []*ast.MappingValueNode
	switch m := n.(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	default:
		return nil, false
	}
	var out []field
	for _, v := range values {
		out = append(out, field{name: keyName(v.Key), pos: d.nodePos(v.Key), value: v.Value})
	}
	return out, true
}

// revision is one of comply's majorRevisions.
type revision struct {
	Date    string `yaml:"date"`
	Comment string `yaml:"comment"`
}

func (d *yamlDoc) revisions(diags *diag.List) []revision {
	f, ok := d.get("majorRevisions")
	if !ok || f.value == nil {
		return nil
	}
	var revs []revision
	if err := yaml.NodeToValue(f.value, &revs); err != nil {
		diags.Warnf(f.pos, "majorRevisions is not a list of date and comment: left out")
		return nil
	}
	return revs
}

// unknown warns of fields comply does not define for this kind of file.
func (d *yamlDoc) unknown(known []string, what string, diags *diag.List) {
	for _, f := range d.fields {
		if !slices.Contains(known, f.name) {
			diags.Warnf(f.pos, "unknown field %s in a comply %s: not converted (comply reads %s)", f.name, what, strings.Join(known, ", "))
		}
	}
}
