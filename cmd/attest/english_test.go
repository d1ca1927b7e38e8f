package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCountsAgreeWithTheirNouns runs commands on a one-control program with
// one error, one gap and one criterion: what they print says "1 error",
// "1 control", "1 gap", never "1 errors" (issue 15).
func TestCountsAgreeWithTheirNouns(t *testing.T) {
	clean := writeFixture(t, "../../generator/compile/testdata/minimal.txtar")
	broken := writeFixture(t, "../../generator/compile/testdata/minimal.txtar")
	ctl := filepath.Join(broken, "content", "controls", "one.md")
	b, err := os.ReadFile(ctl)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ctl, []byte(strings.Replace(string(b), `"M.1"`, `"M.9"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args   []string
		stdout []string
		stderr []string
	}{
		{[]string{"check", "-C", clean, "-today", "2026-07-01"}, nil,
			[]string{"0 errors, 0 warnings in 0 policies, 1 control, 0 evidence records\n"}},
		{[]string{"check", "-C", broken, "-today", "2026-07-01"}, nil,
			[]string{"1 error, 2 warnings in 0 policies, 1 control, 0 evidence records\n"}},
		{[]string{"status", "-C", clean, "-today", "2026-12-01", "-horizon", "1"},
			[]string{"Actions (1, closing 1 gap)", "0 of 1 criterion met", "Due in the next 1 day (0)", "(evidence due 30 days after"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.args[0], func(t *testing.T) {
			_, stdout, stderr := attestRun(tt.args...)
			for _, want := range tt.stdout {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout)
				}
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
		})
	}
}
