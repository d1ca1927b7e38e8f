package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/site/sitetest"
)

func readOut(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBuildDraftAndRelease builds a work tree with an uncommitted change:
// every page of both sites says so, and -release refuses the tree, naming
// the changed file (issue 4, drafts).
func TestBuildDraftAndRelease(t *testing.T) {
	r, _ := sampleRepo(t)
	if code, _, stderr := attestRun("build", "-C", r.Dir); code != 0 {
		t.Fatalf("clean build: exit %d\n%s", code, stderr)
	}
	if strings.Contains(readOut(t, r.Dir, "public/index.html"), "Draft — uncommitted changes") {
		t.Error("a clean tree is marked draft")
	}
	r.Edit("policies/encryption.md", "## Purpose", "## Purpose of this policy")
	code, _, stderr := attestRun("build", "-release", "-C", r.Dir)
	if code != 1 || !strings.Contains(stderr, "uncommitted changes (policies/encryption.md)") || !strings.Contains(stderr, "without --release") {
		t.Errorf("-release on a dirty tree: exit %d, stderr:\n%s", code, stderr)
	}
	r.Commit("2026-11-30T10:00:00Z", "Purpose")
	// A template override changes the pages as a policy does: a release
	// refuses it too.
	r.Write("layouts/_partials/extra.html", "<p>extra</p>\n")
	code, _, stderr = attestRun("build", "-release", "-C", r.Dir)
	if code != 1 || !strings.Contains(stderr, "uncommitted changes (layouts/_partials/extra.html)") {
		t.Errorf("-release with an uncommitted layout: exit %d, stderr:\n%s", code, stderr)
	}
	if code, _, stderr := attestRun("build", "-C", r.Dir); code != 0 {
		t.Fatalf("draft build: exit %d\n%s", code, stderr)
	}
	for _, out := range []string{"public", "private"} {
		n := 0
		err := filepath.WalkDir(filepath.Join(r.Dir, out), func(name string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(name, ".html") {
				return err
			}
			b, err := os.ReadFile(name)
			if err != nil {
				return err
			}
			if strings.Contains(string(b), "<html") && !strings.Contains(string(b), "Draft — uncommitted changes") {
				if n++; n <= 3 {
					t.Errorf("%s is not marked draft", name)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	r.Commit("2026-07-02T09:00:00Z", "Rename the purpose heading")
	if code, _, stderr := attestRun("build", "-release", "-C", r.Dir); code != 0 {
		t.Errorf("-release on a committed tree: exit %d\n%s", code, stderr)
	}
}

// TestBuildAsOfAndRef builds the program as it stood at an earlier commit,
// read from git objects while the work tree holds a later version.
func TestBuildAsOfAndRef(t *testing.T) {
	r, first := sampleRepo(t) // 2026-07-01
	r.Edit("policies/encryption.md", `title = "`, `title = "Revised `)
	second := r.Commit("2026-08-03T10:00:00Z", "Retitle the encryption policy")

	check := func(args []string, commit string, revised bool) {
		t.Helper()
		code, _, stderr := attestRun(append([]string{"build", "-C", r.Dir}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		home := readOut(t, r.Dir, "public/index.html")
		if !strings.Contains(home, "as of commit <code>"+commit[:7]) {
			t.Errorf("%v: the footer does not name commit %s", args, commit[:7])
		}
		pols := readOut(t, r.Dir, "public/policies/index.html")
		if got := strings.Contains(pols, "Revised "); got != revised {
			t.Errorf("%v: revised title shown = %v, want %v", args, got, revised)
		}
	}
	check(nil, second, true)
	check([]string{"-as-of", "2026-07-31"}, first, false)
	check([]string{"-as-of", "2026-08-03"}, second, true)
	check([]string{"-ref", first}, first, false)
	if b, _ := os.ReadFile(filepath.Join(r.Dir, "policies/encryption.md")); !strings.Contains(string(b), "Revised ") {
		t.Error("building an earlier commit changed the work tree")
	}
	code, _, stderr := attestRun("build", "-C", r.Dir, "-as-of", "2020-01-01")
	if code == 0 || !strings.Contains(stderr, "history starts later") {
		t.Errorf("-as-of before the first commit: exit %d\n%s", code, stderr)
	}
	code, _, stderr = attestRun("build", "-C", r.Dir, "-ref", "no-such-tag")
	if code == 0 || !strings.Contains(stderr, "no-such-tag") {
		t.Errorf("-ref of nothing: exit %d\n%s", code, stderr)
	}
}

// TestBuildWithoutFullHistory builds a program outside git and a shallow
// clone: both build, with a warning saying what is left out.
func TestBuildWithoutFullHistory(t *testing.T) {
	r, _ := sampleRepo(t)
	plain := t.TempDir()
	if out, err := exec.Command("cp", "-r", r.Dir+"/.", plain).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	os.RemoveAll(filepath.Join(plain, ".git"))
	code, _, stderr := attestRun("build", "-C", plain)
	if code != 0 || !strings.Contains(stderr, "not in a git repository") {
		t.Errorf("non-git directory: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := attestRun("build", "-release", "-C", plain); code == 0 {
		t.Errorf("-release outside git: exit 0\n%s", stderr)
	}

	r.Edit("policies/encryption.md", "## Purpose", "## Purpose of this policy")
	r.Commit("2026-07-02T09:00:00Z", "Second commit")
	shallow := filepath.Join(t.TempDir(), "clone")
	if out, err := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+r.Dir, shallow).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	code, _, stderr = attestRun("build", "-release", "-C", shallow)
	if code != 0 || !strings.Contains(stderr, "shallow clone") {
		t.Errorf("shallow clone: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(shallow, "private", "index.html")); err != nil {
		t.Error(err)
	}
}

// TestBuildRevisionPages checks the revision table of a policy on the
// private site — each commit, the approval record from its trailers and a
// highlighted diff with the changed words marked — and the version and last
// change date on the public policy page (issue 4, revision pages).
func TestBuildRevisionPages(t *testing.T) {
	r, first := sampleRepo(t)
	r.Edit("policies/acceptable-use.md", "clear, practical rules", "clear, short rules")
	second := r.Commit("2026-07-20T10:00:00Z", "Tighten the acceptable use wording\n\nReviewed-by: Priya Raman <priya@example.com>\nApproved-by: Sam Okafor <sam@example.com>")
	if code, _, stderr := attestRun("build", "-C", r.Dir); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	page := readOut(t, r.Dir, "private/latest/policies/pol-aup/index.html")
	for _, want := range []string{
		`id="policies-pol-aup-revisions"`, "Version 2, last changed 2026-07-20",
		"<code title=\"" + second + "\">" + second[:12] + "</code>", first[:12],
		"Reviewed by Priya Raman, 2026-07-20", "Approved by Sam Okafor, 2026-07-20",
		`<del>practical</del>`, `<ins>short</ins>`, `class="chroma"`, "revisions.css",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the private policy page lacks %q", want)
		}
	}
	css := readOut(t, r.Dir, "private/latest/css/revisions.css")
	if !strings.Contains(css, ".chroma") {
		t.Error("revisions.css lacks the chroma classes")
	}
	ctl := readOut(t, r.Dir, "private/latest/controls/ctl-mfa/index.html")
	if !strings.Contains(ctl, "Version 1, last changed 2026-07-01") {
		t.Error("a control page lacks its revision table")
	}
	pub := readOut(t, r.Dir, "public/policies/pol-aup/index.html")
	if !strings.Contains(pub, "<dt>Version</dt><dd>2</dd>") || !strings.Contains(pub, "<dt>Last changed</dt><dd>2026-07-20</dd>") {
		t.Error("the public policy page lacks its version and last change date")
	}
	if strings.Contains(pub, "Priya") || strings.Contains(pub, "Tighten") {
		t.Error("the public policy page shows commit details")
	}
}

// TestBuildSignificantChanges scripts an audit period — a public
// subprocessor added, a public policy changed — and finds both in the
// description's DC9 with their commits, and in the trust center's updates
// and Atom feed (issue 4, DC9).
func TestBuildSignificantChanges(t *testing.T) {
	r, _ := sampleRepoAt(t, "2025-12-15T10:00:00Z")
	b, err := os.ReadFile(filepath.Join(r.Dir, "content/registers/subprocessors.toml"))
	if err != nil {
		t.Fatal(err)
	}
	r.Write("content/registers/subprocessors.toml", string(b)+`
[[subprocessor]]
name = "Mailgun"
purpose = "Transactional email delivery"
location = "United States"
data = "Customer email addresses"
since = 2026-02-01
dpa = true
assurance = "SOC 2 Type II"
reviewed = 2026-02-01
visibility = "public"
`)
	added := r.Commit("2026-02-10T09:00:00Z", "Add Mailgun as a subprocessor")
	r.Edit("policies/acceptable-use.md", "clear, practical rules", "clear, short rules")
	changed := r.Commit("2026-03-05T09:00:00Z", "Reword the acceptable use purpose")

	code, _, stderr := attestRun("build", "-C", r.Dir)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	dc9 := readOut(t, r.Dir, "private/latest/description/dc9/index.html")
	for _, want := range []string{"Subprocessor added: Mailgun", added[:12], "Policy changed: POL-AUP", changed[:12]} {
		if !strings.Contains(dc9, want) {
			t.Errorf("DC9 lacks %q", want)
		}
	}
	feed := readOut(t, r.Dir, "public/updates/atom.xml")
	for _, want := range []string{"Subprocessor added: Mailgun (Transactional email delivery)", "Policy changed: POL-AUP Acceptable Use Policy", added[:12]} {
		if !strings.Contains(feed, want) {
			t.Errorf("the Atom feed lacks %q", want)
		}
	}
	if strings.Contains(feed, "Add Mailgun as a subprocessor") {
		t.Error("the Atom feed shows a commit message")
	}
	if !strings.Contains(readOut(t, r.Dir, "public/updates/index.html"), "Subprocessor added: Mailgun") {
		t.Error("the updates page lacks the subprocessor")
	}
}

// TestBuildTaggedVersions tags two versions of the program and changes it
// again: each tag is built from its own tree beside latest/, every page of
// every version carries the switcher, the index lists them, and every link
// resolves (issue 4, versioned description).
func TestBuildTaggedVersions(t *testing.T) {
	r, first := sampleRepoAt(t, "2026-01-10T10:00:00Z")
	r.Tag("2026-01-11T10:00:00Z", "audit/2025", "Type 1 audit")
	r.Edit("policies/acceptable-use.md", `title = "`, `title = "Second `)
	second := r.Commit("2026-04-01T10:00:00Z", "Retitle the acceptable use policy")
	r.Tag("2026-04-02T10:00:00Z", "audit/2026", "Type 2 audit")
	r.Edit("policies/acceptable-use.md", `title = "Second `, `title = "Third `)
	r.Commit("2026-07-01T10:00:00Z", "Retitle it again")

	code, _, stderr := attestRun("build", "-only", "private", "-C", r.Dir)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	priv := filepath.Join(r.Dir, "private")
	for dir, title := range map[string]string{"latest": "Third ", "audit/2026": "Second ", "audit/2025": "Acceptable Use Policy"} {
		page := readOut(t, priv, dir+"/policies/pol-aup/index.html")
		if !strings.Contains(page, title) {
			t.Errorf("%s: the policy page lacks %q", dir, title)
		}
	}
	if !strings.Contains(readOut(t, priv, "audit/2025/index.html"), first[:12]) || !strings.Contains(readOut(t, priv, "audit/2026/index.html"), second[:12]) {
		t.Error("a tagged version is not dated by its own commit")
	}
	index := readOut(t, priv, "index.html")
	for _, want := range []string{`href="latest/index.html"`, `href="audit/2026/index.html"`, `href="audit/2025/index.html"`, "Type 2 audit"} {
		if !strings.Contains(index, want) {
			t.Errorf("the versions index lacks %s", want)
		}
	}
	n := 0
	filepath.WalkDir(priv, func(name string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".html") || filepath.Dir(name) == priv {
			return err
		}
		if b, _ := os.ReadFile(name); strings.Contains(string(b), "<html") && !strings.Contains(string(b), `<details class="versions">`) {
			if n++; n <= 3 {
				t.Errorf("%s has no version switcher:\n%.1500s", name, b)
			}
		}
		return nil
	})
	problems, err := sitetest.Links(priv)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range problems {
		if i == 10 {
			break
		}
		t.Error(p)
	}
	if b, _ := os.ReadFile(filepath.Join(r.Dir, "policies/acceptable-use.md")); !strings.Contains(string(b), "Third ") {
		t.Error("building the tags changed the work tree")
	}

	// The versions copy the same evidence and theme files: one file, linked
	// into each, and nothing left beside the output.
	for _, name := range []string{"evidence/access-review/2026-q1-access-review.csv", "css/revisions.css"} {
		var first os.FileInfo
		for _, dir := range []string{"latest", "audit/2026", "audit/2025"} {
			fi, err := os.Stat(filepath.Join(priv, filepath.FromSlash(dir+"/"+name)))
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = fi
			} else if !os.SameFile(first, fi) {
				t.Errorf("%s/%s is a file of its own, not linked to latest's", dir, name)
			}
		}
	}
	if left, _ := filepath.Glob(filepath.Join(r.Dir, ".private.*")); len(left) > 0 {
		t.Errorf("left beside the output: %v", left)
	}

	// Tags are frozen: built again the same way, they are reused, byte for byte.
	before := sitetest.ReadTree(t, priv)
	code, stdout, stderr := attestRun("build", "-only", "private", "-C", r.Dir)
	if code != 0 || !strings.Contains(stdout, "2 tagged versions unchanged, reused") {
		t.Errorf("second build: exit %d\n%s%s", code, stdout, stderr)
	}
	sitetest.SameTree(t, "private, built twice", before, sitetest.ReadTree(t, priv))
	// A new tag changes every version's switcher: none is reused.
	r.Tag("2026-07-02T10:00:00Z", "audit/2026-h2", "Half-year")
	code, stdout, stderr = attestRun("build", "-only", "private", "-C", r.Dir)
	if code != 0 || strings.Contains(stdout, "reused") {
		t.Errorf("build after a new tag: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(readOut(t, priv, "audit/2025/index.html"), "audit/2026-h2") {
		t.Error("an older version's switcher lacks the new tag")
	}
}

// TestBuildTagOnARevertedTree tags two commits with the same tree — the
// second reverts a reviewed change — and finds in each version the reviews
// of its own history: the same tree is not the same program when the
// history between differs.
func TestBuildTagOnARevertedTree(t *testing.T) {
	r, _ := sampleRepoAt(t, "2026-01-10T10:00:00Z")
	r.Tag("2026-01-11T10:00:00Z", "audit/v1", "First")
	r.Edit("policies/acceptable-use.md", "clear, practical rules", "clear, short rules")
	r.Commit("2026-03-01T10:00:00Z", "Tighten the wording\n\nReviewed-by: Priya Raman <priya@example.com>")
	r.Edit("policies/acceptable-use.md", "clear, short rules", "clear, practical rules")
	r.Commit("2026-04-01T10:00:00Z", "Revert the wording")
	if a, b := r.Git("rev-parse", "audit/v1^{tree}"), r.Git("rev-parse", "HEAD^{tree}"); a != b {
		t.Fatalf("the revert did not restore the tree: %s vs %s", a, b)
	}
	r.Tag("2026-04-02T10:00:00Z", "audit/v2", "Second")
	if code, _, stderr := attestRun("build", "-only", "private", "-C", r.Dir); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	reviewed := "<dt>Last reviewed</dt><dd>2026-03-01</dd>"
	if page := readOut(t, r.Dir, "private/audit/v2/policies/pol-aup/index.html"); !strings.Contains(page, reviewed) {
		t.Errorf("audit/v2 lacks the review recorded before it (%s)", reviewed)
	}
	if page := readOut(t, r.Dir, "private/audit/v1/policies/pol-aup/index.html"); strings.Contains(page, reviewed) {
		t.Error("audit/v1 shows a review recorded after it")
	}
}

// TestBuildWithoutCachesIsTheSame builds the sample with two tagged versions
// with every cache and without any (ATTEST_NOCACHE=1): the same bytes in
// both outputs. A cache may only save time (issue 14).
func TestBuildWithoutCachesIsTheSame(t *testing.T) {
	r, _ := sampleRepoAt(t, "2026-01-10T10:00:00Z")
	r.Tag("2026-01-11T10:00:00Z", "audit/v1", "First")
	r.Edit("policies/acceptable-use.md", `title = "`, `title = "Second `)
	r.Commit("2026-02-01T10:00:00Z", "Retitle the acceptable use policy")
	r.Tag("2026-02-02T10:00:00Z", "audit/v2", "Second")

	build := func(nocache string) (map[string][]byte, map[string][]byte) {
		t.Helper()
		t.Setenv("ATTEST_NOCACHE", nocache)
		dir := filepath.Join(t.TempDir(), "program")
		if out, err := exec.Command("git", "clone", "-q", r.Dir, dir).CombinedOutput(); err != nil {
			t.Fatalf("git clone: %v\n%s", err, out)
		}
		if code, _, stderr := attestRun("build", "-C", dir, "-quiet"); code != 0 {
			t.Fatalf("build (ATTEST_NOCACHE=%q): exit %d\n%s", nocache, code, stderr)
		}
		return sitetest.ReadTree(t, filepath.Join(dir, "public")), sitetest.ReadTree(t, filepath.Join(dir, "private"))
	}
	pubCached, privCached := build("")
	pubBare, privBare := build("1")
	if len(privBare) < 3*100 {
		t.Fatalf("only %d private files built: the versions are missing", len(privBare))
	}
	sitetest.SameTree(t, "the trust center with caches against without", pubCached, pubBare)
	sitetest.SameTree(t, "the system description with caches against without", privCached, privBare)
}

// TestTaggedVersionsKeepTheirOwnLayouts: a version read from a tag is laid
// out with the layouts committed at that tag, not with the work tree's; an
// override changed since (here a footer) changes only the latest version.
func TestTaggedVersionsKeepTheirOwnLayouts(t *testing.T) {
	r, _ := sampleRepoAt(t, "2026-01-10T10:00:00Z")
	const footer = "<footer class=\"site-footer\">%s</footer>\n"
	r.Write("themes/system-description/layouts/_partials/footer.html", fmt.Sprintf(footer, "FOOTER-AT-THE-TAG"))
	r.Write("themes/trust-center/layouts/_partials/footer.html", fmt.Sprintf(footer, "TRUST-FOOTER-AT-THE-TAG"))
	r.Commit("2026-01-11T10:00:00Z", "Our footer")
	r.Tag("2026-01-12T10:00:00Z", "audit/2025", "Type 1 audit")
	r.Write("themes/system-description/layouts/_partials/footer.html", fmt.Sprintf(footer, "FOOTER-SINCE"))
	r.Write("themes/trust-center/layouts/_partials/footer.html", fmt.Sprintf(footer, "TRUST-FOOTER-SINCE"))
	r.Commit("2026-02-01T10:00:00Z", "A new footer")
	if code, _, stderr := attestRun("build", "-C", r.Dir); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	priv := filepath.Join(r.Dir, "private")
	for dir, want := range map[string]string{"latest": "FOOTER-SINCE", "audit/2025": "FOOTER-AT-THE-TAG"} {
		for _, page := range []string{"index.html", "controls/index.html"} {
			got := readOut(t, priv, dir+"/"+page)
			if !strings.Contains(got, want) {
				t.Errorf("%s/%s does not show its own footer %s", dir, page, want)
			}
		}
	}
	if got := readOut(t, r.Dir, "public/index.html"); !strings.Contains(got, "TRUST-FOOTER-SINCE") {
		t.Error("the trust center of the work tree does not show the work tree's footer")
	}
	// Built from the tag, both sites are laid out as they were there.
	if code, _, stderr := attestRun("build", "-C", r.Dir, "-ref", "audit/2025"); code != 0 {
		t.Fatalf("build -ref: exit %d\n%s", code, stderr)
	}
	if got := readOut(t, r.Dir, "public/index.html"); !strings.Contains(got, "TRUST-FOOTER-AT-THE-TAG") {
		t.Error("the trust center built -ref audit/2025 does not show the tag's footer")
	}
	if got := readOut(t, priv, "latest/index.html"); !strings.Contains(got, "FOOTER-AT-THE-TAG") {
		t.Error("the description built -ref audit/2025 does not show the tag's footer")
	}
}
