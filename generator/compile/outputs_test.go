package compile_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/attest-dev/attest/generator/compile"
)

// TestOutputFolders: the two [outputs] are compared as folders, not as
// strings. The private site inside, over or around the public one publishes
// the system description with its evidence, or deletes the trust center on
// every private build; an output over the program's own folders replaces
// them. Each is reported at its line in config.toml. (Issue 11.)
func TestOutputFolders(t *testing.T) {
	tests := []struct {
		name    string
		outputs string // the [outputs] table's keys, from line 11
		want    string // substring of the one error expected; "" means none
	}{
		{"defaults", "", ""},
		{"side by side", "public = \"site/public\"\nprivate = \"site/private\"\n", ""},
		{"a shared prefix is not nesting", "public = \"docs\"\nprivate = \"docs-private\"\n", ""},
		{"outside the program", "public = \"../www/trust\"\nprivate = \"/srv/auditors\"\n", ""},
		{"a name of dots", "public = \"....\"\n", ""},
		{"same string", "public = \"out\"\nprivate = \"out\"\n", `config.toml:12:1: [outputs] private "out" is the same folder as public "out"`},
		{"same folder, dot slash", "private = \"./public\"\n", `config.toml:11:1: [outputs] private "./public" is the same folder as public "public"`},
		{"same folder, trailing slash", "private = \"public/\"\n", `config.toml:11:1: [outputs] private "public/" is the same folder as public "public"`},
		{"same folder, other case", "public = \"Site\"\nprivate = \"site\"\n", `config.toml:12:1: [outputs] private "site" is the same folder as public "Site"`},
		{"private inside public", "private = \"public/auditors\"\n", `config.toml:11:1: [outputs] private "public/auditors" is inside public "public": the system description, evidence included, would be published with the trust center`},
		{"public inside private", "public = \"private/pub\"\n", `config.toml:11:1: [outputs] public "private/pub" is inside private "private": every private build replaces that folder whole`},
		{"private around public", "public = \"site/trust\"\nprivate = \"site\"\n", `config.toml:11:1: [outputs] public "site/trust" is inside private "site"`},
		{"over sources", "public = \"content\"\n", `config.toml:11:1: [outputs] public "content" would replace the program's own files (content/)`},
		{"inside sources", "private = \"./layouts/private\"\n", `config.toml:11:1: [outputs] private "./layouts/private" would replace the program's own files (layouts/)`},
		{"over git", "public = \".git\"\n", `would replace the program's own files (.git/)`},
		{"the program itself", "public = \".\"\n", `config.toml:11:1: [outputs] public "." holds the program itself`},
		{"around the program", "private = \"../..\"\n", `config.toml:11:1: [outputs] private "../.." holds the program itself`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fixtureFS(t, "testdata/minimal.txtar")
			cfg := string(fsys["config.toml"].Data)
			if strings.Count(cfg, "\n") != 8 {
				t.Fatalf("minimal config.toml has %d lines; the lines wanted assume 8", strings.Count(cfg, "\n"))
			}
			if tt.outputs != "" {
				fsys["config.toml"] = &fstest.MapFile{Data: []byte(cfg + "\n[outputs]\n" + tt.outputs)}
			}
			res := compile.Compile(fsys, compile.Options{Today: today})
			items := res.Diags.Items()
			if tt.want == "" {
				for _, d := range items {
					t.Errorf("unexpected: %s", d)
				}
				return
			}
			if len(items) != 1 || !strings.Contains(items[0].String(), tt.want) {
				t.Errorf("want one diagnostic containing %q, got %v", tt.want, items)
			}
		})
	}
}
