package history

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"

	"github.com/attest-dev/attest/generator/textdiff"
)

func TestHTMLMarksChangedWords(t *testing.T) {
	before := "+++\nreview_cycle = \"12 months\"\n+++\n\nAccess is reviewed every quarter by the system owner.\n\n## Scope\n"
	after := "+++\nreview_cycle = \"6 months\"\n+++\n\nAccess is reviewed every month by the system owner and the CISO.\n\n## Scope\n"
	d := &Diff{Diff: *textdiff.Compare(before, after)}
	d.Path = "policies/access.md"
	h := d.HTML()
	for _, frag := range []string{
		`<span class="gd">-review_cycle = &#34;<del>12</del> months&#34;` + "\n</span>",
		`<span class="gi">+review_cycle = &#34;<ins>6</ins> months&#34;` + "\n</span>",
		`<span class="gd">-Access is reviewed every <del>quarter</del> by the system owner.`,
		`<span class="gi">+Access is reviewed every <ins>month</ins> by the system owner<ins> and the CISO</ins>.`,
		`<span class="line"><span class="cl"> ## Scope` + "\n</span></span>",
	} {
		if !strings.Contains(h, frag) {
			t.Errorf("HTML() lacks %q:\n%s", frag, h)
		}
	}
}

// TestHTMLIsChromasOwnWithoutMarks: with no words marked, HTML is exactly
// what chroma's HTML formatter writes with classes.
func TestHTMLIsChromasOwnWithoutMarks(t *testing.T) {
	d := &Diff{Diff: *textdiff.Compare("alpha <b> & \"c\"\nsame\nbeta\n", "gamma\nsame\ndelta\n")}
	d.Path = "x.md"
	it, err := lexers.Get("diff").Tokenise(nil, d.Unified())
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := html.New(html.WithClasses(true)).Format(&want, styles.Get(DiffStyle), it); err != nil {
		t.Fatal(err)
	}
	if got := d.HTML(); got != want.String() {
		t.Errorf("HTML() =\n%s\nchroma writes\n%s", got, want.String())
	}
	css := CSS()
	for _, rule := range []string{".chroma .gd {", ".chroma .gi {", ".chroma .gd del {", ".chroma .gi ins {"} {
		if !strings.Contains(css, rule) {
			t.Errorf("CSS() lacks %q", rule)
		}
	}
}

type mapBlobs map[string]string

func (m mapBlobs) ReadBlob(_ context.Context, id string) ([]byte, error) {
	s, ok := m[id]
	if !ok {
		return nil, fmt.Errorf("no blob %s", id)
	}
	return []byte(s), nil
}

func TestReadDiffNamesTheFiles(t *testing.T) {
	c := &Commit{Short: "abc"}
	blobs := mapBlobs{"1": "a\n", "2": "a\nb\n"}
	for _, tc := range []struct {
		rev  Revision
		head string
	}{
		{Revision{Commit: c, Change: Added, Path: "p/x.md", Blob: "1"}, "--- /dev/null\n+++ b/p/x.md\n@@ -0,0 +1 @@\n+a\n"},
		{Revision{Commit: c, Change: Renamed, Path: "p/y.md", OldPath: "p/x.md", OldBlob: "1", Blob: "2"}, "--- a/p/x.md\n+++ b/p/y.md\n@@ -1 +1,2 @@\n a\n+b\n"},
		{Revision{Commit: c, Change: Deleted, Path: "p/y.md", OldBlob: "2"}, "--- a/p/y.md\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n"},
		{Revision{Commit: c, Change: Renamed, Path: "p/z.md", OldPath: "p/y.md", OldBlob: "2", Blob: "2"}, ""},
		{Revision{Commit: c, Change: Truncated, Path: "p/z.md", Blob: "2"}, ""},
	} {
		d, err := ReadDiff(context.Background(), blobs, &tc.rev)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Unified(); got != tc.head {
			t.Errorf("%s %s: Unified() =\n%q\nwant\n%q", tc.rev.Change, tc.rev.Path, got, tc.head)
		}
	}
	if _, err := ReadDiff(context.Background(), blobs, &Revision{Commit: c, Path: "q", Blob: "9"}); err == nil || !strings.Contains(err.Error(), "diff q at abc") {
		t.Errorf("a missing blob: err = %v", err)
	}
}
