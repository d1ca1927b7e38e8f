// Package model is the typed, checked compliance program that every output is
// derived from. A Program is built once by the compiler and then only read.
package model

import (
	"github.com/attest-dev/attest/generator/catalog"
	"github.com/attest-dev/attest/generator/diag"
)

// Program is a whole compliance program: configuration, catalogs, documents
// and registers, with every reference resolved. Slices are sorted by id (or,
// for pages, by weight and title) so that output never depends on file order.
type Program struct {
	Config           Config
	Frameworks       catalog.Set // every loaded catalog, in scope or not
	Policies         []*Policy
	Controls         []*Control
	Evidence         []*Evidence
	Subprocessors    []*Subprocessor
	CUECs            []*CUEC
	Responsibilities []*Responsibility
	Vendors          []*Vendor
	Risks            []*Risk
	Assets           []*Asset
	Incidents        []*Incident
	Description      []*Section
	TrustPages       []*Page
	Updates          []*Update

	policyByID  map[string]*Policy
	controlByID map[string]*Control
	evidenceBy  map[string][]*Evidence // control id → its evidence, by collected date
	controlsBy  map[string][]*Control  // "framework/criterion" → controls mapped to it
}

// Policy is a policy document from policies/*.md.
type Policy struct {
	ID          string
	Title       string
	Owner       string
	Approvers   []string
	Status      PolicyStatus
	Effective   Date
	ReviewCycle Cycle
	Visibility  Visibility
	Criteria    []CriterionRef
	Body        string // Markdown
	File        string // repo-relative path
	Pos         diag.Pos
	Images      []string // the image files its body shows (see Section.Images)

	// LastReview is when the policy was last reviewed or approved: the later
	// of Effective and the newest Reviewed-by/Approved-by commit of its file,
	// when git history was supplied to the compiler. ReviewedBy says who.
	LastReview Date
	ReviewedBy string

	Controls []*Control // controls that implement it, by id
}

// NextReview is when the policy is due for review again.
func (p *Policy) NextReview() Date {
	if p.LastReview.IsZero() {
		return Date{}
	}
	return p.ReviewCycle.After(p.LastReview)
}

// ReviewOverdue reports whether an approved policy's review was due before at.
func (p *Policy) ReviewOverdue(at Date) bool {
	next := p.NextReview()
	return p.Status == Approved && !next.IsZero() && next.Before(at)
}

// Control is a control from content/controls/*.md.
type Control struct {
	ID            string
	Title         string
	Owner         string
	PolicyIDs     []string
	Frequency     Frequency
	Kind          ControlKind
	Automated     bool
	Summary       string // one public sentence
	Visibility    Visibility
	Criteria      []CriterionRef
	Narrative     string // Markdown before "## Test procedure"
	TestProcedure string // Markdown of the "## Test procedure" section, without its heading
	File          string
	Pos           diag.Pos
	Images        []string // the image files its narrative and test procedure show (see Section.Images)

	Policies  []*Policy   // resolved PolicyIDs
	Evidence  []*Evidence // by collected date, then id
	Risks     []*Risk     // risks it treats
	Incidents []*Incident // incidents that involved it
}

// Evidence is one [[evidence]] record of a manifest in content/evidence/.
type Evidence struct {
	ID         string
	ControlID  string
	Title      string
	Collected  Date
	CoversFrom Date
	CoversTo   Date
	File       string // repo-relative, under evidence/; empty when URL is set
	URL        string
	SHA256     string
	Size       int64
	Result     Result
	Collector  string
	Note       string
	Manifest   string // the manifest file
	Pos        diag.Pos

	Control *Control
}

// CriterionRef names a criterion of a framework, as written in front matter.
type CriterionRef struct {
	Framework string
	ID        string
}

// Key is "framework/id", the form used in indexes.
func (c CriterionRef) Key() string { return c.Framework + "/" + c.ID }

// Subprocessor is a third party that processes customer data. A subservice
// organization also has a Method and the CSOCs the report relies on (DC7).
type Subprocessor struct {
	Name       string
	Purpose    string
	Location   string
	Data       string
	Since      Date
	DPA        bool
	Assurance  string
	Reviewed   Date
	Visibility Visibility
	Method     string   // "carve-out" | "inclusive" | "" (not a subservice organization)
	Monitoring []string // ids of our controls that oversee it
	CSOCs      []*CSOC
	File       string
	Pos        diag.Pos

	MonitoringControls []*Control
}

// CSOC is a complementary subservice-organization control.
type CSOC struct {
	Text     string
	Criteria []string // soc2 ids
}

// CUEC is a complementary user-entity control (DC6).
type CUEC struct {
	ID       string
	Text     string
	Criteria []string // soc2 ids
	Pos      diag.Pos
}

// Responsibility is something user entities are responsible for that is not a CUEC.
type Responsibility struct {
	Text string
	Pos  diag.Pos
}

// Vendor is an entry of the vendor register.
type Vendor struct {
	Name        string
	Service     string
	Criticality string // high | medium | low
	Owner       string
	Assurance   string
	Reviewed    Date
	NextReview  Date
	Pos         diag.Pos
}

// Risk is an entry of the risk register.
type Risk struct {
	ID         string
	Title      string
	Likelihood int // 1–5
	Impact     int // 1–5
	Owner      string
	Treatment  string // mitigate | accept | transfer | avoid
	ControlIDs []string
	Due        Date
	Status     string // open | treated | closed
	Pos        diag.Pos

	Controls []*Control
}

// Score is likelihood × impact.
func (r *Risk) Score() int { return r.Likelihood * r.Impact }

// Asset is an entry of the asset register.
type Asset struct {
	ID             string
	Name           string
	Type           string
	Owner          string
	Classification string
	InScope        bool
	Pos            diag.Pos
}

// Incident is an entry of the incident register.
type Incident struct {
	ID         string
	Title      string
	Detected   Date
	Resolved   Date
	Severity   string // low | medium | high | critical
	RootCause  string
	Actions    []string
	ControlIDs []string
	Pos        diag.Pos

	Controls []*Control
}

// Section is a section of the system description (content/description/*.md).
type Section struct {
	Title   string
	Section string // DC1 … DC9
	Weight  int
	Body    string
	File    string
	// Images are the files of the repository its body shows as images
	// (![alt](img/arch.png)), repository-relative, sorted: the sites copy
	// these with the page. Their bytes are not part of the model.
	Images []string
}

// Page is a trust-center page (content/trust/*.md).
type Page struct {
	Slug       string
	Title      string
	Weight     int
	Visibility Visibility
	Body       string
	File       string
	Images     []string // see Section.Images
}

// Update is a trust-center update (content/trust/updates/*.md).
type Update struct {
	Slug       string
	Title      string
	Date       Date
	Visibility Visibility
	Body       string
	File       string
	Images     []string // see Section.Images
}
