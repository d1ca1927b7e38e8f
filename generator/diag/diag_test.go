package diag

import (
	"bytes"
	"strings"
	"sync"
	"testing"
)

func TestPositionsPrintAsCompilersDo(t *testing.T) {
	for _, tc := range []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{Pos: Pos{File: "config.toml", Line: 3, Col: 1}, Message: "unknown key"}, "config.toml:3:1: unknown key"},
		{Diagnostic{Pos: Pos{File: "policies/a.md", Line: 7}, Severity: Warning, Message: "overdue"}, "policies/a.md:7: warning: overdue"},
		{Diagnostic{Pos: Pos{File: "evidence/x.csv"}, Message: "missing"}, "evidence/x.csv: missing"},
	} {
		if got := tc.d.String(); got != tc.want {
			t.Errorf("%+v prints %q, want %q", tc.d, got, tc.want)
		}
	}
}

// TestListSortsAndCounts: a run's diagnostics come out in file, line and
// column order whatever order concurrent loaders added them in, the same
// one twice is shown once, and errors and warnings are counted apart.
func TestListSortsAndCounts(t *testing.T) {
	var l List
	var wg sync.WaitGroup
	for _, d := range []Diagnostic{
		{Pos: Pos{File: "b.md", Line: 2, Col: 1}, Message: "second"},
		{Pos: Pos{File: "a.md", Line: 9, Col: 4}, Severity: Warning, Message: "warned"},
		{Pos: Pos{File: "a.md", Line: 9, Col: 2}, Message: "first"},
		{Pos: Pos{File: "a.md", Line: 9, Col: 2}, Message: "first"},
	} {
		wg.Add(1)
		go func() { defer wg.Done(); l.Add(d) }()
	}
	wg.Wait()
	var got []string
	for _, d := range l.Items() {
		got = append(got, d.String())
	}
	want := []string{"a.md:9:2: first", "a.md:9:4: warning: warned", "b.md:2:1: second"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("items %q, want %q", got, want)
	}
	if e, w := l.Count(); e != 3 || w != 1 {
		t.Errorf("count %d errors, %d warnings", e, w)
	}
	if err := l.Err(); err == nil || err.Error() != "a.md:9:2: first (and 2 more errors)" {
		t.Errorf("Err() = %v", err)
	}
	var clean List
	clean.Warnf(Pos{File: "x"}, "only a warning")
	if clean.HasErrors() || clean.Err() != nil {
		t.Error("a warning counts as an error")
	}
}

// TestWriteFormats: text, JSON and GitHub annotations, with GitHub's
// escaping of the characters its workflow-command parser reads.
func TestWriteFormats(t *testing.T) {
	items := []Diagnostic{
		{Pos: Pos{File: "a,b:c.md", Line: 2, Col: 5}, Message: "100% wrong\nsecond line"},
		{Pos: Pos{File: "config.toml"}, Severity: Warning, Message: "no line"},
	}
	for _, tc := range []struct {
		format, want string
	}{
		{"text", "a,b:c.md:2:5: 100% wrong\nsecond line\nconfig.toml: warning: no line\n"},
		{"github", "::error file=a%2Cb%3Ac.md,line=2,col=5::100%25 wrong%0Asecond line\n::warning file=config.toml::no line\n"},
	} {
		var b bytes.Buffer
		if err := Write(&b, tc.format, items); err != nil {
			t.Fatal(err)
		}
		if b.String() != tc.want {
			t.Errorf("%s:\n%q\nwant\n%q", tc.format, b.String(), tc.want)
		}
	}
	var b bytes.Buffer
	if err := Write(&b, "json", items[1:]); err != nil {
		t.Fatal(err)
	}
	if want := `"file": "config.toml"`; !strings.Contains(b.String(), want) || !strings.Contains(b.String(), `"severity": "warning"`) {
		t.Errorf("json:\n%s", b.String())
	}
	if err := Write(&b, "xml", items); err == nil || !strings.Contains(err.Error(), "text, json, github") {
		t.Errorf("unknown format: %v", err)
	}
}
