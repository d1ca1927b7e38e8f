package history

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/attest-dev/attest/generator/catalog"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/model"
)

// ChangeKind is a kind of significant change to the system (DC9).
type ChangeKind string

const (
	PolicyAdded         ChangeKind = "policy-added"
	PolicyChanged       ChangeKind = "policy-changed"
	PolicyRetired       ChangeKind = "policy-retired"
	ControlAdded        ChangeKind = "control-added"
	ControlChanged      ChangeKind = "control-changed"
	ControlRemoved      ChangeKind = "control-removed"
	SubprocessorAdded   ChangeKind = "subprocessor-added"
	SubprocessorRemoved ChangeKind = "subprocessor-removed"
)

var kindOrder = []ChangeKind{PolicyAdded, PolicyChanged, PolicyRetired, ControlAdded, ControlChanged, ControlRemoved, SubprocessorAdded, SubprocessorRemoved}

// SignificantChange is one change to the program between the start and the
// end of the period, with the commit that made it.
type SignificantChange struct {
	Kind  ChangeKind
	ID    string // policy or control id; subprocessor name
	Title string // policy or control title; subprocessor purpose
	File  string // the source file, as of the end of the period (the start, when removed)
	// Commit made the change: the first commit of the period with the item
	// (added), without it (removed, retired), or the newest that touched it
	// (changed). Nil when the history does not show it (a shallow clone).
	Commit *Commit
	// Commits are every commit of the period that touched the item's file, newest first.
	Commits []*Commit
}

// Summary is a one-line description, e.g. "Subprocessor added: Mailgun (email delivery)".
func (c SignificantChange) Summary() string {
	what := map[ChangeKind]string{
		PolicyAdded: "Policy added", PolicyChanged: "Policy changed", PolicyRetired: "Policy retired",
		ControlAdded: "Control added", ControlChanged: "Control changed", ControlRemoved: "Control removed",
		SubprocessorAdded: "Subprocessor added", SubprocessorRemoved: "Subprocessor removed",
	}[c.Kind]
	switch {
	case strings.HasPrefix(string(c.Kind), "subprocessor") && c.Title != "":
		return fmt.Sprintf("%s: %s (%s)", what, c.ID, c.Title)
	case c.Title != "" && c.Title != c.ID:
		return fmt.Sprintf("%s: %s %s", what, c.ID, c.Title)
	}
	return what + ": " + c.ID
}

// Snapshot is the program as one commit holds it.
type Snapshot struct {
	Commit  string         // "" for the empty program before the first commit
	Program *model.Program // nil for the empty program
}

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

