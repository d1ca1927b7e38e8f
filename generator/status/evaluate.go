package status

import (
	"fmt"

	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/model"
)

// DefaultGrace is how many days after an occurrence's window ends its
// evidence may be collected before it counts as late: long enough for a
// quarterly review done in the first weeks after the quarter.
const DefaultGrace = 30

// DefaultHorizon is how many days ahead Report.Upcoming looks.
const DefaultHorizon = 30

// Options tune an evaluation. The zero value judges the whole period, once
// its grace has passed, with the default grace and horizon.
type Options struct {
	// Today is the date the program is judged at: builds pass the date of
	// the commit they build (deterministic), `attest status` the current
	// date. Zero means the day after the period's grace ends, the first on
	// which every occurrence of the period is judged.
	Today model.Date
	// Grace is the number of days evidence may be collected after an
	// occurrence's window ends. Zero means DefaultGrace; negative means none.
	Grace int
	// Horizon is how many days after Today Report.Upcoming covers. Zero
	// means DefaultHorizon.
	Horizon int
}

// Evaluate derives the status of every control, in-scope criterion and
// framework of p, as of the audit's evaluation date.
func Evaluate(p *model.Program) *Report { return EvaluateWith(p, Options{}) }

// EvaluateWith derives the status of p with the given options. It only reads
// p, so a Program may be evaluated more than once, with different options.
func EvaluateWith(p *model.Program, opts Options) *Report {
	a := p.Config.Audit
	r := &Report{
		Evaluated:   opts.Today,
		ReportType:  a.ReportType,
		PeriodStart: a.PeriodStart,
		PeriodEnd:   a.PeriodEnd,
		Grace:       opts.Grace,
		byControl:   make(map[string]*ControlStatus, len(p.Controls)),
		byCriterion: map[string]*CriterionStatus{},
		byPolicy:    make(map[string]*PolicyStatus, len(p.Policies)),
	}
	if r.ReportType == 1 {
		r.PeriodStart, r.PeriodEnd = a.AsOf, a.AsOf
	}
	switch {
	case r.Grace == 0:
		r.Grace = DefaultGrace
	case r.Grace < 0:
		r.Grace = 0
	}
	r.closes = r.PeriodEnd.AddDays(r.Grace)
	if r.Evaluated.IsZero() {
		r.Evaluated = r.closes.AddDays(1)
	}
	horizon := opts.Horizon
	if horizon <= 0 {
		horizon = DefaultHorizon
	}
	r.Columns = columns(r.ReportType, r.PeriodStart, r.PeriodEnd)

	for _, pol := range p.Policies {
		ps := policyStatus(pol, r.Evaluated)
		r.Policies = append(r.Policies, ps)
		r.byPolicy[pol.ID] = ps
	}
	for _, c := range p.Controls {
		cs := r.evaluateControl(c)
		r.Controls = append(r.Controls, cs)
		r.byControl[c.ID] = cs
		r.Counts.Add(cs.State)
	}
	r.rollUp(p)
	r.actions()
	r.dueItems(p, horizon)
	return r
}

// policyStatus judges whether a policy is approved and reviewed on time.
// Reviews recorded in git reach it through model.Policy.LastReview, which the
// compiler fills (compile.Options.Reviews); a hand-made model may leave it zero.
func policyStatus(pol *model.Policy, today model.Date) *PolicyStatus {
	ps := &PolicyStatus{Policy: pol, Approved: pol.Status == model.Approved, LastReviewed: pol.Effective}
	if pol.LastReview.After(ps.LastReviewed) {
		ps.LastReviewed = pol.LastReview
	}
	if !ps.LastReviewed.IsZero() && !pol.ReviewCycle.IsZero() {
		ps.NextReview = pol.ReviewCycle.After(ps.LastReviewed)
	}
	switch {
	case pol.Status == model.Retired:
		ps.Reason = fmt.Sprintf("policy %s is retired: map the control to the policy that replaced it", pol.ID)
	case !ps.Approved:
		ps.Reason = fmt.Sprintf("policy %s is %s, not approved", pol.ID, pol.Status)
	case !ps.NextReview.IsZero() && ps.NextReview.Before(today):
		ps.Overdue = true
		ps.Reason = fmt.Sprintf("policy %s was due for review on %s (last reviewed %s, every %s)", pol.ID, ps.NextReview, ps.LastReviewed, pol.ReviewCycle)
	}
	return ps
}

