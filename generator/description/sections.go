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
	var points []DCPointRow
	for _, dc := range dcPoints {
		ss := b.sectionsFor(dc.id)
		var files []string
		for _, s := range ss {
			files = append(files, s.File)
		}
		points = append(points, DCPointRow{
			ID: dc.id, Title: b.sectionTitle(dc), Asks: dc.asks, Link: newLink(dcRef(dc.id), ""),
			Written: len(ss) > 0, Files: nonNil(files),
		})
	}
	b.add("/description", kindDescription, "System description", 10, "", &DescriptionPage{
		Common: Common{Search: "system description DC 200 description criteria"},
		Points: points,
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
		params := &SectionPage{
			Common:   Common{Search: searchText(dc.id, dc.title, dc.asks)},
			DC:       dc.id,
			Asks:     dc.asks,
			Written:  len(ss) > 0,
			Files:    nonNil(files),
			File:     first(files),
			Headings: site.NestedHeadings(body.String(), b.sectionTitle(dc), 1),
		}
		switch dc.id {
		case "DC3":
			params.Assets = b.assetSummary()
		case "DC4":
			params.Incidents = b.incidentRows()
		case "DC5":
			params.Frameworks = b.seriesSummary()
		case "DC6":
			params.CUECs = b.cuecRows()
			params.Responsibilities = b.responsibilityRows()
		case "DC7":
			params.Subservice = b.subserviceRows()
		case "DC8":
			params.NotApplicable = b.notApplicableRows()
		case "DC9":
			params.History = b.opts.History
			params.Changes = b.changeRows()
		}
		b.add(dcRef(dc.id), kindSection, dc.id+" "+b.sectionTitle(dc), i+1, body.String(), params, true)
	}
}

// assetSummary counts the asset register by type and classification (DC3).
func (b *builder) assetSummary() *AssetSummary {
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
	return &AssetSummary{
		Total:   len(b.p.Assets),
		InScope: inScope,
		ByType:  byType.rows(),
		ByClass: byClass.rows(),
	}
}

// seriesSummary counts, per framework in scope and per series, the criteria,
// how many are met and how many controls map to them (DC5).
func (b *builder) seriesSummary() []SeriesFramework {
	var out []SeriesFramework
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
		var series []SeriesRow
		for _, a := range order {
			series = append(series, SeriesRow{
				ID: a.id, Name: a.name, Total: a.total, Met: a.met, NA: a.na,
				Controls: len(a.controls),
				Link:     newLink(matrixRef(fs.Framework.ID), criterionAnchor(fs.Framework.ID, a.first)),
			})
		}
		out = append(out, SeriesFramework{
			ID: fs.Framework.ID, Name: fs.Framework.Name, Title: fs.Framework.Title,
			Link: newLink(matrixRef(fs.Framework.ID), ""), Met: fs.Met, Total: fs.Total, Series: series,
		})
	}
	return out
}

func (b *builder) cuecRows() []CUECRow {
	var out []CUECRow
	for _, cu := range b.p.CUECs {
		out = append(out, CUECRow{ID: cu.ID, Text: cu.Text, Criteria: b.soc2Links(cu.Criteria)})
	}
	return out
}

func (b *builder) responsibilityRows() []string {
	var out []string
	for _, r := range b.p.Responsibilities {
		out = append(out, r.Text)
	}
	return out
}

func (b *builder) soc2Links(ids []string) []CriterionLink {
	out := make([]CriterionLink, 0, len(ids))
	for _, id := range ids {
		out = append(out, b.criterionLink(model.CriterionRef{Framework: "soc2", ID: id}))
	}
	return out
}

// subserviceRows lists the subprocessors presented as subservice
// organizations, with their method, monitoring controls and CSOCs (DC7).
func (b *builder) subserviceRows() []SubserviceRow {
	var out []SubserviceRow
	for _, s := range b.p.Subprocessors {
		if s.Method == "" {
			continue
		}
		var csocs []CSOCRow
		for _, c := range s.CSOCs {
			csocs = append(csocs, CSOCRow{Text: c.Text, Criteria: b.soc2Links(c.Criteria)})
		}
		out = append(out, SubserviceRow{
			Name: s.Name, Purpose: s.Purpose, Location: s.Location, Method: s.Method,
			Assurance: s.Assurance, Reviewed: dateOr(s.Reviewed, "—"),
			Monitoring: b.controlLinks(s.MonitoringControls), CSOCs: csocs,
			Frag: subprocessorAnchor(s.Name),
		})
	}
	return out
}

func subprocessorAnchor(name string) string { return "registers-subprocessors-" + site.Slug(name) }

// notApplicableRows lists the in-scope criteria declared not applicable (DC8).
func (b *builder) notApplicableRows() []NotApplicable {
	var out []NotApplicable
	for _, fs := range b.r.Frameworks {
		for _, crs := range fs.Criteria {
			if crs.State != status.NotApplicable {
				continue
			}
			out = append(out, NotApplicable{
				Framework: fs.Framework.Name, ID: crs.Criterion.ID, Title: crs.Criterion.Title,
				Reason: crs.Reason,
				Link:   newLink(matrixRef(fs.Framework.ID), criterionAnchor(fs.Framework.ID, crs.Criterion.ID)),
			})
		}
	}
	return out
}

// changeRows lists the significant changes supplied by the history; it
// never makes any up.
func (b *builder) changeRows() []ChangeRow {
	var out []ChangeRow
	for _, c := range b.opts.Changes {
		row := ChangeRow{Kind: c.Kind, Summary: c.Summary, File: c.File, Item: b.itemLink(c.ID), Commits: c.Commits}
		if c.Commit != "" {
			row.Date = c.CommitDate.UTC().Format("2006-01-02")
			row.Commit, row.CommitShort, row.Subject = c.Commit, c.Short, c.Subject
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

func (c counter) rows() []Count {
	labels := make([]string, 0, len(c))
	for l := range c {
		labels = append(labels, l)
	}
	sortStrings(labels)
	out := make([]Count, 0, len(labels))
	for _, l := range labels {
		out = append(out, Count{Label: l, Count: c[l]})
	}
	return out
}

func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}
