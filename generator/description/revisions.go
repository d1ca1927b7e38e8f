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
func (b *builder) revisions(file string) (rows []any, version int, lastChanged string) {
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
		var approvals []any
		for _, a := range r.Approvals {
			approvals = append(approvals, map[string]any{
				"kind": a.Kind, "by": a.By, "at": a.At.Format("2006-01-02"),
			})
		}
		row := map[string]any{
			"commit":    r.Commit,
			"short":     r.Short,
			"date":      r.CommitDate.Format("2006-01-02"),
			"author":    r.Author,
			"subject":   r.Subject,
			"change":    r.Change,
			"old_path":  r.OldPath,
			"merge":     r.Merge,
			"approvals": approvals,
			"label":     "",
		}
		if !r.Merge {
			row["label"] = "v" + strconv.Itoa(n)
			n--
		}
		if d := r.Diff; d != nil {
			row["inserted"], row["deleted"] = d.Inserted, d.Deleted
			row["binary"], row["truncated"] = d.Binary, r.Truncated
			if len(d.Hunks) > 0 {
				if html := b.opts.Cache.diffHTML(r.DiffID, d); html != "" {
					row["diff"] = html
				}
			}
		} else if r.DiffError != "" {
			row["diff_error"] = "the diff could not be read: " + r.DiffError
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