// Significant lists the significant changes (DC9) from one snapshot to
// another: policies added, changed and retired; controls added, changed and
// removed; subprocessors added and removed. Each comes with the commit that
// made it, found among the commits reachable from to.Commit and not from
// from.Commit. Changes are ordered by that commit's date, then kind and id.
func (h *History) Significant(ctx context.Context, from, to Snapshot) ([]SignificantChange, error) {
	empty := &model.Program{}
	a, b := from.Program, to.Program
	if a == nil {
		a = empty
	}
	if b == nil {
		b = empty
	}
	p := &period{h: h, ctx: ctx, from: from.Commit, to: to.Commit}
	p.in = h.between(from.Commit, to.Commit)
	p.reach = h.ancestors(to.Commit)
	p.reachFrom = h.ancestors(from.Commit)

	var out []SignificantChange
	// Policies.
	pa, pb := byKey(a.Policies, func(x *model.Policy) string { return x.ID }), byKey(b.Policies, func(x *model.Policy) string { return x.ID })
	for _, id := range keys(pa, pb) {
		x, y := pa[id], pb[id]
		switch {
		case x == nil:
			revs := p.revisions(y.File, p.reach)
			out = append(out, SignificantChange{Kind: PolicyAdded, ID: id, Title: y.Title, File: y.File, Commit: oldest(revs), Commits: commits(revs)})
		case y == nil:
			if x.Status == model.Retired {
				continue // retired before the period; its file went later
			}
			revs := p.revisions(x.File, p.reachFrom)
			out = append(out, SignificantChange{Kind: PolicyRetired, ID: id, Title: x.Title, File: x.File, Commit: deletion(revs), Commits: commits(revs)})
		case x.Status != model.Retired && y.Status == model.Retired:
			revs := p.revisions(y.File, p.reach)
			c, err := p.firstWhere(revs, b.Frameworks, func(f *model.Program) bool { return retiredIn(f, id) })
			if err != nil {
				return nil, err
			}
			out = append(out, SignificantChange{Kind: PolicyRetired, ID: id, Title: y.Title, File: y.File, Commit: c, Commits: commits(revs)})
		case policyChanged(x, y):
			revs := p.revisions(y.File, p.reach)
			out = append(out, SignificantChange{Kind: PolicyChanged, ID: id, Title: y.Title, File: y.File, Commit: newest(revs), Commits: commits(revs)})
		}
	}
	// Controls.
	ca, cb := byKey(a.Controls, func(x *model.Control) string { return x.ID }), byKey(b.Controls, func(x *model.Control) string { return x.ID })
	for _, id := range keys(ca, cb) {
		x, y := ca[id], cb[id]
		switch {
		case x == nil:
			revs := p.revisions(y.File, p.reach)
			out = append(out, SignificantChange{Kind: ControlAdded, ID: id, Title: y.Title, File: y.File, Commit: oldest(revs), Commits: commits(revs)})
		case y == nil:
			revs := p.revisions(x.File, p.reachFrom)
			out = append(out, SignificantChange{Kind: ControlRemoved, ID: id, Title: x.Title, File: x.File, Commit: deletion(revs), Commits: commits(revs)})
		case controlChanged(x, y):
			revs := p.revisions(y.File, p.reach)
			out = append(out, SignificantChange{Kind: ControlChanged, ID: id, Title: y.Title, File: y.File, Commit: newest(revs), Commits: commits(revs)})
		}
	}
	// Subprocessors, by name: several may share a register file, so the
	// commit is the first of the period whose version of the file has (or
	// has lost) the entry.
	sa, sb := byKey(a.Subprocessors, func(x *model.Subprocessor) string { return x.Name }), byKey(b.Subprocessors, func(x *model.Subprocessor) string { return x.Name })
	for _, name := range keys(sa, sb) {
		x, y := sa[name], sb[name]
		switch {
		case x == nil:
			revs := p.revisions(y.File, p.reach)
			c, err := p.firstWhere(revs, b.Frameworks, func(f *model.Program) bool { return hasSubprocessor(f, name) })
			if err != nil {
				return nil, err
			}
			out = append(out, SignificantChange{Kind: SubprocessorAdded, ID: name, Title: y.Purpose, File: y.File, Commit: c, Commits: commits(revs)})
		case y == nil:
			revs := p.revisions(x.File, p.reachFrom)
			c, err := p.firstWhere(revs, a.Frameworks, func(f *model.Program) bool { return !hasSubprocessor(f, name) })
			if err != nil {
				return nil, err
			}
			out = append(out, SignificantChange{Kind: SubprocessorRemoved, ID: name, Title: x.Purpose, File: x.File, Commit: c, Commits: commits(revs)})
		}
	}
	slices.SortStableFunc(out, func(x, y SignificantChange) int {
		return cmp.Or(compareCommits(x.Commit, y.Commit),
			cmp.Compare(slices.Index(kindOrder, x.Kind), slices.Index(kindOrder, y.Kind)),
			strings.Compare(x.ID, y.ID))
	})
	return out, nil
}

