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
	Count int    `json:"count"`
}

// StateLabel is a state of a chart's legend.
type StateLabel struct {
	State string `json:"state"`
	Label string `json:"label"`
}

// Count is a count of things by label.
type Count struct {
	Label string `json:"label"`
	Count int    `json:"count"`
}

// CriterionLink names a criterion of a framework and links to its row in
// the framework's matrix, when the framework is in scope.
type CriterionLink struct {
	Framework string `json:"framework" theme:"custom"` // the framework's id
	ID        string `json:"id"`
	Name      string `json:"name"`  // "SOC 2 CC6.1", or the id alone
	Title     string `json:"title"` // the catalog's title, or ""
	Link
}

// ControlLink names a control with its derived state.
type ControlLink struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	State      string `json:"state"`
	StateLabel string `json:"state_label"`
	Reason     string `json:"reason"` // why it is in its state
	Owner      string `json:"owner"`
	Link
}

// PolicyLink names a policy.
type PolicyLink struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Status string `json:"status"` // "draft", "approved", "retired"
	Link
}

// ItemLink names a policy or a control by id; Ref is "" for neither.
type ItemLink struct {
	ID    string `json:"id" theme:"custom"`
	Title string `json:"title" theme:"custom"`
	Link
}

// Chart is a bar chart's geometry in SVG user units: a row per bar, each
// a stack of segments by state.
type Chart struct {
	Width  int      `json:"width"`
	Height int      `json:"height"`
	BarX   int      `json:"bar_x"`
	BarW   int      `json:"bar_w"`
	BarH   int      `json:"bar_h"`
	LabelX int      `json:"label_x"`
	CountX int      `json:"count_x"`
	Rows   []BarRow `json:"rows"`
}

// BarRow is one bar of a chart.
type BarRow struct {
	Label    string       `json:"label"`
	Met      int          `json:"met"`
	Total    int          `json:"total"`
	Pct      int          `json:"pct" theme:"custom"`
	Y        int          `json:"y" theme:"custom"`
	BarY     int          `json:"bar_y"`
	TextY    int          `json:"text_y"`
	Segments []BarSegment `json:"segments"`
}

// BarSegment is the part of a bar in one state.
type BarSegment struct {
	State string  `json:"state"`
	Label string  `json:"label"`
	Count int     `json:"count"`
	X     float64 `json:"x"`
	W     float64 `json:"w"`
}

// OverviewPage is the home page: readiness per framework, controls by
// state, evidence by result.
type OverviewPage struct {
	Common
	Frameworks []OverviewFramework `json:"frameworks"`
	Controls   OverviewControls    `json:"controls"`
	Evidence   OverviewEvidence    `json:"evidence"`
	Gaps       int                 `json:"gaps"`    // gaps the actions close
	Actions    int                 `json:"actions"` // actions that close them
	Policies   int                 `json:"policies" theme:"custom"`
	Legend     []StateLabel        `json:"legend"`
}

// OverviewFramework is a framework in scope on the overview.
type OverviewFramework struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Title      string `json:"title" theme:"custom"`
	GroupLabel string `json:"group_label"`
	Met        int    `json:"met"`
	Total      int    `json:"total"`
	Pct        int    `json:"pct"`
	Ready      bool   `json:"ready"`
	Reason     string `json:"reason"`
	Link              // its control matrix
	Chart      Chart  `json:"chart"` // its criteria by group and state
}

// OverviewControls counts the controls by state.
type OverviewControls struct {
	Total int          `json:"total"`
	Tally []StateCount `json:"tally"`
	Chart Chart        `json:"chart"`
}

// OverviewEvidence counts the evidence records by result.
type OverviewEvidence struct {
	Total int           `json:"total"`
	Tally []ResultCount `json:"tally"`
}

// ResultCount counts evidence records of one result.
type ResultCount struct {
	Result string `json:"result"` // "pass", "exception", "fail"
	Count  int    `json:"count"`
}

