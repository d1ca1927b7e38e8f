package compile_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/attest-dev/attest/generator/compile"
)

// TestCheckRefusesWhatBuildCannotPublish: names and files that check let
// pass but the build then failed on, or silently dropped, are check errors
// naming the program's own file (issue 11).
func TestCheckRefusesWhatBuildCannotPublish(t *testing.T) {
	page := &fstest.MapFile{Data: []byte("+++\ntitle = \"Page\"\n+++\nText.\n")}
	update := &fstest.MapFile{Data: []byte("+++\ntitle = \"News\"\ndate = 2026-05-01\n+++\nText.\n")}
	policy := func(id string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\nid = \"" + id + "\"\ntitle = \"T\"\nowner = \"O\"\nstatus = \"draft\"\n+++\n\nBody.\n")}
	}
	link := func(target string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink}
	}
	file := &fstest.MapFile{Data: []byte("x")}
	tests := []struct {
		name  string
		files map[string]*fstest.MapFile
		want  []string // the diagnostics, in order; none for a program that builds
	}{
		{"ordinary names", map[string]*fstest.MapFile{
			"content/trust/about.md": page, "content/trust/trust-json.md": page, "content/trust/updates/news.md": update,
			"static/logo.svg": file, "layouts/_partials/x.html": file, "assets/css/x.css": file, "i18n/en.toml": file,
		}, nil},
		{"trust page trust.json", map[string]*fstest.MapFile{"content/trust/trust.json.md": page},
			[]string{`content/trust/trust.json.md:1:1: trust page "trust.json" would be published at /trust.json/, which is taken by the trust center's own trust.json: rename the file`}},
		{"trust page 404.html", map[string]*fstest.MapFile{"content/trust/404.html.md": page},
			[]string{`content/trust/404.html.md:1:1: trust page "404.html" would be published at /404.html/, which is taken by the trust center's own 404.html`}},
		{"trust page favicon.svg", map[string]*fstest.MapFile{"content/trust/favicon.svg.md": page},
			[]string{`content/trust/favicon.svg.md:1:1: trust page "favicon.svg" would be published at /favicon.svg/`}},
		{"trust page css, any case", map[string]*fstest.MapFile{"content/trust/CSS.md": page},
			[]string{`content/trust/CSS.md:1:1: trust page "CSS" would be published at /css/, which is taken by the trust center's own css`}},
		{"trust page badges", map[string]*fstest.MapFile{"content/trust/badges.md": page},
			[]string{`content/trust/badges.md:1:1: trust page "badges" would be published at /badges/`}},
		{"trust page named like a dot file", map[string]*fstest.MapFile{"content/trust/-.well-known.md": page},
			[]string{`content/trust/-.well-known.md:1:1: trust page "-.well-known" would be published at /.well-known/, which is taken by nothing: a name starting with a dot is a hidden file`}},
		{"update named like a dot file", map[string]*fstest.MapFile{"content/trust/updates/_.news.md": update},
			[]string{`content/trust/updates/_.news.md:1:1: update "_.news" would be published as /updates/.news/, a hidden folder`}},
		{"policy id starting with a dot", map[string]*fstest.MapFile{"policies/secret.md": policy(".secret")},
			[]string{`policies/secret.md:2:1: policy id ".secret" would be published as .secret, a hidden file the site builder skips: start the id with a letter or digit`}},
		{"policy id of dots", map[string]*fstest.MapFile{"policies/up.md": policy("..")},
			[]string{`policies/up.md:2:1: policy id ".." would be published as ..`}},
		{"control id starting with a dot", map[string]*fstest.MapFile{"content/controls/one.md": {Data: []byte(strings.Replace(
			string(fixtureFS(t, "testdata/minimal.txtar")["content/controls/one.md"].Data), `id = "CTL-ONE"`, `id = " .one"`, 1))}},
			[]string{`content/controls/one.md:2:1: control id " .one" would be published as .one`}},
		{"policy id index", map[string]*fstest.MapFile{"policies/index.md": policy("_Index")},
			[]string{`policies/index.md:2:1: policy id "_Index" would be published as index, which the site builder reads as the page of its whole section: choose another id`}},
		{"control id index, from the file name", map[string]*fstest.MapFile{"content/controls/one.md": nil, "content/controls/index.md": {Data: []byte(strings.Replace(
			string(fixtureFS(t, "testdata/minimal.txtar")["content/controls/one.md"].Data), "id = \"CTL-ONE\"\n", "", 1))}},
			[]string{`content/controls/index.md:2:1: control id "index" would be published as index`}},
		{"framework id index", map[string]*fstest.MapFile{"frameworks/index.toml": {Data: []byte(
			"id = \"index\"\nname = \"Index\"\n[[group]]\nid = \"g\"\nname = \"G\"\n[[criterion]]\nid = \"I.1\"\ngroup = \"g\"\ntitle = \"T\"\n")}},
			[]string{`frameworks/index.toml:1:1: framework id "index" would be published as index`}},
		{"framework id starting with a dot", map[string]*fstest.MapFile{"frameworks/dot.toml": {Data: []byte(
			"id = \".dot\"\nname = \"Dot\"\n[[group]]\nid = \"g\"\nname = \"G\"\n[[criterion]]\nid = \"D.1\"\ngroup = \"g\"\ntitle = \"T\"\n")}},
			[]string{`frameworks/dot.toml:1:1: framework id ".dot" would be published as .dot`}},
		{"symbolic link in static", map[string]*fstest.MapFile{"static/logo.svg": link("../logo.svg")},
			[]string{`static/logo.svg: symbolic links are not followed in static/: the site would fail to build or lack this file; copy the file instead`}},
		{"symbolic links deeper and in every mounted folder", map[string]*fstest.MapFile{
			"static/img/a.png": link("/etc/passwd"), "layouts/_partials/head.html": link("x"),
			"assets/css/x.css": link("y"), "i18n/en.toml": link("z"), "static/dir": link("img"),
		}, []string{
			`assets/css/x.css: symbolic links are not followed in assets/`,
			`i18n/en.toml: symbolic links are not followed in i18n/`,
			`layouts/_partials/head.html: symbolic links are not followed in layouts/`,
			`static/dir: symbolic links are not followed in static/`,
			`static/img/a.png: symbolic links are not followed in static/`,
		}},
		{"a mounted folder that is a link", map[string]*fstest.MapFile{"static": link("/srv/www")},
			[]string{`static: static/ is a symbolic link, which the site builder does not follow: make it a folder and copy the files in`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fixtureFS(t, "testdata/minimal.txtar")
			for name, f := range tt.files {
				if f == nil {
					delete(fsys, name)
					continue
				}
				fsys[name] = f
			}
			items := compile.Compile(fsys, compile.Options{Today: today}).Diags.Items()
			if len(items) != len(tt.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%v", len(items), len(tt.want), items)
			}
			for i, d := range items {
				if !strings.HasPrefix(d.String(), tt.want[i]) {
					t.Errorf("got  %s\nwant %s…", d, tt.want[i])
				}
			}
		})
	}
}

// TestCheckRefusesSymlinkInStatic opens the program as the CLI does (an
// os.Root), where links are seen as links, not followed.
func TestCheckRefusesSymlinkInStatic(t *testing.T) {
	dir := t.TempDir()
	for name, f := range fixtureFS(t, "testdata/minimal.txtar") {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(dir, "static"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "config.toml.bak"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../config.toml.bak", filepath.Join(dir, "static", "x")); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	items := compile.Compile(root.FS(), compile.Options{Today: today}).Diags.Items()
	if len(items) != 1 || !strings.HasPrefix(items[0].String(), "static/x: symbolic links are not followed in static/") {
		t.Errorf("got %v", items)
	}
}
