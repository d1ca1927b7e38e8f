// Package trustcenter turns the public view of a program into the page set
// of the public trust center: frameworks with derived status, controls by
// category, policies, subprocessors, pages and updates, plus trust.json,
// security.txt, SVG status badges and an Atom feed of updates.
package trustcenter

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/mdlink"
	"github.com/attest-dev/attest/generator/public"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/sitepath"
	"github.com/attest-dev/attest/generator/status"
)

// Theme is the name of the embedded Hugo theme the pages are written for.
const Theme = "trust-center"

// Options carries what a build knows beyond the public view.
type Options struct {
	// Commit is the full hash of the commit the program was read from; ""
	// when the program is not in a git repository.
	Commit string
	// CommitTime is the committer time of Commit: shown in the footer and the
	// base of security.txt's Expires (never the wall clock, so the same
	// commit gives the same output). Zero when there is no commit.
	CommitTime time.Time
	// Draft says the working tree had uncommitted changes.
	Draft bool

	// Images are the bytes of the images the view names (View.Images), by
	// path, as the gather step read them (gather.Images): published under
	// the same paths, and nothing else. Nil publishes none: images show
	// their alt text.
	Images map[string][]byte

	// Hugo, UserDir and Out are passed through to site.Spec.
	Hugo    map[string]any
	UserDir string
	Out     string
}

// Spec returns the public site for v.
func Spec(v *public.View, opts Options) (site.Spec, error) {
	b := &builder{v: v, opts: opts, files: map[string][]byte{}}
	if err := b.build(); err != nil {
		return site.Spec{}, err
	}
	return site.Spec{
		Theme:   Theme,
		Title:   v.Title,
		BaseURL: v.BaseURL,
		Pages:   b.pages,
		Data:    b.data(),
		Files:   b.files,
		Hugo:    opts.Hugo,
		RawHTML: false, // never on the public site
		UserDir: opts.UserDir,
		Out:     opts.Out,
	}, nil
}

type builder struct {
	v     *public.View
	opts  Options
	pages []site.Page
	files map[string][]byte

	controlURL  map[string]string // listed control id → its page or anchor
	controlSlug map[string]string // listed control id → its URL segment and anchor
	policyURL   map[string]string // listed policy id → its page or the on-request anchor
	policySlug  map[string]string
	updateSlug  map[string]string // update slug → URL segment
	pageSlug    map[string]string // trust page slug → URL segment
}

func (b *builder) build() error {
	for _, pg := range b.v.Pages {
		// attest check refuses these (compile uses the same list); this
		// guards a view built some other way.
		if sitepath.TrustRootTaken(pg.Slug) {
			return fmt.Errorf("trust page %q: the name is taken by the trust center's own %s; rename content/trust/%s.md", pg.Slug, site.Slug(pg.Slug), pg.Slug)
		}
	}
	b.urls()
	if err := b.copyImages(); err != nil {
		return err
	}
	b.resolveLinks()
	b.home()
	b.frameworks()
	b.controls()
	b.policies()
	b.subprocessors()
	b.updates()
	b.trustPages()
	if err := b.feed(); err != nil {
		return err
	}
	b.badges()
	if err := b.trustJSON(); err != nil {
		return err
	}
	b.securityTxt()
	return nil
}

// urls gives every listed control and policy its link: public ones their
// own page, restricted ones their row in the index.
func (b *builder) urls() {
	b.controlURL, b.policyURL = map[string]string{}, map[string]string{}
	b.controlSlug, b.policySlug = map[string]string{}, map[string]string{}
	b.updateSlug, b.pageSlug = map[string]string{}, map[string]string{}
	taken := map[string]bool{}
	for _, c := range b.v.Controls {
		s := uniqueSlug(c.ID, taken)
		b.controlSlug[c.ID] = s
		if c.Public {
			b.controlURL[c.ID] = "/controls/" + s + "/"
		} else {
			b.controlURL[c.ID] = "/controls/#" + s
		}
	}
	taken = map[string]bool{}
	for _, p := range b.v.Policies {
		s := uniqueSlug(p.ID, taken)
		b.policySlug[p.ID] = s
		if p.Public {
			b.policyURL[p.ID] = "/policies/" + s + "/"
		} else {
			b.policyURL[p.ID] = "/policies/#" + s
		}
	}
	taken = map[string]bool{}
	for _, u := range b.v.Updates {
		b.updateSlug[u.Slug] = uniqueSlug(u.Slug, taken)
	}
	taken = map[string]bool{}
	for _, s := range sitepath.TrustRoot {
		taken[s] = true
	}
	for _, pg := range b.v.Pages {
		b.pageSlug[pg.Slug] = uniqueSlug(pg.Slug, taken)
	}
}

