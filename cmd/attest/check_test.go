package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// writeFixture writes a txtar archive into a new temp dir and returns it.
func writeFixture(t *testing.T, archive string) string {
	t.Helper()
	ar, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func attestRun(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheckExitStatusAndFormats(t *testing.T) {
	broken := writeFixture(t, "../../generator/compile/testdata/broken.txtar")
	minimal := writeFixture(t, "../../generator/compile/testdata/minimal.txtar")

	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"clean program", []string{"check", "-C", minimal, "-today", "2026-07-01"}, 0, ""},
		{"errors", []string{"check", "-C", broken, "-today", "2026-07-01"}, 1, `config.toml:6:23: unknown framework "iso2701"`},
		{"github annotations", []string{"check", "-C", broken, "-format", "github", "-today", "2026-07-01"}, 1,
			"::error file=content/controls/mfa.md,line=5,col=13::control CTL-MFA refers to unknown policy"},
		{"warnings are problems with -strict", []string{"check", "-C", broken, "-strict"}, 1, ""},
		{"unknown format", []string{"check", "-format", "xml"}, 2, ""},
		{"bad flag", []string{"check", "-nope"}, 2, ""},
		{"bad date", []string{"check", "-today", "July"}, 2, ""},
		{"unknown command", []string{"chek"}, 2, ""},
		{"help", []string{"check", "-h"}, 0, "Example:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := attestRun(tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
			if !strings.Contains(stdout, tt.contains) {
				t.Errorf("stdout lacks %q:\n%s", tt.contains, stdout)
			}
		})
	}

	code, stdout, _ := attestRun("check", "-C", broken, "-format", "json", "-today", "2026-07-01")
	var items []struct {
		File, Severity, Message string
		Line, Col               int
	}
	if err := json.Unmarshal([]byte(stdout), &items); err != nil || code != 1 || len(items) < 20 {
		t.Fatalf("json: exit %d, %d items, err %v", code, len(items), err)
	}
	if items[0].File == "" || items[0].Line == 0 || items[0].Severity == "" {
		t.Errorf("json item lacks fields: %+v", items[0])
	}
}
