package site

import (
	"bytes"
	"context"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/attest-dev/attest/generator/site/sitetest"
)

// testThemes is a small theme that shows what the engine passes through:
// titles, params, site data, Markdown and the theme's own assets.
func testThemes() fs.FS {
	return fstest.MapFS{
		"demo/theme.toml":               {Data: []byte("name = \"demo\"\n")},
		"demo/layouts/baseof.html":      {Data: []byte(`<!doctype html><html lang="en"><head><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>`)},
		"demo/layouts/home.html":        {Data: []byte(`{{ define "main" }}<h1>{{ site.Title }}</h1><p id="org">{{ hugo.Data.attest.org }}</p>{{ range site.RegularPages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}`)},
		"demo/layouts/page.html":        {Data: []byte(`{{ define "main" }}<h1>{{ .Title }}</h1><p id="mark">{{ .Params.mark }}</p>{{ .Content }}{{ end }}`)},
		"demo/layouts/section.html":     {Data: []byte(`{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}`)},
		"demo/static/css/theme.css":     {Data: []byte("body{color:#111}\n")},
		"demo/layouts/_partials/x.html": {Data: []byte(`x`)},
	}
}

func testSpec(t *testing.T) Spec {
	return Spec{
		Theme:  "demo",
		Title:  "Demo Trust Center",
		Themes: testThemes(),
		Data:   map[string]any{"org": "Example Org"},
		Pages: []Page{
			{Path: "_index.md", Title: "Home"},
			{Path: "policies/_index.md", Title: "Policies"},
			{Path: "policies/access.md", Title: "Access Policy", Params: map[string]any{"mark": "approved"}, Body: "## Scope\n\nEveryone.\n\n<script>alert(1)</script>\n"},
			{Path: "policies/backup.md", Title: "Backup Policy", Params: map[string]any{"mark": "draft"}, Body: "Nightly.\n"},
		},
		Files: map[string][]byte{".well-known/security.txt": []byte("Contact: mailto:security@example.com\n")},
		Out:   filepath.Join(t.TempDir(), "public"),
	}
}

