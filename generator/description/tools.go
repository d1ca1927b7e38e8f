package description

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/attest-dev/attest/generator/mdlink"
)

// printView writes the single page that joins every other page, in reading
// order, for an auditor to save as one PDF. Links inside it point at the
// joined blocks, so the saved file stands alone.
func (b *builder) printView() {
	refs := nonNil(b.print)
	if b.opts.Preview {
		refs = []string{}
	}
	b.add("/print", kindPrint, "Print view", 90, "", &PrintPage{
		Common:  Common{Search: "print view pdf whole description"},
		Refs:    refs,
		Preview: b.opts.Preview,
	}, false)
}

// searchPage writes the search page. The theme builds the index from every
// page's title, search words and text when the site is rendered; without
// JavaScript the page lists every page instead.
func (b *builder) searchPage() {
	b.add("/search", kindSearch, "Search", 91, "", &SearchPage{Common: Common{Search: "search"}, Preview: b.opts.Preview}, false)
}

// searchIndexFile is where a preview's search index is written.
const searchIndexFile = "js/search-index.js"

// searchIndex is the search page's index made in Go, for a preview: the
// theme's own index loops over every page and its rendered text, so each
// edit would render the search page again. Entries are what the theme's
// index holds — title, URL from the root, search words and the start of the
// text — in title order; the text is what a reader sees of the page's
// Markdown (mdlink.ReaderText), as the theme's is of its HTML.
func (b *builder) searchIndex() []byte {
	type entry struct {
		T string `json:"t"`
		U string `json:"u"`
		S string `json:"s"`
		X string `json:"x"`
	}
	var entries []entry
	// The excerpts of pages whose Markdown did not change since the last
	// preview are taken from it rather than parsed again (~11 ms of every
	// serve rebuild on the large program).
	last := b.opts.Cache.excerpts()
	next := make(map[string]excerpt, len(b.pages))
	for _, p := range b.pages {
		c := p.Params.(pageParams).common()
		if c.PageKind == kindPrint || c.PageKind == kindSearch {
			continue
		}
		u, words := c.URL, c.Search
		x, ok := last[u]
		if !ok || x.md != p.Body {
			x = excerpt{md: p.Body, text: plainText(p.Body, 280)}
		}
		next[u] = x
		entries = append(entries, entry{T: p.Title, U: strings.TrimPrefix(u, "/") + "index.html", S: words, X: x.text})
	}
	b.opts.Cache.putExcerpts(next)
	slices.SortStableFunc(entries, func(a, b entry) int {
		if c := strings.Compare(a.T, b.T); c != 0 {
			return c
		}
		return strings.Compare(a.U, b.U)
	})
	var buf bytes.Buffer
	buf.WriteString("window.attestSearch = ")
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true) // the index is a script: no "</script>" inside
	enc.Encode(entries)     // plain strings cannot fail to encode
	buf.Truncate(buf.Len() - 1)
	buf.WriteString(";\n")
	return buf.Bytes()
}

// plainText is the text a reader sees of Markdown md (mdlink.ReaderText),
// cut to at most n bytes at a word boundary.
func plainText(md string, n int) string {
	text := mdlink.ReaderText(mdlink.Parse([]byte(md)), []byte(md))
	if len(text) <= n {
		return text
	}
	cut := strings.LastIndexByte(text[:n], ' ')
	if cut <= 0 {
		cut = n
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
	}
	return text[:cut] + "…"
}

func sortStrings(s []string) { slices.Sort(s) }
