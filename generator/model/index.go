package model

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/attest-dev/attest/generator/catalog"
)

// Index builds the lookup tables and back-references of p. The compiler calls
// it once, after sorting; it must not be called on a Program that is shared.
func (p *Program) Index() {
	p.policyByID = make(map[string]*Policy, len(p.Policies))
	for _, pol := range p.Policies {
		p.policyByID[pol.ID] = pol
		pol.Controls = nil
	}
	p.controlByID = make(map[string]*Control, len(p.Controls))
	p.controlsBy = map[string][]*Control{}
	for _, c := range p.Controls {
		p.controlByID[c.ID] = c
		c.Policies, c.Evidence, c.Risks, c.Incidents = nil, nil, nil, nil
		for _, ref := range c.Criteria {
			p.controlsBy[ref.Key()] = append(p.controlsBy[ref.Key()], c)
		}
	}
	for _, c := range p.Controls {
		for _, id := range c.PolicyIDs {
			if pol := p.policyByID[id]; pol != nil {
				c.Policies = append(c.Policies, pol)
				pol.Controls = append(pol.Controls, c)
			}
		}
	}
	p.evidenceBy = map[string][]*Evidence{}
	for _, e := range p.Evidence {
		e.Control = p.controlByID[e.ControlID]
		if e.Control != nil {
			e.Control.Evidence = append(e.Control.Evidence, e)
		}
	}
	for _, c := range p.Controls {
		slices.SortStableFunc(c.Evidence, byCollected)
	}
	for _, r := range p.Risks {
		r.Controls = p.resolve(r.ControlIDs)
		for _, c := range r.Controls {
			c.Risks = append(c.Risks, r)
		}
	}
	for _, in := range p.Incidents {
		in.Controls = p.resolve(in.ControlIDs)
		for _, c := range in.Controls {
			c.Incidents = append(c.Incidents, in)
		}
	}
	for _, s := range p.Subprocessors {
		s.MonitoringControls = p.resolve(s.Monitoring)
	}
}

// byCollected orders evidence by collected date, then id: the order judging
// reads a control's records in.
func byCollected(a, b *Evidence) int {
	if n := a.Collected.Compare(b.Collected); n != 0 {
		return n
	}
	return strings.Compare(a.ID, b.ID)
}

func (p *Program) resolve(ids []string) []*Control {
	var out []*Control
	for _, id := range ids {
		if c := p.controlByID[id]; c != nil {
			out = append(out, c)
		}
	}
	return out
}

// Policy returns the policy with id, or nil.
func (p *Program) Policy(id string) *Policy { return p.policyByID[id] }

// Control returns the control with id, or nil.
func (p *Program) Control(id string) *Control { return p.controlByID[id] }

// ControlsFor returns the controls mapped to a criterion, sorted by id.
func (p *Program) ControlsFor(framework, id string) []*Control {
	return p.controlsBy[framework+"/"+id]
}

// NotApplicable returns the not-applicable declaration for a criterion, if any.
func (p *Program) NotApplicable(framework, id string) (NotApplicable, bool) {
	for _, na := range p.Config.NotApplicable {
		if na.Framework == framework && na.Criterion == id {
			return na, true
		}
	}
	return NotApplicable{}, false
}

// Scope is an in-scope framework and the criteria the audit covers.
type Scope struct {
	Framework *catalog.Framework
	Groups    []string             // groups in scope (SOC 2 categories); nil = all
	Criteria  []*catalog.Criterion // in catalog order, not-applicable ones included
}

// Scopes returns the frameworks in scope, in config order, skipping unknown ids
// (the compiler has reported them).
func (p *Program) Scopes() []Scope {
	var out []Scope
	for _, id := range p.Config.Audit.Frameworks {
		f := p.Frameworks[id]
		if f == nil {
			continue
		}
		var groups []string
		if id == "soc2" {
			groups = p.Config.Audit.SOC2Categories
			if !slices.Contains(groups, "security") {
				groups = append([]string{"security"}, groups...)
			}
		}
		out = append(out, Scope{Framework: f, Groups: groups, Criteria: f.InGroups(groups)})
	}
	return out
}

// OutOfScope says why a criterion of a loaded framework is outside the
// audit's scope — its framework is not in [audit] frameworks, or it is a
// SOC 2 criterion of a category [audit] soc2_categories leaves out — or ""
// when it is in scope. It is the rule Scopes applies, for one criterion.
func (p *Program) OutOfScope(framework, id string) string {
	for _, sc := range p.Scopes() {
		if sc.Framework.ID != framework {
			continue
		}
		for _, cr := range sc.Criteria {
			if cr.ID == id {
				return ""
			}
		}
		cr := sc.Framework.Criterion(id)
		if cr == nil {
			return fmt.Sprintf("%s has no criterion %q", sc.Framework.Name, id)
		}
		return fmt.Sprintf("%s %s is in the %s category, which [audit] soc2_categories does not list (%s): add %q there to bring it into scope",
			sc.Framework.Name, id, sc.Framework.GroupName(cr.Group), strings.Join(sc.Groups, ", "), cr.Group)
	}
	name := framework
	if f := p.Frameworks[framework]; f != nil {
		name = f.Name + " (" + framework + ")"
	}
	return fmt.Sprintf("framework %s is not in [audit] frameworks (%s): add %q there to bring it into scope",
		name, strings.Join(p.Config.Audit.Frameworks, ", "), framework)
}

// WithEvidence returns a copy of p in which e is one more record of the
// control e.ControlID names, or p itself when there is no such control. p and
// its items are left as they are: the copy shares every item but that
// control, which it copies with its own list of evidence. It is for judging
// what a record would change before it is written (attest evidence add);
// back-references from other items — a policy's or a risk's controls, other
// records' Control — still lead to p's control.
func (p *Program) WithEvidence(e *Evidence) *Program {
	old := p.controlByID[e.ControlID]
	if old == nil {
		return p
	}
	c := *old
	c.Evidence = append(slices.Clone(old.Evidence), e)
	slices.SortStableFunc(c.Evidence, byCollected)
	e.Control = &c

	q := *p
	q.Evidence = append(slices.Clone(p.Evidence), e)
	q.Controls = slices.Clone(p.Controls)
	for i, x := range q.Controls {
		if x == old {
			q.Controls[i] = &c
		}
	}
	q.controlByID = maps.Clone(p.controlByID)
	q.controlByID[c.ID] = &c
	q.controlsBy = make(map[string][]*Control, len(p.controlsBy))
	for key, cs := range p.controlsBy {
		if i := slices.Index(cs, old); i >= 0 {
			cs = slices.Clone(cs)
			cs[i] = &c
		}
		q.controlsBy[key] = cs
	}
	return &q
}
