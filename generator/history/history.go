// Package history reads a program's git history in one pass: every source
// file's revisions, who approved them, and the state of the repository.
package history

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/model"
)

// Options configure Load.
type Options struct {
	// Rev is the commit whose history is read (a branch, tag, commit id).
	// "" means HEAD, and also checks the work tree for uncommitted changes.
	Rev string
	// Paths limits the files whose revisions are kept, and whose uncommitted
	// changes count, to these files and folders (relative to the program's
	// directory, with slashes). Renames are followed across the whole
	// repository either way. Nil means every file.
	Paths []string
	// Dirty lists the files and folders whose uncommitted changes count,
	// when they are more than Paths: the overrides (layouts, themes, static
	// files) change the sites without a history of their own. Nil means Paths.
	Dirty []string
	// Tags is a path.Match pattern of the tags to list, e.g. "audit/*"; "" lists none.
	Tags string
}

// History is what git knows about a program: its commits, the revisions of
// each file, and facts about the repository it was read from. A History from
// a directory outside git is empty and carries a warning.
type History struct {
	// Head is the commit the history was read at; nil outside git or in a
	// repository without commits.
	Head *Commit
	// Commits are every commit reachable from Head, children before parents.
	Commits []*Commit
	// Shallow lists the boundary commits of a shallow clone, whose parents
	// (and everything before them) are missing.
	Shallow []string
	// Uncommitted lists the files (within Options.Dirty) whose work-tree
	// state differs from HEAD, untracked ones included, sorted. Only a load
	// of the work tree (Options.Rev == "") checks.
	Uncommitted []string
	// Tags are the tags matching Options.Tags, oldest first.
	Tags []gitfs.Tag
	// Diags holds the warnings of the load: not a git repository, shallow clone.
	Diags *diag.List

	repo    *gitfs.Repo
	byID    map[string]*Commit
	byPath  map[string]*File // every file, by its path at Head (or its last path, when deleted)
	files   []*File
	atPath  map[string][]*Revision // every revision, by the path it left the file at
	derived bool                   // made by At: the repository belongs to the History it came from
}

// Commit is one commit.
type Commit struct {
	ID         string
	Short      string // the first 12 digits of ID: fixed, so output does not depend on the repository's size
	Parents    []string
	Author     Person
	AuthorDate time.Time // in the author's zone
	Committer  Person
	CommitDate time.Time // in the committer's zone
	Subject    string
	Trailers   []Trailer // its Approved-by: and Reviewed-by: trailers, in order, as git reads them
	// Boundary marks the oldest commit of a shallow clone: its parents are missing.
	Boundary bool
}

// IsMerge reports whether the commit has more than one parent.
func (c *Commit) IsMerge() bool { return len(c.Parents) > 1 }

// Trailer returns the values of the trailers with key (case-insensitive).
func (c *Commit) Trailer(key string) []string {
	var out []string
	for _, t := range c.Trailers {
		if strings.EqualFold(t.Key, key) {
			out = append(out, t.Value)
		}
	}
	return out
}

// Date returns the day the commit was made, in the committer's zone.
func (c *Commit) Date() model.Date { return model.NewDate(c.CommitDate) }

// Change is what a revision did to a file.
type Change string

const (
	Added    Change = "added"
	Modified Change = "modified"
	Renamed  Change = "renamed" // and possibly modified
	Deleted  Change = "deleted"
	// Truncated is the state of a file at a shallow clone's boundary: the
	// revisions before it are missing, so what that commit changed is unknown.
	Truncated Change = "truncated"
)

// Revision is one commit's change to one file.
type Revision struct {
	Commit  *Commit
	Change  Change
	Path    string // the file's path after the commit (before it, when deleted)
	OldPath string // the path before a rename
	Blob    string // id of the content after the commit; "" when deleted
	OldBlob string // id of the content before it; "" when added

	file *File
}

