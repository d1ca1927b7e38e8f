package history

import (
	"slices"
	"strings"
	"time"

	"github.com/attest-dev/attest/generator/model"
)

// Approval is one Approved-by: or Reviewed-by: trailer of a revision's
// commit: who approved the change, and when it was committed.
type Approval struct {
	Kind string // ApprovedBy or ReviewedBy
	By   Person
	At   time.Time // the commit's committer date
}

// Approvals returns the approval record of a revision, in trailer order.
func (r *Revision) Approvals() []Approval {
	var out []Approval
	for _, t := range r.Commit.Trailers {
		for _, key := range []string{ApprovedBy, ReviewedBy} {
			if strings.EqualFold(t.Key, key) {
				out = append(out, Approval{Kind: key, By: ParsePerson(t.Value), At: r.Commit.CommitDate})
			}
		}
	}
	return out
}

// Review is the newest recorded review of a file.
type Review struct {
	Date     model.Date // the day the reviewing commit was made, in its committer's zone
	By       []string   // reviewers and approvers, in trailer order, without repeats
	Revision *Revision
}

// LastReview returns the newest revision of f whose commit carries a
// Reviewed-by: or Approved-by: trailer. A review is recorded by committing a
// change to the file (a new effective date will do) with such a trailer, or
// by merging one through a merge commit that has it.
func (f *File) LastReview() (Review, bool) {
	var best *Revision
	for _, r := range f.Revisions {
		if r.Change == Deleted || len(r.Approvals()) == 0 {
			continue
		}
		if best == nil || r.Commit.CommitDate.After(best.Commit.CommitDate) {
			best = r
		}
	}
	if best == nil {
		return Review{}, false
	}
	rv := Review{Date: best.Commit.Date(), Revision: best}
	for _, a := range best.Approvals() {
		if name := a.By.String(); name != "" && !slices.Contains(rv.By, name) {
			rv.By = append(rv.By, name)
		}
	}
	return rv, true
}

// LastReview tells when the file at path was last reviewed according to git
// history, and by whom. It is compile.ReviewHistory: with it, the compiler
// takes a policy's last review as the later of its front matter's effective
// date and this, and warns when that is older than the review cycle allows.
func (h *History) LastReview(path string) (at model.Date, by string, ok bool) {
	f := h.File(path)
	if f == nil {
		return model.Date{}, "", false
	}
	rv, ok := f.LastReview()
	if !ok {
		return model.Date{}, "", false
	}
	return rv.Date, strings.Join(rv.By, ", "), true
}
