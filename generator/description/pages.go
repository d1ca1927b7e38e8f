package description

import "github.com/attest-dev/attest/generator/site"

// The contract with the system-description theme: the params of each page
// kind (.Params, which body/<page_kind>.html lays out) and the site data
// (hugo.Data.attest), one struct each. A field's JSON name is the key a
// template reads; a field tagged theme:"custom" is one the embedded theme
// does not read, kept for a program's own layouts. TestThemeReadsWhatPagesHold
// holds the templates to these structs, and docs/themes.md lists them.

// pageParams is what every page kind's params are: Common and their own.
type pageParams interface{ common() *Common }

// Common is what every page carries, whatever its kind.
type Common struct {
	PageKind string `json:"page_kind"` // selects the theme's partial body/<page_kind>.html
	Anchor   string `json:"anchor"`    // the id of the page's block, and the prefix of every id in it, also in the print view
	URL      string `json:"url"`       // the URL the generator expects Hugo to give the page (baseof.html checks it)
	// Search holds the words the page is found by, besides its title and
	// text: the theme's search page reads it of every page (site.Pages).
	Search string `json:"search" theme:"indirect"`
}

func (c *Common) common() *Common { return c }

// Link is where a row leads: a page ref ("/controls/ctl-mfa") and fragment,
// resolved by newLink to the URL Hugo publishes the page at (Href) and the
// id of its block in the print view (Target). Without a page, all is "".
type Link struct {
	Ref    string `json:"ref"`                           // the page's Hugo path, or ""
	Frag   string `json:"frag,omitempty" theme:"custom"` // the fragment within the page
	Href   string `json:"href,omitempty"`                // root-relative URL of the page's index.html, with the fragment; absent without a page
	Target string `json:"target,omitempty"`              // the id to link to in the print view; absent without a page
}

// newLink resolves a page ref and fragment ("" for none).
func newLink(ref, frag string) Link {
	l := Link{Ref: ref, Frag: frag}
	if ref != "" {
		l.Href, l.Target = pageURL(ref), anchorOf(ref)
		if frag != "" {
			l.Href, l.Target = pageURL(ref)+"#"+frag, frag
		}
	}
	return l
}

// StateCount is a count of things in one derived state.
type StateCount struct {
	State string `json:"state"` // a status state: "operating", "exception", "gap", …
	Label string `json:"label"` // "Operating", "Exception", …
	Count int    `json:"count"` // how many
}

// StateLabel is a state of a chart's legend.
type StateLabel struct {
	State string `json:"state"`
	Label string `json:"label"` // the state in words
}

// Count is a count of things by label.
type Count struct {
	Label string `json:"label"`
	Count int    `json:"count"` // how many
}

// CriterionLink names a criterion of a framework and links to its row in
// the framework's matrix, when the framework is in scope.
type CriterionLink struct {
	Framework string `json:"framework" theme:"custom"` // the framework's id
	ID        string `json:"id"`                       // "CC6.1", "A.5.15"
	Name      string `json:"name"`                     // "SOC 2 CC6.1", or the id alone
	Title     string `json:"title"`                    // the catalog's title, or ""
	Link
}

// ControlLink names a control with its derived state.
type ControlLink struct {
	ID         string `json:"id"`
	Title      string `json:"title"`       // the control's title
	State      string `json:"state"`       // its derived state: "operating", "exception", "gap", …
	StateLabel string `json:"state_label"` // the state in words
	Reason     string `json:"reason"`      // why it is in its state
	Owner      string `json:"owner"`       // who operates it
	Link
}

// PolicyLink names a policy.
type PolicyLink struct {
	ID     string `json:"id"`
	Title  string `json:"title"`  // the policy's title
	Status string `json:"status"` // "draft", "approved", "retired"
	Link
}

// ItemLink names a policy or a control by id; Ref is "" for neither.
type ItemLink struct {
	ID    string `json:"id" theme:"custom"`
	Title string `json:"title" theme:"custom"` // the policy's or control's title; "" for neither
	Link
}

// Chart is a bar chart's geometry in SVG user units: a row per bar, each
// a stack of segments by state.
type Chart struct {
	Width  int      `json:"width"`   // width of the chart
	Height int      `json:"height"`  // height of the chart
	BarX   int      `json:"bar_x"`   // where bars start
	BarW   int      `json:"bar_w"`   // width of a full bar
	BarH   int      `json:"bar_h"`   // height of a bar
	LabelX int      `json:"label_x"` // where labels end
	CountX int      `json:"count_x"` // where the counts start
	Rows   []BarRow `json:"rows"`    // one per bar, top down
}

// BarRow is one bar of a chart.
type BarRow struct {
	Label    string       `json:"label"`
	Met      int          `json:"met"`                // criteria (or controls) met
	Total    int          `json:"total"`              // criteria (or controls) in all
	Pct      int          `json:"pct" theme:"custom"` // Met as a whole percentage of Total
	Y        int          `json:"y" theme:"custom"`   // top of the row
	BarY     int          `json:"bar_y"`              // top of the bar
	TextY    int          `json:"text_y"`             // baseline of the row's texts
	Segments []BarSegment `json:"segments"`           // by state, in legend order; none in a state with no count
}

