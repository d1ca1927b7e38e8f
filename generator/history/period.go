package history

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/attest-dev/attest/generator/model"
)

// CommitAsOf returns the last commit on Head's first-parent line made on or
// before day d — days end at midnight UTC — for attest build --as-of. It
// returns "" with no error when the history starts after d.
func (h *History) CommitAsOf(ctx context.Context, d model.Date) (string, error) {
	if h.repo == nil || h.Head == nil {
		return "", fmt.Errorf("--as-of needs git history, and there is none")
	}
	id, err := h.repo.AsOf(ctx, h.Head.ID, d.AddDays(1).Time().Add(-time.Second))
	if err != nil && strings.Contains(err.Error(), "no commit") {
		return "", nil
	}
	return id, err
}

// PeriodCommits returns the commits holding the program when the period
// started (the last commit before start's day) and when it ended (the last
// commit of end's day). from is "" when the repository's first commit came later.
func (h *History) PeriodCommits(ctx context.Context, start, end model.Date) (from, to string, err error) {
	if end.Before(start) {
		return "", "", fmt.Errorf("period_end %s is before period_start %s", end, start)
	}
	if from, err = h.CommitAsOf(ctx, start.AddDays(-1)); err != nil {
		return "", "", err
	}
	if to, err = h.CommitAsOf(ctx, end); err != nil {
		return "", "", err
	}
	return from, to, nil
}

// CompareCommits orders by committer date, oldest first; unknown (nil)
// commits last.
func CompareCommits(a, b *Commit) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return cmp.Or(a.CommitDate.Compare(b.CommitDate), strings.Compare(a.ID, b.ID))
}

// FileIn returns the file that had path in the newest commit of scope (a
// set of commit ids) that touched that path; nil when none did.
func (h *History) FileIn(path string, scope map[string]bool) *File {
	var best *Revision
	for _, r := range h.atPath[path] {
		if scope[r.Commit.ID] && (best == nil || CompareCommits(best.Commit, r.Commit) < 0) {
			best = r
		}
	}
	if best == nil {
		return nil
	}
	return best.file
}

// Reachable returns id and every commit reachable from it; none for "".
func (h *History) Reachable(id string) map[string]bool {
	seen := map[string]bool{}
	if id == "" {
		return seen
	}
	stack := []string{id}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[c] {
			continue
		}
		seen[c] = true
		if cm := h.byID[c]; cm != nil && !cm.Boundary {
			stack = append(stack, cm.Parents...)
		}
	}
	return seen
}
