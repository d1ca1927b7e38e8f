package status

import (
	"fmt"

	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/model"
)

// rollUp derives each in-scope criterion's state from its controls, and
// each framework's readiness from its criteria.
func (r *Report) rollUp(p *model.Program) {
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
			g.Tally.Add(crs.State)
			fs.Total++
			fs.Tally.Add(crs.State)
			if crs.State.Met() {
				g.Met++
				fs.Met++
			}
		}
		for _, id := range order {
			fs.Groups = append(fs.Groups, *groups[id])
		}
		fs.Ready = fs.Total > 0 && fs.Met == fs.Total
		fs.Reason = readiness(fs.Met, fs.Total, fs.Tally)
		r.Frameworks = append(r.Frameworks, fs)
	}
}

// criterionState: a criterion is only as good as its worst control, and is
// operating once any control operates and none has a gap or exception.
func criterionState(controls []*ControlStatus) (State, string) {
	if len(controls) == 0 {
		return Gap, "no control maps to this criterion"
	}
	var t Tally
	var gaps, excs []string
	for _, cs := range controls {
		t.Add(cs.State)
		switch cs.State {
		case Gap:
			gaps = append(gaps, cs.Control.ID)
		case Exception:
			excs = append(excs, cs.Control.ID)
		}
	}
	n := len(controls)
	switch {
	case t.Gap > 0:
		return Gap, fmt.Sprintf("%d of %s %s gaps: %s", t.Gap, english.Count(n, "control", "controls"), english.Plural(t.Gap, "has", "have"), list(gaps))
	case t.Exception > 0:
		return Exception, fmt.Sprintf("%d of %s %s with exceptions: %s", t.Exception, english.Count(n, "control", "controls"), english.Plural(t.Exception, "operates", "operate"), list(excs))
	case t.Operating > 0:
		reason := fmt.Sprintf("%d of %s operating", t.Operating, english.Count(n, "control", "controls"))
		if t.NotYetDue > 0 {
			reason += fmt.Sprintf("; %d not yet due", t.NotYetDue)
		}
		return Operating, reason
	}
	return NotYetDue, noneDueYet(n, "control", "controls")
}

func readiness(met, total int, t Tally) string {
	s := fmt.Sprintf("%d of %s met", met, english.Count(total, "criterion", "criteria"))
	if t.Gap > 0 {
		s += fmt.Sprintf("; %d with gaps", t.Gap)
	}
	if t.NotYetDue > 0 {
		s += fmt.Sprintf("; %d not yet due", t.NotYetDue)
	}
	return s
}
