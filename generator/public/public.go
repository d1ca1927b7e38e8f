// Package public is the trust center's view of a program: a separate value,
// copied field by field from the model and its derived status by a whitelist,
// that holds only what may be published. The public site is rendered from
// this value alone, so a template mistake cannot leak what it never received.
//
// What is copied: the organization and the trust center's text; each
// in-scope framework with derived counts; controls that are public or
// restricted, by id, title, public summary, criteria and derived state
// (public ones also with their narrative); approved policies that are public
// (in full) or restricted (by title); public subprocessors, trust pages and
// updates. Nothing internal, no evidence beyond derived counts, no test
// procedures, risks, vendors, assets, incidents, CUECs or description sections.
// Listed items carry their source file's path, which the trust center
// resolves links with and never shows; links in public bodies to anything
// not listed are unlinked before they enter the view (their text stays),
// and the images public bodies show are named in Images.
package public

import (
	"fmt"
	"maps"
	"net/url"
	pathpkg "path"
	"slices"
	"strings"

	"github.com/attest-dev/attest/generator/changes"
	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/mdlink"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/status"
)

// View is everything the public trust center may show.
type View struct {
	Organization     Organization
	Title            string // the trust center's heading
	Intro            string // one paragraph, plain text
	RequestAccessURL string // where to ask for restricted documents and reports; may be ""
	BaseURL          string // the public site's address from [hugo] baseURL, ending in "/"; "" when unset
	Evaluated        string // YYYY-MM-DD: the date statuses are judged at
	Period           Period // what they are judged for
	// Progress is [trust] progress: "summary" or "detailed".
	Progress string
	// ControlStates says the controls carry their state and counts: with
	// detailed progress, or once every framework shows its counts. Without
	// it, Control.State, Evidenced and Due are empty.
	ControlStates bool

	Frameworks    []Framework
	Controls      []Control // public and restricted, by id
	Policies      []Policy  // approved public and restricted, by id
	Subprocessors []Subprocessor
	Pages         []Page   // public trust pages, by weight
	Updates       []Update // public updates, newest first
	// Images are the program's image files that public bodies show
	// (repository-relative, sorted): the trust center publishes these and
	// no others.
	Images []string
}

// Period is what the statuses are judged for: the audit period of a type 2
// report, or the one day of a type 1 (Start == End).
type Period struct {
	ReportType int
	Start, End string // YYYY-MM-DD
}

// Organization is who the trust center belongs to.
type Organization struct {
	Name            string
	Website         string
	SecurityContact string
	// Logo is the site path of the organization's logo ("/logo.svg"), a
	// file of the program's static/ folder, which is copied into the site;
	// "" for none.
	Logo string
}

// Framework is an in-scope framework and its derived readiness.
type Framework struct {
	ID         string
	Name       string // "SOC 2"
	Title      string // "Trust Services Criteria (2017, …)"
	GroupLabel string // "Category", "Theme"
	Met        int    // criteria met, not-applicable ones included
	Total      int    // criteria in scope
	Ready      bool   // every in-scope criterion is met
	// Counts says Met, Total and the groups' and criteria's states are
	// given: the framework is ready or reported on, or progress is
	// detailed. A framework in progress under summary progress is shown as
	// "in progress" and nothing more (all zero and empty).
	Counts bool
	// Report is the issued report the card names, or nil when there is none
	// or not every criterion is met.
	Report *Report
	// Headline and Status are the card's two lines, derived:
	// "SOC 2 Type II" / "Report for 2026-01-01 to 2026-06-30, issued …", or
	// "ISO 27001" / "In progress — 41 of 47 criteria met", or with summary
	// progress "SOC 2" / "Audit in progress — report expected 2026-09-30"
	// ("— report overdue (expected 2026-09-30)" once that day has passed).
	Headline string
	Status   string
	State    string // "report", "ready" or "in-progress"
	Groups   []Group
}

// Report is an issued audit report.
type Report struct {
	Type        int    // 1 or 2
	PeriodStart string // type 2
	PeriodEnd   string // type 2
	AsOf        string // type 1
	Issued      string
	Auditor     string
}

