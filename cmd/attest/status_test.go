package main

import (
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func init() {
	// Other test files of this package may define -update too; whichever
	// registers first serves all of them.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n%s", path, got)
	}
}

// gitRepo makes dir a git repository with one commit, isolated from the
// user's git configuration and hash cache.
func gitRepo(t *testing.T, dir string) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, ".gitconfig"))
	t.Setenv("GIT_AUTHOR_DATE", "2026-07-10T12:00:00Z")
	t.Setenv("GIT_COMMITTER_DATE", "2026-07-10T12:00:00Z")
	gitIn(t, dir, "init", "-q", "-b", "main")
	gitIn(t, dir, "config", "user.name", "Priya Raman")
	gitIn(t, dir, "config", "user.email", "priya@example.com")
	gitIn(t, dir, "add", ".")
	gitIn(t, dir, "commit", "-q", "-m", "program")
}

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// TestStatusOfTheYearFixture runs attest status on the 12-month fixture
// whose statuses generator/status checks by hand, in text and JSON.
func TestStatusOfTheYearFixture(t *testing.T) {
	dir := writeFixture(t, "../../generator/status/testdata/year.txtar")
	gitRepo(t, dir)

	code, stdout, stderr := attestRun("status", "-C", dir, "-today", "2025-03-01")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if strings.Contains(stdout, "\x1b[") {
		t.Error("colour in output that is not a terminal")
	}
	golden(t, "status/year.txt", stdout)
	if strings.Contains(stdout, "CTL-MONTHLY            2024-03                missing") {
		t.Error("status without -verbose lists each gap")
	}

	// -verbose lists every gap as well as the actions that close them.
	code, verbose, stderr := attestRun("status", "-C", dir, "-today", "2025-03-01", "-verbose")
	if code != 0 || stderr != "" {
		t.Fatalf("-verbose: exit %d\n%s", code, stderr)
	}
	golden(t, "status/year-verbose.txt", verbose)
	for _, want := range []string{
		"  CTL-MONTHLY            2024-03                missing              Owner of CTL-MONTHLY\n" +
			"      no evidence covers 2024-03-01 to 2024-03-31; it was due by 2024-04-30; collect evidence that CTL-MONTHLY operated then and record it: attest evidence add FILE --control CTL-MONTHLY --covers 2024-03-01..2024-03-31\n",
		"Actions (7, closing 6 gaps)",
	} {
		if !strings.Contains(verbose, want) {
			t.Errorf("-verbose lacks %q", want)
		}
	}

	code, stdout, _ = attestRun("status", "-C", dir, "-today", "2025-03-01", "-format", "json")
	if code != 0 {
		t.Fatalf("json: exit %d", code)
	}
	golden(t, "status/year.json", stdout)
	validateStatusJSON(t, stdout)
	var out struct {
		Controls struct{ Operating, Gap int }
		Gaps     []struct{ Control, Cause, Owner, Action string }
		Overdue  []struct{ Kind, ID string }
		Actions  []struct {
			Kind, Summary, Owner, Due string
			Gaps                      []struct{ Control, Cause string }
			Unblocks                  struct {
				Controls []string
				Criteria []struct{ Framework, ID string }
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.Controls.Operating != 3 || out.Controls.Gap != 5 || len(out.Gaps) != 6 || len(out.Overdue) != 3 {
		t.Errorf("json: %+v", out)
	}
	closed := 0
	for _, a := range out.Actions {
		closed += len(a.Gaps)
	}
	if len(out.Actions) != 7 || closed != len(out.Gaps) {
		t.Errorf("json: %d actions closing %d gaps, want 7 closing %d", len(out.Actions), closed, len(out.Gaps))
	}
	if a := out.Actions[0]; a.Summary != "collect evidence for CTL-MONTHLY (2024-03)" || a.Due != "2024-04-30" ||
		len(a.Unblocks.Controls) != 1 || len(a.Unblocks.Criteria) != 1 || a.Unblocks.Criteria[0].ID != "D3" {
		t.Errorf("json: first action %+v", a)
	}

	code, stdout, _ = attestRun("status", "-C", dir, "-today", "2025-03-01", "-color", "always")
	if code != 0 || !strings.Contains(stdout, "\x1b[31m5 with gaps\x1b[0m") {
		t.Errorf("-color always: exit %d\n%q", code, stdout)
	}
}

func TestStatusRefusesAProgramWithErrors(t *testing.T) {
	dir := writeFixture(t, "../../generator/compile/testdata/broken.txtar")
	code, stdout, stderr := attestRun("status", "-C", dir, "-today", "2026-07-01")
	if code != 1 || stdout != "" || !strings.Contains(stderr, "the program has errors, so its status cannot be trusted") ||
		!strings.Contains(stderr, `unknown framework "iso2701"`) {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

func TestStatusUsage(t *testing.T) {
	for _, args := range [][]string{
		{"status", "-format", "yaml"},
		{"status", "-color", "sometimes"},
		{"status", "-today", "soon"},
		{"status", "-horizon", "0"},
	} {
		if code, _, _ := attestRun(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
