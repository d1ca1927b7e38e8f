package main

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/site/sitetest"
)

// TestImportedProgramLinksResolve checks the links of both sites built
// from the imported program: every internal link and anchor resolves, and
// none points at a Markdown source (".md"), as comply's cross-references
// between documents might. On 2026-12-04 it failed on anchors of the
// starter program's controls (criteria out of scope, such as A1.2, linked
// from the public controls pages), not on imported content.
func TestImportedProgramLinksResolve(t *testing.T) {
	dir, _ := importedProgram(t)
	if code, out, errOut := attestRun("build", "-C", dir, "-quiet"); code != 0 {
		t.Fatalf("build after import: exit %d\n%s%s", code, out, errOut)
	}
	mdLink := regexp.MustCompile(`href="[^"#]*\.md(#[^"]*)?"`)
	for _, site := range []string{"public", "private"} {
		problems, err := sitetest.Links(filepath.Join(dir, site))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Errorf("%s: %s", site, p)
		}
		tree := sitetest.ReadTree(t, filepath.Join(dir, site))
		for _, name := range slices.Sorted(maps.Keys(tree)) {
			if m := mdLink.Find(tree[name]); m != nil && strings.HasSuffix(name, ".html") {
				t.Errorf("%s/%s links to Markdown: %s", site, name, m)
			}
		}
	}
}

// importedProgram starts a program with attest init, imports the comply
// fixture into it and returns its folder and import's output.
func importedProgram(t *testing.T) (dir, out string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "acme")
	if code, out, errOut := attestRun("init", "-quiet", dir, "-name", "Acme"); code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut := attestRun("import", "comply", complyFixture, "-C", dir)
	if code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	return dir, out
}

// TestImportedPolicyInChromium publishes one imported policy — comply's
// availability policy, whose pandoc grid table became a pipe table — with
// an image beside it, and opens its trust center page in Chromium: the
// table and the image show, and the browser reports no console error (an
// inline style or a remote image would break the Content-Security-Policy)
// (issue 13).
func TestImportedPolicyInChromium(t *testing.T) {
	chromium := sitetest.NeedChromium(t)
	dir, _ := importedProgram(t)
	policy := filepath.Join(dir, "policies", "availability.md")
	b, err := os.ReadFile(policy)
	if err != nil {
		t.Fatal(err)
	}
	src := strings.NewReplacer(
		`status = "draft"`, "status = \"approved\"\napprovers = [\"CEO\"]\neffective = 2026-01-15",
		`visibility = "internal"`, `visibility = "public"`,
		"+++\n\n# Purpose and Scope", "+++\n\n![Availability zones](img/zones.png)\n\n# Purpose and Scope",
	).Replace(string(b))
	if err := os.WriteFile(policy, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "policies", "img"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "policies", "img", "zones.png"), onePixelPNG, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := attestRun("build", "-C", dir, "-quiet"); code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, out, errOut)
	}
	srv := sitetest.Serve(filepath.Join(dir, "public"))
	defer srv.Close()
	artifacts := os.Getenv("ATTEST_ARTIFACTS")
	if artifacts == "" {
		artifacts = t.TempDir()
	}
	shot := filepath.Join(artifacts, "screenshots", "imported-policy.png")
	l, err := sitetest.Visit(context.Background(), chromium, srv.URL+"/policies/pol-availability/index.html", 1280, shot, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range l.Console {
		t.Errorf("console: %s", msg)
	}
	for _, want := range []string{"<table", `<img src="`, "zones.png"} {
		if !strings.Contains(l.DOM, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "policies", "img", "zones.png")); err != nil {
		t.Errorf("the image was not published with its public policy: %v", err)
	}
	if strings.Contains(l.DOM, "style=") {
		t.Error("the page carries an inline style")
	}
}

// onePixelPNG is a 1×1 transparent PNG.
var onePixelPNG = []byte{
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
	0x89, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x00, 0x02, 0x00,
	0x00, 0x05, 0x00, 0x01, 0x7a, 0x5e, 0xab, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
	0xae, 0x42, 0x60, 0x82,
}
