package description

import (
	"strings"
)

// registers writes the register index and a page per register.
func (b *builder) registers() {
	regs := []map[string]any{
		{"ref": "/registers/risks", "title": "Risks", "count": len(b.p.Risks)},
		{"ref": "/registers/vendors", "title": "Vendors", "count": len(b.p.Vendors)},
		{"ref": "/registers/subprocessors", "title": "Subprocessors", "count": len(b.p.Subprocessors)},
		{"ref": "/registers/assets", "title": "Assets", "count": len(b.p.Assets)},
		{"ref": "/registers/incidents", "title": "Incidents", "count": len(b.p.Incidents)},
	}
	var list []any
	for _, r := range regs {
		list = append(list, r)
	}
	b.add("/registers", kindRegisterIndex, "Registers", 60, "", map[string]any{
		"registers": list, "search": "registers",
	}, true)
	b.risks()
	b.add("/registers/vendors", kindVendors, "Vendor register", 2, "", map[string]any{
		"rows": b.vendorRows(), "search": "vendors vendor register third parties",
	}, true)
	b.add("/registers/subprocessors", kindSubprocessors, "Subprocessors", 3, "", map[string]any{
		"rows": b.subprocessorRows(), "search": "subprocessors subservice organizations",
	}, true)
	b.add("/registers/assets", kindAssets, "Asset register", 4, "", map[string]any{
		"rows": b.assetRows(), "summary_counts": b.assetSummary(), "search": "assets asset register inventory",
	}, true)
	b.add("/registers/incidents", kindIncidents, "Incident register", 5, "", map[string]any{
		"rows": b.incidentRows(), "search": "incidents incident register",
	}, true)
}

// Risk heat map geometry, in SVG user units.
const (
	heatCell   = 64
	heatLeft   = 128 // room for the likelihood labels
	heatTop    = 8
	heatBottom = 56 // room for the impact labels
)

var (
	likelihoodNames = []string{"", "Rare", "Unlikely", "Possible", "Likely", "Almost certain"}
	impactNames     = []string{"", "Minimal", "Minor", "Moderate", "Major", "Severe"}
)

// riskBand names the band of a likelihood × impact score.
func riskBand(score int) string {
	switch {
	case score >= 15:
		return "critical"
	case score >= 10:
		return "high"
	case score >= 5:
		return "medium"
	}
	return "low"
}

// risks writes the risk register with its 5×5 likelihood × impact heat map.
func (b *builder) risks() {
	type cell struct{ ids, titles []string }
	var grid [6][6]cell
	var rows []any
	for _, rk := range b.p.Risks {
		l, i := clamp(rk.Likelihood, 1, 5), clamp(rk.Impact, 1, 5)
		grid[l][i].ids = append(grid[l][i].ids, rk.ID)
		grid[l][i].titles = append(grid[l][i].titles, rk.ID+" "+rk.Title)
		overdue := !rk.Due.IsZero() && rk.Due.Before(b.r.Evaluated) && rk.Status != "closed" && rk.Status != "treated" && rk.Status != "accepted"
		rows = append(rows, map[string]any{
			"id": rk.ID, "anchor": riskAnchor(rk.ID), "title": rk.Title,
			"likelihood": rk.Likelihood, "impact": rk.Impact, "score": rk.Score(), "band": riskBand(rk.Score()),
			"owner": rk.Owner, "treatment": rk.Treatment, "status": rk.Status,
			"due": dateOr(rk.Due, "—"), "overdue": overdue,
			"controls": b.controlLinks(rk.Controls),
		})
	}
	var cells []any
	for l := 5; l >= 1; l-- {
		for i := 1; i <= 5; i++ {
			c := grid[l][i]
			title := likelihoodNames[l] + " × " + impactNames[i] + " (score " + itoa(l*i) + "): "
			if len(c.ids) == 0 {
				title += "no risks"
			} else {
				title += strings.Join(c.titles, "; ")
			}
			cells = append(cells, map[string]any{
				"x": heatLeft + (i-1)*heatCell, "y": heatTop + (5-l)*heatCell,
				"cx": heatLeft + (i-1)*heatCell + heatCell/2, "cy": heatTop + (5-l)*heatCell + heatCell/2 + 6,
				"count": len(c.ids), "band": riskBand(l * i), "title": title,
			})
		}
	}
	var yLabels, xLabels []any
	for l := 5; l >= 1; l-- {
		yLabels = append(yLabels, map[string]any{
			"text": itoa(l) + " " + likelihoodNames[l], "x": heatLeft - 6, "y": heatTop + (5-l)*heatCell + heatCell/2 + 4,
		})
	}
	for i := 1; i <= 5; i++ {
		xLabels = append(xLabels, map[string]any{
			"text": itoa(i), "name": impactNames[i], "x": heatLeft + (i-1)*heatCell + heatCell/2, "y": heatTop + 5*heatCell + 16,
		})
	}
	grid5 := 5 * heatCell
	heat := map[string]any{
		"cell": heatCell, "width": heatLeft + grid5 + 8, "height": heatTop + grid5 + heatBottom,
		"cells": cells, "y_labels": yLabels, "x_labels": xLabels,
		"x_title": map[string]any{"x": heatLeft + grid5/2, "y": heatTop + grid5 + 48},
		"y_title": map[string]any{"x": 12, "y": heatTop + grid5/2},
		"grid":    map[string]any{"x": heatLeft, "y": heatTop, "size": grid5},
	}
	var words []string
	for _, rk := range b.p.Risks {
		words = append(words, rk.ID, rk.Title)
	}
	b.add("/registers/risks", kindRisks, "Risk register", 1, "", map[string]any{
		"rows": rows, "heat": heat, "search": searchText("risks risk register heat map", joinIDs(words)),
	}, true)
}

