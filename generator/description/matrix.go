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
	var fws []any
	for _, fs := range b.r.Frameworks {
		fws = append(fws, map[string]any{
			"id": fs.Framework.ID, "name": fs.Framework.Name, "title": fs.Framework.Title,
			"ref": matrixRef(fs.Framework.ID), "met": fs.Met, "total": fs.Total,
			"ready": fs.Ready, "reason": fs.Reason, "tally": criterionTally(fs.Criteria),
		})
	}
	b.add("/matrix", kindMatrixIndex, "Control matrix", 30, "", map[string]any{
		"frameworks": fws, "search": "control matrix criteria",
	}, true)

	for i, fs := range b.r.Frameworks {
		f := fs.Framework
		type series struct {
			id, name string
			criteria []any
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
			var controls []any
			for _, cs := range crs.Controls {
				controls = append(controls, b.controlRef[cs.Control.ID])
			}
			s.criteria = append(s.criteria, map[string]any{
				"id": cr.ID, "anchor": criterionAnchor(f.ID, cr.ID), "title": cr.Title, "description": cr.Description,
				"group": f.GroupName(cr.Group),
				"state": string(crs.State), "state_label": stateLabel(crs.State), "reason": crs.Reason,
				"controls": controls,
			})
			words = append(words, cr.ID)
		}
		var list []any
		for _, s := range order {
			list = append(list, map[string]any{
				"id": s.id, "name": s.name, "anchor": anchorOf(matrixRef(f.ID)) + "-series-" + site.Slug(s.id),
				"criteria": s.criteria,
			})
		}
		b.add(matrixRef(f.ID), kindMatrix, f.Name+" control matrix", i+1, "", map[string]any{
			"framework": map[string]any{"id": f.ID, "name": f.Name, "title": f.Title, "group_label": f.GroupLabel},
			"met":       fs.Met, "total": fs.Total, "ready": fs.Ready, "reason": fs.Reason,
			"series": list,
			"search": searchText(f.Name, "control matrix", joinIDs(words)),
		}, true)
	}
}

// criterionTally counts criteria by state, in legend order.
func criterionTally(crs []*status.CriterionStatus) []any {
	counts := map[status.State]int{}
	for _, c := range crs {
		counts[c.State]++
	}
	var out []any
	for _, st := range stateOrder {
		if n := counts[st]; n > 0 {
			out = append(out, map[string]any{"state": string(st), "label": stateLabel(st), "count": n})
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
	var themes []any
	var cur map[string]any
	var rows []any
	applicable, excluded := 0, 0
	flush := func() {
		if cur != nil {
			cur["rows"] = rows
			themes = append(themes, cur)
		}
	}
	for _, crs := range fs.Criteria {
		cr := crs.Criterion
		name := fs.Framework.GroupName(cr.Group)
		if cur == nil || cur["id"] != cr.Group {
			flush()
			cur = map[string]any{"id": cr.Group, "name": name, "anchor": "soa-" + site.Slug(cr.Group)}
			rows = nil
		}
		isApplicable := crs.State != status.NotApplicable
		var controls []any
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
		rows = append(rows, map[string]any{
			"id": cr.ID, "anchor": "soa-" + site.Slug(cr.ID), "title": cr.Title, "description": cr.Description, "new_in_2022": cr.NewIn2022,
			"applicable": isApplicable, "justification": why,
			"state": string(crs.State), "state_label": stateLabel(crs.State), "reason": crs.Reason,
			"controls": controls,
			"ref":      matrixRef("iso27001"), "frag": criterionAnchor("iso27001", cr.ID),
		})
	}
	flush()
	b.add("/soa", kindSoA, "Statement of Applicability", 35, "", map[string]any{
		"framework":  fs.Framework.Title,
		"themes":     themes,
		"applicable": applicable, "excluded": excluded, "total": len(fs.Criteria),
		"search": "statement of applicability SoA ISO 27001 Annex A",
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
