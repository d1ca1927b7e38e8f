package compile

import (
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/mdlink"
	"github.com/attest-dev/attest/generator/source"
)

// markdownFinding is something in a Markdown body that will not show as
// its author meant, at a byte offset in the body.
type markdownFinding struct {
	Offset  int
	Message string
}

// lintMarkdown warns of what scanMarkdown finds in md's body, at its line
// and column in the file. doc is the body's parse (mdlink.Parse), or nil.
func lintMarkdown(diags *diag.List, file string, md source.Markdown, doc ast.Node) {
	findings := scanMarkdown(md.Body, doc)
	if len(findings) == 0 {
		return
	}
	cursor := md.Cursor()
	for _, f := range findings {
		line, col := cursor.At(f.Offset)
		diags.Warnf(diag.Pos{File: file, Line: line, Col: col}, "%s", f.Message)
	}
}

// placeholder matches template text on one line: Go templates ({{.Name}},
// {{ .Name }}), mustache and handlebars ({{companyShortName}},
// {{#section}}, {{/section}}, {{{raw}}}) and Hugo shortcodes, which the
// sites all show as written (issue 13).
var placeholder = regexp.MustCompile(`\{?\{\{[^{}\n]*[^{}\s][^{}\n]*\}\}\}?`)

// initNote is how the notes attest init leaves for the author begin.
const initNote = "To write:"

// scanMarkdown finds, in one goldmark pass over a Markdown body, what will
// not show as its author meant: leftover template text and attest init's
// notes, outside code (where they are shown on purpose), and raw HTML,
// which the sites leave out (issue 13). Findings are ordered by offset. doc
// is the body's parse (mdlink.Parse, which reads it as the sites do), or
// nil to parse it here when need be.
func scanMarkdown(body []byte, doc ast.Node) []markdownFinding {
	if !bytes.Contains(body, []byte("{{")) && !bytes.ContainsRune(body, '<') && !bytes.Contains(body, []byte(initNote)) {
		return nil
	}
	if doc == nil {
		doc = mdlink.Parse(body)
	}
	var (
		out  []markdownFinding
		code []span // code and raw HTML: no placeholder is looked for there
	)
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan:
			code = append(code, span{n.Pos(), inlineEnd(n)})
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			code = append(code, span{n.Pos(), linesEnd(n.Lines(), n.Pos())})
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			end := linesEnd(n.Lines(), n.Pos())
			if n.HasClosure() {
				end = max(end, n.ClosureLine.Stop)
			}
			code = append(code, span{n.Pos(), end})
			if n.HTMLBlockType != ast.HTMLBlockType2 { // a comment is meant not to show
				first := body[n.Pos():end]
				if i := bytes.IndexByte(first, '\n'); i >= 0 {
					first = first[:i]
				}
				out = append(out, markdownFinding{n.Pos(), fmt.Sprintf(
					"raw HTML %s will not render: the sites leave raw HTML out; write it in Markdown, or put a backslash before its < (\\<) to show it as text",
					clip(string(bytes.TrimSpace(first))))})
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if n.Segments.Len() == 0 {
				return ast.WalkContinue, nil
			}
			start, stop := n.Segments.At(0).Start, n.Segments.At(n.Segments.Len()-1).Stop
			code = append(code, span{start, stop})
			tag := string(body[start:stop])
			if !strings.HasPrefix(tag, "<!--") {
				tag = strings.Join(strings.Fields(tag), " ")
				out = append(out, markdownFinding{start, fmt.Sprintf(
					"raw HTML %s will not render: the sites leave raw HTML out; to show it as text write %s or put it in a code span",
					clip(tag), clip(`\`+strings.TrimSuffix(tag, ">")+`\>`))})
			}
		case *ast.Paragraph:
			if n.Lines().Len() > 0 {
				if note := noteText(n, body); strings.HasPrefix(note, initNote) {
					out = append(out, markdownFinding{n.Lines().At(0).Start, fmt.Sprintf(
						"attest init's note %q is still here: write what it asks for, then remove the note",
						clip(note))})
				}
			}
		}
		return ast.WalkContinue, nil
	})
	for _, m := range placeholder.FindAllIndex(body, -1) {
		if inSpans(code, m[0]) {
			continue
		}
		out = append(out, markdownFinding{m[0], fmt.Sprintf(
			"leftover template text %s: the sites show it as written; replace it with what it stands for, or put it in a code span to show it on purpose",
			clip(string(body[m[0]:m[1]])))})
	}
	slices.SortStableFunc(out, func(a, b markdownFinding) int { return cmp.Compare(a.Offset, b.Offset) })
	return out
}

// span is a range of byte offsets, end excluded.
type span struct{ start, end int }

func inSpans(spans []span, at int) bool {
	for _, s := range spans {
		if at >= s.start && at < s.end {
			return true
		}
	}
	return false
}

// inlineEnd returns where the text of an inline node ends (for a code
// span, before its closing backticks, which no placeholder starts with).
func inlineEnd(n ast.Node) int {
	end := n.Pos() + 1
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			end = max(end, t.Segment.Stop)
		}
	}
	return end
}

// linesEnd returns where a block's last line ends, or just after start when
// it has none.
func linesEnd(lines *text.Segments, start int) int {
	if lines.Len() == 0 {
		return start + 1
	}
	return max(lines.At(lines.Len()-1).Stop, start+1)
}

// noteText returns the text a paragraph begins with, emphasis undone: enough
// to tell an attest init note ("**To write:** …").
func noteText(p *ast.Paragraph, body []byte) string {
	var b strings.Builder
	ast.Walk(p, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b.Len() > 80 {
			return ast.WalkStop, nil
		}
		if t, ok := n.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(body))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// clip shortens s for a message.
func clip(s string) string {
	const limit = 60
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
