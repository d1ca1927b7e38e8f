package trustcenter

import "github.com/attest-dev/attest/generator/site"

// The contract with the trust-center theme: the params of each page kind
// (.Params in its layout) and the site data (hugo.Data.attest), one struct
// each. A field's JSON name is the key a template reads; a field tagged
// theme:"custom" is one the embedded theme does not read and that is kept
// for a program's own layouts. TestThemeReadsWhatPagesHold holds the
// templates to these structs, and docs/themes.md lists them field by field
// (TestThemeContractIsDocumented).

// HomePage is the params of the home page (home.html).
type HomePage struct {
	Intro      string       `json:"intro"`      // [trust] intro, one paragraph of plain text
	Frameworks []Card       `json:"frameworks"` // one card per framework in scope
	Updates    []UpdateLink `json:"updates"`    // the three newest updates
	Summary    Summary      `json:"summary"`    // "At a glance"
}

// Summary is the home page's "At a glance": counts of what the site lists.
type Summary struct {
	// States says the controls' states are shown (Operating, Exceptions);
	// without it only the count of controls is.
	States             bool `json:"states"`
	Controls           int  `json:"controls"`            // listed controls
	Operating          int  `json:"operating"`           // of them operating, with no exception noted (the state "operating")
	Exceptions         int  `json:"exceptions"`          // of them operating with exceptions noted (the state "exception"), which are not counted as operating
	PoliciesPublic     int  `json:"policies_public"`     // policies shown in full
	PoliciesRestricted int  `json:"policies_restricted"` // policies available on request
	Subprocessors      int  `json:"subprocessors"`       // subprocessors listed
}

// Card is a framework's card (card.html), on the home and frameworks
// pages; a framework's page holds its fields too.
type Card struct {
	ID       string `json:"id" theme:"custom"` // the framework's id: "soc2", "iso27001"
	Name     string `json:"name"`              // "SOC 2"
	Headline string `json:"headline"`          // "SOC 2 Type II"
	Status   string `json:"status"`            // "Report for … issued …", "In progress — 41 of 47 criteria met"
	State    string `json:"state"`             // "report", "ready" or "in-progress"
	// Counts says Met and Total are given (the framework is ready, reported
	// on, or progress is detailed).
	Counts bool   `json:"counts"`
	Met    int    `json:"met"`   // criteria met
	Total  int    `json:"total"` // criteria in scope
	URL    string `json:"url"`   // the framework's page
	Badge  string `json:"badge"` // the framework's SVG status badge
	// BadgeWidth is the badge's width in pixels, so that the card shows it
	// at its own size.
	BadgeWidth int `json:"badge_width"`
}

// UpdateLink is an update in a list: its title, date and page.
type UpdateLink struct {
	Title string `json:"title"` // the update's title
	Date  string `json:"date"`  // YYYY-MM-DD
	URL   string `json:"url"`   // the update's page
}

// FrameworksPage is the params of the frameworks index (frameworks.html).
type FrameworksPage struct {
	Frameworks []Card `json:"frameworks"`
}

// FrameworkPage is the params of a framework's page (framework.html): its
// card's fields and its groups of criteria.
type FrameworkPage struct {
	Card
	Title      string           `json:"title"`       // "Trust Services Criteria (2017, …)"
	GroupLabel string           `json:"group_label"` // "Category", "Theme"
	Groups     []FrameworkGroup `json:"groups"`      // its categories (SOC 2) or themes (ISO 27001), in the catalog's order
	States     bool             `json:"states"`      // the controls' states are shown
	// Report is the issued audit report, when there is one and every
	// criterion is met.
	Report *Report `json:"report,omitempty"`
}

// Report is an issued audit report.
type Report struct {
	Type        int    `json:"type"`         // 1 or 2
	PeriodStart string `json:"period_start"` // type 2
	PeriodEnd   string `json:"period_end"`   // type 2
	AsOf        string `json:"as_of"`        // type 1
	Issued      string `json:"issued"`       // the date the report was issued, YYYY-MM-DD
	Auditor     string `json:"auditor"`      // the audit firm, or ""
}

// FrameworkGroup is a SOC 2 category or ISO theme on a framework's page.
type FrameworkGroup struct {
	ID       string         `json:"id" theme:"custom"` // the group's id in the catalog: "CC", "A.5"
	Name     string         `json:"name"`              // "Common Criteria", "Organizational controls"
	Met      int            `json:"met"`               // criteria met, when the card Counts
	Total    int            `json:"total"`             // criteria, when the card Counts
	Anchor   string         `json:"anchor"`            // its section's id on the page
	Criteria []CriterionRow `json:"criteria"`          // its criteria in scope
	Controls []ControlRow   `json:"controls"`          // the listed controls mapped to its criteria, by id
}

