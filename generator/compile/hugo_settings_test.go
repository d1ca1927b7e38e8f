package compile_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/hugosettings"
)

// TestHostileHugoSettingsAreRefusedAtTheirLine writes every reserved Hugo
// setting into config.toml at the top of [hugo], under a language, and
// under a language's markup, and requires check to refuse each at the line
// and column where it was written (issue 11: a setting nested under
// [hugo.languages.fr] passed check and published internal policies).
func TestHostileHugoSettingsAreRefusedAtTheirLine(t *testing.T) {
	base := fixtureFS(t, "testdata/minimal.txtar")
	config := string(base["config.toml"].Data)
	for _, setting := range hugosettings.Reserved() {
		parts := strings.Split(setting, ".")
		table, key := parts[:len(parts)-1], parts[len(parts)-1]
		for _, under := range []string{"hugo", "hugo.languages.fr", "hugo.languages.en"} {
			header := strings.Join(append([]string{under}, table...), ".")
			t.Run(header+"."+key, func(t *testing.T) {
				// A harmless key first, so the reserved one is not on the header's line.
				src := config + "\n[" + header + "]\nweight_probe = 1\n" + key + " = \"../policies\"\n"
				line := strings.Count(src, "\n")
				fsys := fstest.MapFS{}
				for name, f := range base {
					fsys[name] = f
				}
				fsys["config.toml"] = &fstest.MapFile{Data: []byte(src)}
				res := compile.Compile(fsys, compile.Options{Today: today})
				want := fmt.Sprintf("config.toml:%d:1: [hugo] %s cannot be set in config.toml", line, strings.TrimPrefix(header+"."+key, "hugo."))
				var got []string
				for _, d := range res.Diags.Items() {
					if d.Severity == diag.Error {
						got = append(got, d.String())
					}
				}
				if len(got) != 1 || !strings.HasPrefix(got[0], want) {
					t.Errorf("errors:\n  %s\nwant one starting\n  %s", strings.Join(got, "\n  "), want)
				}
			})
		}
	}
}