// File is the history of one file, followed through renames.
type File struct {
	// Path is the file's path at Head, or the last path it had when it has
	// since been deleted.
	Path string
	// Revisions are newest first (children before parents). A merge that
	// brought a change into the first parent's line is a revision too:
	// approvals are often recorded on it.
	Revisions []*Revision
}

// Deleted reports whether the file no longer exists at Head.
func (f *File) Deleted() bool {
	return len(f.Revisions) > 0 && f.Revisions[0].Change == Deleted
}

// Latest returns the newest revision.
func (f *File) Latest() *Revision {
	if len(f.Revisions) == 0 {
		return nil
	}
	return f.Revisions[0]
}

// Version counts the revisions that were authored, not merged: a policy
// edited three times is at version 3, however its changes reached the main line.
func (f *File) Version() int {
	n := 0
	for _, r := range f.Revisions {
		if !r.Commit.IsMerge() {
			n++
		}
	}
	return n
}

// Load reads the history of the program in dir with one git log, plus git
// status for uncommitted changes. A directory outside git, a repository
// without commits or a missing git give an empty History with a warning, so
// that a build still runs; an error means the history could not be read.
func Load(ctx context.Context, dir string, opts Options) (*History, error) {
	h := &History{Diags: &diag.List{}, byID: map[string]*Commit{}, byPath: map[string]*File{}, atPath: map[string][]*Revision{}}
	repo, err := gitfs.Open(ctx, dir)
	switch {
	case errors.Is(err, gitfs.ErrNotRepository):
		h.Diags.Warnf(diag.Pos{File: "."}, "not in a git repository: revision tables, reviews recorded in commits (Reviewed-by:, Approved-by:), versions and DC9 changes are left out; run git init and commit the program to have them")
		return h, nil
	case errors.Is(err, gitfs.ErrNoGit):
		h.Diags.Warnf(diag.Pos{File: "."}, "%v: revision tables, reviews recorded in commits, versions and DC9 changes are left out; install git to have them", err)
		return h, nil
	case err != nil:
		return nil, fmt.Errorf("load history: %w", err)
	}
	h.repo = repo
	if err := h.load(ctx, opts); err != nil {
		repo.Close()
		return nil, fmt.Errorf("load history: %w", err)
	}
	return h, nil
}

func (h *History) load(ctx context.Context, opts Options) error {
	rev := opts.Rev
	if rev == "" {
		rev = "HEAD"
	}
	tip, err := h.repo.Resolve(ctx, rev)
	if err != nil {
		if opts.Rev != "" {
			return err
		}
		h.Diags.Warnf(diag.Pos{File: "."}, "the git repository has no commits yet: revision tables, reviews recorded in commits and DC9 changes are left out until the program is committed")
		return h.loadStatus(ctx, opts)
	}
	// The review trailers come from a git log run of their own, side by side
	// with the main one.
	type trailerResult struct {
		byCommit map[string][]Trailer
		err      error
	}
	trailers := make(chan trailerResult, 1)
	go func() {
		out, err := h.repo.Git(ctx, trailerArgs(tip)...)
		if err != nil {
			trailers <- trailerResult{err: err}
			return
		}
		m, err := parseTrailerLog(out)
		trailers <- trailerResult{m, err}
	}()
	// Parse and build while git writes: on two cores it costs no wall time.
	h.Shallow = h.repo.Shallow()
	b := newBuilder(h, opts.Paths)
	err = h.repo.GitPipe(ctx, func(r io.Reader) error {
		return readLog(r, b.add)
	}, logArgs(tip, h.repo.Prefix() != "")...)
	tr := <-trailers
	if err != nil {
		return err
	}
	if tr.err != nil {
		return fmt.Errorf("read review trailers: %w", tr.err)
	}
	for id, list := range tr.byCommit {
		if c := h.byID[id]; c != nil {
			c.Trailers = list
		}
	}
	b.finish()
	h.Head = h.byID[tip]
	if len(h.Shallow) > 0 {
		ids := make([]string, len(h.Shallow))
		for i, id := range h.Shallow {
			ids[i] = id[:min(12, len(id))]
		}
		h.Diags.Warnf(diag.Pos{File: "."}, "the repository is a shallow clone: history before %s is missing; revision tables and DC9 changes may be incomplete; run git fetch --unshallow", strings.Join(ids, ", "))
	}
	if opts.Tags != "" {
		if h.Tags, err = h.repo.Tags(ctx, opts.Tags); err != nil {
			return err
		}
	}
	if opts.Rev == "" {
		return h.loadStatus(ctx, opts)
	}
	return nil
}

