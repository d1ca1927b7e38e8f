package mdlink

import (
	"bufio"
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// ReaderText is the text a reader sees of the body doc was parsed from,
// for search: the words of paragraphs, headings, list items and table
// cells, a link's text (not where it leads), code spans and code blocks as
// written, an autolink's address; no Markdown punctuation and no HTML —
// raw HTML, inline or a block, is left out, tags and all, and so is an
// image, whose alt text the page does not show. Whatever goldmark reads as
// text stays text, "{{< x >}}" included; escapes and entities read as the
// characters they stand for, except in code. Blocks, cells and line breaks
// are apart by one space; spaces are collapsed.
func ReaderText(doc ast.Node, body []byte) string {
	var b strings.Builder
	// Text is written as goldmark's renderer writes it, then read back as
	// a browser reads the HTML: escapes and entities resolved in one pass,
	// so that "\&lt;" stays "&lt;" and "&#38;lt;" is "&lt;", as on the page.
	var rendered bytes.Buffer
	w := bufio.NewWriter(&rendered)
	code := false // inside a code span, text is as written: no escapes, no entities
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := n.(*ast.CodeSpan); ok {
			code = entering
		}
		if !entering {
			if n.Type() == ast.TypeBlock {
				b.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image, *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			v := n.Segment.Value(body)
			if code {
				b.Write(v)
			} else {
				rendered.Reset()
				gmhtml.DefaultWriter.Write(w, v)
				w.Flush()
				b.WriteString(html.UnescapeString(rendered.String()))
			}
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.Label(body))
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				b.Write(seg.Value(body))
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}