// BarSegment is the part of a bar in one state.
type BarSegment struct {
	State string  `json:"state"`
	Label string  `json:"label"` // the state in words
	Count int     `json:"count"` // how many of the bar are in the state
	X     float64 `json:"x"`     // where the segment starts
	W     float64 `json:"w"`     // its width
}

// OverviewPage is the home page: readiness per framework, controls by
// state, evidence by result.
type OverviewPage struct {
	Common
	Frameworks []OverviewFramework `json:"frameworks"`              // the frameworks in scope
	Controls   OverviewControls    `json:"controls"`                // the controls by state
	Evidence   OverviewEvidence    `json:"evidence"`                // the evidence records by result
	Gaps       int                 `json:"gaps"`                    // gaps the actions close
	Actions    int                 `json:"actions"`                 // actions that close them
	Policies   int                 `json:"policies" theme:"custom"` // policies in the program
	Legend     []StateLabel        `json:"legend"`                  // the states the charts show, in order
}

// OverviewFramework is a framework in scope on the overview.
type OverviewFramework struct {
	ID         string `json:"id"`
	Name       string `json:"name"`                 // "SOC 2"
	Title      string `json:"title" theme:"custom"` // "Trust Services Criteria (2017, …)"
	GroupLabel string `json:"group_label"`          // "Category", "Theme"
	Met        int    `json:"met"`                  // criteria met, not-applicable ones included
	Total      int    `json:"total"`                // criteria in scope
	Pct        int    `json:"pct"`                  // Met as a whole percentage of Total
	Ready      bool   `json:"ready"`                // every criterion in scope is met
	Reason     string `json:"reason"`               // why it is or is not ready
	Link              // its control matrix
	Chart      Chart  `json:"chart"` // its criteria by group and state
}

// OverviewControls counts the controls by state.
type OverviewControls struct {
	Total int          `json:"total"`
	Tally []StateCount `json:"tally"` // controls by state, in legend order; none in a state with no control
	Chart Chart        `json:"chart"` // one bar of every control by state
}

// OverviewEvidence counts the evidence records by result.
type OverviewEvidence struct {
	Total int           `json:"total"`
	Tally []ResultCount `json:"tally"` // pass, exception and fail, in that order
}

// ResultCount counts evidence records of one result.
type ResultCount struct {
	Result string `json:"result"` // "pass", "exception", "fail"
	Count  int    `json:"count"`  // how many
}

// DescriptionPage is the landing page of the DC 200 points.
type DescriptionPage struct {
	Common
	Points []DCPointRow `json:"points"` // DC1 to DC9
}

// DCPointRow is a DC point in the landing page's list.
type DCPointRow struct {
	ID      string   `json:"id"`                   // "DC1"
	Title   string   `json:"title"`                // the program's title for it, or DC 200's
	Asks    string   `json:"asks"`                 // what DC 200 asks the point to disclose
	Written bool     `json:"written"`              // the program has text for it
	Files   []string `json:"files" theme:"custom"` // the program's files of the point
	Link
}

// SectionPage is a DC point's page: the program's text (the page's
// content), then what the generator adds for that point (DC3 assets, DC4
// incidents, …, absent for the others).
type SectionPage struct {
	Common
	DC      string   `json:"dc"`      // "DC3"
	Asks    string   `json:"asks"`    // what DC 200 asks the point to disclose
	Written bool     `json:"written"` // the program has text for it
	Files   []string `json:"files"`   // the program's files of the point
	File    string   `json:"file"`    // the first of Files: relative links and images in the text resolve from it

	Assets           *AssetSummary     `json:"assets,omitempty"`           // DC3
	Incidents        []IncidentRow     `json:"incidents,omitempty"`        // DC4
	Frameworks       []SeriesFramework `json:"frameworks,omitempty"`       // DC5
	CUECs            []CUECRow         `json:"cuecs,omitempty"`            // DC6
	Responsibilities []string          `json:"responsibilities,omitempty"` // DC6
	Subservice       []SubserviceRow   `json:"subservice,omitempty"`       // DC7
	NotApplicable    []NotApplicable   `json:"not_applicable,omitempty"`   // DC8
	History          bool              `json:"history,omitempty"`          // DC9: the period's git history was examined
	Changes          []ChangeRow       `json:"changes,omitempty"`          // DC9
	site.Headings
}

// AssetSummary counts the asset register.
type AssetSummary struct {
	Total   int     `json:"total"`
	InScope int     `json:"in_scope"` // assets in the system's scope
	ByType  []Count `json:"by_type"`  // assets by type, by label
	ByClass []Count `json:"by_class"` // assets by data classification, by label
}

// SeriesFramework is a framework's criteria by series (DC5).
type SeriesFramework struct {
	ID     string      `json:"id" theme:"custom"`
	Name   string      `json:"name"`                 // "SOC 2"
	Title  string      `json:"title" theme:"custom"` // "Trust Services Criteria (2017, …)"
	Met    int         `json:"met"`                  // criteria met
	Total  int         `json:"total"`                // criteria in scope
	Series []SeriesRow `json:"series"`               // its series (CC1 … CC9, A1, …), in catalog order
	Link
}

