// Package mdlink reads and rewrites the links and images of the program's
// Markdown as their authors write them: relative to the file they are in,
// as they read in the repository ("access.md#scope",
// "../content/controls/patch.md", "img/arch.png").
package mdlink

import (
	"bytes"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Parser reads Markdown the way the sites' goldmark does (GitHub flavour,
// footnotes, definition lists), so that what is a link, what is code and
// what is raw HTML is decided as it will be when the page renders.
// Headings take attributes ("# Scope {#scope}") as Hugo's do by default.
var Parser parser.Parser = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
	goldmark.WithParserOptions(parser.WithAttribute()),
).Parser()

// Parse parses a Markdown body with Parser.
func Parse(body []byte) ast.Node { return Parser.Parse(text.NewReader(body)) }

// Kind is what a Ref is.
type Kind int

// The kinds of Ref.
const (
	Link       Kind = iota // [text](dest), [text][label], [label]
	Image                  // ![alt](src), ![alt][label]
	Definition             // [label]: dest
)

// Ref is a link, an image or a link reference definition in a body, with
// where it was written. A link or image that uses a definition has no
// destination of its own (Reference): the definition is rewritten instead.
type Ref struct {
	Kind      Kind
	Dest      string // as written
	Offset    int    // where the link, image or definition starts
	Reference bool   // uses a definition: Dest is the definition's

	lost               bool // not located in the body (see Rewrite)
	destStart, destEnd int  // the destination's bytes; -1 when it has none of its own
	open, close        span // a link's or image's "[" and "](…)"; a definition's whole text
}

// span is a range of byte offsets, end excluded.
type span struct{ start, end int }

// Refs returns the links, images and definitions of the body doc was parsed
// from, in the order they were written. Links in code are not links.
func Refs(doc ast.Node, body []byte) []Ref {
	var out []Ref
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			r, ok := inline(body, n, Link, n.Destination, n.Reference != nil)
			out = append(out, found(r, ok, Link, n.Destination, n.Pos()))
		case *ast.Image:
			r, ok := inline(body, n, Image, n.Destination, n.Reference != nil)
			out = append(out, found(r, ok, Image, n.Destination, n.Pos()))
		case *ast.LinkReferenceDefinition:
			r, ok := definition(body, n)
			at := -1
			if n.Lines().Len() > 0 {
				at = n.Lines().At(0).Start
			}
			out = append(out, found(r, ok, Definition, n.Destination, at))
		}
		return ast.WalkContinue, nil
	})
	slices.SortStableFunc(out, func(a, b Ref) int { return a.Offset - b.Offset })
	return out
}

// found returns r when it was located, else a Ref that says it was not.
func found(r Ref, ok bool, kind Kind, dest []byte, at int) Ref {
	if ok {
		return r
	}
	return Ref{Kind: kind, Dest: string(dest), Offset: max(at, 0), lost: true, destStart: -1, destEnd: -1}
}

// inline locates a link or image: its opening "[" (or "!["), its closing
// "](dest …)" (or "][label]", "]"), and its destination between.
func inline(body []byte, n ast.Node, kind Kind, dest []byte, reference bool) (Ref, bool) {
	start := n.Pos()
	if start < 0 || start >= len(body) {
		return Ref{}, false
	}
	r := Ref{Kind: kind, Dest: string(dest), Offset: start, Reference: reference, destStart: -1, destEnd: -1}
	textStart := start + 1
	if kind == Image {
		textStart = start + 2
	}
	r.open = span{start, textStart}
	// The text ends at the "]" after the last of its own characters; a
	// link or image inside it (an image in a link) ends after its own
	// destination.
	end := max(textStart, contentEnd(body, n))
	j := bytes.IndexByte(body[min(end, len(body)):], ']')
	if j < 0 {
		return Ref{}, false
	}
	closeAt := end + j
	after := closeAt + 1
	switch {
	case after < len(body) && body[after] == '(' && !reference:
		k := after + 1
		if len(dest) > 0 {
			d := bytes.Index(body[k:], dest)
			if d < 0 {
				return Ref{}, false
			}
			r.destStart, r.destEnd = k+d, k+d+len(dest)
			k = r.destEnd
			if k < len(body) && body[k] == '>' {
				k++
			}
		}
		e := closeParen(body, k)
		if e < 0 {
			return Ref{}, false
		}
		r.close = span{closeAt, e}
	case after < len(body) && body[after] == '[' && reference:
		e := bytes.IndexByte(body[after+1:], ']')
		if e < 0 {
			return Ref{}, false
		}
		r.close = span{closeAt, after + 1 + e + 1}
	default:
		r.close = span{closeAt, after}
	}
	return r, true
}