// copyImages publishes the images public bodies show, read from
// Options.Images: those the view names, and no other file.
func (b *builder) copyImages() error {
	if b.opts.Images == nil {
		return nil
	}
	for _, name := range b.v.Images {
		data, ok := b.opts.Images[name]
		if !ok {
			return fmt.Errorf("image %s: it was not read; gather.Images reads the images a view names", name)
		}
		// The bytes must be an image whatever the name says: a symbolic link
		// named chart.png could lead to an evidence file or a register.
		if !isImage(data) {
			return fmt.Errorf("image %s: its contents are not an image (%s): the trust center publishes images only; replace the file, or a link by the file itself", name, http.DetectContentType(data))
		}
		b.files[name] = data
	}
	return nil
}

// resolveLinks points the links public.View resolved between the program's
// items ("attest:policy/ID#anchor", public.ItemLink) at the pages and rows
// the trust center shows them at. Every other link the view holds is
// already what the site publishes. The view itself is left as it was.
func (b *builder) resolveLinks() {
	itemURL := map[string]string{}
	for _, c := range b.v.Controls {
		itemURL["control/"+c.ID] = b.controlURL[c.ID]
	}
	for _, p := range b.v.Policies {
		itemURL["policy/"+p.ID] = b.policyURL[p.ID]
	}
	for _, pg := range b.v.Pages {
		itemURL["page/"+pg.Slug] = b.pageURL(pg)
	}
	for _, u := range b.v.Updates {
		itemURL["update/"+u.Slug] = b.updateURL(u)
	}
	links := func(body string) string {
		if !strings.Contains(body, public.ItemLink) {
			return body
		}
		return mdlink.Rewrite(body, func(r mdlink.Ref) mdlink.Action {
			item, ok := strings.CutPrefix(r.Dest, public.ItemLink)
			if !ok {
				return mdlink.Action{}
			}
			item, frag, _ := strings.Cut(item, "#")
			u, listed := itemURL[item]
			if !listed {
				return mdlink.Action{Unlink: true}
			}
			if frag != "" && !strings.Contains(u, "#") { // a restricted item's row has no headings
				u += "#" + frag
			}
			return mdlink.Action{Dest: u}
		})
	}
	v := *b.v
	v.Policies = slices.Clone(v.Policies)
	v.Controls = slices.Clone(v.Controls)
	v.Pages = slices.Clone(v.Pages)
	v.Updates = slices.Clone(v.Updates)
	for i, p := range v.Policies {
		v.Policies[i].Body = links(p.Body)
	}
	for i, c := range v.Controls {
		v.Controls[i].Narrative = links(c.Narrative)
	}
	for i, pg := range v.Pages {
		v.Pages[i].Body = links(pg.Body)
	}
	for i, u := range v.Updates {
		v.Updates[i].Body = links(u.Body)
	}
	b.v = &v
}

func (b *builder) updateURL(u public.Update) string { return "/updates/" + b.updateSlug[u.Slug] + "/" }
func (b *builder) pageURL(pg public.Page) string    { return "/" + b.pageSlug[pg.Slug] + "/" }

func (b *builder) add(p site.Page) { b.pages = append(b.pages, p) }

// stateLabel is how the public site names a derived state.
func stateLabel(s string) string {
	switch s {
	case "operating":
		return "Operating"
	case "exception":
		return "Operating, exceptions noted"
	case "gap":
		return "In progress"
	case "not-yet-due":
		return "Not yet due"
	case "not-applicable":
		return "Not applicable"
	}
	return "Not evaluated"
}

// mark is a status mark: the theme shows the label, never colour alone.
func mark(state string) *Mark {
	if state == "" {
		state = "none"
	}
	return &Mark{State: state, Label: stateLabel(state)}
}

func (b *builder) card(f public.Framework) Card {
	lw, rw := badgeWidths(f)
	return Card{
		ID:       f.ID,
		Name:     f.Name,
		Headline: f.Headline,
		Status:   f.Status,
		State:    f.State,
		Counts:   f.Counts,
		Met:      f.Met,
		Total:    f.Total,
		URL:      "/frameworks/" + site.Slug(f.ID) + "/",
		Badge:    "/badges/" + site.Slug(f.ID) + ".svg",
		// The card shows the badge at its own size, so that it is not
		// scaled and the page does not shift as it loads.
		BadgeWidth: lw + rw,
	}
}

