package main

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/gitfs/gittest"
	"github.com/attest-dev/attest/generator/sealed"
	"github.com/attest-dev/attest/generator/site/sitetest"
)

// TestNoCanaryFromHistoryReachesThePublicSite builds the trust center's
// canary program (every non-public field holds "canary") from a real git
// repository whose history carries canaries too — commit subjects, bodies,
// trailers, author and committer names and e-mails, an annotated tag's
// message and tagger, a note — and whose period flips a public policy to
// internal with a new title, adds a draft policy, retires a restricted one
// under a new title, adds subprocessors that are internal at HEAD, and adds
// a policy as internal, edits it and only then makes it public. Not one
// canary may reach any byte or file name of public/, nor the id of a commit
// made while that policy was internal (the change feed names the commit
// that published it), while the private description's DC9 keeps the full
// picture (issue 11).
func TestNoCanaryFromHistoryReachesThePublicSite(t *testing.T) {
	r := gittest.New(t)
	r.WriteTxtar("../../generator/trustcenter/testdata/canary.txtar")
	r.Write(".gitignore", "/public/\n/private/\n")
	// Fields no page of the trust center shows, though their item is
	// public: a public policy's approvers, and where the site is deployed.
	r.Edit("policies/access.md", `approvers = ["CTO"]`, `approvers = ["CANARY-PUBLIC-POLICY-APPROVER"]`)
	r.Edit("config.toml", "[hugo]\n", `[[deploy.target]]
name = "canary-deploy-target"
url = "file:///tmp/canary-deploy-bucket"
public_url = "https://trust.finch.example/"
cloudfront_distribution = "ECANARYDISTRIBUTION"

[hugo]
`)
	r.Author = "Canary Author <canary-author@example.com>"
	r.Committer = "CANARY-COMMITTER <committer-canary@example.com>"
	r.Commit("2025-12-15T10:00:00Z", "CANARY-FIRST-SUBJECT\n\nCANARY-FIRST-BODY\n\nApproved-by: CANARY-TRAILER-NAME <canary-trailer@example.com>")

	edit := func(name, old, new string) {
		t.Helper()
		r.Edit(name, old, new)
	}
	edit("policies/access.md", `title = "PUBLIC-POLICY-TITLE Access Control Policy"`, `title = "CANARY-FLIPPED-TITLE"`)
	edit("policies/access.md", `visibility = "public"`, `visibility = "internal"`)
	r.Commit("2026-02-10T09:00:00Z", "CANARY-FLIP-SUBJECT\n\nReviewed-by: CANARY-REVIEWER <canary-reviewer@example.com>")

	r.Write("policies/draft.md", `+++
id = "POL-CANARYDRAFT"
title = "CANARY-DRAFT-TITLE"
owner = "CANARY-DRAFT-OWNER"
approvers = ["CTO"]
status = "draft"
effective = 2026-03-01
visibility = "public"
+++

CANARY-DRAFT-BODY
`)
	r.Commit("2026-03-02T09:00:00Z", "CANARY-DRAFT-SUBJECT")

	edit("policies/backup.md", `title = "PUBLIC-RESTRICTED-POLICY-TITLE Backup Policy"`, `title = "CANARY-RETIRED-TITLE"`)
	edit("policies/backup.md", `status = "approved"`, `status = "retired"`)
	edit("policies/backup.md", `visibility = "restricted"`, `visibility = "public"`)
	r.Commit("2026-04-01T09:00:00Z", "CANARY-RETIRE-SUBJECT")

	registers := "content/registers/registers.toml"
	b, err := os.ReadFile(filepath.Join(r.Dir, registers))
	if err != nil {
		t.Fatal(err)
	}
	r.Write(registers, string(b)+`
[[subprocessor]]
name = "CANARY-LATER-INTERNAL-SUBPROCESSOR"
purpose = "CANARY-LATER-INTERNAL-PURPOSE"
location = "EU"
data = "CANARY-LATER-INTERNAL-DATA"
since = 2026-04-15
visibility = "public"
`)
	r.Commit("2026-04-15T09:00:00Z", "CANARY-SUBPROCESSOR-SUBJECT")
	edit(registers, "since = 2026-04-15\nvisibility = \"public\"", "since = 2026-04-15\nvisibility = \"internal\"")
	r.Commit("2026-05-01T09:00:00Z", "CANARY-HIDE-SUBJECT")

	retention := func(title, owner, visibility, body string) string {
		return "+++\nid = \"POL-RETENTION\"\ntitle = \"" + title + "\"\nowner = \"" + owner + "\"\napprovers = [\"CTO\"]\n" +
			"status = \"approved\"\neffective = 2026-05-03\nvisibility = \"" + visibility + "\"\n+++\n\n" + body + "\n"
	}
	r.Write("policies/retention.md", retention("CANARY-RETENTION-OLD-TITLE", "CANARY-RETENTION-OWNER", "internal", "CANARY-RETENTION-OLD-BODY"))
	internalAdded := r.Commit("2026-05-03T09:00:00Z", "CANARY-RETENTION-ADDED-SUBJECT\n\nCANARY-RETENTION-ADDED-BODY")
	r.Write("policies/retention.md", retention("CANARY-RETENTION-OLD-TITLE", "CANARY-RETENTION-OWNER", "internal", "CANARY-RETENTION-EDITED-BODY"))
	internalEdited := r.Commit("2026-05-04T09:00:00Z", "CANARY-RETENTION-EDIT-SUBJECT\n\nCANARY-RETENTION-EDIT-BODY")
	r.Write("policies/retention.md", retention("Data Retention Policy", "Head of Security", "public", "PUBLIC-RETENTION-BODY Records are kept for seven years."))
	published := r.Commit("2026-05-05T09:00:00Z", "CANARY-PUBLISH-SUBJECT Publish the retention policy\n\nCANARY-PUBLISH-BODY")
	// HEAD itself, the commit the site is built from, says nothing public
	// either; nor do the names of its branch and of a lightweight tag.
	r.Write("README.md", "CANARY-README\n")
	r.Commit("2026-05-06T09:00:00Z", "CANARY-HEAD-SUBJECT\n\nCANARY-HEAD-BODY\n\nSigned-off-by: CANARY-HEAD-SIGNER <canary-head@example.com>")
	r.Git("checkout", "-q", "-b", "canary-branch")
	r.Git("tag", "canary-lightweight-tag")

	r.GitEnv([]string{"GIT_COMMITTER_NAME=CANARY-TAGGER", "GIT_COMMITTER_EMAIL=canary-tagger@example.com", "GIT_COMMITTER_DATE=2026-05-02T09:00:00Z"},
		"tag", "-a", "audit/2026-h1", "-m", "CANARY-TAG-MESSAGE")
	r.GitEnv([]string{"GIT_AUTHOR_NAME=CANARY-NOTE-AUTHOR", "GIT_AUTHOR_EMAIL=canary-note@example.com", "GIT_AUTHOR_DATE=2026-05-02T09:00:00Z",
		"GIT_COMMITTER_NAME=CANARY-NOTE-AUTHOR", "GIT_COMMITTER_EMAIL=canary-note@example.com", "GIT_COMMITTER_DATE=2026-05-02T09:00:00Z"},
		"notes", "add", "-m", "CANARY-NOTE", "HEAD")

	if code, _, stderr := attestRun("build", "-C", r.Dir, "-quiet"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}

	tree := sitetest.ReadTree(t, filepath.Join(r.Dir, "public"))
	for _, name := range slices.Sorted(maps.Keys(tree)) {
		if strings.Contains(strings.ToLower(name), "canary") {
			t.Errorf("output file name %s leaks a non-public value", name)
		}
		lower := bytes.ToLower(tree[name])
		for _, i := range regexp.MustCompile(`canary`).FindAllIndex(lower, -1) {
			t.Errorf("%s leaks a non-public value: …%s…", name, tree[name][max(0, i[0]-60):min(len(lower), i[1]+40)])
		}
	}
	for name, id := range map[string]string{"the commit that added the policy as internal": internalAdded, "the internal edit": internalEdited} {
		for _, hash := range []string{id, gitfs.ShortID(id), id[:7]} {
			for _, file := range slices.Sorted(maps.Keys(tree)) {
				if bytes.Contains(tree[file], []byte(hash)) {
					t.Errorf("%s names %s (%s)", file, name, hash)
				}
			}
		}
	}
	announced := false
	for _, data := range tree {
		if bytes.Contains(data, []byte("Policy added: POL-RETENTION Data Retention Policy")) && bytes.Contains(data, []byte(gitfs.ShortID(published))) {
			announced = true
		}
	}
	if !announced {
		t.Error("the feed does not announce the retention policy with the commit that published it: the test no longer builds what it means to")
	}
	if !bytes.Contains(tree["subprocessors/index.html"], []byte("PUBLIC-SUBPROCESSOR-NAME")) {
		t.Error("the trust center lacks the public subprocessor: the test no longer builds what it means to")
	}
	private := sitetest.ReadTree(t, filepath.Join(r.Dir, "private"))
	for _, want := range []string{"CANARY-PUBLIC-POLICY-APPROVER", "CANARY-PUBLISH-SUBJECT"} {
		if !slices.ContainsFunc(slices.Collect(maps.Values(private)), func(b []byte) bool { return bytes.Contains(b, []byte(want)) }) {
			t.Errorf("the private description lacks %q: the test no longer plants what it means to", want)
		}
	}
	dc9 := readOut(t, r.Dir, "private/latest/description/dc9/index.html")
	for _, want := range []string{"CANARY-FLIPPED-TITLE", "CANARY-DRAFT-TITLE", "POL-BACKUP", "CANARY-LATER-INTERNAL-SUBPROCESSOR"} {
		if !strings.Contains(dc9, want) {
			t.Errorf("DC9 in the private description lacks %q", want)
		}
	}
}

