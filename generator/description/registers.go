package description

import (
	"strings"
)

// registers writes the register index and a page per register.
func (b *builder) registers() {
	reg := func(ref, title string, count int) RegisterLink {
		return RegisterLink{Title: title, Count: count, Link: newLink(ref, "")}
	}
	b.add("/registers", kindRegisterIndex, "Registers", 60, "", &RegisterIndexPage{
		Common: Common{Search: "registers"},
		Registers: []RegisterLink{
			reg("/registers/risks", "Risks", len(b.p.Risks)),
			reg("/registers/vendors", "Vendors", len(b.p.Vendors)),
			reg("/registers/subprocessors", "Subprocessors", len(b.p.Subprocessors)),
			reg("/registers/assets", "Assets", len(b.p.Assets)),
			reg("/registers/incidents", "Incidents", len(b.p.Incidents)),
		},
	}, true)
	b.risks()
	b.add("/registers/vendors", kindVendors, "Vendor register", 2, "", &VendorsPage{
		Common: Common{Search: "vendors vendor register third parties"}, Rows: b.vendorRows(),
	}, true)
	b.add("/registers/subprocessors", kindSubprocessors, "Subprocessors", 3, "", &SubprocessorsPage{
		Common: Common{Search: "subprocessors subservice organizations"}, Rows: b.subprocessorRows(),
	}, true)
	b.add("/registers/assets", kindAssets, "Asset register", 4, "", &AssetsPage{
		Common: Common{Search: "assets asset register inventory"}, Rows: b.assetRows(), SummaryCounts: *b.assetSummary(),
	}, true)
	b.add("/registers/incidents", kindIncidents, "Incident register", 5, "", &IncidentsPage{
		Common: Common{Search: "incidents incident register"}, Rows: b.incidentRows(),
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
	var rows []RiskRow
	for _, rk := range b.p.Risks {
		l, i := clamp(rk.Likelihood, 1, 5), clamp(rk.Impact, 1, 5)
		grid[l][i].ids = append(grid[l][i].ids, rk.ID)
		grid[l][i].titles = append(grid[l][i].titles, rk.ID+" "+rk.Title)
		overdue := !rk.Due.IsZero() && rk.Due.Before(b.r.Evaluated) && rk.Status != "closed" && rk.Status != "treated" && rk.Status != "accepted"
		rows = append(rows, RiskRow{
			ID: rk.ID, Anchor: riskAnchor(rk.ID), Title: rk.Title,
			Likelihood: rk.Likelihood, Impact: rk.Impact, Score: rk.Score(), Band: riskBand(rk.Score()),
			Owner: rk.Owner, Treatment: rk.Treatment, Status: rk.Status,
			Due: dateOr(rk.Due, "—"), Overdue: overdue,
			Controls: b.controlLinks(rk.Controls),
		})
	}
	var cells []HeatCell
	for l := 5; l >= 1; l-- {
		for i := 1; i <= 5; i++ {
			c := grid[l][i]
			title := likelihoodNames[l] + " × " + impactNames[i] + " (score " + itoa(l*i) + "): "
			if len(c.ids) == 0 {
				title += "no risks"
			} else {
				title += strings.Join(c.titles, "; ")
			}
			cells = append(cells, HeatCell{
				X: heatLeft + (i-1)*heatCell, Y: heatTop + (5-l)*heatCell,
				CX: heatLeft + (i-1)*heatCell + heatCell/2, CY: heatTop + (5-l)*heatCell + heatCell/2 + 6,
				Count: len(c.ids), Band: riskBand(l * i), Title: title,
			})
		}
	}
	var yLabels, xLabels []AxisLabel
	for l := 5; l >= 1; l-- {
		yLabels = append(yLabels, AxisLabel{
			Text: itoa(l) + " " + likelihoodNames[l], X: heatLeft - 6, Y: heatTop + (5-l)*heatCell + heatCell/2 + 4,
		})
	}
	for i := 1; i <= 5; i++ {
		xLabels = append(xLabels, AxisLabel{
			Text: itoa(i), Name: impactNames[i], X: heatLeft + (i-1)*heatCell + heatCell/2, Y: heatTop + 5*heatCell + 16,
		})
	}
	grid5 := 5 * heatCell
	heat := Heat{
		Cell: heatCell, Width: heatLeft + grid5 + 8, Height: heatTop + grid5 + heatBottom,
		Cells: cells, YLabels: yLabels, XLabels: xLabels,
		XTitle: Point{X: heatLeft + grid5/2, Y: heatTop + grid5 + 48},
		YTitle: Point{X: 12, Y: heatTop + grid5/2},
		Grid:   Grid{X: heatLeft, Y: heatTop, Size: grid5},
	}
	var words []string
	for _, rk := range b.p.Risks {
		words = append(words, rk.ID, rk.Title)
	}
	b.add("/registers/risks", kindRisks, "Risk register", 1, "", &RisksPage{
		Common: Common{Search: searchText("risks risk register heat map", joinIDs(words))},
		Rows:   rows, Heat: heat,
	}, true)
}

func clamp(n, lo, hi int) int { return max(lo, min(hi, n)) }

func (b *builder) vendorRows() []VendorRow {
	var out []VendorRow
	for _, v := range b.p.Vendors {
		out = append(out, VendorRow{
			Name: v.Name, Service: v.Service, Criticality: v.Criticality, Owner: v.Owner,
			Assurance: v.Assurance, Reviewed: dateOr(v.Reviewed, "—"), NextReview: dateOr(v.NextReview, "—"),
			ReviewOverdue: !v.NextReview.IsZero() && v.NextReview.Before(b.r.Evaluated),
		})
	}
	return out
}

func (b *builder) subprocessorRows() []SubprocessorRow {
	var out []SubprocessorRow
	for _, s := range b.p.Subprocessors {
		method := s.Method
		if method == "" {
			method = "—"
		}
		out = append(out, SubprocessorRow{
			Name: s.Name, Anchor: subprocessorAnchor(s.Name), Purpose: s.Purpose, Location: s.Location,
			Data: s.Data, Since: dateOr(s.Since, "—"), DPA: s.DPA, Assurance: s.Assurance,
			Reviewed: dateOr(s.Reviewed, "—"), Visibility: string(s.Visibility), Method: method,
			Subservice: s.Method != "", CSOCs: len(s.CSOCs),
		})
	}
	return out
}

func (b *builder) assetRows() []AssetRow {
	var out []AssetRow
	for _, a := range b.p.Assets {
		out = append(out, AssetRow{
			ID: a.ID, Name: a.Name, Type: a.Type, Owner: a.Owner,
			Classification: a.Classification, InScope: a.InScope,
		})
	}
	return out
}

// incidentRows lists the incident register; in_period marks the incidents
// detected during the audit period (DC4).
func (b *builder) incidentRows() []IncidentRow {
	a := b.p.Config.Audit
	from, to := a.PeriodStart, a.PeriodEnd
	if a.ReportType == 1 {
		from, to = a.AsOf.AddMonths(-12), a.AsOf
	}
	var out []IncidentRow
	for _, in := range b.p.Incidents {
		inPeriod := !from.IsZero() && !to.IsZero() && !in.Detected.Before(from) && !in.Detected.After(to)
		out = append(out, IncidentRow{
			ID: in.ID, Anchor: incidentAnchor(in.ID), Title: in.Title,
			Detected: in.Detected.String(), Resolved: dateOr(in.Resolved, "open"),
			Severity: in.Severity, RootCause: in.RootCause, Actions: nonNil(in.Actions),
			Controls: b.controlLinks(in.Controls), InPeriod: inPeriod,
			Link: newLink("/registers/incidents", incidentAnchor(in.ID)),
		})
	}
	return out
}
