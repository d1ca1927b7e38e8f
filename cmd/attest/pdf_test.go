package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/pdf"
	"github.com/attest-dev/attest/generator/sealed"
)

// dcTitles are the sections of the description as it names them (DC 200).
var dcTitles = []string{
	"DC1 Types of services provided",
	"DC2 Principal service commitments and system requirements",
	"DC3 Components of the system and its boundaries",
	"DC4 System incidents",
	"DC5 Applicable trust services criteria and related controls",
	"DC6 Complementary user entity controls",
	"DC7 Subservice organizations",
	"DC8 Criteria not applicable",
	"DC9 Significant changes during the period",
}

// TestPDFOfTheSample (issue 16) prints the sample program's description
// twice — built afresh by attest pdf, and from what attest build wrote —
// and wants the same bytes, then reads the PDF: enough pages, a bookmark
// per section, the cover, and the running header and footer.
func TestPDFOfTheSample(t *testing.T) {
	if _, err := pdf.FindChromium(""); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	r, _ := sampleRepoAt(t, "2026-03-10T10:00:00Z")
	ctx := context.Background()
	attest := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(ctx, args, &stdout, &stderr); code != 0 {
			t.Fatalf("attest %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
		}
		return stdout.String()
	}
	dir := t.TempDir()
	fresh, built := filepath.Join(dir, "fresh.pdf"), filepath.Join(dir, "built.pdf")
	said := attest("pdf", "-C", r.Dir, "-o", fresh)
	if !regexp.MustCompile(`^wrote .*fresh\.pdf \([0-9]+ pages, [0-9.]+ MB\)\n$`).MatchString(said) {
		t.Errorf("attest pdf says %q", said)
	}
	attest("build", "-C", r.Dir, "-only", "private", "-quiet")
	attest("pdf", "-site", filepath.Join(r.Dir, "private"), "-o", built, "-quiet")

	a, err := os.ReadFile(fresh)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(built)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("two renders of one commit differ: %d and %d bytes", len(a), len(b))
	}
	// Links inside the document go to named places in it; none leads to
	// a file of the machine that printed it.
	if n := bytes.Count(a, []byte("/Dest /")); n < 500 {
		t.Errorf("%d links within the document, want the contents' and every cross-reference", n)
	}
	if bytes.Contains(a, []byte("file:")) {
		t.Error("the PDF links to a file:// path")
	}
	if n := pdf.PageCount(a); n < 60 {
		t.Errorf("%d pages: the whole description takes more", n)
	}
	titles := outline(t, a)
	for _, want := range append([]string{"Contents", "Control matrix", "Policies", "Controls", "Gaps"}, dcTitles...) {
		if !titles[want] {
			t.Errorf("no bookmark %q among %d", want, len(titles))
		}
	}
	if len(titles) < 100 {
		t.Errorf("%d bookmarks: want one per section and per heading", len(titles))
	}

	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils): the text is not checked")
	}
	out, err := exec.Command("pdftotext", fresh, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
	total := strconv.Itoa(len(pages))
	for i, p := range pages {
		for _, want := range []string{"Confidential — Northwind Ledger", "page " + strconv.Itoa(i+1) + " of " + total} {
			if !strings.Contains(p, want) {
				t.Errorf("page %d lacks %q", i+1, want)
			}
		}
	}
	cover := pages[0]
	for _, want := range []string{"Northwind Ledger", "SOC 2 Type 2, 2026-01-01 to 2026-06-30", "As of commit ", "Statuses evaluated on 2026-03-10", "Contents"} {
		if !strings.Contains(cover, want) {
			t.Errorf("the cover lacks %q:\n%s", want, cover)
		}
	}
	for _, want := range dcTitles {
		if !strings.Contains(string(out), want) {
			t.Errorf("the text lacks %q", want)
		}
	}
}

// outline reads the titles of a PDF's bookmarks: the catalog's /Outlines,
// then every item from /First along /Next, depth first. Chromium writes
// the outline's objects uncompressed, and its titles as literal strings
// (UTF-16 in hex where they are not ASCII, which no wanted title is).
func outline(t *testing.T, data []byte) map[string]bool {
	t.Helper()
	objects := map[string][]byte{}
	for _, m := range regexp.MustCompile(`(?s)(?:^|\n)([0-9]+) 0 obj\n(.*?)\nendobj`).FindAllSubmatch(data, -1) {
		objects[string(m[1])] = m[2]
	}
	ref := func(obj []byte, key string) string {
		m := regexp.MustCompile(`/` + key + ` ([0-9]+) 0 R`).FindSubmatch(obj)
		if m == nil {
			return ""
		}
		return string(m[1])
	}
	root := ""
	for _, obj := range objects {
		if bytes.Contains(obj, []byte("/Type /Catalog")) {
			root = ref(obj, "Outlines")
		}
	}
	if root == "" {
		t.Fatal("the PDF has no outline (/Outlines in its catalog)")
	}
	titles := map[string]bool{}
	title := regexp.MustCompile(`/Title \(((?:[^()\\]|\\.)*)\)`)
	var walk func(id string, depth int)
	walk = func(id string, depth int) {
		for ; id != "" && depth < 50; id = ref(objects[id], "Next") {
			if m := title.FindSubmatch(objects[id]); m != nil {
				titles[string(m[1])] = true
			}
			walk(ref(objects[id], "First"), depth+1)
		}
	}
	walk(ref(objects[root], "First"), 0)
	return titles
}

// TestPDFSaysWhatIsWrong: flags that contradict each other are usage
// errors, and a browser that is not there says how to install one, before
// anything is built.
func TestPDFSaysWhatIsWrong(t *testing.T) {
	dir := t.TempDir()
	sealedDir := filepath.Join(t.TempDir(), "private")
	if _, err := sealed.Seal(dir, sealedDir, sealed.NewKey(), sealed.Stamp{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-ref", "main", "-version", "v1"}, 2, "-ref and -version both name what to print"},
		{[]string{"-site", dir, "-ref", "main"}, 2, "-site prints a description built already"},
		{[]string{"extra"}, 2, `unexpected argument "extra"`},
		{[]string{"-chromium", filepath.Join(dir, "no-browser")}, 1, "apt-get install chromium"},
		{[]string{"-site", dir, "-chromium", os.Args[0]}, 1, "no version latest built there"},
		{[]string{"-site", sealedDir, "-chromium", os.Args[0]}, 2, "it is encrypted (attest build -encrypt): print from the program instead"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append([]string{"pdf", "-C", dir}, tc.args...), &stdout, &stderr)
		if code != tc.code || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("attest pdf %s: exit %d, %q; want exit %d and %q", strings.Join(tc.args, " "), code, stderr.String(), tc.code, tc.want)
		}
	}
}
