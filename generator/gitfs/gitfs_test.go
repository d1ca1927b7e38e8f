package gitfs_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/gitfs/gittest"
)

func open(t *testing.T, dir string) *gitfs.Repo {
	t.Helper()
	r, err := gitfs.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func TestTreeIsACommitsFilesNotTheWorkTree(t *testing.T) {
	g := gittest.New(t)
	g.Write("config.toml", "v1\n")
	g.Write("policies/access.md", "access v1\n")
	g.Write("content/controls/mfa.md", "mfa\n")
	first := g.Commit("2026-01-10T09:00:00Z", "first")
	g.Write("policies/access.md", "access v2\n")
	g.Write("policies/new.md", "new\n")
	g.Commit("2026-02-10T09:00:00Z", "second")
	// Uncommitted edits and files must not show through.
	g.Write("policies/access.md", "dirty\n")
	g.Write("policies/untracked.md", "untracked\n")

	r := open(t, g.Dir)
	old, err := r.Tree(context.Background(), first)
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(old, "config.toml", "policies/access.md", "content/controls/mfa.md"); err != nil {
		t.Fatal(err)
	}
	assertFile(t, old, "policies/access.md", "access v1\n")
	if _, err := fs.Stat(old, "policies/new.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("policies/new.md in the first commit: err = %v, want not exist", err)
	}
	head, err := r.Tree(context.Background(), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	assertFile(t, head, "policies/access.md", "access v2\n")
	if _, err := fs.Stat(head, "policies/untracked.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an untracked file shows in the tree: %v", err)
	}
	if want := time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC); !head.Time().Equal(want) {
		t.Errorf("Time() = %v, want the commit date %v", head.Time(), want)
	}
	info, err := fs.Stat(head, "config.toml")
	if err != nil || !info.ModTime().Equal(head.Time()) || info.Size() != 3 {
		t.Errorf("Stat(config.toml) = %v, %v; want size 3 and the commit time", info, err)
	}
	if old.TreeID() == head.TreeID() {
		t.Error("different trees have the same TreeID")
	}
}

func TestTreeOfASubdirectoryProgram(t *testing.T) {
	g := gittest.New(t)
	g.Write("README.md", "monorepo\n")
	g.Write("compliance/config.toml", "x\n")
	g.Write("compliance/policies/a.md", "a\n")
	g.Commit("2026-01-10T09:00:00Z", "add program")

	r := open(t, filepath.Join(g.Dir, "compliance"))
	if r.Prefix() != "compliance/" {
		t.Errorf("Prefix() = %q, want compliance/", r.Prefix())
	}
	tree, err := r.Tree(context.Background(), "main")
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(tree, "config.toml", "policies/a.md"); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat(tree, "README.md"); err == nil {
		t.Error("the tree shows a file from outside the program's directory")
	}
}

