package pdf

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// needChromium returns the browser, or skips the test without one (fails
// on CI, which installs it).
func needChromium(t *testing.T) string {
	t.Helper()
	exe, err := FindChromium("")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return exe
}

// printView is a print view as the theme lays it out, small: a cover
// carrying the build, a table (whose cells Chromium tags with node IDs),
// a link within the page and one to an evidence file of the site.
const printView = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Print view · Acme</title>
<style>@page { size: letter; margin: 0.75in 0.6in 0.7in; } section { break-before: page; }</style></head>
<body>
<div class="print-cover" data-commit="0123456789abcdef0123456789abcdef01234567" data-commit-time="2026-03-10T10:00:05Z">
<p class="org">Acme &amp; Co</p><p>Statuses evaluated on 2026-03-10</p></div>
<nav><h2>Contents</h2><ol><li><a href="#dc1">DC1 Types of services provided</a></li><li><a href="#controls">Controls</a></li></ol></nav>
<section id="dc1"><h2>DC1 Types of services provided</h2>
<table><thead><tr><th>Control</th><th>State</th></tr></thead>
<tbody><tr><td><a href="#controls">ctl-mfa</a></td><td>operating</td></tr></tbody></table>
<p>Evidence: <a href="../evidence/2026/restore-q1.txt">restore-q1.txt</a>, <a href="https://example.com/policy">the policy</a>.</p></section>
<section id="controls"><h2>Controls</h2><h3>ctl-mfa</h3><p>Multi-factor authentication.</p></section>
</body></html>`

// TestRenderIsTheSameForOneBuild prints one built view twice and wants the
// same bytes, the commit's dates, the running header and footer on every
// page, an outline, links within the document and no link to a file of
// the machine that printed it.
func TestRenderIsTheSameForOneBuild(t *testing.T) {
	exe := needChromium(t)
	site := t.TempDir()
	if err := os.MkdirAll(filepath.Join(site, "print"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, filepath.FromSlash(PrintPage)), []byte(printView), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, err := Render(ctx, Options{Site: site, Chromium: exe})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(ctx, Options{Site: site, Chromium: exe})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("two renders of one build differ (%d and %d bytes)", len(a), len(b))
	}
	for _, want := range []string{"/CreationDate (D:20260310100005+00'00')", "/Outlines", "/Dest /controls", "/URI (https://example.com/policy)"} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	if bytes.Contains(a, []byte("file:")) {
		t.Error("PDF links to a file:// path")
	}
	if n := PageCount(a); n != 3 {
		t.Errorf("%d pages, want 3 (cover and contents, DC1, controls)", n)
	}

	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext not installed (apt-get install poppler-utils): the text is not checked")
		return
	}
	file := filepath.Join(t.TempDir(), "a.pdf")
	if err := os.WriteFile(file, a, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(string(out), "\f")
	for i, p := range pages[:3] {
		for _, want := range []string{"Confidential — Acme & Co", "page " + string(rune('1'+i)) + " of 3", "As of commit 0123456789ab"} {
			if !strings.Contains(p, want) {
				t.Errorf("page %d lacks %q:\n%s", i+1, want, p)
			}
		}
	}
	info, err := exec.Command("pdfinfo", file).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(info), "Acme & Co — System description") {
		t.Errorf("pdfinfo shows another title:\n%s", info)
	}
}

// TestRenderSaysWhatIsMissing: no print view in the folder, or no browser,
// is an error that says what to do.
func TestRenderSaysWhatIsMissing(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := Render(ctx, Options{Site: t.TempDir(), Chromium: "/bin/sh"})
	if err == nil || !strings.Contains(err.Error(), "holds no print view") {
		t.Errorf("empty folder: %v", err)
	}
	_, err = FindChromium(filepath.Join(t.TempDir(), "no-chromium"))
	if err == nil {
		t.Error("a browser that is not there was found")
	}
	t.Setenv("PATH", t.TempDir())
	_, err = FindChromium("")
	if err == nil || !strings.Contains(err.Error(), "apt-get install chromium") {
		t.Errorf("no browser on PATH: %v", err)
	}
}