// SeriesRow counts a series of criteria, linked to its first criterion.
type SeriesRow struct {
	ID       string `json:"id"`
	Name     string `json:"name"`     // "Control environment"
	Total    int    `json:"total"`    // criteria of the series
	Met      int    `json:"met"`      // of them met
	NA       int    `json:"na"`       // not applicable
	Controls int    `json:"controls"` // controls mapped to its criteria
	Link
}

// CUECRow is a complementary user entity control (DC6).
type CUECRow struct {
	ID       string          `json:"id"`
	Text     string          `json:"text"`     // what the user entity is to do
	Criteria []CriterionLink `json:"criteria"` // the SOC 2 criteria it supports
}

// SubserviceRow is a subprocessor presented as a subservice organization (DC7).
type SubserviceRow struct {
	Name       string        `json:"name"`
	Purpose    string        `json:"purpose"`    // what it does for the organization
	Location   string        `json:"location"`   // where it processes data
	Method     string        `json:"method"`     // "carve-out" or "inclusive"
	Assurance  string        `json:"assurance"`  // its own assurance report, such as "SOC 2 Type II"
	Reviewed   string        `json:"reviewed"`   // when it was last reviewed, or "—"
	Monitoring []ControlLink `json:"monitoring"` // the controls that monitor it
	CSOCs      []CSOCRow     `json:"csocs"`      // the controls it is assumed to operate
	Frag       string        `json:"frag"`       // its row's id in the subprocessor register, and its heading's suffix here
}

// CSOCRow is a complementary subservice organization control.
type CSOCRow struct {
	Text     string          `json:"text"`
	Criteria []CriterionLink `json:"criteria"` // the SOC 2 criteria it supports
}

// NotApplicable is a criterion declared not applicable (DC8).
type NotApplicable struct {
	Framework string `json:"framework"` // the framework's name
	ID        string `json:"id"`        // "A1.1"
	Title     string `json:"title"`     // the catalog's title of the criterion
	Reason    string `json:"reason"`    // why it is not applicable
	Link
}

// ChangeRow is a significant change of the period (DC9).
type ChangeRow struct {
	Kind        string   `json:"kind" theme:"custom"`
	Summary     string   `json:"summary"`               // what changed, in a sentence
	File        string   `json:"file"`                  // the file changed
	Item        ItemLink `json:"item"`                  // the policy or control changed
	Date        string   `json:"date"`                  // the commit's date, YYYY-MM-DD; "" without one
	Commit      string   `json:"commit" theme:"custom"` // the commit's full hash
	CommitShort string   `json:"commit_short"`          // the commit's abbreviated hash
	Subject     string   `json:"subject"`               // the commit's subject line
	Commits     int      `json:"commits"`               // commits of the change
}

// MatrixIndexPage lists the control matrices.
type MatrixIndexPage struct {
	Common
	Frameworks []MatrixFramework `json:"frameworks"` // the frameworks in scope
}

// MatrixFramework is a framework in scope in the matrix index.
type MatrixFramework struct {
	ID     string       `json:"id" theme:"custom"`
	Name   string       `json:"name"`   // "SOC 2"
	Title  string       `json:"title"`  // "Trust Services Criteria (2017, …)"
	Met    int          `json:"met"`    // criteria met
	Total  int          `json:"total"`  // criteria in scope
	Ready  bool         `json:"ready"`  // every criterion in scope is met
	Reason string       `json:"reason"` // why it is or is not ready
	Tally  []StateCount `json:"tally"`  // its criteria by state
	Link
}

// MatrixPage is a framework's control matrix: every criterion, by series,
// with its controls (whose blocks the theme lays out from their pages).
type MatrixPage struct {
	Common
	Framework MatrixFrameworkInfo `json:"framework"`            // the framework
	Met       int                 `json:"met" theme:"custom"`   // criteria met
	Total     int                 `json:"total" theme:"custom"` // criteria in scope
	Ready     bool                `json:"ready" theme:"custom"` // every criterion in scope is met
	Reason    string              `json:"reason"`               // why it is or is not ready
	Series    []MatrixSeries      `json:"series"`               // its criteria by series, in catalog order
}

// MatrixFrameworkInfo names the matrix's framework.
type MatrixFrameworkInfo struct {
	ID         string `json:"id" theme:"custom"`
	Name       string `json:"name" theme:"custom"`        // "SOC 2"
	Title      string `json:"title"`                      // "Trust Services Criteria (2017, …)"
	GroupLabel string `json:"group_label" theme:"custom"` // "Category", "Theme"
}

// MatrixSeries is a series (or group) of criteria in a matrix.
type MatrixSeries struct {
	ID       string            `json:"id"`
	Name     string            `json:"name"`     // "Control environment"
	Anchor   string            `json:"anchor"`   // its section's id
	Criteria []MatrixCriterion `json:"criteria"` // its criteria in scope
}

// MatrixCriterion is a criterion's row in a matrix.
type MatrixCriterion struct {
	ID          string   `json:"id"`
	Anchor      string   `json:"anchor"`               // its row's id, which links to the criterion point at
	Title       string   `json:"title"`                // the catalog's title
	Description string   `json:"description"`          // the catalog's full text, or ""
	Group       string   `json:"group" theme:"custom"` // the name of its category or theme
	State       string   `json:"state"`                // its derived state
	StateLabel  string   `json:"state_label"`          // the state in words
	Reason      string   `json:"reason"`               // why it is in its state
	Controls    []string `json:"controls"`             // the page refs of its controls
}

