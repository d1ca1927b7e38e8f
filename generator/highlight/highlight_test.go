package highlight

import (
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// format writes tokens as chroma's HTML formatter does, with classes.
func format(t testing.TB, tokens []chroma.Token) string {
	t.Helper()
	var sb strings.Builder
	if err := chromahtml.New(chromahtml.WithClasses(true)).Format(&sb, styles.Get("github"), chroma.Literator(tokens...)); err != nil {
		t.Fatal(err)
	}
	return sb.String()
}

// chromas is what chroma's own lexer gives: one coalesced run.
func chromas(t testing.TB, lang, text string) []chroma.Token {
	t.Helper()
	lexer := lexers.Get(lang)
	if lexer == nil {
		lexer = lexers.Fallback
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, text)
	if err != nil {
		t.Fatal(err)
	}
	return it.Tokens()
}

func samePlainText(t testing.TB, lang, text string) {
	t.Helper()
	got, err := Tokens(lang, text)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := format(t, got), format(t, chromas(t, lang, text)); g != w {
		t.Errorf("%s %q:\n got  %s\n want %s", lang, text, g, w)
	}
}

// Plain text is not lexed, and comes out as chroma's plaintext lexer
// writes it: the names it goes by and the fallback of an unknown name.
func TestPlainTextIsChromas(t *testing.T) {
	for _, text := range []string{
		"",
		"alert_id,fired_at,rule\n2026-01-02,42,ssh\n",
		"no newline at the end",
		"crlf\r\nlines\r\n",
		"\n\n\nblank lines\n\n",
		"tabs\tand <angle> & \"quotes\"\n",
		"ünïcödé ✓ 日本語\n",
		strings.Repeat("a long line, ", 1200) + "\n" + strings.Repeat("x\n", 50),
	} {
		for _, lang := range []string{"text", "plaintext", "no-such-language"} {
			samePlainText(t, lang, text)
		}
	}
}

func FuzzPlainText(f *testing.F) {
	f.Add("a,b\n1,2\n")
	f.Add("\r\n\t<&>")
	f.Fuzz(func(t *testing.T, text string) {
		if !strings.ContainsRune(text, '\x00') && strings.ToValidUTF8(text, "") == text {
			samePlainText(t, "text", text)
		}
	})
}

// Other languages come out as chroma lexes them, errors included: a text
// that is not valid in its language has the same errors in every run.
func TestTokensAreChromas(t *testing.T) {
	for _, tc := range []struct{ lang, text string }{
		{"json", `{"enabled": true, "users": [1, 2]}` + "\n"},
		{"json", "{\"broken\": ¤}\n"},
		{"yaml", "key: value\nlist:\n  - a\n  - b\n"},
		{"toml", "[table]\nkey = \"value\"\n"},
		{"diff", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n"},
		{"bash", "#!/bin/sh\necho \"$HOME\" | grep -q x\n"},
	} {
		got, err := Tokens(tc.lang, tc.text)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := format(t, got), format(t, chromas(t, tc.lang, tc.text)); g != w {
			t.Errorf("%s %q:\n got  %s\n want %s", tc.lang, tc.text, g, w)
		}
	}
}

// flaky stands for a chroma lexer whose matches run out of time on some
// runs (which no real lexer can be made to do on demand): its runs give
// the Error tokens listed, one run after another.
type flaky struct {
	chroma.Lexer
	errors []int
	run    int
}

func (f *flaky) Tokenise(*chroma.TokeniseOptions, string) (chroma.Iterator, error) {
	n := f.errors[min(f.run, len(f.errors)-1)]
	f.run++
	tokens := []chroma.Token{{Type: chroma.Keyword, Value: "key"}}
	for range n {
		tokens = append(tokens, chroma.Token{Type: chroma.Error, Value: "!"})
	}
	return chroma.Literator(tokens...), nil
}

func TestLexKeepsTheRunWithFewestErrors(t *testing.T) {
	for _, tc := range []struct {
		name      string
		errors    []int
		runs, err int
	}{
		{"no error: one run", []int{0}, 1, 0},
		{"a timeout, then none", []int{2, 0}, 2, 0},
		{"errors in every run: the fewest", []int{3, 1, 2}, runs, 1},
		{"the text's own errors, the same each run", []int{1, 1, 1}, runs, 1},
	} {
		l := &flaky{errors: tc.errors}
		tokens, err := lex(l, "key")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, tok := range tokens {
			if tok.Type == chroma.Error {
				n++
			}
		}
		if l.run != tc.runs || n != tc.err {
			t.Errorf("%s: %d runs, %d errors kept; want %d runs, %d errors", tc.name, l.run, n, tc.runs, tc.err)
		}
	}
}