// Group is a SOC 2 category or ISO theme within a framework.
type Group struct {
	ID       string
	Name     string
	Met      int
	Total    int
	Criteria []Criterion
}

// Criterion is an in-scope criterion with its derived state.
type Criterion struct {
	ID          string
	Title       string
	Description string   // the catalog's full text, when it gives one
	State       string   // a status.State
	Controls    []string // ids of the listed (public or restricted) controls mapped to it
}

// Control is a control the trust center lists.
type Control struct {
	ID        string
	Title     string
	Summary   string
	Public    bool   // public: its own page with the narrative; restricted: listed only
	Narrative string // Markdown; public controls only
	State     string // a status.State
	Evidenced int    // occurrences in the period evidenced (with or without exceptions)
	Due       int    // occurrences in the period
	Criteria  []Ref
	Frequency string
	Automated bool
	PolicyIDs []string // the listed policies it implements
}

// Ref names a criterion of a framework.
type Ref struct {
	Framework string
	ID        string
}

// Policy is an approved policy the trust center lists.
type Policy struct {
	ID          string
	Title       string
	Public      bool // public: shown in full; restricted: available on request
	Owner       string
	Effective   string
	ReviewCycle string
	Body        string // Markdown; public policies only
	Criteria    []Ref
	// Version counts the authored commits of a public policy's file, and
	// LastChanged (YYYY-MM-DD) is the date of the newest; 0 and "" for
	// restricted policies and without git history.
	Version     int
	LastChanged string
}

// Subprocessor is a third party that processes customer data.
type Subprocessor struct {
	Name      string
	Purpose   string
	Location  string
	Data      string
	Since     string
	DPA       bool
	Assurance string
}

// Page is a public trust-center page (overview, FAQ…).
type Page struct {
	Slug   string
	Title  string
	Weight int
	Body   string
}

// Update is a public trust-center update.
type Update struct {
	Slug  string
	Title string
	Date  string
	Body  string
}

// History is what git history adds to the public view. The zero value adds nothing.
type History struct {
	// Files gives public policies their version and last change date.
	Files *history.History
	// Changes are the significant changes of the period (DC9). Those of an
	// item the view lists in full now become updates, saying only what the
	// trust center already shows of it.
	Changes []changes.Change
}

// Project builds the public view of p as evaluated in r.
func Project(p *model.Program, r *status.Report) *View {
	return ProjectWith(p, r, History{})
}