// SoAPage is the ISO 27001 Statement of Applicability.
type SoAPage struct {
	Common
	Framework  string     `json:"framework"`  // the framework's title
	Themes     []SoATheme `json:"themes"`     // the Annex A themes, in order
	Applicable int        `json:"applicable"` // Annex A controls that apply
	Excluded   int        `json:"excluded"`   // Annex A controls declared not applicable
	Total      int        `json:"total"`      // Annex A controls
}

// SoATheme is an Annex A theme.
type SoATheme struct {
	ID     string   `json:"id" theme:"custom"`
	Name   string   `json:"name"`   // "Organizational controls"
	Anchor string   `json:"anchor"` // its section's id
	Rows   []SoARow `json:"rows"`   // its Annex A controls
}

// SoARow is an Annex A control: whether it applies, why, and what implements it.
type SoARow struct {
	ID            string        `json:"id"`
	Anchor        string        `json:"anchor"`        // its row's id
	Title         string        `json:"title"`         // the catalog's title
	Description   string        `json:"description"`   // the catalog's full text, or ""
	NewIn2022     bool          `json:"new_in_2022"`   // new in the 2022 edition of ISO 27001
	Applicable    bool          `json:"applicable"`    // it applies to the system
	Justification string        `json:"justification"` // why it applies (what implements it) or why not
	State         string        `json:"state"`         // its derived state
	StateLabel    string        `json:"state_label"`   // the state in words
	Reason        string        `json:"reason"`        // why it is in its state
	Controls      []ControlLink `json:"controls"`      // the controls implementing it
	Link                        // its row in the ISO 27001 matrix
}

// PolicyIndexPage lists every policy.
type PolicyIndexPage struct {
	Common
	Rows []PolicyIndexRow `json:"rows"` // every policy, by id
}

// PolicyIndexRow is a policy in the index.
type PolicyIndexRow struct {
	PolicyLink
	Owner         string `json:"owner"`                  // who owns it
	Effective     string `json:"effective"`              // YYYY-MM-DD, or "—"
	NextReview    string `json:"next_review"`            // when it is next due for review, or "—"
	ReviewOverdue bool   `json:"review_overdue"`         // that day has passed
	Problem       string `json:"problem" theme:"custom"` // what keeps it from supporting its controls
	Controls      int    `json:"controls"`               // controls implementing it
}

// PolicyPage is a policy's page; its text is the page's content.
type PolicyPage struct {
	Common
	ID            string          `json:"id"`             // the policy's id
	Owner         string          `json:"owner"`          // who owns it
	Approvers     []string        `json:"approvers"`      // who approves it
	Status        string          `json:"status"`         // "draft", "approved" or "retired"
	Effective     string          `json:"effective"`      // YYYY-MM-DD, or "—"
	ReviewCycle   string          `json:"review_cycle"`   // "annually", …
	Visibility    string          `json:"visibility"`     // "public", "restricted" or "internal": what the trust center shows of it
	Criteria      []CriterionLink `json:"criteria"`       // the criteria it addresses
	Controls      []ControlLink   `json:"controls"`       // the controls implementing it
	File          string          `json:"file"`           // its file in the program: relative links and images in its text resolve from it
	NextReview    string          `json:"next_review"`    // when it is next due for review, or "—"
	ReviewOverdue bool            `json:"review_overdue"` // that day has passed
	Problem       string          `json:"problem"`        // what keeps it from supporting its controls, or ""
	LastReviewed  string          `json:"last_reviewed"`  // YYYY-MM-DD, or "—"
	Revisions     []RevisionRow   `json:"revisions"`      // the commits that changed its file, newest first; null without history
	Version       int             `json:"version"`        // authored commits of its file; 0 without history
	LastChanged   string          `json:"last_changed"`   // the date of the newest, YYYY-MM-DD
	site.Headings
}

// RevisionRow is a commit that changed a policy's or control's file.
type RevisionRow struct {
	Commit    string        `json:"commit"`
	Short     string        `json:"short"`                              // the abbreviated hash
	Date      string        `json:"date"`                               // the commit's date, YYYY-MM-DD
	Author    string        `json:"author"`                             // "Name <email>"
	Subject   string        `json:"subject"`                            // the commit's subject line
	Change    string        `json:"change"`                             // "added", "modified", "renamed", …
	OldPath   string        `json:"old_path"`                           // before a rename
	Merge     bool          `json:"merge" theme:"custom"`               // the commit is a merge
	Approvals []ApprovalRow `json:"approvals"`                          // its Approved-by and Reviewed-by trailers
	Label     string        `json:"label"`                              // "v3"; "" for a merge
	Inserted  int           `json:"inserted,omitempty"`                 // lines added; absent without a diff
	Deleted   int           `json:"deleted,omitempty"`                  // lines removed; absent without a diff
	Binary    bool          `json:"binary,omitempty" theme:"custom"`    // the file is binary: the diff has no lines
	Truncated bool          `json:"truncated,omitempty" theme:"custom"` // the diff is cut
	Diff      string        `json:"diff,omitempty"`                     // the diff against the revision before, as HTML
	DiffError string        `json:"diff_error,omitempty"`               // why the diff is missing
}

