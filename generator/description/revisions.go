package description

import (
	"context"
	"strconv"

	"github.com/attest-dev/attest/generator/history"
)

// revisionCSS is where the diff style sheet (diffCSS) is written.
const revisionCSS = "css/revisions.css"

// revisions returns a source file's revision table for its page, newest
// first: each revision's commit, author, change and approval record, with
// the diff against the revision before it highlighted (omitted from the
// print view, which keeps the table). Nil when there is no history of it.
func (b *builder) revisions(file string) (rows []Revision, version int, lastChanged string) {
	h := b.opts.Revisions
	if h == nil {
		return nil, 0, ""
	}
	f := h.File(file)
	if f == nil || len(f.Revisions) == 0 {
		return nil, 0, ""
	}
	ctx := b.opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	diffs, err := b.opts.Cache.revisionDiffs(f, func() ([]*history.Diff, error) { return h.Diffs(ctx, f) })
	if err != nil {
		// A diff that cannot be read leaves the table without it, saying so.
		diffs = nil
	}
	n := f.Version()
	for i, r := range f.Revisions {
		c := r.Commit
		var approvals []Approval
		for _, a := range r.Approvals() {
			approvals = append(approvals, Approval{Kind: a.Kind, By: a.By.String(), At: a.At.Format("2006-01-02")})
		}
		row := Revision{
			Commit:    c.ID,
			Short:     c.Short,
			Date:      c.CommitDate.Format("2006-01-02"),
			Author:    c.Author.String(),
			Subject:   c.Subject,
			Change:    string(r.Change),
			OldPath:   r.OldPath,
			Merge:     c.IsMerge(),
			Approvals: approvals,
		}
		if !c.IsMerge() {
			row.Label = "v" + strconv.Itoa(n)
			n--
		}
		if i < len(diffs) && diffs[i] != nil {
			d := diffs[i]
			row.Inserted, row.Deleted = d.inserted, d.deleted
			row.Binary, row.Truncated = d.binary, d.truncated
			row.Diff = d.html
		} else if err != nil {
			row.DiffError = "the diff could not be read: " + err.Error()
		}
		rows = append(rows, row)
	}
	return rows, f.Version(), f.Latest().Commit.CommitDate.Format("2006-01-02")
}

// revisionFiles adds the diff style sheet when any page shows a diff.
func (b *builder) revisionFiles() {
	if b.opts.Revisions != nil && b.opts.Revisions.Head != nil {
		b.files[revisionCSS] = []byte(diffCSS())
	}
}
