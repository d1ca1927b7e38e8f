package status

import (
	"testing"

	"github.com/attest-dev/attest/generator/model"
)

// TestRollUpReasonsCountInEnglish: criterion and framework reasons agree
// with their counts (issue 15).
func TestRollUpReasonsCountInEnglish(t *testing.T) {
	controls := func(states ...State) []*ControlStatus {
		var out []*ControlStatus
		for i, s := range states {
			out = append(out, &ControlStatus{Control: &model.Control{ID: string(rune('A' + i))}, State: s})
		}
		return out
	}
	tests := []struct {
		controls []*ControlStatus
		want     string
	}{
		{controls(Gap), "1 of 1 control has gaps: A"},
		{controls(Gap, Gap), "2 of 2 controls have gaps: A, B"},
		{controls(Exception, Operating), "1 of 2 controls operates with exceptions: A"},
		{controls(Exception, Exception), "2 of 2 controls operate with exceptions: A, B"},
		{controls(Operating), "1 of 1 control operating"},
		{controls(NotYetDue), "its one control is not due yet"},
		{controls(NotYetDue, NotYetDue), "none of 2 controls is due yet"},
	}
	for _, tt := range tests {
		if _, got := criterionState(tt.controls); got != tt.want {
			t.Errorf("%q, want %q", got, tt.want)
		}
	}
	for _, tt := range []struct {
		met, total int
		want       string
	}{
		{1, 1, "1 of 1 criterion met"},
		{0, 1, "0 of 1 criterion met"},
		{2, 3, "2 of 3 criteria met"},
	} {
		if got := readiness(tt.met, tt.total, Tally{}); got != tt.want {
			t.Errorf("readiness(%d, %d) = %q, want %q", tt.met, tt.total, got, tt.want)
		}
	}
}
