package description

import (
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// mentionParser reads Markdown as Hugo's goldmark does for what matters
// here: which text is prose (not code, a link or raw HTML), tables included.
var mentionParser = goldmark.New(goldmark.WithExtensions(extension.GFM))

// linkMentions returns md with each control id written in its prose (e.g.
// "(CTL-MFA)" in a description section) made a link to that control. The
// link names the control's source file from the repository root
// ("/content/controls/mfa.md"), as a link written by hand would, so that
// the theme's render-link hook resolves it to the control's page like any
// other. Ids in code, headings, links and raw HTML are left as written.
// files maps control ids to their repo-relative source files.
func linkMentions(md string, files map[string]string) string {
	if len(files) == 0 || md == "" {
		return md
	}
	ids := make([]string, 0, len(files))
	for id, file := range files {
		// A file whose name cannot be a link destination stays unlinked.
		if id != "" && file != "" && !strings.ContainsAny(file, "<>\n\r") {
			ids = append(ids, id)
		}
	}
	// Longest first, so that CTL-DR-TEST is not taken for CTL-DR.
	slices.SortFunc(ids, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})

	src := []byte(md)
	doc := mentionParser.Parser().Parse(text.NewReader(src))
	type span struct{ start, end int }
	var found []span
	var foundID []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Heading, *ast.Link, *ast.AutoLink, *ast.Image, *ast.CodeSpan, *ast.RawHTML,
			*ast.HTMLBlock, *ast.FencedCodeBlock, *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		}
		t, ok := n.(*ast.Text)
		if !ok {
			return ast.WalkContinue, nil
		}
		seg := t.Segment
		s := string(src[seg.Start:seg.Stop])
		taken := make([]bool, len(s))
		for _, id := range ids {
			for from := 0; ; {
				i := strings.Index(s[from:], id)
				if i < 0 {
					break
				}
				i += from
				j := i + len(id)
				from = j
				if (i > 0 && idByte(s[i-1])) || (j < len(s) && idByte(s[j])) || slices.Contains(taken[i:j], true) {
					continue
				}
				for k := i; k < j; k++ {
					taken[k] = true
				}
				found = append(found, span{seg.Start + i, seg.Start + j})
				foundID = append(foundID, id)
			}
		}
		return ast.WalkContinue, nil
	})
	if len(found) == 0 {
		return md
	}
	order := make([]int, len(found))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return found[a].start - found[b].start })
	var b strings.Builder
	last := 0
	for _, k := range order {
		sp := found[k]
		b.WriteString(md[last:sp.start])
		b.WriteString("[" + md[sp.start:sp.end] + "](</" + files[foundID[k]] + ">)")
		last = sp.end
	}
	b.WriteString(md[last:])
	return b.String()
}

// idByte reports whether c can be part of an id, so that an id is matched
// only as a whole word ("CTL-MFA" not inside "CTL-MFA-2" or "XCTL-MFA").
func idByte(c byte) bool {
	return c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}
