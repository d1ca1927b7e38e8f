package model

import "testing"

// TestWithEvidenceLeavesTheProgramAsItIs: the copy holds the record, in
// collected order, and p — its control, its lists, its indexes — does not.
func TestWithEvidenceLeavesTheProgramAsItIs(t *testing.T) {
	d := func(s string) Date {
		x, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	p := &Program{
		Controls: []*Control{
			{ID: "CTL-A", Criteria: []CriterionRef{{"soc2", "CC6.1"}}},
			{ID: "CTL-B", Criteria: []CriterionRef{{"soc2", "CC6.1"}}},
		},
		Evidence: []*Evidence{
			{ID: "EV-1", ControlID: "CTL-A", Collected: d("2026-01-10")},
			{ID: "EV-3", ControlID: "CTL-A", Collected: d("2026-03-10")},
		},
	}
	p.Index()
	e := &Evidence{ID: "EV-2", ControlID: "CTL-A", Collected: d("2026-02-10")}
	q := p.WithEvidence(e)

	if len(p.Evidence) != 2 || len(p.Control("CTL-A").Evidence) != 2 || p.ControlsFor("soc2", "CC6.1")[0] != p.Control("CTL-A") {
		t.Errorf("p changed: %d records, CTL-A has %d", len(p.Evidence), len(p.Control("CTL-A").Evidence))
	}
	c := q.Control("CTL-A")
	if c == p.Control("CTL-A") || len(q.Evidence) != 3 || e.Control != c {
		t.Fatalf("the copy does not hold its own CTL-A with the record")
	}
	var ids string
	for _, x := range c.Evidence {
		ids += x.ID + " "
	}
	if ids != "EV-1 EV-2 EV-3 " {
		t.Errorf("CTL-A's records in the copy: %s", ids)
	}
	if got := q.ControlsFor("soc2", "CC6.1"); len(got) != 2 || got[0] != c || got[1] != p.Control("CTL-B") {
		t.Errorf("ControlsFor in the copy: %v", got)
	}
	if q.Controls[0] != c || q.Controls[1] != p.Control("CTL-B") {
		t.Error("the copy's Controls")
	}
	if p.WithEvidence(&Evidence{ID: "EV-X", ControlID: "CTL-NONE"}) != p {
		t.Error("a record of no control changed the program")
	}
}
