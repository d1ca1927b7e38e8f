// Package status derives, from a compiled program and its evidence, whether
// each control operated, each criterion is met and each framework is ready.
// Nothing here is typed in by a person: every state carries its reason.
package status

import (
	"github.com/attest-dev/attest/generator/catalog"
	"github.com/attest-dev/attest/generator/model"
)

// State is the derived state of a control, occurrence or criterion.
type State string

const (
	Operating     State = "operating"      // evidenced for every occurrence due
	Exception     State = "exception"      // evidenced, with exceptions noted
	Gap           State = "gap"            // an occurrence is missing, late or failed
	NotYetDue     State = "not-yet-due"    // nothing was due yet
	NotApplicable State = "not-applicable" // criterion declared not applicable
	// None marks a heat-map cell in which the control had no occurrence
	// (a per-event control in a month without incidents).
	None State = "none"
)

// Met reports whether the state counts as met for readiness: operating,
// or operating with exceptions, or not applicable.
func (s State) Met() bool { return s == Operating || s == Exception || s == NotApplicable }

// severity orders states from best to worst, for cells and summaries that
// combine several occurrences: a cell is only as good as its worst occurrence.
func (s State) severity() int {
	switch s {
	case None, NotApplicable:
		return 0
	case Operating:
		return 1
	case NotYetDue:
		return 2
	case Exception:
		return 3
	case Gap:
		return 4
	}
	return 0
}

// Cause says why an occurrence or control is a gap.
type Cause string

const (
	Missing           Cause = "missing"             // no evidence covers the occurrence
	Late              Cause = "late"                // evidence was collected after the occurrence's due date
	Failed            Cause = "failed"              // the evidence records a failed test, not remediated
	PolicyNotApproved Cause = "policy-not-approved" // a policy the control implements is draft or retired
	ReviewOverdue     Cause = "review-overdue"      // a policy the control implements is overdue for review
	Unmapped          Cause = "unmapped"            // an in-scope criterion has no control
)

// Report is the status of a whole program, evaluated once.
type Report struct {
	// Evaluated is the date the program is judged at (Options.Today): an
	// occurrence due by then without evidence is a gap, one due later is not
	// yet due. Without a date, the day after the period's grace ends, the
	// first on which every occurrence of the period is judged.
	Evaluated  model.Date
	Controls   []*ControlStatus
	Frameworks []*FrameworkStatus
	Gaps       []GapEntry // what an engineer must do, by control and period
	// Actions group the gaps by what closes them — one policy approval for
	// every control it blocks, one evidence collection for a control's
	// missing months — and add one per in-scope criterion no control maps
	// to: dated ones first, longest overdue first, then by what they unblock.
	Actions []Action

	// ReportType is 1 (as of a date) or 2 (over a period).
	ReportType int
	// PeriodStart and PeriodEnd bound what is judged: the audit period for
	// type 2; for type 1 both are as_of.
	PeriodStart, PeriodEnd model.Date
	// Grace is the number of days after an occurrence's window ends in which
	// its evidence may still be collected without being late.
	Grace int
	// Columns are the heat map's periods: the calendar months of a type 2
	// period (edge months clipped to it), or one "as of" column for type 1.
	Columns []Column
	// Policies is the review state of every policy, by id.
	Policies []*PolicyStatus
	// Exceptions lists every exception recorded against an occurrence, and
	// every failure that a later pass remediated, by control and date.
	Exceptions []ExceptionEntry
	// Overdue lists reviews and treatments past their date as of Evaluated:
	// policy reviews, vendor reviews and open risks, oldest first.
	Overdue []DueItem
	// Upcoming lists what falls due within Options.Horizon days after Evaluated:
	// evidence for occurrences, policy and vendor reviews, risk treatments.
	Upcoming []DueItem
	// Counts tallies the controls by state: the trust center's derived numbers.
	Counts Tally

	// closes is the last day of the period's grace: every occurrence is
	// due by then, whatever its natural window (a quarter the period ends in).
	closes model.Date

	byControl   map[string]*ControlStatus
	byCriterion map[string]*CriterionStatus
	byPolicy    map[string]*PolicyStatus
}

// Control returns the status of a control by id, or nil.
func (r *Report) Control(id string) *ControlStatus { return r.byControl[id] }

// Criterion returns the status of a criterion ("soc2", "CC6.1"), or nil when out of scope.
func (r *Report) Criterion(framework, id string) *CriterionStatus {
	return r.byCriterion[framework+"/"+id]
}

// Policy returns the review state of a policy by id, or nil.
func (r *Report) Policy(id string) *PolicyStatus { return r.byPolicy[id] }

// Tally counts items by state.
type Tally struct {
	Operating     int `json:"operating"`
	Exception     int `json:"exception"`
	Gap           int `json:"gap"`
	NotYetDue     int `json:"not_yet_due"`
	NotApplicable int `json:"not_applicable"`
}

// Add counts one item in state s.
func (t *Tally) Add(s State) {
	switch s {
	case Operating:
		t.Operating++
	case Exception:
		t.Exception++
	case Gap:
		t.Gap++
	case NotYetDue:
		t.NotYetDue++
	case NotApplicable:
		t.NotApplicable++
	}
}

// Total is the number of items counted.
func (t Tally) Total() int {
	return t.Operating + t.Exception + t.Gap + t.NotYetDue + t.NotApplicable
}