func newRevision(c *Commit, e rawEntry) *Revision {
	r := &Revision{Commit: c, Path: e.Path, Blob: e.NewBlob, OldBlob: e.OldBlob}
	switch e.Status {
	case 'A':
		r.Change = Added
	case 'D':
		r.Change = Deleted
	case 'R':
		r.Change, r.OldPath = Renamed, e.OldPath
	case 'C':
		r.Change = Added // a copy is a new file that starts from another's content
	default:
		r.Change = Modified
	}
	if zeroBlob(r.Blob) {
		r.Blob = ""
	}
	if zeroBlob(r.OldBlob) || r.Change == Added {
		r.OldBlob = ""
	}
	if c.Boundary {
		r.Change, r.OldBlob = Truncated, ""
	}
	return r
}

// loadStatus lists uncommitted changes with git status.
func (h *History) loadStatus(ctx context.Context, opts Options) error {
	args := []string{"status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--"}
	paths := opts.Dirty
	if paths == nil {
		paths = opts.Paths
	}
	if paths == nil {
		args = append(args, ".")
	} else {
		args = append(args, paths...)
	}
	out, err := h.repo.Git(ctx, args...)
	if err != nil {
		return err
	}
	prefix := h.repo.Prefix()
	for entry := range strings.SplitSeq(string(out), "\x00") {
		if len(entry) < 4 {
			continue
		}
		// Porcelain paths are relative to the repository's root.
		if p, ok := strings.CutPrefix(entry[3:], prefix); ok {
			h.Uncommitted = append(h.Uncommitted, p)
		}
	}
	slices.Sort(h.Uncommitted)
	h.Uncommitted = slices.Compact(h.Uncommitted)
	return nil
}

// Close ends the git process the History keeps for reading file contents.
func (h *History) Close() error {
	if h.repo == nil || h.derived {
		return nil
	}
	return h.repo.Close()
}

// Repo returns the repository the history was read from, for reading trees
// and file contents; nil outside git.
func (h *History) Repo() *gitfs.Repo { return h.repo }

// Dirty reports whether the work tree has uncommitted changes.
func (h *History) Dirty() bool { return len(h.Uncommitted) > 0 }

// BuildTime returns Head's committer date: the time a build from this
// history is "as of", the same on every machine and every run. It is zero
// outside git.
func (h *History) BuildTime() time.Time {
	if h.Head == nil {
		return time.Time{}
	}
	return h.Head.CommitDate
}

// ReleaseError returns why the work tree cannot be built as a release, or nil.
func (h *History) ReleaseError() error {
	switch {
	case h.repo == nil:
		return errors.New("the program is not in a git repository: a release is built from a commit; commit the program first")
	case h.Head == nil:
		return errors.New("the git repository has no commits: a release is built from a commit; commit the program first")
	case h.Dirty():
		return fmt.Errorf("the work tree has uncommitted changes (%s): a release must match a commit; commit or stash them, or build without --release to get pages marked draft", english.List(h.Uncommitted, 5))
	}
	return nil
}

// Commit returns the commit with a full id, or nil.
func (h *History) Commit(id string) *Commit { return h.byID[id] }

// File returns the history of the file at path (at Head; or its last path
// when deleted), or nil when git has no revision of it.
func (h *History) File(path string) *File {
	f := h.byPath[path]
	if f == nil || len(f.Revisions) == 0 {
		return nil
	}
	return f
}

// Files returns every file with revisions, sorted by path.
func (h *History) Files() []*File { return h.files }