func (b *builder) cards() []Card {
	var cards []Card
	for _, f := range b.v.Frameworks {
		cards = append(cards, b.card(f))
	}
	return cards
}

func (b *builder) home() {
	var latest []UpdateLink
	for i, u := range b.v.Updates {
		if i == 3 {
			break
		}
		latest = append(latest, UpdateLink{Title: u.Title, Date: u.Date, URL: b.updateURL(u)})
	}
	public, restricted := 0, 0
	for _, p := range b.v.Policies {
		if p.Public {
			public++
		} else {
			restricted++
		}
	}
	tally := map[string]int{}
	for _, c := range b.v.Controls {
		tally[c.State]++
	}
	b.add(site.Page{
		Path:  "_index.md",
		Title: b.v.Title,
		Params: &HomePage{
			Intro:      b.v.Intro,
			Frameworks: b.cards(),
			Updates:    latest,
			Summary: Summary{
				States:   b.v.ControlStates,
				Controls: len(b.v.Controls),
				// An exception is a deviation the auditor will report: a
				// control with one is not counted as operating, as neither
				// attest status nor trust.json counts it.
				Operating:          tally[string(status.Operating)],
				Exceptions:         tally[string(status.Exception)],
				PoliciesPublic:     public,
				PoliciesRestricted: restricted,
				Subprocessors:      len(b.v.Subprocessors),
			},
		},
	})
}

func (b *builder) frameworks() {
	b.add(site.Page{Path: "frameworks/_index.md", Title: "Frameworks", Layout: "frameworks", Params: &FrameworksPage{Frameworks: b.cards()}})

	byID := map[string]public.Control{}
	for _, c := range b.v.Controls {
		byID[c.ID] = c
	}
	for i, f := range b.v.Frameworks {
		var groups []FrameworkGroup
		for _, g := range f.Groups {
			var criteria []CriterionRow
			var controls []ControlRow
			seen := map[string]bool{}
			for _, cr := range g.Criteria {
				var links []ControlLink
				for _, id := range cr.Controls {
					links = append(links, ControlLink{ID: id, URL: b.controlURL[id]})
					if !seen[id] {
						seen[id] = true
						controls = append(controls, b.controlRow(byID[id]))
					}
				}
				row := CriterionRow{ID: cr.ID, Title: cr.Title, Description: cr.Description, Controls: links, Anchor: site.Slug(f.ID + "-" + cr.ID)}
				if f.Counts {
					row.Mark = mark(cr.State)
				}
				criteria = append(criteria, row)
			}
			slices.SortStableFunc(controls, func(a, c ControlRow) int { return strings.Compare(a.ID, c.ID) })
			groups = append(groups, FrameworkGroup{
				ID: g.ID, Name: g.Name, Met: g.Met, Total: g.Total,
				Anchor: site.Slug(g.ID), Criteria: criteria, Controls: controls,
			})
		}
		params := &FrameworkPage{
			Card:       b.card(f),
			Title:      f.Title,
			GroupLabel: f.GroupLabel,
			Groups:     groups,
			States:     b.v.ControlStates,
		}
		if r := f.Report; r != nil {
			params.Report = &Report{
				Type: r.Type, PeriodStart: r.PeriodStart, PeriodEnd: r.PeriodEnd,
				AsOf: r.AsOf, Issued: r.Issued, Auditor: r.Auditor,
			}
		}
		b.add(site.Page{
			Path:   "frameworks/" + site.Slug(f.ID) + ".md",
			Title:  f.Name,
			Layout: "framework",
			Weight: i + 1,
			Params: params,
		})
	}
}

func (b *builder) controlRow(c public.Control) ControlRow {
	var criteria []string
	for _, r := range c.Criteria {
		criteria = append(criteria, r.ID)
	}
	row := ControlRow{
		ID:        c.ID,
		Anchor:    b.controlSlug[c.ID],
		Title:     c.Title,
		Summary:   c.Summary,
		Public:    c.Public,
		URL:       b.controlURL[c.ID],
		Evidenced: c.Evidenced,
		Due:       c.Due,
		Criteria:  criteria,
	}
	if b.v.ControlStates {
		row.Mark = mark(c.State)
	}
	return row
}

