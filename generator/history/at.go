package history

import (
	"fmt"
	"slices"
	"strings"

	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/gitfs"
)

// At returns the history as it stood at commit id, an ancestor of Head: the
// commits reachable from it, and each file's revisions among them, under the
// path the file had there. It runs no git, so every tagged version of a
// program gets its revision tables from the one git log of Head. The result
// shares the repository; closing it does nothing.
func (h *History) At(id string) (*History, error) {
	head := h.byID[id]
	if head == nil {
		return nil, fmt.Errorf("commit %s is not in the history read at %s", gitfs.ShortID(id), h.headShort())
	}
	scope := h.Reachable(id)
	at := &History{
		Head:    head,
		Shallow: h.Shallow,
		Tags:    h.Tags,
		Diags:   &diag.List{},
		repo:    h.repo,
		derived: true,
		byID:    map[string]*Commit{},
		byPath:  map[string]*File{},
		atPath:  map[string][]*Revision{},
	}
	for _, c := range h.Commits {
		if scope[c.ID] {
			at.Commits = append(at.Commits, c)
			at.byID[c.ID] = c
		}
	}
	for _, f := range h.files {
		var revs []*Revision
		for _, r := range f.Revisions {
			if scope[r.Commit.ID] {
				revs = append(revs, r)
			}
		}
		if len(revs) == 0 {
			continue
		}
		g := &File{Path: revs[0].Path, Revisions: revs}
		// Two files may have left the same path (one deleted, another later
		// renamed onto it); the one that touched it last holds it.
		if prev := at.byPath[g.Path]; prev != nil && CompareCommits(prev.Revisions[0].Commit, revs[0].Commit) > 0 {
			continue
		}
		at.byPath[g.Path] = g
	}
	for _, f := range at.byPath {
		at.files = append(at.files, f)
		for _, r := range f.Revisions {
			// Revisions are shared with h; the path index is rebuilt on At's own files.
			at.atPath[r.Path] = append(at.atPath[r.Path], r)
		}
	}
	slices.SortFunc(at.files, func(a, b *File) int { return strings.Compare(a.Path, b.Path) })
	return at, nil
}

func (h *History) headShort() string {
	if h.Head == nil {
		return "no commit"
	}
	return h.Head.Short
}
