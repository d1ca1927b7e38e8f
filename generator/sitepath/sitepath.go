// Package sitepath names what the sites publish: the URL segment an id
// becomes, the names the trust center takes at its root, and the
// Content-Type a file is served with (deploy's uploads, the sealed site's
// service worker). The compiler
// checks a program against them and the site builders use them, so that
// what `attest check` accepts, `attest build` can publish. It imports
// nothing of Hugo, so the compiler can share it.
package sitepath

import (
	"slices"
	"strings"
)

// Slug lowercases s and keeps letters, digits and dots, joining the rest
// with single dashes, so that an id makes a URL path segment and an HTML id;
// "item" when nothing is left.
func Slug(s string) string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.':
			sb.WriteRune(r)
			dash = false
		default:
			if !dash && sb.Len() > 0 {
				sb.WriteByte('-')
				dash = true
			}
		}
	}
	out := strings.TrimRight(sb.String(), "-")
	if out == "" {
		return "item"
	}
	return out
}

// Hidden reports whether id's page would be a dot file or folder, which
// the site builder skips: the page would vanish without a word.
func Hidden(id string) bool { return strings.HasPrefix(Slug(id), ".") }

// ItemPageProblem says why an item with this id (a policy, control or
// framework, whose page is /<section>/<slug>/) could not have its page
// built, or "" when it can. A slug starting with a dot is a hidden file the
// site builder skips; "index" is read by Hugo as the section's own page
// (content/controls/index.md beside controls/_index.md), which fails the
// build of the system description.
func ItemPageProblem(id string) string {
	switch s := Slug(id); {
	case strings.HasPrefix(s, "."):
		return "would be published as " + s + ", a hidden file the site builder skips: start the id with a letter or digit"
	case s == "index":
		return "would be published as index, which the site builder reads as the page of its whole section: choose another id"
	}
	return ""
}

// TrustRoot lists what the trust center publishes at its root, sorted: its
// own pages and sections, the files it writes (trust.json, its schema,
// .well-known/security.txt, badges, the Atom feed under updates/), what its
// theme ships (404.html, favicon.svg, css/) and what Hugo writes there when
// a [hugo] table turns it on. A trust page, published at /<slug>/, may not
// take one of these names.
var TrustRoot = []string{
	".well-known", "404.html", "badges", "controls", "css", "favicon.svg", "frameworks",
	"index.html", "index.xml", "policies", "robots.txt", "sitemap.xml", "subprocessors",
	"trust.json", "trust.schema.json", "updates",
}

// TrustRootTaken reports whether a trust page named name (the file name
// without .md) would collide with something the trust center publishes,
// or be hidden.
func TrustRootTaken(name string) bool {
	s := Slug(name)
	return strings.HasPrefix(s, ".") || slices.Contains(TrustRoot, s)
}