func TestTreeFollowsLinksInsideOnly(t *testing.T) {
	g := gittest.New(t)
	g.Write("policies/real.md", "real\n")
	g.Write("secret.txt", "outside\n")
	g.Write("prog/config.toml", "x\n")
	g.Write("prog/policies/real.md", "real\n")
	if err := os.Symlink("real.md", filepath.Join(g.Dir, "prog/policies/alias.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink("policies", filepath.Join(g.Dir, "prog/pol")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../secret.txt", filepath.Join(g.Dir, "prog/escape.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("loop", filepath.Join(g.Dir, "prog/loop")); err != nil {
		t.Fatal(err)
	}
	g.Commit("2026-01-10T09:00:00Z", "links")

	tree, err := open(t, filepath.Join(g.Dir, "prog")).Tree(context.Background(), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	assertFile(t, tree, "policies/alias.md", "real\n")
	assertFile(t, tree, "pol/real.md", "real\n")
	for _, name := range []string{"escape.md", "loop"} {
		_, err := fs.ReadFile(tree, name)
		if err == nil {
			t.Errorf("ReadFile(%s) succeeded, want an error", name)
		}
	}
	if _, err := fs.ReadFile(tree, "escape.md"); err == nil || !strings.Contains(err.Error(), "escapes") {
		t.Errorf("a link out of the program: err = %v, want one that says it escapes", err)
	}
	entries, err := fs.ReadDir(tree, "policies")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].Name() != "alias.md" || entries[0].Type() != fs.ModeSymlink {
		t.Errorf("ReadDir(policies) = %v, want alias.md (a link) and real.md", entries)
	}
}

func TestTags(t *testing.T) {
	g := gittest.New(t)
	g.Write("a", "1\n")
	c1 := g.Commit("2026-01-01T00:00:00Z", "one")
	g.Tag("2026-03-31T12:00:00+02:00", "audit/2026-q1", "Q1 audit")
	g.Git("tag", "release-1") // lightweight, outside the pattern
	g.Write("a", "2\n")
	c2 := g.Commit("2026-02-01T00:00:00Z", "two")
	g.Git("tag", "audit/2026-feb") // lightweight: dated by its commit
	g.Tag("2026-06-30T00:00:00Z", "audit/nested/x", "not matched: * stops at /")
	g.Tag("2026-03-31T12:00:00+02:00", "audit/2026-a", "same date as q1: name decides")

	tags, err := open(t, g.Dir).Tags(context.Background(), "audit/*")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tg := range tags {
		got = append(got, tg.Name+"@"+tg.Commit[:7]+" "+tg.Date.Format(time.RFC3339)+" "+tg.Subject)
	}
	want := []string{
		"audit/2026-feb@" + c2[:7] + " 2026-02-01T00:00:00Z ",
		"audit/2026-a@" + c2[:7] + " 2026-03-31T12:00:00+02:00 same date as q1: name decides",
		"audit/2026-q1@" + c1[:7] + " 2026-03-31T12:00:00+02:00 Q1 audit",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Tags(audit/*) =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := open(t, g.Dir).Tags(context.Background(), "audit/["); err == nil {
		t.Error("a malformed pattern was accepted")
	}
}

func TestAsOfFollowsTheMainLine(t *testing.T) {
	g := gittest.New(t)
	g.Write("a", "1\n")
	c1 := g.Commit("2026-01-01T10:00:00Z", "one")
	g.Git("checkout", "-q", "-b", "topic")
	g.Write("b", "branch\n")
	g.Commit("2026-01-05T10:00:00Z", "branch work, merged later")
	g.Git("checkout", "-q", "main")
	g.Write("a", "2\n")
	c2 := g.Commit("2026-01-03T10:00:00Z", "two")
	merge := g.Merge("2026-02-01T10:00:00Z", "topic", "merge topic")

	r := open(t, g.Dir)
	for _, tc := range []struct {
		at   string
		want string
	}{
		{"2026-01-01T10:00:00Z", c1}, // a commit at the instant counts
		{"2026-01-02T00:00:00Z", c1},
		{"2026-01-10T00:00:00Z", c2}, // not the branch commit of 01-05
		{"2026-03-01T00:00:00Z", merge},
	} {
		at, _ := time.Parse(time.RFC3339, tc.at)
		got, err := r.AsOf(context.Background(), "HEAD", at)
		if err != nil || got != tc.want {
			t.Errorf("AsOf(%s) = %s, %v; want %s", tc.at, got, err, tc.want)
		}
	}
	if _, err := r.AsOf(context.Background(), "HEAD", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil {
		t.Error("AsOf before the first commit succeeded")
	}
}

func TestResolveSaysWhatIsWrong(t *testing.T) {
	g := gittest.New(t)
	g.Write("a", "1\n")
	id := g.Commit("2026-01-01T10:00:00Z", "one")
	r := open(t, g.Dir)
	for _, rev := range []string{"main", "HEAD", id, id[:8]} {
		if got, err := r.Resolve(context.Background(), rev); err != nil || got != id {
			t.Errorf("Resolve(%s) = %s, %v; want %s", rev, got, err, id)
		}
	}
	for _, rev := range []string{"nope", "--all", ""} {
		_, err := r.Resolve(context.Background(), rev)
		if err == nil || !strings.Contains(err.Error(), "not a") {
			t.Errorf("Resolve(%q) err = %v, want a message saying it is not a revision", rev, err)
		}
	}
}

func TestOpenOutsideARepository(t *testing.T) {
	gittest.Isolate(t)
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	_, err := gitfs.Open(context.Background(), dir)
	if !errors.Is(err, gitfs.ErrNotRepository) {
		t.Errorf("Open(non-git dir) err = %v, want ErrNotRepository", err)
	}
}

func TestShallowCloneBoundary(t *testing.T) {
	g := gittest.New(t)
	g.Write("a", "1\n")
	g.Commit("2026-01-01T10:00:00Z", "one")
	g.Write("a", "2\n")
	tip := g.Commit("2026-01-02T10:00:00Z", "two")
	clone := filepath.Join(t.TempDir(), "clone")
	g.Git("clone", "-q", "--depth", "1", "file://"+g.Dir, clone)

	if s := open(t, g.Dir).Shallow(); s != nil {
		t.Errorf("a full repository reports a shallow boundary %v", s)
	}
	if s := open(t, clone).Shallow(); len(s) != 1 || s[0] != tip {
		t.Errorf("Shallow() = %v, want [%s]", s, tip)
	}
}

func TestHashIsCachedByContent(t *testing.T) {
	g := gittest.New(t)
	g.Write("evidence/q1.csv", "user,access\nada,admin\n")
	g.Commit("2026-01-01T10:00:00Z", "one")
	r := open(t, g.Dir)
	tree, err := r.Tree(context.Background(), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256([]byte("user,access\nada,admin\n"))
	for _, fsys := range []fs.FS{tree, tree, os.DirFS(g.Dir)} {
		sum, size, err := r.Hash(fsys, "evidence/q1.csv")
		if err != nil || sum != hex.EncodeToString(want[:]) || size != 22 {
			t.Errorf("Hash = %s, %d, %v; want %x, 22", sum, size, err, want)
		}
	}
	if _, _, err := r.Hash(tree, "evidence/missing.csv"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Hash(missing) err = %v, want not exist", err)
	}
}

func assertFile(t *testing.T, fsys fs.FS, name, want string) {
	t.Helper()
	got, err := fs.ReadFile(fsys, name)
	if err != nil || string(got) != want {
		t.Errorf("ReadFile(%s) = %q, %v; want %q", name, got, err, want)
	}
}

// TestLargeFilesAreStreamed: a folder read in one exchange keeps small files
// and only the hash of large ones; both read back whole.
func TestLargeFilesAreStreamed(t *testing.T) {
	g := gittest.New(t)
	big := strings.Repeat("0123456789abcdef", 1<<17) // 2 MiB, past the cache's per-file limit
	g.Write("evidence/big.log", big)
	g.Write("evidence/small.csv", "a,b\n")
	g.Write("evidence/other.csv", "c,d\n")
	g.Commit("2026-01-01T10:00:00Z", "evidence")
	r := open(t, g.Dir)
	tree, err := r.Tree(context.Background(), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256([]byte(big))
	if sum, size, err := r.Hash(tree, "evidence/big.log"); err != nil || sum != hex.EncodeToString(want[:]) || size != int64(len(big)) {
		t.Errorf("Hash(big.log) = %s, %d, %v", sum, size, err)
	}
	assertFile(t, tree, "evidence/small.csv", "a,b\n")
	assertFile(t, tree, "evidence/big.log", big)
	if err := fstest.TestFS(tree, "evidence/big.log", "evidence/small.csv", "evidence/other.csv"); err != nil {
		t.Fatal(err)
	}
}

// BlobID gives the id git gives the same bytes: what FS.Blob returns for a
// committed file and git hash-object for any.
func TestBlobIDIsGits(t *testing.T) {
	g := gittest.New(t)
	for name, content := range map[string]string{"empty.txt": "", "a.json": "{\"ok\": true}\n", "bin.dat": "\x00\x01\xff"} {
		g.Write(name, content)
	}
	rev := g.Commit("2026-01-10T09:00:00Z", "files")
	tree, err := open(t, g.Dir).Tree(context.Background(), rev)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"empty.txt", "a.json", "bin.dat"} {
		data, err := os.ReadFile(filepath.Join(g.Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSpace(g.Git("hash-object", name))
		blob, err := tree.Blob(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := gitfs.BlobID(data); got != want || got != blob {
			t.Errorf("BlobID(%s) = %s; git hash-object %s, FS.Blob %s", name, got, want, blob)
		}
	}
}
