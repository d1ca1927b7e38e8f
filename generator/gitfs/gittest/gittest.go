// Package gittest makes real git repositories with scripted commits, for tests
// of code that reads git history.
package gittest

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// Repo is a git repository in a temporary directory. Every commit's author
// and committer dates are given by the test, so history is reproducible.
type Repo struct {
	TB  testing.TB
	Dir string
	// Author is "Name <email>" of the next commits; Committer defaults to it.
	Author    string
	Committer string
}

// Isolate keeps the machine's git configuration out of the test, for the
// code under test as well as for the helpers. It uses t.Setenv, so a test
// that calls it cannot be parallel.
func Isolate(tb testing.TB) {
	tb.Helper()
	home := tb.TempDir()
	if t, ok := tb.(interface{ Setenv(k, v string) }); ok {
		t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
		t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
		t.Setenv("HOME", home)
		t.Setenv("XDG_CONFIG_HOME", home)
		// Variables that would point git at another repository are unset
		// (an empty GIT_DIR is not the same as none); Setenv first restores
		// them after the test.
		for _, k := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_CEILING_DIRECTORIES"} {
			if v, ok := os.LookupEnv(k); ok {
				t.Setenv(k, v)
				os.Unsetenv(k)
			}
		}
	}
}

// New makes an empty repository whose branch is main.
func New(tb testing.TB) *Repo {
	tb.Helper()
	Isolate(tb)
	r := &Repo{TB: tb, Dir: tb.TempDir(), Author: "Ada Lovelace <ada@example.com>"}
	r.Git("init", "-q", "-b", "main")
	return r
}

// Git runs git in the repository and returns its standard output; a failure
// fails the test.
func (r *Repo) Git(args ...string) string {
	r.TB.Helper()
	return r.GitEnv(nil, args...)
}

// GitEnv runs git with extra environment variables.
func (r *Repo) GitEnv(env []string, args ...string) string {
	r.TB.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1", "LC_ALL=C")
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		r.TB.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// Write writes a file (making its folders) in the work tree.
func (r *Repo) Write(name, content string) {
	r.TB.Helper()
	p := filepath.Join(r.Dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.TB.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.TB.Fatal(err)
	}
}

// Remove deletes a file from the work tree.
func (r *Repo) Remove(name string) {
	r.TB.Helper()
	if err := os.Remove(filepath.Join(r.Dir, filepath.FromSlash(name))); err != nil {
		r.TB.Fatal(err)
	}
}

// Commit stages every change and commits it with the given date (any form
// git accepts, e.g. "2026-01-15T10:00:00Z") as both author and committer
// date. The message may hold a body and trailers after a blank line. It
// returns the new commit's id.
func (r *Repo) Commit(date, message string) string {
	r.TB.Helper()
	r.Git("add", "-A")
	return r.commit(date, message, "--allow-empty")
}

// CommitChange makes the changes edit makes to the work tree and commits
// them, so that a scripted history reads as a list of commits.
func (r *Repo) CommitChange(date, message string, edit func()) string {
	r.TB.Helper()
	edit()
	return r.Commit(date, message)
}

// Merge merges branch into the current branch with a merge commit, even when
// a fast-forward was possible.
func (r *Repo) Merge(date, branch, message string) string {
	r.TB.Helper()
	r.GitEnv(r.env(date), "merge", "-q", "--no-ff", "--no-edit", "-m", message, branch)
	return strings.TrimSpace(r.Git("rev-parse", "HEAD"))
}

func (r *Repo) commit(date, message string, extra ...string) string {
	r.TB.Helper()
	args := append([]string{"commit", "-q", "-m", message}, extra...)
	r.GitEnv(r.env(date), args...)
	return strings.TrimSpace(r.Git("rev-parse", "HEAD"))
}

func (r *Repo) env(date string) []string {
	an, ae := split(r.Author)
	cn, ce := an, ae
	if r.Committer != "" {
		cn, ce = split(r.Committer)
	}
	return []string{
		"GIT_AUTHOR_NAME=" + an, "GIT_AUTHOR_EMAIL=" + ae, "GIT_AUTHOR_DATE=" + date,
		"GIT_COMMITTER_NAME=" + cn, "GIT_COMMITTER_EMAIL=" + ce, "GIT_COMMITTER_DATE=" + date,
	}
}

// Tag makes an annotated tag at HEAD, dated date.
func (r *Repo) Tag(date, name, message string) {
	r.TB.Helper()
	r.GitEnv(r.env(date), "tag", "-a", "-m", message, name)
}

func split(sig string) (name, email string) {
	name, email, _ = strings.Cut(sig, " <")
	return name, strings.TrimSuffix(email, ">")
}

// WriteFS writes every file of fsys into the work tree at its path.
func (r *Repo) WriteFS(fsys fs.FS) {
	r.TB.Helper()
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		r.Write(name, string(data))
		return nil
	})
	if err != nil {
		r.TB.Fatal(err)
	}
}

// WriteTxtar writes every file of the txtar archive file into the work tree
// at its path.
func (r *Repo) WriteTxtar(file string) {
	r.TB.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		r.TB.Fatal(err)
	}
	for _, f := range ar.Files {
		r.Write(f.Name, string(f.Data))
	}
}

// Edit replaces the first old in the work tree's file name with new; a file
// without old fails the test, so that an edit cannot silently do nothing.
func (r *Repo) Edit(name, old, new string) {
	r.TB.Helper()
	b, err := os.ReadFile(filepath.Join(r.Dir, filepath.FromSlash(name)))
	if err != nil {
		r.TB.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		r.TB.Fatalf("%s lacks %q", name, old)
	}
	r.Write(name, strings.Replace(string(b), old, new, 1))
}
