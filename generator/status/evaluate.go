package status

import (
	"fmt"

	"time"

	"github.com/attest-dev/attest/generator/model"
)

// Evaluate derives the status of every control, in-scope criterion and
// framework of p, as of the audit's evaluation date.
func Evaluate(p *model.Program) *Report {
	r := &Report{
		Evaluated:   p.Config.Audit.Evaluated(),
		byControl:   map[string]*ControlStatus{},
		byCriterion: map[string]*CriterionStatus{},
	}
	for _, c := range p.Controls {
		cs := evaluateControl(p, c)
		r.Controls = append(r.Controls, cs)
		r.byControl[c.ID] = cs
		for _, o := range cs.Occurrences {
			if o.State == Gap {
				r.Gaps = append(r.Gaps, GapEntry{Control: c, Occurrence: o, Owner: c.Owner, Action: o.Reason})
			}
		}
	}
	for _, sc := range p.Scopes() {
		fs := &FrameworkStatus{Framework: sc.Framework}
		groups := map[string]*GroupStatus{}
		var order []string
		for _, cr := range sc.Criteria {
			crs := &CriterionStatus{Criterion: cr}
			if na, ok := p.NotApplicable(sc.Framework.ID, cr.ID); ok {
				crs.State, crs.Reason = NotApplicable, na.Reason
			} else {
				for _, c := range p.ControlsFor(sc.Framework.ID, cr.ID) {
					crs.Controls = append(crs.Controls, r.byControl[c.ID])
				}
				crs.State, crs.Reason = criterionState(crs.Controls)
			}
			fs.Criteria = append(fs.Criteria, crs)
			r.byCriterion[sc.Framework.ID+"/"+cr.ID] = crs
			g := groups[cr.Group]
			if g == nil {
				grp, _ := sc.Framework.Group(cr.Group)
				g = &GroupStatus{Group: grp}
				groups[cr.Group] = g
				order = append(order, cr.Group)
			}
			g.Criteria = append(g.Criteria, crs)
			g.Total++
			fs.Total++
			if crs.State.Met() {
				g.Met++
				fs.Met++
			}
		}
		for _, id := range order {
			fs.Groups = append(fs.Groups, *groups[id])
		}
		fs.Ready = fs.Total > 0 && fs.Met == fs.Total
		fs.Reason = fmt.Sprintf("%d of %d criteria met", fs.Met, fs.Total)
		r.Frameworks = append(r.Frameworks, fs)
	}
	return r
}

func criterionState(controls []*ControlStatus) (State, string) {
	if len(controls) == 0 {
		return Gap, "no control maps to this criterion"
	}
	state := Operating
	for _, cs := range controls {
		switch cs.State {
		case Gap:
			return Gap, fmt.Sprintf("control %s has a gap: %s", cs.Control.ID, cs.Reason)
		case Exception:
			state = Exception
		case NotYetDue:
			if state == Operating {
				state = NotYetDue
			}
		}
	}
	switch state {
	case Exception:
		return state, "controls operate, with exceptions noted"
	case NotYetDue:
		return state, "no control was due yet"
	}
	return state, fmt.Sprintf("all %d controls operating", len(controls))
}