func (b *builder) controls() {
	b.add(site.Page{Path: "controls/_index.md", Title: "Controls", Layout: "controls", Params: b.controlGroups()})
	names := map[string]string{}
	for _, f := range b.v.Frameworks {
		names[f.ID] = f.Name
	}
	for _, c := range b.v.Controls {
		if !c.Public {
			continue
		}
		var criteria []CriterionLink
		for _, r := range c.Criteria {
			criteria = append(criteria, CriterionLink{
				Framework: names[r.Framework], ID: r.ID,
				URL: "/frameworks/" + site.Slug(r.Framework) + "/#" + site.Slug(r.Framework+"-"+r.ID),
			})
		}
		var policies []PolicyLink
		for _, id := range c.PolicyIDs {
			policies = append(policies, PolicyLink{ID: id, Title: b.policyTitle(id), URL: b.policyURL[id]})
		}
		row := b.controlRow(c)
		b.add(site.Page{
			Path:   strings.TrimPrefix(b.controlURL[c.ID], "/") + "index.md",
			Title:  c.Title,
			Layout: "control",
			Params: &ControlPage{
				ID: row.ID, Anchor: row.Anchor, Title: row.Title, Summary: row.Summary, Public: row.Public,
				URL: row.URL, Evidenced: row.Evidenced, Due: row.Due, Mark: row.Mark,
				Criteria: criteria, Policies: policies, Frequency: c.Frequency, Automated: c.Automated,
				Headings: site.NestedHeadings(c.Narrative, c.Title, 2), // under "How it works"
			},
			Body: c.Narrative,
		})
	}
}

// controlGroups lays out the controls page as each framework page is, by
// the groups (SOC 2 categories, ISO themes) of the first framework in scope.
// A control is listed once, under the first group whose criteria it meets,
// so that its row's anchor is unique; controls that map to none of them
// close the page under "Other controls".
func (b *builder) controlGroups() *ControlsPage {
	byID := map[string]public.Control{}
	for _, c := range b.v.Controls {
		byID[c.ID] = c
	}
	placed := map[string]bool{}
	params := &ControlsPage{Controls: len(b.v.Controls), States: b.v.ControlStates}
	if len(b.v.Frameworks) > 0 {
		f := b.v.Frameworks[0]
		params.Framework, params.GroupLabel = f.Name, f.GroupLabel
		for _, g := range f.Groups {
			var ids []string
			for _, cr := range g.Criteria {
				for _, id := range cr.Controls {
					if _, ok := byID[id]; ok && !placed[id] {
						placed[id] = true
						ids = append(ids, id)
					}
				}
			}
			if len(ids) == 0 {
				continue
			}
			slices.Sort(ids)
			var rows []ControlRow
			for _, id := range ids {
				rows = append(rows, b.controlRow(byID[id]))
			}
			params.Groups = append(params.Groups, ControlsGroup{Name: g.Name, Anchor: "category-" + site.Slug(g.ID), Controls: rows})
		}
	}
	var rest []ControlRow
	for _, c := range b.v.Controls {
		if !placed[c.ID] {
			rest = append(rest, b.controlRow(c))
		}
	}
	if len(rest) > 0 {
		name := "Other controls"
		if len(params.Groups) == 0 {
			name = "All controls"
		}
		params.Groups = append(params.Groups, ControlsGroup{Name: name, Anchor: "category-other", Controls: rest})
	}
	return params
}

func (b *builder) policyTitle(id string) string {
	for _, p := range b.v.Policies {
		if p.ID == id {
			return p.Title
		}
	}
	return id
}

func (b *builder) policies() {
	index := &PoliciesPage{RequestAccess: b.v.RequestAccessURL}
	for _, p := range b.v.Policies {
		row := PolicyRow{ID: p.ID, Title: p.Title, URL: b.policyURL[p.ID], Anchor: b.policySlug[p.ID]}
		if p.Public {
			index.Public = append(index.Public, PublishedPolicy{PolicyRow: row, Effective: p.Effective})
		} else {
			index.Restricted = append(index.Restricted, row)
		}
	}
	b.add(site.Page{Path: "policies/_index.md", Title: "Policies", Layout: "policies", Params: index})
	for _, p := range b.v.Policies {
		if !p.Public {
			continue
		}
		var criteria []string
		for _, r := range p.Criteria {
			criteria = append(criteria, r.ID)
		}
		b.add(site.Page{
			Path:   strings.TrimPrefix(b.policyURL[p.ID], "/") + "index.md",
			Title:  p.Title,
			Layout: "policy",
			Params: &PolicyPage{
				ID: p.ID, Owner: p.Owner, Effective: p.Effective, ReviewCycle: p.ReviewCycle, Criteria: criteria,
				Version: p.Version, LastChanged: p.LastChanged,
				Headings: site.NestedHeadings(p.Body, p.Title, 1),
			},
			Body: p.Body,
		})
	}
}