// contentEnd is where the last character of n's children was written: a
// link or image among them ends after its own destination.
func contentEnd(body []byte, n ast.Node) int {
	end := -1
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			end = max(end, c.Segment.Stop)
		case *ast.RawHTML:
			if c.Segments.Len() > 0 {
				end = max(end, c.Segments.At(c.Segments.Len()-1).Stop)
			}
		case *ast.Link:
			if r, ok := inline(body, c, Link, c.Destination, c.Reference != nil); ok {
				end = max(end, r.close.end)
			}
		case *ast.Image:
			if r, ok := inline(body, c, Image, c.Destination, c.Reference != nil); ok {
				end = max(end, r.close.end)
			}
		default:
			end = max(end, contentEnd(body, c))
		}
	}
	return end
}

// closeParen returns the offset after the ")" that closes an inline link
// whose destination ends at k: an optional title (quoted or in parentheses) between.
func closeParen(body []byte, k int) int {
	k = skipSpace(body, k)
	if k < len(body) && (body[k] == '"' || body[k] == '\'' || body[k] == '(') {
		closer := body[k]
		if closer == '(' {
			closer = ')'
		}
		k++
		for k < len(body) && body[k] != closer {
			if body[k] == '\\' {
				k++
			}
			k++
		}
		k = skipSpace(body, k+1)
	}
	if k < len(body) && body[k] == ')' {
		return k + 1
	}
	return -1
}

func skipSpace(body []byte, k int) int {
	for k < len(body) && (body[k] == ' ' || body[k] == '\t' || body[k] == '\n' || body[k] == '\r') {
		k++
	}
	return k
}

// definition locates a link reference definition's destination.
func definition(body []byte, n *ast.LinkReferenceDefinition) (Ref, bool) {
	if n.Lines().Len() == 0 || len(n.Destination) == 0 {
		return Ref{}, false
	}
	start := n.Lines().At(0).Start
	colon := bytes.Index(body[start:], []byte("]:"))
	if colon < 0 {
		return Ref{}, false
	}
	k := start + colon + 2
	d := bytes.Index(body[k:], n.Destination)
	if d < 0 {
		return Ref{}, false
	}
	end := max(n.Lines().At(n.Lines().Len()-1).Stop, k+d+len(n.Destination))
	return Ref{Kind: Definition, Dest: string(n.Destination), Offset: start, destStart: k + d, destEnd: k + d + len(n.Destination), open: span{start, end}}, true
}

// Action is what Rewrite does with a Ref.
type Action struct {
	// Unlink removes a link but keeps its text; an image becomes its alt
	// text, and a definition is removed (the links that use it are
	// unlinked with it, for they have its destination).
	Unlink bool
	// Dest replaces the destination when not "" (and Unlink is false).
	Dest string
}

// Rewrite returns body with every Ref changed as decide says. A link or
// image that uses a definition keeps its destination through the
// definition, which decide is asked about too; it can still be unlinked.
//
// Removing a link can make one of text around it ("[[a](x)](y)" holds one
// link, to x; without it, "[a](y)" is a link to y), so Rewrite goes again
// until nothing changes: decide must give the same answer for what it
// returned. A link goldmark found but Rewrite cannot place in the text (no
// case is known) has its destination replaced wherever it is written, so
// that what decide removes never stays.
func Rewrite(body string, decide func(Ref) Action) string {
	for range 64 {
		next := rewriteOnce(body, decide, false)
		if next == body {
			return body
		}
		body = next
	}
	// Brackets nested deeper than that: what is still to be removed is
	// removed wherever it is written.
	return rewriteOnce(body, decide, true)
}

