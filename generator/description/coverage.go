package description

import (
	"slices"
	"strings"

	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
)

// Coverage heat map geometry, in SVG user units.
const (
	covChar   = 7   // width of a character of a row label (11px monospace)
	covCell   = 58  // width of a month column
	covWide   = 140 // width of the single column of a type 1 report
	covRow    = 16
	covHeader = 30
)

// coverage writes the control × period heat map, each cell coloured by
// the worst state of the control's occurrences in that period.
func (b *builder) coverage() {
	hm := b.r.HeatMap()
	longest := 8
	for _, row := range hm.Rows {
		longest = max(longest, len(row.Control.ID))
	}
	covLabel := longest*covChar + 16
	width := covCell
	if len(hm.Columns) == 1 {
		width = covWide
	}
	var cols []any
	for i, c := range hm.Columns {
		cols = append(cols, map[string]any{
			"label": c.Label, "from": c.From.String(), "to": c.To.String(),
			"x": covLabel + i*width + width/2,
		})
	}
	tally := map[status.State]int{}
	var rows []any
	for i, row := range hm.Rows {
		y := covHeader + i*covRow
		var cells []any
		for j, cell := range row.Cells {
			tally[cell.State]++
			title := row.Control.ID + " · " + hm.Columns[j].Label + ": " + cellLabel(cell.State)
			if cell.Reason != "" {
				title += " — " + cell.Reason
			}
			if len(cell.Occurrences) > 0 {
				title += " (" + strings.Join(cell.Occurrences, ", ") + ")"
			}
			cells = append(cells, map[string]any{
				"x": covLabel + j*width + 1, "state": string(cell.State), "title": title,
			})
		}
		rows = append(rows, map[string]any{
			"id": row.Control.ID, "title": row.Control.Title, "ref": b.controlRef[row.Control.ID],
			"state": string(row.State), "reason": row.Reason,
			"y": y, "cell_y": y + 1, "text_y": y + covRow - 4,
			"cells": cells,
		})
	}
	var cellTally []any
	for _, st := range append(slices.Clone(stateOrder), status.None) {
		if n := tally[st]; n > 0 {
			cellTally = append(cellTally, map[string]any{"state": string(st), "label": cellLabel(st), "count": n})
		}
	}
	b.add("/coverage", kindCoverage, "Coverage", 2, "", map[string]any{
		"columns": cols,
		"rows":    rows,
		"tally":   cellTally,
		"legend":  cellLegend(status.Operating, status.Exception, status.NotYetDue, status.Gap, status.None),
		"svg": map[string]any{
			"width": covLabel + len(hm.Columns)*width + 4, "height": covHeader + len(hm.Rows)*covRow + 4,
			"cell_w": width - 2, "cell_h": covRow - 2, "label_x": covLabel - 8, "header_y": covHeader - 10,
		},
		"search": "coverage heat map periods controls",
	}, true)
}

func cellLegend(states ...status.State) []any {
	out := legend(states...)
	for i, st := range states {
		out[i].(map[string]any)["label"] = cellLabel(st)
	}
	return out
}

func cellLabel(s status.State) string {
	if s == status.None {
		return "No occurrence"
	}
	return stateLabel(s)
}

// actionRows lists what must be done: each action of the report (approve
// or review a policy, collect or remediate a control's evidence, explain
// late evidence, map a control to a criterion), with what it unblocks, in
// the report's order.
func (b *builder) actionRows() []any {
	if b.actionList != nil {
		return b.actionList
	}
	b.actionList = make([]any, 0, len(b.r.Actions))
	for _, a := range b.r.Actions {
		var occurrences []string
		for _, g := range a.Gaps {
			if g.Policy == nil {
				occurrences = append(occurrences, g.Occurrence.Label)
			}
		}
		row := map[string]any{
			"kind": string(a.Kind), "kind_label": actionLabel(a.Kind), "summary": a.Summary,
			"owner": ownerOr(a.Owner), "action": a.What, "due": dateOr(a.Due, "—"),
			"gaps": len(a.Gaps), "occurrences": strings.Join(occurrences, ", "),
			"policy": nil, "control": nil, "criterion": nil,
			"controls": b.controlLinks(a.Controls), "criteria": b.criteriaOf(a.Criteria),
		}
		switch {
		case a.Policy != nil:
			row["policy"] = b.policyLink(a.Policy)
		case a.Control != nil:
			row["control"] = b.controlLink(a.Control)
		case a.Criterion != nil:
			row["criterion"] = b.criteriaOf([]*status.CriterionStatus{a.Criterion})[0]
		}
		b.actionList = append(b.actionList, row)
	}
	return b.actionList
}