// ApprovalRow is an approval trailer of a revision's commit.
type ApprovalRow struct {
	Kind string `json:"kind"` // "Approved-by" or "Reviewed-by"
	By   string `json:"by"`   // "Name <email>"
	At   string `json:"at"`   // YYYY-MM-DD
}

// ControlIndexPage lists every control.
type ControlIndexPage struct {
	Common
	Rows  []ControlIndexRow `json:"rows"`  // every control, by id
	Tally []StateCount      `json:"tally"` // controls by state, in legend order
}

// ControlIndexRow is a control in the index.
type ControlIndexRow struct {
	ControlLink
	Frequency string `json:"frequency"` // "quarterly", "continuous", …
	Evidence  int    `json:"evidence"`  // its evidence records
}

// ControlPage is a control's page; its narrative is the page's content.
type ControlPage struct {
	Common
	ID             string          `json:"id"`              // the control's id
	Owner          string          `json:"owner"`           // who operates it
	Frequency      string          `json:"frequency"`       // "quarterly", "continuous", …
	ControlKind    string          `json:"control_kind"`    // "preventive", "detective", …
	Automated      bool            `json:"automated"`       // it operates without a person
	OneLine        string          `json:"one_line"`        // one sentence on what it does
	Visibility     string          `json:"visibility"`      // "public", "restricted" or "internal": what the trust center shows of it
	State          string          `json:"state"`           // its derived state
	StateLabel     string          `json:"state_label"`     // the state in words
	Reason         string          `json:"reason"`          // why it is in its state
	PolicyProblems []string        `json:"policy_problems"` // what its policies lack (not approved, review overdue); null when not evaluated
	Criteria       []CriterionLink `json:"criteria"`        // the criteria it meets
	Policies       []PolicyLink    `json:"policies"`        // the policies it implements
	Risks          []RiskLink      `json:"risks"`           // the risks it treats
	Incidents      []IncidentLink  `json:"incidents"`       // the incidents it was involved in
	TestProcedure  site.Markdown   `json:"test_procedure"`  // how the auditor tests it, Markdown for .RenderString
	Evidence       []EvidenceRow   `json:"evidence"`        // its evidence records
	EvidenceCount  int             `json:"evidence_count"`  // its evidence records, which the print view's matrix counts
	Occurrences    []Occurrence    `json:"occurrences"`     // the periods it was due to operate in, in order
	File           string          `json:"file"`            // its file in the program: relative links and images in its narrative resolve from it
	Revisions      []RevisionRow   `json:"revisions"`       // the commits that changed its file, newest first; null without history
	Version        int             `json:"version"`         // authored commits of its file; 0 without history
	LastChanged    string          `json:"last_changed"`    // the date of the newest, YYYY-MM-DD
	site.Headings
}

// RiskLink is a risk a control treats, linked to its row in the register.
type RiskLink struct {
	ID    string `json:"id"`
	Title string `json:"title"`                // the risk's title
	Score int    `json:"score" theme:"custom"` // likelihood × impact
	Link
}

// IncidentLink is an incident a control was involved in.
type IncidentLink struct {
	ID    string `json:"id"`
	Title string `json:"title"` // the incident's title
	Link
}

// EvidenceRow is an evidence record of a control.
type EvidenceRow struct {
	ID         string `json:"id"`
	Anchor     string `json:"anchor"`                           // its row's id
	Link       Link   `json:"link"`                             // its row on the control's page
	Title      string `json:"title"`                            // what it shows
	Collected  string `json:"collected"`                        // YYYY-MM-DD
	CoversFrom string `json:"covers_from"`                      // first day of the period it shows, YYYY-MM-DD
	CoversTo   string `json:"covers_to"`                        // last day of that period
	Result     string `json:"result"`                           // "pass", "exception" or "fail"
	SHA256     string `json:"sha256"`                           // the file's SHA-256, or ""
	SHAShort   string `json:"sha_short"`                        // its first characters
	Collector  string `json:"collector"`                        // who collected it
	Note       string `json:"note"`                             // what the collector noted
	File       string `json:"file"`                             // its file in the program, or ""
	Href       string `json:"href"`                             // the copied file's path in the site; "" when not copied
	URL        string `json:"url"`                              // where it is kept instead of a file, or ""
	Size       string `json:"size"`                             // "12 KB"
	Snippet    string `json:"snippet"`                          // its first lines, highlighted HTML; "" for binary files
	Truncated  bool   `json:"truncated"`                        // the snippet is cut
	Missing    bool   `json:"missing,omitempty" theme:"custom"` // the file is missing from the program
}

// Occurrence is a period a control was due to operate in.
type Occurrence struct {
	Label      string               `json:"label"`
	From       string               `json:"from"`                 // first day of the period, YYYY-MM-DD
	To         string               `json:"to"`                   // last day of the period
	Due        string               `json:"due"`                  // when its evidence is due
	State      string               `json:"state"`                // its derived state
	StateLabel string               `json:"state_label"`          // the state in words
	Reason     string               `json:"reason"`               // why it is in its state
	Cause      string               `json:"cause" theme:"custom"` // what makes it a gap: "Missing evidence", "Late evidence", …; "" otherwise
	Partial    bool                 `json:"partial"`              // the period is cut by the audit period
	Evidence   []OccurrenceEvidence `json:"evidence"`             // the evidence records that cover it
}

