package status

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/attest-dev/attest/generator/model"
)

// ActionKind says what an Action asks a person to do.
type ActionKind string

const (
	ApprovePolicy   ActionKind = "approve-policy"   // a draft policy that controls implement
	ReplacePolicy   ActionKind = "replace-policy"   // a retired policy that controls still implement
	ReviewPolicy    ActionKind = "review-policy"    // an approved policy overdue for review
	CollectEvidence ActionKind = "collect-evidence" // occurrences of a control with no evidence
	Remediate       ActionKind = "remediate"        // failed tests of a control with no passing retest
	ExplainLate     ActionKind = "explain-late"     // evidence of a control collected after it was due
	MapCriterion    ActionKind = "map-criterion"    // an in-scope criterion no control maps to
)

// Action is one thing a person does that closes one or more gaps: a draft
// policy keeps every control that implements it from operating, so
// approving it is one action, whatever the number of controls; the months
// a control has no evidence for are one action for its owner.
type Action struct {
	Kind ActionKind
	// Summary names the action in a few words: "approve POL-OPERATIONS",
	// "collect evidence for CTL-BACKUPS (2026-03, 2026-04)".
	Summary string
	// What says how, in a sentence, with the command to run where there is one.
	What  string
	Owner string
	// Due is the earliest due date of its gaps; zero when none has one (a
	// policy that is not approved, a criterion no control maps to).
	Due model.Date

	Policy    *model.Policy    // the policy, for policy actions
	Control   *model.Control   // the control, for evidence actions
	Criterion *CriterionStatus // the criterion, for MapCriterion

	// Gaps are the gaps it closes, in the report's order (none for
	// MapCriterion: an unmapped criterion has no control to hold a gap).
	Gaps []GapEntry
	// Controls are the controls whose gaps it closes, by id. A control with
	// other gaps still needs their actions too.
	Controls []*model.Control
	// Criteria are the in-scope criteria with gaps that those controls map
	// to (for MapCriterion, the criterion itself), in catalog order: the
	// action is on each one's way to being met.
	Criteria []*CriterionStatus
}

// actions groups the report's gaps by what closes them, adds one action
// per in-scope criterion no control maps to, and orders them: dated ones
// first, the longest overdue first, then by how much each unblocks.
func (r *Report) actions() {
	type key struct {
		kind ActionKind
		id   string
	}
	byKey := map[key]*Action{}
	var order []*Action
	for _, g := range r.Gaps {
		k := key{id: g.Control.ID}
		switch g.Cause {
		case PolicyNotApproved:
			k = key{ApprovePolicy, g.Policy.ID}
			if g.Policy.Status == model.Retired {
				k.kind = ReplacePolicy
			}
		case ReviewOverdue:
			k = key{ReviewPolicy, g.Policy.ID}
		case Missing:
			k.kind = CollectEvidence
		case Failed:
			k.kind = Remediate
		case Late:
			k.kind = ExplainLate
		}
		a := byKey[k]
		if a == nil {
			a = &Action{Kind: k.kind, Owner: g.Owner, Due: g.Due, Policy: g.Policy}
			if g.Policy == nil {
				a.Control = g.Control
			}
			byKey[k] = a
			order = append(order, a)
		}
		a.Gaps = append(a.Gaps, g)
		if !g.Due.IsZero() && (a.Due.IsZero() || g.Due.Before(a.Due)) {
			a.Due = g.Due
		}
		if !slices.Contains(a.Controls, g.Control) {
			a.Controls = append(a.Controls, g.Control)
		}
	}
	for _, a := range order {
		slices.SortFunc(a.Controls, func(x, y *model.Control) int { return cmp.Compare(x.ID, y.ID) })
		a.Criteria = r.blockedCriteria(a.Controls)
		a.Summary, a.What = r.describe(a)
	}
	for _, fs := range r.Frameworks {
		for _, crs := range fs.Criteria {
			if crs.State != Gap || len(crs.Controls) > 0 {
				continue
			}
			name := fs.Framework.Name + " " + crs.Criterion.ID
			order = append(order, &Action{
				Kind: MapCriterion, Criterion: crs, Criteria: []*CriterionStatus{crs},
				Summary: "map a control to " + name,
				What: fmt.Sprintf("no control maps to %s (%s): add it to a control's [criteria], or declare it in [[not_applicable]] with the reason",
					name, crs.Criterion.Title),
			})
		}
	}
	slices.SortStableFunc(order, func(a, b *Action) int {
		if a.Due.IsZero() != b.Due.IsZero() {
			if a.Due.IsZero() {
				return 1
			}
			return -1
		}
		return cmp.Or(a.Due.Compare(b.Due),
			cmp.Compare(len(b.Controls), len(a.Controls)),
			cmp.Compare(len(b.Criteria), len(a.Criteria)),
			cmp.Compare(a.Summary, b.Summary))
	})
	r.Actions = make([]Action, len(order))
	for i, a := range order {
		r.Actions[i] = *a
	}
}

