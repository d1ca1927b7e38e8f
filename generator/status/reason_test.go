package status_test

import (
	"testing"

	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/status"
)

// TestReasonsCountInEnglish: a control's reason agrees with its counts —
// "1 of 1 occurrence is a gap", never "1 of 1 occurrences are gaps" or
// "none of 1 occurrences" (issue 15).
func TestReasonsCountInEnglish(t *testing.T) {
	feb := func(id, collected string, r model.Result) *model.Evidence {
		return ev(id, collected, "2024-02-01", "2024-02-29", r)
	}
	tests := []struct {
		name       string
		start, end string
		today      string
		evidence   []*model.Evidence
		control    string // the control's reason
		occurrence string // its first occurrence's reason, when it matters
	}{
		{"one occurrence, not yet due", "2024-02-01", "2024-02-29", "2024-02-10", nil,
			"its one occurrence is not due yet", ""},
		{"one occurrence, a gap", "2024-02-01", "2024-02-29", "2024-12-31", nil,
			"1 of 1 occurrence is a gap: 2024-02 (missing)", ""},
		{"one occurrence, evidenced", "2024-02-01", "2024-02-29", "2024-12-31", []*model.Evidence{feb("EV", "2024-03-05", model.Pass)},
			"1 of 1 occurrence evidenced", ""},
		{"one occurrence, an exception", "2024-02-01", "2024-02-29", "2024-12-31", []*model.Evidence{feb("EV", "2024-03-05", model.Exception)},
			"1 of 1 occurrence with an exception", ""},
		{"a day late", "2024-02-01", "2024-02-29", "2024-12-31", []*model.Evidence{feb("EV", "2024-03-31", model.Pass)},
			"1 of 1 occurrence is a gap: 2024-02 (late)",
			"EV was collected on 2024-03-31, 1 day after it was due (2024-03-30); the grace period is 30 days"},
		{"two gaps of two", "2024-01-01", "2024-02-29", "2024-12-31", nil,
			"2 of 2 occurrences are gaps: 2024-01 (missing), 2024-02 (missing)", ""},
		{"one gap of two", "2024-01-01", "2024-02-29", "2024-12-31", []*model.Evidence{feb("EV", "2024-03-05", model.Pass)},
			"1 of 2 occurrences is a gap: 2024-01 (missing)", ""},
		{"two not yet due", "2024-01-01", "2024-02-29", "2024-01-10", nil,
			"none of 2 occurrences is due yet", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := program(2, tt.start, tt.end, model.Monthly, tt.evidence...)
			cs := status.EvaluateWith(p, status.Options{Today: date(tt.today)}).Control("CTL")
			if cs.Reason != tt.control {
				t.Errorf("control: %q, want %q", cs.Reason, tt.control)
			}
			if tt.occurrence != "" && cs.Occurrences[0].Reason != tt.occurrence {
				t.Errorf("occurrence: %q, want %q", cs.Occurrences[0].Reason, tt.occurrence)
			}
		})
	}
}
