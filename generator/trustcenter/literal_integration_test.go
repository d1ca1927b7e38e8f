package trustcenter_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/attest-dev/attest/generator/compile"
)

// literalProbes are the texts testdata/literal.txtar holds at every place,
// numbered as its markers are.
var literalProbes = []string{
	`{{< param "title" >}}`,
	`{{% param "title" %}}`,
	`{{< youtube abc >}}`,
	`{{< x user="a" id="1" >}}`,
	`{{ .Title }}`,
	`{{</* nested */>}}`,
}

// TestProgramTextIsShownAsWritten builds both sites of a program whose
// policy, control narrative and test procedure, description section, trust
// page and update hold shortcodes and template text in prose, code spans
// and fenced blocks: each site shows every one where it shows that text, as
// written; none runs — no iframe, no title printed by param, nothing logged
// (issue 13). Raw HTML is left out of both, and check warns of it.
func TestProgramTextIsShownAsWritten(t *testing.T) {
	dir, _ := fixture(t, "literal.txtar")
	res := compile.Compile(os.DirFS(dir), compile.Options{})
	if res.Diags.HasErrors() {
		for _, d := range res.Diags.Items() {
			t.Log(d)
		}
		t.Fatal("attest check fails on the fixture")
	}
	// Raw HTML is a warning at its place, and neither site shows it.
	var diags []string
	for _, d := range res.Diags.Items() {
		diags = append(diags, d.String())
	}
	all := strings.Join(diags, "\n")
	for _, want := range []string{
		"policies/probe.md:46:12: warning: raw HTML <b> will not render",
		"policies/probe.md:46:19: warning: raw HTML </b> will not render",
		`policies/probe.md:46:28: warning: raw HTML <insert email here> will not render: the sites leave raw HTML out; to show it as text write \<insert email here\> or put it in a code span`,
		`policies/probe.md:48:1: warning: raw HTML <div class="raw-probe">RAW-BLOCK</div> will not render`,
		"content/description/dc1.md:39:12: warning: raw HTML <b> will not render",
		"content/description/dc1.md:41:1: warning: raw HTML <div",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("check does not warn %q; it says\n%s", want, all)
		}
	}
	out := t.TempDir()
	buildPublic(t, dir, filepath.Join(out, "public"))

	buildPrivate(t, dir, filepath.Join(out, "private"), res.Program)

	shown := map[string][]string{
		"public":  {"POLICY", "NARRATIVE", "PAGE", "UPDATE"},
		"private": {"POLICY", "NARRATIVE", "TEST", "SECTION"},
	}
	for siteName, places := range shown {
		text, raw := siteText(t, filepath.Join(out, siteName))
		for _, bad := range []string{"<iframe", "twitter-tweet", "youtube.com", "TITLE-VALUE Probe policy]END", "[TITLE-VALUE", "raw-probe", "RAW-BLOCK", "<b>bold", "<insert"} {
			if strings.Contains(raw, bad) || strings.Contains(text, bad) {
				t.Errorf("%s: a probe ran: the output holds %q", siteName, bad)
			}
		}
		for _, place := range places {
			for i, probe := range literalProbes {
				for _, ctx := range []string{"PROSE", "SPAN", "FENCE"} {
					want := place + "-" + ctx + "-" + string(rune('0'+i)) + "[" + probe + "]END"
					if !strings.Contains(text, want) {
						t.Errorf("%s: %s is not shown as written", siteName, want)
					}
				}
			}
		}
		if want := `SUMMARY {{< param "title" >}} {{< youtube abc >}}`; !strings.Contains(text, want) {
			t.Errorf("%s: the control summary %s is not shown as written", siteName, want)
		}
	}
}

// siteText returns the text of every HTML page under dir, as a reader sees
// it (entities decoded, typographic quotes made straight, white space
// collapsed), and all the HTML.
func siteText(t *testing.T, dir string) (text, raw string) {
	t.Helper()
	var tb, rb strings.Builder
	err := filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".html") {
			return err
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		rb.Write(data)
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			return err
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.TextNode {
				tb.WriteString(n.Data)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		tb.WriteString("\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s := strings.NewReplacer("“", `"`, "”", `"`).Replace(tb.String())
	return strings.Join(strings.Fields(s), " "), rb.String()
}