// criteriaOf links criteria to their rows in their framework's matrix.
func (b *builder) criteriaOf(criteria []*status.CriterionStatus) []any {
	out := make([]any, 0, len(criteria))
	for _, crs := range criteria {
		out = append(out, b.criterionLink(model.CriterionRef{Framework: crs.Criterion.Framework, ID: crs.Criterion.ID}))
	}
	return out
}

// gapCount is the number of gaps the actions close: the report's gaps and
// the in-scope criteria no control maps to.
func (b *builder) gapCount() int {
	n := len(b.r.Gaps)
	for _, a := range b.r.Actions {
		if a.Kind == status.MapCriterion {
			n++
		}
	}
	return n
}

// gaps writes the actions that close the gaps, with a count per owner,
// followed by what is overdue and what falls due soon. Each occurrence is
// on its control's page.
func (b *builder) gaps() {
	byOwner := counter{}
	for _, a := range b.r.Actions {
		byOwner.add(ownerOr(a.Owner))
	}
	due := func(items []status.DueItem) []any {
		var out []any
		for _, d := range items {
			row := map[string]any{
				"kind": d.Kind, "id": d.ID, "label": d.Label, "owner": ownerOr(d.Owner),
				"due": d.Due.String(), "what": d.What, "ref": "",
			}
			switch d.Kind {
			case status.DueEvidence:
				row["ref"] = b.controlRef[d.ID]
			case status.DuePolicyReview:
				row["ref"] = b.policyRef[d.ID]
			case status.DueRisk:
				row["ref"], row["frag"] = "/registers/risks", riskAnchor(d.ID)
			case status.DueVendorReview:
				row["ref"] = "/registers/vendors"
			}
			out = append(out, row)
		}
		return out
	}
	var exceptions []any
	for _, e := range b.r.Exceptions {
		row := map[string]any{
			"control": b.controlLink(e.Control), "owner": ownerOr(e.Owner),
			"evidence": e.Evidence.ID, "result": string(e.Evidence.Result), "note": e.Evidence.Note,
			"collected": e.Evidence.Collected.String(),
			"evidence_link": map[string]any{
				"ref": b.controlRef[e.Control.ID], "frag": anchorOf(b.controlRef[e.Control.ID]) + "-" + site.Slug(e.Evidence.ID),
			},
			"occurrences": strings.Join(e.Occurrences, ", "),
			"remediation": "",
		}
		if e.Remediation != nil {
			row["remediation"] = e.Remediation.ID
		}
		exceptions = append(exceptions, row)
	}
	b.add("/gaps", kindGaps, "Gaps", 3, "", map[string]any{
		"rows":       b.actionRows(),
		"gaps":       b.gapCount(),
		"by_owner":   byOwner.rows(),
		"exceptions": exceptions,
		"overdue":    due(b.r.Overdue),
		"upcoming":   due(b.r.Upcoming),
		"today":      b.r.Evaluated.String(),
		"search":     "gaps actions missing evidence owners overdue upcoming exceptions",
	}, true)
}

func ownerOr(owner string) string {
	if owner == "" {
		return "unassigned"
	}
	return owner
}

func actionLabel(k status.ActionKind) string {
	switch k {
	case status.ApprovePolicy:
		return "Approve policy"
	case status.ReplacePolicy:
		return "Replace retired policy"
	case status.ReviewPolicy:
		return "Review policy"
	case status.CollectEvidence:
		return "Collect evidence"
	case status.Remediate:
		return "Remediate failed test"
	case status.ExplainLate:
		return "Explain late evidence"
	case status.MapCriterion:
		return "Map a control"
	}
	return string(k)
}

func causeLabel(c status.Cause) string {
	switch c {
	case status.Missing:
		return "Missing evidence"
	case status.Late:
		return "Late evidence"
	case status.Failed:
		return "Failed test"
	case status.PolicyNotApproved:
		return "Policy not approved"
	case status.ReviewOverdue:
		return "Policy review overdue"
	case status.Unmapped:
		return "No control"
	}
	return string(c)
}
