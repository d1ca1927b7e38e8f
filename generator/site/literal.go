package site

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Markdown is Markdown text in a page's params that the theme renders with
// .RenderString (a control's test procedure). It is encoded the way page
// bodies are, so that what it says is shown as written (see literal); a
// plain string param is shown by templates as it is and needs no escaping.
type Markdown string

// MarshalJSON encodes m for .RenderString, which parses shortcodes only in
// text that Hugo's pageparser.HasShortcode matches: "{{" then "<", "%" or
// ",", then anything but "/". literal's escapes begin "{{</*", which it
// does not match, so Hugo would show them as they are, "/*" and all. When m
// has any escape, a link reference definition whose label matches is put
// first: it renders nothing, and makes Hugo parse the escapes away.
func (m Markdown) MarshalJSON() ([]byte, error) {
	s := string(m)
	if esc := literal(s); esc != s {
		s = renderStringTrigger + esc
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// renderStringTrigger is a link reference definition whose label Hugo's
// HasShortcode matches and whose lexer reads as text: "{{," starts no
// shortcode. A definition renders nothing.
const renderStringTrigger = "[{{,}]: #\n\n"

// unclosedTail ends the escape of an opening delimiter that no closing one
// follows: the rest of the text goes inside the escape, which the closing
// delimiter must end, so it is put in the title of a link reference
// definition after the text, where it renders nothing. (Inside a fenced
// code block left open at the end of the text, it would show.)
const unclosedTail = "\n\n[attest:unclosed-shortcode]: # \""

// contentBody returns md as the body of a content file: literal, and with
// Hugo's summary divider put first when md holds one. Hugo takes the first
// "<!--more-->" in a content file for the divider and removes it, in a
// fenced block too; one of attest's own at the start, where it divides
// nothing, leaves the program's where they were. (.RenderString does not
// look for the divider.)
func contentBody(md string) string {
	md = literal(md)
	if strings.Contains(md, summaryDivider) {
		md = summaryDivider + "\n\n" + md
	}
	return md
}

// summaryDivider is Hugo's summary divider in Markdown content.
const summaryDivider = "<!--more-->"

// literal returns Markdown that Hugo renders as md reads, with no shortcode
// run: program text is data, never code (issue 13). Hugo reads "{{<" and
// "{{%" in a content file as shortcodes — before Markdown, so in code spans
// and fenced blocks too — and some built-in shortcodes embed iframes or
// fetch from the network. Hugo's own escape, "{{</* x */>}}", shows as
// "{{< x >}}" in any context; literal writes every opening delimiter with
// the text up to the first closing one of its kind that way, as Hugo's page
// lexer would meet them: it looks for "*/>}}" (or "*/%}}") after "{{</*"
// and emits all between as text, so the text inside needs no escaping
// itself. "{{ .Title }}" and other Go template text is never run in
// content, and is left as it is.
func literal(md string) string {
	if !strings.Contains(md, "{{") {
		return md
	}
	var b strings.Builder
	rest := md
	for {
		i := openDelim(rest)
		if i < 0 {
			b.WriteString(rest)
			return b.String()
		}
		closing := ">}}"
		if rest[i+2] == '%' {
			closing = "%}}"
		}
		b.WriteString(rest[:i+3])
		b.WriteString("/*")
		inner := rest[i+3:]
		j := strings.Index(inner, closing)
		if j < 0 {
			b.WriteString(inner)
			b.WriteString(unclosedTail)
			b.WriteString("*/" + closing + "\"\n")
			return b.String()
		}
		b.WriteString(inner[:j])
		b.WriteString("*/" + closing)
		rest = inner[j+len(closing):]
	}
}

// openDelim returns the index of the first "{{<" or "{{%" in s, or -1.
func openDelim(s string) int {
	a, b := strings.Index(s, "{{<"), strings.Index(s, "{{%")
	switch {
	case a < 0:
		return b
	case b < 0:
		return a
	}
	return min(a, b)
}
