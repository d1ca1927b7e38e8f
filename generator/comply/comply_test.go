package comply

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/attest-dev/attest/generator/catalog"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/model"
)

func TestFrequency(t *testing.T) {
	for _, tc := range []struct {
		spec string
		want model.Frequency
		ok   bool
	}{
		{"0 0 0 15 * *", model.Monthly, true}, // comply's patch procedure
		{"0 0 0 15 4 *", model.Annual, true},  // comply's workstation inventory
		{"0 0 0 1 1,4,7,10 *", model.Quarterly, true},
		{"0 0 0 1 */3 *", model.Quarterly, true},
		{"0 0 0 1 1,7 *", model.Semiannual, true},
		{"0 0 9 * * MON", model.Weekly, true},
		{"0 0 9 * * 1-5", model.Daily, true},
		{"0 0 0 * * *", model.Daily, true},
		{"0 */15 * * * *", model.Continuous, true},
		{"0 0 1 * *", model.Daily, true}, // five fields, as comply's cron reads them: seconds first, no weekday
		{"@monthly", model.Monthly, true},
		{"@annually", model.Annual, true},
		{"@every 168h", model.Weekly, true},
		{"TZ=UTC 0 0 0 15 * *", model.Monthly, true},
		{"whenever", model.Quarterly, false},
		{"0 0 0 32 * *", model.Quarterly, false},
	} {
		got, ok := Frequency(tc.spec)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Frequency(%q) = %s, %v; want %s, %v", tc.spec, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSection(t *testing.T) {
	for _, tc := range []struct {
		name, acronym, stem, want string
		ok                        bool
	}{
		{"Products and Services Narrative", "PSN", "products", "DC1", true},
		{"System Architecture Narrative", "SAN", "system", "DC3", true},
		{"Security Architecture Narrative", "SEN", "security", "DC3", true},
		{"Organizational Narrative", "ON", "organizational", "DC3", true},
		{"Control Environment Narrative", "CEN", "control", "DC5", true},
		{"Complementary User Entity Controls", "", "cuecs", "DC6", true},
		{"Subservice Organizations", "", "vendors", "DC7", true},
		{"Significant Changes", "", "changes", "DC9", true},
		{"Narrative", "CEN", "x", "DC5", true},
		{"Miscellany", "", "misc", "DC1", false},
	} {
		got, ok := Section(tc.name, tc.acronym, tc.stem)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Section(%q, %q, %q) = %s, %v; want %s, %v", tc.name, tc.acronym, tc.stem, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSplitDocument(t *testing.T) {
	for _, tc := range []struct {
		src, front, body string
		frontLine        int
		bodyLine         int
		ok               bool
	}{
		{"name: A\n---\n# Body\n", "name: A\n", "# Body\n", 1, 3, true},
		{"---\nname: A\n---\nBody", "name: A\n", "Body", 2, 4, true},
		{"name: A\n---   \n", "name: A\n", "", 1, 3, true},
		{"name: A\nBody\n", "", "", 0, 0, false},
	} {
		front, fl, body, bl, ok := splitDocument(tc.src)
		if front != tc.front || body != tc.body || fl != tc.frontLine || bl != tc.bodyLine || ok != tc.ok {
			t.Errorf("splitDocument(%q) = %q %d %q %d %v", tc.src, front, fl, body, bl, ok)
		}
	}
}

func program(t testing.TB) *model.Program {
	t.Helper()
	var diags diag.List
	p := &model.Program{Frameworks: catalog.Load(fstest.MapFS{}, &diags)}
	p.Config.Organization.Name = "Example Company"
	p.Config.Audit.Frameworks = []string{"soc2"}
	p.Policies = []*model.Policy{{ID: "POL-ACCESS"}}
	return p
}

// TestConvert converts a small comply project and checks each kind of
// file written and each warning, at its place in the comply files.
func TestConvert(t *testing.T) {
	fsys := fstest.MapFS{
		"comply.yml":             {Data: []byte("name: \"Acme\"\nfilePrefix: \"Acme\"\ntickets:\n  github:\n    repo: comply\n")},
		"standards/TSC-2017.yml": {Data: []byte("name: TSC\nCC6.1:\n  family: CC6\n  name: Logical Access\nCC10.1:\n  family: CC10\n  name: Made up\n")},
		"policies/README.md":     {Data: []byte("# Policies\n")},
		"policies/access.md": {Data: []byte(`name: Access Policy
acronym: AP
owner: CTO
satisfies:
  TSC:
    - CC6.1
    - CC9.9
majorRevisions:
  - date: Jun 1 2018
    comment: Initial document
---

# Policy

a. {{.Name}} grants access by role.

    i. Owners approve.

\pagebreak

+------+-----+
| Role | Who |
+======+=====+
| Eng  | All |
+------+-----+
`)},
		"procedures/patch.md":    {Data: []byte("id: \"patch\"\nname: \"Apply OS patches\"\ncron: \"0 0 0 15 * *\"\n---\n\n- [ ] Patch\n")},
		"procedures/offboard.md": {Data: []byte("name: \"Offboard User\"\n---\n- [ ] Suspend\n")},
		"narratives/control.md":  {Data: []byte("name: Control Environment Narrative\nacronym: CEN\nsatisfies:\n  TSC:\n    - CC2.1\n---\n\n# Control Environment Narrative\n\n{{.Project.Name}} and {{range .Policies}}x{{end}}\n")},
		"narratives/misc.md":     {Data: []byte("name: Miscellany\n---\nText.\n")},
		"narratives/broken.md":   {Data: []byte("name: [unclosed\n---\nText.\n")},
		"procedures/nofront.md":  {Data: []byte("Just text.\n")},
	}
	res := Convert(fsys, Options{Dir: "comply", Program: program(t)})
	var got []string
	for _, d := range res.Diags.Items() {
		got = append(got, d.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`comply/comply.yml:1:1: warning: organization "Acme" is not written into config.toml`,
		`comply/comply.yml:2:1: warning: filePrefix not converted`,
		`comply/comply.yml:3:1: warning: tickets not converted`,
		`comply/standards/TSC-2017.yml:5:1: warning: TSC CC10.1 is not in attest's SOC 2 catalog`,
		`comply/policies/access.md:3:1: warning: unknown field owner in a comply policy`,
		`comply/policies/access.md:7:7: warning: criterion CC9.9 is not in attest's SOC 2 catalog (a placeholder?): left out`,
		`comply/policies/access.md:8:1: warning: majorRevisions kept as comments`,
		`comply/policies/access.md:15:4: warning: template variable {{.Name}} became "Acme", the name in comply.yml` + "\n",
		`comply/policies/access.md:19:1: warning: TeX \pagebreak removed`,
		`comply/policies/access.md:21:1: warning: pandoc grid table became a pipe table; check that it reads as meant`,
		`comply/narratives/control.md:3:1: warning: satisfies not converted for a narrative`,
		`comply/narratives/control.md:10:1: warning: template variable {{.Project.Name}} became "Acme Compliance Program"`,
		`comply/narratives/control.md:10:23: warning: template action {{range .Policies}} kept as written`,
		`comply/narratives/misc.md:1:1: warning: which DC 200 point narrative "Miscellany" describes is not clear`,
		`comply/narratives/broken.md:1:7: YAML front matter:`,
		`comply/procedures/nofront.md:1:1: no front matter`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("diagnostics lack\n%s\ngot:\n%s", want, all)
		}
	}
	files := map[string]string{}
	for _, it := range res.Items {
		files[it.File.Path] = string(it.File.Data)
	}
	if len(files) != 5 {
		t.Errorf("wrote %d files, want 5 (broken and front-matter-less files left out): %v", len(files), res.Items)
	}
	for _, tc := range []struct{ file, want string }{
		{"policies/access.md", `id = "POL-ACCESS-2"`}, // POL-ACCESS is taken
		{"policies/access.md", `title = "Access Policy"`},
		{"policies/access.md", `status = "draft"`},
		{"policies/access.md", `visibility = "internal"`},
		{"policies/access.md", "# comply's majorRevisions (attest shows revisions from git history):\n#   Jun 1 2018: Initial document\n"},
		{"policies/access.md", "[criteria]\nsoc2 = [\"CC6.1\"]\n+++\n\n# Policy\n\n1. Acme grants access by role.\n\n    1. Owners approve.\n"},
		{"policies/access.md", "| Role | Who |\n| --- | --- |\n| Eng | All |\n"},
		{"content/controls/patch.md", `id = "CTL-PATCH"`},
		{"content/controls/patch.md", `frequency = "monthly"`},
		{"content/controls/patch.md", "- [ ] Patch\n\n## Test procedure\n\n> **To write:**"},
		{"content/controls/offboard.md", `frequency = "per-event"`},
		{"content/description/control.md", `section = "DC5"`},
		{"content/description/control.md", "Acme Compliance Program and {{range .Policies}}x{{end}}"},
		{"content/description/misc.md", `section = "DC1"`},
	} {
		if !strings.Contains(files[tc.file], tc.want) {
			t.Errorf("%s lacks %q:\n%s", tc.file, tc.want, files[tc.file])
		}
	}
	if strings.Contains(files["policies/access.md"], "pagebreak") {
		t.Errorf("\\pagebreak is still there")
	}
}

func TestConvertEmptyFolder(t *testing.T) {
	res := Convert(fstest.MapFS{}, Options{Dir: "x", Program: program(t)})
	if e, _ := res.Diags.Count(); e != 1 || len(res.Items) != 0 {
		t.Errorf("an empty folder: %d errors, %d items; want 1 error and none", e, len(res.Items))
	}
}