// CriterionRow is a criterion in a framework's table.
type CriterionRow struct {
	ID          string        `json:"id"`             // "CC6.1", "A.5.15"
	Title       string        `json:"title"`          // the catalog's title of the criterion
	Description string        `json:"description"`    // the catalog's full text, or ""
	Controls    []ControlLink `json:"controls"`       // the listed controls mapped to it
	Anchor      string        `json:"anchor"`         // its row's id on the page
	Mark        *Mark         `json:"mark,omitempty"` // when the card Counts
}

// ControlLink is a link to a listed control: its page, or its row.
type ControlLink struct {
	ID  string `json:"id"`  // the control's id
	URL string `json:"url"` // its page, or its row on the controls page when restricted
}

// Mark is a status mark (mark.html): the theme shows the label, never
// colour alone.
type Mark struct {
	State string `json:"state"` // a status state, or "none"
	Label string `json:"label"` // "Operating", "Operating, exceptions noted", "In progress", …
}

// ControlRow is a control in a table of controls (controls-table.html).
type ControlRow struct {
	ID        string   `json:"id"`                      // the control's id
	Anchor    string   `json:"anchor"`                  // its row's id on the controls page
	Title     string   `json:"title"`                   // the control's title
	Summary   string   `json:"summary"`                 // one sentence on what it does
	Public    bool     `json:"public"`                  // it has a page; restricted ones are on request
	URL       string   `json:"url"`                     // its page, or its row on the controls page
	Evidenced int      `json:"evidenced"`               // occurrences in the period evidenced (with or without exceptions)
	Due       int      `json:"due"`                     // occurrences in the period; 0 while states are not shown
	Criteria  []string `json:"criteria" theme:"custom"` // ids of the criteria it meets
	Mark      *Mark    `json:"mark,omitempty"`          // when states are shown
}

// ControlsPage is the params of the controls index (controls.html).
type ControlsPage struct {
	Controls int  `json:"controls"` // listed controls
	States   bool `json:"states"`   // their states are shown
	// Framework and GroupLabel name the framework whose groups lay out the
	// page: the first in scope; absent with none.
	Framework  string          `json:"framework,omitempty"`
	GroupLabel string          `json:"group_label,omitempty"` // "Category", "Theme"; absent with no framework
	Groups     []ControlsGroup `json:"groups"`                // the controls by group
}

// ControlsGroup is a group of the controls page: a category or theme of
// the first framework, then "Other controls".
type ControlsGroup struct {
	Name     string       `json:"name"`     // the group's name, "Other controls" or "All controls"
	Anchor   string       `json:"anchor"`   // its section's id: "category-" and the group's id
	Controls []ControlRow `json:"controls"` // each listed control once, under the first group whose criteria it meets, by id
}

// ControlPage is the params of a public control's page (control.html); its
// narrative is the page's content.
type ControlPage struct {
	ID        string          `json:"id"`                    // the control's id
	Anchor    string          `json:"anchor" theme:"custom"` // its row's id on the controls page
	Title     string          `json:"title" theme:"custom"`  // the control's title, also the page's
	Summary   string          `json:"summary"`               // one sentence on what it does
	Public    bool            `json:"public" theme:"custom"` // always true: only public controls have a page
	URL       string          `json:"url" theme:"custom"`    // the page itself
	Evidenced int             `json:"evidenced"`             // occurrences in the period evidenced (with or without exceptions)
	Due       int             `json:"due"`                   // occurrences in the period; 0 while states are not shown
	Criteria  []CriterionLink `json:"criteria"`              // the criteria it meets, by framework
	Mark      *Mark           `json:"mark,omitempty"`        // when states are shown
	Policies  []PolicyLink    `json:"policies"`              // the listed policies it implements
	Frequency string          `json:"frequency"`             // "quarterly", "continuous", …
	Automated bool            `json:"automated"`             // it operates without a person
	site.Headings
}

// CriterionLink is a criterion a control meets, linked to its row on the
// framework's page.
type CriterionLink struct {
	Framework string `json:"framework"` // the framework's name
	ID        string `json:"id"`        // "CC6.1", "A.5.15"
	URL       string `json:"url"`       // its row on the framework's page
}

