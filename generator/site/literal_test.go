package site

import (
	"strings"
	"testing"

	"github.com/gohugoio/hugo/parser/pageparser"
)

func TestLiteralEscapesEveryShortcode(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain {{ .Title }} text", "plain {{ .Title }} text"},
		{`{{< param "title" >}}`, `{{</* param "title" */>}}`},
		{`{{% param "title" %}}`, `{{%/* param "title" */%}}`},
		{`{{</* nested */>}}`, `{{</*/* nested */*/>}}`},
		{`{{<>}} and {{%%}}`, `{{</**/>}} and {{%/**/%}}`},
		{`{{{< a >}}}`, `{{{</* a */>}}}`},
		{`{{< a {{< b >}} c >}}`, `{{</* a {{< b */>}} c >}}`},
		{`{{% a >}} b %}}`, `{{%/* a >}} b */%}}`},
		{"{{< open", "{{</* open" + unclosedTail + `*/>}}"` + "\n"},
	}
	for _, c := range cases {
		if got := literal(c.in); got != c.want {
			t.Errorf("literal(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := lexedText(t, literal(c.in)); !strings.HasPrefix(got, c.in) {
			t.Errorf("Hugo reads literal(%q) as %q", c.in, got)
		}
	}
}

// lexedText returns the text Hugo's page lexer finds in content, failing
// the test on anything else: a shortcode, or an error.
func lexedText(t testing.TB, content string) string {
	items, err := pageparser.ParseBytes([]byte(content), pageparser.Config{NoFrontMatter: true, NoSummaryDivider: true})
	if err != nil {
		t.Fatalf("lex %q: %v", content, err)
	}
	var b strings.Builder
	for _, it := range items {
		switch {
		case it.IsText(), it.IsIndentation():
			b.Write(it.Val([]byte(content)))
		case it.IsEOF():
		default:
			t.Fatalf("Hugo reads %q in %q as %s", it.Val([]byte(content)), content, it.Type)
		}
	}
	return b.String()
}

// FuzzLiteral checks that Hugo's page lexer reads whatever literal makes of
// any text as that text and nothing else — no shortcode, no error — but for
// the link reference definition that closes an unclosed delimiter.
func FuzzLiteral(f *testing.F) {
	for _, s := range literalProbes {
		f.Add(s)
	}
	f.Add("{{< a")
	f.Add("```\n{{% b\n```\n")
	f.Add("{{</*/>}}")
	f.Fuzz(func(t *testing.T, s string) {
		got := lexedText(t, literal(s))
		rest, ok := strings.CutPrefix(got, s)
		if !ok || (rest != "" && rest != unclosedTail+`>}}"`+"\n" && rest != unclosedTail+`%}}"`+"\n") {
			t.Errorf("Hugo reads literal(%q) as %q", s, got)
		}
	})
}
