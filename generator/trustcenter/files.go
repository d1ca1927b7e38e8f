package trustcenter

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/yuin/goldmark"

	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/site"
)

// SchemaVersion is the version of trust.json's format; it changes only when
// a field is removed or changes meaning.
const SchemaVersion = 1

// Schema is the JSON Schema (2020-12) of trust.json, published beside it
// as trust.schema.json.
//
//go:embed trust.schema.json
var Schema []byte

// TrustJSON is the machine-readable public status, trust.json.
type TrustJSON struct {
	Schema        string           `json:"$schema"`
	SchemaVersion int              `json:"schema_version"`
	Organization  jsonOrganization `json:"organization"`
	Title         string           `json:"title"`
	Evaluated     string           `json:"evaluated"`
	Period        jsonPeriod       `json:"period"`
	Progress      string           `json:"progress"`
	Build         jsonBuild        `json:"build"`
	Frameworks    []jsonFramework  `json:"frameworks"`
	Controls      jsonControls     `json:"controls"`
	Policies      []jsonPolicy     `json:"policies"`
	Subprocessors []jsonSubproc    `json:"subprocessors"`
	Updates       []jsonUpdate     `json:"updates"`
	Links         jsonLinks        `json:"links"`
}

type jsonOrganization struct {
	Name            string `json:"name"`
	Website         string `json:"website,omitempty"`
	SecurityContact string `json:"security_contact"`
}

type jsonPeriod struct {
	ReportType int    `json:"report_type"`
	Start      string `json:"start"`
	End        string `json:"end"`
}

type jsonBuild struct {
	Commit     string `json:"commit,omitempty"`
	CommitTime string `json:"commit_time,omitempty"`
	Draft      bool   `json:"draft"`
}

type jsonFramework struct {
	ID       string      `json:"id"`
	Name     string      `json:"name"`
	Headline string      `json:"headline"`
	Status   string      `json:"status"`
	State    string      `json:"state"`
	Met      *int        `json:"criteria_met,omitempty"`   // nil while in progress with summary progress
	Total    *int        `json:"criteria_total,omitempty"` // likewise
	Report   *jsonReport `json:"report"`
	Badge    string      `json:"badge"`
	Page     string      `json:"page"`
	Groups   []jsonGroup `json:"groups"`
}

type jsonReport struct {
	Type        int    `json:"type"`
	PeriodStart string `json:"period_start,omitempty"`
	PeriodEnd   string `json:"period_end,omitempty"`
	AsOf        string `json:"as_of,omitempty"`
	Issued      string `json:"issued"`
	Auditor     string `json:"auditor,omitempty"`
}

type jsonGroup struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Met   *int   `json:"criteria_met,omitempty"`
	Total *int   `json:"criteria_total,omitempty"`
}

type jsonControls struct {
	Listed int               `json:"listed"`
	States map[string]int    `json:"states,omitempty"` // nil while the controls' states are not shown
	Items  []jsonControlItem `json:"items"`
}

type jsonControlItem struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Summary  string   `json:"summary"`
	State    string   `json:"state,omitempty"` // "" while the controls' states are not shown
	Criteria []string `json:"criteria"`
	Page     string   `json:"page"`
}

type jsonPolicy struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Access string `json:"access"`
	Page   string `json:"page"`
}

type jsonSubproc struct {
	Name     string `json:"name"`
	Purpose  string `json:"purpose"`
	Location string `json:"location"`
	Data     string `json:"data"`
	DPA      bool   `json:"dpa"`
}

type jsonUpdate struct {
	Title string `json:"title"`
	Date  string `json:"date"`
	Page  string `json:"page"`
}

type jsonLinks struct {
	RequestAccess string `json:"request_access,omitempty"`
	SecurityTxt   string `json:"security_txt"`
	Feed          string `json:"feed"`
}

