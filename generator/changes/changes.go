// Package changes finds the significant changes to a program (DC9) between
// two commits: policies, controls and subprocessors added, changed, retired
// or removed, each with the commit that made it. It compares two compiled
// models, so that it sees exactly what compile sees, and reads a file's
// older contents through compile.File.
package changes

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/attest-dev/attest/generator/catalog"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/model"
)

// Kind is a kind of significant change to the system (DC9).
type Kind string

const (
	PolicyAdded         Kind = "policy-added"
	PolicyChanged       Kind = "policy-changed"
	PolicyRetired       Kind = "policy-retired"
	ControlAdded        Kind = "control-added"
	ControlChanged      Kind = "control-changed"
	ControlRemoved      Kind = "control-removed"
	SubprocessorAdded   Kind = "subprocessor-added"
	SubprocessorRemoved Kind = "subprocessor-removed"
)

var kindOrder = []Kind{PolicyAdded, PolicyChanged, PolicyRetired, ControlAdded, ControlChanged, ControlRemoved, SubprocessorAdded, SubprocessorRemoved}

// Change is one significant change to the program between the start and
// the end of the period, with the commit that made it.
type Change struct {
	Kind  Kind
	ID    string // policy or control id; subprocessor name
	Title string // policy or control title; subprocessor purpose
	File  string // the source file, as of the end of the period (the start, when removed)
	// Commit made the change: the first commit of the period with the item
	// (added), without it (removed, retired), or the newest that touched it
	// (changed). Nil when the history does not show it (a shallow clone).
	Commit *history.Commit
	// Commits are every commit of the period that touched the item's file, newest first.
	Commits []*history.Commit
	// Shown is the commit the public trust center may name for the change
	// (public.View's updates): of the period's commits that touched the
	// file, the first (added) or the newest (changed) whose own version of
	// the file shows the item in full — a public, approved policy; a public
	// subprocessor. Nil for other kinds and when no commit did: a commit
	// made while the item was internal or a draft is never announced, for
	// its date, id and message are the internal item's.
	Shown *history.Commit
}