func rewriteOnce(body string, decide func(Ref) Action, replaceAll bool) string {
	src := []byte(body)
	type edit struct {
		span
		with string
	}
	var edits []edit
	var lost []*strings.Replacer
	for _, r := range Refs(Parse(src), src) {
		a := decide(r)
		r.lost = r.lost || replaceAll
		switch {
		case r.lost && r.Dest != "" && a.Unlink:
			lost = append(lost, strings.NewReplacer(r.Dest, ""))
		case r.lost && r.Dest != "" && a.Dest != "" && a.Dest != r.Dest:
			lost = append(lost, strings.NewReplacer(r.Dest, a.Dest))
		case r.lost:
		case a.Unlink && r.Kind == Definition:
			edits = append(edits, edit{r.open, ""})
		case a.Unlink:
			edits = append(edits, edit{r.open, ""}, edit{r.close, ""})
		case a.Dest != "" && a.Dest != r.Dest && r.destStart >= 0:
			edits = append(edits, edit{span{r.destStart, r.destEnd}, a.Dest})
		}
	}
	if len(edits) == 0 && len(lost) == 0 {
		return body
	}
	slices.SortStableFunc(edits, func(a, b edit) int { return a.start - b.start })
	var b strings.Builder
	at := 0
	for _, e := range edits {
		if e.start < at {
			continue // overlaps an edit already made: the next round sees it again
		}
		b.WriteString(body[at:e.start])
		b.WriteString(e.with)
		at = e.end
	}
	b.WriteString(body[at:])
	out := b.String()
	for _, r := range lost {
		out = r.Replace(out)
	}
	return out
}

// TargetKind is what a destination points at.
type TargetKind int

// The kinds of Target.
const (
	External TargetKind = iota // has a scheme (https:, mailto:) or a host (//host)
	Fragment                   // "#anchor" on the same page
	File                       // a file of the repository, relative to the file written in
	Rooted                     // "/…": a file of the repository from its root, or a site path
	Outside                    // a relative path that leaves the repository
	Empty                      // no destination, or only "#"
)

// Target is what a destination names.
type Target struct {
	Kind     TargetKind
	Path     string // repository-relative, cleaned: File and Rooted
	Fragment string // after "#", as written
}

// Resolve reads dest as written in the file from (repository-relative).
func Resolve(from, dest string) Target {
	if dest == "" {
		return Target{Kind: Empty}
	}
	p, frag, _ := strings.Cut(dest, "#")
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	if u, err := url.Parse(dest); err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(dest, "//") {
		return Target{Kind: External}
	}
	if unescaped, err := url.PathUnescape(p); err == nil {
		p = unescaped
	}
	switch {
	case p == "" && frag == "":
		return Target{Kind: Empty} // "#", "?x": this page, nothing to resolve
	case p == "":
		return Target{Kind: Fragment, Fragment: frag}
	case strings.HasPrefix(p, "/"):
		return Target{Kind: Rooted, Path: strings.TrimPrefix(path.Clean(p), "/"), Fragment: frag}
	}
	joined := path.Join(path.Dir(from), p)
	if joined == ".." || strings.HasPrefix(joined, "../") {
		return Target{Kind: Outside, Path: joined, Fragment: frag}
	}
	return Target{Kind: File, Path: joined, Fragment: frag}
}

// Heading is a heading of a body: its level, its text without markup and
// the id Hugo gives it.
type Heading struct {
	Level int
	Text  string
	ID    string
}

// Headings returns the headings of the body doc was parsed from, with ids
// as Hugo's goldmark makes them (autoIDType "github"): an id written as an
// attribute ({#scope}), else the heading's text lowercased, spaces and
// dashes as "-", other punctuation dropped, "-1", "-2"… on repeats.
func Headings(doc ast.Node, body []byte) []Heading {
	var out []Heading
	ids := map[string]bool{}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		text := plainText(h, body)
		if id, ok := h.AttributeString("id"); ok {
			if b, ok := id.([]byte); ok {
				ids[string(b)] = true
				out = append(out, Heading{h.Level, text, string(b)})
				return ast.WalkSkipChildren, nil
			}
		}
		id := HeadingID(text)
		if ids[id] {
			for i := 1; ; i++ {
				if next := id + "-" + strconv.Itoa(i); !ids[next] {
					id = next
					break
				}
			}
		}
		ids[id] = true
		out = append(out, Heading{h.Level, text, id})
		return ast.WalkSkipChildren, nil
	})
	return out
}

// HeadingID is the id Hugo gives a heading of this text.
func HeadingID(text string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(text) {
		switch {
		case r == '-' || r == ' ':
			b.WriteByte('-')
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	if b.Len() == 0 {
		return "heading"
	}
	return b.String()
}

// plainText is a node's text without its markup.
func plainText(n ast.Node, body []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(body))
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// RepeatsTitle reports whether a heading's text is the page's title, as the
// themes compare them (render-heading.html): trimmed, without regard to
// case. Such a first "# Title" is dropped on the sites, so its anchor leads
// nowhere and it does not count among the body's headings.
func RepeatsTitle(heading, title string) bool {
	return strings.EqualFold(strings.TrimSpace(heading), strings.TrimSpace(title))
}
