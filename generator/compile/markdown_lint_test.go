package compile

import (
	"bytes"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/source"
)

// TestLintMarkdownWarnsAtEachPlace checks the warnings for leftover template
// text, attest init's notes and raw HTML: each at its line and column in the
// file, none for what is code, comments or autolinks (issue 13).
func TestLintMarkdownWarnsAtEachPlace(t *testing.T) {
	const fm = "+++\ntitle = \"T\"\n+++\n" // the body starts on line 4
	cases := []struct {
		name string
		body string
		want []string
	}{
		{"clean", "Plain prose with a [link](https://example.com) and `code`.\n", nil},
		{"go template", "Welcome to {{.Name}} and {{ .Company.Short }}.\n", []string{
			"p.md:4:12: warning: leftover template text {{.Name}}: the sites show it as written; replace it with what it stands for, or put it in a code span to show it on purpose",
			"p.md:4:26: warning: leftover template text {{ .Company.Short }}: the sites show it as written; replace it with what it stands for, or put it in a code span to show it on purpose",
		}},
		{"mustache section", "Intro.\n\n{{#section}}\nText for {{companyShortName}}.\n{{/section}}\n", []string{
			"p.md:6:1: warning: leftover template text {{#section}}: the sites show it as written; replace it with what it stands for, or put it in a code span to show it on purpose",
			"p.md:7:10: warning: leftover template text {{companyShortName}}: the sites show it as written; replace it with what it stands for, or put it in a code span to show it on purpose",
			"p.md:8:1: warning: leftover template text {{/section}}: the sites show it as written; replace it with what it stands for, or put it in a code span to show it on purpose",
		}},
		{"triple mustache and underscores", "Hi {{{company_name}}}.\n", []string{
			"p.md:4:4: warning: leftover template text {{{company_name}}}: the sites show it as written; replace it with what it stands for, or put it in a code span to show it on purpose",
		}},
		{"shortcode", "See {{< param \"title\" >}}.\n", []string{
			`p.md:4:5: warning: leftover template text {{< param "title" >}}: the sites show it as written; replace it with what it stands for, or put it in a code span to show it on purpose`,
		}},
		{"in code", "Write `{{.Name}}` here.\n\n```\n{{#section}}\n<div>\n```\n\n    {{ .Indented }}\n", nil},
		{"not template text", "A {single} brace, {{ }} empty, and {{\nacross}} lines.\n", nil},
		{"init note", "> **To write:** what the service does. Remove this note when done.\n\nDone part.\n", []string{
			`p.md:4:3: warning: attest init's note "To write: what the service does. Remove this note when done." is still here: write what it asks for, then remove the note`,
		}},
		{"init note as plain text", "To write: the scope.\n", []string{
			`p.md:4:1: warning: attest init's note "To write: the scope." is still here: write what it asks for, then remove the note`,
		}},
		{"inline raw HTML", "Mail <insert email here> today.\n", []string{
			`p.md:4:6: warning: raw HTML <insert email here> will not render: the sites leave raw HTML out; to show it as text write \<insert email here\> or put it in a code span`,
		}},
		{"closing tag", "Some <b>bold</b>.\n", []string{
			`p.md:4:6: warning: raw HTML <b> will not render: the sites leave raw HTML out; to show it as text write \<b\> or put it in a code span`,
			`p.md:4:13: warning: raw HTML </b> will not render: the sites leave raw HTML out; to show it as text write \</b\> or put it in a code span`,
		}},
		{"raw HTML block", "Intro.\n\n<div class=\"note\">\n{{.Name}}\n</div>\n", []string{
			`p.md:6:1: warning: raw HTML <div class="note"> will not render: the sites leave raw HTML out; write it in Markdown, or put a backslash before its < (\<) to show it as text`,
		}},
		{"autolinks on lines of their own", "<https://example.com/a?b=c>\n\n<security@example.com>\n", nil},
		{"comments, autolinks, escapes", "<!-- a note -->\n\nSee <https://example.com> or <security@example.com>, an <!-- aside --> and \\<not a tag>.\n", nil},
		{"in a list and a quote", "- item <br>\n\n> quoted {{.X}}\n", []string{
			`p.md:4:8: warning: raw HTML <br> will not render: the sites leave raw HTML out; to show it as text write \<br\> or put it in a code span`,
			"p.md:6:10: warning: leftover template text {{.X}}: the sites show it as written; replace it with what it stands for, or put it in a code span to show it on purpose",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			md, prob := source.SplitMarkdown([]byte(fm + c.body))
			if prob != nil {
				t.Fatal(prob)
			}
			var l diag.List
			lintMarkdown(&l, "p.md", md, nil)
			var got []string
			for _, d := range l.Items() {
				got = append(got, d.String())
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// FuzzScanMarkdown checks that any body is scanned without panic and that
// every finding is in the body, in order, at what it names.
func FuzzScanMarkdown(f *testing.F) {
	for _, s := range []string{
		"Welcome to {{.Name}}.\n", "{{#s}}\n{{/s}}\n", "`{{.X}}`\n", "```\n{{.X}}\n```\n",
		"> **To write:** x\n", "Mail <insert email here>.\n", "<div>\nx\n</div>\n", "<!-- c -->\n",
		"<https://x>\n", "* a <b>\n  {{{x}}}\n", "[a](<{{x}}>)\n", "<a\nhref='x'>\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		b := []byte(body)
		last := -1
		for _, fd := range scanMarkdown(b, nil) {
			if fd.Offset < last || fd.Offset < 0 || fd.Offset >= len(b) {
				t.Fatalf("finding at %d (after %d) in a body of %d bytes: %s", fd.Offset, last, len(b), fd.Message)
			}
			last = fd.Offset
			rest := b[fd.Offset:]
			switch {
			case strings.HasPrefix(fd.Message, "leftover template text"):
				if !bytes.HasPrefix(rest, []byte("{{")) {
					t.Fatalf("template text at %d does not start with {{: %q", fd.Offset, rest)
				}
			case strings.HasPrefix(fd.Message, "raw HTML"):
				if !bytes.HasPrefix(rest, []byte("<")) {
					t.Fatalf("raw HTML at %d does not start with <: %q", fd.Offset, rest)
				}
			case strings.HasPrefix(fd.Message, "attest init's note"):
			default:
				t.Fatalf("unexpected finding %q", fd.Message)
			}
		}
	})
}