func clamp(n, lo, hi int) int { return max(lo, min(hi, n)) }

func (b *builder) vendorRows() []any {
	var out []any
	for _, v := range b.p.Vendors {
		out = append(out, map[string]any{
			"name": v.Name, "service": v.Service, "criticality": v.Criticality, "owner": v.Owner,
			"assurance": v.Assurance, "reviewed": dateOr(v.Reviewed, "—"), "next_review": dateOr(v.NextReview, "—"),
			"review_overdue": !v.NextReview.IsZero() && v.NextReview.Before(b.r.Evaluated),
		})
	}
	return out
}

func (b *builder) subprocessorRows() []any {
	var out []any
	for _, s := range b.p.Subprocessors {
		method := s.Method
		if method == "" {
			method = "—"
		}
		out = append(out, map[string]any{
			"name": s.Name, "anchor": subprocessorAnchor(s.Name), "purpose": s.Purpose, "location": s.Location,
			"data": s.Data, "since": dateOr(s.Since, "—"), "dpa": s.DPA, "assurance": s.Assurance,
			"reviewed": dateOr(s.Reviewed, "—"), "visibility": string(s.Visibility), "method": method,
			"subservice": s.Method != "", "csocs": len(s.CSOCs),
		})
	}
	return out
}

func (b *builder) assetRows() []any {
	var out []any
	for _, a := range b.p.Assets {
		out = append(out, map[string]any{
			"id": a.ID, "name": a.Name, "type": a.Type, "owner": a.Owner,
			"classification": a.Classification, "in_scope": a.InScope,
		})
	}
	return out
}

// incidentRows lists the incident register; in_period marks the incidents
// detected during the audit period (DC4).
func (b *builder) incidentRows() []any {
	a := b.p.Config.Audit
	from, to := a.PeriodStart, a.PeriodEnd
	if a.ReportType == 1 {
		from, to = a.AsOf.AddMonths(-12), a.AsOf
	}
	var out []any
	for _, in := range b.p.Incidents {
		inPeriod := !from.IsZero() && !to.IsZero() && !in.Detected.Before(from) && !in.Detected.After(to)
		out = append(out, map[string]any{
			"id": in.ID, "anchor": incidentAnchor(in.ID), "title": in.Title,
			"detected": in.Detected.String(), "resolved": dateOr(in.Resolved, "open"),
			"severity": in.Severity, "root_cause": in.RootCause, "actions": stringsAny(in.Actions),
			"controls": b.controlLinks(in.Controls), "in_period": inPeriod,
			"ref": "/registers/incidents", "frag": incidentAnchor(in.ID),
		})
	}
	return out
}
