package status

import (
	"fmt"
	"slices"

	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/model"
)

// judged is what judging one occurrence found, beyond its state.
type judged struct {
	exceptions []*model.Evidence    // records with result exception
	remediated [][2]*model.Evidence // a failed record and the later record that remediated it
}

// judge decides an occurrence's state from the control's evidence (sorted
// by collected date). A record counts for the occurrence when its covered
// span shares a day with the occurrence's window and it was collected on or
// after the window opened (evidence cannot vouch for days after it was
// made). It is on time when collected within grace days of the later of the
// window's natural end and its own covers_to: a six-month export cannot be
// collected before its six months are over. Every occurrence is due by
// closes, the day the period's grace ends: a window the period ends inside
// (a quarter that runs on past it) is judged with the period, never left
// "not yet due" for good.
func judge(o *Occurrence, evidence []*model.Evidence, today model.Date, grace int, closes model.Date) judged {
	var j judged
	o.Due = o.end.AddDays(grace)
	if !closes.IsZero() && o.Due.After(closes) {
		o.Due = closes
	}
	var onTime, late []*model.Evidence
	for _, e := range evidence {
		if !overlaps(e.CoversFrom, e.CoversTo, o.From, o.To) || e.Collected.Before(o.From) {
			continue
		}
		o.Evidence = append(o.Evidence, e)
		deadline := o.end
		if e.CoversTo.After(deadline) {
			deadline = e.CoversTo
		}
		if e.Collected.After(deadline.AddDays(grace)) {
			late = append(late, e)
		} else {
			onTime = append(onTime, e)
		}
	}

	var passes []*model.Evidence
	var lastFail *model.Evidence
	var fails []*model.Evidence
	for _, e := range onTime {
		switch e.Result {
		case model.Pass:
			passes = append(passes, e)
		case model.Exception:
			j.exceptions = append(j.exceptions, e)
		case model.Fail:
			fails = append(fails, e)
			lastFail = e
		}
	}
	// A failure is remediated by a pass or exception collected on or after it.
	var fixedBy *model.Evidence
	if lastFail != nil {
		for _, e := range onTime {
			if e != lastFail && e.Result != model.Fail && !e.Collected.Before(lastFail.Collected) {
				fixedBy = e
				break
			}
		}
		if fixedBy != nil {
			for _, f := range fails {
				j.remediated = append(j.remediated, [2]*model.Evidence{f, fixedBy})
			}
		}
	}

	switch {
	case lastFail != nil && fixedBy == nil:
		o.State, o.Cause = Gap, Failed
		o.Reason = fmt.Sprintf("%s recorded a failed test on %s and no later record passed", lastFail.ID, lastFail.Collected)
	case len(j.exceptions) > 0:
		o.State, o.noted = Exception, slices.Concat(j.exceptions, remediatedFails(j))
		o.Reason = "exception noted in " + ids(j.exceptions)
	case lastFail != nil:
		o.State, o.noted = Exception, remediatedFails(j)
		o.Reason = fmt.Sprintf("%s failed on %s; %s passed on %s", ids(fails), lastFail.Collected, fixedBy.ID, fixedBy.Collected)
	case len(passes) > 0:
		o.State, o.Reason = Operating, "evidenced by "+ids(passes)
	case len(late) > 0:
		e := late[0]
		o.State, o.Cause = Gap, Late
		o.Reason = fmt.Sprintf("%s was collected on %s, %s after it was due (%s); the grace period is %s",
			e.ID, e.Collected, english.Count(days(o.Due, e.Collected), "day", "days"), o.Due, english.Count(grace, "day", "days"))
	case today.Before(o.From):
		o.State, o.Reason = NotYetDue, fmt.Sprintf("the window opens on %s; evidence is due by %s", o.From, o.Due)
	case !o.Due.Before(today):
		o.State, o.Reason = NotYetDue, "evidence is due by "+o.Due.String()
	default:
		o.State, o.Cause = Gap, Missing
		o.Reason = fmt.Sprintf("no evidence covers %s to %s; it was due by %s", o.From, o.To, o.Due)
	}
	return j
}

// remediatedFails lists the failed records a later record remediated.
func remediatedFails(j judged) []*model.Evidence {
	var out []*model.Evidence
	for _, pair := range j.remediated {
		out = append(out, pair[0])
	}
	return out
}

// ids lists evidence ids, at most three, for reasons.
func ids(evidence []*model.Evidence) string {
	names := make([]string, len(evidence))
	for i, e := range evidence {
		names[i] = e.ID
	}
	return english.List(names, 3)
}

// days is the number of days from a to b.
func days(a, b model.Date) int {
	return int(b.Time().Sub(a.Time()).Hours() / 24)
}
