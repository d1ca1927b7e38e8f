package mdlink

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// TestReaderText: search reads what a reader sees of tricky Markdown.
func TestReaderText(t *testing.T) {
	for _, tc := range []struct{ name, md, want string }{
		{"heading, emphasis, link", "## Scope\n\nEveryone **must** use [MFA](https://idp.example/setup).\n", "Scope Everyone must use MFA."},
		{"reference link", "Read [the policy][p].\n\n[p]: access.md \"Access\"\n", "Read the policy."},
		{"autolink", "Write to <https://example.com/security>.", "Write to https://example.com/security."},
		{"image: not its alt text, nor its path", "See ![the network diagram](img/net.png) below.", "See below."},
		{"inline HTML: tags out, text in", "Press <kbd>Ctrl</kbd>+<kbd>C</kbd> <!-- internal note -->now.", "Press Ctrl+C now."},
		{"HTML block: all of it out", "<div class=\"x\">\nhidden <b>tags</b>\n</div>\n\nAfter.", "After."},
		{"code span as written", "Run `go test ./...` and `**x**` daily.", "Run go test ./... and **x** daily."},
		{"fenced code block", "Before.\n\n```sh\nmake all\nmake check\n```\n", "Before. make all make check"},
		{"indented code block", "Before.\n\n    rotate --keys\n", "Before. rotate --keys"},
		{"table cells apart", "| Role | Access |\n|---|---|\n| Admin | [all](x.md) |\n| `ops` | *some* |\n", "Role Access Admin all ops some"},
		{"shortcode-looking text stays inert text", "Text {{< x >}} and {{% y %}} stay.", "Text {{< x >}} and {{% y %}} stay."},
		{"emphasis of every kind", "__strong__, _em_ and ~~gone~~.", "strong, em and gone."},
		{"escapes read as the character", `1\. not a list, \*not em\*`, "1. not a list, *not em*"},
		{"entities read as characters, not in code", "Fish &amp; chips &#169; `&amp;`", "Fish & chips © &amp;"},
		{"an escaped ampersand starts no entity", `\&lt; &#38;lt; \\&amp;`, `&lt; &lt; \&`},
		{"line breaks and blocks apart", "one\ntwo  \nthree\n\n- four\n- five\n\n> six", "one two three four five six"},
		{"headings do not run into text", "# Title\nText.", "Title Text."},
		{"nothing", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ReaderText(Parse([]byte(tc.md)), []byte(tc.md)); got != tc.want {
				t.Errorf("ReaderText(%q)\n = %q\nwant %q", tc.md, got, tc.want)
			}
		})
	}
}

// FuzzReaderText: whatever the Markdown, ReaderText returns, spaces
// collapsed, and no "<" of raw HTML: every "<" it writes was written in
// the Markdown outside raw HTML, or by an entity or escape there.
func FuzzReaderText(f *testing.F) {
	for _, s := range []string{
		"Press <kbd>Ctrl</kbd> <!-- note --> now.",
		"<div>\n<script>alert(1)</script>\n</div>\n\nAfter.",
		"a &lt; b, `<code>`, \\<not a tag>, &#60;, &#x3C;",
		"<https://example.com/a?b=<c>>",
		"![<img>](x.png) [<b>x</b>](y)",
		"    <indented code>\n",
		"```\n<fenced>\n```\n",
		"| <b>x</b> | y |\n|---|---|\n",
		"<?php x ?> <!DOCTYPE html> <![CDATA[ x ]]>",
		"\\&lt; &amp;lt; &nvlt;",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		body := []byte(md)
		doc := Parse(body)
		got := ReaderText(doc, body)
		if got != strings.Join(strings.Fields(got), " ") {
			t.Fatalf("ReaderText(%q) = %q: spaces not collapsed", md, got)
		}
		inHTML := 0
		ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			var segs []text.Segment
			switch n := n.(type) {
			case *ast.RawHTML:
				for i := range n.Segments.Len() {
					segs = append(segs, n.Segments.At(i))
				}
			case *ast.HTMLBlock:
				for i := range n.Lines().Len() {
					segs = append(segs, n.Lines().At(i))
				}
				if n.HasClosure() {
					segs = append(segs, n.ClosureLine)
				}
			}
			for _, s := range segs {
				inHTML += bytes.Count(s.Value(body), []byte("<"))
			}
			return ast.WalkContinue, nil
		})
		// Entities and escapes make "<" of their own: at most as many as
		// resolving them over the whole text makes.
		resolved := util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(body)))
		made := max(0, bytes.Count(resolved, []byte("<"))-bytes.Count(body, []byte("<")))
		if n, most := strings.Count(got, "<"), strings.Count(md, "<")-inHTML+made; n > most {
			t.Fatalf("ReaderText(%q) = %q: %d \"<\", at most %d can be the reader's", md, got, n, most)
		}
	})
}
