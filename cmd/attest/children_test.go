package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// children lists this process's child processes (pid → command line),
// reaped or not: a git process a command started and did not wait for is
// one, running or a zombie.
func children(t *testing.T) map[int]string {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	self := os.Getpid()
	out := map[int]string{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue // gone meanwhile
		}
		// pid (comm) state ppid …: comm may hold spaces and parentheses.
		rest := string(stat[strings.LastIndexByte(string(stat), ')')+1:])
		f := strings.Fields(rest)
		if len(f) < 2 {
			continue
		}
		if ppid, _ := strconv.Atoi(f[1]); ppid != self {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		out[pid] = strings.Join(strings.Split(strings.TrimRight(string(cmdline), "\x00"), "\x00"), " ") + " (state " + f[0] + ")"
	}
	return out
}

// TestCommandsLeaveNoChildProcess runs each command that reads git on a real
// repository and then looks for child processes of the test left behind:
// none, running or unreaped (issue 15: git cat-file --batch was still running
// after attest check returned).
func TestCommandsLeaveNoChildProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	r, _ := sampleRepo(t)
	// A branch off the main line, for build -ref to read a history of its own.
	r.Git("checkout", "-q", "-b", "side")
	r.Edit("policies/access-control.md", "only authorised people", "only approved people")
	r.Commit("2026-07-02T12:00:00Z", "side edit")
	r.Git("checkout", "-q", "-")
	file := filepath.Join(t.TempDir(), "q3.csv")
	if err := os.WriteFile(file, []byte("account,decision\nalice,keep\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	before := children(t)
	check := func(what string) {
		t.Helper()
		// A process is waited for before the command returns, or never:
		// give one that was ended but not yet reaped no grace.
		for pid, cmd := range children(t) {
			if _, ok := before[pid]; !ok {
				t.Errorf("%s left a child process behind: %d %s", what, pid, cmd)
			}
		}
		before = children(t) // each is reported once
	}
	for _, args := range [][]string{
		{"check", "-C", r.Dir},
		{"status", "-C", r.Dir},
		{"build", "-C", r.Dir, "-quiet", "-only", "public"},
		{"build", "-C", r.Dir, "-quiet", "-only", "public", "-ref", "side"},
		{"evidence", "verify", "-C", r.Dir},
		{"evidence", "add", file, "-C", r.Dir, "-control", "CTL-ACCESS-REVIEW", "-collector", "A <a@example.com>"},
		{"new", "policy", "data-retention", "-C", r.Dir},
		{"init", "-quiet", filepath.Join(t.TempDir(), "new-program")},
	} {
		if code, _, stderr := attestRun(args...); code != 0 {
			t.Fatalf("attest %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
		check("attest " + strings.Join(args, " "))
	}

	// serve, until interrupted.
	var stdout, stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve", "-C", r.Dir, "-port", "0", "-quiet"}, &stdout, &stderr) }()
	for deadline := time.Now().Add(2 * time.Minute); !strings.Contains(stdout.String(), "Serving"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s\n%s", stdout.String(), stderr.String())
		}
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve: exit %d\n%s", code, stderr.String())
	}
	check("attest serve")
}
