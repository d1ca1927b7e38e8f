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
)

// Met reports whether the state counts as met for readiness: operating,
// or operating with exceptions, or not applicable.
func (s State) Met() bool { return s == Operating || s == Exception || s == NotApplicable }

// Report is the status of a whole program, evaluated once.
type Report struct {
	Evaluated  model.Date // the date statuses are judged at
	Controls   []*ControlStatus
	Frameworks []*FrameworkStatus
	Gaps       []GapEntry // what an engineer must do, by control and period

	byControl   map[string]*ControlStatus
	byCriterion map[string]*CriterionStatus
}

// Control returns the status of a control by id, or nil.
func (r *Report) Control(id string) *ControlStatus { return r.byControl[id] }

// Criterion returns the status of a criterion ("soc2", "CC6.1"), or nil when out of scope.
func (r *Report) Criterion(framework, id string) *CriterionStatus {
	return r.byCriterion[framework+"/"+id]
}

// ControlStatus is a control's derived state over the period.
type ControlStatus struct {
	Control     *model.Control
	State       State
	Reason      string
	Occurrences []Occurrence
	Exceptions  []*model.Evidence // evidence with result exception
	Failures    []*model.Evidence // evidence with result fail
}

// Occurrence is one time the control had to operate: a month, a quarter, an incident.
type Occurrence struct {
	Label    string     // "2026-03", "2026-Q1", "INC-2026-004"
	From, To model.Date // inclusive
	Due      model.Date // when evidence was due at the latest
	State    State
	Reason   string
	Evidence []*model.Evidence
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
}

// GroupStatus is readiness within one category or theme.
type GroupStatus struct {
	Group    catalog.Group
	Criteria []*CriterionStatus
	Met      int
	Total    int
}

// GapEntry is one missing, late or failed occurrence, with who must act.
type GapEntry struct {
	Control    *model.Control
	Occurrence Occurrence
	Owner      string
	Action     string // what would close it
}