// ControlStatus is a control's derived state over the period.
type ControlStatus struct {
	Control     *model.Control
	State       State
	Reason      string
	Occurrences []Occurrence
	Exceptions  []*model.Evidence // evidence with result exception
	Failures    []*model.Evidence // evidence with result fail

	// Cause is set when State is Gap: the first reason found, policy
	// problems before evidence ones.
	Cause Cause
	// PolicyProblems lists why the control's policies keep it from operating
	// (not approved, overdue for review); empty when they do not.
	PolicyProblems []string
	// Cells is the control's heat-map row, one cell per Report.Columns entry.
	Cells []Cell
	// Tally counts the control's occurrences by state.
	Tally Tally
}

// Occurrence is one time the control had to operate: a month, a quarter, an incident.
type Occurrence struct {
	Label    string     // "2026-03", "2026-Q1", "INC-2026-004"
	From, To model.Date // inclusive
	Due      model.Date // when evidence was due at the latest
	State    State
	Reason   string
	Evidence []*model.Evidence

	// Cause is set when State is Gap.
	Cause Cause
	// Partial is true when the audit period cuts the occurrence's natural
	// window (a quarter the period starts or ends inside); From and To are
	// then the part inside the period.
	Partial bool
	// Incident is the incident a per-event occurrence answers, or nil.
	Incident *model.Incident

	end model.Date // the natural window's last day, which the due date follows
	// noted are the records that make the occurrence an exception: those
	// with result exception and the failures a later record remediated. The
	// heat map colours only the cells their covered days fall in.
	noted []*model.Evidence
}

// CriterionStatus is a criterion's state, derived from its controls.
type CriterionStatus struct {
	Criterion *catalog.Criterion
	State     State
	Reason    string
	Controls  []*ControlStatus
}

// FrameworkStatus is the readiness of one in-scope framework.
type FrameworkStatus struct {
	Framework *catalog.Framework
	Criteria  []*CriterionStatus // in scope, in catalog order
	Groups    []GroupStatus
	Met       int // criteria met (not-applicable ones included)
	Total     int // criteria in scope
	Ready     bool
	Reason    string

	// Tally counts the in-scope criteria by state.
	Tally Tally
}

// GroupStatus is readiness within one category or theme.
type GroupStatus struct {
	Group    catalog.Group
	Criteria []*CriterionStatus
	Met      int
	Total    int

	// Tally counts the group's criteria by state.
	Tally Tally
}

// GapEntry is one missing, late or failed occurrence, with who must act.
type GapEntry struct {
	Control    *model.Control
	Occurrence Occurrence
	Owner      string
	Action     string // what would close it

	// Cause is why it is a gap.
	Cause Cause
	// Policy is the policy at fault for policy gaps (Occurrence is then
	// zero), or nil.
	Policy *model.Policy
	// Due is when the gap's deadline passed (the occurrence's due date or
	// the policy's review date); zero for a policy that is not approved.
	Due model.Date
}

// ExceptionEntry is one exception noted against a control: a record with
// result exception, or a failure a later record remediated.
type ExceptionEntry struct {
	Control     *model.Control
	Evidence    *model.Evidence // the exception or failed record
	Remediation *model.Evidence // the later pass that remediated a failure, or nil
	Occurrences []string        // labels of the occurrences it concerns
	Owner       string
}

// PolicyStatus is whether a policy is approved and reviewed on time.
type PolicyStatus struct {
	Policy       *model.Policy
	LastReviewed model.Date // the later of effective and the last recorded review
	NextReview   model.Date // one review cycle after LastReviewed
	Approved     bool
	Overdue      bool   // NextReview is before Report.Evaluated
	Reason       string // why it keeps its controls from operating; "" when it does not
}

// DueItem is something that falls due on a date: evidence for an
// occurrence, a policy or vendor review, a risk treatment.
type DueItem struct {
	Kind  string // "evidence", "policy-review", "vendor-review", "risk"
	ID    string // control, policy or risk id, or vendor name
	Label string // occurrence label for evidence; otherwise the item's title
	Owner string
	Due   model.Date
	What  string // what to do, in a sentence
}

// Column is one period of the heat map.
type Column struct {
	Label    string     // "2026-03"; "as of 2026-03-31" for type 1
	From, To model.Date // inclusive, clipped to the period
}

// Cell is one control in one column of the heat map: the worst state of the
// control's occurrences that overlap the column, None when none does. An
// occurrence with exceptions that spans several columns counts as an
// exception only in the columns its exception records cover, and as
// operating in the others.
type Cell struct {
	State       State
	Reason      string   // the reason of the occurrence that decided State
	Occurrences []string // labels of the overlapping occurrences
}

// HeatMap is the control × period matrix the private site draws.
type HeatMap struct {
	Columns []Column
	Rows    []HeatRow // one per control, by control id
}

// HeatRow is one control's row of the heat map.
type HeatRow struct {
	Control *model.Control
	State   State // the control's overall state
	Reason  string
	Cells   []Cell // aligned with HeatMap.Columns
}

// HeatMap returns the control × period matrix: the columns and, for each
// control, one cell per column coloured by the worst occurrence in it.
func (r *Report) HeatMap() HeatMap {
	h := HeatMap{Columns: r.Columns, Rows: make([]HeatRow, len(r.Controls))}
	for i, cs := range r.Controls {
		h.Rows[i] = HeatRow{Control: cs.Control, State: cs.State, Reason: cs.Reason, Cells: cs.Cells}
	}
	return h
}
