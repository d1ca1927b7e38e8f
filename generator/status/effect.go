package status

import (
	"fmt"
	"slices"

	"github.com/attest-dev/attest/generator/model"
)

// RecordEffect is what one more evidence record would do to its control:
// the occurrences it would count for, each before and after.
type RecordEffect struct {
	Control *model.Control
	// Covered lists the occurrences the record counts for, in order.
	Covered []CoveredOccurrence
	// None says, when Covered is empty, why the record counts for no
	// occurrence: a span outside the audit period, a type 1 report as of
	// another date, a control with no occurrence then.
	None string
}

// CoveredOccurrence is one occurrence as judged without and with the record.
type CoveredOccurrence struct {
	Before, After Occurrence
}

// Effect judges p without and with e, a record not yet in p, and says which
// occurrences of e's control it would count for and how their states
// change. Judging is Evaluate's: e joins a copy of p (model.Program.WithEvidence).
// It returns nil when e names no control of p.
func Effect(p *model.Program, e *model.Evidence, opts Options) *RecordEffect {
	if p.Control(e.ControlID) == nil {
		return nil
	}
	before := EvaluateWith(p, opts).Control(e.ControlID)
	r := EvaluateWith(p.WithEvidence(e), opts)
	after := r.Control(e.ControlID)
	eff := &RecordEffect{Control: after.Control}
	for i, o := range after.Occurrences {
		if slices.Contains(o.Evidence, e) {
			eff.Covered = append(eff.Covered, CoveredOccurrence{Before: before.Occurrences[i], After: o})
		}
	}
	if len(eff.Covered) == 0 {
		eff.None = r.whyNone(after, e)
	}
	return eff
}

// whyNone says why e counts for none of the control's occurrences.
func (r *Report) whyNone(cs *ControlStatus, e *model.Evidence) string {
	id, occ := cs.Control.ID, cs.Occurrences
	span := fmt.Sprintf("%s to %s", e.CoversFrom, e.CoversTo)
	if e.CoversFrom == e.CoversTo {
		span = e.CoversFrom.String()
	}
	switch {
	case len(occ) == 0:
		return fmt.Sprintf("%s has no occurrence to judge: the audit has no period (set [audit] as_of, or period_start and period_end)", id)
	case r.ReportType == 1 && e.CoversFrom.After(r.PeriodEnd):
		return fmt.Sprintf("it covers %s, after %s, the date of the type 1 report: it counts for a report as of a later date", span, r.PeriodEnd)
	case r.ReportType == 1 && e.CoversTo.Before(occ[0].From):
		return fmt.Sprintf("it covers %s, before the window the type 1 report as of %s judges %s in (%s to %s)", span, r.PeriodEnd, id, occ[0].From, occ[0].To)
	case r.ReportType != 1 && (e.CoversTo.Before(r.PeriodStart) || e.CoversFrom.After(r.PeriodEnd)):
		return fmt.Sprintf("it covers %s, outside the audit period (%s to %s)", span, r.PeriodStart, r.PeriodEnd)
	}
	for _, o := range occ {
		if overlaps(e.CoversFrom, e.CoversTo, o.From, o.To) && e.Collected.Before(o.From) {
			return fmt.Sprintf("it was collected on %s, before the window it covers opened (%s: %s to %s): a record vouches only for days before it was made",
				e.Collected, o.Label, o.From, o.To)
		}
	}
	var windows []string
	for _, o := range occ {
		windows = append(windows, fmt.Sprintf("%s (%s to %s)", o.Label, o.From, o.To))
	}
	return fmt.Sprintf("%s had no occurrence then: it had to operate in %s", id, list(windows))
}