// OccurrenceEvidence is an evidence record of an occurrence, with its row's id.
type OccurrenceEvidence struct {
	ID   string `json:"id"`
	Frag string `json:"frag"` // the record's row id on the control's page
}

// RegisterIndexPage lists the registers.
type RegisterIndexPage struct {
	Common
	Registers []RegisterLink `json:"registers"` // risks, vendors, subprocessors, assets, incidents
}

// RegisterLink is a register with its number of entries.
type RegisterLink struct {
	Title string `json:"title"`
	Count int    `json:"count"` // entries in the register
	Link
}

// RisksPage is the risk register with its likelihood × impact heat map.
type RisksPage struct {
	Common
	Rows []RiskRow `json:"rows"` // every risk, in the register's order
	Heat Heat      `json:"heat"` // the risks by likelihood and impact
}

// RiskRow is a risk of the register.
type RiskRow struct {
	ID         string        `json:"id"`
	Anchor     string        `json:"anchor"`     // its row's id
	Title      string        `json:"title"`      // the risk's title
	Likelihood int           `json:"likelihood"` // 1 to 5
	Impact     int           `json:"impact"`     // 1 to 5
	Score      int           `json:"score"`      // likelihood × impact
	Band       string        `json:"band"`       // "low", "medium", "high", "critical"
	Owner      string        `json:"owner"`      // who owns it
	Treatment  string        `json:"treatment"`  // "mitigate", "accept", …
	Status     string        `json:"status"`     // "open", "treated", "accepted", "closed", …
	Due        string        `json:"due"`        // when its treatment is due, or "—"
	Overdue    bool          `json:"overdue"`    // that day has passed and it is still open
	Controls   []ControlLink `json:"controls"`   // the controls treating it
}

// Heat is the 5×5 heat map's geometry in SVG user units.
type Heat struct {
	Cell    int         `json:"cell"`
	Width   int         `json:"width"`               // width of the map
	Height  int         `json:"height"`              // height of the map
	Cells   []HeatCell  `json:"cells"`               // 25 cells, likelihood 5 first
	YLabels []AxisLabel `json:"y_labels"`            // likelihood, 5 first
	XLabels []AxisLabel `json:"x_labels"`            // impact, 1 first
	XTitle  Point       `json:"x_title"`             // where the x axis's title goes
	YTitle  Point       `json:"y_title"`             // where the y axis's title goes
	Grid    Grid        `json:"grid" theme:"custom"` // the square the cells fill
}

// HeatCell is a likelihood × impact cell.
type HeatCell struct {
	X     int    `json:"x"`
	Y     int    `json:"y"`     // top of the cell
	CX    int    `json:"cx"`    // x of the cell's count
	CY    int    `json:"cy"`    // y of the cell's count
	Count int    `json:"count"` // risks in the cell
	Band  string `json:"band"`  // "low", "medium", "high" or "critical"
	Title string `json:"title"` // what the cell holds, in words
}

// AxisLabel is a label of the heat map's axes.
type AxisLabel struct {
	Text string `json:"text"`           // the label
	Name string `json:"name,omitempty"` // the impact's name, on the x axis
	X    int    `json:"x"`              // where it goes
	Y    int    `json:"y"`              // where it goes
}

// Point is a position.
type Point struct {
	X int `json:"x"`
	Y int `json:"y"`
}

// Grid is the heat map's square.
type Grid struct {
	X    int `json:"x" theme:"custom"`
	Y    int `json:"y" theme:"custom"`
	Size int `json:"size" theme:"custom"`
}

// VendorsPage is the vendor register.
type VendorsPage struct {
	Common
	Rows []VendorRow `json:"rows"` // every vendor, in the register's order
}

// VendorRow is a vendor.
type VendorRow struct {
	Name          string `json:"name"`
	Service       string `json:"service"`        // what it provides
	Criticality   string `json:"criticality"`    // "high", "medium", "low"
	Owner         string `json:"owner"`          // who owns the relationship
	Assurance     string `json:"assurance"`      // its assurance report, or ""
	Reviewed      string `json:"reviewed"`       // when it was last reviewed, or "—"
	NextReview    string `json:"next_review"`    // when it is next due for review, or "—"
	ReviewOverdue bool   `json:"review_overdue"` // that day has passed
}

// SubprocessorsPage is the subprocessor register.
type SubprocessorsPage struct {
	Common
	Rows []SubprocessorRow `json:"rows"` // every subprocessor, in the register's order
}

// SubprocessorRow is a subprocessor.
type SubprocessorRow struct {
	Name       string `json:"name"`
	Anchor     string `json:"anchor"`               // its row's id
	Purpose    string `json:"purpose"`              // what it does for the organization
	Location   string `json:"location"`             // where it processes data
	Data       string `json:"data"`                 // what customer data it processes
	Since      string `json:"since"`                // YYYY-MM-DD, or "—"
	DPA        bool   `json:"dpa"`                  // a data processing agreement is signed
	Assurance  string `json:"assurance"`            // its own assurance report, or ""
	Reviewed   string `json:"reviewed"`             // when it was last reviewed, or "—"
	Visibility string `json:"visibility"`           // "public", "restricted" or "internal": what the trust center shows of it
	Method     string `json:"method"`               // "—" when it is not a subservice organization
	Subservice bool   `json:"subservice"`           // it is presented as a subservice organization (DC7)
	CSOCs      int    `json:"csocs" theme:"custom"` // controls it is assumed to operate
}

