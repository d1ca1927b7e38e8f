package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/site/sitetest"
)

// TestBuildQuietAndVerbose: -quiet prints nothing but errors; -verbose says
// what each step did and took. Neither changes what is built.
func TestBuildQuietAndVerbose(t *testing.T) {
	dir := writeFixture(t, "../../generator/compile/testdata/minimal.txtar")

	code, stdout, stderr := attestRun("build", "-C", dir, "-quiet")
	if code != 0 {
		t.Fatalf("quiet build: exit %d\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("-quiet printed to stdout:\n%s", stdout)
	}

	code, stdout, stderr = attestRun("build", "-C", dir, "-verbose")
	if code != 0 {
		t.Fatalf("verbose build: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"compiled 0 policies, 1 control, 0 evidence records in ", "trust center: ", "system description latest: "} {
		if !strings.Contains(stderr, want) {
			t.Errorf("-verbose output lacks %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(stdout, "built the trust center into public/") || !strings.Contains(stdout, "built the system description into private/") {
		t.Errorf("result lines missing:\n%s", stdout)
	}
	// The last line says where to look.
	if want := "open public/index.html and private/index.html in a browser, or run attest serve to preview at http://127.0.0.1:1313/\n"; !strings.HasSuffix(stdout, want) {
		t.Errorf("build does not end by saying where to look:\n%s", stdout)
	}
	// Not a terminal: no progress line, so no carriage returns.
	if strings.Contains(stderr, "\r") {
		t.Errorf("progress drawn into a pipe:\n%q", stderr)
	}
}

func TestHugoLogDropsTerminalProgress(t *testing.T) {
	var b strings.Builder
	w := &prefixWriter{w: &b, prefix: "hugo: "}
	w.Write([]byte("\x1b]9;4;1;15\x07\x1b]9;4;0;100\x07"))
	w.Write([]byte("WARN something\n"))
	if got := b.String(); got != "hugo: WARN something\n" {
		t.Errorf("got %q", got)
	}
}

// TestBuildQuietPrintsErrorsOnly builds a fresh 'attest init' program, which
// has warnings ("To write:" notes, no commits yet), with -quiet: nothing is
// printed, not even warnings; with an error, only the error is (issue 15).
func TestBuildQuietPrintsErrorsOnly(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := attestRun("init", "-quiet", dir); code != 0 {
		t.Fatalf("init: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := attestRun("build", "-C", dir, "-quiet")
	if code != 0 || stdout != "" || stderr != "" {
		t.Errorf("quiet build: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if _, _, stderr := attestRun("build", "-C", dir); !strings.Contains(stderr, "warning:") {
		t.Errorf("the program has no warnings, so the test shows nothing:\n%s", stderr)
	}

	editFileIn(t, dir, "config.toml", `[audit]`, "[audit]\nnope = 1")
	code, stdout, stderr = attestRun("build", "-C", dir, "-quiet")
	if code != 1 || stdout != "" || !strings.Contains(stderr, "config.toml:") || strings.Contains(stderr, "warning") {
		t.Errorf("quiet build with an error: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// editFileIn replaces old with new in dir's file name, which must hold it.
func editFileIn(t *testing.T, dir, name, old, new string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s lacks %q", name, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBuildShowsProgressOnATerminal runs attest build as a process on a
// real terminal (a pseudo-terminal made by script(1)): it draws what it is
// doing — compiling and hashing the evidence, then each site's pages done
// of their total — on one line it rewrites, and writes the same outputs as
// a build in a pipe (issue 18).
func TestBuildShowsProgressOnATerminal(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("no script(1) to make a terminal")
	}
	dir := sampleCopy(t)
	cmd := exec.Command(script, "-qefc", shellQuote(os.Args[0])+" build -C "+shellQuote(dir), "/dev/null")
	cmd.Env = append(os.Environ(), "ATTEST_RUN_MAIN=1", "ATTEST_NOCACHE=1", "COLUMNS=200")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("attest build on a terminal: %v\n%s", err, out)
	}
	text := string(out)
	for _, want := range []string{"\r", "hashing ", "evidence files", "rendering the trust center", "rendering the system description"} {
		if !strings.Contains(text, want) {
			t.Errorf("the terminal shows no %q:\n%q", want, text)
		}
	}
	if !regexp.MustCompile(`\d+% \d+ of \d+ · `).MatchString(text) {
		t.Errorf("the terminal shows no pages done of total:\n%q", text)
	}
	// A warning goes above the line, on a line of its own, never onto it.
	if !strings.Contains(text, "\r\x1b[2K.: warning: not in a git repository") {
		t.Errorf("the warning ran into the progress line:\n%q", text)
	}
	onTerminal := sitetest.ReadTree(t, filepath.Join(dir, "public"))
	if code, _, stderr := attestRun("build", "-C", dir); code != 0 {
		t.Fatalf("build in a pipe: exit %d\n%s", code, stderr)
	}
	sitetest.SameTree(t, "public, on a terminal and in a pipe", onTerminal, sitetest.ReadTree(t, filepath.Join(dir, "public")))
}