// ProjectWith builds the public view of p as evaluated in r, with what git
// history adds to it.
func ProjectWith(p *model.Program, r *status.Report, hist History) *View {
	cfg := p.Config
	v := &View{
		Organization: Organization{
			Name:            cfg.Organization.Name,
			Website:         cfg.Organization.Website,
			SecurityContact: cfg.Organization.SecurityContact,
			Logo:            cfg.Organization.LogoPath(),
		},
		Title:            cfg.Trust.Title,
		Intro:            cfg.Trust.Intro,
		RequestAccessURL: cfg.Audit.RequestAccessURL,
		BaseURL:          baseURL(cfg.Hugo),
		Evaluated:        r.Evaluated.String(),
		Period:           Period{ReportType: r.ReportType, Start: r.PeriodStart.String(), End: r.PeriodEnd.String()},
		Progress:         cfg.Trust.Progress,
	}
	detailed := cfg.Trust.Progress == model.ProgressDetailed

	listed := map[string]bool{}
	for _, c := range p.Controls {
		if c.Visibility == model.Public || c.Visibility == model.Restricted {
			listed[c.ID] = true
		}
	}
	listedPolicy := map[string]bool{}
	for _, pol := range p.Policies {
		if pol.Status != model.Approved || (pol.Visibility != model.Public && pol.Visibility != model.Restricted) {
			continue
		}
		listedPolicy[pol.ID] = true
		vp := Policy{
			ID:          pol.ID,
			Title:       pol.Title,
			Public:      pol.Visibility == model.Public,
			Effective:   pol.Effective.String(),
			ReviewCycle: pol.ReviewCycle.String(),
			Criteria:    refs(pol.Criteria, r),
		}
		if vp.Public {
			vp.Owner, vp.Body = pol.Owner, pol.Body
			if hist.Files != nil {
				if f := hist.Files.File(pol.File); f != nil && f.Latest() != nil {
					vp.Version, vp.LastChanged = f.Version(), f.Latest().Commit.Date().String()
				}
			}
		}
		v.Policies = append(v.Policies, vp)
	}

	for _, c := range p.Controls {
		if !listed[c.ID] {
			continue
		}
		vc := Control{
			ID:        c.ID,
			Title:     c.Title,
			Summary:   c.Summary,
			Public:    c.Visibility == model.Public,
			Criteria:  refs(c.Criteria, r),
			Frequency: string(c.Frequency),
			Automated: c.Automated,
		}
		if vc.Public {
			vc.Narrative = c.Narrative
		}
		for _, id := range c.PolicyIDs {
			if listedPolicy[id] {
				vc.PolicyIDs = append(vc.PolicyIDs, id)
			}
		}
		if cs := r.Control(c.ID); cs != nil {
			vc.State = string(cs.State)
			vc.Evidenced = cs.Tally.Operating + cs.Tally.Exception
			vc.Due = cs.Tally.Operating + cs.Tally.Exception + cs.Tally.Gap
		}
		v.Controls = append(v.Controls, vc)
	}

	// With no framework in scope nothing is ready: states show only in detail.
	v.ControlStates = detailed || len(r.Frameworks) > 0
	for _, fs := range r.Frameworks {
		f := framework(fs, cfg.Audit, r.Evaluated, listed, detailed)
		v.ControlStates = v.ControlStates && f.Counts
		v.Frameworks = append(v.Frameworks, f)
	}
	if !v.ControlStates {
		for i := range v.Controls {
			v.Controls[i].State, v.Controls[i].Evidenced, v.Controls[i].Due = "", 0, 0
		}
	}

	for _, s := range p.Subprocessors {
		if s.Visibility != model.Public {
			continue
		}
		v.Subprocessors = append(v.Subprocessors, Subprocessor{
			Name: s.Name, Purpose: s.Purpose, Location: s.Location, Data: s.Data,
			Since: s.Since.String(), DPA: s.DPA, Assurance: s.Assurance,
		})
	}
	for _, pg := range p.TrustPages {
		if pg.Visibility == model.Public {
			v.Pages = append(v.Pages, Page{Slug: pg.Slug, Title: pg.Title, Weight: pg.Weight, Body: pg.Body})
		}
	}
	for _, u := range p.Updates {
		if u.Visibility == model.Public {
			v.Updates = append(v.Updates, Update{Slug: u.Slug, Title: u.Title, Date: u.Date.String(), Body: u.Body})
		}
	}
	publicLinks(p, v)
	v.Updates = append(v.Updates, changeUpdates(hist.Changes, v)...)
	// Newest first; written updates before derived ones of the same day.
	slices.SortStableFunc(v.Updates, func(a, b Update) int { return strings.Compare(b.Date, a.Date) })
	return v
}

