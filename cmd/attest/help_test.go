package main

import (
	"strings"
	"testing"
)

// TestHelpPrintsUsageOnce asks every command and subcommand for -h: its
// usage is printed once, with an example, on stdout, and the exit status is
// 0 (issue 15: every -h printed its usage twice).
func TestHelpPrintsUsageOnce(t *testing.T) {
	var calls [][]string
	for _, c := range commands() {
		calls = append(calls, []string{c.name, "-h"})
	}
	calls = append(calls,
		[]string{"evidence", "add", "-h"},
		[]string{"evidence", "verify", "-h"},
		[]string{"new", "policy", "x", "-h"},
		[]string{"init", "-help"},
	)
	for _, args := range calls {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, stdout, stderr := attestRun(args...)
			if code != 0 {
				t.Errorf("exit %d, want 0\nstderr:\n%s", code, stderr)
			}
			if n := strings.Count(stdout, "Usage:"); n != 1 {
				t.Errorf("Usage: printed %d times, want once:\n%s", n, stdout)
			}
			if !strings.Contains(stdout, "Example:") {
				t.Errorf("no example:\n%s", stdout)
			}
			if stderr != "" {
				t.Errorf("stderr not empty:\n%s", stderr)
			}
		})
	}
}

// TestMistypedFlagSaysWhereFlagsAreListed: a flag no command has is a
// usage error on stderr that says where the flags are listed; the usage is
// not printed, and nothing reaches stdout, which may feed another program.
func TestMistypedFlagSaysWhereFlagsAreListed(t *testing.T) {
	for _, tt := range []struct {
		args    []string
		command string
	}{
		{[]string{"check", "-nope"}, "check"},
		{[]string{"build", "-nope"}, "build"},
		{[]string{"status", "-fromat", "json"}, "status"},
		{[]string{"serve", "-nope"}, "serve"},
		{[]string{"init", "-nope"}, "init"},
		{[]string{"new", "policy", "x", "-nope"}, "new"},
		{[]string{"evidence", "add", "x.csv", "-nope"}, "evidence add"},
		{[]string{"evidence", "verify", "-nope"}, "evidence verify"},
	} {
		code, stdout, stderr := attestRun(tt.args...)
		want := "(attest " + tt.command + " -h lists the flags)"
		if code != 2 || stdout != "" || !strings.Contains(stderr, want) || strings.Contains(stderr, "Usage:") {
			t.Errorf("attest %s: exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit 2, nothing on stdout, and %q", strings.Join(tt.args, " "), code, stdout, stderr, want)
		}
	}
}
