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
	var cols []CoverageColumn
	for i, c := range hm.Columns {
		cols = append(cols, CoverageColumn{
			Label: c.Label, From: c.From.String(), To: c.To.String(),
			X: covLabel + i*width + width/2,
		})
	}
	tally := map[status.State]int{}
	var rows []CoverageRow
	for i, row := range hm.Rows {
		y := covHeader + i*covRow
		var cells []CoverageCell
		for j, cell := range row.Cells {
			tally[cell.State]++
			title := row.Control.ID + " · " + hm.Columns[j].Label + ": " + cellLabel(cell.State)
			if cell.Reason != "" {
				title += " — " + cell.Reason
			}
			if len(cell.Occurrences) > 0 {
				title += " (" + strings.Join(cell.Occurrences, ", ") + ")"
			}
			cells = append(cells, CoverageCell{
				X: covLabel + j*width + 1, State: string(cell.State), Title: title,
			})
		}
		rows = append(rows, CoverageRow{
			ID: row.Control.ID, Title: row.Control.Title, Link: newLink(b.controlRef[row.Control.ID], ""),
			State: string(row.State), Reason: row.Reason,
			Y: y, CellY: y + 1, TextY: y + covRow - 4,
			Cells: cells,
		})
	}
	var cellTally []StateCount
	for _, st := range append(slices.Clone(stateOrder), status.None) {
		if n := tally[st]; n > 0 {
			cellTally = append(cellTally, StateCount{State: string(st), Label: cellLabel(st), Count: n})
		}
	}
	b.add("/coverage", kindCoverage, "Coverage", 2, "", &CoveragePage{
		Common:  Common{Search: "coverage heat map periods controls"},
		Columns: cols,
		Rows:    rows,
		Tally:   cellTally,
		Legend:  cellLegend(status.Operating, status.Exception, status.NotYetDue, status.Gap, status.None),
		SVG: CoverageSVG{
			Width: covLabel + len(hm.Columns)*width + 4, Height: covHeader + len(hm.Rows)*covRow + 4,
			CellW: width - 2, CellH: covRow - 2, LabelX: covLabel - 8, HeaderY: covHeader - 10,
		},
	}, true)
}

func cellLegend(states ...status.State) []StateLabel {
	out := legend(states...)
	for i, st := range states {
		out[i].Label = cellLabel(st)
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
func (b *builder) actionRows() []ActionRow {
	if b.actionList != nil {
		return b.actionList
	}
	b.actionList = make([]ActionRow, 0, len(b.r.Actions))
	for _, a := range b.r.Actions {
		var occurrences []string
		for _, g := range a.Gaps {
			if g.Policy == nil {
				occurrences = append(occurrences, g.Occurrence.Label)
			}
		}
		row := ActionRow{
			Kind: string(a.Kind), KindLabel: actionLabel(a.Kind), Summary: a.Summary,
			Owner: ownerOr(a.Owner), Action: a.What, Due: dateOr(a.Due, "—"),
			Gaps: len(a.Gaps), Occurrences: strings.Join(occurrences, ", "),
			Controls: b.controlLinks(a.Controls), Criteria: b.criteriaOf(a.Criteria),
		}
		switch {
		case a.Policy != nil:
			l := b.policyLink(a.Policy)
			row.Policy = &l
		case a.Control != nil:
			l := b.controlLink(a.Control)
			row.Control = &l
		case a.Criterion != nil:
			row.Criterion = &b.criteriaOf([]*status.CriterionStatus{a.Criterion})[0]
		}
		b.actionList = append(b.actionList, row)
	}
	return b.actionList
}

// criteriaOf links criteria to their rows in their framework's matrix.
func (b *builder) criteriaOf(criteria []*status.CriterionStatus) []CriterionLink {
	out := make([]CriterionLink, 0, len(criteria))
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
	due := func(items []status.DueItem) []DueRow {
		var out []DueRow
		for _, d := range items {
			var ref, frag string
			switch d.Kind {
			case status.DueEvidence:
				ref = b.controlRef[d.ID]
			case status.DuePolicyReview:
				ref = b.policyRef[d.ID]
			case status.DueRisk:
				ref, frag = "/registers/risks", riskAnchor(d.ID)
			case status.DueVendorReview:
				ref = "/registers/vendors"
			}
			out = append(out, DueRow{
				Kind: d.Kind, ID: d.ID, Label: d.Label, Owner: ownerOr(d.Owner),
				Due: d.Due.String(), What: d.What, Link: newLink(ref, frag),
			})
		}
		return out
	}
	var exceptions []ExceptionRow
	for _, e := range b.r.Exceptions {
		row := ExceptionRow{
			Control: b.controlLink(e.Control), Owner: ownerOr(e.Owner),
			Evidence: e.Evidence.ID, Result: string(e.Evidence.Result), Note: e.Evidence.Note,
			Collected:    e.Evidence.Collected.String(),
			EvidenceLink: newLink(b.controlRef[e.Control.ID], anchorOf(b.controlRef[e.Control.ID])+"-"+site.Slug(e.Evidence.ID)),
			Occurrences:  strings.Join(e.Occurrences, ", "),
		}
		if e.Remediation != nil {
			row.Remediation = e.Remediation.ID
		}
		exceptions = append(exceptions, row)
	}
	b.add("/gaps", kindGaps, "Gaps", 3, "", &GapsPage{
		Common:     Common{Search: "gaps actions missing evidence owners overdue upcoming exceptions"},
		Rows:       b.actionRows(),
		Gaps:       b.gapCount(),
		ByOwner:    byOwner.rows(),
		Exceptions: exceptions,
		Overdue:    due(b.r.Overdue),
		Upcoming:   due(b.r.Upcoming),
		Today:      b.r.Evaluated.String(),
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