// publicLinks resolves, in the view's bodies, the links written between
// the program's files (issue 13), once, so that no source path reaches the
// view. A link to an item the trust center lists becomes an ItemLink
// destination ("attest:policy/POL-ACCESS#scope"), which the trust center
// points at the item's page or row; a restricted item's #anchor goes, its
// headings not being public. A file under static/ and an image a public
// body shows become the root-relative path they are published at (the
// images are named in Images). Any other link — to an item that is
// internal or not approved, an evidence file, any other file of the
// repository — keeps its text and loses its link. External links, #anchors
// and paths of the site ("/x" naming no file of the program, no .md file and
// nothing under evidence/) stay as written.
func publicLinks(p *model.Program, v *View) {
	listed := map[string]string{}   // source file → its ItemLink destination
	restricted := map[string]bool{} // … and listed by title only: its headings are not public
	for _, pol := range v.Policies {
		if m := p.Policy(pol.ID); m != nil {
			listed[m.File], restricted[m.File] = ItemLink+"policy/"+pol.ID, !pol.Public
		}
	}
	for _, c := range v.Controls {
		if m := p.Control(c.ID); m != nil {
			listed[m.File], restricted[m.File] = ItemLink+"control/"+c.ID, !c.Public
		}
	}
	shownPage := map[string]bool{}
	for _, pg := range v.Pages {
		shownPage[pg.Slug] = true
	}
	for _, pg := range p.TrustPages {
		if shownPage[pg.Slug] {
			listed[pg.File] = ItemLink + "page/" + pg.Slug
		}
	}
	shownUpdate := map[string]bool{}
	for _, u := range v.Updates {
		shownUpdate[u.Slug] = true
	}
	for _, u := range p.Updates {
		if shownUpdate[u.Slug] && u.Visibility == model.Public {
			listed[u.File] = ItemLink + "update/" + u.Slug
		}
	}
	delete(listed, "")
	files := map[string]bool{} // what the program names: a "/…" path to one is a file, not a page of the site
	for _, pol := range p.Policies {
		files[pol.File] = true
	}
	for _, c := range p.Controls {
		files[c.File] = true
	}
	for _, s := range p.Description {
		files[s.File] = true
	}
	for _, pg := range p.TrustPages {
		files[pg.File] = true
	}
	for _, u := range p.Updates {
		files[u.File] = true
	}
	for _, e := range p.Evidence {
		files[e.File] = true
	}
	images := map[string]bool{}
	rewrite := func(from, body string, shown []string) string {
		return mdlink.Rewrite(body, func(r mdlink.Ref) mdlink.Action {
			t := mdlink.Resolve(from, r.Dest)
			switch t.Kind {
			case mdlink.External, mdlink.Fragment, mdlink.Empty:
				return mdlink.Action{}
			case mdlink.Outside:
				return mdlink.Action{Unlink: true}
			case mdlink.Rooted:
				if !files[t.Path] && !repositoryPath(t.Path) && !slices.Contains(shown, t.Path) {
					return mdlink.Action{} // a path of the site
				}
			}
			frag := ""
			if t.Fragment != "" {
				frag = "#" + t.Fragment
			}
			dest, isListed := listed[t.Path]
			switch {
			case isListed && r.Kind != mdlink.Image:
				if restricted[t.Path] {
					return mdlink.Action{Dest: dest}
				}
				return mdlink.Action{Dest: dest + frag}
			case strings.HasPrefix(t.Path, "static/"):
				return mdlink.Action{Dest: sitePath(strings.TrimPrefix(t.Path, "static/")) + frag}
			case slices.Contains(shown, t.Path) && !files[t.Path] && publishableImage(t.Path):
				images[t.Path] = true
				return mdlink.Action{Dest: sitePath(t.Path)}
			}
			return mdlink.Action{Unlink: true}
		})
	}
	for i, pol := range v.Policies {
		if m := p.Policy(pol.ID); m != nil && pol.Public {
			v.Policies[i].Body = rewrite(m.File, pol.Body, m.Images)
		}
	}
	for i, c := range v.Controls {
		if m := p.Control(c.ID); m != nil && c.Public {
			v.Controls[i].Narrative = rewrite(m.File, c.Narrative, m.Images)
		}
	}
	pages := map[string]*model.Page{}
	for _, pg := range p.TrustPages {
		pages[pg.Slug] = pg
	}
	for i, pg := range v.Pages {
		if m := pages[pg.Slug]; m != nil {
			v.Pages[i].Body = rewrite(m.File, pg.Body, m.Images)
		}
	}
	updates := map[string]*model.Update{}
	for _, u := range p.Updates {
		if u.Visibility == model.Public {
			updates[u.Slug] = u
		}
	}
	for i, u := range v.Updates {
		if m := updates[u.Slug]; m != nil {
			v.Updates[i].Body = rewrite(m.File, u.Body, m.Images)
		}
	}
	v.Images = slices.Sorted(maps.Keys(images))
}