// Summary is a one-line description, e.g. "Subprocessor added: Mailgun (email delivery)".
func (c Change) Summary() string {
	what := map[Kind]string{
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

// Significant lists the significant changes (DC9) from one snapshot to
// another: policies added, changed and retired; controls added, changed and
// removed; subprocessors added and removed. Each comes with the commit that
// made it, found among the commits reachable from to.Commit and not from
// from.Commit. Changes are ordered by that commit's date, then kind and id.
func Significant(ctx context.Context, h *history.History, from, to Snapshot) ([]Change, error) {
	empty := &model.Program{}
	a, b := from.Program, to.Program
	if a == nil {
		a = empty
	}
	if b == nil {
		b = empty
	}
	p := &period{h: h, ctx: ctx, from: from.Commit, to: to.Commit}
	p.reach = h.Reachable(to.Commit)
	p.reachFrom = h.Reachable(from.Commit)
	p.in = map[string]bool{} // the commits of the period, as git rev-list from..to lists them
	for id := range p.reach {
		if !p.reachFrom[id] {
			p.in[id] = true
		}
	}

	var out []Change
	// Policies.
	pa, pb := byKey(a.Policies, func(x *model.Policy) string { return x.ID }), byKey(b.Policies, func(x *model.Policy) string { return x.ID })
	for _, id := range keys(pa, pb) {
		x, y := pa[id], pb[id]
		switch {
		case x == nil:
			revs := p.revisions(y.File, p.reach)
			c := Change{Kind: PolicyAdded, ID: id, Title: y.Title, File: y.File, Commit: oldest(revs), Commits: commits(revs)}
			if policyShown(y) {
				var err error
				if c.Shown, err = p.firstWhere(revs, b.Frameworks, func(f *model.Program) bool { return policyShownIn(f, id) }); err != nil {
					return nil, err
				}
			}
			out = append(out, c)
		case y == nil:
			if x.Status == model.Retired {
				continue // retired before the period; its file went later
			}
			revs := p.revisions(x.File, p.reachFrom)
			out = append(out, Change{Kind: PolicyRetired, ID: id, Title: x.Title, File: x.File, Commit: deletion(revs), Commits: commits(revs)})
		case x.Status != model.Retired && y.Status == model.Retired:
			revs := p.revisions(y.File, p.reach)
			c, err := p.firstWhere(revs, b.Frameworks, func(f *model.Program) bool { return retiredIn(f, id) })
			if err != nil {
				return nil, err
			}
			out = append(out, Change{Kind: PolicyRetired, ID: id, Title: y.Title, File: y.File, Commit: c, Commits: commits(revs)})
		case policyChanged(x, y):
			revs := p.revisions(y.File, p.reach)
			c := Change{Kind: PolicyChanged, ID: id, Title: y.Title, File: y.File, Commit: newest(revs), Commits: commits(revs)}
			if policyShown(y) {
				var err error
				if c.Shown, err = p.newestWhere(revs, b.Frameworks, func(f *model.Program) bool { return policyShownIn(f, id) }); err != nil {
					return nil, err
				}
			}
			out = append(out, c)
		}
	}
	// Controls.
	ca, cb := byKey(a.Controls, func(x *model.Control) string { return x.ID }), byKey(b.Controls, func(x *model.Control) string { return x.ID })
	for _, id := range keys(ca, cb) {
		x, y := ca[id], cb[id]
		switch {
		case x == nil:
			revs := p.revisions(y.File, p.reach)
			out = append(out, Change{Kind: ControlAdded, ID: id, Title: y.Title, File: y.File, Commit: oldest(revs), Commits: commits(revs)})
		case y == nil:
			revs := p.revisions(x.File, p.reachFrom)
			out = append(out, Change{Kind: ControlRemoved, ID: id, Title: x.Title, File: x.File, Commit: deletion(revs), Commits: commits(revs)})
		case controlChanged(x, y):
			revs := p.revisions(y.File, p.reach)
			out = append(out, Change{Kind: ControlChanged, ID: id, Title: y.Title, File: y.File, Commit: newest(revs), Commits: commits(revs)})
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
			added := Change{Kind: SubprocessorAdded, ID: name, Title: y.Purpose, File: y.File, Commit: c, Commits: commits(revs)}
			if y.Visibility == model.Public {
				if added.Shown, err = p.firstWhere(revs, b.Frameworks, func(f *model.Program) bool { return subprocessorShownIn(f, name) }); err != nil {
					return nil, err
				}
			}
			out = append(out, added)
		case y == nil:
			revs := p.revisions(x.File, p.reachFrom)
			c, err := p.firstWhere(revs, a.Frameworks, func(f *model.Program) bool { return !hasSubprocessor(f, name) })
			if err != nil {
				return nil, err
			}
			out = append(out, Change{Kind: SubprocessorRemoved, ID: name, Title: x.Purpose, File: x.File, Commit: c, Commits: commits(revs)})
		}
	}
	slices.SortStableFunc(out, func(x, y Change) int {
		return cmp.Or(history.CompareCommits(x.Commit, y.Commit),
			cmp.Compare(slices.Index(kindOrder, x.Kind), slices.Index(kindOrder, y.Kind)),
			strings.Compare(x.ID, y.ID))
	})
	return out, nil
}

// period finds the commits of a period that touched a file.
type period struct {
	h         *history.History
	ctx       context.Context
	from, to  string
	in        map[string]bool // commits of the period
	reach     map[string]bool // commits reachable from to
	reachFrom map[string]bool // commits reachable from from
}

// revisions returns the revisions, in the period and newest first, of the
// file that had path in the commits of scope.
func (p *period) revisions(path string, scope map[string]bool) []*history.Revision {
	f := p.h.FileIn(path, scope)
	if f == nil {
		return nil
	}
	var out []*history.Revision
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
func (p *period) firstWhere(revs []*history.Revision, frameworks catalog.Set, ok func(file *model.Program) bool) (*history.Commit, error) {
	for i := len(revs) - 1; i >= 0; i-- {
		if found, err := p.holds(revs[i], frameworks, ok); err != nil || found {
			return revs[i].Commit, err
		}
	}
	return nil, nil
}

// newestWhere is firstWhere from the newest revision back.
func (p *period) newestWhere(revs []*history.Revision, frameworks catalog.Set, ok func(file *model.Program) bool) (*history.Commit, error) {
	for _, r := range revs {
		if found, err := p.holds(r, frameworks, ok); found || err != nil {
			return r.Commit, err
		}
	}
	return nil, nil
}

// holds says whether the file as revision r left it, compiled on its own,
// satisfies ok.
func (p *period) holds(r *history.Revision, frameworks catalog.Set, ok func(file *model.Program) bool) (bool, error) {
	var file *model.Program
	if r.Blob != "" {
		src, err := p.h.Repo().ReadBlob(p.ctx, r.Blob)
		if err != nil {
			return false, fmt.Errorf("read %s at %s: %w", r.Path, r.Commit.Short, err)
		}
		file = compile.File(r.Path, src, frameworks).Program
	}
	return ok(file), nil
}

// Revisions carry commits; these pick one.
func oldest(revs []*history.Revision) *history.Commit {
	if len(revs) == 0 {
		return nil
	}
	return revs[len(revs)-1].Commit
}

func newest(revs []*history.Revision) *history.Commit {
	if len(revs) == 0 {
		return nil
	}
	return revs[0].Commit
}

func deletion(revs []*history.Revision) *history.Commit {
	for _, r := range revs {
		if r.Change == history.Deleted {
			return r.Commit
		}
	}
	return newest(revs)
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

// policyShown says whether the trust center shows policy pol in full: public
// and approved, as public.View lists a policy with its text.
func policyShown(pol *model.Policy) bool {
	return pol.Visibility == model.Public && pol.Status == model.Approved
}

// policyShownIn says whether file, one compiled file (nil when deleted),
// has policy id shown in full.
func policyShownIn(file *model.Program, id string) bool {
	return file != nil && slices.ContainsFunc(file.Policies, func(pol *model.Policy) bool { return pol.ID == id && policyShown(pol) })
}

// subprocessorShownIn says whether file, one compiled register file (nil
// when deleted), lists name as a public subprocessor.
func subprocessorShownIn(file *model.Program, name string) bool {
	return file != nil && slices.ContainsFunc(file.Subprocessors, func(s *model.Subprocessor) bool { return s.Name == name && s.Visibility == model.Public })
}

// hasSubprocessor says whether file, one compiled register file (nil when
// deleted), lists name.
func hasSubprocessor(file *model.Program, name string) bool {
	return file != nil && slices.ContainsFunc(file.Subprocessors, func(s *model.Subprocessor) bool { return s.Name == name })
}

func commits(revs []*history.Revision) []*history.Commit {
	out := make([]*history.Commit, 0, len(revs))
	for _, r := range revs {
		if !slices.Contains(out, r.Commit) {
			out = append(out, r.Commit)
		}
	}
	return out
}