// compareCommits orders by committer date, oldest first; unknown commits last.
func compareCommits(a, b *Commit) int {
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

// period finds the commits of a period that touched a file.
type period struct {
	h         *History
	ctx       context.Context
	from, to  string
	in        map[string]bool // commits of the period
	reach     map[string]bool // commits reachable from to
	reachFrom map[string]bool // commits reachable from from
}

// revisions returns the revisions, in the period and newest first, of the
// file that had path in the commits of scope.
func (p *period) revisions(path string, scope map[string]bool) []*Revision {
	f := p.h.fileIn(path, scope)
	if f == nil {
		return nil
	}
	var out []*Revision
	for _, r := range f.Revisions {
		if p.in[r.Commit.ID] {
			out = append(out, r)
		}
	}
	return out
}

// firstWhere returns the commit of the oldest revision whose file satisfies
// ok: the file as the revision holds it, compiled on its own by
// compile.File against frameworks, so that it reads as compile reads it (nil
// when the revision deleted the file).
func (p *period) firstWhere(revs []*Revision, frameworks catalog.Set, ok func(file *model.Program) bool) (*Commit, error) {
	for i := len(revs) - 1; i >= 0; i-- {
		r := revs[i]
		var file *model.Program
		if r.Blob != "" {
			src, err := p.h.repo.ReadBlob(p.ctx, r.Blob)
			if err != nil {
				return nil, fmt.Errorf("read %s at %s: %w", r.Path, r.Commit.Short, err)
			}
			file = compile.File(r.Path, src, frameworks).Program
		}
		if ok(file) {
			return r.Commit, nil
		}
	}
	return nil, nil
}

// Revisions carry commits; these pick one.
func oldest(revs []*Revision) *Commit {
	if len(revs) == 0 {
		return nil
	}
	return revs[len(revs)-1].Commit
}

func newest(revs []*Revision) *Commit {
	if len(revs) == 0 {
		return nil
	}
	return revs[0].Commit
}

func deletion(revs []*Revision) *Commit {
	for _, r := range revs {
		if r.Change == Deleted {
			return r.Commit
		}
	}
	return newest(revs)
}

// fileIn returns the file that had path in the newest commit of scope that
// touched that path.
func (h *History) fileIn(path string, scope map[string]bool) *File {
	var best *Revision
	for _, r := range h.atPath[path] {
		if scope[r.Commit.ID] && (best == nil || compareCommits(best.Commit, r.Commit) < 0) {
			best = r
		}
	}
	if best == nil {
		return nil
	}
	return best.file
}

// ancestors returns id and every commit reachable from it.
func (h *History) ancestors(id string) map[string]bool {
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

// between returns the commits reachable from to but not from from, as
// git rev-list from..to lists them.
func (h *History) between(from, to string) map[string]bool {
	in := h.ancestors(to)
	for id := range h.ancestors(from) {
		delete(in, id)
	}
	return in
}

func byKey[T any](items []T, key func(T) string) map[string]T {
	m := make(map[string]T, len(items))
	for _, it := range items {
		m[key(it)] = it
	}
	return m
}

// keys returns the union of two maps' keys, sorted.
func keys[T any](a, b map[string]T) []string {
	var out []string
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// policyChanged compares what a policy says. A new effective date alone is a
// review, not a change.
func policyChanged(a, b *model.Policy) bool {
	return a.Title != b.Title || a.Owner != b.Owner || !slices.Equal(a.Approvers, b.Approvers) ||
		a.Status != b.Status || a.ReviewCycle != b.ReviewCycle || a.Visibility != b.Visibility ||
		!slices.Equal(a.Criteria, b.Criteria) || strings.TrimSpace(a.Body) != strings.TrimSpace(b.Body)
}

func controlChanged(a, b *model.Control) bool {
	return a.Title != b.Title || a.Owner != b.Owner || !slices.Equal(a.PolicyIDs, b.PolicyIDs) ||
		a.Frequency != b.Frequency || a.Kind != b.Kind || a.Automated != b.Automated ||
		a.Summary != b.Summary || a.Visibility != b.Visibility || !slices.Equal(a.Criteria, b.Criteria) ||
		strings.TrimSpace(a.Narrative) != strings.TrimSpace(b.Narrative) ||
		strings.TrimSpace(a.TestProcedure) != strings.TrimSpace(b.TestProcedure)
}

// retiredIn says whether file, one compiled file (nil when deleted), has
// policy id retired.
func retiredIn(file *model.Program, id string) bool {
	if file == nil {
		return false
	}
	for _, pol := range file.Policies {
		if pol.ID == id && pol.Status == model.Retired {
			return true
		}
	}
	return false
}

// hasSubprocessor says whether file, one compiled register file (nil when
// deleted), lists name.
func hasSubprocessor(file *model.Program, name string) bool {
	return file != nil && slices.ContainsFunc(file.Subprocessors, func(s *model.Subprocessor) bool { return s.Name == name })
}

func commits(revs []*Revision) []*Commit {
	out := make([]*Commit, 0, len(revs))
	for _, r := range revs {
		if !slices.Contains(out, r.Commit) {
			out = append(out, r.Commit)
		}
	}
	return out
}
