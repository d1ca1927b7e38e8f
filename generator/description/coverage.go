package description

import (
	"cmp"
	"slices"
	"strings"

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

// gapRows lists what an engineer must do: each gap of the report (missing,
// late or failed evidence, policies not approved or overdue for review) and
// each in-scope criterion no control maps to, by due date.
func (b *builder) gapRows() []any {
	if b.gapList != nil {
		return b.gapList
	}
	type gap struct {
		due, control, period string
		row                  map[string]any
	}
	var gaps []gap
	for _, g := range b.r.Gaps {
		row := map[string]any{
			"cause": string(g.Cause), "cause_label": causeLabel(g.Cause),
			"owner": ownerOr(g.Owner), "action": g.Action, "due": dateOr(g.Due, "—"),
			"control": b.controlLink(g.Control), "period": "", "from": "", "to": "", "policy": nil,
		}
		if g.Policy != nil {
			row["policy"] = b.policyLink(g.Policy)
		} else {
			row["period"] = g.Occurrence.Label
			row["from"], row["to"] = g.Occurrence.From.String(), g.Occurrence.To.String()
		}
		gaps = append(gaps, gap{due: g.Due.String(), control: g.Control.ID, period: g.Occurrence.Label, row: row})
	}
	for _, fs := range b.r.Frameworks {
		for _, crs := range fs.Criteria {
			if crs.State != status.Gap || len(crs.Controls) > 0 {
				continue
			}
			ref := criterionAnchor(fs.Framework.ID, crs.Criterion.ID)
			gaps = append(gaps, gap{row: map[string]any{
				"cause": string(status.Unmapped), "cause_label": causeLabel(status.Unmapped),
				"owner": "unassigned", "due": "—", "period": "", "from": "", "to": "",
				"control": nil, "policy": nil,
				"criterion": map[string]any{
					"name": fs.Framework.Name + " " + crs.Criterion.ID, "title": crs.Criterion.Title,
					"ref": matrixRef(fs.Framework.ID), "frag": ref,
				},
				"action": "no control maps to " + fs.Framework.Name + " " + crs.Criterion.ID +
					": add the criterion to a control's [criteria], or declare it in [[not_applicable]] with the reason",
			}, control: "~" + crs.Criterion.Key()})
		}
	}
	// Dated gaps first, oldest first; undated ones (unapproved policies,
	// unmapped criteria) after them.
	slices.SortStableFunc(gaps, func(a, b gap) int {
		if (a.due == "") != (b.due == "") {
			if a.due == "" {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.due, b.due), cmp.Compare(a.control, b.control), cmp.Compare(a.period, b.period))
	})
	b.gapList = make([]any, 0, len(gaps))
	for _, g := range gaps {
		b.gapList = append(b.gapList, g.row)
	}
	return b.gapList
}

// gaps writes the gap list with a count per owner, followed by what is
// overdue and what falls due soon.
func (b *builder) gaps() {
	rows := gapRowsOf(b.gapRows())
	byOwner := counter{}
	for _, r := range rows {
		byOwner.add(r["owner"].(string))
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
		"rows":       b.gapRows(),
		"by_owner":   byOwner.rows(),
		"exceptions": exceptions,
		"overdue":    due(b.r.Overdue),
		"upcoming":   due(b.r.Upcoming),
		"today":      b.r.Evaluated.String(),
		"search":     "gaps missing evidence owners overdue upcoming exceptions",
	}, true)
}

func gapRowsOf(rows []any) []map[string]any {
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		out[i] = r.(map[string]any)
	}
	return out
}

func ownerOr(owner string) string {
	if owner == "" {
		return "unassigned"
	}
	return owner
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
