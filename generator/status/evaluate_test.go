package status_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/status"
)

func date(s string) model.Date {
	d, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// compileFixture compiles a txtar program and fails on any error.
func compileFixture(t testing.TB, name string) *model.Program {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := txtar.FS(ar)
	if err != nil {
		t.Fatal(err)
	}
	res := compile.Compile(fsys, compile.Options{Today: date("2025-03-01")})
	if res.Diags.HasErrors() {
		for _, d := range res.Diags.Items() {
			t.Log(d)
		}
		t.Fatal("fixture does not compile")
	}
	return res.Program
}

// occurrenceStates abbreviates a control's occurrences as "label=state[/cause]".
func occurrenceStates(cs *status.ControlStatus) string {
	var parts []string
	for _, o := range cs.Occurrences {
		s := o.Label + "=" + string(o.State)
		if o.Cause != "" {
			s += "/" + string(o.Cause)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// TestYearFixture checks the 12-month fixture against statuses worked out by
// hand (see the comments in testdata/year.txtar): Today is 2025-03-01, so
// every occurrence of 2024 is past its due date.
func TestYearFixture(t *testing.T) {
	p := compileFixture(t, "year.txtar")
	r := status.EvaluateWith(p, status.Options{Today: date("2025-03-01")})

	controls := []struct {
		id, state, cause, occurrences string
	}{
		{"CTL-ANNUAL", "operating", "", "12 months to 2024-12-31=operating"},
		{"CTL-CHANGE", "operating", "", "period=operating"},
		{"CTL-CONT", "operating", "", "2024-01=operating 2024-02=operating 2024-03=operating 2024-04=operating 2024-05=operating 2024-06=operating 2024-07=operating 2024-08=operating 2024-09=operating 2024-10=operating 2024-11=operating 2024-12=operating"},
		{"CTL-DRAFT", "gap", "policy-not-approved", "2024-H1=operating 2024-H2=operating"},
		{"CTL-EVENT", "gap", "missing", "INC-1=operating INC-2=gap/missing"},
		{"CTL-EXC", "exception", "", "2024-H1=exception 2024-H2=operating"},
		{"CTL-MONTHLY", "gap", "missing", "2024-01=operating 2024-02=operating 2024-03=gap/missing 2024-04=operating 2024-05=operating 2024-06=gap/late 2024-07=operating 2024-08=operating 2024-09=exception 2024-10=operating 2024-11=exception 2024-12=operating"},
		{"CTL-QUARTERLY", "gap", "failed", "2024-Q1=operating 2024-Q2=operating 2024-Q3=gap/failed 2024-Q4=operating"},
		{"CTL-STALE", "gap", "review-overdue", "2024-Q1=operating 2024-Q2=operating 2024-Q3=operating 2024-Q4=operating"},
	}
	if len(r.Controls) != len(controls) {
		t.Fatalf("%d controls evaluated, want %d", len(r.Controls), len(controls))
	}
	for i, want := range controls {
		cs := r.Controls[i]
		if cs.Control.ID != want.id {
			t.Fatalf("control %d is %s, want %s", i, cs.Control.ID, want.id)
		}
		if string(cs.State) != want.state || string(cs.Cause) != want.cause {
			t.Errorf("%s: %s/%s (%s), want %s/%s", want.id, cs.State, cs.Cause, cs.Reason, want.state, want.cause)
		}
		if got := occurrenceStates(cs); got != want.occurrences {
			t.Errorf("%s occurrences:\n got %s\nwant %s", want.id, got, want.occurrences)
		}
		if cs.Reason == "" {
			t.Errorf("%s has no reason", want.id)
		}
	}

	reasons := map[string]string{
		"CTL-MONTHLY":   "2 of 12 occurrences are gaps: 2024-03 (missing), 2024-06 (late)",
		"CTL-STALE":     "policy POL-OLD was due for review on 2024-10-01 (last reviewed 2023-10-01, every 1 year)",
		"CTL-DRAFT":     "policy POL-DRAFT is draft, not approved",
		"CTL-EXC":       "1 of 2 occurrences with an exception",
		"CTL-QUARTERLY": "1 of 4 occurrences is a gap: 2024-Q3 (failed)",
	}
	for id, want := range reasons {
		if got := r.Control(id).Reason; got != want {
			t.Errorf("%s reason %q, want %q", id, got, want)
		}
	}
	june := r.Control("CTL-MONTHLY").Occurrences[5]
	if want := "EV-M-06 was collected on 2024-09-15, 47 days after it was due (2024-07-30); the grace period is 30 days"; june.Reason != want {
		t.Errorf("late reason %q, want %q", june.Reason, want)
	}
	sept := r.Control("CTL-MONTHLY").Occurrences[8]
	if want := "EV-M-09-FAIL failed on 2024-10-03; EV-M-09-RETEST passed on 2024-10-10"; sept.Reason != want {
		t.Errorf("remediated reason %q, want %q", sept.Reason, want)
	}

	if want := (status.Tally{Operating: 3, Exception: 1, Gap: 5}); r.Counts != want {
		t.Errorf("control counts %+v, want %+v", r.Counts, want)
	}

	criteria := map[string]string{"D1": "operating", "D2": "exception", "D3": "gap", "D4": "not-applicable", "D5": "gap", "D6": "gap"}
	for id, want := range criteria {
		cr := r.Criterion("demo", id)
		if cr == nil || string(cr.State) != want || cr.Reason == "" {
			t.Errorf("criterion %s: %+v, want %s with a reason", id, cr, want)
		}
	}
	if got := r.Criterion("demo", "D5").Reason; got != "no control maps to this criterion" {
		t.Errorf("D5 reason %q", got)
	}
	if len(r.Frameworks) != 1 {
		t.Fatalf("%d frameworks", len(r.Frameworks))
	}
	fw := r.Frameworks[0]
	if fw.Met != 3 || fw.Total != 6 || fw.Ready || fw.Reason != "3 of 6 criteria met; 3 with gaps" {
		t.Errorf("framework: met %d of %d, ready %v, %q", fw.Met, fw.Total, fw.Ready, fw.Reason)
	}
	var groups []string
	for _, g := range fw.Groups {
		groups = append(groups, fmt.Sprintf("%s %d/%d", g.Group.Name, g.Met, g.Total))
	}
	if got := strings.Join(groups, ", "); got != "Operations 2/3, Governance 1/3" {
		t.Errorf("groups: %s", got)
	}

	var gaps []string
	for _, g := range r.Gaps {
		gaps = append(gaps, fmt.Sprintf("%s %s %s %s due %s", g.Control.ID, g.Occurrence.Label, g.Cause, g.Owner, g.Due))
		if g.Action == "" {
			t.Errorf("gap %s %s has no action", g.Control.ID, g.Occurrence.Label)
		}
	}
	wantGaps := []string{
		"CTL-DRAFT  policy-not-approved Owner of POL-DRAFT due ",
		"CTL-EVENT INC-2 missing Owner of CTL-EVENT due 2024-10-02",
		"CTL-MONTHLY 2024-03 missing Owner of CTL-MONTHLY due 2024-04-30",
		"CTL-MONTHLY 2024-06 late Owner of CTL-MONTHLY due 2024-07-30",
		"CTL-QUARTERLY 2024-Q3 failed Owner of CTL-QUARTERLY due 2024-10-30",
		"CTL-STALE  review-overdue Owner of POL-OLD due 2024-10-01",
	}
	if got, want := strings.Join(gaps, "\n"), strings.Join(wantGaps, "\n"); got != want {
		t.Errorf("gaps:\n%s\nwant:\n%s", got, want)
	}
	if a := r.Gaps[2].Action; !strings.Contains(a, "attest evidence add FILE --control CTL-MONTHLY --covers 2024-03-01..2024-03-31") {
		t.Errorf("missing-gap action lacks the command: %s", a)
	}

	var excs []string
	for _, e := range r.Exceptions {
		s := fmt.Sprintf("%s %s %v", e.Control.ID, e.Evidence.ID, e.Occurrences)
		if e.Remediation != nil {
			s += " fixed by " + e.Remediation.ID
		}
		excs = append(excs, s)
	}
	wantExcs := "CTL-EXC EV-X-H1 [2024-H1]\nCTL-MONTHLY EV-M-09-FAIL [2024-09] fixed by EV-M-09-RETEST\nCTL-MONTHLY EV-M-11 [2024-11]"
	if got := strings.Join(excs, "\n"); got != wantExcs {
		t.Errorf("exceptions:\n%s\nwant:\n%s", got, wantExcs)
	}

	dueList := func(items []status.DueItem) string {
		var s []string
		for _, d := range items {
			s = append(s, fmt.Sprintf("%s %s %s", d.Due, d.Kind, d.ID))
		}
		return strings.Join(s, "\n")
	}
	if got, want := dueList(r.Overdue), "2024-06-30 risk RSK-2\n2024-10-01 policy-review POL-OLD\n2024-11-01 vendor-review Old Hosting"; got != want {
		t.Errorf("overdue:\n%s\nwant:\n%s", got, want)
	}
	if got, want := dueList(r.Upcoming), "2025-03-10 vendor-review Acme Mail\n2025-03-20 risk RSK-1"; got != want {
		t.Errorf("upcoming:\n%s\nwant:\n%s", got, want)
	}

	// The heat map: twelve months, a quarter's state in each of its months,
	// per-event cells only where incidents were open.
	h := r.HeatMap()
	if len(h.Columns) != 12 || h.Columns[1].Label != "2024-02" || h.Columns[1].To != date("2024-02-29") {
		t.Fatalf("columns: %+v", h.Columns)
	}
	row := func(id string) string {
		for _, hr := range h.Rows {
			if hr.Control.ID == id {
				var s []string
				for _, c := range hr.Cells {
					s = append(s, string(c.State)[:1])
				}
				return strings.Join(s, "")
			}
		}
		return "missing row"
	}
	heat := map[string]string{
		"CTL-QUARTERLY": "oooooogggooo",
		"CTL-EVENT":     "nnnonnnggnnn",
		"CTL-MONTHLY":   "oogoogooeoeo",
		"CTL-ANNUAL":    "oooooooooooo",
	}
	for id, want := range heat {
		if got := row(id); got != want {
			t.Errorf("heat row %s = %s, want %s", id, got, want)
		}
	}
}

// TestEvaluateDefaultsToTheClosedPeriod checks that without a Today the
// report is judged the day after the period's grace ended (2024-12-31 + 30
// days), when every occurrence is judged, and is deterministic.
func TestEvaluateDefaultsToTheClosedPeriod(t *testing.T) {
	p := compileFixture(t, "year.txtar")
	r := status.Evaluate(p)
	if r.Evaluated != date("2025-01-31") || r.Grace != status.DefaultGrace {
		t.Fatalf("evaluated %s, grace %d", r.Evaluated, r.Grace)
	}
	// POL-OLD was due 2024-10-01, before the period's end.
	if cs := r.Control("CTL-STALE"); cs.Cause != status.ReviewOverdue {
		t.Errorf("CTL-STALE: %s %s", cs.State, cs.Reason)
	}
	// INC-2's response was due 2024-10-02, so it is a gap at period end.
	if got := occurrenceStates(r.Control("CTL-EVENT")); got != "INC-1=operating INC-2=gap/missing" {
		t.Errorf("CTL-EVENT: %s", got)
	}
	again := status.Evaluate(p)
	if fmt.Sprint(again.Gaps) != fmt.Sprint(r.Gaps) {
		t.Error("two evaluations of one program differ")
	}
}

// program builds a one-control program in memory, for tests of single rules.
func program(reportType int, start, end string, freq model.Frequency, evidence ...*model.Evidence) *model.Program {
	p := &model.Program{
		Config: model.Config{Audit: model.Audit{ReportType: reportType}},
		Policies: []*model.Policy{{
			ID: "POL", Status: model.Approved, Effective: date("2020-01-01"), ReviewCycle: model.Cycle{Months: 1200},
		}},
		Controls: []*model.Control{{ID: "CTL", Owner: "Owner", Frequency: freq, PolicyIDs: []string{"POL"}}},
		Evidence: evidence,
	}
	if reportType == 1 {
		p.Config.Audit.AsOf = date(end)
	} else {
		p.Config.Audit.PeriodStart, p.Config.Audit.PeriodEnd = date(start), date(end)
	}
	for _, e := range evidence {
		e.ControlID = "CTL"
	}
	p.Index()
	return p
}

func ev(id, collected, from, to string, result model.Result) *model.Evidence {
	return &model.Evidence{ID: id, Collected: date(collected), CoversFrom: date(from), CoversTo: date(to), Result: result}
}

// TestOccurrenceWindows covers period edges, partial windows and leap years.
func TestOccurrenceWindows(t *testing.T) {
	tests := []struct {
		name       string
		reportType int
		start, end string
		freq       model.Frequency
		want       string // label from..to [partial] due
	}{
		{"monthly in a leap year, period starting mid-month", 2, "2024-02-15", "2025-02-14", model.Monthly,
			"2024-02 2024-02-15..2024-02-29 partial due 2024-03-30|2024-03 2024-03-01..2024-03-31 due 2024-04-30|" +
				"2024-04 2024-04-01..2024-04-30 due 2024-05-30|2024-05 2024-05-01..2024-05-31 due 2024-06-30|" +
				"2024-06 2024-06-01..2024-06-30 due 2024-07-30|2024-07 2024-07-01..2024-07-31 due 2024-08-30|" +
				"2024-08 2024-08-01..2024-08-31 due 2024-09-30|2024-09 2024-09-01..2024-09-30 due 2024-10-30|" +
				"2024-10 2024-10-01..2024-10-31 due 2024-11-30|2024-11 2024-11-01..2024-11-30 due 2024-12-30|" +
				"2024-12 2024-12-01..2024-12-31 due 2025-01-30|2025-01 2025-01-01..2025-01-31 due 2025-03-02|" +
				"2025-02 2025-02-01..2025-02-14 partial due 2025-03-16"},
		{"quarterly, both edges partial; the last is due when the period's grace ends", 2, "2024-02-15", "2025-02-14", model.Quarterly,
			"2024-Q1 2024-02-15..2024-03-31 partial due 2024-04-30|2024-Q2 2024-04-01..2024-06-30 due 2024-07-30|" +
				"2024-Q3 2024-07-01..2024-09-30 due 2024-10-30|2024-Q4 2024-10-01..2024-12-31 due 2025-01-30|" +
				"2025-Q1 2025-01-01..2025-02-14 partial due 2025-03-16"},
		{"semiannual inside one year", 2, "2024-03-01", "2024-08-31", model.Semiannual,
			"2024-H1 2024-03-01..2024-06-30 partial due 2024-07-30|2024-H2 2024-07-01..2024-08-31 partial due 2024-09-30"},
		{"quarterly across a year end", 2, "2023-11-01", "2024-10-31", model.Quarterly,
			"2023-Q4 2023-11-01..2023-12-31 partial due 2024-01-30|2024-Q1 2024-01-01..2024-03-31 due 2024-04-30|" +
				"2024-Q2 2024-04-01..2024-06-30 due 2024-07-30|2024-Q3 2024-07-01..2024-09-30 due 2024-10-30|" +
				"2024-Q4 2024-10-01..2024-10-31 partial due 2024-11-30"},
		{"one-day period on a leap day", 2, "2024-02-29", "2024-02-29", model.Continuous,
			"2024-02 2024-02-29..2024-02-29 partial due 2024-03-30"},
		{"annual, period ending on a leap day", 2, "2027-09-01", "2028-02-29", model.Annual,
			"12 months to 2028-02-29 2027-03-01..2028-02-29 due 2028-03-30"},
		{"annual, period ending on 28 February of a common year", 2, "2026-09-01", "2027-02-28", model.Annual,
			"12 months to 2027-02-28 2026-03-01..2027-02-28 due 2027-03-30"},
		{"annual, period ending on 28 February of a leap year", 2, "2027-09-01", "2028-02-28", model.Annual,
			"12 months to 2028-02-28 2027-03-01..2028-02-28 due 2028-03-29"},
		{"annual, period ending mid-month", 2, "2026-01-16", "2026-07-15", model.Annual,
			"12 months to 2026-07-15 2025-07-16..2026-07-15 due 2026-08-14"},
		{"per-event with no incidents: one record in the period", 2, "2026-01-01", "2026-06-30", model.PerEvent,
			"period 2026-01-01..2026-06-30 due 2026-07-30"},
		{"type 1 quarterly as of a leap day", 1, "", "2024-02-29", model.Quarterly,
			"as of 2024-02-29 2023-12-01..2024-02-29 due 2024-03-30"},
		{"type 1 quarterly as of mid-month", 1, "", "2024-05-15", model.Quarterly,
			"as of 2024-05-15 2024-02-16..2024-05-15 due 2024-06-14"},
		{"type 1 monthly as of 30 March in a leap year", 1, "", "2024-03-30", model.Monthly,
			"as of 2024-03-30 2024-03-01..2024-03-30 due 2024-04-29"},
		{"type 1 annual as of a month end", 1, "", "2025-03-31", model.Annual,
			"as of 2025-03-31 2024-04-01..2025-03-31 due 2025-04-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := status.EvaluateWith(program(tt.reportType, tt.start, tt.end, tt.freq), status.Options{})
			var got []string
			for _, o := range r.Control("CTL").Occurrences {
				s := fmt.Sprintf("%s %s..%s", o.Label, o.From, o.To)
				if o.Partial {
					s += " partial"
				}
				got = append(got, s+" due "+o.Due.String())
			}
			if g := strings.Join(got, "|"); g != tt.want {
				t.Errorf("\n got %s\nwant %s", strings.ReplaceAll(g, "|", "\n     "), strings.ReplaceAll(tt.want, "|", "\n     "))
			}
		})
	}
}

// TestPerEventIncidents: one occurrence per linked incident detected in the
// period, an unresolved one due from its detection, one resolved after the
// period clipped.
func TestPerEventIncidents(t *testing.T) {
	p := program(2, "2026-01-01", "2026-06-30", model.PerEvent,
		ev("EV-1", "2026-02-10", "2026-02-01", "2026-02-03", model.Pass))
	c := p.Control("CTL")
	c.Incidents = []*model.Incident{
		{ID: "INC-A", Detected: date("2026-02-01"), Resolved: date("2026-02-03")},
		{ID: "INC-B", Detected: date("2026-05-20")},
		{ID: "INC-C", Detected: date("2026-06-25"), Resolved: date("2026-07-04")},
		{ID: "INC-OLD", Detected: date("2025-12-30"), Resolved: date("2026-01-02")},
	}
	r := status.EvaluateWith(p, status.Options{Today: date("2026-07-01")})
	var got []string
	for _, o := range r.Control("CTL").Occurrences {
		got = append(got, fmt.Sprintf("%s %s..%s partial=%v due %s %s", o.Label, o.From, o.To, o.Partial, o.Due, o.State))
	}
	want := "INC-A 2026-02-01..2026-02-03 partial=false due 2026-03-05 operating|" +
		"INC-B 2026-05-20..2026-05-20 partial=false due 2026-06-19 gap|" +
		"INC-C 2026-06-25..2026-06-30 partial=true due 2026-07-30 not-yet-due"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("\n got %s\nwant %s", g, want)
	}
	if o := r.Control("CTL").Occurrences[0]; o.Incident == nil || o.Incident.ID != "INC-A" {
		t.Errorf("occurrence does not name its incident: %+v", o.Incident)
	}
}

// TestJudge covers how evidence meets, or fails to meet, one occurrence.
// The window is February 2024 (a leap month), so evidence is due 2024-03-30.
func TestJudge(t *testing.T) {
	feb := func(collected string, r model.Result) *model.Evidence {
		return ev("EV-"+collected+"-"+string(r), collected, "2024-02-01", "2024-02-29", r)
	}
	tests := []struct {
		name     string
		today    string
		grace    int
		evidence []*model.Evidence
		want     string // state/cause
	}{
		{"pass on time", "2024-12-31", 0, []*model.Evidence{feb("2024-03-05", model.Pass)}, "operating"},
		{"pass on the due date", "2024-12-31", 0, []*model.Evidence{feb("2024-03-30", model.Pass)}, "operating"},
		{"pass a day after the due date is late", "2024-12-31", 0, []*model.Evidence{feb("2024-03-31", model.Pass)}, "gap/late"},
		{"late record and an on-time one", "2024-12-31", 0, []*model.Evidence{feb("2024-03-01", model.Pass), feb("2024-05-01", model.Pass)}, "operating"},
		{"nothing, before the due date", "2024-03-10", 0, nil, "not-yet-due"},
		{"nothing, on the due date", "2024-03-30", 0, nil, "not-yet-due"},
		{"nothing, the day after", "2024-03-31", 0, nil, "gap/missing"},
		{"nothing, before the window opens", "2024-01-15", 0, nil, "not-yet-due"},
		{"fail only", "2024-12-31", 0, []*model.Evidence{feb("2024-03-02", model.Fail)}, "gap/failed"},
		{"fail, then a pass", "2024-12-31", 0, []*model.Evidence{feb("2024-03-02", model.Fail), feb("2024-03-09", model.Pass)}, "exception"},
		{"pass, then a fail", "2024-12-31", 0, []*model.Evidence{feb("2024-03-02", model.Pass), feb("2024-03-09", model.Fail)}, "gap/failed"},
		{"fail, then a late pass", "2024-12-31", 0, []*model.Evidence{feb("2024-03-02", model.Fail), feb("2024-04-09", model.Pass)}, "gap/failed"},
		{"exception", "2024-12-31", 0, []*model.Evidence{feb("2024-03-02", model.Exception)}, "exception"},
		{"exception and pass", "2024-12-31", 0, []*model.Evidence{feb("2024-03-02", model.Pass), feb("2024-03-03", model.Exception)}, "exception"},
		{"record of the month before does not count", "2024-12-31", 0,
			[]*model.Evidence{ev("EV-JAN", "2024-02-02", "2024-01-01", "2024-01-31", model.Pass)}, "gap/missing"},
		{"record collected before the window opened does not count", "2024-12-31", 0,
			[]*model.Evidence{ev("EV-EARLY", "2024-01-20", "2024-01-20", "2024-02-20", model.Pass)}, "gap/missing"},
		{"one day of the window is enough", "2024-12-31", 0,
			[]*model.Evidence{ev("EV-SAMPLE", "2024-02-29", "2024-02-29", "2024-02-29", model.Pass)}, "operating"},
		{"a span collected within grace of its own end", "2024-12-31", 0,
			[]*model.Evidence{ev("EV-H1", "2024-07-20", "2024-01-01", "2024-06-30", model.Pass)}, "operating"},
		{"a span collected after grace of its own end", "2024-12-31", 0,
			[]*model.Evidence{ev("EV-H1", "2024-08-20", "2024-01-01", "2024-06-30", model.Pass)}, "gap/late"},
		{"no grace: the day after the window is late", "2024-12-31", -1, []*model.Evidence{feb("2024-03-01", model.Pass)}, "gap/late"},
		{"no grace: the last day is on time", "2024-12-31", -1, []*model.Evidence{feb("2024-02-29", model.Pass)}, "operating"},
		{"longer grace", "2024-12-31", 60, []*model.Evidence{feb("2024-04-20", model.Pass)}, "operating"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := program(2, "2024-02-01", "2024-02-29", model.Monthly, tt.evidence...)
			r := status.EvaluateWith(p, status.Options{Today: date(tt.today), Grace: tt.grace})
			o := r.Control("CTL").Occurrences[0]
			got := string(o.State)
			if o.Cause != "" {
				got += "/" + string(o.Cause)
			}
			if got != tt.want {
				t.Errorf("%s (%s), want %s", got, o.Reason, tt.want)
			}
			if o.Reason == "" {
				t.Error("no reason")
			}
		})
	}
}

// TestNotYetDue: early in the period nothing is due; the first quarter's
// evidence shows up among the upcoming items once it is due within 30 days.
func TestNotYetDue(t *testing.T) {
	p := program(2, "2024-01-01", "2024-12-31", model.Quarterly)
	r := status.EvaluateWith(p, status.Options{Today: date("2024-02-10")})
	cs := r.Control("CTL")
	if cs.State != status.NotYetDue || cs.Reason != "none of 4 occurrences is due yet" {
		t.Errorf("%s: %s", cs.State, cs.Reason)
	}
	if len(r.Upcoming) != 0 || len(r.Gaps) != 0 {
		t.Errorf("upcoming %v, gaps %v", r.Upcoming, r.Gaps)
	}
	r = status.EvaluateWith(p, status.Options{Today: date("2024-04-05")})
	if len(r.Upcoming) != 1 || r.Upcoming[0].Label != "2024-Q1" || r.Upcoming[0].Due != date("2024-04-30") {
		t.Errorf("upcoming: %+v", r.Upcoming)
	}
	r = status.EvaluateWith(p, status.Options{Today: date("2024-04-05"), Horizon: 10})
	if len(r.Upcoming) != 0 {
		t.Errorf("a 10-day horizon still lists %+v", r.Upcoming)
	}
	// Evidence for the first quarter makes the control operating while the
	// later quarters are not yet due.
	p = program(2, "2024-01-01", "2024-12-31", model.Quarterly, ev("EV-Q1", "2024-04-03", "2024-01-01", "2024-03-31", model.Pass))
	cs = status.EvaluateWith(p, status.Options{Today: date("2024-05-01")}).Control("CTL")
	if cs.State != status.Operating || cs.Reason != "1 of 4 occurrences evidenced; 3 not yet due" {
		t.Errorf("%s: %s", cs.State, cs.Reason)
	}
}

// TestPolicyReviewFromHistory: a review the compiler found in git history
// (model.Policy.LastReview) moves the next review date.
func TestPolicyReviewFromHistory(t *testing.T) {
	p := program(2, "2024-01-01", "2024-12-31", model.Annual, ev("EV", "2024-05-01", "2024-05-01", "2024-05-01", model.Pass))
	pol := p.Policy("POL")
	pol.Effective, pol.ReviewCycle, pol.Owner, pol.File = date("2023-01-01"), model.Cycle{Months: 12}, "CISO", "policies/pol.md"
	r := status.Evaluate(p)
	if cs := r.Control("CTL"); cs.State != status.Gap || cs.Cause != status.ReviewOverdue {
		t.Fatalf("without a recorded review: %s %s", cs.State, cs.Reason)
	}
	if ps := r.Policy("POL"); !ps.Overdue || ps.NextReview != date("2024-01-01") {
		t.Errorf("policy status %+v", ps)
	}
	pol.LastReview = date("2024-03-15")
	r = status.Evaluate(p)
	if cs := r.Control("CTL"); cs.State != status.Operating {
		t.Errorf("with a review on 2024-03-15: %s %s", cs.State, cs.Reason)
	}
	if ps := r.Policy("POL"); ps.Overdue || ps.LastReviewed != date("2024-03-15") || ps.NextReview != date("2025-03-15") {
		t.Errorf("policy status %+v", ps)
	}
}

// TestTypeOne: a type 1 report judges evidence as of as_of.
func TestTypeOne(t *testing.T) {
	p := program(1, "", "2026-03-31", model.Quarterly, ev("EV", "2026-03-20", "2026-02-01", "2026-02-28", model.Pass))
	r := status.Evaluate(p)
	if cs := r.Control("CTL"); cs.State != status.Operating {
		t.Errorf("%s: %s", cs.State, cs.Reason)
	}
	if len(r.Columns) != 1 || r.Columns[0].Label != "as of 2026-03-31" || r.Control("CTL").Cells[0].State != status.Operating {
		t.Errorf("columns %+v, cells %+v", r.Columns, r.Control("CTL").Cells)
	}
	p = program(1, "", "2026-03-31", model.Quarterly, ev("EV", "2025-12-20", "2025-12-01", "2025-12-15", model.Pass))
	if cs := status.EvaluateWith(p, status.Options{Today: date("2026-06-01")}).Control("CTL"); cs.State != status.Gap || cs.Cause != status.Missing {
		t.Errorf("evidence from before the quarter: %s: %s", cs.State, cs.Reason)
	}
}

// TestTheEndOfThePeriodIsJudged: the occurrences that end in the last weeks
// of the period are judged once their due date has passed, and every
// occurrence of the period once its grace has passed — a quarter the period
// ends inside included — so that a missing last month never stays "not yet
// due" for good (issue 12). Type 1 and 2, grace, a leap year, and
// evaluation dates after the period.
func TestTheEndOfThePeriodIsJudged(t *testing.T) {
	for _, tc := range []struct {
		name               string
		reportType         int
		start, end         string
		freq               model.Frequency
		evidence           []*model.Evidence
		evaluated          string // "" for the default
		grace              int
		wantLast, wantDate string // the last occurrence's state/cause; the date judged at
	}{
		{"last month, on the period's end", 2, "2026-01-01", "2026-06-30", model.Monthly, nil, "2026-06-30", 0, "not-yet-due", "2026-06-30"},
		{"last month, on its due date", 2, "2026-01-01", "2026-06-30", model.Monthly, nil, "2026-07-30", 0, "not-yet-due", "2026-07-30"},
		{"last month, the day after", 2, "2026-01-01", "2026-06-30", model.Monthly, nil, "2026-07-31", 0, "gap/missing", "2026-07-31"},
		{"last month, a commit long after", 2, "2026-01-01", "2026-06-30", model.Monthly, nil, "2027-03-01", 0, "gap/missing", "2027-03-01"},
		{"last month, no date: judged when the grace is over", 2, "2026-01-01", "2026-06-30", model.Monthly, nil, "", 0, "gap/missing", "2026-07-31"},
		{"no date, longer grace", 2, "2026-01-01", "2026-06-30", model.Monthly, nil, "", 45, "gap/missing", "2026-08-15"},
		{"last month evidenced", 2, "2026-01-01", "2026-06-30", model.Monthly,
			[]*model.Evidence{ev("EV-JUNE", "2026-07-10", "2026-06-01", "2026-06-30", model.Pass)}, "", 0, "operating", "2026-07-31"},
		{"leap year February", 2, "2024-01-01", "2024-02-29", model.Monthly, nil, "", 0, "gap/missing", "2024-03-31"},
		{"a quarter the period ends inside, before the period's grace ends", 2, "2026-01-01", "2026-05-31", model.Quarterly, nil, "2026-06-30", 0, "not-yet-due", "2026-06-30"},
		{"a quarter the period ends inside, after the period's grace", 2, "2026-01-01", "2026-05-31", model.Quarterly, nil, "2026-07-01", 0, "gap/missing", "2026-07-01"},
		{"a quarter the period ends inside, reviewed after the quarter", 2, "2026-01-01", "2026-05-31", model.Quarterly,
			[]*model.Evidence{ev("EV-Q2", "2026-07-10", "2026-04-01", "2026-06-30", model.Pass)}, "2026-08-01", 0, "operating", "2026-08-01"},
		{"type 1, within grace", 1, "", "2026-03-31", model.Quarterly, nil, "2026-04-30", 0, "not-yet-due", "2026-04-30"},
		{"type 1, after grace", 1, "", "2026-03-31", model.Quarterly, nil, "2026-05-01", 0, "gap/missing", "2026-05-01"},
		{"type 1, no date", 1, "", "2026-03-31", model.Quarterly, nil, "", 0, "gap/missing", "2026-05-01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := program(tc.reportType, tc.start, tc.end, tc.freq, tc.evidence...)
			opts := status.Options{Grace: tc.grace}
			if tc.evaluated != "" {
				opts.Today = date(tc.evaluated)
			}
			r := status.EvaluateWith(p, opts)
			if r.Evaluated != date(tc.wantDate) {
				t.Errorf("evaluated %s, want %s", r.Evaluated, tc.wantDate)
			}
			occ := r.Control("CTL").Occurrences
			o := occ[len(occ)-1]
			got := string(o.State)
			if o.Cause != "" {
				got += "/" + string(o.Cause)
			}
			if got != tc.wantLast {
				t.Errorf("%s: %s (%s), want %s", o.Label, got, o.Reason, tc.wantLast)
			}
			if o.State == status.NotYetDue && o.Due.Before(r.Evaluated) {
				t.Errorf("%s is not yet due though its due date %s is before %s", o.Label, o.Due, r.Evaluated)
			}
		})
	}
}