// rel turns a site path ("/controls/x/") into one relative to the site root
// ("controls/x/index.html"), as trust.json gives them.
func rel(p string) string {
	p = strings.TrimPrefix(p, "/")
	if i := strings.IndexByte(p, '#'); i >= 0 {
		if strings.HasSuffix(p[:i], "/") || i == 0 {
			return p[:i] + "index.html" + p[i:]
		}
		return p
	}
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

func (b *builder) trustJSON() error {
	v := b.v
	t := TrustJSON{
		Schema:        "trust.schema.json",
		SchemaVersion: SchemaVersion,
		Organization:  jsonOrganization{Name: v.Organization.Name, Website: v.Organization.Website, SecurityContact: v.Organization.SecurityContact},
		Title:         v.Title,
		Evaluated:     v.Evaluated,
		Progress:      v.Progress,
		Period:        jsonPeriod{ReportType: v.Period.ReportType, Start: v.Period.Start, End: v.Period.End},
		Build:         jsonBuild{Commit: b.opts.Commit, Draft: b.opts.Draft},
		Frameworks:    []jsonFramework{},
		Controls:      jsonControls{States: map[string]int{}, Items: []jsonControlItem{}},
		Policies:      []jsonPolicy{},
		Subprocessors: []jsonSubproc{},
		Updates:       []jsonUpdate{},
		Links:         jsonLinks{RequestAccess: v.RequestAccessURL, SecurityTxt: ".well-known/security.txt", Feed: "updates/atom.xml"},
	}
	if !b.opts.CommitTime.IsZero() {
		t.Build.CommitTime = b.opts.CommitTime.UTC().Format(time.RFC3339)
	}
	for _, f := range v.Frameworks {
		jf := jsonFramework{
			ID: f.ID, Name: f.Name, Headline: f.Headline, Status: f.Status, State: f.State,
			Badge: rel("/badges/" + site.Slug(f.ID) + ".svg"),
			Page:  rel("/frameworks/" + site.Slug(f.ID) + "/"), Groups: []jsonGroup{},
		}
		if f.Counts {
			jf.Met, jf.Total = ptr(f.Met), ptr(f.Total)
		}
		if r := f.Report; r != nil {
			jf.Report = &jsonReport{Type: r.Type, PeriodStart: r.PeriodStart, PeriodEnd: r.PeriodEnd, AsOf: r.AsOf, Issued: r.Issued, Auditor: r.Auditor}
		}
		for _, g := range f.Groups {
			jg := jsonGroup{ID: g.ID, Name: g.Name}
			if f.Counts {
				jg.Met, jg.Total = ptr(g.Met), ptr(g.Total)
			}
			jf.Groups = append(jf.Groups, jg)
		}
		t.Frameworks = append(t.Frameworks, jf)
	}
	if !v.ControlStates {
		t.Controls.States = nil
	}
	for _, c := range v.Controls {
		state := c.State
		if state == "" && v.ControlStates {
			state = "none"
		}
		if v.ControlStates {
			t.Controls.States[state]++
		}
		criteria := []string{}
		for _, r := range c.Criteria {
			criteria = append(criteria, r.Framework+"/"+r.ID)
		}
		t.Controls.Items = append(t.Controls.Items, jsonControlItem{
			ID: c.ID, Title: c.Title, Summary: c.Summary, State: state, Criteria: criteria, Page: rel(b.controlURL[c.ID]),
		})
	}
	t.Controls.Listed = len(v.Controls)
	for _, p := range v.Policies {
		access := "on-request"
		if p.Public {
			access = "public"
		}
		t.Policies = append(t.Policies, jsonPolicy{ID: p.ID, Title: p.Title, Access: access, Page: rel(b.policyURL[p.ID])})
	}
	for _, s := range v.Subprocessors {
		t.Subprocessors = append(t.Subprocessors, jsonSubproc{Name: s.Name, Purpose: s.Purpose, Location: s.Location, Data: s.Data, DPA: s.DPA})
	}
	for _, u := range v.Updates {
		t.Updates = append(t.Updates, jsonUpdate{Title: u.Title, Date: u.Date, Page: rel(b.updateURL(u))})
	}
	data, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return fmt.Errorf("trust.json: %w", err)
	}
	b.files["trust.json"] = append(data, '\n')
	b.files["trust.schema.json"] = Schema
	return nil
}

// contactURI turns security_contact into a URI for security.txt: an e-mail
// address becomes mailto:, a web address or a tel: URI stays as it is.
func contactURI(contact string) string {
	c := strings.TrimSpace(contact)
	switch {
	case c == "":
		return ""
	case strings.HasPrefix(c, "mailto:"), strings.HasPrefix(c, "https://"), strings.HasPrefix(c, "http://"), strings.HasPrefix(c, "tel:"):
		return c
	case strings.Contains(c, "@"):
		return "mailto:" + c
	}
	return "https://" + strings.TrimPrefix(c, "//")
}

// since is the time the build is dated at: the commit's, or for a program
// outside git, the end of what the status is evaluated for.
func (b *builder) since() time.Time {
	if !b.opts.CommitTime.IsZero() {
		return b.opts.CommitTime.UTC()
	}
	if d, err := model.ParseDate(b.v.Evaluated); err == nil {
		return d.Time()
	}
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
}

// securityTxt writes /.well-known/security.txt (RFC 9116). Expires is a
// year after the commit less a day — RFC 9116 asks for less than a year —
// so it is fresh whenever the trust center is rebuilt from a recent commit,
// and the same for the same commit.
func (b *builder) securityTxt() {
	var sb strings.Builder
	fmt.Fprintf(&sb, "# Security contact for %s.\n", oneLine(b.v.Organization.Name))
	if b.opts.Commit != "" {
		fmt.Fprintf(&sb, "# Generated by attest from commit %s.\n", gitfs.ShortID(b.opts.Commit))
	}
	if c := contactURI(b.v.Organization.SecurityContact); c != "" {
		fmt.Fprintf(&sb, "Contact: %s\n", c)
	}
	fmt.Fprintf(&sb, "Expires: %s\n", b.since().AddDate(1, 0, -1).Format(time.RFC3339))
	if base := b.v.BaseURL; base != "" {
		fmt.Fprintf(&sb, "Canonical: %s.well-known/security.txt\n", base)
		fmt.Fprintf(&sb, "Policy: %s\n", base+rel(b.disclosurePolicy()))
	}
	sb.WriteString("Preferred-Languages: en\n")
	b.files[".well-known/security.txt"] = []byte(sb.String())
}

