// Package synth writes synthetic compliance programs of a chosen size, for
// benchmarks and load tests. The programs are deterministic and check clean.
package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/attest-dev/attest/generator/catalog"
	"github.com/attest-dev/attest/generator/diag"
)

// Size is how much a synthetic program holds.
type Size struct {
	Policies int
	Controls int
	Evidence int // records; one small file each
}

var (
	// Small is a quick program for tests.
	Small = Size{Policies: 10, Controls: 100, Evidence: 600}
	// Large is the benchmark program of issue #2: 200 policies, 2,000 controls, 20,000 evidence records.
	Large = Size{Policies: 200, Controls: 2000, Evidence: 20000}
)

// Write writes a program of the given size into dir, which should be empty.
// Every in-scope criterion is covered, every reference resolves and every
// evidence hash matches, so the program compiles without errors.
func Write(dir string, size Size) error {
	w := &writer{dir: dir}
	cats := catalog.Load(nil, &diag.List{})
	soc2 := cats["soc2"].InGroups([]string{"security", "availability", "confidentiality"})
	iso := cats["iso27001"].Criteria

	w.file("config.toml", `[organization]
name = "Synthetic Systems"
website = "https://synthetic.example"
security_contact = "security@synthetic.example"

[audit]
frameworks = ["soc2", "iso27001"]
soc2_categories = ["security", "availability", "confidentiality"]
report_type = 2
period_start = 2026-01-01
period_end = 2026-06-30
auditor = "Example CPA LLP"
request_access_url = "mailto:trust@synthetic.example"

[trust]
title = "Synthetic Systems Trust Center"
intro = "A generated program used to measure attest."
`)
	visibility := []string{"public", "restricted", "restricted", "internal"}
	for i := range size.Policies {
		var b strings.Builder
		fmt.Fprintf(&b, "+++\nid = \"POL-%04d\"\ntitle = \"Synthetic policy %d\"\nowner = \"Owner %d\"\napprovers = [\"CEO\"]\n", i, i, i%17)
		fmt.Fprintf(&b, "status = \"approved\"\neffective = 2026-01-%02d\nreview_cycle = \"12 months\"\nvisibility = %q\n", 1+i%28, visibility[i%len(visibility)])
		fmt.Fprintf(&b, "[criteria]\nsoc2 = [%q]\niso27001 = [%q]\n+++\n\n", soc2[i%len(soc2)].ID, iso[i%len(iso)].ID)
		fmt.Fprintf(&b, "## Purpose\n\nPolicy %d sets out how the synthetic company handles area %d.\n\n", i, i)
		for p := range 6 {
			fmt.Fprintf(&b, "## Statement %d\n\nStaff must follow rule %d.%d. Exceptions are approved by the owner and recorded. "+
				"The rule is reviewed every year and after any significant change to the system.\n\n", p+1, i, p)
		}
		w.file(fmt.Sprintf("policies/policy-%04d.md", i), b.String())
	}
	frequencies := []string{"monthly", "quarterly", "continuous", "annual", "semiannual"}
	perControl := 0
	if size.Controls > 0 {
		perControl = size.Evidence / size.Controls
	}
	extra := size.Evidence - perControl*size.Controls
	for i := range size.Controls {
		freq := frequencies[i%len(frequencies)]
		var b strings.Builder
		fmt.Fprintf(&b, "+++\nid = \"CTL-%04d\"\ntitle = \"Synthetic control %d\"\nowner = \"Owner %d\"\n", i, i, i%23)
		if size.Policies > 0 {
			fmt.Fprintf(&b, "policies = [\"POL-%04d\"]\n", i%size.Policies)
		}
		fmt.Fprintf(&b, "frequency = %q\nkind = \"preventive\"\nautomated = %t\nsummary = \"Synthetic control %d operates as designed.\"\nvisibility = %q\n",
			freq, i%2 == 0, i, visibility[i%len(visibility)])
		fmt.Fprintf(&b, "[criteria]\nsoc2 = [%q]\niso27001 = [%q]\n+++\n\n", soc2[i%len(soc2)].ID, iso[i%len(iso)].ID)
		fmt.Fprintf(&b, "Control %d is operated by its owner and evidenced every period.\n\n## Test procedure\n\n1. Inspect the evidence for each period.\n2. Reperform a sample of %d items.\n", i, 1+i%5)
		w.file(fmt.Sprintf("content/controls/control-%04d.md", i), b.String())

		n := perControl
		if i < extra {
			n++
		}
		var m strings.Builder
		for j := range n {
			month := 1 + j%6
			from := fmt.Sprintf("2026-%02d-01", month)
			to := fmt.Sprintf("2026-%02d-%02d", month, daysIn(month))
			if freq == "annual" || freq == "semiannual" || freq == "quarterly" {
				from, to = "2026-01-01", "2026-06-30"
			}
			name := fmt.Sprintf("evidence/ctl-%04d/record-%03d.txt", i, j)
			content := fmt.Sprintf("control CTL-%04d record %d\nperiod %s to %s\nresult: pass\n", i, j, from, to)
			sum := sha256.Sum256([]byte(content))
			w.file(name, content)
			fmt.Fprintf(&m, "[[evidence]]\nid = \"EV-%04d-%03d\"\ncontrol = \"CTL-%04d\"\ntitle = \"Record %d of control %d\"\ncollected = %s\ncovers_from = %s\ncovers_to = %s\nfile = %q\nsha256 = %q\nresult = \"pass\"\ncollector = \"Collector %d\"\n\n",
				i, j, i, j, i, to, from, to, name, hex.EncodeToString(sum[:]), j%7)
		}
		if n > 0 {
			w.file(fmt.Sprintf("content/evidence/ctl-%04d.toml", i), m.String())
		}
	}
	w.file("content/registers/subprocessors.toml", `[[subprocessor]]
name = "Synthetic Hosting"
purpose = "Infrastructure hosting"
location = "EU"
data = "All customer data"
since = 2024-01-01
dpa = true
assurance = "SOC 2 Type II"
reviewed = 2026-01-15
visibility = "public"
`)
	for i, dc := range []string{"Services", "Commitments", "Components", "Incidents", "Criteria and controls", "User-entity controls", "Subservice organizations", "Criteria not applicable", "Significant changes"} {
		w.file(fmt.Sprintf("content/description/dc%d.md", i+1), fmt.Sprintf("+++\ntitle = %q\nsection = \"DC%d\"\nweight = %d\n+++\n\nThe synthetic company's %s.\n", dc, i+1, i+1, strings.ToLower(dc)))
	}
	return w.err
}

func daysIn(month int) int {
	switch month {
	case 2:
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

type writer struct {
	dir string
	err error
}

func (w *writer) file(name, content string) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.err = err
		return
	}
	w.err = os.WriteFile(p, []byte(content), 0o644)
}
