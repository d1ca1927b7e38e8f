package site

import "github.com/attest-dev/attest/generator/mdlink"

// HeadingShift returns how many levels the headings of a page's Markdown
// body move, so that they nest under the page: the body's highest heading
// lands at base+1, where base is the level of the section the theme puts
// the body in (1 directly under the page's h1, 2 under one of its h2
// sections). A level-1 heading that repeats the page's title, as most
// policy libraries begin, is left out of the count; the themes drop it
// (render-heading.html, with the page param heading_shift). Policy authors
// write "# Purpose" or "## Purpose" alike; both become the page's own level.
// The body is read as compile reads it (mdlink), so that both agree on which
// heading is the title.
func HeadingShift(body, title string, base int) int {
	src := []byte(body)
	top := 0
	for _, h := range mdlink.Headings(mdlink.Parse(src), src) {
		if h.Level == 1 && mdlink.RepeatsTitle(h.Text, title) {
			continue
		}
		if top == 0 || h.Level < top {
			top = h.Level
		}
	}
	if top == 0 {
		return 0
	}
	return base + 1 - top
}

// Headings are the params the themes' render-heading.html reads to nest a
// page's body under the page: a page kind with a body embeds them in its
// params.
type Headings struct {
	// HeadingShift is how many levels the body's headings move (HeadingShift).
	HeadingShift int `json:"heading_shift"`
	// HeadingTitle is the page's title, which a first "# …" of the body repeats.
	HeadingTitle string `json:"heading_title"`
}

// NestedHeadings returns the Headings of a page titled title whose body
// sits under a section of level base.
func NestedHeadings(body, title string, base int) Headings {
	return Headings{HeadingShift: HeadingShift(body, title, base), HeadingTitle: title}
}
