package description

import (
	"strconv"
	"strings"

	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
)

// Links in params carry a page ref (the Hugo path of a page) and an
// optional fragment, and, made by newLink, the URL Hugo publishes the page
// at and the id of its block in the print view, so that the theme writes
// links without looking pages up (the theme checks on every page that Hugo
// agrees with pageURL).

// pageURL is the root-relative URL of a page ref's index.html: Hugo's pretty
// URLs, pointing at the file so that the site also opens from a folder on disk.
// Hugo's relativeURLs then makes it relative to each page.
func pageURL(ref string) string {
	if ref == "/" {
		return "/index.html"
	}
	return ref + "/index.html"
}

func itoa(n int) string { return strconv.Itoa(n) }

func matrixRef(framework string) string { return "/matrix/" + site.Slug(framework) }

// criterionAnchor is the id of a criterion's row in its framework's matrix.
func criterionAnchor(framework, id string) string {
	return anchorOf(matrixRef(framework)) + "-" + site.Slug(id)
}

// criterionLink links to a criterion's row in the matrix of its framework,
// or, when the framework is not in scope, names it without a link.
func (b *builder) criterionLink(ref model.CriterionRef) CriterionLink {
	out := CriterionLink{Framework: ref.Framework, ID: ref.ID, Name: ref.ID}
	f := b.p.Frameworks[ref.Framework]
	if f == nil {
		return out
	}
	out.Name = f.Name + " " + ref.ID
	if cr := f.Criterion(ref.ID); cr != nil {
		out.Title = cr.Title
	}
	if b.r.Criterion(ref.Framework, ref.ID) != nil {
		out.Link = newLink(matrixRef(ref.Framework), criterionAnchor(ref.Framework, ref.ID))
	}
	return out
}

func (b *builder) criteriaLinks(refs []model.CriterionRef) []CriterionLink {
	out := make([]CriterionLink, 0, len(refs))
	for _, ref := range refs {
		out = append(out, b.criterionLink(ref))
	}
	return out
}

// controlLink names a control with its derived state.
func (b *builder) controlLink(c *model.Control) ControlLink {
	st, reason := b.controlState(c.ID)
	return ControlLink{
		ID: c.ID, Title: c.Title, Link: newLink(b.controlRef[c.ID], ""),
		State: string(st), StateLabel: stateLabel(st), Reason: reason, Owner: c.Owner,
	}
}

func (b *builder) controlLinks(cs []*model.Control) []ControlLink {
	out := make([]ControlLink, 0, len(cs))
	for _, c := range cs {
		out = append(out, b.controlLink(c))
	}
	return out
}

func (b *builder) controlState(id string) (status.State, string) {
	if cs := b.r.Control(id); cs != nil {
		return cs.State, cs.Reason
	}
	return status.Gap, "not evaluated"
}

func (b *builder) policyLink(pol *model.Policy) PolicyLink {
	return PolicyLink{ID: pol.ID, Title: pol.Title, Link: newLink(b.policyRef[pol.ID], ""), Status: string(pol.Status)}
}

// itemLink links an id that may name a policy or a control.
func (b *builder) itemLink(id string) ItemLink {
	if c := b.p.Control(id); c != nil {
		return ItemLink{ID: id, Title: c.Title, Link: newLink(b.controlRef[id], "")}
	}
	if pol := b.p.Policy(id); pol != nil {
		return ItemLink{ID: id, Title: pol.Title, Link: newLink(b.policyRef[id], "")}
	}
	return ItemLink{ID: id}
}

// States in the order charts and legends show them.
var stateOrder = []status.State{status.Operating, status.Exception, status.NotYetDue, status.Gap, status.NotApplicable}

func stateLabel(s status.State) string {
	switch s {
	case status.Operating:
		return "Operating"
	case status.Exception:
		return "Exception"
	case status.Gap:
		return "Gap"
	case status.NotYetDue:
		return "Not yet due"
	case status.NotApplicable:
		return "Not applicable"
	}
	return string(s)
}

// legend lists the states for a chart legend.
func legend(states ...status.State) []StateLabel {
	out := make([]StateLabel, 0, len(states))
	for _, s := range states {
		out = append(out, StateLabel{State: string(s), Label: stateLabel(s)})
	}
	return out
}

// searchText joins the words a page should be found by.
func searchText(parts ...string) string {
	var sb strings.Builder
	for _, p := range parts {
		p = strings.Join(strings.Fields(p), " ")
		if p == "" {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(p)
	}
	return sb.String()
}

func dateOr(d model.Date, none string) string {
	if d.IsZero() {
		return none
	}
	return d.String()
}
