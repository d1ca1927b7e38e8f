package description

import (
	"bytes"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"

	"github.com/attest-dev/attest/generator/textdiff"
)

func TestDiffHTMLMarksChangedWords(t *testing.T) {
	before := "+++\nreview_cycle = \"12 months\"\n+++\n\nAccess is reviewed every quarter by the system owner.\n\n## Scope\n"
	after := "+++\nreview_cycle = \"6 months\"\n+++\n\nAccess is reviewed every month by the system owner and the CISO.\n\n## Scope\n"
	d := textdiff.Compare(before, after)
	d.Path = "policies/access.md"
	h := diffHTML(d)
	for _, frag := range []string{
		`<span class="gd">-review_cycle = &#34;<del>12</del> months&#34;` + "\n</span>",
		`<span class="gi">+review_cycle = &#34;<ins>6</ins> months&#34;` + "\n</span>",
		`<span class="gd">-Access is reviewed every <del>quarter</del> by the system owner.`,
		`<span class="gi">+Access is reviewed every <ins>month</ins> by the system owner<ins> and the CISO</ins>.`,
		`<span class="line"><span class="cl"> ## Scope` + "\n</span></span>",
	} {
		if !strings.Contains(h, frag) {
			t.Errorf("diffHTML lacks %q:\n%s", frag, h)
		}
	}
}

// TestDiffHTMLIsChromasOwnWithoutMarks: with no words marked, diffHTML is exactly
// what chroma's HTML formatter writes with classes.
func TestDiffHTMLIsChromasOwnWithoutMarks(t *testing.T) {
	d := textdiff.Compare("alpha <b> & \"c\"\nsame\nbeta\n", "gamma\nsame\ndelta\n")
	d.Path = "x.md"
	it, err := lexers.Get("diff").Tokenise(nil, d.Unified())
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := html.New(html.WithClasses(true)).Format(&want, styles.Get(diffStyle), it); err != nil {
		t.Fatal(err)
	}
	if got := diffHTML(d); got != want.String() {
		t.Errorf("diffHTML =\n%s\nchroma writes\n%s", got, want.String())
	}
	css := diffCSS()
	for _, rule := range []string{".chroma .gd {", ".chroma .gi {", ".chroma .gd del {", ".chroma .gi ins {"} {
		if !strings.Contains(css, rule) {
			t.Errorf("diffCSS() lacks %q", rule)
		}
	}
}
