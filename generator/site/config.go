package site

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/attest-dev/attest/generator/sitepath"
)

// reserved are Hugo settings attest decides itself: where files come from and
// go, and what keeps output safe and deterministic. A [hugo] table that sets
// one is refused rather than silently overridden.
var reserved = map[string]string{
	"workingdir":                      "attest builds in a folder of its own",
	"publishdir":                      "set the output folder with [outputs] in config.toml",
	"contentdir":                      "content comes from the compiled program, never from content/",
	"datadir":                         "site data comes from the compiled program",
	"layoutdir":                       "put your layouts in layouts/ at the program root",
	"staticdir":                       "put static files in static/ at the program root",
	"assetdir":                        "put assets in assets/ at the program root",
	"i18ndir":                         "put translations in i18n/ at the program root",
	"themesdir":                       "put themes in themes/ at the program root",
	"cachedir":                        "attest keeps Hugo's caches in memory",
	"resourcedir":                     "attest keeps Hugo's generated resources in memory",
	"module":                          "attest mounts the program's layouts/, static/, assets/ and i18n/ itself",
	"theme":                           "override the built-in theme with layouts/ or themes/<same name>/ instead",
	"relativeurls":                    "links are always relative, so the sites work from any host and from disk",
	"canonifyurls":                    "links are always relative, so the sites work from any host and from disk",
	"uglyurls":                        "attest links to index.html files itself",
	"nobuildlock":                     "attest builds aside and swaps the output in whole",
	"enablegitinfo":                   "build information comes from the program's git history",
	"buildfuture":                     "attest builds every page it is given, whatever the wall clock says",
	"buildexpired":                    "attest builds every page it is given, whatever the wall clock says",
	"markup.goldmark.renderer.unsafe": "raw HTML is decided by attest: off on the public site",
	"markup.highlight.noclasses":      "highlighting uses the CSS classes the themes ship",
	"security":                        "Hugo's security policy is attest's to decide",
}

// hugoConfig returns the Hugo configuration for spec: the generator's
// settings with the user's [hugo] table merged over them.
func hugoConfig(spec Spec, mounts []map[string]any) (map[string]any, error) {
	cfg := map[string]any{
		"baseurl":                    spec.BaseURL,
		"title":                      spec.Title,
		"theme":                      spec.Theme,
		"locale":                     "en",
		"defaultcontentlanguage":     "en",
		"relativeurls":               true,
		"canonifyurls":               false,
		"uglyurls":                   false,
		"disablekinds":               []any{"taxonomy", "term", "rss", "sitemap", "robotstxt"},
		"disablehugogeneratorinject": true,
		"buildfuture":                true,
		"buildexpired":               true,
		"builddrafts":                false,
		"timezone":                   "UTC",
		"enablegitinfo":              false,
		"nobuildlock":                true,
		"taxonomies":                 map[string]any{},
		"markup": map[string]any{
			"goldmark": map[string]any{
				"renderer": map[string]any{"unsafe": spec.RawHTML},
			},
			"highlight": map[string]any{"noclasses": false},
		},
		"module": map[string]any{"mounts": toAny(mounts)},
	}
	if !spec.RawHTML {
		// Raw HTML is left out by design where it is off (the public site).
		cfg["ignorelogs"] = []any{"warning-goldmark-raw-html"}
	}
	if cfg["baseurl"] == "" {
		cfg["baseurl"] = "/"
	}
	if err := checkReserved(spec.Hugo, ""); err != nil {
		return nil, err
	}
	merge(cfg, spec.Hugo)
	return cfg, nil
}

func toAny(mounts []map[string]any) []any {
	out := make([]any, len(mounts))
	for i, m := range mounts {
		out[i] = m
	}
	return out
}

// checkReserved reports the first reserved key user sets, in sorted key order.
func checkReserved(user map[string]any, prefix string) error {
	for _, k := range slices.Sorted(maps.Keys(user)) {
		key := prefix + strings.ToLower(k)
		if why, ok := reserved[key]; ok {
			return fmt.Errorf("[hugo] %s cannot be set in config.toml: %s", prefix+k, why)
		}
		if sub, ok := user[k].(map[string]any); ok {
			if err := checkReserved(sub, key+"."); err != nil {
				return err
			}
		}
	}
	return nil
}

// merge copies src into dst, recursing into tables that both hold; keys are
// matched without regard to case, as Hugo reads them.
func merge(dst, src map[string]any) {
	for k, v := range src {
		lk := strings.ToLower(k)
		if sv, ok := v.(map[string]any); ok {
			if dv, ok := dst[lk].(map[string]any); ok {
				merge(dv, sv)
				continue
			}
			fresh := map[string]any{}
			merge(fresh, sv)
			dst[lk] = fresh
			continue
		}
		dst[lk] = v
	}
}

// userMounts mounts the program's own override folders. Folders that do not
// exist are skipped by Hugo.
func userMounts(userDir string) []map[string]any {
	if userDir == "" {
		return nil
	}
	var out []map[string]any
	for _, dir := range sitepath.UserFolders {
		out = append(out, map[string]any{"source": filepath.Join(userDir, dir), "target": dir})
	}
	return out
}
