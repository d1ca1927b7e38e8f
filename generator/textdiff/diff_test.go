package textdiff

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// lcs is the textbook dynamic programme, the oracle for editScript's length.
func lcs(a, b []int) int {
	t := make([][]int, len(a)+1)
	for i := range t {
		t[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	return t[0][0]
}

// checkScript fails unless script turns a into b with the fewest edits.
func checkScript(t *testing.T, a, b []int, script []Op) {
	t.Helper()
	var got []int
	i, j, equal := 0, 0, 0
	for _, op := range script {
		switch op {
		case Equal:
			if i >= len(a) || j >= len(b) || a[i] != b[j] {
				t.Fatalf("Equal at a[%d], b[%d] which differ (a=%v b=%v script=%q)", i, j, a, b, script)
			}
			got = append(got, a[i])
			i, j, equal = i+1, j+1, equal+1
		case Delete:
			i++
		case Insert:
			got = append(got, b[j])
			j++
		}
	}
	if i != len(a) || j != len(b) || fmt.Sprint(got) != fmt.Sprint(b) {
		t.Fatalf("script %q does not turn %v into %v", script, a, b)
	}
	if want := lcs(a, b); equal != want {
		t.Fatalf("script keeps %d elements, the longest common subsequence has %d (a=%v b=%v)", equal, want, a, b)
	}
}

func TestEditScript(t *testing.T) {
	for _, tc := range []struct{ a, b []int }{
		{nil, nil},
		{[]int{1, 2, 3}, nil},
		{nil, []int{1, 2, 3}},
		{[]int{1, 2, 3}, []int{1, 2, 3}},
		{[]int{1, 2, 3, 4}, []int{1, 3, 4, 5}},
		{[]int{1, 2, 3, 1, 2, 2, 1}, []int{3, 2, 1, 2, 1, 3}}, // Myers' paper example ABCABBA → CBABAC
		{[]int{5, 5, 5}, []int{5, 6, 5, 6, 5}},
	} {
		checkScript(t, tc.a, tc.b, editScript(tc.a, tc.b))
	}
}

// FuzzEditScript: every script is valid and minimal.
func FuzzEditScript(f *testing.F) {
	f.Add([]byte("abcabba"), []byte("cbabac"))
	f.Add([]byte(""), []byte("x"))
	f.Fuzz(func(t *testing.T, x, y []byte) {
		if len(x) > 200 || len(y) > 200 {
			return
		}
		a, b := make([]int, len(x)), make([]int, len(y))
		for i, c := range x {
			a[i] = int(c % 8) // few symbols, many matches
		}
		for i, c := range y {
			b[i] = int(c % 8)
		}
		checkScript(t, a, b, editScript(a, b))
	})
}

func TestEditScriptPastTheLimitIsStillCorrect(t *testing.T) {
	a, b := make([]int, 3000), make([]int, 3000)
	for i := range a {
		a[i], b[i] = i, i+3000 // nothing in common: distance 6000
	}
	a[0], b[0] = -1, -1
	script := editScript(a, b)
	i, j := 0, 0
	for _, op := range script {
		switch op {
		case Equal:
			if a[i] != b[j] {
				t.Fatal("Equal of different elements")
			}
			i, j = i+1, j+1
		case Delete:
			i++
		case Insert:
			j++
		}
	}
	if i != len(a) || j != len(b) {
		t.Fatal("script does not consume both sequences")
	}
}

// TestCompareAgainstGit checks the line counts and hunk headers against git
// diff --no-index, the reference for what a unified diff says.
func TestCompareAgainstGit(t *testing.T) {
	paragraph := func(i int) string { return fmt.Sprintf("Paragraph %d says something about access.\n", i) }
	var long []string
	for i := range 40 {
		long = append(long, paragraph(i))
	}
	base := strings.Join(long, "")
	edit := func(f func([]string) []string) string {
		return strings.Join(f(append([]string(nil), long...)), "")
	}
	for _, tc := range []struct{ name, before, after string }{
		{"one line changed", base, edit(func(l []string) []string { l[20] = "Paragraph 20 says something else.\n"; return l })},
		{"two distant changes", base, edit(func(l []string) []string { l[2], l[30] = "x\n", "y\n"; return l })},
		{"changes six lines apart merge", base, edit(func(l []string) []string { l[10], l[17] = "x\n", "y\n"; return l })},
		{"changes seven lines apart do not", base, edit(func(l []string) []string { l[10], l[18] = "x\n", "y\n"; return l })},
		{"insert at start", base, "new first line\n" + base},
		{"delete at end", base, strings.Join(long[:38], "")},
		{"no newline at end", "a\nb\nc\n", "a\nb\nc"},
		{"new file", "", "a\nb\n"},
		{"deleted file", "a\nb\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Compare(tc.before, tc.after)
			got := hunkHeaders(d.Unified())
			want := hunkHeaders(gitDiff(t, tc.before, tc.after))
			if got != want {
				t.Errorf("hunks = %q\ngit says %q\n%s", got, want, d.Unified())
			}
		})
	}
}

func hunkHeaders(unified string) string {
	var out []string
	plus, minus := 0, 0
	for _, l := range strings.Split(unified, "\n") {
		switch {
		case strings.HasPrefix(l, "@@"):
			// git adds the nearest "function" line after the header; drop it.
			end := strings.Index(l[2:], "@@")
			out = append(out, l[:end+4])
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
		case strings.HasPrefix(l, "+"):
			plus++
		case strings.HasPrefix(l, "-"):
			minus++
		}
	}
	return fmt.Sprintf("%s +%d -%d", strings.Join(out, " | "), plus, minus)
}

func gitDiff(t *testing.T, before, after string) string {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.WriteFile(a, []byte(before), 0o644)
	os.WriteFile(b, []byte(after), 0o644)
	cmd := exec.Command("git", "-c", "diff.algorithm=myers", "diff", "--no-index", "--no-color", "-U3", a, b)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1")
	out, _ := cmd.Output() // exit status 1 means "differs"
	return string(out)
}

func TestWordsOfAnEditedParagraph(t *testing.T) {
	before := "+++\nreview_cycle = \"12 months\"\n+++\n\nAccess is reviewed every quarter by the system owner.\n\n## Scope\n"
	after := "+++\nreview_cycle = \"6 months\"\n+++\n\nAccess is reviewed every month by the system owner and the CISO.\n\n## Scope\n"
	d := Compare(before, after)
	want := "" +
		"--- a/policies/access.md\n+++ b/policies/access.md\n" +
		"@@ -1,7 +1,7 @@\n" +
		" +++\n" +
		"-review_cycle = \"12 months\"\n" +
		"+review_cycle = \"6 months\"\n" +
		" +++\n" +
		" \n" +
		"-Access is reviewed every quarter by the system owner.\n" +
		"+Access is reviewed every month by the system owner and the CISO.\n" +
		" \n" +
		" ## Scope\n"
	d.Path = "policies/access.md"
	if got := d.Unified(); got != want {
		t.Errorf("Unified() =\n%s\nwant\n%s", got, want)
	}
	var marked []string
	for _, l := range d.Hunks[0].Lines {
		for _, w := range l.Words {
			if w.Changed {
				marked = append(marked, l.Op+w.Text)
			}
		}
	}
	if got, want := strings.Join(marked, "|"), "-12|+6|-quarter|+month|+ and the CISO"; got != want {
		t.Errorf("changed words = %q, want %q", got, want)
	}
	if d.Inserted != 2 || d.Deleted != 2 {
		t.Errorf("Inserted, Deleted = %d, %d; want 2, 2", d.Inserted, d.Deleted)
	}
}

func TestRewrittenLinesAreNotWordMarked(t *testing.T) {
	d := Compare("The old paragraph about laptops.\n", "Completely new text on a different subject entirely.\n")
	for _, l := range d.Hunks[0].Lines {
		if l.Words != nil {
			t.Errorf("line %q has word marks %v; a rewrite should not", l.Text, l.Words)
		}
	}
}

func TestBinary(t *testing.T) {
	d := Compare("%PDF\x00\x01", "%PDF\x00\x02")
	d.Path = "evidence/report.pdf"
	if !d.Binary || len(d.Hunks) != 0 || d.Unified() != "Binary files a/evidence/report.pdf and b/evidence/report.pdf differ\n" {
		t.Errorf("binary diff: %+v %q", d, d.Unified())
	}
}
