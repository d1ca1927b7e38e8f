package description

import (
	"strings"

	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
)

// dcPoint is one of the nine description criteria of DC 200.
type dcPoint struct {
	id    string // "DC1"
	title string // short title, used when the program gives none
	asks  string // what DC 200 asks the point to disclose
}

var dcPoints = []dcPoint{
	{"DC1", "Types of services provided", "The types of services provided."},
	{"DC2", "Principal service commitments and system requirements", "The principal service commitments and system requirements."},
	{"DC3", "Components of the system", "The components of the system used to provide the services: infrastructure, software, people, procedures and data."},
	{"DC4", "System incidents", "Identified system incidents that resulted in a significant failure to achieve the service commitments and system requirements."},
	{"DC5", "Applicable criteria and related controls", "The applicable trust services criteria and the related controls designed to provide reasonable assurance that the service commitments and system requirements were achieved."},
	{"DC6", "Complementary user entity controls", "The complementary user entity controls the system's design assumes user entities implement."},
	{"DC7", "Subservice organizations", "Subservice organizations used, the method of presenting them, and the complementary subservice organization controls assumed in the design of the controls."},
	{"DC8", "Criteria not applicable", "Any applicable trust services criterion that is not relevant to the system, and the reasons why."},
	{"DC9", "Significant changes", "Significant changes to the system during the period."},
}

func dcRef(id string) string { return "/description/" + strings.ToLower(id) }

// sectionsFor returns the program's sections for a DC point, by weight.
func (b *builder) sectionsFor(id string) []*model.Section {
	var out []*model.Section
	for _, s := range b.p.Description {
		if s.Section == id {
			out = append(out, s)
		}
	}
	return out
}

// sectionTitle is the program's title for a point, or the standard one.
func (b *builder) sectionTitle(dc dcPoint) string {
	if ss := b.sectionsFor(dc.id); len(ss) > 0 && ss[0].Title != "" {
		return ss[0].Title
	}
	return dc.title
}

// sections writes the description's landing page and a page per DC point:
// the program's own text, then the material generated for that point.
func (b *builder) sections() {
	var points []any
	for _, dc := range dcPoints {
		ss := b.sectionsFor(dc.id)
		var files []string
		for _, s := range ss {
			files = append(files, s.File)
		}
		points = append(points, map[string]any{
			"id": dc.id, "title": b.sectionTitle(dc), "asks": dc.asks, "ref": dcRef(dc.id),
			"written": len(ss) > 0, "files": stringsAny(files),
		})
	}
	b.add("/description", kindDescription, "System description", 10, "", map[string]any{
		"points": points,
		"search": "system description DC 200 description criteria",
	}, true)

	mentions := map[string]string{}
	for _, c := range b.p.Controls {
		mentions[c.ID] = c.File
	}
	for i, dc := range dcPoints {
		ss := b.sectionsFor(dc.id)
		var body strings.Builder
		var files []string
		for j, s := range ss {
			if j > 0 {
				body.WriteString("\n\n## " + s.Title + "\n\n")
			}
			body.WriteString(linkMentions(s.Body, mentions))
			files = append(files, s.File)
		}
		params := map[string]any{
			"dc":      dc.id,
			"asks":    dc.asks,
			"written": len(ss) > 0,
			"files":   stringsAny(files),
			"file":    first(files),
			"search":  searchText(dc.id, dc.title, dc.asks),
		}
		switch dc.id {
		case "DC3":
			params["assets"] = b.assetSummary()
		case "DC4":
			params["incidents"] = b.incidentRows()
		case "DC5":
			params["frameworks"] = b.seriesSummary()
		case "DC6":
			params["cuecs"] = b.cuecRows()
			params["responsibilities"] = b.responsibilityRows()
		case "DC7":
			params["subservice"] = b.subserviceRows()
		case "DC8":
			params["not_applicable"] = b.notApplicableRows()
		case "DC9":
			params["history"] = b.opts.History
			params["changes"] = b.changeRows()
		}
		site.NestHeadings(params, body.String(), b.sectionTitle(dc), 1)
		b.add(dcRef(dc.id), kindSection, dc.id+" "+b.sectionTitle(dc), i+1, body.String(), params, true)
	}
}

// assetSummary counts the asset register by type and classification (DC3).
func (b *builder) assetSummary() map[string]any {
	byType := counter{}
	byClass := counter{}
	inScope := 0
	for _, a := range b.p.Assets {
		byType.add(a.Type)
		byClass.add(a.Classification)
		if a.InScope {
			inScope++
		}
	}
	return map[string]any{
		"total":    len(b.p.Assets),
		"in_scope": inScope,
		"by_type":  byType.rows(),
		"by_class": byClass.rows(),
	}
}

