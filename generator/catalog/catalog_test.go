package catalog

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/attest-dev/attest/generator/diag"
)

// TestUserCatalogs: a custom catalog is read with its criteria's full text
// (description); one named like a built-in catalog replaces it with a
// warning at its id, since a copy without the built-in groups leaves
// nothing in scope (issue 13: the trust center said "0 of 0").
func TestUserCatalogs(t *testing.T) {
	user := fstest.MapFS{
		"frameworks/mini.toml": {Data: []byte(`id = "mini"
name = "Mini"
[[group]]
id = "all"
name = "All"
[[criterion]]
id = "M.1"
group = "all"
title = "Staff are screened"
description = """
Everyone with access to customer data is screened before they start.
"""
`)},
		"frameworks/soc2.toml": {Data: []byte(`# our own copy
id = "soc2"
name = "SOC 2 (ours)"
[[group]]
id = "sec"
name = "Security"
[[criterion]]
id = "CC1.1"
group = "sec"
title = "Integrity"
`)},
	}
	var diags diag.List
	set := Load(user, &diags)
	if got := set["mini"].Criterion("M.1").Description; got != "Everyone with access to customer data is screened before they start." {
		t.Errorf("description = %q", got)
	}
	if set["soc2"].Name != "SOC 2 (ours)" || set["iso27001"] == nil {
		t.Errorf("catalogs: soc2 %q, iso27001 %v", set["soc2"].Name, set["iso27001"])
	}
	var warnings []string
	for _, d := range diags.Items() {
		warnings = append(warnings, d.String())
	}
	want := "frameworks/soc2.toml:2:1: warning: this catalog replaces the built-in SOC 2 catalog"
	if len(warnings) != 1 || !strings.HasPrefix(warnings[0], want) || diags.HasErrors() {
		t.Errorf("diagnostics:\n  %s\nwant one warning starting\n  %s", strings.Join(warnings, "\n  "), want)
	}
}

// TestFrameworkStringCountsInEnglish: "Mini (1 criterion)" (issue 15).
func TestFrameworkStringCountsInEnglish(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{1, "Mini (1 criterion)"}, {2, "Mini (2 criteria)"}} {
		f := &Framework{Name: "Mini", Criteria: make([]*Criterion, tt.n)}
		if got := f.String(); got != tt.want {
			t.Errorf("%q, want %q", got, tt.want)
		}
	}
}
