package site

import "testing"

// TestHeadingShift: a body's highest heading lands one level below the
// section the theme puts it in, whether the author wrote "#" or "###", and
// a first "# Title" that repeats the page's title does not count (the
// themes drop it) — issue 13, headings nest under the page.
func TestHeadingShift(t *testing.T) {
	for _, tc := range []struct {
		name, body, title string
		base, want        int
	}{
		{"no headings", "Text only.", "Access Policy", 1, 0},
		{"h2 sections under the page title", "## Purpose\n\n## Scope\n", "Access Policy", 1, 0},
		{"h1 sections under the page title", "# Purpose\n\n## Detail\n", "Access Policy", 1, 1},
		{"the title repeated, then h2 sections", "# Access Policy\n\n## Purpose\n", "Access Policy", 1, 0},
		{"the title repeated in another case, then h1 sections", "#  access policy \n\n# Purpose\n", "Access Policy", 1, 1},
		{"the title with markup", "# **Access** `Policy`\n\n## Purpose\n", "Access Policy", 1, 0},
		{"under an h2 section of the page", "# Purpose\n", "Access Policy", 2, 2},
		{"h3 at the top, under an h2 section", "### Purpose\n", "Access Policy", 2, 0},
		{"deep headings move up", "#### Purpose\n", "Access Policy", 1, -2},
		{"setext headings", "Purpose\n=======\n", "Access Policy", 1, 1},
		{"a heading in a code block is text", "```\n# not a heading\n```\n\n## Purpose\n", "Access Policy", 1, 0},
		{"only the title", "# Access Policy\n\nText.", "Access Policy", 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := HeadingShift(tc.body, tc.title, tc.base); got != tc.want {
				t.Errorf("HeadingShift = %d, want %d", got, tc.want)
			}
		})
	}
}