func (b *builder) subprocessors() {
	var rows []SubprocessorRow
	for _, s := range b.v.Subprocessors {
		rows = append(rows, SubprocessorRow{
			Name: s.Name, Purpose: s.Purpose, Location: s.Location, Data: s.Data,
			Since: s.Since, DPA: s.DPA, Assurance: s.Assurance,
		})
	}
	b.add(site.Page{Path: "subprocessors/_index.md", Title: "Subprocessors", Layout: "subprocessors", Params: &SubprocessorsPage{Subprocessors: rows}})
}

func (b *builder) updates() {
	var rows []UpdateLink
	for _, u := range b.v.Updates {
		rows = append(rows, UpdateLink{Title: u.Title, Date: u.Date, URL: b.updateURL(u)})
	}
	b.add(site.Page{Path: "updates/_index.md", Title: "Updates", Layout: "updates", Params: &UpdatesPage{Updates: rows}})
	for _, u := range b.v.Updates {
		b.add(site.Page{Path: strings.TrimPrefix(b.updateURL(u), "/") + "index.md", Title: u.Title, Date: u.Date, Layout: "update",
			Params: &UpdatePage{Headings: site.NestedHeadings(u.Body, u.Title, 1)}, Body: u.Body})
	}
}

func (b *builder) trustPages() {
	for _, pg := range b.v.Pages {
		b.add(site.Page{Path: strings.TrimPrefix(b.pageURL(pg), "/") + "index.md", Title: pg.Title, Weight: pg.Weight,
			Params: &TrustPage{Headings: site.NestedHeadings(pg.Body, pg.Title, 1)}, Body: pg.Body})
	}
}

// data is the site-wide data, hugo.Data.attest in templates.
func (b *builder) data() *SiteData {
	build := BuildData{Commit: b.opts.Commit, CommitShort: gitfs.ShortID(b.opts.Commit), Draft: b.opts.Draft}
	if !b.opts.CommitTime.IsZero() {
		build.Date = b.opts.CommitTime.UTC().Format("2006-01-02")
	}
	nav := []NavLink{
		{URL: "/", Label: "Overview"},
		{URL: "/frameworks/", Label: "Frameworks"},
		{URL: "/controls/", Label: "Controls"},
		{URL: "/policies/", Label: "Policies"},
		{URL: "/subprocessors/", Label: "Subprocessors"},
		{URL: "/updates/", Label: "Updates"},
	}
	for _, pg := range b.v.Pages {
		nav = append(nav, NavLink{URL: b.pageURL(pg), Label: pg.Title})
	}
	return &SiteData{
		Build:         build,
		Evaluated:     b.v.Evaluated,
		Period:        periodText(b.v.Period),
		Nav:           nav,
		RequestAccess: b.v.RequestAccessURL,
		Org: Org{
			Name:            b.v.Organization.Name,
			Logo:            b.v.Organization.Logo,
			Website:         b.v.Organization.Website,
			SecurityContact: b.v.Organization.SecurityContact,
			ContactURL:      contactURI(b.v.Organization.SecurityContact),
		},
	}
}

// uniqueSlug returns site.Slug(id), numbered when an earlier id took it.
func uniqueSlug(id string, taken map[string]bool) string {
	base := site.Slug(id)
	s := base
	for n := 2; taken[s]; n++ {
		s = fmt.Sprintf("%s-%d", base, n)
	}
	taken[s] = true
	return s
}

// periodText names what statuses are judged for: "the audit period
// 2026-01-01 to 2026-06-30", or "2026-03-31" for a type 1 report.
func periodText(p public.Period) string {
	if p.ReportType == 1 || p.Start == p.End {
		return p.End
	}
	return "the audit period " + p.Start + " to " + p.End
}

// isImage reports whether data is an image by its bytes: what the browser
// would sniff as one, or an SVG document.
func isImage(data []byte) bool {
	if strings.HasPrefix(http.DetectContentType(data), "image/") {
		return true
	}
	head := bytes.TrimSpace(data[:min(len(data), 1024)])
	return (bytes.HasPrefix(head, []byte("<svg")) || bytes.HasPrefix(head, []byte("<?xml"))) && bytes.Contains(data[:min(len(data), 4096)], []byte("<svg"))
}
