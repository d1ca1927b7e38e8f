package status_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/status"
)

// TestEffectOfARecord: which occurrences one more record counts for, their
// states before and after, and why it counts for none.
func TestEffectOfARecord(t *testing.T) {
	for _, tc := range []struct {
		name       string
		reportType int
		start, end string
		freq       model.Frequency
		existing   []*model.Evidence
		record     *model.Evidence
		want       string // "label before→after" …, or "none: why"
	}{
		{"a missing quarter becomes operating", 2, "2026-01-01", "2026-06-30", model.Quarterly, nil,
			ev("EV-Q2", "2026-07-09", "2026-04-01", "2026-06-30", model.Pass), "2026-Q2 gap/missing→operating"},
		{"a span over two quarters", 2, "2026-01-01", "2026-06-30", model.Quarterly, nil,
			ev("EV-H1", "2026-07-09", "2026-01-01", "2026-06-30", model.Pass), "2026-Q1 gap/missing→operating 2026-Q2 gap/missing→operating"},
		{"an exception on an operating month", 2, "2026-01-01", "2026-06-30", model.Monthly,
			[]*model.Evidence{ev("EV-MAR", "2026-04-02", "2026-03-01", "2026-03-31", model.Pass)},
			ev("EV-MAR-EXC", "2026-04-03", "2026-03-01", "2026-03-31", model.Exception), "2026-03 operating→exception"},
		{"a failed retest", 2, "2026-01-01", "2026-06-30", model.Monthly, nil,
			ev("EV-JUN", "2026-07-02", "2026-06-01", "2026-06-30", model.Fail), "2026-06 gap/missing→gap/failed"},
		{"outside the audit period", 2, "2026-01-01", "2026-06-30", model.Quarterly, nil,
			ev("EV-Q3", "2026-10-02", "2026-07-01", "2026-09-30", model.Pass),
			"none: it covers 2026-07-01 to 2026-09-30, outside the audit period (2026-01-01 to 2026-06-30)"},
		{"type 1 as of an earlier date", 1, "", "2026-03-31", model.Quarterly, nil,
			ev("EV-Q2", "2026-07-02", "2026-04-01", "2026-06-30", model.Pass),
			"none: it covers 2026-04-01 to 2026-06-30, after 2026-03-31, the date of the type 1 report: it counts for a report as of a later date"},
		{"type 1, before the window", 1, "", "2026-03-31", model.Quarterly, nil,
			ev("EV-OLD", "2025-10-02", "2025-07-01", "2025-09-30", model.Pass),
			"none: it covers 2025-07-01 to 2025-09-30, before the window the type 1 report as of 2026-03-31 judges CTL in (2026-01-01 to 2026-03-31)"},
		{"collected in one window, covering days of the next too", 2, "2026-01-01", "2026-06-30", model.Quarterly, nil,
			ev("EV-EARLY", "2026-03-20", "2026-03-20", "2026-04-20", model.Pass),
			"2026-Q1 gap/missing→operating"},
		{"collected before the window it covers opened", 2, "2026-01-01", "2026-06-30", model.Quarterly, nil,
			ev("EV-EARLY", "2026-03-20", "2026-04-01", "2026-04-20", model.Pass),
			"none: it was collected on 2026-03-20, before the window it covers opened (2026-Q2: 2026-04-01 to 2026-06-30): a record vouches only for days before it was made"},
		{"a late record", 2, "2026-01-01", "2026-06-30", model.Monthly, nil,
			ev("EV-JAN", "2026-05-02", "2026-01-01", "2026-01-31", model.Pass), "2026-01 gap/missing→gap/late"},
		{"a single day, in the period", 2, "2026-01-01", "2026-06-30", model.Monthly, nil,
			ev("EV-DAY", "2026-05-12", "2026-05-12", "2026-05-12", model.Pass), "2026-05 gap/missing→operating"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := program(tc.reportType, tc.start, tc.end, tc.freq, tc.existing...)
			tc.record.ControlID = "CTL"
			eff := status.Effect(p, tc.record, status.Options{Today: date("2026-12-04")})
			var got []string
			for _, c := range eff.Covered {
				got = append(got, fmt.Sprintf("%s %s→%s", c.After.Label, judged(c.Before), judged(c.After)))
			}
			if eff.None != "" {
				got = append(got, "none: "+eff.None)
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("\n got %s\nwant %s", g, tc.want)
			}
			if n := len(p.Control("CTL").Evidence); n != len(tc.existing) {
				t.Errorf("the program now has %d records of CTL, want %d", n, len(tc.existing))
			}
		})
	}
}

// TestEffectBetweenIncidents: a per-event control had to operate only for
// its incidents; a record of a quiet month covers none of them.
func TestEffectBetweenIncidents(t *testing.T) {
	p := program(2, "2026-01-01", "2026-06-30", model.PerEvent)
	p.Control("CTL").Incidents = []*model.Incident{
		{ID: "INC-A", Detected: date("2026-02-01"), Resolved: date("2026-02-03")},
		{ID: "INC-B", Detected: date("2026-05-20"), Resolved: date("2026-05-21")},
	}
	e := ev("EV-APR", "2026-04-30", "2026-04-01", "2026-04-30", model.Pass)
	e.ControlID = "CTL"
	eff := status.Effect(p, e, status.Options{Today: date("2026-12-04")})
	if want := "CTL had no occurrence then: it had to operate in INC-A (2026-02-01 to 2026-02-03), INC-B (2026-05-20 to 2026-05-21)"; len(eff.Covered) != 0 || eff.None != want {
		t.Errorf("covered %v, none %q\nwant %q", eff.Covered, eff.None, want)
	}
	e = ev("EV-B", "2026-05-22", "2026-05-20", "2026-05-21", model.Pass)
	e.ControlID = "CTL"
	eff = status.Effect(p, e, status.Options{Today: date("2026-12-04")})
	if len(eff.Covered) != 1 || eff.Covered[0].After.Label != "INC-B" || eff.Covered[0].After.State != status.Operating {
		t.Errorf("covered %+v", eff.Covered)
	}
	if status.Effect(p, &model.Evidence{ID: "EV-X", ControlID: "CTL-NONE"}, status.Options{}) != nil {
		t.Error("a record of no control has an effect")
	}
}

func judged(o status.Occurrence) string {
	if o.Cause != "" {
		return string(o.State) + "/" + string(o.Cause)
	}
	return string(o.State)
}
