package description

import (
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
)

// policies writes the policy index and a page per policy with its full text.
func (b *builder) policies() {
	var rows []PolicyIndexRow
	for _, pol := range b.p.Policies {
		row := PolicyIndexRow{PolicyLink: b.policyLink(pol), Owner: pol.Owner, Effective: dateOr(pol.Effective, "—"), Controls: len(pol.Controls)}
		row.NextReview, row.ReviewOverdue, row.Problem = b.review(pol)
		rows = append(rows, row)
	}
	b.add("/policies", kindPolicyIndex, "Policies", 40, "", &PolicyIndexPage{
		Common: Common{Search: "policies policy index"},
		Rows:   rows,
	}, true)

	for _, pol := range b.p.Policies {
		var ctlIDs []string
		for _, c := range pol.Controls {
			ctlIDs = append(ctlIDs, c.ID)
		}
		params := &PolicyPage{
			Common:      Common{Search: searchText(pol.ID, pol.Owner, string(pol.Status), refIDs(pol.Criteria), joinIDs(ctlIDs))},
			ID:          pol.ID,
			Owner:       pol.Owner,
			Approvers:   nonNil(pol.Approvers),
			Status:      string(pol.Status),
			Effective:   dateOr(pol.Effective, "—"),
			ReviewCycle: pol.ReviewCycle.String(),
			Visibility:  string(pol.Visibility),
			Criteria:    b.criteriaLinks(pol.Criteria),
			Controls:    b.controlLinks(pol.Controls),
			File:        pol.File,
			Headings:    site.NestedHeadings(pol.Body, pol.Title, 2), // under "Policy text"
		}
		params.NextReview, params.ReviewOverdue, params.Problem = b.review(pol)
		params.LastReviewed = "—"
		if ps := b.r.Policy(pol.ID); ps != nil {
			params.LastReviewed = dateOr(ps.LastReviewed, "—")
		}
		params.Revisions, params.Version, params.LastChanged = b.revisions(pol.File)
		b.add(b.policyRef[pol.ID], kindPolicy, pol.ID+" "+pol.Title, 0, pol.Body, params, true)
	}
}

// review returns when a policy is next due for review, whether that is
// past, and what keeps it from supporting its controls ("" when nothing).
func (b *builder) review(pol *model.Policy) (next string, overdue bool, problem string) {
	ps := b.r.Policy(pol.ID)
	if ps == nil {
		return "—", false, ""
	}
	return dateOr(ps.NextReview, "—"), ps.Overdue, ps.Reason
}

// controls writes the control index and a page per control with its
// narrative, test procedure, evidence and occurrences.
func (b *builder) controls() {
	var rows []ControlIndexRow
	counts := map[status.State]int{}
	for _, c := range b.p.Controls {
		rows = append(rows, ControlIndexRow{ControlLink: b.controlLink(c), Frequency: string(c.Frequency), Evidence: len(c.Evidence)})
		st, _ := b.controlState(c.ID)
		counts[st]++
	}
	var tally []StateCount
	for _, st := range stateOrder {
		if n := counts[st]; n > 0 {
			tally = append(tally, StateCount{State: string(st), Label: stateLabel(st), Count: n})
		}
	}
	b.add("/controls", kindControlIndex, "Controls", 50, "", &ControlIndexPage{
		Common: Common{Search: "controls control index"},
		Rows:   rows,
		Tally:  tally,
	}, true)

	for _, c := range b.p.Controls {
		b.controlPage(c)
	}
}

func (b *builder) controlPage(c *model.Control) {
	ref := b.controlRef[c.ID]
	var key [32]byte
	cached := b.controlPageCached()
	if cached {
		key = b.controlKey(ref, c)
		if p, ok := b.opts.Cache.page(ref, key); ok {
			b.pages = append(b.pages, p)
			b.print = append(b.print, ref)
			return
		}
	}
	anchor := anchorOf(ref)
	st, reason := b.controlState(c.ID)

	var evidence []EvidenceRow
	var words []string
	for _, e := range c.Evidence {
		evidence = append(evidence, b.evidenceRow(ref, e))
		words = append(words, e.ID, e.Title)
	}
	var occurrences []Occurrence
	var problems []string
	if cs := b.r.Control(c.ID); cs != nil {
		problems = nonNil(cs.PolicyProblems)
		for _, o := range cs.Occurrences {
			var evs []OccurrenceEvidence
			for _, e := range o.Evidence {
				evs = append(evs, OccurrenceEvidence{ID: e.ID, Frag: anchor + "-" + site.Slug(e.ID)})
			}
			occurrences = append(occurrences, Occurrence{
				Label: o.Label, From: o.From.String(), To: o.To.String(), Due: o.Due.String(),
				State: string(o.State), StateLabel: stateLabel(o.State), Reason: o.Reason,
				Cause: causeLabel(o.Cause), Partial: o.Partial, Evidence: evs,
			})
		}
	}
	var policies []PolicyLink
	for _, pol := range c.Policies {
		policies = append(policies, b.policyLink(pol))
	}
	var risks []RiskLink
	for _, rk := range c.Risks {
		risks = append(risks, RiskLink{ID: rk.ID, Title: rk.Title, Score: rk.Score(), Link: newLink("/registers/risks", riskAnchor(rk.ID))})
	}
	var incidents []IncidentLink
	for _, in := range c.Incidents {
		incidents = append(incidents, IncidentLink{ID: in.ID, Title: in.Title, Link: newLink("/registers/incidents", incidentAnchor(in.ID))})
	}
	params := &ControlPage{
		Common:         Common{Search: searchText(c.ID, c.Owner, c.Summary, string(c.Frequency), refIDs(c.Criteria), joinIDs(c.PolicyIDs), joinIDs(words))},
		ID:             c.ID,
		Owner:          c.Owner,
		Frequency:      string(c.Frequency),
		ControlKind:    string(c.Kind),
		Automated:      c.Automated,
		OneLine:        c.Summary,
		Visibility:     string(c.Visibility),
		State:          string(st),
		StateLabel:     stateLabel(st),
		Reason:         reason,
		PolicyProblems: problems,
		Criteria:       b.criteriaLinks(c.Criteria),
		Policies:       policies,
		Risks:          risks,
		Incidents:      incidents,
		TestProcedure:  site.Markdown(c.TestProcedure),
		Evidence:       evidence,
		EvidenceCount:  len(evidence),
		Occurrences:    occurrences,
		File:           c.File,
		Headings:       site.NestedHeadings(c.Narrative, c.Title, 2), // under "Narrative"
	}
	params.Revisions, params.Version, params.LastChanged = b.revisions(c.File)
	b.add(ref, kindControl, c.ID+" "+c.Title, 0, c.Narrative, params, true)
	if cached {
		b.opts.Cache.putPage(ref, key, b.pages[len(b.pages)-1])
	}
}

func riskAnchor(id string) string     { return "registers-risks-" + site.Slug(id) }
func incidentAnchor(id string) string { return "registers-incidents-" + site.Slug(id) }

// nonNil is ss, or an empty list for none: a list the theme is given
// whole, even when empty.
func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

func refIDs(refs []model.CriterionRef) string {
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	return joinIDs(ids)
}

func joinIDs(ids []string) string { return searchText(ids...) }
