package hugosettings

import (
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestCheckFindsReservedSettingsAtAnyDepth: a reserved setting is refused
// wherever Hugo would read it — at the top, in any case, under a language,
// under a language's markup, inside an inline table — and params are the
// user's own (issue 11).
func TestCheckFindsReservedSettingsAtAnyDepth(t *testing.T) {
	for _, tc := range []struct {
		name, toml string
		want       []string // refused keys, in order
	}{
		{"nothing reserved", `title = "x"
[markup.goldmark.renderer]
hardWraps = true
[params]
contentDir = "mine"`, nil},
		{"top level, any case", `ContentDir = "../policies"`, []string{"ContentDir"}},
		{"numbered static folder", `staticDir3 = "/etc"`, []string{"staticDir3"}},
		{"per language folder", `[languages.fr]
contentDir = "../../policies"
weight = 2`, []string{"languages.fr.contentDir"}},
		{"per language markup", `[languages.en.markup.goldmark.renderer]
unsafe = true`, []string{"languages.en.markup.goldmark.renderer.unsafe"}},
		{"inline tables", `markup = { goldmark = { renderer = { unsafe = true } } }`, []string{"markup.goldmark.renderer.unsafe"}},
		{"module mounts", `[[module.mounts]]
source = "../policies"
target = "content"`, []string{"module"}},
		{"passthrough", `[markup.goldmark.extensions.passthrough]
enable = true`, []string{"markup.goldmark.extensions.passthrough"}},
		{"another renderer", `[markup]
defaultMarkdownHandler = "org"`, []string{"markup.defaultMarkdownHandler"}},
		{"cascade", `[[cascade]]
[cascade.params]
state = "operating"`, []string{"cascade"}},
		{"language params are the user's", `[languages.fr.params]
contentDir = "x"`, nil},
		{"several, sorted", `theme = "x"
publishDir = "/tmp"
[languages.de]
publishDir = "/tmp/de"`, []string{"languages.de.publishDir", "publishDir", "theme"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := map[string]any{}
			if _, err := toml.Decode(tc.toml, &m); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range Check(m) {
				got = append(got, r.Key())
				if r.Why == "" {
					t.Errorf("%s: no reason given", r.Key())
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("refused %s, want %s", strings.Join(got, ", "), strings.Join(tc.want, ", "))
			}
		})
	}
}
