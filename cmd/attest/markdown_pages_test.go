package main

import (
	"bytes"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/site/sitetest"
)

// TestPolicyMarkdownAsLibrariesWriteIt builds the sample with a public
// policy written as policy libraries write them — "# Title" first, "#"
// sections, a table with aligned columns — and checks both sites: every
// page has one h1 (its title), the body's sections sit below the page's
// own, and no element carries an inline style, which the sites'
// Content-Security-Policy would block (issue 13).
func TestPolicyMarkdownAsLibrariesWriteIt(t *testing.T) {
	r, _ := sampleRepoAt(t, "2026-07-01T10:00:00Z")
	r.Edit("policies/acceptable-use.md", "+++\n\n## Purpose\n", `+++

# Acceptable Use Policy

# Rules in brief

| Rule | Applies to | Checked |
|:-----|:----------:|--------:|
| MFA everywhere | all staff | quarterly |

## Purpose
`)
	r.Commit("2026-07-02T10:00:00Z", "Acceptable use as the library wrote it")
	if code, _, stderr := attestRun("build", "-C", r.Dir, "-quiet"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	h1 := regexp.MustCompile(`<h1[ >]`)
	style := regexp.MustCompile(`<[a-z][^>]* style=`)
	for _, out := range []string{"public", "private"} {
		tree := sitetest.ReadTree(t, filepath.Join(r.Dir, out))
		for _, name := range slices.Sorted(maps.Keys(tree)) {
			if !strings.HasSuffix(name, ".html") || strings.HasSuffix(name, "print/index.html") {
				continue // the print view joins every page under its own h1s
			}
			if n := len(h1.FindAll(tree[name], -1)); n > 1 {
				t.Errorf("%s/%s has %d h1 elements", out, name, n)
			}
			if m := style.Find(tree[name]); m != nil {
				t.Errorf("%s/%s has an inline style: %s", out, name, m)
			}
		}
	}
	for _, tc := range []struct{ page, want string }{
		{"public/policies/pol-aup/index.html", `<h2 id="rules-in-brief">Rules in brief</h2>`},
		{"public/policies/pol-aup/index.html", `<h3 id="purpose">Purpose</h3>`},
		{"public/policies/pol-aup/index.html", `<th class="align-center">Applies to</th>`},
		{"public/policies/pol-aup/index.html", `<td class="align-right">quarterly</td>`},
		{"private/latest/policies/pol-aup/index.html", `<h3 id="policies-pol-aup--rules-in-brief">Rules in brief</h3>`},
		{"private/latest/policies/pol-aup/index.html", `<h4 id="policies-pol-aup--purpose">Purpose</h4>`},
		{"private/latest/policies/pol-aup/index.html", `<th class="align-left">Rule</th>`},
	} {
		if !bytes.Contains([]byte(readOut(t, r.Dir, tc.page)), []byte(tc.want)) {
			t.Errorf("%s lacks %s", tc.page, tc.want)
		}
	}
}