// DescriptionPage is the landing page of the DC 200 points.
type DescriptionPage struct {
	Common
	Points []DCPointRow `json:"points"`
}

// DCPointRow is a DC point in the landing page's list.
type DCPointRow struct {
	ID      string   `json:"id"` // "DC1"
	Title   string   `json:"title"`
	Asks    string   `json:"asks"`    // what DC 200 asks the point to disclose
	Written bool     `json:"written"` // the program has text for it
	Files   []string `json:"files" theme:"custom"`
	Link
}

// SectionPage is a DC point's page: the program's text (the page's
// content), then what the generator adds for that point (DC3 assets, DC4
// incidents, …, absent for the others).
type SectionPage struct {
	Common
	DC      string   `json:"dc"` // "DC3"
	Asks    string   `json:"asks"`
	Written bool     `json:"written"`
	Files   []string `json:"files"` // the program's files of the point
	File    string   `json:"file"`

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
	InScope int     `json:"in_scope"`
	ByType  []Count `json:"by_type"`
	ByClass []Count `json:"by_class"`
}

// SeriesFramework is a framework's criteria by series (DC5).
type SeriesFramework struct {
	ID     string      `json:"id" theme:"custom"`
	Name   string      `json:"name"`
	Title  string      `json:"title" theme:"custom"`
	Met    int         `json:"met"`
	Total  int         `json:"total"`
	Series []SeriesRow `json:"series"`
	Link
}

// SeriesRow counts a series of criteria, linked to its first criterion.
type SeriesRow struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Total    int    `json:"total"`
	Met      int    `json:"met"`
	NA       int    `json:"na"`       // not applicable
	Controls int    `json:"controls"` // controls mapped to its criteria
	Link
}

// CUECRow is a complementary user entity control (DC6).
type CUECRow struct {
	ID       string          `json:"id"`
	Text     string          `json:"text"`
	Criteria []CriterionLink `json:"criteria"`
}

// SubserviceRow is a subprocessor presented as a subservice organization (DC7).
type SubserviceRow struct {
	Name       string        `json:"name"`
	Purpose    string        `json:"purpose"`
	Location   string        `json:"location"`
	Method     string        `json:"method"` // "carve-out" or "inclusive"
	Assurance  string        `json:"assurance"`
	Reviewed   string        `json:"reviewed"`
	Monitoring []ControlLink `json:"monitoring"` // the controls that monitor it
	CSOCs      []CSOCRow     `json:"csocs"`
	Frag       string        `json:"frag"` // its row's id in the subprocessor register, and its heading's suffix here
}

// CSOCRow is a complementary subservice organization control.
type CSOCRow struct {
	Text     string          `json:"text"`
	Criteria []CriterionLink `json:"criteria"`
}

// NotApplicable is a criterion declared not applicable (DC8).
type NotApplicable struct {
	Framework string `json:"framework"` // the framework's name
	ID        string `json:"id"`
	Title     string `json:"title"`
	Reason    string `json:"reason"`
	Link
}

// ChangeRow is a significant change of the period (DC9).
type ChangeRow struct {
	Kind        string   `json:"kind" theme:"custom"`
	Summary     string   `json:"summary"`
	File        string   `json:"file"`
	Item        ItemLink `json:"item"` // the policy or control changed
	Date        string   `json:"date"`
	Commit      string   `json:"commit" theme:"custom"`
	CommitShort string   `json:"commit_short"`
	Subject     string   `json:"subject"`
	Commits     int      `json:"commits"` // commits of the change
}

// MatrixIndexPage lists the control matrices.
type MatrixIndexPage struct {
	Common
	Frameworks []MatrixFramework `json:"frameworks"`
}

// MatrixFramework is a framework in scope in the matrix index.
type MatrixFramework struct {
	ID     string       `json:"id" theme:"custom"`
	Name   string       `json:"name"`
	Title  string       `json:"title"`
	Met    int          `json:"met"`
	Total  int          `json:"total"`
	Ready  bool         `json:"ready"`
	Reason string       `json:"reason"`
	Tally  []StateCount `json:"tally"` // its criteria by state
	Link
}