// liveBuilder returns a Builder publishing into a new folder, closed when
// the test ends.
func liveBuilder(t *testing.T) *Builder {
	t.Helper()
	b, err := NewBuilder(filepath.Join(t.TempDir(), "live"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBuildRendersPagesDataAndFiles(t *testing.T) {
	spec := testSpec(t)
	if err := Build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	home := read(t, filepath.Join(spec.Out, "index.html"))
	for _, want := range []string{"<h1>Demo Trust Center</h1>", `<p id="org">Example Org</p>`, `href="./policies/access/"`} {
		if !strings.Contains(home, want) {
			t.Errorf("index.html lacks %q:\n%s", want, home)
		}
	}
	page := read(t, filepath.Join(spec.Out, "policies", "access", "index.html"))
	for _, want := range []string{`<p id="mark">approved</p>`, `<h2 id="scope">Scope</h2>`} {
		if !strings.Contains(page, want) {
			t.Errorf("policies/access lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "<script>") {
		t.Errorf("raw HTML passed through with RawHTML off:\n%s", page)
	}
	if got := read(t, filepath.Join(spec.Out, ".well-known", "security.txt")); got != "Contact: mailto:security@example.com\n" {
		t.Errorf("security.txt = %q", got)
	}
	if got := read(t, filepath.Join(spec.Out, "css", "theme.css")); got != "body{color:#111}\n" {
		t.Errorf("theme static file = %q", got)
	}
	if fi, err := os.Stat(spec.Out); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("output folder mode = %v, %v; want 0755", fi.Mode(), err)
	}

	spec.RawHTML = true
	if err := Build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	if page := read(t, filepath.Join(spec.Out, "policies", "access", "index.html")); !strings.Contains(page, "<script>alert(1)</script>") {
		t.Errorf("raw HTML dropped with RawHTML on:\n%s", page)
	}
	assertNoLeftovers(t, filepath.Dir(spec.Out))
}

// assertNoLeftovers checks that no build or swap folder stays beside the output.
func assertNoLeftovers(t *testing.T, parent string) {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestBuildReadsNothingFromTheProgramButOverrides(t *testing.T) {
	user := t.TempDir()
	write := func(name, data string) {
		full := filepath.Join(user, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The program's own Markdown must never become pages or data.
	write("content/controls/secret.md", "+++\ntitle = \"SECRET-CONTENT\"\n+++\nSECRET-BODY\n")
	write("data/attest.json", `{"org": "SECRET-DATA"}`)
	write("hugo.toml", "title = \"SECRET-CONFIG\"\n")
	// Overrides: a layout of the project, a theme file of the same name, a static file.
	write("layouts/page.html", `{{ define "main" }}<h1 class="mine">{{ .Title }}</h1>{{ end }}`)
	write("themes/demo/layouts/section.html", `{{ define "main" }}<h1 class="mytheme">{{ .Title }}</h1>{{ end }}`)
	write("static/logo.svg", "<svg/>")

	spec := testSpec(t)
	spec.UserDir = user
	spec.Out = filepath.Join(user, "public")
	if err := Build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	var all bytes.Buffer
	filepath.WalkDir(spec.Out, func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(name)
			all.Write(b)
			rel, _ := filepath.Rel(spec.Out, name)
			all.WriteString("\n" + rel + "\n")
		}
		return nil
	})
	for _, secret := range []string{"SECRET-CONTENT", "SECRET-BODY", "SECRET-DATA", "SECRET-CONFIG", "secret"} {
		if strings.Contains(all.String(), secret) {
			t.Errorf("output holds %q from the program's own files", secret)
		}
	}
	if page := read(t, filepath.Join(spec.Out, "policies", "access", "index.html")); !strings.Contains(page, `<h1 class="mine">Access Policy</h1>`) {
		t.Errorf("layouts/page.html did not override the theme:\n%s", page)
	}
	if page := read(t, filepath.Join(spec.Out, "policies", "index.html")); !strings.Contains(page, `<h1 class="mytheme">Policies</h1>`) {
		t.Errorf("themes/demo/layouts/section.html did not override the embedded file:\n%s", page)
	}
	if home := read(t, filepath.Join(spec.Out, "index.html")); !strings.Contains(home, "Example Org") {
		t.Errorf("the embedded theme's home layout is gone:\n%s", home)
	}
	if got := read(t, filepath.Join(spec.Out, "logo.svg")); got != "<svg/>" {
		t.Errorf("static/logo.svg = %q", got)
	}
	for _, name := range []string{".hugo_build.lock", "resources"} {
		if _, err := os.Stat(filepath.Join(user, name)); err == nil {
			t.Errorf("the build wrote %s into the program", name)
		}
	}
}

func TestFailedBuildKeepsPreviousOutput(t *testing.T) {
	spec := testSpec(t)
	if err := Build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	before := sitetest.ReadTree(t, spec.Out)

	broken := testSpec(t)
	broken.Out = spec.Out
	broken.Themes = fstest.MapFS{
		"demo/layouts/baseof.html": {Data: []byte(`<html>{{ block "main" . }}{{ end }}</html>`)},
		"demo/layouts/home.html":   {Data: []byte(`{{ define "main" }}{{ .NoSuchMethod }}{{ end }}`)},
	}
	err := Build(context.Background(), broken)
	if err == nil {
		t.Fatal("a template error built")
	}
	if !strings.Contains(err.Error(), "NoSuchMethod") {
		t.Errorf("error does not name the problem: %v", err)
	}
	if after := sitetest.ReadTree(t, spec.Out); sitetest.DiffTrees(after, before) != "" {
		t.Error("a failed build changed the previous output")
	}
	assertNoLeftovers(t, filepath.Dir(spec.Out))
}

func TestBuildRefusesReservedHugoSettingsAndBadPaths(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Spec)
		want string
	}{
		{"publishDir", func(s *Spec) { s.Hugo = map[string]any{"publishDir": "/tmp/x"} }, "[hugo] publishDir cannot be set"},
		{"unsafe", func(s *Spec) {
			s.Hugo = map[string]any{"markup": map[string]any{"goldmark": map[string]any{"renderer": map[string]any{"unsafe": true}}}}
		}, "[hugo] markup.goldmark.renderer.unsafe cannot be set"},
		{"per language", func(s *Spec) {
			s.Hugo = map[string]any{"languages": map[string]any{"fr": map[string]any{"contentDir": "../policies"}}}
		}, "[hugo] languages.fr.contentDir cannot be set"},
		{"page path", func(s *Spec) { s.Pages = append(s.Pages, Page{Path: "../x.md"}) }, `page "../x.md"`},
		{"file path", func(s *Spec) { s.Files = map[string][]byte{"/etc/passwd": nil} }, `file "/etc/passwd"`},
		{"duplicate", func(s *Spec) { s.Pages = append(s.Pages, s.Pages[0]) }, "two pages have the path _index.md"},
		{"program root", func(s *Spec) { s.UserDir = filepath.Dir(s.Out); s.Out = s.UserDir }, "holds the program itself"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := testSpec(t)
			tc.edit(&spec)
			err := Build(context.Background(), spec)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestBuildPassesHugoSettingsThrough(t *testing.T) {
	spec := testSpec(t)
	spec.Hugo = map[string]any{"title": "From Config", "params": map[string]any{"x": 1}}
	if err := Build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	if home := read(t, filepath.Join(spec.Out, "index.html")); !strings.Contains(home, "<h1>From Config</h1>") {
		t.Errorf("[hugo] title not passed through:\n%s", home)
	}
}

// TestRebuildMatchesFreshBuild changes, adds and removes pages through one
// Builder and compares each result with a fresh build of the same spec.
func TestRebuildMatchesFreshBuild(t *testing.T) {
	ctx := context.Background()
	b := liveBuilder(t)
	spec := testSpec(t)
	steps := []struct {
		name string
		edit func(*Spec)
	}{
		{"first", func(*Spec) {}},
		{"change a page", func(s *Spec) {
			s.Pages[2].Title = "Access Control Policy"
			s.Pages[2].Params = map[string]any{"mark": "retired"}
		}},
		{"add a page", func(s *Spec) { s.Pages = append(s.Pages, Page{Path: "policies/crypto.md", Title: "Crypto Policy"}) }},
		{"change data and files", func(s *Spec) {
			s.Data = map[string]any{"org": "Renamed Org"}
			s.Files = map[string][]byte{"trust.json": []byte("{}\n")}
		}},
		{"remove a page", func(s *Spec) { s.Pages = slices.Delete(s.Pages, 3, 4) }},
		{"nothing", func(*Spec) {}},
	}
	for _, st := range steps {
		st.edit(&spec)
		if err := b.Build(ctx, spec); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		fresh := spec
		fresh.Out = filepath.Join(t.TempDir(), "fresh")
		if err := Build(ctx, fresh); err != nil {
			t.Fatalf("%s: fresh: %v", st.name, err)
		}
		if d := sitetest.DiffTrees(sitetest.ReadTree(t, b.Dir()), sitetest.ReadTree(t, fresh.Out)); d != "" {
			t.Errorf("%s: rebuild differs from a fresh build:\n%s", st.name, d)
		}
	}
}

// TestExportedProjectBuildsTheSameSite checks that a spec exported as an
// ordinary Hugo project and built from disk gives what Build gives: the
// bare Hugo build BenchmarkBuild compares attest with renders the same pages.
func TestExportedProjectBuildsTheSameSite(t *testing.T) {
	spec := testSpec(t)
	if err := Build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	project := t.TempDir()
	if err := ExportProject(spec, project); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "bare")
	if err := BuildProject(project, out, nil); err != nil {
		t.Fatal(err)
	}
	if d := sitetest.DiffTrees(sitetest.ReadTree(t, out), sitetest.ReadTree(t, spec.Out)); d != "" {
		t.Errorf("the exported project builds a different site:\n%s", d)
	}
}

// Hugo keeps a goroutine per sites holding all they rendered: a Build that
// did not close its sites would leave it, and a build of several versions
// would carry every one before it in memory.
func TestBuildLetsGoOfHugo(t *testing.T) {
	spec := testSpec(t)
	if err := Build(context.Background(), spec); err != nil { // Hugo's own once-per-process goroutines
		t.Fatal(err)
	}
	before := sitetest.Goroutines()
	for range 3 {
		if err := Build(context.Background(), spec); err != nil {
			t.Fatal(err)
		}
	}
	if after := sitetest.Goroutines(); after > before {
		t.Errorf("%d goroutines after three more builds, %d before: the builds left Hugo running", after, before)
	}
}

// Builds sharing a Copies link the files they copy the same — verbatim files
// and the theme's static files — and write their own of the rest; the links
// outlive the Copies' folder.
func TestBuildsShareCopiedFiles(t *testing.T) {
	parent := t.TempDir()
	copies := NewCopies(filepath.Join(parent, "copies"))
	a, b := testSpec(t), testSpec(t)
	a.Out, b.Out = filepath.Join(parent, "a"), filepath.Join(parent, "b")
	a.Copies, b.Copies = copies, copies
	b.Files = map[string][]byte{
		".well-known/security.txt": a.Files[".well-known/security.txt"],
		"evidence/log.txt":         []byte("b's own\n"),
	}
	a.Files["evidence/log.txt"] = []byte("a's own\n")
	for _, spec := range []Spec{a, b} {
		if err := Build(context.Background(), spec); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.RemoveAll(filepath.Join(parent, "copies")); err != nil {
		t.Fatal(err)
	}
	same := func(name string) bool {
		fa, err := os.Stat(filepath.Join(a.Out, name))
		if err != nil {
			t.Fatal(err)
		}
		fb, err := os.Stat(filepath.Join(b.Out, name))
		if err != nil {
			t.Fatal(err)
		}
		return os.SameFile(fa, fb)
	}
	for _, name := range []string{".well-known/security.txt", "css/theme.css"} {
		if !same(name) {
			t.Errorf("%s: the builds wrote a file each, not one linked", name)
		}
	}
	if same("evidence/log.txt") {
		t.Error("evidence/log.txt: files of different bytes were linked")
	}
	for out, want := range map[string]string{a.Out: "a's own\n", b.Out: "b's own\n"} {
		if got := read(t, filepath.Join(out, "evidence", "log.txt")); got != want {
			t.Errorf("%s: evidence/log.txt = %q, want %q", out, got, want)
		}
	}
	if got := read(t, filepath.Join(b.Out, ".well-known", "security.txt")); got != "Contact: mailto:security@example.com\n" {
		t.Errorf("a linked file reads %q", got)
	}

	// Without a Copies, every build writes its own (into outputs of their
	// own: over a previous output, its same files are linked).
	a.Copies, b.Copies = nil, nil
	a.Out, b.Out = filepath.Join(parent, "a2"), filepath.Join(parent, "b2")
	for _, spec := range []Spec{a, b} {
		if err := Build(context.Background(), spec); err != nil {
			t.Fatal(err)
		}
	}
	if same(".well-known/security.txt") {
		t.Error("builds without a Copies share a file")
	}
}

// hugo.Store outlives a build; what the system description theme keeps there
// (keys under memoPrefix) must not: a rebuild shows a changed
// page's new title, not the one laid out before. The user's own keys stay.
func TestRebuildForgetsMemos(t *testing.T) {
	spec := testSpec(t)
	themes := testThemes().(fstest.MapFS)
	themes["demo/layouts/page.html"] = &fstest.MapFile{Data: []byte(`{{ define "main" }}` +
		`{{ $k := printf "` + memoPrefix + `%s" .Path }}{{ $v := hugo.Store.Get $k }}{{ if not $v }}{{ $v = .Title }}{{ hugo.Store.Set $k $v }}{{ end }}` +
		`{{ $n := hugo.Store.Get "mine" | default 0 }}{{ if eq .Path "/policies/access" }}{{ hugo.Store.Set "mine" (add $n 1) }}{{ end }}` +
		`<h1>{{ $v }}</h1><p id="mine">{{ hugo.Store.Get "mine" }}</p>{{ end }}`)}
	spec.Themes = themes
	b := liveBuilder(t)
	for i, title := range []string{"Access Policy", "Access Control Policy"} {
		spec.Pages[2].Title = title
		spec.Pages[2].Params = map[string]any{"mark": "v" + itoa(i)}
		if err := b.Build(context.Background(), spec); err != nil {
			t.Fatal(err)
		}
		page := read(t, filepath.Join(b.Dir(), "policies", "access", "index.html"))
		if want := "<h1>" + title + "</h1>"; !strings.Contains(page, want) {
			t.Errorf("build %d: no %q:\n%s", i+1, want, page)
		}
		if want := `<p id="mine">` + itoa(i+1) + `</p>`; !strings.Contains(page, want) {
			t.Errorf("build %d: the user's own key was not kept: no %q:\n%s", i+1, want, page)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// Builds sharing Memos start with what the builds before them kept: a page
// encoded the same (and the same salt) finds what its theme laid out for
// it before; a changed page, or another salt, lays it out anew.
func TestBuildsShareMemos(t *testing.T) {
	themes := testThemes().(fstest.MapFS)
	themes["demo/layouts/page.html"] = &fstest.MapFile{Data: []byte(`{{ define "main" }}` +
		`{{ $k := printf "` + memoPrefix + `%s" .Params.memo_key }}{{ with hugo.Store.Get $k }}{{ . | safeHTML }}{{ else }}` +
		`{{ $v := printf "<p id=\"made\">%s, build %v</p>" .Title hugo.Data.attest.org }}{{ hugo.Store.Set $k $v }}{{ $v | safeHTML }}{{ end }}{{ end }}`)}
	memos := &Memos{}
	made := func(i int, salt string, edit func(*Spec)) (access, backup string) {
		t.Helper()
		spec := testSpec(t)
		spec.Themes, spec.Memos, spec.MemoSalt = themes, memos, salt
		spec.Data = map[string]any{"org": itoa(i)}
		if edit != nil {
			edit(&spec)
		}
		if err := Build(context.Background(), spec); err != nil {
			t.Fatal(err)
		}
		return read(t, filepath.Join(spec.Out, "policies", "access", "index.html")), read(t, filepath.Join(spec.Out, "policies", "backup", "index.html"))
	}
	has := func(what, page, want string) {
		t.Helper()
		if !strings.Contains(page, want) {
			t.Errorf("%s: no %q:\n%s", what, want, page)
		}
	}
	a, b := made(1, "s", nil)
	has("first build", a, "Access Policy, build 1")
	has("first build", b, "Backup Policy, build 1")
	a, b = made(2, "s", func(s *Spec) { s.Pages[3].Title = "Backups" })
	has("second build, the same page", a, "Access Policy, build 1")
	has("second build, a changed page", b, "Backups, build 2")
	a, _ = made(3, "t", nil)
	has("another salt", a, "Access Policy, build 3")
	if n := len(memos.values); n != 5 {
		t.Errorf("%d memos kept, want 5 (access, backup and backups with salt s; access and backup with salt t)", n)
	}
}

// A Builder rebuilding in place with a MemoSalt keeps the memos of the pages
// that did not change (the memo_key hashes their encoding) and forgets
// those of changed pages; another salt forgets them all. The site stays the
// same as a fresh build's wherever a memo says only what its page says.
func TestRebuildKeepsMemosOfUnchangedPages(t *testing.T) {
	themes := testThemes().(fstest.MapFS)
	themes["demo/layouts/page.html"] = &fstest.MapFile{Data: []byte(`{{ define "main" }}` +
		`{{ $k := printf "` + memoPrefix + `body:%s" .Params.memo_key }}{{ with hugo.Store.Get $k }}{{ . | safeHTML }}{{ else }}` +
		`{{ $v := printf "<p id=\"made\">%s, build %v</p>" .Title hugo.Data.attest.org }}{{ hugo.Store.Set $k $v }}{{ $v | safeHTML }}{{ end }}{{ end }}`)}
	b := liveBuilder(t)
	build := func(i int, salt string, edit func(*Spec)) (access, backup string) {
		t.Helper()
		spec := testSpec(t)
		spec.Themes, spec.MemoSalt = themes, salt
		spec.Data = map[string]any{"org": itoa(i)} // every page is rendered again
		if edit != nil {
			edit(&spec)
		}
		if err := b.Build(context.Background(), spec); err != nil {
			t.Fatal(err)
		}
		return read(t, filepath.Join(b.Dir(), "policies", "access", "index.html")), read(t, filepath.Join(b.Dir(), "policies", "backup", "index.html"))
	}
	has := func(what, page, want string) {
		t.Helper()
		if !strings.Contains(page, want) {
			t.Errorf("%s: no %q:\n%s", what, want, page)
		}
	}
	memos := func() (n int) {
		for k := range b.sites.Sites[0].Hugo().Store().Values() {
			if strings.HasPrefix(k, memoPrefix) {
				n++
			}
		}
		return n
	}
	a, bk := build(1, "s", nil)
	has("first build", a, "Access Policy, build 1")
	has("first build", bk, "Backup Policy, build 1")
	n := memos()
	a, bk = build(2, "s", func(s *Spec) { s.Pages[3].Title = "Backups" })
	has("rebuild, the same page", a, "Access Policy, build 1")
	has("rebuild, a changed page", bk, "Backups, build 2")
	if m := memos(); m != n {
		t.Errorf("%d memos after the rebuild, want %d: the changed page's old one forgotten", m, n)
	}
	a, _ = build(3, "t", func(s *Spec) { s.Pages[3].Title = "Backups" })
	has("another salt", a, "Access Policy, build 3")
}

// TestBuildCountsPagesRendered: Spec.Rendered is called once for each HTML
// file Hugo writes, and the site is the same byte for byte with it or
// without it.
func TestBuildCountsPagesRendered(t *testing.T) {
	spec := testSpec(t)
	if err := Build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	without := sitetest.ReadTree(t, spec.Out)
	var n atomic.Int64
	spec.Rendered = func() { n.Add(1) }
	if err := Build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	with := sitetest.ReadTree(t, spec.Out)
	sitetest.SameTree(t, "the site built counting pages", without, with)
	html := 0
	for name := range with {
		if strings.HasSuffix(name, ".html") {
			html++
		}
	}
	// The 404 page is rewritten after Hugo (rootNotFound), not created again.
	if got := int(n.Load()); got != html || html < len(spec.Pages) {
		t.Errorf("Rendered was called %d times for %d HTML files of %d pages", got, html, len(spec.Pages))
	}
}

// TestBuildLinksUnchangedFilesFromThePreviousOutput: a verbatim file whose
// bytes are the same in the output being replaced is a hard link to it; a
// changed one is written anew; the site is the same as one built afresh.
func TestBuildLinksUnchangedFilesFromThePreviousOutput(t *testing.T) {
	spec := testSpec(t)
	spec.Files["evidence/a.csv"] = []byte("a,b\n")
	if err := Build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(t.TempDir(), "first")
	if err := os.Link(filepath.Join(spec.Out, ".well-known", "security.txt"), keep); err != nil {
		t.Fatal(err)
	}
	spec.Files = maps.Clone(spec.Files)
	const changed = "evidence/a.csv"
	spec.Files[changed] = []byte("a,c\n")
	before, err := os.Stat(filepath.Join(spec.Out, filepath.FromSlash(changed)))
	if err != nil {
		t.Fatal(err)
	}
	if err := Build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	got := sitetest.ReadTree(t, spec.Out)
	if a, err := os.Stat(keep); err != nil {
		t.Fatal(err)
	} else if b, err := os.Stat(filepath.Join(spec.Out, ".well-known", "security.txt")); err != nil || !os.SameFile(a, b) {
		t.Errorf("an unchanged file was written again, not linked from the previous output")
	}
	if after, err := os.Stat(filepath.Join(spec.Out, filepath.FromSlash(changed))); err != nil || os.SameFile(before, after) {
		t.Errorf("%s changed but kept the previous output's file", changed)
	}
	fresh := spec
	fresh.Out = filepath.Join(t.TempDir(), "fresh")
	if err := Build(context.Background(), fresh); err != nil {
		t.Fatal(err)
	}
	sitetest.SameTree(t, "the site built over its previous output against one built afresh", sitetest.ReadTree(t, fresh.Out), got)
}
