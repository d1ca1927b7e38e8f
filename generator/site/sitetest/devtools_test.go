package sitetest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestTabReportsWhatAPageGetsWrong: a Tab of one Browser sees a CSP
// violation in the console, a page wider than a phone, and what axe-core
// finds (low contrast, an image without alt text); a clean page passes.
func TestTabReportsWhatAPageGetsWrong(t *testing.T) {
	chromium := NeedChromium(t)
	head := `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>t</title>` +
		`<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'none'; style-src 'self'"><link rel="stylesheet" href="s.css"><link rel="icon" href="i.svg"></head><body><main>`
	dir := writeSite(t, map[string]string{
		"s.css":      `.pale { color: #aaa; } .wide { width: 600px; }`,
		"i.svg":      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>`,
		"bad.html":   head + `<h1>Bad</h1><p class="pale">Pale text</p><img src="s.css"><div class="wide">wide</div><script>1</script></main></body></html>`,
		"clean.html": head + `<h1>Clean</h1><p>Dark text</p></main></body></html>`,
	})
	srv := Serve(dir)
	defer srv.Close()
	b, err := StartBrowser(context.Background(), chromium, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	tab, err := b.NewTab()
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()

	if err := tab.Open(srv.URL+"/bad.html", 390); err != nil {
		t.Fatal(err)
	}
	if px, err := tab.Overflow(); err != nil || px != 600+8-390 {
		t.Errorf("overflow at 390px: %d, %v; want %d (600px and the body's 8px margin)", px, err, 600+8-390)
	}
	vs, err := tab.Axe(WCAG21AA)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, v := range vs {
		ids = append(ids, v.ID)
	}
	if got := strings.Join(ids, " "); got != "color-contrast image-alt" {
		t.Errorf("axe-core found %q, want color-contrast and image-alt:\n%v", got, vs)
	}
	if c := strings.Join(tab.Console(), "\n"); !strings.Contains(c, "Content Security Policy") {
		t.Errorf("the CSP violation is not in the console: %q", c)
	}
	if err := tab.SetWidth(1400); err != nil {
		t.Fatal(err)
	}
	if px, _ := tab.Overflow(); px != 0 {
		t.Errorf("overflow at 1400px: %d", px)
	}
	if err := tab.Screenshot(filepath.Join(t.TempDir(), "bad.png")); err != nil {
		t.Error(err)
	}

	if err := tab.Open(srv.URL+"/clean.html", 390); err != nil {
		t.Fatal(err)
	}
	if vs, err := tab.Axe(WCAG21AA); err != nil || len(vs) != 0 {
		t.Errorf("a clean page: %v, %v", vs, err)
	}
	if c := tab.Console(); len(c) != 0 {
		t.Errorf("a clean page logged %q", c)
	}
}
