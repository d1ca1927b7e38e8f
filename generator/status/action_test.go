package status_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/scaffold"
	"github.com/attest-dev/attest/generator/status"
)

// actionList abbreviates actions as "summary | owner | due | n gaps | controls | criteria".
func actionList(actions []status.Action) []string {
	var out []string
	for _, a := range actions {
		var ctls, crits []string
		for _, c := range a.Controls {
			ctls = append(ctls, c.ID)
		}
		for _, cr := range a.Criteria {
			crits = append(crits, cr.Criterion.ID)
		}
		out = append(out, fmt.Sprintf("%s | %s | %s | %d gaps | %s | %s", a.Summary, a.Owner, a.Due, len(a.Gaps), strings.Join(ctls, ","), strings.Join(crits, ",")))
	}
	return out
}

// TestActionsOfAFreshProgram: the starter `attest init` writes has a gap for
// every control behind each of its draft policies; approving a policy is one
// action that unblocks all of them (issue 12).
func TestActionsOfAFreshProgram(t *testing.T) {
	today := date("2026-12-04")
	files, err := scaffold.Program(scaffold.Options{Organization: "Acme", SecurityContact: "security@acme.example", Frameworks: []string{"soc2"}, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range files {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	res := compile.Compile(fsys, compile.Options{Today: today})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Err())
	}
	r := status.EvaluateWith(res.Program, status.Options{Today: today})
	if len(r.Gaps) != 24 || len(r.Actions) != 9 {
		t.Errorf("%d gaps in %d actions, want 24 in 9:\n%s", len(r.Gaps), len(r.Actions), strings.Join(actionList(r.Actions), "\n"))
	}
	closed := 0
	for _, a := range r.Actions {
		closed += len(a.Gaps)
		if a.Kind != status.ApprovePolicy || a.Policy == nil || !a.Due.IsZero() || a.What == "" {
			t.Errorf("%s: kind %s, due %s, what %q", a.Summary, a.Kind, a.Due, a.What)
		}
	}
	if closed != len(r.Gaps) {
		t.Errorf("the actions close %d gaps, the report has %d", closed, len(r.Gaps))
	}
	// Undated, so the one that unblocks most comes first.
	ops := r.Actions[0]
	if ops.Summary != "approve POL-OPERATIONS" || ops.Owner != "Head of Engineering" {
		t.Fatalf("first action: %s", actionList(r.Actions[:1]))
	}
	var ctls []string
	for _, c := range ops.Controls {
		ctls = append(ctls, c.ID)
		if cs := r.Control(c.ID); cs.State != status.Gap {
			t.Errorf("%s is unblocked by approving POL-OPERATIONS but is %s", c.ID, cs.State)
		}
	}
	if got, want := strings.Join(ctls, " "), "CTL-CAPACITY CTL-CONFIG CTL-ENDPOINTS CTL-LOGGING CTL-NETWORK CTL-VULN-MGMT"; got != want {
		t.Errorf("approving POL-OPERATIONS unblocks %s, want %s", got, want)
	}
	if len(ops.Criteria) == 0 {
		t.Error("approving POL-OPERATIONS unblocks no criterion")
	}
	for _, cr := range ops.Criteria {
		if cr.State != status.Gap {
			t.Errorf("criterion %s is %s, not a gap", cr.Criterion.ID, cr.State)
		}
	}
	if !strings.Contains(ops.What, "policies/operations-security.md") {
		t.Errorf("what: %s", ops.What)
	}
}

// TestActionsOfTheYearFixture: one action per policy problem, per control
// and kind of evidence gap, and per unmapped criterion, dated ones first.
func TestActionsOfTheYearFixture(t *testing.T) {
	r := status.EvaluateWith(compileFixture(t, "year.txtar"), status.Options{Today: date("2025-03-01")})
	want := []string{
		"collect evidence for CTL-MONTHLY (2024-03) | Owner of CTL-MONTHLY | 2024-04-30 | 1 gaps | CTL-MONTHLY | D3",
		"explain late evidence of CTL-MONTHLY (2024-06) | Owner of CTL-MONTHLY | 2024-07-30 | 1 gaps | CTL-MONTHLY | D3",
		"review POL-OLD | Owner of POL-OLD | 2024-10-01 | 1 gaps | CTL-STALE | D6",
		"collect evidence for CTL-EVENT (INC-2) | Owner of CTL-EVENT | 2024-10-02 | 1 gaps | CTL-EVENT | D6",
		"remediate CTL-QUARTERLY (2024-Q3) | Owner of CTL-QUARTERLY | 2024-10-30 | 1 gaps | CTL-QUARTERLY | D6",
		"approve POL-DRAFT | Owner of POL-DRAFT |  | 1 gaps | CTL-DRAFT | D6",
		"map a control to Demo D5 |  |  | 0 gaps |  | D5",
	}
	if got := actionList(r.Actions); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("actions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestActionsGroupOccurrences: a control's missing months are one action,
// due when the first of them was; its failed quarter is another.
func TestActionsGroupOccurrences(t *testing.T) {
	for _, tc := range []struct {
		name     string
		freq     model.Frequency
		evidence []*model.Evidence
		want     string
	}{
		{"nothing recorded", model.Monthly, nil,
			"collect evidence for CTL (2026-01, 2026-02, 2026-03 and 3 more) | Owner | 2026-03-02 | 6 gaps | CTL | "},
		{"two months missing, one failed", model.Monthly, []*model.Evidence{
			ev("EV-JAN", "2026-02-02", "2026-01-01", "2026-01-31", model.Pass),
			ev("EV-FEB", "2026-03-02", "2026-02-01", "2026-02-28", model.Fail),
			ev("EV-MAR-APR", "2026-05-02", "2026-03-01", "2026-04-30", model.Pass),
		}, "remediate CTL (2026-02) | Owner | 2026-03-30 | 1 gaps | CTL | \n" +
			"collect evidence for CTL (2026-05, 2026-06) | Owner | 2026-06-30 | 2 gaps | CTL | "},
		{"all evidenced", model.Quarterly, []*model.Evidence{
			ev("EV-H1", "2026-07-02", "2026-01-01", "2026-06-30", model.Pass),
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := status.EvaluateWith(program(2, "2026-01-01", "2026-06-30", tc.freq, tc.evidence...), status.Options{Today: date("2026-09-01")})
			if got := strings.Join(actionList(r.Actions), "\n"); got != tc.want {
				t.Errorf("actions:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}
