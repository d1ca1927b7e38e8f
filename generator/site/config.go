package site

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/attest-dev/attest/generator/hugosettings"
	"github.com/attest-dev/attest/generator/layout"
)

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
		// No request leaves a build: the same commit must render the same
		// anywhere, offline too. Hugo refuses resources.GetRemote (which
		// built-in shortcodes such as x and instagram call) for any URL,
		// and running programs (sass, postcss, node, git, go), which
		// could fetch on their own. The program cannot set security.
		"security": map[string]any{
			"http": map[string]any{"urls": []any{"none"}, "methods": []any{"none"}},
			"exec": map[string]any{"allow": []any{"none"}, "osenv": []any{"none"}},
			// Nor may they read the environment (Hugo allows HUGO_* and CI):
			// the same commit renders the same on every machine.
			"funcs": map[string]any{"getenv": []any{"none"}},
		},
	}
	if !spec.RawHTML {
		// Raw HTML is left out by design where it is off (the public site).
		cfg["ignorelogs"] = []any{"warning-goldmark-raw-html"}
	}
	if cfg["baseurl"] == "" {
		cfg["baseurl"] = "/"
	}
	if err := checkReserved(spec.Hugo); err != nil {
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

// checkReserved refuses the first setting a program may not set; compile
// reports them all, with their lines, before a build gets here.
func checkReserved(user map[string]any) error {
	if refused := hugosettings.Check(user); len(refused) > 0 {
		return fmt.Errorf("[hugo] %s cannot be set in config.toml: %s", refused[0].Key(), refused[0].Why)
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
	for _, dir := range layout.Mounted {
		out = append(out, map[string]any{"source": filepath.Join(userDir, dir), "target": dir})
	}
	return out
}
