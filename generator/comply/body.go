package comply

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/pandoc"
)

// action matches a Go template action, which comply runs over every
// document before pandoc: {{.Name}}, {{ .Project.Name }}, {{range …}}.
var action = regexp.MustCompile(`\{\{-?\s*(.*?)\s*-?\}\}`)

// body converts the Markdown of a comply document, written from line
// first of file, into Markdown the sites render, and warns of what it
// could not convert fully, at its place in the comply file. org is the
// organization's name from comply.yml ("" if none).
func body(src string, first int, file, org string, diags *diag.List) string {
	at := func(line, col int) diag.Pos { return diag.Pos{File: file, Line: first + line - 1, Col: col} }

	// Template actions: comply fills in the organization's name; attest
	// shows Markdown as written, so the name is written in here.
	type replacement struct {
		pos  diag.Pos
		with string
		more int
	}
	replaced := map[string]*replacement{}
	var order []string
	ls := strings.Split(src, "\n")
	for i, l := range ls {
		locs := action.FindAllStringSubmatchIndex(l, -1)
		if locs == nil {
			continue
		}
		var b strings.Builder
		last := 0
		for _, m := range locs {
			text, expr := l[m[0]:m[1]], l[m[2]:m[3]]
			var with string
			switch expr {
			case ".Name", ".Project.OrganizationName":
				with = org
			case ".Project.Name":
				if org != "" {
					with = org + " Compliance Program"
				}
			}
			b.WriteString(l[last:m[0]])
			last = m[1]
			if with == "" {
				b.WriteString(text)
				if org == "" && (expr == ".Name" || expr == ".Project.OrganizationName" || expr == ".Project.Name") {
					diags.Warnf(at(i+1, m[0]+1), "template variable %s kept as written: comply.yml names no organization; replace it with your organization's name", text)
				} else {
					diags.Warnf(at(i+1, m[0]+1), "template action %s kept as written: attest shows Markdown as written and runs no templates; replace it with the text it stood for", text)
				}
				continue
			}
			b.WriteString(with)
			if r, seen := replaced[text]; seen {
				r.more++
			} else {
				replaced[text] = &replacement{at(i+1, m[0]+1), with, 0}
				order = append(order, text)
			}
		}
		b.WriteString(l[last:])
		ls[i] = b.String()
	}
	// A variable filled in is reported once a file, where it first is.
	for _, text := range order {
		r := replaced[text]
		more := ""
		switch {
		case r.more == 1:
			more = " (and once more in this file)"
		case r.more > 1:
			more = fmt.Sprintf(" (and %d more times in this file)", r.more)
		}
		diags.Warnf(r.pos, "template variable %s became %q, the name in comply.yml%s", text, r.with, more)
	}
	out := strings.Join(ls, "\n")

	// The converters keep the line count, but for grid tables, which go
	// last, so each change's line is its line in the comply file.
	out, changes := pandoc.RawTeX(out)
	for _, c := range changes {
		diags.Warnf(at(c.Line, 1), "%s", c.What)
	}
	out, _ = pandoc.LetteredLists(out)
	out, changes = pandoc.GridTables(out)
	for _, c := range changes {
		diags.Warnf(at(c.Line, 1), "pandoc %s; check that it reads as meant", c.What)
	}
	return strings.TrimLeft(out, "\n")
}
