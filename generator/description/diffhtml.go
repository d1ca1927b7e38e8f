package description

import (
	"fmt"
	"html"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"

	"github.com/attest-dev/attest/generator/highlight"
	"github.com/attest-dev/attest/generator/textdiff"
)

// diffStyle is the chroma style whose colours diffCSS writes.
const diffStyle = "github"

// diffHTML returns a revision's diff in unified format highlighted by
// chroma's diff lexer, in the markup chroma's HTML formatter writes with CSS
// classes (html.WithClasses(true)); the changed words of an edited line are
// wrapped in <del> or <ins>. diffCSS styles it. Where no words are marked,
// the output is byte for byte chroma's own.
func diffHTML(d *textdiff.Diff) string {
	text, lines := d.UnifiedLines()
	if text == "" {
		return ""
	}
	tokens, err := highlight.Tokens("diff", text)
	if err != nil {
		// The diff lexer matches any line; an error here is a bug in chroma.
		return "<pre class=\"chroma\"><code>" + html.EscapeString(text) + "</code></pre>"
	}
	var b strings.Builder
	b.WriteString(`<pre class="chroma"><code>`)
	for i, toks := range chroma.SplitTokensIntoLines(tokens) {
		b.WriteString(`<span class="line"><span class="cl">`)
		if i < len(lines) && lines[i] != nil && lines[i].Words != nil && len(toks) > 0 {
			// The lexer gives a diff line one token; mark words inside it.
			cls := tokenClass(toks[0].Type)
			fmt.Fprintf(&b, `<span class="%s">`, cls)
			writeMarked(&b, lines[i])
			b.WriteString("</span>")
		} else {
			for _, t := range toks {
				if cls := tokenClass(t.Type); cls != "" {
					fmt.Fprintf(&b, `<span class="%s">%s</span>`, cls, html.EscapeString(t.Value))
				} else {
					b.WriteString(html.EscapeString(t.Value))
				}
			}
		}
		b.WriteString("</span></span>")
	}
	b.WriteString("</code></pre>")
	return b.String()
}

// writeMarked writes a line's op and words, changed ones in <del> or <ins>.
func writeMarked(b *strings.Builder, l *textdiff.Line) {
	tag := "ins"
	if l.Op == "-" {
		tag = "del"
	}
	b.WriteString(html.EscapeString(l.Op))
	for _, w := range l.Words {
		if w.Changed {
			fmt.Fprintf(b, "<%s>%s</%s>", tag, html.EscapeString(w.Text), tag)
		} else {
			b.WriteString(html.EscapeString(w.Text))
		}
	}
	b.WriteString("\n")
}

// tokenClass is the CSS class chroma's formatter gives a token type.
func tokenClass(t chroma.TokenType) string {
	for t != 0 {
		if cls, ok := chroma.StandardTypes[t]; ok {
			return cls
		}
		t = t.Parent()
	}
	return chroma.StandardTypes[t]
}

// diffCSS returns the style sheet for diffHTML: chroma's classes in diffStyle, and
// the marks of changed words.
func diffCSS() string {
	var b strings.Builder
	_ = chromahtml.New(chromahtml.WithClasses(true)).WriteCSS(&b, styles.Get(diffStyle))
	b.WriteString("/* changed words */ .chroma .gd del { background-color: #fdb8c0; text-decoration: none }\n")
	b.WriteString("/* changed words */ .chroma .gi ins { background-color: #acf2bd; text-decoration: none }\n")
	return b.String()
}
