package compile_test

import (
	"testing"
	"testing/fstest"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/model"
)

// TestLoadersReadEveryField compiles one of each source kind and checks that
// every field arrives in the model, resolved and typed.
func TestLoadersReadEveryField(t *testing.T) {
	fsys := fixtureFS(t, "testdata/minimal.txtar")
	fsys["policies/access.md"] = &fstest.MapFile{Data: []byte(`+++
id = "POL-ACCESS"
title = "Access Control Policy"
owner = "Head of Security"
approvers = ["CEO", "CTO"]
status = "approved"
effective = 2026-01-15
review_cycle = "6 months"
visibility = "public"
[criteria]
mini = ["M.1"]
+++

Policy body.
`)}
	fsys["content/controls/one.md"].Data = []byte(`+++
id = "CTL-ONE"
title = "The one control"
owner = "Owner"
policies = ["POL-ACCESS"]
frequency = "quarterly"
kind = "detective"
automated = true
summary = "Does the one thing."
visibility = "internal"
[criteria]
mini = ["M.1"]
+++

It operates.

` + "```toml\n## Test procedure\n```" + `

## Test procedure

1. Look at it.

## Notes

After the procedure.
`)
	fsys["content/evidence/one.toml"] = &fstest.MapFile{Data: []byte(`[[evidence]]
id = "EV-URL"
control = "CTL-ONE"
title = "Dashboard"
collected = 2026-04-02
covers_from = 2026-01-01
covers_to = 2026-03-31
url = "https://dash.example/q1"
result = "exception"
collector = "Ann"
note = "One late ticket."
`)}
	fsys["content/registers/all.toml"] = &fstest.MapFile{Data: []byte(`[[risk]]
id = "RISK-1"
title = "Stolen laptop"
likelihood = 2
impact = 4
owner = "IT"
treatment = "mitigate"
controls = ["CTL-ONE"]
due = 2026-09-30

[[incident]]
id = "INC-1"
title = "Lost phone"
detected = 2026-02-01
resolved = 2026-02-02
severity = "low"
actions = ["Wiped"]
controls = ["CTL-ONE"]

[[subprocessor]]
name = "Host"
purpose = "Hosting"
location = "EU"
data = "All"
method = "carve-out"
monitoring = ["CTL-ONE"]
[[subprocessor.csoc]]
text = "Guards the building."
criteria = ["CC6.4"]
`)}
	res := compile.Compile(fsys, compile.Options{Today: today})
	for _, d := range res.Diags.Items() {
		t.Errorf("%s", d)
	}
	p := res.Program
	pol := p.Policy("POL-ACCESS")
	ctl := p.Control("CTL-ONE")
	if pol == nil || ctl == nil {
		t.Fatal("policy or control missing")
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"policy approvers", len(pol.Approvers), 2},
		{"policy status", pol.Status, model.Approved},
		{"policy effective", pol.Effective.String(), "2026-01-15"},
		{"policy cycle", pol.ReviewCycle.String(), "6 months"},
		{"policy visibility", pol.Visibility, model.Public},
		{"policy criteria", len(pol.Criteria), 1},
		{"policy implemented by", len(pol.Controls), 1},
		{"control frequency", ctl.Frequency, model.Quarterly},
		{"control kind", ctl.Kind, model.ControlKind("detective")},
		{"control automated", ctl.Automated, true},
		{"control visibility", ctl.Visibility, model.Internal},
		{"control policies resolved", ctl.Policies[0], pol},
		{"narrative keeps the code block and later sections", ctl.Narrative, "It operates.\n\n```toml\n## Test procedure\n```\n\n## Notes\n\nAfter the procedure.\n"},
		{"test procedure", ctl.TestProcedure, "1. Look at it.\n"},
		{"evidence resolved", len(ctl.Evidence), 1},
		{"evidence url", ctl.Evidence[0].URL, "https://dash.example/q1"},
		{"evidence result", ctl.Evidence[0].Result, model.Exception},
		{"evidence covers", ctl.Evidence[0].CoversTo.String(), "2026-03-31"},
		{"risk score", p.Risks[0].Score(), 8},
		{"risk resolved", ctl.Risks[0], p.Risks[0]},
		{"incident resolved", ctl.Incidents[0], p.Incidents[0]},
		{"subprocessor default visibility", p.Subprocessors[0].Visibility, model.Public},
		{"subprocessor csoc", p.Subprocessors[0].CSOCs[0].Criteria[0], "CC6.4"},
		{"subprocessor monitoring", p.Subprocessors[0].MonitoringControls[0], ctl},
		{"controls for criterion", len(p.ControlsFor("mini", "M.1")), 1},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
}