// AssetsPage is the asset register.
type AssetsPage struct {
	Common
	Rows          []AssetRow   `json:"rows"`           // every asset, in the register's order
	SummaryCounts AssetSummary `json:"summary_counts"` // the assets counted
}

// AssetRow is an asset.
type AssetRow struct {
	ID             string `json:"id"`
	Name           string `json:"name"`           // the asset's name
	Type           string `json:"type"`           // "service", "database", "laptop", …
	Owner          string `json:"owner"`          // who owns it
	Classification string `json:"classification"` // the data it holds: "confidential", …
	InScope        bool   `json:"in_scope"`       // it is in the system's scope
}

// IncidentsPage is the incident register.
type IncidentsPage struct {
	Common
	Rows []IncidentRow `json:"rows"` // every incident, in the register's order
}

// IncidentRow is an incident.
type IncidentRow struct {
	ID        string        `json:"id"`
	Anchor    string        `json:"anchor"`     // its row's id
	Title     string        `json:"title"`      // the incident's title
	Detected  string        `json:"detected"`   // YYYY-MM-DD
	Resolved  string        `json:"resolved"`   // a date, or "open"
	Severity  string        `json:"severity"`   // "low", "medium", "high", …
	RootCause string        `json:"root_cause"` // what caused it
	Actions   []string      `json:"actions"`    // what was done about it
	Controls  []ControlLink `json:"controls"`   // the controls involved
	InPeriod  bool          `json:"in_period"`  // detected during the audit period
	Link
}

// CoveragePage is the control × period heat map.
type CoveragePage struct {
	Common
	Columns []CoverageColumn `json:"columns"` // the periods, in order
	Rows    []CoverageRow    `json:"rows"`    // a row per control, by id
	Tally   []StateCount     `json:"tally"`   // cells by state, in legend order
	Legend  []StateLabel     `json:"legend"`  // the states the cells show, in order
	SVG     CoverageSVG      `json:"svg"`     // the map's geometry
}

// CoverageColumn is a period of the heat map.
type CoverageColumn struct {
	Label string `json:"label"`
	From  string `json:"from" theme:"custom"` // first day, YYYY-MM-DD
	To    string `json:"to" theme:"custom"`   // last day
	X     int    `json:"x"`                   // centre of the column
}

// CoverageRow is a control's row of the heat map.
type CoverageRow struct {
	ID     string         `json:"id"`
	Title  string         `json:"title"`            // the control's title
	State  string         `json:"state"`            // the control's derived state
	Reason string         `json:"reason"`           // why it is in its state
	Y      int            `json:"y" theme:"custom"` // top of the row
	CellY  int            `json:"cell_y"`           // top of its cells
	TextY  int            `json:"text_y"`           // baseline of its label
	Cells  []CoverageCell `json:"cells"`            // one per period
	Link
}

// CoverageCell is a control's state in a period.
type CoverageCell struct {
	X     int    `json:"x"`
	State string `json:"state"` // the worst state of its occurrences in the period, or "none"
	Title string `json:"title"` // what the cell shows, in words
}

// CoverageSVG is the heat map's geometry.
type CoverageSVG struct {
	Width   int `json:"width"`
	Height  int `json:"height"`   // height of the map
	CellW   int `json:"cell_w"`   // width of a cell
	CellH   int `json:"cell_h"`   // height of a cell
	LabelX  int `json:"label_x"`  // where the row labels end
	HeaderY int `json:"header_y"` // baseline of the column labels
}

// GapsPage lists the actions that close the gaps, the exceptions, and what
// is overdue or falls due soon.
type GapsPage struct {
	Common
	Rows       []ActionRow    `json:"rows"`       // the report's actions, in its order
	Gaps       int            `json:"gaps"`       // gaps the actions close
	ByOwner    []Count        `json:"by_owner"`   // actions by owner
	Exceptions []ExceptionRow `json:"exceptions"` // exceptions recorded against occurrences
	Overdue    []DueRow       `json:"overdue"`    // what is overdue at the evaluation date
	Upcoming   []DueRow       `json:"upcoming"`   // what falls due in the days after
	Today      string         `json:"today"`      // the evaluation date
}

// ActionRow is an action of the report, with what it unblocks. One of
// Policy, Control and Criterion names what it acts on.
type ActionRow struct {
	Kind        string          `json:"kind"`
	KindLabel   string          `json:"kind_label"`             // "Collect evidence", "Review policy", …
	Summary     string          `json:"summary" theme:"custom"` // the action in a sentence
	Owner       string          `json:"owner"`                  // who is to act, or "unassigned"
	Action      string          `json:"action"`                 // what to do
	Due         string          `json:"due"`                    // by when, or "—"
	Gaps        int             `json:"gaps" theme:"custom"`    // gaps it closes
	Occurrences string          `json:"occurrences"`            // the occurrences it closes, joined
	Policy      *PolicyLink     `json:"policy"`                 // the policy to act on, or null
	Control     *ControlLink    `json:"control"`                // the control to act on, or null
	Criterion   *CriterionLink  `json:"criterion"`              // the criterion to map a control to, or null
	Controls    []ControlLink   `json:"controls"`               // the controls it unblocks
	Criteria    []CriterionLink `json:"criteria"`               // the criteria it unblocks
}

