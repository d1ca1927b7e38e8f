package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/gitfs/gittest"
)

// versionedRepo is the sample program with four tags, each a different kind
// of change from the tag before, and an uncommitted change on top:
//
//	audit/v1  the sample
//	audit/v2  a policy added, another retitled (pages added and changed)
//	audit/v3  a control's text changed
//	audit/v4  a policy's text changed
//	work tree a policy's text changed, uncommitted (draft: site data changed)
func versionedRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	r, _ := sampleRepoAt(t, "2026-01-10T10:00:00Z")
	r.Tag("2026-01-11T10:00:00Z", "audit/v1", "First audit")
	aup, err := os.ReadFile(filepath.Join(r.Dir, "policies/acceptable-use.md"))
	if err != nil {
		t.Fatal(err)
	}
	r.Write("policies/remote-work.md", strings.NewReplacer(`id = "POL-AUP"`, `id = "POL-REMOTE"`, `title = "Acceptable Use Policy"`, `title = "Remote Work Policy"`).Replace(string(aup)))
	editFile(t, r, "policies/acceptable-use.md", `title = "`, `title = "Revised `)
	r.Commit("2026-02-01T10:00:00Z", "Add the remote work policy; retitle acceptable use")
	r.Tag("2026-02-02T10:00:00Z", "audit/v2", "Second audit")
	editFile(t, r, "content/controls/access-provisioning.md", "Birthright access", "Standard access")
	r.Commit("2026-03-01T10:00:00Z", "Reword access provisioning")
	r.Tag("2026-03-02T10:00:00Z", "audit/v3", "Third audit")
	editFile(t, r, "policies/acceptable-use.md", "## Purpose", "## Purpose and aims")
	r.Commit("2026-04-01T10:00:00Z", "Reword the acceptable use policy")
	r.Tag("2026-04-02T10:00:00Z", "audit/v4", "Fourth audit")
	editFile(t, r, "policies/encryption.md", "## Purpose", "## Purpose of this policy")
	return r
}

// TestVersionsSharedRenderMatchesApart builds versions through the shared
// render — in-place rebuilds of pages changed, added and removed, and of
// changed site data, with the values that differ between versions filled in
// afterwards — and compares every byte with each version rendered on its own
// (-versions-apart) (issue 4, versioned description).
func TestVersionsSharedRenderMatchesApart(t *testing.T) {
	r := versionedRepo(t)
	priv := filepath.Join(r.Dir, "private")
	code, _, stderr := attestRun("build", "-only", "private", "-verbose", "-C", r.Dir)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"rendered in place"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("no version was %s:\n%s", want, stderr)
		}
	}
	shared := tree(t, priv)
	if err := os.RemoveAll(priv); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := attestRun("build", "-only", "private", "-versions-apart", "-C", r.Dir); code != 0 {
		t.Fatalf("build -versions-apart: exit %d\n%s", code, stderr)
	}
	apart := tree(t, priv)
	sameTree(t, "private, shared render against versions apart", apart, shared)
	for name := range shared {
		if strings.Contains(name, "/.shared-") || strings.HasPrefix(name, ".shared-") {
			t.Errorf("the shared render's scratch folder is left in the output: %s", name)
		}
	}
	for dir, want := range map[string]string{
		"latest":   `aria-current="page">latest</a>`,
		"audit/v2": `aria-current="page">audit/v2</a>`,
	} {
		page := readOut(t, priv, dir+"/policies/pol-remote/index.html")
		if !strings.Contains(page, want) || strings.Count(page, `aria-current="page"`) != 1 {
			t.Errorf("%s: the switcher does not mark this version:\n%.3000s", dir, page)
		}
	}
}

// TestVersionsSharedRenderFallsBack: a theme override that cuts a value
// the shared render fills in afterwards would show a broken placeholder;
// such a version is rendered on its own instead, and says so.
func TestVersionsSharedRenderFallsBack(t *testing.T) {
	r := versionedRepo(t)
	r.Write("layouts/_partials/footer.html", `<footer class="build"><p>Commit {{ substr hugo.Data.attest.build.commit 0 10 }}</p></footer>`)
	priv := filepath.Join(r.Dir, "private")
	code, _, stderr := attestRun("build", "-only", "private", "-C", r.Dir)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "a template changed a placeholder value instead of writing it out; this version is rendered on its own") {
		t.Errorf("no warning of the fallback:\n%s", stderr)
	}
	shared := tree(t, priv)
	os.RemoveAll(priv)
	if code, _, stderr := attestRun("build", "-only", "private", "-versions-apart", "-C", r.Dir); code != 0 {
		t.Fatalf("build -versions-apart: exit %d\n%s", code, stderr)
	}
	sameTree(t, "private with a footer cutting the commit", tree(t, priv), shared)
	if page := readOut(t, priv, "audit/v3/index.html"); !strings.Contains(page, "Commit ") {
		t.Errorf("the override is not used:\n%.2000s", page)
	}
}
