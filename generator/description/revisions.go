package description

import (
	"strconv"
)

// revisionCSS is where the diff style sheet (diffCSS) is written.
const revisionCSS = "css/revisions.css"

// revisions returns a source file's revision table for its page, newest
// first: each revision's commit, author, change and approval record, with
// the diff against the revision before it highlighted (omitted from the
// print view, which keeps the table). Nil when there is no history of it.
func (b *builder) revisions(file string) (rows []RevisionRow, version int, lastChanged string) {
	revs := b.opts.Revisions[file]
	if len(revs) == 0 {
		return nil, 0, ""
	}
	for _, r := range revs {
		if !r.Merge {
			version++
		}
	}
	n := version
	for _, r := range revs {
		var approvals []ApprovalRow
		for _, a := range r.Approvals {
			approvals = append(approvals, ApprovalRow{Kind: a.Kind, By: a.By, At: a.At.Format("2006-01-02")})
		}
		row := RevisionRow{
			Commit:    r.Commit,
			Short:     r.Short,
			Date:      r.CommitDate.Format("2006-01-02"),
			Author:    r.Author,
			Subject:   r.Subject,
			Change:    r.Change,
			OldPath:   r.OldPath,
			Merge:     r.Merge,
			Approvals: approvals,
		}
		if !r.Merge {
			row.Label = "v" + strconv.Itoa(n)
			n--
		}
		if d := r.Diff; d != nil {
			row.Inserted, row.Deleted = d.Inserted, d.Deleted
			row.Binary, row.Truncated = d.Binary, r.Truncated
			if len(d.Hunks) > 0 {
				row.Diff = b.opts.Cache.diffHTML(r.DiffID, d)
			}
		} else if r.DiffError != "" {
			row.DiffError = "the diff could not be read: " + r.DiffError
		}
		rows = append(rows, row)
	}
	return rows, version, revs[0].CommitDate.Format("2006-01-02")
}

// revisionFiles adds the diff style sheet when pages have revision tables.
func (b *builder) revisionFiles() {
	if b.opts.Revisions != nil {
		b.files[revisionCSS] = []byte(diffCSS())
	}
}
