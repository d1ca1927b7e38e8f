package compile_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/attest-dev/attest"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/model"
)

var update = flag.Bool("update", false, "rewrite golden files")

// today is fixed so review-overdue warnings do not change with the calendar.
var today = model.MakeDate(2026, 7, 1)

// fixtureFS turns a txtar archive into a filesystem rooted like a repository.
func fixtureFS(t *testing.T, name string) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run with -update to accept):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// TestBrokenProgramReportsEveryProblem checks that one run reports all the
// problems of a program, each at its file:line:col, in a stable order.
func TestBrokenProgramReportsEveryProblem(t *testing.T) {
	res := compile.Compile(fixtureFS(t, "testdata/broken.txtar"), compile.Options{Today: today})
	var out bytes.Buffer
	if err := diag.Write(&out, "text", res.Diags.Items()); err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/broken.golden", out.Bytes())

	// Spot-check what the golden file must never lose.
	for _, want := range []string{
		`config.toml:3:1: unknown key "securty_contact" in [organization] (did you mean "security_contact"?)`,
		`config.toml:6:23: unknown framework "iso2701" (did you mean "iso27001"?)`,
		`unknown SOC 2 criterion "CC6.9" (did you mean CC6.1?)`,
		`policies/unclosed.md:1:1: front matter opened with +++ on line 1 is never closed`,
		`content/controls/mfa.md:5:13: control CTL-MFA refers to unknown policy "POL-ACCES" (did you mean "POL-ACCESS"?)`,
		`evidence file "../secrets.txt" escapes the repository`,
		`duplicate evidence id "EV-1"`,
		`file evidence/missing.csv does not exist`,
		`sha256 of evidence/mfa.csv is`,
		`likelihood = 7 is out of range: want 1 to 5`,
		`unknown key "vendors" (did you mean "vendor"?)`,
		`warning: policy POL-OLD was due for review on 2025-01-01`,
		`config.toml:18:1: baseURL "https://broken.example/trust/" has a path (/trust/): the sites cannot be served under a path yet; give the host only, "https://broken.example/"`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// TestSampleProgramChecksClean keeps the embedded sample — the demo and the
// default of `attest build` — free of errors and warnings.
func TestSampleProgramChecksClean(t *testing.T) {
	res := compile.Compile(attest.Sample(), compile.Options{Today: today})
	for _, d := range res.Diags.Items() {
		t.Errorf("%s", d)
	}
	p := res.Program
	if len(p.Policies) < 12 || len(p.Controls) < 30 || len(p.Evidence) < 30 {
		t.Errorf("sample is too small: %d policies, %d controls, %d evidence", len(p.Policies), len(p.Controls), len(p.Evidence))
	}
}

// TestAwkwardFiles covers inputs that must be handled, never panic and never pass silently.
func TestAwkwardFiles(t *testing.T) {
	policy := func(id string) string {
		return "+++\nid = \"" + id + "\"\ntitle = \"T\"\nowner = \"O\"\nstatus = \"draft\"\n+++\n\nBody.\n"
	}
	tests := []struct {
		name    string
		file    string
		data    []byte
		want    string // substring of the one diagnostic expected; "" means none
		wantIDs []string
	}{
		{"bom", "policies/bom.md", append([]byte("\xef\xbb\xbf"), policy("POL-BOM")...), "", []string{"POL-BOM"}},
		{"crlf", "policies/crlf.md", []byte(strings.ReplaceAll(policy("POL-CRLF"), "\n", "\r\n")), "", []string{"POL-CRLF"}},
		{"spaces in name", "policies/access control.md", []byte(policy("POL-SPACE")), "", []string{"POL-SPACE"}},
		{"non-ASCII name", "policies/politique-sécurité.md", []byte(strings.Replace(policy("x"), "id = \"x\"\n", "", 1)), "", []string{"politique-sécurité"}},
		{"binary", "policies/logo.md", []byte("\x89PNG\r\n\x1a\n\x00\x00"), "policies/logo.md:3:1: binary file (contains a NUL byte)", nil},
		{"invalid utf-8", "policies/latin1.md", []byte("+++\ntitle = \"caf\xe9\"\n+++\n"), "policies/latin1.md:2:13: invalid UTF-8 byte 0xe9", nil},
		{"huge", "policies/huge.md", append([]byte(policy("POL-HUGE")), bytes.Repeat([]byte("word "), 2<<20)...), "larger than 4 MiB", nil},
		{"yaml front matter", "policies/yaml.md", []byte("---\ntitle: x\n---\n"), "attest reads TOML front matter between +++ lines", nil},
		{"no front matter", "policies/plain.md", []byte("# Just a heading\n"), "missing front matter", nil},
		{"not markdown", "policies/notes.txt", []byte("hello"), "warning: ignored: policies/ holds .md files, and the images they show; no page shows this file", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fixtureFS(t, "testdata/minimal.txtar")
			fsys[tt.file] = &fstest.MapFile{Data: tt.data}
			res := compile.Compile(fsys, compile.Options{Today: today})
			items := res.Diags.Items()
			if tt.want == "" {
				for _, d := range items {
					t.Errorf("unexpected: %s", d)
				}
			} else if len(items) != 1 || !strings.Contains(items[0].String(), tt.want) {
				t.Errorf("want one diagnostic containing %q, got %v", tt.want, items)
			}
			for _, id := range tt.wantIDs {
				if res.Program.Policy(id) == nil {
					t.Errorf("policy %q not loaded", id)
				}
			}
		})
	}
}

// TestSymlinkOutsideRepository checks that a link leading out of the
// repository is refused when the program is opened the way the CLI opens it.
func TestSymlinkOutsideRepository(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.md"), []byte("+++\ntitle = \"x\"\n+++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, f := range fixtureFS(t, "testdata/minimal.txtar") {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(dir, "policies", "secret.md")); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	res := compile.Compile(root.FS(), compile.Options{Today: today})
	items := res.Diags.Items()
	if len(items) != 1 || !strings.Contains(items[0].String(), "policies/secret.md: cannot read: it is a symbolic link that points outside the repository") {
		t.Errorf("got %v", items)
	}
}

// TestCriterionListedTwice: a criterion listed twice in one item's
// [criteria] is a warning at its second listing (issue 12); the item still
// maps to it once.
func TestCriterionListedTwice(t *testing.T) {
	const head = "+++\nid = \"CTL-ONE\"\ntitle = \"The one control\"\nowner = \"Owner\"\nfrequency = \"annual\"\nkind = \"preventive\"\nsummary = \"Does the one thing.\"\n"
	const body = "+++\n\nIt operates.\n\n## Test procedure\n\n1. Look at it.\n"
	for _, tc := range []struct {
		name, criteria string
		want           []string // warnings
		refs           int      // criteria the control maps to
	}{
		{"each once", "[criteria]\nmini = [\"M.1\", \"M.2\"]\n", nil, 2},
		{"twice in a row", "[criteria]\nmini = [\"M.1\", \"M.1\"]\n",
			[]string{`content/controls/one.md:9:16: warning: Mini M.1 is listed twice in [criteria] (first at line 9, column 9): remove this one`}, 1},
		{"twice, on separate lines", "[criteria]\nmini = [\n  \"M.2\",\n  \"M.1\",\n  \"M.2\",\n]\n",
			[]string{`content/controls/one.md:12:3: warning: Mini M.2 is listed twice in [criteria] (first at line 10, column 3): remove this one`}, 2},
		{"three times: each repeat", "[criteria]\nmini = [\"M.1\", \"M.1\", \"M.1\"]\n",
			[]string{
				`content/controls/one.md:9:16: warning: Mini M.1 is listed twice in [criteria] (first at line 9, column 9): remove this one`,
				`content/controls/one.md:9:23: warning: Mini M.1 is listed twice in [criteria] (first at line 9, column 9): remove this one`,
			}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fixtureFS(t, "testdata/minimal.txtar")
			fsys["frameworks/mini.toml"].Data = append(fsys["frameworks/mini.toml"].Data, "[[criterion]]\nid = \"M.2\"\ngroup = \"all\"\ntitle = \"Something else is done\"\n"...)
			fsys["content/controls/one.md"] = &fstest.MapFile{Data: []byte(head + tc.criteria + body)}
			res := compile.Compile(fsys, compile.Options{Today: today})
			var got []string
			for _, d := range res.Diags.Items() {
				if d.Pos.File == "content/controls/one.md" {
					got = append(got, d.String())
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if c := res.Program.Control("CTL-ONE"); c == nil || len(c.Criteria) != tc.refs {
				t.Errorf("control maps to %v, want %d criteria", c.Criteria, tc.refs)
			}
		})
	}
}

// TestCriteriaTableThatMapsNothing: a control that maps to no criteria is
// told why — no [criteria] table, or an empty list in it — and a qualified
// id ("mini:M.1", the spelling attest new -criteria takes) under a
// framework's key is refused with the spelling to write (issue 15).
func TestCriteriaTableThatMapsNothing(t *testing.T) {
	const head = "+++\nid = \"CTL-ONE\"\ntitle = \"The one control\"\nowner = \"Owner\"\nfrequency = \"annual\"\nkind = \"preventive\"\nsummary = \"Does the one thing.\"\n"
	const body = "+++\n\nIt operates.\n\n## Test procedure\n\n1. Look at it.\n"
	for _, tc := range []struct {
		name, criteria string
		want           []string
	}{
		{"no table", "", []string{
			`content/controls/one.md:1:1: warning: control CTL-ONE maps to no criteria: add a [criteria] table`}},
		{"an empty list", "[criteria]\nmini = []\n", []string{
			`content/controls/one.md:9:1: warning: control CTL-ONE maps to no criteria: its [criteria] list is empty: add the ids of the criteria it meets`}},
		{"an empty list beside a full one", "[criteria]\nmini = []\nmaxi = [\"X.1\"]\n", nil},
		{"a qualified id under its own framework", "[criteria]\nmini = [\"mini:M.1\"]\n", []string{
			`content/controls/one.md:1:1: warning: control CTL-ONE maps to no criteria: no id in its [criteria] table names a criterion (each is reported below)`,
			`content/controls/one.md:9:9: write "M.1", not "mini:M.1": the key mini already names the framework`}},
		{"a qualified id under another framework", "[criteria]\nmaxi = [\"mini:M.1\"]\n", []string{
			`content/controls/one.md:1:1: warning: control CTL-ONE maps to no criteria: no id in its [criteria] table names a criterion (each is reported below)`,
			`content/controls/one.md:9:9: "mini:M.1" is listed under maxi: list "M.1" under mini instead`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fixtureFS(t, "testdata/minimal.txtar")
			fsys["config.toml"].Data = bytes.Replace(fsys["config.toml"].Data, []byte(`frameworks = ["mini"]`), []byte(`frameworks = ["mini", "maxi"]`), 1)
			fsys["frameworks/maxi.toml"] = &fstest.MapFile{Data: []byte("id = \"maxi\"\nname = \"Maxi\"\n[[group]]\nid = \"all\"\nname = \"All\"\n[[criterion]]\nid = \"X.1\"\ngroup = \"all\"\ntitle = \"Something\"\n")}
			fsys["content/controls/one.md"] = &fstest.MapFile{Data: []byte(head + tc.criteria + body)}
			res := compile.Compile(fsys, compile.Options{Today: today})
			var got []string
			for _, d := range res.Diags.Items() {
				if d.Pos.File == "content/controls/one.md" {
					got = append(got, d.String())
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestTestProcedureHeadingWithAnID: "## Test procedure {#tp}" is the test
// procedure's heading, as the sites read it (heading attributes on); the
// section split once read the body with another parser, which kept "{#tp}"
// in the heading's text and found no test procedure.
func TestTestProcedureHeadingWithAnID(t *testing.T) {
	fsys := fixtureFS(t, "testdata/minimal.txtar")
	ctl := string(fsys["content/controls/one.md"].Data)
	if !strings.Contains(ctl, "## Test procedure\n") {
		t.Fatal("the fixture's control changed")
	}
	fsys["content/controls/one.md"] = &fstest.MapFile{Data: []byte(strings.Replace(ctl, "## Test procedure\n", "## Test procedure {#tp}\n", 1))}
	res := compile.Compile(fsys, compile.Options{Today: today})
	if res.Diags.HasErrors() {
		t.Fatalf("errors: %v", res.Diags.Items())
	}
	if c := res.Program.Control("CTL-ONE"); c == nil || !strings.Contains(c.TestProcedure, "Look at it.") || strings.Contains(c.Narrative, "Look at it.") {
		t.Errorf("the test procedure was not split off: %+v", c)
	}
}
