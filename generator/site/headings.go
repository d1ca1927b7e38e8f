package site

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// HeadingShift returns how many levels the headings of a page's Markdown
// body move, so that they nest under the page: the body's highest heading
// lands at base+1, where base is the level of the section the theme puts
// the body in (1 directly under the page's h1, 2 under one of its h2
// sections). A level-1 heading that repeats the page's title, as most
// policy libraries begin, is left out of the count; the themes drop it
// (render-heading.html, with the page param heading_shift). Policy authors
// write "# Purpose" or "## Purpose" alike; both become the page's own level.
func HeadingShift(body, title string, base int) int {
	doc := headingParser.Parser().Parse(text.NewReader([]byte(body)))
	top := 0
	src := []byte(body)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		if h.Level == 1 && RepeatsTitle(plainText(h, src), title) {
			return ast.WalkSkipChildren, nil
		}
		if top == 0 || h.Level < top {
			top = h.Level
		}
		return ast.WalkSkipChildren, nil
	})
	if top == 0 {
		return 0
	}
	return base + 1 - top
}

// RepeatsTitle reports whether a heading's text is the page's title, as
// the themes compare them: trimmed, without regard to case.
func RepeatsTitle(heading, title string) bool {
	return strings.EqualFold(strings.TrimSpace(heading), strings.TrimSpace(title))
}

// plainText is a heading's text without its markup, as Hugo's .PlainText.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for cc := t.FirstChild(); cc != nil; cc = cc.NextSibling() {
				if tt, ok := cc.(*ast.Text); ok {
					b.Write(tt.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// headingParser reads Markdown as Hugo's goldmark does for headings: tables
// and the other GFM blocks change where a heading can start.
var headingParser = goldmark.New(goldmark.WithExtensions(extension.GFM))

// NestHeadings adds to a page's params what the themes' render-heading.html
// reads to nest its body's headings under the page: heading_shift (see
// HeadingShift) and heading_title, the title a first "# …" repeats. It
// returns params, made when nil.
func NestHeadings(params map[string]any, body, title string, base int) map[string]any {
	if params == nil {
		params = map[string]any{}
	}
	params["heading_shift"] = HeadingShift(body, title, base)
	params["heading_title"] = title
	return params
}