// evaluateControl judges each occurrence the control's frequency asks for,
// then the control: operating only when every due occurrence is evidenced
// and every policy it implements is approved and not overdue for review.
func (r *Report) evaluateControl(c *model.Control) *ControlStatus {
	cs := &ControlStatus{Control: c}
	for _, e := range c.Evidence {
		switch e.Result {
		case model.Exception:
			cs.Exceptions = append(cs.Exceptions, e)
		case model.Fail:
			cs.Failures = append(cs.Failures, e)
		}
	}

	cs.Occurrences = occurrences(c, r.ReportType, r.PeriodStart, r.PeriodEnd)
	var excs []ExceptionEntry
	excAt := map[*model.Evidence]int{}
	note := func(e, fix *model.Evidence, label string) {
		i, seen := excAt[e]
		if !seen {
			i = len(excs)
			excAt[e] = i
			excs = append(excs, ExceptionEntry{Control: c, Evidence: e, Remediation: fix, Owner: c.Owner})
		}
		excs[i].Occurrences = append(excs[i].Occurrences, label)
	}
	var gapLabels []string
	for i := range cs.Occurrences {
		o := &cs.Occurrences[i]
		j := judge(o, c.Evidence, r.Evaluated, r.Grace, r.closes)
		cs.Tally.Add(o.State)
		for _, e := range j.exceptions {
			note(e, nil, o.Label)
		}
		for _, pair := range j.remediated {
			note(pair[0], pair[1], o.Label)
		}
		if o.State == Gap {
			gapLabels = append(gapLabels, fmt.Sprintf("%s (%s)", o.Label, o.Cause))
		}
	}
	r.Exceptions = append(r.Exceptions, excs...)

	for _, pol := range c.Policies {
		ps := r.byPolicy[pol.ID]
		if ps == nil || ps.Reason == "" {
			continue
		}
		cs.PolicyProblems = append(cs.PolicyProblems, ps.Reason)
		g := GapEntry{Control: c, Owner: pol.Owner, Policy: pol, Cause: PolicyNotApproved}
		if ps.Overdue {
			g.Cause, g.Due = ReviewOverdue, ps.NextReview
			g.Action = fmt.Sprintf("%s; review it and record the review: update effective in %s, or commit the review with a Reviewed-by: trailer", ps.Reason, pol.File)
		} else if pol.Status == model.Retired {
			g.Action = fmt.Sprintf("%s (in %s)", ps.Reason, c.File)
		} else {
			g.Action = fmt.Sprintf("%s: approve it (status = \"approved\", approvers and effective in %s)", ps.Reason, pol.File)
		}
		if cs.Cause == "" {
			cs.Cause = g.Cause
		}
		r.Gaps = append(r.Gaps, g)
	}

	n := len(cs.Occurrences)
	t := cs.Tally
	switch {
	case len(cs.PolicyProblems) > 0:
		cs.State, cs.Reason = Gap, cs.PolicyProblems[0]
		if len(cs.PolicyProblems) > 1 {
			cs.Reason += " (and " + english.Count(len(cs.PolicyProblems)-1, "more policy problem", "more policy problems") + ")"
		}
	case n == 0:
		cs.State, cs.Reason = NotYetDue, "no occurrence falls in the period"
	case t.Gap > 0:
		cs.State, cs.Reason = Gap, fmt.Sprintf("%d of %s %s: %s", t.Gap, english.Count(n, "occurrence", "occurrences"), english.Plural(t.Gap, "is a gap", "are gaps"), list(gapLabels))
	case t.Exception > 0:
		cs.State, cs.Reason = Exception, fmt.Sprintf("%d of %s with %s", t.Exception, english.Count(n, "occurrence", "occurrences"), english.Plural(t.Exception, "an exception", "exceptions"))
	case t.Operating > 0:
		cs.State, cs.Reason = Operating, fmt.Sprintf("%d of %s evidenced", t.Operating, english.Count(n, "occurrence", "occurrences"))
		if t.NotYetDue > 0 {
			cs.Reason += fmt.Sprintf("; %d not yet due", t.NotYetDue)
		}
	default:
		cs.State, cs.Reason = NotYetDue, noneDueYet(n, "occurrence", "occurrences")
	}
	if cs.State == Gap && cs.Cause == "" {
		for _, o := range cs.Occurrences {
			if o.State == Gap {
				cs.Cause = o.Cause
				break
			}
		}
	}
	for _, o := range cs.Occurrences {
		if o.State == Gap {
			r.Gaps = append(r.Gaps, GapEntry{Control: c, Occurrence: o, Owner: c.Owner, Cause: o.Cause, Due: o.Due, Action: gapAction(c, o)})
		}
	}
	cs.Cells = cells(r.Columns, cs.Occurrences)
	return cs
}

// gapAction says what would close an evidence gap, with the command to run.
func gapAction(c *model.Control, o Occurrence) string {
	add := fmt.Sprintf("attest evidence add FILE --control %s --covers %s..%s", c.ID, o.From, o.To)
	switch o.Cause {
	case Late:
		return fmt.Sprintf("%s; tell the auditor why, and collect evidence within the grace period from now on", o.Reason)
	case Failed:
		return fmt.Sprintf("%s; remediate, retest and record the passing retest: %s --result pass", o.Reason, add)
	}
	return fmt.Sprintf("%s; collect evidence that %s operated then and record it: %s", o.Reason, c.ID, add)
}

// noneDueYet says that none of n things is due yet: "none of 4 occurrences
// is due yet", "its one occurrence is not due yet".
func noneDueYet(n int, one, many string) string {
	if n == 1 {
		return "its one " + one + " is not due yet"
	}
	return fmt.Sprintf("none of %d %s is due yet", n, many)
}

// list joins at most three items, for reasons.
func list(items []string) string { return english.List(items, 3) }