// evaluateControl checks each occurrence the control's frequency asks for.
func evaluateControl(p *model.Program, c *model.Control) *ControlStatus {
	cs := &ControlStatus{Control: c}
	for _, e := range c.Evidence {
		switch e.Result {
		case model.Exception:
			cs.Exceptions = append(cs.Exceptions, e)
		case model.Fail:
			cs.Failures = append(cs.Failures, e)
		}
	}
	cs.Occurrences = occurrences(p, c)
	gaps, exceptions := 0, 0
	for i := range cs.Occurrences {
		o := &cs.Occurrences[i]
		judge(o, c.Evidence)
		switch o.State {
		case Gap:
			gaps++
		case Exception:
			exceptions++
		}
	}
	for _, pol := range c.Policies {
		if pol.Status != model.Approved {
			cs.State, cs.Reason = Gap, fmt.Sprintf("policy %s is %s, not approved", pol.ID, pol.Status)
			return cs
		}
	}
	switch {
	case len(cs.Occurrences) == 0:
		cs.State, cs.Reason = NotYetDue, "no occurrence was due in the period"
	case gaps > 0:
		cs.State, cs.Reason = Gap, fmt.Sprintf("%d of %d occurrences not evidenced", gaps, len(cs.Occurrences))
	case exceptions > 0:
		cs.State, cs.Reason = Exception, fmt.Sprintf("%d of %d occurrences with exceptions", exceptions, len(cs.Occurrences))
	default:
		cs.State, cs.Reason = Operating, fmt.Sprintf("all %d occurrences evidenced", len(cs.Occurrences))
	}
	return cs
}

// occurrences lists the windows in which the control had to operate.
func occurrences(p *model.Program, c *model.Control) []Occurrence {
	a := p.Config.Audit
	start, end := a.PeriodStart, a.PeriodEnd
	if a.ReportType == 1 {
		return []Occurrence{{Label: "as of " + a.AsOf.String(), From: a.AsOf, To: a.AsOf, Due: a.AsOf}}
	}
	if start.IsZero() || end.IsZero() {
		return nil
	}
	months := 0
	switch c.Frequency {
	case model.Annual:
		from := end.AddMonths(-12).AddDays(1)
		return []Occurrence{{Label: "12 months to " + end.String(), From: from, To: end, Due: end}}
	case model.Quarterly:
		months = 3
	case model.Semiannual:
		months = 6
	case model.PerEvent:
		var out []Occurrence
		for _, in := range c.Incidents {
			if in.Detected.Before(start) || in.Detected.After(end) {
				continue
			}
			to := in.Resolved
			if to.IsZero() {
				to = in.Detected
			}
			out = append(out, Occurrence{Label: in.ID, From: in.Detected, To: to, Due: to})
		}
		return out
	default: // continuous, daily, weekly, monthly: one sample per month
		months = 1
	}
	var out []Occurrence
	for from := model.MakeDate(start.Year(), start.Month(), 1); !from.After(end); from = from.AddMonths(months) {
		// align quarters and halves to the calendar
		if months > 1 && (int(from.Month())-1)%months != 0 {
			from = model.MakeDate(from.Year(), from.Month()-((from.Month()-1)%time.Month(months)), 1)
		}
		to := from.AddMonths(months).AddDays(-1)
		label := from.String()[:7]
		switch months {
		case 3:
			label = fmt.Sprintf("%d-Q%d", from.Year(), (int(from.Month())-1)/3+1)
		case 6:
			label = fmt.Sprintf("%d-H%d", from.Year(), (int(from.Month())-1)/6+1)
		}
		o := Occurrence{Label: label, From: maxDate(from, start), To: minDate(to, end), Due: to}
		out = append(out, o)
	}
	return out
}

func judge(o *Occurrence, evidence []*model.Evidence) {
	for _, e := range evidence {
		if e.CoversTo.Before(o.From) || e.CoversFrom.After(o.To) {
			continue
		}
		o.Evidence = append(o.Evidence, e)
	}
	o.State, o.Reason = Gap, fmt.Sprintf("no evidence covers %s to %s", o.From, o.To)
	for _, e := range o.Evidence {
		switch e.Result {
		case model.Pass:
			if o.State != Exception {
				o.State, o.Reason = Operating, "evidenced by "+e.ID
			}
		case model.Exception:
			o.State, o.Reason = Exception, "exception noted in "+e.ID
		}
	}
}

func maxDate(a, b model.Date) model.Date {
	if a.After(b) {
		return a
	}
	return b
}

func minDate(a, b model.Date) model.Date {
	if a.Before(b) {
		return a
	}
	return b
}
