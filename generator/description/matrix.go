package description

import (
	"strings"

	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
)

// matrices writes the matrix index and, per framework in scope, the control
// matrix: every criterion → its controls → their test procedures → evidence.
// A control's block is laid out once by the theme (keyed by its page ref)
// and reused under every criterion it maps to.
func (b *builder) matrices() {
	var fws []MatrixFramework
	for _, fs := range b.r.Frameworks {
		fws = append(fws, MatrixFramework{
			ID: fs.Framework.ID, Name: fs.Framework.Name, Title: fs.Framework.Title,
			Link: newLink(matrixRef(fs.Framework.ID), ""), Met: fs.Met, Total: fs.Total,
			Ready: fs.Ready, Reason: fs.Reason, Tally: criterionTally(fs.Criteria),
		})
	}
	b.add("/matrix", kindMatrixIndex, "Control matrix", 30, "", &MatrixIndexPage{
		Common: Common{Search: "control matrix criteria"}, Frameworks: fws,
	}, true)

	for i, fs := range b.r.Frameworks {
		f := fs.Framework
		type series struct {
			id, name string
			criteria []MatrixCriterion
		}
		var order []*series
		by := map[string]*series{}
		var words []string
		for _, crs := range fs.Criteria {
			cr := crs.Criterion
			key := cr.Series
			if key == "" {
				key = cr.Group
			}
			s := by[key]
			if s == nil {
				name := cr.SeriesName
				if name == "" {
					name = f.GroupName(cr.Group)
				}
				s = &series{id: key, name: name}
				by[key] = s
				order = append(order, s)
			}
			var controls []string
			for _, cs := range crs.Controls {
				controls = append(controls, b.controlRef[cs.Control.ID])
			}
			s.criteria = append(s.criteria, MatrixCriterion{
				ID: cr.ID, Anchor: criterionAnchor(f.ID, cr.ID), Title: cr.Title, Description: cr.Description,
				Group: f.GroupName(cr.Group),
				State: string(crs.State), StateLabel: stateLabel(crs.State), Reason: crs.Reason,
				Controls: controls,
			})
			words = append(words, cr.ID)
		}
		var list []MatrixSeries
		for _, s := range order {
			list = append(list, MatrixSeries{
				ID: s.id, Name: s.name, Anchor: anchorOf(matrixRef(f.ID)) + "-series-" + site.Slug(s.id),
				Criteria: s.criteria,
			})
		}
		b.add(matrixRef(f.ID), kindMatrix, f.Name+" control matrix", i+1, "", &MatrixPage{
			Common:    Common{Search: searchText(f.Name, "control matrix", joinIDs(words))},
			Framework: MatrixFrameworkInfo{ID: f.ID, Name: f.Name, Title: f.Title, GroupLabel: f.GroupLabel},
			Met:       fs.Met, Total: fs.Total, Ready: fs.Ready, Reason: fs.Reason,
			Series: list,
		}, true)
	}
}

// criterionTally counts criteria by state, in legend order.
func criterionTally(crs []*status.CriterionStatus) []StateCount {
	counts := map[status.State]int{}
	for _, c := range crs {
		counts[c.State]++
	}
	var out []StateCount
	for _, st := range stateOrder {
		if n := counts[st]; n > 0 {
			out = append(out, StateCount{State: string(st), Label: stateLabel(st), Count: n})
		}
	}
	return out
}

// soa writes the ISO 27001 Statement of Applicability: every Annex A
// control, whether it applies and why, and the controls implementing it.
func (b *builder) soa() {
	fs := b.frameworkStatus("iso27001")
	if fs == nil {
		return
	}
	var themes []SoATheme
	var cur *SoATheme
	var rows []SoARow
	applicable, excluded := 0, 0
	flush := func() {
		if cur != nil {
			cur.Rows = rows
			themes = append(themes, *cur)
		}
	}
	for _, crs := range fs.Criteria {
		cr := crs.Criterion
		name := fs.Framework.GroupName(cr.Group)
		if cur == nil || cur.ID != cr.Group {
			flush()
			cur = &SoATheme{ID: cr.Group, Name: name, Anchor: "soa-" + site.Slug(cr.Group)}
			rows = nil
		}
		isApplicable := crs.State != status.NotApplicable
		var controls []ControlLink
		var risks []string
		seenRisk := map[string]bool{}
		for _, cs := range crs.Controls {
			controls = append(controls, b.controlLink(cs.Control))
			for _, rk := range cs.Control.Risks {
				if !seenRisk[rk.ID] {
					seenRisk[rk.ID] = true
					risks = append(risks, rk.ID)
				}
			}
		}
		var why string
		switch {
		case !isApplicable:
			why = crs.Reason
			excluded++
		case len(controls) == 0:
			why = "Applicable; no control implements it yet."
			applicable++
		default:
			why = "Applicable; implemented by " + english.Count(len(controls), "control", "controls")
			if len(risks) > 0 {
				sortStrings(risks)
				why += " treating " + strings.Join(risks, ", ")
			}
			why += "."
			applicable++
		}
		rows = append(rows, SoARow{
			ID: cr.ID, Anchor: "soa-" + site.Slug(cr.ID), Title: cr.Title, Description: cr.Description, NewIn2022: cr.NewIn2022,
			Applicable: isApplicable, Justification: why,
			State: string(crs.State), StateLabel: stateLabel(crs.State), Reason: crs.Reason,
			Controls: controls,
			Link:     newLink(matrixRef("iso27001"), criterionAnchor("iso27001", cr.ID)),
		})
	}
	flush()
	b.add("/soa", kindSoA, "Statement of Applicability", 35, "", &SoAPage{
		Common:     Common{Search: "statement of applicability SoA ISO 27001 Annex A"},
		Framework:  fs.Framework.Title,
		Themes:     themes,
		Applicable: applicable, Excluded: excluded, Total: len(fs.Criteria),
	}, true)
}

func (b *builder) frameworkStatus(id string) *status.FrameworkStatus {
	for _, fs := range b.r.Frameworks {
		if fs.Framework.ID == id {
			return fs
		}
	}
	return nil
}