// MatrixPage is a framework's control matrix: every criterion, by series,
// with its controls (whose blocks the theme lays out from their pages).
type MatrixPage struct {
	Common
	Framework MatrixFrameworkInfo `json:"framework"`
	Met       int                 `json:"met" theme:"custom"`
	Total     int                 `json:"total" theme:"custom"`
	Ready     bool                `json:"ready" theme:"custom"`
	Reason    string              `json:"reason"`
	Series    []MatrixSeries      `json:"series"`
}

// MatrixFrameworkInfo names the matrix's framework.
type MatrixFrameworkInfo struct {
	ID         string `json:"id" theme:"custom"`
	Name       string `json:"name" theme:"custom"`
	Title      string `json:"title"`
	GroupLabel string `json:"group_label" theme:"custom"`
}

// MatrixSeries is a series (or group) of criteria in a matrix.
type MatrixSeries struct {
	ID       string            `json:"id"`
	Name     string            `json:"name"`
	Anchor   string            `json:"anchor"`
	Criteria []MatrixCriterion `json:"criteria"`
}

// MatrixCriterion is a criterion's row in a matrix.
type MatrixCriterion struct {
	ID          string   `json:"id"`
	Anchor      string   `json:"anchor"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Group       string   `json:"group" theme:"custom"`
	State       string   `json:"state"`
	StateLabel  string   `json:"state_label"`
	Reason      string   `json:"reason"`
	Controls    []string `json:"controls"` // the page refs of its controls
}

// SoAPage is the ISO 27001 Statement of Applicability.
type SoAPage struct {
	Common
	Framework  string     `json:"framework"` // the framework's title
	Themes     []SoATheme `json:"themes"`
	Applicable int        `json:"applicable"`
	Excluded   int        `json:"excluded"`
	Total      int        `json:"total"`
}

// SoATheme is an Annex A theme.
type SoATheme struct {
	ID     string   `json:"id" theme:"custom"`
	Name   string   `json:"name"`
	Anchor string   `json:"anchor"`
	Rows   []SoARow `json:"rows"`
}

// SoARow is an Annex A control: whether it applies, why, and what implements it.
type SoARow struct {
	ID            string        `json:"id"`
	Anchor        string        `json:"anchor"`
	Title         string        `json:"title"`
	Description   string        `json:"description"`
	NewIn2022     bool          `json:"new_in_2022"`
	Applicable    bool          `json:"applicable"`
	Justification string        `json:"justification"`
	State         string        `json:"state"`
	StateLabel    string        `json:"state_label"`
	Reason        string        `json:"reason"`
	Controls      []ControlLink `json:"controls"`
	Link                        // its row in the ISO 27001 matrix
}

// PolicyIndexPage lists every policy.
type PolicyIndexPage struct {
	Common
	Rows []PolicyIndexRow `json:"rows"`
}

// PolicyIndexRow is a policy in the index.
type PolicyIndexRow struct {
	PolicyLink
	Owner         string `json:"owner"`
	Effective     string `json:"effective"`
	NextReview    string `json:"next_review"`
	ReviewOverdue bool   `json:"review_overdue"`
	Problem       string `json:"problem" theme:"custom"` // what keeps it from supporting its controls
	Controls      int    `json:"controls"`
}

// PolicyPage is a policy's page; its text is the page's content.
type PolicyPage struct {
	Common
	ID            string          `json:"id"`
	Owner         string          `json:"owner"`
	Approvers     []string        `json:"approvers"`
	Status        string          `json:"status"`
	Effective     string          `json:"effective"`
	ReviewCycle   string          `json:"review_cycle"`
	Visibility    string          `json:"visibility"`
	Criteria      []CriterionLink `json:"criteria"`
	Controls      []ControlLink   `json:"controls"`
	File          string          `json:"file"`
	NextReview    string          `json:"next_review"`
	ReviewOverdue bool            `json:"review_overdue"`
	Problem       string          `json:"problem"`
	LastReviewed  string          `json:"last_reviewed"`
	Revisions     []Revision      `json:"revisions"`
	Version       int             `json:"version"`
	LastChanged   string          `json:"last_changed"`
	site.Headings
}

// Revision is a commit that changed a policy's or control's file.
type Revision struct {
	Commit    string     `json:"commit"`
	Short     string     `json:"short"`
	Date      string     `json:"date"`
	Author    string     `json:"author"`
	Subject   string     `json:"subject"`
	Change    string     `json:"change"`   // "added", "modified", "renamed", …
	OldPath   string     `json:"old_path"` // before a rename
	Merge     bool       `json:"merge" theme:"custom"`
	Approvals []Approval `json:"approvals"`
	Label     string     `json:"label"` // "v3"; "" for a merge
	Inserted  int        `json:"inserted,omitempty"`
	Deleted   int        `json:"deleted,omitempty"`
	Binary    bool       `json:"binary,omitempty" theme:"custom"`
	Truncated bool       `json:"truncated,omitempty" theme:"custom"`
	Diff      string     `json:"diff,omitempty"`       // the diff against the revision before, as HTML
	DiffError string     `json:"diff_error,omitempty"` // why the diff is missing
}

// Approval is an approval trailer of a revision's commit.
type Approval struct {
	Kind string `json:"kind"` // "Approved-by" or "Reviewed-by"
	By   string `json:"by"`
	At   string `json:"at"`
}

// ControlIndexPage lists every control.
type ControlIndexPage struct {
	Common
	Rows  []ControlIndexRow `json:"rows"`
	Tally []StateCount      `json:"tally"`
}

// ControlIndexRow is a control in the index.
type ControlIndexRow struct {
	ControlLink
	Frequency string `json:"frequency"`
	Evidence  int    `json:"evidence"` // its evidence records
}

// ControlPage is a control's page; its narrative is the page's content.
type ControlPage struct {
	Common
	ID             string          `json:"id"`
	Owner          string          `json:"owner"`
	Frequency      string          `json:"frequency"`
	ControlKind    string          `json:"control_kind"`
	Automated      bool            `json:"automated"`
	OneLine        string          `json:"one_line"`
	Visibility     string          `json:"visibility"`
	State          string          `json:"state"`
	StateLabel     string          `json:"state_label"`
	Reason         string          `json:"reason"`
	PolicyProblems []string        `json:"policy_problems"`
	Criteria       []CriterionLink `json:"criteria"`
	Policies       []PolicyLink    `json:"policies"`
	Risks          []RiskLink      `json:"risks"`
	Incidents      []IncidentLink  `json:"incidents"`
	TestProcedure  site.Markdown   `json:"test_procedure"`
	Evidence       []EvidenceRow   `json:"evidence"`
	EvidenceCount  int             `json:"evidence_count"` // its evidence records, which the print view's matrix counts
	Occurrences    []Occurrence    `json:"occurrences"`
	File           string          `json:"file"`
	Revisions      []Revision      `json:"revisions"`
	Version        int             `json:"version"`
	LastChanged    string          `json:"last_changed"`
	site.Headings
}

// RiskLink is a risk a control treats, linked to its row in the register.
type RiskLink struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Score int    `json:"score" theme:"custom"`
	Link
}

// IncidentLink is an incident a control was involved in.
type IncidentLink struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Link
}

// EvidenceRow is an evidence record of a control.
type EvidenceRow struct {
	ID         string `json:"id"`
	Anchor     string `json:"anchor"`
	Link       Link   `json:"link"` // its row on the control's page
	Title      string `json:"title"`
	Collected  string `json:"collected"`
	CoversFrom string `json:"covers_from"`
	CoversTo   string `json:"covers_to"`
	Result     string `json:"result"`
	SHA256     string `json:"sha256"`
	SHAShort   string `json:"sha_short"`
	Collector  string `json:"collector"`
	Note       string `json:"note"`
	File       string `json:"file"`
	Href       string `json:"href"` // the copied file's path in the site; "" when not copied
	URL        string `json:"url"`
	Size       string `json:"size"`      // "12 KB"
	Snippet    string `json:"snippet"`   // its first lines, highlighted HTML; "" for binary files
	Truncated  bool   `json:"truncated"` // the snippet is cut
	Missing    bool   `json:"missing,omitempty" theme:"custom"`
}

// Occurrence is a period a control was due to operate in.
type Occurrence struct {
	Label      string               `json:"label"`
	From       string               `json:"from"`
	To         string               `json:"to"`
	Due        string               `json:"due"`
	State      string               `json:"state"`
	StateLabel string               `json:"state_label"`
	Reason     string               `json:"reason"`
	Cause      string               `json:"cause" theme:"custom"`
	Partial    bool                 `json:"partial"` // the period is cut by the audit period
	Evidence   []OccurrenceEvidence `json:"evidence"`
}

// OccurrenceEvidence is an evidence record of an occurrence, with its row's id.
type OccurrenceEvidence struct {
	ID   string `json:"id"`
	Frag string `json:"frag"`
}

// RegisterIndexPage lists the registers.
type RegisterIndexPage struct {
	Common
	Registers []RegisterLink `json:"registers"`
}

// RegisterLink is a register with its number of entries.
type RegisterLink struct {
	Title string `json:"title"`
	Count int    `json:"count"`
	Link
}

// RisksPage is the risk register with its likelihood × impact heat map.
type RisksPage struct {
	Common
	Rows []RiskRow `json:"rows"`
	Heat Heat      `json:"heat"`
}

// RiskRow is a risk of the register.
type RiskRow struct {
	ID         string        `json:"id"`
	Anchor     string        `json:"anchor"`
	Title      string        `json:"title"`
	Likelihood int           `json:"likelihood"`
	Impact     int           `json:"impact"`
	Score      int           `json:"score"`
	Band       string        `json:"band"` // "low", "medium", "high", "critical"
	Owner      string        `json:"owner"`
	Treatment  string        `json:"treatment"`
	Status     string        `json:"status"`
	Due        string        `json:"due"`
	Overdue    bool          `json:"overdue"`
	Controls   []ControlLink `json:"controls"`
}

// Heat is the 5×5 heat map's geometry in SVG user units.
type Heat struct {
	Cell    int         `json:"cell"`
	Width   int         `json:"width"`
	Height  int         `json:"height"`
	Cells   []HeatCell  `json:"cells"`
	YLabels []AxisLabel `json:"y_labels"`
	XLabels []AxisLabel `json:"x_labels"`
	XTitle  Point       `json:"x_title"`
	YTitle  Point       `json:"y_title"`
	Grid    Grid        `json:"grid" theme:"custom"`
}

// HeatCell is a likelihood × impact cell.
type HeatCell struct {
	X     int    `json:"x"`
	Y     int    `json:"y"`
	CX    int    `json:"cx"`
	CY    int    `json:"cy"`
	Count int    `json:"count"`
	Band  string `json:"band"`
	Title string `json:"title"`
}

// AxisLabel is a label of the heat map's axes.
type AxisLabel struct {
	Text string `json:"text"`
	Name string `json:"name,omitempty"` // the impact's name, on the x axis
	X    int    `json:"x"`
	Y    int    `json:"y"`
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
	Rows []VendorRow `json:"rows"`
}

// VendorRow is a vendor.
type VendorRow struct {
	Name          string `json:"name"`
	Service       string `json:"service"`
	Criticality   string `json:"criticality"`
	Owner         string `json:"owner"`
	Assurance     string `json:"assurance"`
	Reviewed      string `json:"reviewed"`
	NextReview    string `json:"next_review"`
	ReviewOverdue bool   `json:"review_overdue"`
}

// SubprocessorsPage is the subprocessor register.
type SubprocessorsPage struct {
	Common
	Rows []SubprocessorRow `json:"rows"`
}

// SubprocessorRow is a subprocessor.
type SubprocessorRow struct {
	Name       string `json:"name"`
	Anchor     string `json:"anchor"`
	Purpose    string `json:"purpose"`
	Location   string `json:"location"`
	Data       string `json:"data"`
	Since      string `json:"since"`
	DPA        bool   `json:"dpa"`
	Assurance  string `json:"assurance"`
	Reviewed   string `json:"reviewed"`
	Visibility string `json:"visibility"`
	Method     string `json:"method"`     // "—" when it is not a subservice organization
	Subservice bool   `json:"subservice"` // it is presented as a subservice organization (DC7)
	CSOCs      int    `json:"csocs" theme:"custom"`
}

// AssetsPage is the asset register.
type AssetsPage struct {
	Common
	Rows          []AssetRow   `json:"rows"`
	SummaryCounts AssetSummary `json:"summary_counts"`
}

// AssetRow is an asset.
type AssetRow struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Type           string `json:"type"`
	Owner          string `json:"owner"`
	Classification string `json:"classification"`
	InScope        bool   `json:"in_scope"`
}

// IncidentsPage is the incident register.
type IncidentsPage struct {
	Common
	Rows []IncidentRow `json:"rows"`
}

// IncidentRow is an incident.
type IncidentRow struct {
	ID        string        `json:"id"`
	Anchor    string        `json:"anchor"`
	Title     string        `json:"title"`
	Detected  string        `json:"detected"`
	Resolved  string        `json:"resolved"` // a date, or "open"
	Severity  string        `json:"severity"`
	RootCause string        `json:"root_cause"`
	Actions   []string      `json:"actions"`
	Controls  []ControlLink `json:"controls"`
	InPeriod  bool          `json:"in_period"` // detected during the audit period
	Link
}

// CoveragePage is the control × period heat map.
type CoveragePage struct {
	Common
	Columns []CoverageColumn `json:"columns"`
	Rows    []CoverageRow    `json:"rows"`
	Tally   []StateCount     `json:"tally"`
	Legend  []StateLabel     `json:"legend"`
	SVG     CoverageSVG      `json:"svg"`
}

// CoverageColumn is a period of the heat map.
type CoverageColumn struct {
	Label string `json:"label"`
	From  string `json:"from" theme:"custom"`
	To    string `json:"to" theme:"custom"`
	X     int    `json:"x"`
}

// CoverageRow is a control's row of the heat map.
type CoverageRow struct {
	ID     string         `json:"id"`
	Title  string         `json:"title"`
	State  string         `json:"state"`
	Reason string         `json:"reason"`
	Y      int            `json:"y" theme:"custom"`
	CellY  int            `json:"cell_y"`
	TextY  int            `json:"text_y"`
	Cells  []CoverageCell `json:"cells"`
	Link
}

// CoverageCell is a control's state in a period.
type CoverageCell struct {
	X     int    `json:"x"`
	State string `json:"state"`
	Title string `json:"title"`
}

// CoverageSVG is the heat map's geometry.
type CoverageSVG struct {
	Width   int `json:"width"`
	Height  int `json:"height"`
	CellW   int `json:"cell_w"`
	CellH   int `json:"cell_h"`
	LabelX  int `json:"label_x"`
	HeaderY int `json:"header_y"`
}

// GapsPage lists the actions that close the gaps, the exceptions, and what
// is overdue or falls due soon.
type GapsPage struct {
	Common
	Rows       []ActionRow    `json:"rows"`
	Gaps       int            `json:"gaps"`
	ByOwner    []Count        `json:"by_owner"`
	Exceptions []ExceptionRow `json:"exceptions"`
	Overdue    []DueRow       `json:"overdue"`
	Upcoming   []DueRow       `json:"upcoming"`
	Today      string         `json:"today"` // the evaluation date
}

// ActionRow is an action of the report, with what it unblocks. One of
// Policy, Control and Criterion names what it acts on.
type ActionRow struct {
	Kind        string          `json:"kind"`
	KindLabel   string          `json:"kind_label"`
	Summary     string          `json:"summary" theme:"custom"`
	Owner       string          `json:"owner"`
	Action      string          `json:"action"`
	Due         string          `json:"due"`
	Gaps        int             `json:"gaps" theme:"custom"`
	Occurrences string          `json:"occurrences"`
	Policy      *PolicyLink     `json:"policy"`
	Control     *ControlLink    `json:"control"`
	Criterion   *CriterionLink  `json:"criterion"`
	Controls    []ControlLink   `json:"controls"`
	Criteria    []CriterionLink `json:"criteria"`
}

// ExceptionRow is an exception recorded against an occurrence.
type ExceptionRow struct {
	Control      ControlLink `json:"control"`
	Owner        string      `json:"owner"`
	Evidence     string      `json:"evidence"`
	Result       string      `json:"result"`
	Note         string      `json:"note"`
	Collected    string      `json:"collected"`
	EvidenceLink Link        `json:"evidence_link"`
	Occurrences  string      `json:"occurrences"`
	Remediation  string      `json:"remediation"` // the evidence that remediates it, or ""
}

// DueRow is something overdue or falling due.
type DueRow struct {
	Kind  string `json:"kind" theme:"custom"`
	ID    string `json:"id"`
	Label string `json:"label"`
	Owner string `json:"owner"`
	Due   string `json:"due"`
	What  string `json:"what"`
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
	Org       Org        `json:"org"`
	Audit     AuditData  `json:"audit"`
	Nav       []NavGroup `json:"nav"`
	Links     SiteLinks  `json:"links"`
	// Sources maps each source file of a page to the page's ref, so that
	// Markdown links between the program's files lead to their pages.
	Sources map[string]string `json:"sources"`
	// Files marks the files copied into the site: evidence and images.
	Files map[string]bool `json:"files"`
}

// BuildData says what the site was built from.
type BuildData struct {
	Commit      string `json:"commit"`
	CommitShort string `json:"commit_short"`
	Draft       bool   `json:"draft"`
	CommitTime  string `json:"commit_time"` // "2026-07-01 07:30 UTC"; "" outside git
	// CommitInstant is the commit time to the second, which dates the PDF
	// of the print view (attest pdf).
	CommitInstant string `json:"commit_instant"`
}

// Versions is the version switcher: every version's link from the site's
// root, up and out of this version's folder.
type Versions struct {
	Current string        `json:"current"` // this version's name
	List    []VersionLink `json:"list"`
	Index   string        `json:"index"` // the list of versions
}

// VersionLink is a version of the description.
type VersionLink struct {
	Name        string `json:"name"` // "latest" or the tag
	Href        string `json:"href"`
	Date        string `json:"date"`
	CommitShort string `json:"commit_short" theme:"custom"`
	Current     bool   `json:"current"`
}

// Org is the organization, from config.toml.
type Org struct {
	Name            string `json:"name"`
	Website         string `json:"website" theme:"custom"`
	SecurityContact string `json:"security_contact" theme:"custom"`
}

// AuditData describes the audit.
type AuditData struct {
	ReportType string   `json:"report_type"` // "Type 1" or "Type 2"
	Period     string   `json:"period"`      // "2026-01-01 to 2026-06-30", or "as of 2026-06-30"
	Evaluated  string   `json:"evaluated"`
	Auditor    string   `json:"auditor"`
	Frameworks []string `json:"frameworks"` // names of the frameworks in scope
	Categories string   `json:"categories"` // the SOC 2 categories in scope, joined
}

// NavGroup is a group of the sidebar.
type NavGroup struct {
	Label string    `json:"label"`
	Items []NavItem `json:"items"`
}

// NavItem is a link of the sidebar.
type NavItem struct {
	Label string `json:"label"`
	Link
}

// SiteLinks are the banner's links.
type SiteLinks struct {
	Home   string `json:"home"`
	Search string `json:"search"`
}