// repositoryPath reports whether a path, written as "/…" in a body, names
// the program's sources rather than a page of the site: a Markdown or TOML
// file, or anything under a folder the program keeps its sources, evidence
// or overrides in (layout.Folders, but policies/, which is also a section
// of the site), compared without regard to case, as some file systems do.
func repositoryPath(path string) bool {
	lower := strings.ToLower(path)
	if strings.HasSuffix(lower, ".md") || strings.HasSuffix(lower, ".toml") || lower == "config.toml" {
		return true
	}
	first, _, _ := strings.Cut(lower, "/")
	return first != layout.Policies && slices.Contains(layout.Folders, first)
}

// publishableImage reports whether a path a public body shows may be
// published as an image: its name says it is one, and it is not evidence
// (compared without regard to case, as some file systems do). The trust
// center checks the bytes too, since a link can make any name lead to any
// file.
func publishableImage(path string) bool {
	if lower := strings.ToLower(path); lower == layout.Evidence || strings.HasPrefix(lower, layout.Evidence+"/") {
		return false
	}
	switch strings.ToLower(pathpkg.Ext(path)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif":
		return true
	}
	return false
}

// ItemLink begins the destination publicLinks gives a link to an item the
// trust center lists: "attest:policy/ID", "attest:control/ID",
// "attest:page/SLUG", "attest:update/SLUG", then the #anchor if any.
const ItemLink = "attest:"

// sitePath is the root-relative URL of a file published at name.
func sitePath(name string) string {
	return (&url.URL{Path: "/" + name}).EscapedPath()
}

// changeUpdates turns significant changes into updates. A change is
// announced only for an item the trust center shows in full now — a public
// approved policy added or changed, a public subprocessor added — and only
// with the text it shows for that item now: the history's own titles may be
// an earlier, internal or draft version's. Retirements and removals are not
// announced (the item is no longer listed; DC9 in the system description
// keeps them). An update says what changed and in which commit, nothing
// more: the commit's message and author may be internal. The commit is
// the change's Shown one, made while the item was shown as it is now: a
// change made while it was internal or a draft is not announced at all.
func changeUpdates(found []changes.Change, v *View) []Update {
	policies := map[string]Policy{}
	for _, p := range v.Policies {
		if p.Public {
			policies[p.ID] = p
		}
	}
	subprocessors := map[string]Subprocessor{}
	for _, s := range v.Subprocessors {
		subprocessors[s.Name] = s
	}
	var out []Update
	for _, c := range found {
		if c.Shown == nil {
			continue
		}
		var title string
		switch c.Kind {
		case changes.PolicyAdded, changes.PolicyChanged:
			p, ok := policies[c.ID]
			if !ok {
				continue
			}
			title = changeTitle(c.Kind, p.ID, p.Title)
		case changes.SubprocessorAdded:
			s, ok := subprocessors[c.ID]
			if !ok {
				continue
			}
			title = changeTitle(c.Kind, s.Name, s.Purpose)
		default:
			continue
		}
		date := c.Shown.Date().String()
		out = append(out, Update{
			Slug:  date + "-" + string(c.Kind) + "-" + c.ID,
			Title: title,
			Date:  date,
			Body:  title + ".\n\nRecorded in the compliance program on " + date + " (commit `" + c.Shown.Short + "`).",
		})
	}
	return out
}

// changeTitle names a change with the trust center's text for its item.
func changeTitle(kind changes.Kind, id, title string) string {
	return changes.Change{Kind: kind, ID: id, Title: title}.Summary()
}

// refs names the criteria of in that are in scope, as the trust center
// lists them: a criterion out of scope (an availability criterion of a
// security-only audit) has no place on a framework page to point at.
func refs(in []model.CriterionRef, r *status.Report) []Ref {
	out := make([]Ref, 0, len(in))
	for _, c := range in {
		if r.Criterion(c.Framework, c.ID) != nil {
			out = append(out, Ref{Framework: c.Framework, ID: c.ID})
		}
	}
	return out
}

