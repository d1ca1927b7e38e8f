package evidence

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/attest-dev/attest/generator/model"
)

func TestParseCovers(t *testing.T) {
	tests := []struct {
		in, from, to, err string
	}{
		{"2026-04-01..2026-06-30", "2026-04-01", "2026-06-30", ""},
		{" 2024-02-01 .. 2024-02-29 ", "2024-02-01", "2024-02-29", ""},
		{"2026-03-31", "2026-03-31", "2026-03-31", ""},
		{"2026-06-30..2026-04-01", "", "", "ends before it starts"},
		{"2025-02-29..2025-03-31", "", "", `"2025-02-29" is not a date`},
		{"2026-04-01..", "", "", `"" is not a date`},
		{"Q2", "", "", `"Q2" is not a date (want YYYY-MM-DD): write FROM..TO, e.g. 2026-04-01..2026-06-30`},
	}
	for _, tt := range tests {
		from, to, err := ParseCovers(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: err %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || from.String() != tt.from || to.String() != tt.to {
			t.Errorf("%q: %s..%s, %v", tt.in, from, to, err)
		}
	}
}

func FuzzParseCovers(f *testing.F) {
	for _, s := range []string{"2026-04-01..2026-06-30", "2026-03-31", "..", "2024-02-29..2024-02-29", "x..y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		from, to, err := ParseCovers(s)
		if err != nil {
			return
		}
		if to.Before(from) {
			t.Fatalf("%q: %s..%s ends before it starts", s, from, to)
		}
		from2, to2, err := ParseCovers(from.String() + ".." + to.String())
		if err != nil || from2 != from || to2 != to {
			t.Fatalf("%q does not round-trip", s)
		}
	})
}

func TestQuoteTOML(t *testing.T) {
	tests := map[string]string{
		`plain`:          `"plain"`,
		`say "hi"`:       `"say \"hi\""`,
		`C:\path`:        `"C:\\path"`,
		"two\nlines\r\n": `"two\nlines\r\n"`,
		"bell\a del\x7f": `"bell\u0007 del\u007F"`,
		"tab\there, é ✓": `"tab\there, é ✓"`,
	}
	for in, want := range tests {
		if got := quoteTOML(in); got != want {
			t.Errorf("quoteTOML(%q) = %s, want %s", in, got, want)
		}
	}
}

// FuzzQuoteTOML: whatever a note holds, the manifest reads it back unchanged.
func FuzzQuoteTOML(f *testing.F) {
	for _, s := range []string{"", "plain", `"\`, "a\nb", "\x00\x1f\x7f", "é ✓ \U0001F600", "'''", `"""`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := entry{ID: "EV-1", Control: "CTL-1", Title: s, Collected: model.MakeDate(2026, 1, 2),
			File: "evidence/a", SHA256: "x", Result: model.Pass, Collector: "c", Note: s}
		text, err := e.text("\n")
		if err != nil {
			return // not UTF-8: refused, not written
		}
		var got struct {
			Evidence []struct{ Title, Note string }
		}
		if _, err := toml.Decode(text, &got); err != nil {
			t.Fatalf("%q: written entry does not parse: %v\n%s", s, err, text)
		}
		if len(got.Evidence) != 1 || got.Evidence[0].Title != s || (s != "" && got.Evidence[0].Note != s) {
			t.Fatalf("%q read back as %+v", s, got.Evidence)
		}
	})
}

func TestTitleFromName(t *testing.T) {
	for in, want := range map[string]string{
		"2026-q2_access-review.csv":  "2026 q2 access review",
		"idp-export.2026-06-30.json": "Idp export 2026 06 30",
		"README":                     "README",
		".env":                       "Env",
		"ünïcode-file.txt":           "Ünïcode file",
	} {
		if got := titleFromName(in); got != want {
			t.Errorf("titleFromName(%q) = %q, want %q", in, got, want)
		}
	}
}
