package description

import "slices"

// printView writes the single page that joins every other page, in reading
// order, for an auditor to save as one PDF. Links inside it point at the
// joined blocks, so the saved file stands alone.
func (b *builder) printView() {
	refs := stringsAny(b.print)
	if b.opts.Preview {
		refs = []any{}
	}
	b.add("/print", kindPrint, "Print view", 90, "", map[string]any{
		"refs":    refs,
		"preview": b.opts.Preview,
		"search":  "print view pdf whole description",
	}, false)
}

// searchPage writes the search page. The theme builds the index from every
// page's title, search words and text when the site is rendered; without
// JavaScript the page lists every page instead.
func (b *builder) searchPage() {
	b.add("/search", kindSearch, "Search", 91, "", map[string]any{"search": "search"}, false)
}

func sortStrings(s []string) { slices.Sort(s) }