// seriesSummary counts, per framework in scope and per series, the criteria,
// how many are met and how many controls map to them (DC5).
func (b *builder) seriesSummary() []any {
	var out []any
	for _, fs := range b.r.Frameworks {
		type agg struct {
			id, name       string
			total, met, na int
			controls       map[string]bool
			first          string
		}
		var order []*agg
		by := map[string]*agg{}
		for _, crs := range fs.Criteria {
			cr := crs.Criterion
			key := cr.Series
			if key == "" {
				key = cr.Group
			}
			a := by[key]
			if a == nil {
				name := cr.SeriesName
				if name == "" {
					name = fs.Framework.GroupName(cr.Group)
				}
				a = &agg{id: key, name: name, controls: map[string]bool{}, first: cr.ID}
				by[key] = a
				order = append(order, a)
			}
			a.total++
			if crs.State.Met() {
				a.met++
			}
			if crs.State == status.NotApplicable {
				a.na++
			}
			for _, cs := range crs.Controls {
				a.controls[cs.Control.ID] = true
			}
		}
		var series []any
		for _, a := range order {
			series = append(series, map[string]any{
				"id": a.id, "name": a.name, "total": a.total, "met": a.met, "na": a.na,
				"controls": len(a.controls),
				"ref":      matrixRef(fs.Framework.ID), "frag": criterionAnchor(fs.Framework.ID, a.first),
			})
		}
		out = append(out, map[string]any{
			"id": fs.Framework.ID, "name": fs.Framework.Name, "title": fs.Framework.Title,
			"ref": matrixRef(fs.Framework.ID), "met": fs.Met, "total": fs.Total, "series": series,
		})
	}
	return out
}

func (b *builder) cuecRows() []any {
	var out []any
	for _, cu := range b.p.CUECs {
		out = append(out, map[string]any{"id": cu.ID, "text": cu.Text, "criteria": b.soc2Links(cu.Criteria)})
	}
	return out
}

func (b *builder) responsibilityRows() []any {
	var out []any
	for _, r := range b.p.Responsibilities {
		out = append(out, r.Text)
	}
	return out
}

func (b *builder) soc2Links(ids []string) []any {
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		out = append(out, b.criterionLink(model.CriterionRef{Framework: "soc2", ID: id}))
	}
	return out
}

// subserviceRows lists the subprocessors presented as subservice
// organizations, with their method, monitoring controls and CSOCs (DC7).
func (b *builder) subserviceRows() []any {
	var out []any
	for _, s := range b.p.Subprocessors {
		if s.Method == "" {
			continue
		}
		var csocs []any
		for _, c := range s.CSOCs {
			csocs = append(csocs, map[string]any{"text": c.Text, "criteria": b.soc2Links(c.Criteria)})
		}
		out = append(out, map[string]any{
			"name": s.Name, "purpose": s.Purpose, "location": s.Location, "method": s.Method,
			"assurance": s.Assurance, "reviewed": dateOr(s.Reviewed, "—"),
			"monitoring": b.controlLinks(s.MonitoringControls), "csocs": csocs,
			"frag": subprocessorAnchor(s.Name),
		})
	}
	return out
}

func subprocessorAnchor(name string) string { return "registers-subprocessors-" + site.Slug(name) }

// notApplicableRows lists the in-scope criteria declared not applicable (DC8).
func (b *builder) notApplicableRows() []any {
	var out []any
	for _, fs := range b.r.Frameworks {
		for _, crs := range fs.Criteria {
			if crs.State != status.NotApplicable {
				continue
			}
			out = append(out, map[string]any{
				"framework": fs.Framework.Name, "id": crs.Criterion.ID, "title": crs.Criterion.Title,
				"reason": crs.Reason,
				"ref":    matrixRef(fs.Framework.ID), "frag": criterionAnchor(fs.Framework.ID, crs.Criterion.ID),
			})
		}
	}
	return out
}

// changeRows lists the significant changes supplied by the history; it
// never makes any up.
func (b *builder) changeRows() []any {
	var out []any
	for _, c := range b.opts.Changes {
		row := map[string]any{
			"kind": c.Kind, "summary": c.Summary, "file": c.File, "item": b.itemLink(c.ID),
			"date": "", "commit": "", "commit_short": "", "subject": "", "commits": c.Commits,
		}
		if c.Commit != "" {
			row["date"] = c.CommitDate.UTC().Format("2006-01-02")
			row["commit"], row["commit_short"], row["subject"] = c.Commit, c.Short, c.Subject
		}
		out = append(out, row)
	}
	return out
}

// counter counts labels and lists them by label.
type counter map[string]int

func (c counter) add(label string) {
	if label == "" {
		label = "unspecified"
	}
	c[label]++
}

func (c counter) rows() []any {
	labels := make([]string, 0, len(c))
	for l := range c {
		labels = append(labels, l)
	}
	sortStrings(labels)
	out := make([]any, 0, len(labels))
	for _, l := range labels {
		out = append(out, map[string]any{"label": l, "count": c[l]})
	}
	return out
}

func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}
