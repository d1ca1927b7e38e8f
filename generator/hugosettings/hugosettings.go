// Package hugosettings decides which Hugo settings a program's [hugo] table
// may hold: those that change what Hugo reads, where it writes, how it
// escapes or what a generated page says are attest's own.
package hugosettings

import (
	"maps"
	"regexp"
	"slices"
	"strings"
)

// reserved are the settings attest decides, by lowercase dotted path, with
// the reason given to whoever sets one. A setting under a reserved one is
// reserved too (module.mounts under module).
var reserved = map[string]string{
	"workingdir":    "attest builds in a folder of its own",
	"publishdir":    "set the output folder with [outputs] in config.toml",
	"contentdir":    "content comes from the compiled program, never from content/",
	"datadir":       "site data comes from the compiled program",
	"layoutdir":     "put your layouts in layouts/ at the program root",
	"staticdir":     "put static files in static/ at the program root",
	"assetdir":      "put assets in assets/ at the program root",
	"i18ndir":       "put translations in i18n/ at the program root",
	"archetypedir":  "attest new makes new items, not Hugo archetypes",
	"themesdir":     "put themes in themes/ at the program root",
	"cachedir":      "attest keeps Hugo's caches in memory",
	"caches":        "attest keeps Hugo's caches in memory",
	"resourcedir":   "attest keeps Hugo's generated resources in memory",
	"module":        "attest mounts the program's layouts/, static/, assets/ and i18n/ itself",
	"theme":         "override the built-in theme with layouts/ or themes/<same name>/ instead",
	"relativeurls":  "links are always relative, so the sites work from any host and from disk",
	"canonifyurls":  "links are always relative, so the sites work from any host and from disk",
	"uglyurls":      "attest links to index.html files itself",
	"nobuildlock":   "attest builds aside and swaps the output in whole",
	"enablegitinfo": "build information comes from the program's git history",
	"buildfuture":   "attest builds every page it is given, whatever the wall clock says",
	"buildexpired":  "attest builds every page it is given, whatever the wall clock says",
	"builddrafts":   "attest builds every page it is given, whatever the wall clock says",
	"frontmatter":   "page dates come from the compiled program (file times would make the output differ from build to build)",
	"cascade":       "what a page says comes from the compiled program; cascaded values could change it",
	"security":      "Hugo's security policy is attest's to decide",

	"markup.defaultmarkdownhandler":          "Markdown is rendered by goldmark with attest's settings (other renderers pass raw HTML or run programs)",
	"markup.goldmark.renderer.unsafe":        "raw HTML is decided by attest: off on the public site",
	"markup.goldmark.extensions.passthrough": "passed-through text is written raw, without escaping",
	"markup.highlight.noclasses":             "highlighting uses the CSS classes the themes ship (inline styles break the sites' Content-Security-Policy)",
}

// numbered are settings Hugo also reads with a number after the name
// (staticDir0 … staticDir10).
var numbered = regexp.MustCompile(`^(staticdir|contentdir)[0-9]+$`)

// Refusal is a setting of the [hugo] table that a program may not set.
type Refusal struct {
	Path []string // the keys as written, from within [hugo] down to the setting
	Why  string
}

// Key returns the setting's dotted path as written, e.g. "languages.fr.contentDir".
func (r Refusal) Key() string { return strings.Join(r.Path, ".") }

// Check returns every reserved setting that hugo — a program's [hugo]
// table — sets, in key order. Hugo matches keys without regard to case and
// reads most settings per language too, so [hugo.languages.fr] contentDir
// is contentDir; params are the user's own and never reserved.
func Check(hugo map[string]any) []Refusal {
	var out []Refusal
	walk(hugo, nil, &out)
	return out
}

func walk(m map[string]any, path []string, out *[]Refusal) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		p := append(slices.Clip(path), k)
		setting := settingPath(p)
		if why, ok := reservedAt(setting); ok {
			*out = append(*out, Refusal{Path: p, Why: why})
			continue
		}
		if setting == "params" {
			continue
		}
		if sub, ok := m[k].(map[string]any); ok {
			walk(sub, p, out)
		}
	}
}

// settingPath returns the lowercase dotted setting that a path sets, with
// the languages.NAME. prefixes Hugo reads per language taken off.
func settingPath(path []string) string {
	var parts []string
	for _, p := range path {
		parts = append(parts, strings.ToLower(p))
	}
	for len(parts) >= 3 && parts[0] == "languages" {
		parts = parts[2:]
	}
	return strings.Join(parts, ".")
}

func reservedAt(setting string) (string, bool) {
	if why, ok := reserved[setting]; ok {
		return why, true
	}
	if numbered.MatchString(setting) {
		return reserved[strings.TrimRight(setting, "0123456789")], true
	}
	return "", false
}

// Reserved returns the reserved settings' lowercase dotted paths, sorted.
func Reserved() []string { return slices.Sorted(maps.Keys(reserved)) }