// disclosurePolicy is the page security.txt's Policy field points to: a
// public trust page or policy about vulnerability disclosure when there is
// one, else the policies page.
func (b *builder) disclosurePolicy() string {
	about := func(title string) bool {
		t := strings.ToLower(title)
		return strings.Contains(t, "disclosure") || strings.Contains(t, "vulnerab")
	}
	for _, pg := range b.v.Pages {
		if about(pg.Title) {
			return b.pageURL(pg)
		}
	}
	for _, p := range b.v.Policies {
		if p.Public && about(p.Title) {
			return b.policyURL[p.ID]
		}
	}
	return "/policies/"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// feed writes the Atom feed (RFC 4287) of updates as updates/atom.xml. Links
// are relative to the feed when no base URL is known; entry ids are tag: URIs
// (RFC 4151) that do not change when the site moves.
func (b *builder) feed() error {
	type link struct {
		Rel  string `xml:"rel,attr,omitempty"`
		Type string `xml:"type,attr,omitempty"`
		Href string `xml:"href,attr"`
	}
	type text struct {
		Type string `xml:"type,attr,omitempty"`
		Body string `xml:",chardata"`
	}
	type entry struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Link    link   `xml:"link"`
		Content text   `xml:"content"`
	}
	type feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Links   []link   `xml:"link"`
		Author  struct {
			Name string `xml:"name"`
			URI  string `xml:"uri,omitempty"`
		} `xml:"author"`
		Entries []entry `xml:"entry"`
	}
	base := b.v.BaseURL
	f := feed{Title: oneLine(b.v.Title + " — updates"), ID: b.tagURI("", "updates")}
	f.Author.Name = b.v.Organization.Name
	f.Author.URI = b.v.Organization.Website
	if base != "" {
		f.Links = []link{{Rel: "self", Type: "application/atom+xml", Href: base + "updates/atom.xml"}, {Rel: "alternate", Type: "text/html", Href: base + "updates/"}}
	} else {
		f.Links = []link{{Rel: "alternate", Type: "text/html", Href: "index.html"}}
	}
	md := goldmark.New() // raw HTML is left out, as on the site
	f.Updated = b.since().Format(time.RFC3339)
	for i, u := range b.v.Updates {
		day, err := model.ParseDate(u.Date)
		if err != nil {
			return fmt.Errorf("update %s: %w", u.Slug, err)
		}
		when := day.Time().Format(time.RFC3339)
		if i == 0 {
			f.Updated = when // newest first
		}
		var html bytes.Buffer
		if err := md.Convert([]byte(u.Body), &html); err != nil {
			return fmt.Errorf("update %s: %w", u.Slug, err)
		}
		href := b.updateSlug[u.Slug] + "/index.html"
		if base != "" {
			href = base + "updates/" + b.updateSlug[u.Slug] + "/"
		}
		f.Entries = append(f.Entries, entry{
			Title:   u.Title,
			ID:      b.tagURI(u.Date, "updates/"+b.updateSlug[u.Slug]),
			Updated: when,
			Link:    link{Rel: "alternate", Type: "text/html", Href: href},
			Content: text{Type: "html", Body: html.String()},
		})
	}
	var out bytes.Buffer
	out.WriteString(xml.Header)
	enc := xml.NewEncoder(&out)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("atom feed: %w", err)
	}
	out.WriteString("\n")
	b.files["updates/atom.xml"] = out.Bytes()
	return nil
}

// tagURI is a tag: URI for a thing on the trust center, dated by day (the
// feed's own id uses the evaluation year).
func (b *builder) tagURI(day, specific string) string {
	authority := "attest.invalid"
	if u, err := url.Parse(b.v.Organization.Website); err == nil && u.Hostname() != "" {
		authority = u.Hostname()
	} else if at := strings.LastIndexByte(b.v.Organization.SecurityContact, '@'); at >= 0 {
		authority = strings.TrimSpace(b.v.Organization.SecurityContact[at+1:])
	}
	if day == "" {
		day = b.v.Evaluated
	}
	if len(day) >= 4 {
		day = day[:4]
	} else {
		day = "2000"
	}
	return fmt.Sprintf("tag:%s,%s:trust-center/%s", authority, day, specific)
}

func ptr(n int) *int { return &n }
