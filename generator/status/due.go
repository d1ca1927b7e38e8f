package status

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/attest-dev/attest/generator/model"
)

// Kinds of DueItem.
const (
	DueEvidence     = "evidence"
	DuePolicyReview = "policy-review"
	DueVendorReview = "vendor-review"
	DueRisk         = "risk"
)

// dueItems fills Overdue and Upcoming: what is past its date as of Evaluated,
// and what falls due in the horizon days after it.
func (r *Report) dueItems(p *model.Program, horizon int) {
	until := r.Evaluated.AddDays(horizon)
	soon := func(d model.Date) bool { return !d.IsZero() && !d.Before(r.Evaluated) && !d.After(until) }
	past := func(d model.Date) bool { return !d.IsZero() && d.Before(r.Evaluated) }

	for _, cs := range r.Controls {
		for _, o := range cs.Occurrences {
			if o.State == NotYetDue && soon(o.Due) {
				r.Upcoming = append(r.Upcoming, DueItem{
					Kind: DueEvidence, ID: cs.Control.ID, Label: o.Label, Owner: cs.Control.Owner, Due: o.Due,
					What: fmt.Sprintf("collect evidence that %s operated from %s to %s", cs.Control.ID, o.From, o.To),
				})
			}
		}
	}
	for _, ps := range r.Policies {
		if !ps.Approved {
			continue
		}
		pol := ps.Policy
		item := DueItem{Kind: DuePolicyReview, ID: pol.ID, Label: pol.Title, Owner: pol.Owner, Due: ps.NextReview}
		switch {
		case ps.Overdue:
			item.What = fmt.Sprintf("review %s: it was due on %s", pol.ID, ps.NextReview)
			r.Overdue = append(r.Overdue, item)
		case soon(ps.NextReview):
			item.What = fmt.Sprintf("review %s (every %s)", pol.ID, pol.ReviewCycle)
			r.Upcoming = append(r.Upcoming, item)
		}
	}
	for _, v := range p.Vendors {
		item := DueItem{Kind: DueVendorReview, ID: v.Name, Label: v.Service, Owner: v.Owner, Due: v.NextReview}
		switch {
		case past(v.NextReview):
			item.What = fmt.Sprintf("review vendor %s: it was due on %s", v.Name, v.NextReview)
			r.Overdue = append(r.Overdue, item)
		case soon(v.NextReview):
			item.What = fmt.Sprintf("review vendor %s", v.Name)
			r.Upcoming = append(r.Upcoming, item)
		}
	}
	for _, rk := range p.Risks {
		if rk.Status != "open" && rk.Status != "in-progress" {
			continue
		}
		item := DueItem{Kind: DueRisk, ID: rk.ID, Label: rk.Title, Owner: rk.Owner, Due: rk.Due}
		switch {
		case past(rk.Due):
			item.What = fmt.Sprintf("treat risk %s (%s): it was due on %s", rk.ID, rk.Treatment, rk.Due)
			r.Overdue = append(r.Overdue, item)
		case soon(rk.Due):
			item.What = fmt.Sprintf("treat risk %s (%s)", rk.ID, rk.Treatment)
			r.Upcoming = append(r.Upcoming, item)
		}
	}
	byDate := func(a, b DueItem) int {
		return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Label, b.Label))
	}
	slices.SortStableFunc(r.Upcoming, byDate)
	slices.SortStableFunc(r.Overdue, byDate)
}
