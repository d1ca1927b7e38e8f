// Package sitepath names what the sites publish: the URL segment an id
// becomes and the names the trust center takes at its root. The compiler
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

// UserFolders are the program's own folders the sites mount into Hugo,
// overriding or adding to the theme's layouts, static files, assets and
// translations.
var UserFolders = []string{"layouts", "static", "assets", "i18n"}
