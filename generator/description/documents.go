package description

import (
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
)

// policies writes the policy index and a page per policy with its full text.
func (b *builder) policies() {
	var rows []any
	for _, pol := range b.p.Policies {
		row := b.policyLink(pol)
		row["owner"] = pol.Owner
		row["effective"] = dateOr(pol.Effective, "—")
		row["next_review"], row["review_overdue"], row["problem"] = b.review(pol)
		row["controls"] = len(pol.Controls)
		rows = append(rows, row)
	}
	b.add("/policies", kindPolicyIndex, "Policies", 40, "", map[string]any{
		"rows":   rows,
		"search": "policies policy index",
	}, true)

	for _, pol := range b.p.Policies {
		var ctlIDs []string
		for _, c := range pol.Controls {
			ctlIDs = append(ctlIDs, c.ID)
		}
		params := map[string]any{
			"id":           pol.ID,
			"owner":        pol.Owner,
			"approvers":    stringsAny(pol.Approvers),
			"status":       string(pol.Status),
			"effective":    dateOr(pol.Effective, "—"),
			"review_cycle": pol.ReviewCycle.String(),
			"visibility":   string(pol.Visibility),
			"criteria":     b.criteriaLinks(pol.Criteria),
			"controls":     b.controlLinks(pol.Controls),
			"file":         pol.File,
			"search":       searchText(pol.ID, pol.Owner, string(pol.Status), refIDs(pol.Criteria), joinIDs(ctlIDs)),
		}
		params["next_review"], params["review_overdue"], params["problem"] = b.review(pol)
		params["last_reviewed"] = "—"
		if ps := b.r.Policy(pol.ID); ps != nil {
			params["last_reviewed"] = dateOr(ps.LastReviewed, "—")
		}
		params["revisions"], params["version"], params["last_changed"] = b.revisions(pol.File)
		site.NestHeadings(params, pol.Body, pol.Title, 2) // under "Policy text"
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
	var rows []any
	counts := map[status.State]int{}
	for _, c := range b.p.Controls {
		row := b.controlLink(c)
		row["frequency"] = string(c.Frequency)
		row["evidence"] = len(c.Evidence)
		rows = append(rows, row)
		st, _ := b.controlState(c.ID)
		counts[st]++
	}
	var tally []any
	for _, st := range stateOrder {
		if n := counts[st]; n > 0 {
			tally = append(tally, map[string]any{"state": string(st), "label": stateLabel(st), "count": n})
		}
	}
	b.add("/controls", kindControlIndex, "Controls", 50, "", map[string]any{
		"rows":   rows,
		"tally":  tally,
		"search": "controls control index",
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

	var evidence []any
	var words []string
	for _, e := range c.Evidence {
		evidence = append(evidence, b.evidenceRow(ref, e))
		words = append(words, e.ID, e.Title)
	}
	var occurrences, problems []any
	if cs := b.r.Control(c.ID); cs != nil {
		problems = stringsAny(cs.PolicyProblems)
		for _, o := range cs.Occurrences {
			var evs []any
			for _, e := range o.Evidence {
				evs = append(evs, map[string]any{"id": e.ID, "frag": anchor + "-" + site.Slug(e.ID)})
			}
			occurrences = append(occurrences, map[string]any{
				"label": o.Label, "from": o.From.String(), "to": o.To.String(), "due": o.Due.String(),
				"state": string(o.State), "state_label": stateLabel(o.State), "reason": o.Reason,
				"cause": causeLabel(o.Cause), "partial": o.Partial, "evidence": evs,
			})
		}
	}
	var policies []any
	for _, pol := range c.Policies {
		policies = append(policies, b.policyLink(pol))
	}
	var risks []any
	for _, rk := range c.Risks {
		risks = append(risks, map[string]any{
			"id": rk.ID, "title": rk.Title, "score": rk.Score(),
			"ref": "/registers/risks", "frag": riskAnchor(rk.ID),
		})
	}
	var incidents []any
	for _, in := range c.Incidents {
		incidents = append(incidents, map[string]any{
			"id": in.ID, "title": in.Title, "ref": "/registers/incidents", "frag": incidentAnchor(in.ID),
		})
	}
	params := map[string]any{
		"id":              c.ID,
		"owner":           c.Owner,
		"frequency":       string(c.Frequency),
		"control_kind":    string(c.Kind),
		"automated":       c.Automated,
		"one_line":        c.Summary,
		"visibility":      string(c.Visibility),
		"state":           string(st),
		"state_label":     stateLabel(st),
		"reason":          reason,
		"policy_problems": problems,
		"criteria":        b.criteriaLinks(c.Criteria),
		"policies":        policies,
		"risks":           risks,
		"incidents":       incidents,
		"test_procedure":  site.Markdown(c.TestProcedure),
		"evidence":        evidence,
		"occurrences":     occurrences,
		"file":            c.File,
		"search":          searchText(c.ID, c.Owner, c.Summary, string(c.Frequency), refIDs(c.Criteria), joinIDs(c.PolicyIDs), joinIDs(words)),
	}
	params["revisions"], params["version"], params["last_changed"] = b.revisions(c.File)
	site.NestHeadings(params, c.Narrative, c.Title, 2) // under "Narrative"
	b.add(ref, kindControl, c.ID+" "+c.Title, 0, c.Narrative, params, true)
	if cached {
		b.opts.Cache.putPage(ref, key, b.pages[len(b.pages)-1])
	}
}

func riskAnchor(id string) string     { return "registers-risks-" + site.Slug(id) }
func incidentAnchor(id string) string { return "registers-incidents-" + site.Slug(id) }

func stringsAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func refIDs(refs []model.CriterionRef) string {
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	return joinIDs(ids)
}

func joinIDs(ids []string) string { return searchText(ids...) }
