// Package site renders a set of generated pages through embedded Hugo into an
// output folder. It is the only package that imports Hugo's Go API.
package site

import (
	"io"
	"io/fs"

	"github.com/attest-dev/attest/generator/sitepath"
)

// Page is one generated content page. Its path decides its URL the Hugo way:
// "policies/pol-access.md" → /policies/pol-access/, "policies/_index.md" → /policies/.
type Page struct {
	Path   string // content path with slashes, ending in .md
	Title  string // front matter title
	Layout string // front matter layout; "" lets Hugo's lookup decide
	Type   string // front matter type; "" means the section
	Weight int    // front matter weight, for ordering
	Date   string // YYYY-MM-DD or ""
	Body   string // Markdown content

	// Params are the front matter params, .Params in templates: a pointer
	// to the struct of the page's kind, whose JSON names are the keys its
	// layout reads (the contract with the theme, docs/themes.md), or a
	// map[string]any; nil, a nil pointer or an empty map for none. They
	// must not change once the page is given to Build: a Builder takes the
	// same pointer or map (not an equal one) at the same path again for the
	// same params and reuses the page's encoding, which is what keeps a
	// rebuild of a large site quick. Give a new value when the params change.
	Params any

	// Outputs lists the page's output formats ("html", "atom"); nil means Hugo's default.
	Outputs []string
}

// Spec is one site to build.
type Spec struct {
	Theme   string            // theme name: "trust-center" or "system-description"
	Title   string            // site title
	BaseURL string            // optional; links are relative either way
	Pages   []Page            // generated pages (the home page is "_index.md")
	Data    any               // site-wide data, hugo.Data.attest in templates (site.Data.attest before Hugo v0.156): a pointer to a struct with JSON names, or a map; nil for none
	Files   map[string][]byte // files copied verbatim into the output, by output path
	Hugo    map[string]any    // user's [hugo] settings, merged over the generator's
	RawHTML bool              // let Markdown carry raw HTML (private site only, opt-in)
	UserDir string            // the program's directory on disk, whose layouts/, themes/, static/ and assets/ override the embedded theme; "" for none
	Out     string            // output folder, replaced whole on success

	// Themes holds the embedded themes, one folder per theme name
	// (themes.FS()); a theme of the same name under UserDir/themes wins file
	// by file. nil means themes come from UserDir only.
	Themes fs.FS
	// Log receives Hugo's warnings; nil discards them.
	Log io.Writer
	// Memos, shared by the builds of one run, hands what a build's theme
	// kept in hugo.Store to the builds after it (see Memos); MemoSalt,
	// with Memos, gives every page the param memo_key to key those by: it
	// must change with whatever a kept result may read besides its page.
	// Only Build honours them.
	Memos    *Memos
	MemoSalt string
	// Previous is the site's previous output, if any (default: Out): a
	// verbatim file (Files, the themes' static files) with the same bytes
	// there is hard-linked from it rather than written again. Only Build
	// honours it.
	Previous string
	// Rendered, when set, is called each time Hugo writes a page's HTML
	// file, from several goroutines at once: a progress line counts pages
	// done with it. It sees nothing of the page and changes nothing.
	Rendered func() `json:"-"`
	// Copies, shared by the builds of one run, lets a build hard-link the
	// files it copies verbatim that an earlier build wrote the same; nil
	// writes every file. Only Build honours it (see Copies).
	Copies *Copies
}

// Slug lowercases s and keeps letters, digits and dots, joining the rest
// with single dashes, so that an id makes a URL path segment and an HTML id;
// "item" when nothing is left. It is sitepath.Slug, which the compiler
// checks ids with.
func Slug(s string) string { return sitepath.Slug(s) }