// TestEvidenceBehindAnImageIsNotPublished: a public policy shows, as an
// image, a symbolic link named like one that leads to an evidence file. The
// build refuses it rather than publish the evidence as chart.png (issue 13,
// review): the trust center publishes a file as an image only when its
// bytes are one.
func TestEvidenceBehindAnImageIsNotPublished(t *testing.T) {
	r, _ := sampleRepoAt(t, "2026-07-01T10:00:00Z")
	r.Edit("policies/acceptable-use.md", "+++\n\n## Purpose\n", "+++\n\n![chart](img/chart.png)\n\n## Purpose\n")
	if err := os.MkdirAll(filepath.Join(r.Dir, "policies", "img"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../evidence/access-review/2026-q1-access-review.csv", filepath.Join(r.Dir, "policies", "img", "chart.png")); err != nil {
		t.Skip("symbolic links unsupported:", err)
	}
	r.Commit("2026-07-02T10:00:00Z", "A chart that is not one")
	code, _, stderr := attestRun("build", "-C", r.Dir, "-quiet")
	if code == 0 || !strings.Contains(stderr, "policies/img/chart.png: its contents are not an image") {
		t.Errorf("build: exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, "public", "policies", "img", "chart.png")); err == nil {
		t.Error("the evidence behind the link was published")
	}
}

// TestEncryptedPrivateSiteRevealsNothing builds the canary program's system
// description encrypted, from a real git repository: no output file name
// and no output byte holds a canary, a control id or a path segment of the
// plain site (controls/ctl-mfa, the evidence file names). Opened with the
// printed key, it is the unencrypted build of the same commit, byte for byte.
// The sealed objects' names and sizes are all the host sees. (Issue 17.)
func TestEncryptedPrivateSiteRevealsNothing(t *testing.T) {
	r := gittest.New(t)
	r.WriteTxtar("../../generator/trustcenter/testdata/canary.txtar")
	r.Write(".gitignore", "/public/\n/private/\n")
	r.Commit("2026-05-01T09:00:00Z", "CANARY-SUBJECT")

	if code, _, stderr := attestRun("build", "-C", r.Dir, "-quiet", "-only", "private"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	plain := sitetest.ReadTree(t, filepath.Join(r.Dir, "private"))
	code, stdout, stderr := attestRun("build", "-C", r.Dir, "-quiet", "-only", "private", "-encrypt")
	if code != 0 {
		t.Fatalf("build -encrypt: exit %d\n%s", code, stderr)
	}
	m := linkKey.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("build -encrypt -quiet printed no key:\n%s", stdout)
	}
	out := filepath.Join(r.Dir, "private")
	sealedTree := sitetest.ReadTree(t, out)

	// What must not show: every canary, every control id, and every name
	// of the plain site's paths that is not a word of the site's shape.
	secrets := map[string]bool{"canary": true, "ctl-": true}
	shape := map[string]bool{"index.html": true, "latest": true, "controls": true, "policies": true, "evidence": true,
		"registers": true, "description": true, "search": true, "print": true, "matrix": true, "css": true, "js": true}
	for name, body := range plain {
		for _, seg := range strings.Split(name, "/") {
			if !shape[seg] && len(seg) >= 6 {
				secrets[strings.ToLower(seg)] = true
			}
		}
		for _, id := range regexp.MustCompile(`CTL-[A-Z0-9-]+`).FindAll(body, -1) {
			secrets[strings.ToLower(string(id))] = true
		}
	}
	if !secrets["canaryevidencefile.csv"] || !secrets["ctl-canaryinternal"] {
		t.Fatalf("the plain build lacks what the test looks for: %v", slices.Sorted(maps.Keys(secrets)))
	}
	// The same search finds every secret in the plain build.
	for s := range secrets {
		found := false
		for name, body := range plain {
			found = found || strings.Contains(strings.ToLower(name), s) || bytes.Contains(bytes.ToLower(body), []byte(s))
		}
		if !found {
			t.Errorf("%q is nowhere in the plain build: the search is broken", s)
		}
	}
	loader := map[string]bool{}
	for _, p := range sealed.Plain() {
		loader[p] = true
	}
	for _, name := range slices.Sorted(maps.Keys(sealedTree)) {
		lowerName := strings.ToLower(name)
		lower := bytes.ToLower(sealedTree[name])
		for s := range secrets {
			// The loader's files are the same for every site (checked in
			// generator/sealed); a few of the plain site's names (say
			// "unlock.js"'s "location") are words of its code.
			if strings.Contains(lowerName, s) || (!loader[name] && bytes.Contains(lower, []byte(s))) {
				t.Errorf("%s reveals %q", name, s)
			}
		}
		if !loader[name] && !regexp.MustCompile(`^o/[0-9a-f]{32}$`).MatchString(name) {
			t.Errorf("%s is neither a loader file nor a sealed object", name)
		}
		if loader[name] && bytes.Contains(lower, []byte("canary")) {
			t.Errorf("%s holds a canary", name)
		}
	}

	key, err := sealed.ParseFragment(m[1])
	if err != nil {
		t.Fatal(err)
	}
	opened, err := sealed.Open(out, key, "")
	if err != nil {
		t.Fatal(err)
	}
	sitetest.SameTree(t, "the encrypted build, opened", plain, opened)

	// [outputs] encrypt = true seals every build, with a key of its own.
	r.Edit("config.toml", "[trust]\n", "[outputs]\nencrypt = true\n\n[trust]\n")
	r.Commit("2026-05-02T09:00:00Z", "encrypt the private site")
	code, stdout, stderr = attestRun("build", "-C", r.Dir, "-quiet")
	if code != 0 {
		t.Fatalf("build with [outputs] encrypt: exit %d\n%s", code, stderr)
	}
	m2 := linkKey.FindStringSubmatch(stdout)
	if m2 == nil || m2[1] == m[1] {
		t.Fatalf("[outputs] encrypt printed no fresh key:\n%s", stdout)
	}
	k2, err := sealed.ParseFragment(m2[1])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sealed.Open(out, k2, ""); err != nil {
		t.Errorf("[outputs] encrypt: %v", err)
	}

	short := filepath.Join(t.TempDir(), "short")
	os.WriteFile(short, []byte("hunter2\n"), 0o600)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-passphrase-file", filepath.Join(t.TempDir(), "none")}, 1, "-passphrase-file: open"},
		{[]string{"-passphrase-file", short}, 2, "the passphrase has 7 characters, fewer than 12"},
		{[]string{"-only", "public", "-encrypt"}, 2, "-only public builds none"},
	} {
		code, _, stderr := attestRun(append([]string{"build", "-C", r.Dir, "-quiet"}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("build %v: exit %d, want %d and %q\n%s", tc.args, code, tc.code, tc.want, stderr)
		}
	}
}