// TestExceptionCellsAreTheDaysItCovers: on the heat map an exception colours
// the cells its records cover, not every cell of an occurrence that spans
// several months (issue 12: a per-event control with no incident, whose one
// occurrence is the whole period, showed a March exception in every month).
func TestExceptionCellsAreTheDaysItCovers(t *testing.T) {
	for _, tc := range []struct {
		name     string
		freq     model.Frequency
		evidence []*model.Evidence
		want     string // one letter per month: o operating, e exception, g gap
	}{
		{"one record for the period, an exception in March", model.PerEvent, []*model.Evidence{
			ev("EV-MAR", "2026-04-02", "2026-03-01", "2026-03-31", model.Exception),
			ev("EV-H1", "2026-07-02", "2026-01-01", "2026-06-30", model.Pass),
		}, "ooeooo"},
		{"an exception record over the first quarter only", model.PerEvent, []*model.Evidence{
			ev("EV-Q1", "2026-04-02", "2026-01-01", "2026-03-31", model.Exception),
			ev("EV-Q2", "2026-07-02", "2026-04-01", "2026-06-30", model.Pass),
		}, "eeeooo"},
		{"a failure remediated in May", model.Semiannual, []*model.Evidence{
			ev("EV-MAY-FAIL", "2026-06-01", "2026-05-01", "2026-05-31", model.Fail),
			ev("EV-MAY-RETEST", "2026-06-05", "2026-05-01", "2026-05-31", model.Pass),
			ev("EV-H1", "2026-07-02", "2026-01-01", "2026-06-30", model.Pass),
		}, "ooooeo"},
		{"an exception over the whole occurrence colours all of it", model.Semiannual, []*model.Evidence{
			ev("EV-H1", "2026-07-02", "2026-01-01", "2026-06-30", model.Exception),
		}, "eeeeee"},
		{"a monthly control: each month its own", model.Monthly, []*model.Evidence{
			ev("EV-JAN", "2026-02-02", "2026-01-01", "2026-01-31", model.Pass),
			ev("EV-FEB", "2026-03-02", "2026-02-01", "2026-02-28", model.Exception),
			ev("EV-MAR-JUN", "2026-07-02", "2026-03-01", "2026-06-30", model.Pass),
		}, "oeoooo"},
		{"a failure not remediated stays a gap for the whole occurrence", model.Semiannual, []*model.Evidence{
			ev("EV-MAY-FAIL", "2026-06-01", "2026-05-01", "2026-05-31", model.Fail),
		}, "gggggg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := program(2, "2026-01-01", "2026-06-30", tc.freq, tc.evidence...)
			cs := status.EvaluateWith(p, status.Options{Today: date("2026-09-01")}).Control("CTL")
			var got string
			for _, c := range cs.Cells {
				got += string(c.State)[:1]
				if c.Reason == "" {
					t.Errorf("a %s cell has no reason", c.State)
				}
			}
			if got != tc.want {
				t.Errorf("cells %s, want %s (control %s: %s)", got, tc.want, cs.State, cs.Reason)
			}
		})
	}
	// Type 1 has one column, the report's date: an exception anywhere in the
	// window shows there.
	p := program(1, "", "2026-03-31", model.Quarterly, ev("EV-FEB", "2026-03-05", "2026-02-01", "2026-02-28", model.Exception))
	if c := status.EvaluateWith(p, status.Options{}).Control("CTL").Cells[0]; c.State != status.Exception {
		t.Errorf("type 1 cell %s (%s), want exception", c.State, c.Reason)
	}
}