// ExceptionRow is an exception recorded against an occurrence.
type ExceptionRow struct {
	Control      ControlLink `json:"control"`
	Owner        string      `json:"owner"`         // the control's owner, or "unassigned"
	Evidence     string      `json:"evidence"`      // the evidence record's id
	Result       string      `json:"result"`        // "exception" or "fail"
	Note         string      `json:"note"`          // what the collector noted
	Collected    string      `json:"collected"`     // YYYY-MM-DD
	EvidenceLink Link        `json:"evidence_link"` // the record's row on the control's page
	Occurrences  string      `json:"occurrences"`   // the occurrences it concerns, joined
	Remediation  string      `json:"remediation"`   // the evidence that remediates it, or ""
}

// DueRow is something overdue or falling due.
type DueRow struct {
	Kind  string `json:"kind" theme:"custom"`
	ID    string `json:"id"`    // the control, policy, risk or vendor
	Label string `json:"label"` // what falls due, in words
	Owner string `json:"owner"` // who is to act, or "unassigned"
	Due   string `json:"due"`   // YYYY-MM-DD
	What  string `json:"what"`  // what to do
	Link
}

// PrintPage joins every other page, in reading order.
type PrintPage struct {
	Common
	Refs    []string `json:"refs"`    // the refs of the pages joined; none in a preview
	Preview bool     `json:"preview"` // attest serve: the page is left empty
}

// SearchPage is the search page.
type SearchPage struct {
	Common
	Preview bool `json:"preview"` // attest serve: the index is a file made in Go
}

// SiteData is the site-wide data, hugo.Data.attest in every template.
type SiteData struct {
	Build     BuildData  `json:"build"`
	Revisions bool       `json:"revisions"` // pages carry revision tables
	Versions  *Versions  `json:"versions"`  // the version switcher; null without versions
	Org       Org        `json:"org"`       // the organization
	Audit     AuditData  `json:"audit"`     // the audit
	Nav       []NavGroup `json:"nav"`       // the sidebar, with its links resolved
	Links     SiteLinks  `json:"links"`     // the banner's links
	// Sources maps each source file of a page to the page's ref, so that
	// Markdown links between the program's files lead to their pages.
	Sources map[string]string `json:"sources"`
	// Files marks the files copied into the site: evidence and images.
	Files map[string]bool `json:"files"`
}

// BuildData says what the site was built from.
type BuildData struct {
	Commit      string `json:"commit"`
	CommitShort string `json:"commit_short"` // the abbreviated hash
	Draft       bool   `json:"draft"`        // the work tree had uncommitted changes
	CommitTime  string `json:"commit_time"`  // "2026-07-01 07:30 UTC"; "" outside git
	// CommitInstant is the commit time to the second, which dates the PDF
	// of the print view (attest pdf).
	CommitInstant string `json:"commit_instant"`
}

// Versions is the version switcher: every version's link from the site's
// root, up and out of this version's folder.
type Versions struct {
	Current string        `json:"current"` // this version's name
	List    []VersionLink `json:"list"`    // every version, latest first
	Index   string        `json:"index"`   // the list of versions
}

// VersionLink is a version of the description.
type VersionLink struct {
	Name        string `json:"name"`                        // "latest" or the tag
	Href        string `json:"href"`                        // its home page from the site's root
	Date        string `json:"date"`                        // YYYY-MM-DD of its commit
	CommitShort string `json:"commit_short" theme:"custom"` // its commit, abbreviated
	Current     bool   `json:"current"`                     // it is this version
}

// Org is the organization, from config.toml.
type Org struct {
	Name            string `json:"name"`
	Website         string `json:"website" theme:"custom"`          // its website, or ""
	SecurityContact string `json:"security_contact" theme:"custom"` // where to report a security issue
}

// AuditData describes the audit.
type AuditData struct {
	ReportType string   `json:"report_type"` // "Type 1" or "Type 2"
	Period     string   `json:"period"`      // "2026-01-01 to 2026-06-30", or "as of 2026-06-30"
	Evaluated  string   `json:"evaluated"`   // the date statuses are judged at, YYYY-MM-DD (the commit's)
	Auditor    string   `json:"auditor"`     // the audit firm, or ""
	Frameworks []string `json:"frameworks"`  // names of the frameworks in scope
	Categories string   `json:"categories"`  // the SOC 2 categories in scope, joined
}

// NavGroup is a group of the sidebar.
type NavGroup struct {
	Label string    `json:"label"`
	Items []NavItem `json:"items"` // its links
}

// NavItem is a link of the sidebar.
type NavItem struct {
	Label string `json:"label"`
	Link
}

// SiteLinks are the banner's links.
type SiteLinks struct {
	Home   string `json:"home"`   // the home page's URL
	Search string `json:"search"` // the search page's URL
}
