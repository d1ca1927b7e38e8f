package history

import (
	"slices"
	"strings"
	"time"

	"github.com/attest-dev/attest/generator/gitfs"
)

// builder turns log records, as they are read, into commits and per-file
// revisions. Records come newest first and never a parent before its child;
// a merge's records (one per parent it differs from) come together.
type builder struct {
	h        *History
	paths    []string
	boundary map[string]bool
	zones    map[string]*time.Location

	cur   *Commit
	diffs []parentDiff // the current commit's records

	// pending[c] holds, for commit c not yet read, the renames its children
	// saw: pending[c][p] is the file that path p belongs to in c's tree,
	// when that differs from the file at p in Head.
	pending map[string]map[string]*File
}

// parentDiff is one record's changes, against From ("" for a commit's only diff).
type parentDiff struct {
	from    string
	entries []rawEntry
}

func newBuilder(h *History, paths []string) *builder {
	b := &builder{h: h, paths: paths, boundary: map[string]bool{}, zones: map[string]*time.Location{}, pending: map[string]map[string]*File{}}
	for _, id := range h.Shallow {
		b.boundary[id] = true
	}
	return b
}

// add takes the next record.
func (b *builder) add(rec logRecord) {
	if b.cur != nil && b.cur.ID == rec.ID {
		b.diffs = append(b.diffs, parentDiff{rec.From, rec.Entries})
		return
	}
	b.flush()
	c := b.commit(rec)
	b.h.Commits = append(b.h.Commits, c)
	b.h.byID[c.ID] = c
	b.cur = c
	b.diffs = append(b.diffs[:0], parentDiff{rec.From, rec.Entries})
}

// finish processes the last commit and lists the files.
func (b *builder) finish() {
	b.flush()
	h := b.h
	h.files = h.files[:0]
	for _, f := range h.byPath {
		if len(f.Revisions) > 0 {
			h.files = append(h.files, f)
		}
	}
	slices.SortFunc(h.files, func(x, y *File) int { return strings.Compare(x.Path, y.Path) })
}

func (b *builder) entries(from string) []rawEntry {
	for _, d := range b.diffs {
		if d.from == from {
			return d.entries
		}
	}
	return nil
}

func (b *builder) keep(p string) bool {
	if b.paths == nil {
		return true
	}
	for _, q := range b.paths {
		q = strings.TrimSuffix(q, "/")
		if q == "." || p == q || strings.HasPrefix(p, q+"/") {
			return true
		}
	}
	return false
}

// flush records what the current commit did to each file and carries the
// renames it saw to its parents.
func (b *builder) flush() {
	c, h := b.cur, b.h
	if c == nil {
		return
	}
	b.cur = nil
	renamed := b.pending[c.ID]
	delete(b.pending, c.ID)
	if renamed == nil {
		renamed = map[string]*File{}
	}
	// Revisions: what the commit changed against its first parent.
	first := ""
	if c.IsMerge() {
		first = c.Parents[0]
	}
	for _, e := range b.entries(first) {
		if !b.keep(e.Path) && (e.OldPath == "" || !b.keep(e.OldPath)) {
			continue
		}
		f := h.fileAt(renamed, e.Path)
		r := newRevision(c, e)
		r.file = f
		f.Revisions = append(f.Revisions, r)
		h.atPath[r.Path] = append(h.atPath[r.Path], r)
	}
	if c.Boundary {
		return // its parents are not in the clone
	}
	// Carry the renames to each parent, undoing this commit's renames
	// against that parent. The first parent may reuse the map; the others
	// need a copy taken before it changes.
	for i := len(c.Parents) - 1; i >= 0; i-- {
		p := c.Parents[i]
		st := renamed
		if i > 0 {
			st = make(map[string]*File, len(renamed))
			for k, v := range renamed {
				st[k] = v
			}
		}
		key := p
		if !c.IsMerge() {
			key = ""
		}
		for _, e := range b.entries(key) {
			if e.Status == 'R' {
				f := h.fileAt(st, e.Path)
				delete(st, e.Path)
				st[e.OldPath] = f
			}
		}
		if prev, ok := b.pending[p]; ok {
			// Another child reached this parent first; keep its view
			// where the two differ.
			for k, v := range st {
				if _, ok := prev[k]; !ok {
					prev[k] = v
				}
			}
			continue
		}
		b.pending[p] = st
	}
}

// fileAt returns the file that path p belongs to, given the renames carried
// to the commit being read.
func (h *History) fileAt(renamed map[string]*File, p string) *File {
	if f, ok := renamed[p]; ok {
		return f
	}
	f := h.byPath[p]
	if f == nil {
		f = &File{Path: p}
		h.byPath[p] = f
	}
	return f
}

func (b *builder) commit(rec logRecord) *Commit {
	c := &Commit{ID: rec.ID, Short: gitfs.ShortID(rec.ID), Parents: rec.Parents, Boundary: b.boundary[rec.ID]}
	c.Author, c.AuthorDate = b.signature(rec.Author)
	c.Committer, c.CommitDate = b.signature(rec.Committer)
	c.Subject = subjectOf(rec.Message) // Trailers come from git's own parser (trailerArgs)
	return c
}

func (b *builder) signature(sig string) (Person, time.Time) {
	t, _ := gitfs.ParseSignatureTime(sig, b.zones)
	if i := strings.LastIndexByte(sig, '>'); i >= 0 {
		sig = sig[:i+1]
	}
	return ParsePerson(sig), t
}
