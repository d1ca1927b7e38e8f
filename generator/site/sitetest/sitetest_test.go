package sitetest

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLinksFindsEveryKindOfBrokenLink(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"index.html": `<a href="a/index.html#top">ok</a><a href="a/index.html#nope">bad anchor</a>
<a href="a/">folder</a><a href="/a/index.html">absolute</a><a href="missing.html">missing</a>
<a href="#here">self</a><p id="here"></p><a href="#gone">self bad</a><img src="logo.svg">
<a href="https://example.com/x">external</a><a href="mailto:a@b.example">mail</a><a href="../up.html">up</a>`,
		"a/index.html": `<h1 id="top">A</h1><a href="../index.html#here">back</a>`,
		"logo.svg":     `<svg/>`,
		// The 404 page is served at any depth: its links start at the root.
		"404.html": `<a href="/a/index.html#top">ok</a><link href="/logo.svg"><a href="/gone.html">missing</a><a href="./index.html">relative</a>`,
	})
	got, err := Links(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`index.html: #gone: index.html has no element with id "gone"`,
		`index.html: ../up.html: leads outside the site`,
		`index.html: /a/index.html: starts with /: links must be relative so the site works from any folder`,
		`index.html: a/: links to a folder: link to its index.html, which also opens from disk`,
		`index.html: a/index.html#nope: a/index.html has no element with id "nope"`,
		`index.html: missing.html: no such file`,
		`404.html: /gone.html: no such file`,
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestVisitReportsConsoleErrorsAndFailedRequests runs the browser checks on
// a page that breaks its own Content-Security-Policy and misses a file, so
// that the checks the site tests rely on are seen to fail.
func TestVisitReportsConsoleErrorsAndFailedRequests(t *testing.T) {
	chromium := NeedChromium(t)
	dir := writeSite(t, map[string]string{
		"index.html": `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'none'">
<link rel="stylesheet" href="missing.css"></head><body><h1>Visible heading</h1><script>document.title = "x"</script></body></html>`,
	})
	srv := Serve(dir)
	defer srv.Close()
	shot := filepath.Join(t.TempDir(), "shot.png")
	l, err := Visit(context.Background(), chromium, srv.URL+"/index.html", 800, shot, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(VisibleText(l.DOM), "Visible heading") {
		t.Errorf("visible text lacks the heading: %q", VisibleText(l.DOM))
	}
	if len(l.Console) == 0 || !strings.Contains(strings.Join(l.Console, "\n"), "Content Security Policy") {
		t.Errorf("the CSP violation was not reported: %q", l.Console)
	}
	if failed := srv.Failed(); !slices.Contains(failed, "404 /missing.css") {
		t.Errorf("the missing stylesheet was not reported: %q", failed)
	}
}

func TestDiffTrees(t *testing.T) {
	want := map[string][]byte{"a.html": []byte("one\ntwo\n"), "b.css": []byte("x"), "gone.txt": nil}
	got := map[string][]byte{"a.html": []byte("one\nthree\n"), "b.css": []byte("x"), "new.txt": nil}
	wantDiff := "differs: a.html: line 2:\n  want: two\n  got:  three\nextra: new.txt\nmissing: gone.txt\n"
	if d := DiffTrees(got, want); d != wantDiff {
		t.Errorf("DiffTrees:\n%s\nwant:\n%s", d, wantDiff)
	}
	if d := DiffTrees(want, want); d != "" {
		t.Errorf("a tree differs from itself: %s", d)
	}
	dir := writeSite(t, map[string]string{"index.html": "<p>x</p>", "css/site.css": "p{}"})
	if tree := ReadTree(t, dir); len(tree) != 2 || string(tree["css/site.css"]) != "p{}" {
		t.Errorf("ReadTree = %q", tree)
	}
}
