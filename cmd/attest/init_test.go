package main

import (
	"fmt"
	"github.com/attest-dev/attest/generator/site/sitetest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestInitThenCheck starts a program in a fresh folder and checks it: no
// errors (issue 6), and no warnings but the "To write:" notes left for the
// author, which -strict fails on until they are written (issue 13).
func TestInitThenCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "acme")
	// A bare host name as the website is taken as its https: URL, which check accepts.
	code, out, errOut := attestRun("init", dir, "-frameworks", "soc2,iso27001", "-name", "Acme Inc.", "-contact", "security@acme.example", "-website", "acme.example")
	if code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "attest check") {
		t.Errorf("init does not say what to do next:\n%s", out)
	}
	// The check workflow, and beside it the opt-in Pages one (its content
	// is tested in generator/scaffold).
	for _, wf := range []string{"attest.yml", "pages.yml"} {
		if _, err := os.Stat(filepath.Join(dir, ".github", "workflows", wf)); err != nil {
			t.Errorf("init did not write .github/workflows/%s: %v", wf, err)
		}
	}
	if _, err := exec.LookPath("git"); err == nil {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
			t.Errorf("init did not create a git repository: %v", err)
		}
	}
	code, out, errOut = attestRun("check", "-C", dir)
	if code != 0 || !strings.Contains(errOut, "0 errors") {
		t.Fatalf("check after init: exit %d\n%s%s", code, out, errOut)
	}
	// Once committed, the notes are the only warnings, and -strict fails
	// on them; once they are written, not even a warning.
	commitAll(t, dir)
	code, out, errOut = attestRun("check", "-C", dir, "-strict")
	notes := strings.Count(out+errOut, `warning: attest init's note "To write:`)
	if code != 1 || notes == 0 || !strings.HasPrefix(errOut, fmt.Sprintf("0 errors, %d warnings", notes)) {
		t.Fatalf("check -strict after init and a commit: exit %d, %d notes\n%s%s", code, notes, out, errOut)
	}
	if written := writeNotes(t, dir); written != notes {
		t.Fatalf("warned of %d notes; the program holds %d", notes, written)
	}
	commitAll(t, dir)
	code, out, errOut = attestRun("check", "-C", dir, "-strict")
	if code != 0 || !strings.HasPrefix(errOut, "0 errors, 0 warnings") {
		t.Fatalf("check -strict once the notes are written: exit %d\n%s%s", code, out, errOut)
	}

	// A second init refuses and leaves the program as it was.
	before, _ := os.ReadFile(filepath.Join(dir, "config.toml"))
	code, _, errOut = attestRun("init", dir)
	if code != 1 || !strings.Contains(errOut, "refusing to overwrite") {
		t.Errorf("second init: exit %d, stderr %q; want a refusal", code, errOut)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "config.toml")); string(after) != string(before) {
		t.Error("second init changed config.toml")
	}
}

