package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/model"
)

// starter writes a starter program into a temporary folder, its notes
// written as an author would.
func starter(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, err := Program(Options{Frameworks: []string{"soc2", "iso27001"}, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteNew(dir, files); err != nil {
		t.Fatal(err)
	}
	writeNotes(t, dir)
	return dir
}

func compileDir(t *testing.T, dir string) *compile.Result {
	t.Helper()
	return compile.Compile(os.DirFS(dir), compile.Options{Today: today})
}

// add runs New and Apply and returns the change.
func add(t *testing.T, dir string, req Request) Change {
	t.Helper()
	req.Today = today
	ch, err := New(os.DirFS(dir), compileDir(t, dir).Program, req)
	if err != nil {
		t.Fatalf("New(%s %q): %v", req.Kind, req.Name, err)
	}
	if err := Apply(dir, ch); err != nil {
		t.Fatal(err)
	}
	return ch
}

func TestNewItemsCompile(t *testing.T) {
	dir := starter(t)
	pol := add(t, dir, Request{Kind: Policy, Name: "data-retention", Criteria: []string{"CC6.5", "iso27001:A.8.10"}})
	ctl := add(t, dir, Request{Kind: Control, Name: "Retention job", Policies: []string{pol.ID}, Criteria: []string{"CC6.5"}, Frequency: "daily", ControlKind: "corrective"})
	risk := add(t, dir, Request{Kind: Risk, Name: "Laptop theft", Likelihood: 2, Impact: 4, Controls: []string{"CTL-ENDPOINTS"}})
	sub := add(t, dir, Request{Kind: Subprocessor, Name: "Stratus Cloud", Purpose: "Hosting", Location: "EU", Data: "All customer data"})

	res := compileDir(t, dir)
	for _, d := range res.Diags.Items() {
		t.Errorf("%s", d)
	}
	p := res.Program
	if pol.ID != "POL-DATA-RETENTION" || pol.Path != "policies/data-retention.md" || p.Policy(pol.ID) == nil {
		t.Errorf("policy: %+v", pol)
	}
	if got := p.Policy(pol.ID); got != nil && (got.Title != "Data retention" || len(got.Criteria) != 2) {
		t.Errorf("policy title %q, criteria %v", got.Title, got.Criteria)
	}
	c := p.Control(ctl.ID)
	if ctl.ID != "CTL-RETENTION-JOB" || c == nil || c.Title != "Retention job" || len(c.Policies) != 1 || c.Frequency != model.Daily {
		t.Errorf("control %+v → %+v", ctl, c)
	}
	if risk.Path != "content/registers/risks.toml" || !risk.Append || risk.ID != "RISK-LAPTOP-THEFT" {
		t.Errorf("risk: %+v", risk)
	}
	if sub.Path != "content/registers/subprocessors.toml" || sub.ID != "Stratus Cloud" || len(p.Subprocessors) != 1 {
		t.Errorf("subprocessor: %+v (%d listed)", sub, len(p.Subprocessors))
	}
	// Line points at the new entry.
	src, _ := os.ReadFile(filepath.Join(dir, "content/registers/risks.toml"))
	lines := strings.Split(string(src), "\n")
	if risk.Line < 1 || lines[risk.Line-1] != "[[risk]]" || !strings.Contains(lines[risk.Line], "RISK-LAPTOP-THEFT") {
		t.Errorf("Line %d does not point at the new [[risk]]", risk.Line)
	}
}

func TestNewIDsAreUnique(t *testing.T) {
	dir := starter(t)
	// access-control.md holds POL-ACCESS; a new "access" policy must not reuse the id.
	a := add(t, dir, Request{Kind: Policy, Name: "access"})
	if a.ID != "POL-ACCESS-2" {
		t.Errorf("id = %s, want POL-ACCESS-2", a.ID)
	}
	b := add(t, dir, Request{Kind: Control, Name: "mfa"})
	if b.ID != "CTL-MFA-2" {
		t.Errorf("id = %s, want CTL-MFA-2", b.ID)
	}
	res := compileDir(t, dir)
	errs, _ := res.Diags.Count()
	if errs > 0 {
		t.Errorf("%d errors after adding: %v", errs, res.Diags.Items())
	}
}

func TestNewRefusals(t *testing.T) {
	dir := starter(t)
	prog := compileDir(t, dir).Program
	for _, tc := range []struct {
		req  Request
		want string
	}{
		{Request{Kind: Policy, Name: "access-control"}, "policies/access-control.md already exists"},
		{Request{Kind: "procedure", Name: "x"}, `unknown kind "procedure"`},
		{Request{Kind: Policy, Name: "--"}, "no letters or digits"},
		{Request{Kind: Control, Name: "x", Policies: []string{"POL-ACCES"}}, `unknown policy "POL-ACCES" (did you mean POL-ACCESS?)`},
		{Request{Kind: Control, Name: "x", Criteria: []string{"CC6.9"}}, `criterion "CC6.9" is in none`},
		{Request{Kind: Control, Name: "x", Criteria: []string{"soc2:CC6.9"}}, `SOC 2 has no criterion "CC6.9"`},
		{Request{Kind: Control, Name: "x", Criteria: []string{"CC6.1", "A1.2"}}, `criterion "A1.2" is outside the audit's scope: SOC 2 A1.2 is in the Availability category, which [audit] soc2_categories does not list (security): add "availability" there`},
		{Request{Kind: Policy, Name: "x", Criteria: []string{"soc2:C1.2"}}, `criterion "soc2:C1.2" is outside the audit's scope: SOC 2 C1.2 is in the Confidentiality category`},
		{Request{Kind: "evidence", Name: "x"}, `unknown kind "evidence"`},
		{Request{Kind: Risk, Name: "x", Likelihood: 7}, "from 1 to 5"},
		{Request{Kind: Subprocessor, Name: "Acme", Purpose: "Mail"}, "needs -location, -data"},
	} {
		tc.req.Today = today
		_, err := New(os.DirFS(dir), prog, tc.req)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v, want an error containing %q", tc.req, err, tc.want)
		}
	}
}

// TestNewRefusesCriteriaOutOfScope: a criterion of a framework that
// [audit] frameworks leaves out, or of a SOC 2 category soc2_categories
// leaves out, is refused — the scope check and status judge by (issue 12).
func TestNewRefusesCriteriaOutOfScope(t *testing.T) {
	dir := t.TempDir()
	files, err := Program(Options{Frameworks: []string{"soc2"}, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteNew(dir, files); err != nil {
		t.Fatal(err)
	}
	prog := compileDir(t, dir).Program
	for _, tc := range []struct {
		criteria []string
		want     string // "" for accepted
	}{
		{[]string{"CC6.1"}, ""},
		{[]string{"soc2:CC6.1", "CC7.2"}, ""},
		{[]string{"A.8.10"}, `criterion "A.8.10" is in none of the frameworks in scope (soc2)`},
		{[]string{"iso27001:A.8.10"}, `criterion "iso27001:A.8.10" is outside the audit's scope: framework ISO 27001 (iso27001) is not in [audit] frameworks (soc2): add "iso27001" there`},
		{[]string{"CC6.1", "P4.1"}, `criterion "P4.1" is outside the audit's scope: SOC 2 P4.1 is in the Privacy category`},
		{[]string{"PI1.1"}, `SOC 2 PI1.1 is in the Processing Integrity category`},
	} {
		for _, kind := range []string{Policy, Control} {
			_, err := New(os.DirFS(dir), prog, Request{Kind: kind, Name: "scoped", Criteria: tc.criteria, Today: today})
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("%s %v: %v", kind, tc.criteria, err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("%s %v: %v, want an error containing %q", kind, tc.criteria, err, tc.want)
			}
		}
	}
}

func TestSlugAndTitle(t *testing.T) {
	for _, tc := range []struct{ in, slug, title string }{
		{"data-retention", "data-retention", "Data retention"},
		{"Data Retention", "data-retention", "Data Retention"},
		{"  SSO / MFA  ", "sso-mfa", "SSO / MFA"},
		{"café_policy", "caf-policy", "Café policy"},
	} {
		if got := Slug(tc.in); got != tc.slug {
			t.Errorf("Slug(%q) = %q, want %q", tc.in, got, tc.slug)
		}
		if got := titleOf(tc.in); got != tc.title {
			t.Errorf("titleOf(%q) = %q, want %q", tc.in, got, tc.title)
		}
	}
}
