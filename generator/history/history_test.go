package history_test

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/attest-dev/attest/generator/gitfs/gittest"
	"github.com/attest-dev/attest/generator/history"
)

func load(t *testing.T, dir string, opts history.Options) *history.History {
	t.Helper()
	h, err := history.Load(context.Background(), dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// revs describes a file's revisions as "change path (subject)", newest first.
func revs(f *history.File) []string {
	if f == nil {
		return nil
	}
	var out []string
	for _, r := range f.Revisions {
		s := fmt.Sprintf("%s %s (%s)", r.Change, r.Path, r.Commit.Subject)
		if r.OldPath != "" {
			s = fmt.Sprintf("%s %s->%s (%s)", r.Change, r.OldPath, r.Path, r.Commit.Subject)
		}
		out = append(out, s)
	}
	return out
}

func assertRevs(t *testing.T, h *history.History, path string, want ...string) {
	t.Helper()
	if got := revs(h.File(path)); !slices.Equal(got, want) {
		t.Errorf("revisions of %s:\n  %s\nwant\n  %s", path, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

const policy = `+++
title = "Access Control Policy"
owner = "CTO"
status = "approved"
+++

## Purpose

Only authorised people reach production systems and customer data.

## Scope

Every employee, contractor and service account.
`

func TestRenamedFileKeepsItsHistory(t *testing.T) {
	g := gittest.New(t)
	g.Write("policies/ac.md", policy)
	g.Commit("2026-01-05T09:00:00Z", "Add access policy")
	g.Write("policies/ac.md", strings.Replace(policy, "CTO", "CISO", 1))
	g.Commit("2026-01-06T09:00:00Z", "Owner is the CISO")
	g.Git("mv", "policies/ac.md", "policies/access-control.md")
	g.Commit("2026-01-07T09:00:00Z", "Rename access policy")
	g.Git("mv", "policies/access-control.md", "policies/access.md")
	g.Write("policies/access.md", strings.Replace(strings.Replace(policy, "CTO", "CISO", 1), "Every employee", "Every employee, intern", 1))
	g.Commit("2026-01-08T09:00:00Z", "Rename again and widen scope")

	h := load(t, g.Dir, history.Options{})
	assertRevs(t, h, "policies/access.md",
		"renamed policies/access-control.md->policies/access.md (Rename again and widen scope)",
		"renamed policies/ac.md->policies/access-control.md (Rename access policy)",
		"modified policies/ac.md (Owner is the CISO)",
		"added policies/ac.md (Add access policy)")
	if f := h.File("policies/ac.md"); f != nil {
		t.Errorf("the old name has a history of its own: %v", revs(f))
	}
	if v := h.File("policies/access.md").Version(); v != 4 {
		t.Errorf("Version() = %d, want 4", v)
	}
	diffs, err := h.Diffs(context.Background(), h.File("policies/access.md"))
	if err != nil {
		t.Fatal(err)
	}
	var heads []string
	for _, d := range diffs {
		u := d.Unified()
		heads = append(heads, strings.Join(strings.SplitN(u, "\n", 4)[:min(3, strings.Count(u, "\n"))], " "))
	}
	want := []string{
		"--- a/policies/access-control.md +++ b/policies/access.md @@ -10,4 +10,4 @@",
		"", // a pure rename changes no line
		"--- a/policies/ac.md +++ b/policies/ac.md @@ -1,6 +1,6 @@",
		"--- /dev/null +++ b/policies/ac.md @@ -0,0 +1,13 @@",
	}
	if !slices.Equal(heads, want) {
		t.Errorf("diff headers:\n  %s\nwant\n  %s", strings.Join(heads, "\n  "), strings.Join(want, "\n  "))
	}
	if w := diffs[0].Hunks[0].Lines[4].Words; len(w) != 3 || w[1].Text != "intern, " || !w[1].Changed {
		t.Errorf("words of the widened scope line = %+v, want \"intern, \" marked", w)
	}
}

// TestMergeFollowsRenamesOnBothSides: the main line renames a policy while a
// branch edits it under its old name; after the merge the branch's edit is
// part of the renamed file's history, and the merge (which carries the
// approval) is a revision too.
func TestMergeFollowsRenamesOnBothSides(t *testing.T) {
	g := gittest.New(t)
	g.Write("policies/x.md", policy)
	g.Write("policies/other.md", "other\n")
	g.Commit("2026-01-05T09:00:00Z", "Add policies")
	g.Git("checkout", "-q", "-b", "topic")
	g.Author = "Bob Builder <bob@example.com>"
	g.Write("policies/x.md", strings.Replace(policy, "customer data", "customer and employee data", 1))
	g.Commit("2026-01-06T09:00:00Z", "Cover employee data")
	g.Git("checkout", "-q", "main")
	g.Author = "Ada Lovelace <ada@example.com>"
	g.Git("mv", "policies/x.md", "policies/access.md")
	g.Commit("2026-01-07T09:00:00Z", "Rename x to access")
	g.Merge("2026-01-08T09:00:00Z", "topic", "Merge topic\n\nApproved-by: Carol CISO <carol@example.com>")

	h := load(t, g.Dir, history.Options{})
	assertRevs(t, h, "policies/access.md",
		"modified policies/access.md (Merge topic)",
		"renamed policies/x.md->policies/access.md (Rename x to access)",
		"modified policies/x.md (Cover employee data)",
		"added policies/x.md (Add policies)")
	f := h.File("policies/access.md")
	if f.Version() != 3 {
		t.Errorf("Version() = %d, want 3 (the merge is not an authored revision)", f.Version())
	}
	if got := f.Revisions[2].Commit.Author.Name; got != "Bob Builder" {
		t.Errorf("the branch commit's author = %q, want Bob Builder", got)
	}
	assertRevs(t, h, "policies/other.md", "added policies/other.md (Add policies)")
	rv, ok := f.LastReview()
	if !ok || rv.Date.String() != "2026-01-08" || !slices.Equal(rv.By, []string{"Carol CISO"}) {
		t.Errorf("LastReview() = %+v, %v; want the merge's approval of 2026-01-08 by Carol CISO", rv, ok)
	}
	if len(h.Commits) != 4 || h.Head.Subject != "Merge topic" {
		t.Errorf("%d commits, head %q; want 4, Merge topic", len(h.Commits), h.Head.Subject)
	}
}

func TestReviewTrailers(t *testing.T) {
	g := gittest.New(t)
	g.Write("policies/access.md", policy)
	g.Commit("2026-01-05T09:00:00+01:00", "Add access policy\n\nApproved-by: Carol CISO <carol@example.com>")
	g.Write("policies/access.md", policy+"\nA note.\n")
	g.Commit("2026-02-01T09:00:00Z", "Annual review\n\nNothing material changed.\n\nReviewed-by: Dan Auditor <dan@example.com>\nApproved-by: Carol CISO <carol@example.com>\nReviewed-by: Dan Auditor <dan@example.com>")
	g.Write("policies/access.md", policy+"\nA note, reworded.\n")
	g.Commit("2026-03-01T09:00:00Z", "Typo\n\nThis paragraph mentions Reviewed-by: nobody, in prose.")
	g.Write("policies/other.md", "x\n")
	g.Commit("2026-04-01T09:00:00Z", "Other\n\nReviewed-by: Eve")

	h := load(t, g.Dir, history.Options{})
	at, by, ok := h.LastReview("policies/access.md")
	if !ok || at.String() != "2026-02-01" || by != "Dan Auditor, Carol CISO" {
		t.Errorf("LastReview = %s, %q, %v; want 2026-02-01, \"Dan Auditor, Carol CISO\"", at, by, ok)
	}
	f := h.File("policies/access.md")
	var got []string
	for _, r := range f.Revisions {
		for _, a := range r.Approvals() {
			got = append(got, fmt.Sprintf("%s %s <%s> %s", a.Kind, a.By.Name, a.By.Email, a.At.Format(time.RFC3339)))
		}
	}
	want := []string{
		"Reviewed-by Dan Auditor <dan@example.com> 2026-02-01T09:00:00Z",
		"Approved-by Carol CISO <carol@example.com> 2026-02-01T09:00:00Z",
		"Reviewed-by Dan Auditor <dan@example.com> 2026-02-01T09:00:00Z",
		"Approved-by Carol CISO <carol@example.com> 2026-01-05T09:00:00+01:00",
	}
	if !slices.Equal(got, want) {
		t.Errorf("approvals:\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if _, _, ok := h.LastReview("policies/none.md"); ok {
		t.Error("a file without history has a review")
	}
}

func TestShallowCloneWarnsAndStillLoads(t *testing.T) {
	g := gittest.New(t)
	g.Write("policies/access.md", policy)
	g.Commit("2026-01-05T09:00:00Z", "Add")
	g.Write("policies/access.md", policy+"more\n")
	g.Commit("2026-01-06T09:00:00Z", "Edit")
	g.Write("policies/access.md", policy+"more and more\n")
	g.Commit("2026-01-07T09:00:00Z", "Edit again")
	clone := filepath.Join(t.TempDir(), "clone")
	g.Git("clone", "-q", "--depth", "2", "file://"+g.Dir, clone)

	h := load(t, clone, history.Options{})
	assertRevs(t, h, "policies/access.md",
		"modified policies/access.md (Edit again)",
		"truncated policies/access.md (Edit)")
	items := h.Diags.Items()
	if len(items) != 1 || !strings.Contains(items[0].Message, "shallow clone: history before") ||
		!strings.Contains(items[0].Message, "git fetch --unshallow") || !strings.Contains(items[0].Message, h.Shallow[0][:12]) {
		t.Errorf("diagnostics = %v, want one shallow-clone warning naming the boundary", items)
	}
	if !h.File("policies/access.md").Revisions[1].Commit.Boundary {
		t.Error("the boundary commit is not marked")
	}
}

func TestOutsideGitLoadsEmptyWithAWarning(t *testing.T) {
	gittest.Isolate(t)
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	h := load(t, dir, history.Options{})
	items := h.Diags.Items()
	if len(items) != 1 || !strings.Contains(items[0].String(), ".: warning: not in a git repository") {
		t.Errorf("diagnostics = %v, want one warning that the directory is not in git", items)
	}
	if h.Head != nil || len(h.Files()) != 0 || !h.BuildTime().IsZero() || h.Repo() != nil {
		t.Error("a directory outside git has history")
	}
	if err := h.ReleaseError(); err == nil || !strings.Contains(err.Error(), "not in a git repository") {
		t.Errorf("ReleaseError() = %v, want one saying a release needs git", err)
	}
	if _, _, ok := h.LastReview("policies/a.md"); ok {
		t.Error("LastReview found a review outside git")
	}
}

func TestNoCommitsYet(t *testing.T) {
	g := gittest.New(t)
	g.Write("config.toml", "x\n")
	h := load(t, g.Dir, history.Options{})
	if items := h.Diags.Items(); len(items) != 1 || !strings.Contains(items[0].Message, "no commits yet") {
		t.Errorf("diagnostics = %v, want a no-commits warning", items)
	}
	if !slices.Equal(h.Uncommitted, []string{"config.toml"}) {
		t.Errorf("Uncommitted = %v, want [config.toml]", h.Uncommitted)
	}
}

func TestUncommittedChangesMakeADraft(t *testing.T) {
	g := gittest.New(t)
	g.Write("policies/access.md", policy)
	g.Write("policies/gone.md", "x\n")
	g.Write("config.toml", "x\n")
	g.Commit("2026-01-05T09:00:00Z", "Add")
	paths := []string{"config.toml", "policies", "content"}

	if h := load(t, g.Dir, history.Options{Paths: paths}); h.Dirty() || h.ReleaseError() != nil {
		t.Errorf("a clean tree is dirty: %v, %v", h.Uncommitted, h.ReleaseError())
	}
	g.Write("policies/access.md", policy+"edit\n")
	g.Remove("policies/gone.md")
	g.Write("content/controls/new.md", "new\n")
	g.Write("public/index.html", "build output is not a source\n")

	h := load(t, g.Dir, history.Options{Paths: paths})
	want := []string{"content/controls/new.md", "policies/access.md", "policies/gone.md"}
	if !slices.Equal(h.Uncommitted, want) {
		t.Errorf("Uncommitted = %v, want %v", h.Uncommitted, want)
	}
	err := h.ReleaseError()
	if err == nil || !strings.Contains(err.Error(), "uncommitted changes (content/controls/new.md, policies/access.md, policies/gone.md)") {
		t.Errorf("ReleaseError() = %v", err)
	}
	// A history read at a named commit is not about the work tree.
	if h := load(t, g.Dir, history.Options{Rev: "main", Paths: paths}); h.Dirty() {
		t.Errorf("a load of a commit reports uncommitted changes %v", h.Uncommitted)
	}
}

// TestOverridesMakeADraft: a template or static file changed in the work
// tree changes the sites as much as a policy does, though it has no history
// of its own: with Options.Dirty it counts as uncommitted.
func TestOverridesMakeADraft(t *testing.T) {
	g := gittest.New(t)
	g.Write("policies/access.md", policy)
	g.Write("layouts/_partials/footer.html", "<footer></footer>\n")
	g.Commit("2026-01-05T09:00:00Z", "Add")
	g.Write("layouts/_partials/footer.html", "<footer>changed</footer>\n")
	g.Write("static/extra.css", "body{}\n")
	paths := []string{"config.toml", "policies", "content"}
	if h := load(t, g.Dir, history.Options{Paths: paths}); h.Dirty() {
		t.Errorf("without Dirty, overrides counted: %v", h.Uncommitted)
	}
	h := load(t, g.Dir, history.Options{Paths: paths, Dirty: append(paths, "layouts", "static")})
	if want := []string{"layouts/_partials/footer.html", "static/extra.css"}; !slices.Equal(h.Uncommitted, want) {
		t.Errorf("Uncommitted = %v, want %v", h.Uncommitted, want)
	}
	if f := h.File("layouts/_partials/footer.html"); f != nil {
		t.Errorf("a file outside Paths has revisions: %+v", f)
	}
}

func TestProgramInASubdirectory(t *testing.T) {
	g := gittest.New(t)
	g.Write("README.md", "monorepo\n")
	g.Write("compliance/policies/a.md", policy)
	g.Commit("2026-01-05T09:00:00Z", "Add program")
	g.Write("README.md", "monorepo, edited\n")
	g.Commit("2026-01-06T09:00:00Z", "Outside the program")
	g.Git("mv", "compliance/policies/a.md", "compliance/policies/access.md")
	g.Commit("2026-01-07T09:00:00Z", "Rename")
	g.Write("README.md", "dirty outside\n")

	h := load(t, filepath.Join(g.Dir, "compliance"), history.Options{})
	assertRevs(t, h, "policies/access.md",
		"renamed policies/a.md->policies/access.md (Rename)",
		"added policies/a.md (Add program)")
	if h.File("README.md") != nil || h.File("../README.md") != nil {
		t.Error("a file outside the program's directory has history")
	}
	if h.Dirty() {
		t.Errorf("a change outside the program makes it dirty: %v", h.Uncommitted)
	}
}

func TestDeletedAndRevAndTags(t *testing.T) {
	g := gittest.New(t)
	g.Write("policies/old.md", policy)
	g.Write("policies/keep.md", policy)
	first := g.Commit("2026-01-05T09:00:00Z", "Add")
	g.Tag("2026-01-31T00:00:00Z", "audit/2026-01", "January")
	g.Remove("policies/old.md")
	g.Write("policies/keep.md", policy+"x\n")
	g.Commit("2026-02-05T09:00:00Z", "Retire old")
	g.Tag("2026-02-28T00:00:00Z", "audit/2026-02", "February")
	g.Git("tag", "v1")

	h := load(t, g.Dir, history.Options{Tags: "audit/*"})
	if f := h.File("policies/old.md"); f == nil || !f.Deleted() || f.Latest().Commit.Subject != "Retire old" {
		t.Errorf("policies/old.md: %v, want deleted by Retire old", revs(f))
	}
	if len(h.Tags) != 2 || h.Tags[0].Name != "audit/2026-01" || h.Tags[0].Commit != first {
		t.Errorf("Tags = %+v", h.Tags)
	}
	if want := time.Date(2026, 2, 5, 9, 0, 0, 0, time.UTC); !h.BuildTime().Equal(want) {
		t.Errorf("BuildTime() = %v, want %v", h.BuildTime(), want)
	}

	old := load(t, g.Dir, history.Options{Rev: "audit/2026-01"})
	if old.Head.ID != first || len(old.Commits) != 1 {
		t.Errorf("history at audit/2026-01: head %v, %d commits", old.Head, len(old.Commits))
	}
	assertRevs(t, old, "policies/old.md", "added policies/old.md (Add)")
	if _, err := history.Load(context.Background(), g.Dir, history.Options{Rev: "audit/none"}); err == nil {
		t.Error("an unknown --ref loaded")
	}
}

func TestPathsLimitRevisionsNotRenames(t *testing.T) {
	g := gittest.New(t)
	g.Write("drafts/access.md", policy)
	g.Write("public/index.html", "out\n")
	g.Commit("2026-01-05T09:00:00Z", "Draft outside the sources")
	g.Remove("drafts/access.md")
	g.Write("policies/access.md", policy)
	g.Commit("2026-01-06T09:00:00Z", "Adopt")

	h := load(t, g.Dir, history.Options{Paths: []string{"policies", "config.toml"}})
	assertRevs(t, h, "policies/access.md", "renamed drafts/access.md->policies/access.md (Adopt)")
	if h.File("public/index.html") != nil {
		t.Error("a file outside Paths has revisions")
	}
}

// TestAtMatchesALoadAtThatCommit: the history of a tag derived from Head's
// history equals the one git log gives when started at the tag, though
// files were renamed, deleted and re-created after it.
func TestAtMatchesALoadAtThatCommit(t *testing.T) {
	g := gittest.New(t)
	g.Write("policies/a.md", policy)
	g.Write("policies/b.md", "b\n")
	g.Commit("2026-01-01T09:00:00Z", "Add")
	g.Git("checkout", "-q", "-b", "topic")
	g.Write("policies/a.md", policy+"branch\n")
	g.Commit("2026-01-02T09:00:00Z", "Branch edit")
	g.Git("checkout", "-q", "main")
	g.Git("mv", "policies/b.md", "policies/c.md")
	g.Commit("2026-01-03T09:00:00Z", "Rename b to c")
	g.Merge("2026-01-04T09:00:00Z", "topic", "Merge topic")
	g.Tag("2026-01-05T00:00:00Z", "audit/v1", "v1")
	g.Git("mv", "policies/a.md", "policies/access.md")
	g.Commit("2026-02-01T09:00:00Z", "Rename a to access")
	g.Remove("policies/c.md")
	g.Commit("2026-02-02T09:00:00Z", "Delete c")
	g.Write("policies/a.md", "a new a\n")
	g.Commit("2026-02-03T09:00:00Z", "A new file at the old path")

	head := load(t, g.Dir, history.Options{})
	direct := load(t, g.Dir, history.Options{Rev: "audit/v1"})
	derived, err := head.At(direct.Head.ID)
	if err != nil {
		t.Fatal(err)
	}
	describe := func(h *history.History) string {
		var b strings.Builder
		for _, f := range h.Files() {
			fmt.Fprintf(&b, "%s: %s\n", f.Path, strings.Join(revs(f), "; "))
		}
		fmt.Fprintf(&b, "%d commits, head %s\n", len(h.Commits), h.Head.Subject)
		return b.String()
	}
	if got, want := describe(derived), describe(direct); got != want {
		t.Errorf("At(audit/v1):\n%s\ngit log at audit/v1:\n%s", got, want)
	}
	if !strings.Contains(describe(derived), "policies/a.md: modified policies/a.md (Merge topic); modified policies/a.md (Branch edit); added policies/a.md (Add)") {
		t.Errorf("At(audit/v1) lost a.md's history:\n%s", describe(derived))
	}
	if _, err := direct.At(head.Head.ID); err == nil {
		t.Error("At a commit after the history's head succeeded")
	}
	derived.Close()
	if _, err := head.Diffs(context.Background(), head.File("policies/access.md")); err != nil {
		t.Errorf("closing a derived history closed the repository: %v", err)
	}
}

// TestTrailersAreGits: who approved a change is audit evidence, so the
// trailers are whatever git's own parser says — checked against git
// interpret-trailers on messages where a hand-written parser would guess:
// continuation lines, a space before the colon, prose mixed with trailers,
// git-written lines, a trailer-looking line in a body paragraph (issue 14).
func TestTrailersAreGits(t *testing.T) {
	g := gittest.New(t)
	messages := []string{
		"S\n\nApproved-by: Jane <j@x>\nReviewed-by: Bob",
		"S\n\nbody\n\nreviewed-by : Bob\n  Builder",
		"S\n\nSee: the prose\nthat follows",
		"S\n\nReviewed-by: Bob\nsome prose\nSigned-off-by: A <a@x>",
		"S\n\nprose\nmore prose\nagain\nand again\nSigned-off-by: A",
		"S\n\n(cherry picked from commit abc)\nReviewed-by: Bob",
		"S\n\nNot a key: value\nReviewed-by: Bob",
		"S\n\nReviewed-by: Bob\n\nA last paragraph of prose.",
		"S\n\nAPPROVED-BY: Shouting <s@x>\nCo-authored-by: C <c@x>\nReviewed-By: Mixed",
		"Approved-by: only a subject",
	}
	var ids []string
	for i, msg := range messages {
		g.Write("policies/p.md", fmt.Sprintf("version %d\n", i))
		ids = append(ids, g.Commit(fmt.Sprintf("2026-01-%02dT09:00:00Z", i+1), msg))
	}
	h := load(t, g.Dir, history.Options{})
	found := 0
	for i, msg := range messages {
		cmd := exec.Command("git", "interpret-trailers", "--parse", "--unfold")
		cmd.Stdin = strings.NewReader(msg + "\n")
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			key, val, ok := strings.Cut(line, ":")
			if ok && (strings.EqualFold(strings.TrimSpace(key), history.ApprovedBy) || strings.EqualFold(strings.TrimSpace(key), history.ReviewedBy)) {
				want = append(want, strings.TrimSpace(key)+": "+strings.TrimSpace(val))
			}
		}
		var got []string
		for _, tr := range h.Commit(ids[i]).Trailers {
			got = append(got, tr.Key+": "+tr.Value)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q:\n got %q\nwant %q (git interpret-trailers)", msg, got, want)
		}
		found += len(got)
	}
	if found < 6 {
		t.Errorf("only %d review trailers found in all: the messages no longer test much", found)
	}
}