// writeNotes does what the notes attest init leaves ask of the author: it
// replaces each "> **To write:** …" line with text of the author's own, and
// returns how many it replaced.
func writeNotes(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(name string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(name) != ".md" {
			return err
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		lines := strings.Split(string(data), "\n")
		found := false
		for i, line := range lines {
			if strings.HasPrefix(line, "> **To write:**") {
				lines[i] = "What the note asked for, written."
				found = true
				n++
			}
		}
		if !found {
			return nil
		}
		return os.WriteFile(name, []byte(strings.Join(lines, "\n")), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// commitAll commits everything in the repository at dir, as a person would
// after attest init; it skips the test when git is not installed.
func commitAll(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for _, args := range [][]string{
		{"add", "-A"},
		{"-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "Start the compliance program"},
	} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = gitEnv()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

func TestInitInsideRepositoryKeepsIt(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	if out, err := exec.Command("git", "init", "--quiet", repo).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	sub := filepath.Join(repo, "compliance")
	if code, out, errOut := attestRun("init", "-quiet", sub); code != 0 || out != "" {
		t.Fatalf("init -quiet: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(sub, ".git")); err == nil {
		t.Error("init created a nested repository inside an existing one")
	}
}

func TestInitUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"init", "-h"}, 0, "Example:"},
		{[]string{"init", "-frameworks", "soc3", t.TempDir()}, 2, `did you mean "soc2"`},
		{[]string{"init", "a", "b"}, 2, "one folder"},
	} {
		code, out, errOut := attestRun(tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("attest %s: exit %d, output %q; want exit %d and %q", strings.Join(tc.args, " "), code, out+errOut, tc.code, tc.want)
		}
	}
}

func TestNewThenCheck(t *testing.T) {
	dir := t.TempDir()
	if code, out, errOut := attestRun("init", "-quiet", dir, "-frameworks", "soc2,iso27001"); code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out, errOut)
	}
	writeNotes(t, dir)
	evidence := filepath.Join(dir, "evidence", "backups", "2026-03.txt")
	if err := os.MkdirAll(filepath.Dir(evidence), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(evidence, []byte("backup job history: 31 of 31 succeeded\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"new", "-C", dir, "policy", "data-retention", "-criteria", "CC6.5,A.8.10"}, "policies/data-retention.md:1: new policy POL-DATA-RETENTION"},
		{[]string{"new", "-C", dir, "control", "Retention job", "-policy", "POL-DATA-RETENTION", "-criteria", "soc2:CC6.5", "-frequency", "daily"}, "content/controls/retention-job.md:1: new control CTL-RETENTION-JOB"},
		{[]string{"evidence", "add", "-C", dir, evidence, "-control", "CTL-BACKUPS", "-collected", "2026-04-01", "-collector", "Ops <ops@example.com>"}, ": recorded EV-BACKUPS-2026-04-01 for CTL-BACKUPS"},
		{[]string{"new", "-C", dir, "risk", "Laptop theft", "-likelihood", "2", "-impact", "4", "-controls", "CTL-ENDPOINTS"}, "new risk RISK-LAPTOP-THEFT"},
		{[]string{"new", "-C", dir, "subprocessor", "Postmark", "-purpose", "Transactional e-mail", "-location", "USA", "-data", "E-mail addresses"}, "new subprocessor Postmark"},
	}
	for _, s := range steps {
		code, out, errOut := attestRun(s.args...)
		if code != 0 || !strings.Contains(out, s.want) {
			t.Fatalf("attest %s: exit %d, stdout %q, stderr %q; want %q", strings.Join(s.args, " "), code, out, errOut, s.want)
		}
	}
	commitAll(t, dir)
	if code, out, errOut := attestRun("check", "-C", dir, "-strict"); code != 0 {
		t.Fatalf("check -strict after new: exit %d\n%s%s", code, out, errOut)
	}
	// A criterion outside the audit's scope is refused, and nothing is written.
	code, out, errOut := attestRun("new", "-C", dir, "control", "Uptime", "-criteria", "CC7.2,A1.2")
	if code != 2 || out != "" || !strings.Contains(errOut, `criterion "A1.2" is outside the audit's scope: SOC 2 A1.2 is in the Availability category`) {
		t.Errorf("out of scope: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/controls/uptime.md")); err == nil {
		t.Error("a control with an out-of-scope criterion was written")
	}
	code, _, errOut = attestRun("new", "-C", dir, "policy", "x", "-purpose", "Mail")
	if code != 2 || !strings.Contains(errOut, "-purpose does not apply to a policy") {
		t.Errorf("flag of another kind: exit %d, %q", code, errOut)
	}
}

// TestInitThenBuild builds both sites from a fresh starter program (issue 6).
func TestInitThenBuild(t *testing.T) {
	dir := t.TempDir()
	if code, out, errOut := attestRun("init", "-quiet", dir, "-frameworks", "soc2,iso27001", "-name", "Acme Inc."); code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut := attestRun("build", "-C", dir)
	if code != 0 {
		t.Fatalf("build after init: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []struct{ file, text string }{
		{"public/index.html", "Acme Inc."},
		{"public/controls/index.html", "Quarterly access review"},
		{"public/security/index.html", "security@example.com"},
		{"private/index.html", "Acme Inc."},
		{"private/latest/controls/ctl-mfa/index.html", "Single sign-on with multi-factor authentication"},
	} {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(want.file)))
		if err != nil {
			t.Errorf("build output: %v", err)
			continue
		}
		if !strings.Contains(string(b), want.text) {
			t.Errorf("%s lacks %q", want.file, want.text)
		}
	}
	// Every link of both sites resolves: the starter's controls also map
	// criteria outside its scope, which no framework page lists.
	for _, out := range []string{"public", "private"} {
		broken, err := sitetest.Links(filepath.Join(dir, out))
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range broken {
			t.Errorf("%s: %s", out, b)
		}
	}
}

// TestNewEvidencePointsToEvidenceAdd: evidence has one way in, attest
// evidence add; 'attest new evidence' answers with the evidence add command
// line that does what it was asked, and writes nothing (issue 15).
func TestNewEvidencePointsToEvidenceAdd(t *testing.T) {
	dir := t.TempDir()
	if code, out, errOut := attestRun("init", "-quiet", dir); code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out, errOut)
	}
	if err := os.WriteFile(filepath.Join(dir, "evidence", "q2.csv"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"new", "-C", dir, "evidence", "access-review", "-control", "CTL-ACCESS-REVIEW", "-file", "evidence/q2.csv", "-collected", "2026-07-01"},
			"attest new: evidence is recorded with attest evidence add, which copies the file into evidence/, records its SHA-256 and says which occurrences of the control it covers:\n" +
				"  attest evidence add " + shellQuote(filepath.Join(dir, "evidence/q2.csv")) + " -control CTL-ACCESS-REVIEW -C " + shellQuote(dir) + " -collected 2026-07-01\n"},
		{[]string{"new", "evidence", "x"}, "  attest evidence add FILE -control ID\n"},
		{[]string{"new", "evidence", "x", "-control", "CTL-ACCESS-REVIEW", "-url", "https://idp.example.com/r/1"},
			`record a link by hand, as an [[evidence]] entry with url = "https://idp.example.com/r/1" in a manifest under content/evidence/`},
	}
	for _, tt := range tests {
		code, out, errOut := attestRun(tt.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("attest %s: exit %d, stdout %q, stderr:\n%s\nwant it to contain:\n%s", strings.Join(tt.args, " "), code, out, errOut, tt.want)
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "content", "evidence")); len(entries) != 1 {
		t.Errorf("content/evidence holds %d files, want the scaffold's one", len(entries))
	}
	code, out, _ := attestRun("new", "-h")
	if code != 0 || strings.Contains(out, "new evidence") || !strings.Contains(out, "attest evidence add") {
		t.Errorf("new -h still offers evidence, or does not point to evidence add:\n%s", out)
	}
	manifest, err := os.ReadFile(filepath.Join(dir, "content", "evidence", "access-review.toml"))
	if err != nil || strings.Contains(string(manifest), "attest new evidence") || !strings.Contains(string(manifest), "attest evidence add") {
		t.Errorf("the scaffold's manifest does not point to attest evidence add (%v):\n%s", err, manifest)
	}
}