// framework derives a framework card, as of the evaluation date today
// (the commit's, never the wall clock's). Only SOC 2 is reported on by the
// audit that config.toml describes; other frameworks show their readiness.
// A framework in progress shows its counts only when detailed.
func framework(fs *status.FrameworkStatus, a model.Audit, today model.Date, listed map[string]bool, detailed bool) Framework {
	f := Framework{
		ID:         fs.Framework.ID,
		Name:       fs.Framework.Name,
		Title:      fs.Framework.Title,
		GroupLabel: fs.Framework.GroupLabel,
		Met:        fs.Met,
		Total:      fs.Total,
		Ready:      fs.Ready,
		Headline:   fs.Framework.Name,
	}
	switch {
	// A report is shown as issued only from its issue date: evaluated
	// before it (a commit made ahead of the report), it is not out yet.
	case fs.Ready && fs.Framework.ID == "soc2" && !a.ReportIssued.IsZero() && !today.Before(a.ReportIssued):
		f.State = "report"
		f.Report = &Report{Type: a.ReportType, Issued: a.ReportIssued.String(), Auditor: a.Auditor}
		if a.ReportType == 1 {
			f.Headline += " Type I"
			f.Report.AsOf = a.AsOf.String()
			f.Status = fmt.Sprintf("Report as of %s, issued %s", a.AsOf, a.ReportIssued)
		} else {
			f.Headline += " Type II"
			f.Report.PeriodStart, f.Report.PeriodEnd = a.PeriodStart.String(), a.PeriodEnd.String()
			f.Status = fmt.Sprintf("Report for %s to %s, issued %s", a.PeriodStart, a.PeriodEnd, a.ReportIssued)
		}
		if a.Auditor != "" {
			f.Status += " by " + a.Auditor
		}
	case fs.Ready:
		f.State = "ready"
		f.Status = fmt.Sprintf("Ready — all %d criteria met", fs.Total)
		if fs.Total == 1 {
			f.Status = "Ready — its one criterion met"
		}
	case detailed:
		f.State = "in-progress"
		f.Status = fmt.Sprintf("In progress — %d of %s met", fs.Met, english.Count(fs.Total, "criterion", "criteria"))
	default:
		f.State = "in-progress"
		f.Status = "In progress"
		if fs.Framework.ID == "soc2" {
			f.Status = "Audit in progress"
			// Past the day it was expected, the report is late: a customer
			// reading "expected" and a date gone by would wait for a report
			// the page no longer promises.
			switch {
			case a.ReportExpected.IsZero():
			case today.After(a.ReportExpected):
				f.Status += " — report overdue (expected " + a.ReportExpected.String() + ")"
			default:
				f.Status += " — report expected " + a.ReportExpected.String()
			}
		}
	}
	f.Counts = fs.Ready || detailed
	if !f.Counts {
		f.Met, f.Total = 0, 0
	}
	for _, g := range fs.Groups {
		vg := Group{ID: g.Group.ID, Name: g.Group.Name}
		if f.Counts {
			vg.Met, vg.Total = g.Met, g.Total
		}
		for _, crs := range g.Criteria {
			vc := Criterion{ID: crs.Criterion.ID, Title: crs.Criterion.Title, Description: crs.Criterion.Description}
			if f.Counts {
				vc.State = string(crs.State)
			}
			for _, cs := range crs.Controls {
				if listed[cs.Control.ID] {
					vc.Controls = append(vc.Controls, cs.Control.ID)
				}
			}
			vg.Criteria = append(vg.Criteria, vc)
		}
		f.Groups = append(f.Groups, vg)
	}
	return f
}

// baseURL reads baseURL from the [hugo] table, whose keys Hugo matches
// without regard to case.
func baseURL(hugo map[string]any) string {
	for k, v := range hugo {
		if strings.EqualFold(k, "baseURL") {
			if s, ok := v.(string); ok && s != "" && s != "/" {
				if !strings.HasSuffix(s, "/") {
					s += "/"
				}
				return s
			}
		}
	}
	return ""
}