// PolicyLink is a listed policy a control implements.
type PolicyLink struct {
	ID    string `json:"id" theme:"custom"` // the policy's id
	Title string `json:"title"`             // the policy's title
	URL   string `json:"url"`               // its page, or its row on the policies page when restricted
}

// PoliciesPage is the params of the policies index (policies.html).
type PoliciesPage struct {
	Public        []PublishedPolicy `json:"public"`         // shown in full
	Restricted    []PolicyRow       `json:"restricted"`     // available on request
	RequestAccess string            `json:"request_access"` // where to ask for restricted policies; may be ""
}

// PolicyRow is a policy in the index.
type PolicyRow struct {
	ID     string `json:"id" theme:"custom"` // the policy's id
	Title  string `json:"title"`             // the policy's title
	URL    string `json:"url"`               // its page, or its row when restricted
	Anchor string `json:"anchor"`            // its row's id
}

// PublishedPolicy is a policy shown in full, in the index.
type PublishedPolicy struct {
	PolicyRow
	Effective string `json:"effective"` // the date it took effect, YYYY-MM-DD
}

// PolicyPage is the params of a public policy's page (policy.html); its
// text is the page's content.
type PolicyPage struct {
	ID          string   `json:"id"`           // the policy's id
	Owner       string   `json:"owner"`        // who owns it: a role or a name
	Effective   string   `json:"effective"`    // the date it took effect, YYYY-MM-DD
	ReviewCycle string   `json:"review_cycle"` // how often it is reviewed: "annually", …
	Criteria    []string `json:"criteria"`     // ids of the criteria it addresses
	Version     int      `json:"version"`      // authored commits of its file; 0 without history
	LastChanged string   `json:"last_changed"` // the date of the newest of those commits, YYYY-MM-DD; "" without history
	site.Headings
}

// SubprocessorsPage is the params of the subprocessors page (subprocessors.html).
type SubprocessorsPage struct {
	Subprocessors []SubprocessorRow `json:"subprocessors"` // in the order of the register
}

// SubprocessorRow is a third party that processes customer data.
type SubprocessorRow struct {
	Name      string `json:"name"`      // the third party's name
	Purpose   string `json:"purpose"`   // what it does for the organization
	Location  string `json:"location"`  // where it processes the data
	Data      string `json:"data"`      // what customer data it processes
	Since     string `json:"since"`     // YYYY-MM-DD, or ""
	DPA       bool   `json:"dpa"`       // a data processing agreement is signed
	Assurance string `json:"assurance"` // its own assurance, such as "SOC 2 Type II"; may be ""
}

// UpdatesPage is the params of the updates index (updates.html).
type UpdatesPage struct {
	Updates []UpdateLink `json:"updates"` // newest first
}

// UpdatePage is the params of an update's page (update.html); its text is
// the page's content.
type UpdatePage struct {
	site.Headings
}

// TrustPage is the params of a trust page of content/trust/ (page.html);
// its text is the page's content.
type TrustPage struct {
	site.Headings
}

// SiteData is the site-wide data, hugo.Data.attest in every template.
type SiteData struct {
	Build     BuildData `json:"build"`     // what the site was built from
	Evaluated string    `json:"evaluated"` // YYYY-MM-DD: the date statuses are judged at
	// Period names what statuses are judged for: "the audit period
	// 2026-01-01 to 2026-06-30", or "2026-03-31" for a type 1 report.
	Period        string    `json:"period"`
	Nav           []NavLink `json:"nav"`            // the main navigation, trust pages last
	RequestAccess string    `json:"request_access"` // where to ask for reports and restricted policies; may be ""
	Org           Org       `json:"org"`            // the organization
}

// BuildData says what the site was built from.
type BuildData struct {
	Commit      string `json:"commit" theme:"custom"` // the full hash; "" outside git
	CommitShort string `json:"commit_short"`          // the abbreviated hash; "" outside git
	Draft       bool   `json:"draft"`                 // the work tree had uncommitted changes
	Date        string `json:"date"`                  // the commit's date, YYYY-MM-DD; "" outside git
}

// NavLink is an entry of the main navigation.
type NavLink struct {
	URL   string `json:"url"`   // a site path: "/controls/"
	Label string `json:"label"` // the text of the link
}

// Org is the organization, from config.toml.
type Org struct {
	Name            string `json:"name"`             // the organization's name
	Logo            string `json:"logo"`             // the logo's site path, or ""
	Website         string `json:"website"`          // its website, or ""
	SecurityContact string `json:"security_contact"` // where to report a security issue: an address or a URL
	ContactURL      string `json:"contact_url"`      // SecurityContact as a link: mailto: or the URL
}
