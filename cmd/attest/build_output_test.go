package main

import (
	"strings"
	"testing"
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
