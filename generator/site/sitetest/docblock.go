package sitetest

import (
	"os"
	"strings"
	"testing"
)

// DocBlock holds the text of file between the lines begin and end (each
// ending in "\n") to want: with update it writes want there; otherwise the
// test fails where they differ, naming the first line that does and rerun,
// the command that writes it.
func DocBlock(t testing.TB, file, begin, end, want string, update bool, rerun string) {
	t.Helper()
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok := strings.Cut(string(text), begin)
	got, after, ok2 := strings.Cut(rest, end)
	if !ok || !ok2 {
		t.Fatalf("%s has no block between %q and %q", file, begin, end)
	}
	if got == want {
		return
	}
	if update {
		if err := os.WriteFile(file, []byte(before+begin+want+end+after), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s does not list what the code declares (%s):\n%s", file, rerun, LineDiff(want, got))
}