// blockedCriteria lists the in-scope criteria with gaps that any of
// controls maps to, in the report's framework and catalog order.
func (r *Report) blockedCriteria(controls []*model.Control) []*CriterionStatus {
	keys := map[string]bool{}
	for _, c := range controls {
		for _, ref := range c.Criteria {
			keys[ref.Key()] = true
		}
	}
	var out []*CriterionStatus
	for _, fs := range r.Frameworks {
		for _, crs := range fs.Criteria {
			if crs.State == Gap && keys[crs.Criterion.Key()] {
				out = append(out, crs)
			}
		}
	}
	return out
}

// describe writes an action's summary and what to do.
func (r *Report) describe(a *Action) (summary, what string) {
	labels := func() []string {
		var out []string
		for _, g := range a.Gaps {
			out = append(out, g.Occurrence.Label)
		}
		return out
	}
	// command is the evidence add command for the action's occurrences:
	// with their span when there is one, else FROM..TO and the spans.
	command := func(extra string) string {
		if len(a.Gaps) == 1 {
			o := a.Gaps[0].Occurrence
			return fmt.Sprintf("attest evidence add FILE --control %s --covers %s..%s%s", a.Control.ID, o.From, o.To, extra)
		}
		var spans []string
		for _, g := range a.Gaps {
			spans = append(spans, fmt.Sprintf("%s..%s", g.Occurrence.From, g.Occurrence.To))
		}
		return fmt.Sprintf("attest evidence add FILE --control %s --covers FROM..TO%s, one for each of %s", a.Control.ID, extra, strings.Join(spans, ", "))
	}
	switch a.Kind {
	case ApprovePolicy:
		return "approve " + a.Policy.ID,
			fmt.Sprintf("policy %s is %s: approve it (status = \"approved\", approvers and effective in %s)", a.Policy.ID, a.Policy.Status, a.Policy.File)
	case ReplacePolicy:
		return "replace retired " + a.Policy.ID,
			fmt.Sprintf("policy %s is retired: map %s to the policy that replaced it", a.Policy.ID, controlIDs(a.Controls))
	case ReviewPolicy:
		ps := r.byPolicy[a.Policy.ID]
		return "review " + a.Policy.ID,
			fmt.Sprintf("%s; review it and record the review: update effective in %s, or commit the review with a Reviewed-by: trailer", ps.Reason, a.Policy.File)
	case Remediate:
		var fails []string
		for _, g := range a.Gaps {
			fails = append(fails, g.Occurrence.Label+": "+g.Occurrence.Reason)
		}
		return fmt.Sprintf("remediate %s (%s)", a.Control.ID, list(labels())),
			fmt.Sprintf("%s; remediate, retest and record the passing retest: %s", strings.Join(fails, "; "), command(" --result pass"))
	case ExplainLate:
		var late []string
		for _, g := range a.Gaps {
			late = append(late, g.Occurrence.Label+": "+g.Occurrence.Reason)
		}
		return fmt.Sprintf("explain late evidence of %s (%s)", a.Control.ID, list(labels())),
			fmt.Sprintf("%s; tell the auditor why, and collect evidence within the grace period from now on", strings.Join(late, "; "))
	}
	return fmt.Sprintf("collect evidence for %s (%s)", a.Control.ID, list(labels())),
		fmt.Sprintf("no evidence covers %s of %s; collect evidence that it operated then and record it: %s",
			strings.Join(labels(), ", "), a.Control.ID, command(""))
}

func controlIDs(controls []*model.Control) string {
	out := make([]string, len(controls))
	for i, c := range controls {
		out[i] = c.ID
	}
	return strings.Join(out, ", ")
}
