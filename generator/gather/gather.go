// Package gather reads what the sites show of a program's files and git
// history besides its model — evidence files, images, and each source
// file's revisions with their diffs — before anything is rendered, so that
// description and trustcenter only lay out values. A content is read and a
// diff computed once, by git blob id.
package gather

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"runtime"
	"sync"

	"github.com/attest-dev/attest/generator/changes"
	"github.com/attest-dev/attest/generator/description"
	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/textdiff"
)

// Cache keeps what gathering found for the next gather of the same files:
// the blob id of a work-tree file by its name and bytes, and diffs by the
// blob ids they compare. The versions of one attest build and serve's
// rebuilds share one. Safe for concurrent use; nil keeps nothing.
type Cache struct {
	mu    sync.Mutex
	named map[string]named          // by file name, outside git
	diffs map[string]*textdiff.Diff // by old and new blob id
}

// named is a work-tree file as it was last read: a copy of its bytes, to
// compare with, and their id.
type named struct {
	data []byte
	id   string
}

// blobber is an fs.FS read from git objects (gitfs.FS): its files have ids.
type blobber interface {
	fs.FS
	Blob(name string) (string, error)
}

// Files reads the evidence files and images p names from fsys, in
// parallel, with the git blob id of each: the id git objects give, or, for
// a work tree, the id of the bytes — the same bytes read last time (c) are
// not hashed again. A file that cannot be read is left out; the compiler
// reports it. nil when fsys is. The error is ctx's, when it ends first.
func Files(ctx context.Context, p *model.Program, fsys fs.FS, c *Cache) (map[string]*description.File, error) {
	if fsys == nil {
		return nil, nil
	}
	out := map[string]*description.File{}
	var names []string
	seen := map[string]bool{}
	add := func(name string) {
		if name != "" && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	for _, e := range p.Evidence {
		add(e.File)
	}
	for _, name := range description.Images(p) {
		add(name)
	}
	files := make([]*description.File, len(names))
	g, git := fsys.(blobber)
	var wg sync.WaitGroup
	next := make(chan int)
	// Reading waits on the disk more than it computes: more readers than
	// processors keep it busy (docs/internals.md has the figures).
	for range min(len(names), max(8, 4*runtime.GOMAXPROCS(0))) {
		wg.Go(func() {
			for i := range next {
				if ctx.Err() != nil {
					continue
				}
				data, err := fs.ReadFile(fsys, names[i])
				if err != nil {
					continue
				}
				id := ""
				if git {
					id, _ = g.Blob(names[i])
				}
				if id == "" {
					id = c.id(names[i], data)
				}
				files[i] = &description.File{Data: data, ID: id}
			}
		})
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, f := range files {
		if f != nil {
			out[names[i]] = f
		}
	}
	return out, nil
}

// id returns the git blob id of data, read from the work-tree file name:
// the id remembered for the same name and bytes, else a hash.
func (c *Cache) id(name string, data []byte) string {
	if c == nil {
		return gitfs.BlobID(data)
	}
	c.mu.Lock()
	n, ok := c.named[name]
	c.mu.Unlock()
	if ok && bytes.Equal(n.data, data) {
		return n.id
	}
	id := gitfs.BlobID(data)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.named == nil {
		c.named = map[string]named{}
	}
	c.named[name] = named{data: bytes.Clone(data), id: id}
	return id
}

// Revisions reads the revision table of every policy and control file:
// each commit that changed it, newest first, with its approval record and
// its diff against the revision before. A diff is computed once per pair
// of blobs (c). Nil without history (no git, no commit). A diff that
// cannot be read is said in its table; the error is ctx's, when it ends.
func Revisions(ctx context.Context, p *model.Program, h *history.History, c *Cache) (map[string][]description.Revision, error) {
	if h == nil || h.Head == nil {
		return nil, nil
	}
	out := map[string][]description.Revision{}
	var files []string
	for _, pol := range p.Policies {
		files = append(files, pol.File)
	}
	for _, ctl := range p.Controls {
		files = append(files, ctl.File)
	}
	for _, name := range files {
		f := h.File(name)
		if f == nil || len(f.Revisions) == 0 {
			continue
		}
		if _, done := out[name]; done {
			continue
		}
		out[name] = revisions(ctx, h, f, c)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// revisions is f's revision table. When a diff cannot be read, no row of
// the table has one, and each says why.
func revisions(ctx context.Context, h *history.History, f *history.File, c *Cache) []description.Revision {
	rows := make([]description.Revision, len(f.Revisions))
	diffs := make([]*textdiff.Diff, len(f.Revisions))
	var failed error
	for i, r := range f.Revisions {
		d, err := c.diff(ctx, h, r)
		if err != nil {
			failed = err
			break
		}
		diffs[i] = d
	}
	for i, r := range f.Revisions {
		cm := r.Commit
		row := description.Revision{
			Commit: cm.ID, Short: cm.Short, CommitDate: cm.CommitDate,
			Author: cm.Author.String(), Subject: cm.Subject,
			Change: string(r.Change), OldPath: r.OldPath, Merge: cm.IsMerge(),
		}
		for _, a := range r.Approvals() {
			row.Approvals = append(row.Approvals, description.Approval{Kind: a.Kind, By: a.By.String(), At: a.At})
		}
		if failed != nil {
			row.DiffError = failed.Error()
		} else {
			row.Diff, row.Truncated = diffs[i], r.Change == history.Truncated
			row.DiffID = r.OldBlob + ".." + r.Blob + "\x00" + string(r.Change) + "\x00" + r.Path + "\x00" + r.OldPath
		}
		rows[i] = row
	}
	return rows
}

// diff returns what revision r changed (history.ReadDiff), from the cache
// when the same two blobs were compared before: the paths, which a diff
// shows, are the revision's own.
func (c *Cache) diff(ctx context.Context, h *history.History, r *history.Revision) (*textdiff.Diff, error) {
	key := r.OldBlob + ".." + r.Blob
	if r.Change == history.Truncated {
		key = "truncated"
	}
	var d *textdiff.Diff
	if c != nil {
		c.mu.Lock()
		d = c.diffs[key]
		c.mu.Unlock()
	}
	if d == nil {
		read, err := history.ReadDiff(ctx, h.Repo(), r)
		if err != nil {
			return nil, err
		}
		d = &read.Diff
		if c != nil {
			c.mu.Lock()
			if c.diffs == nil {
				c.diffs = map[string]*textdiff.Diff{}
			}
			c.diffs[key] = d
			c.mu.Unlock()
		}
	}
	own := *d
	own.Path, own.OldPath = r.Path, r.OldPath
	if r.Change != history.Truncated {
		own.NewFile, own.Gone = r.OldBlob == "", r.Blob == ""
	}
	return &own, nil
}

// Changes are the significant changes of the period (DC9) as the
// description lists them.
func Changes(found []changes.Change) []description.Change {
	out := make([]description.Change, 0, len(found))
	for _, c := range found {
		dc := description.Change{Kind: string(c.Kind), Summary: c.Summary(), ID: c.ID, File: c.File, Commits: len(c.Commits)}
		if c.Commit != nil {
			dc.Commit, dc.Short, dc.Subject, dc.CommitDate = c.Commit.ID, c.Commit.Short, c.Commit.Subject, c.Commit.CommitDate
		}
		out = append(out, dc)
	}
	return out
}

// Images reads the images a public view names (public.View.Images), which
// the trust center publishes, from fsys. nil when fsys is; an image that
// cannot be read is an error, for the page that shows it would break.
func Images(fsys fs.FS, names []string) (map[string][]byte, error) {
	if fsys == nil {
		return nil, nil
	}
	out := make(map[string][]byte, len(names))
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("image %s: %w", name, err)
		}
		out[name] = data
	}
	return out, nil
}
