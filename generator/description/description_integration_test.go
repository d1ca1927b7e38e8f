package description_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"

	"github.com/attest-dev/attest"
	"github.com/attest-dev/attest/generator/changes"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/description"
	"github.com/attest-dev/attest/generator/gather"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/site/sitetest"
	"github.com/attest-dev/attest/generator/status"
	"github.com/attest-dev/attest/themes"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden and the theme's chroma.css")

// The commit the fixture builds are dated by.
var (
	testCommit     = "0123456789abcdef0123456789abcdef01234567"
	testCommitTime = time.Date(2026, 7, 1, 9, 30, 0, 0, time.FixedZone("CEST", 2*3600))
)

// fixture writes testdata/program.txtar into a fresh folder.
func fixture(t testing.TB) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "program.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range txtar.Parse(src).Files {
		full := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// compiled compiles a program and fails the test on errors.
func compiled(t testing.TB, fsys fs.FS) (*model.Program, *status.Report) {
	t.Helper()
	res := compile.Compile(fsys, compile.Options{})
	if res.Diags.HasErrors() {
		var b strings.Builder
		for _, d := range res.Diags.Items() {
			fmt.Fprintln(&b, d)
		}
		t.Fatalf("program does not compile:\n%s", b.String())
	}
	// As attest build does: judged at the date of the commit built.
	return res.Program, status.EvaluateWith(res.Program, status.Options{Today: model.NewDate(testCommitTime)})
}

// build renders the private site of the program in fsys into out.
func build(t testing.TB, fsys fs.FS, out string, opts description.Options) site.Spec {
	t.Helper()
	p, r := compiled(t, fsys)
	opts.Files, opts.Out = gathered(t, fsys, p), out
	spec := description.Spec(p, r, opts)
	var log bytes.Buffer
	spec.Themes, spec.Log = themes.FS(), &log
	if err := site.Build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	if log.Len() > 0 {
		t.Errorf("hugo logged:\n%s", log.String())
	}
	return spec
}

// gathered reads the evidence files and images of p from fsys, as a build
// does before rendering.
func gathered(t testing.TB, fsys fs.FS, p *model.Program) map[string]*description.File {
	t.Helper()
	files, err := gather.Files(context.Background(), p, fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func committed() description.Options {
	return description.Options{Commit: testCommit, CommitTime: testCommitTime}
}

// fixtureSite builds the fixture once per test binary.
var fixtureSite struct {
	tmp, out string
	p        *model.Program
	r        *status.Report
}

func site1(t *testing.T) (string, *model.Program, *status.Report) {
	t.Helper()
	if fixtureSite.out == "" {
		dir := fixture(t)
		tmp, err := os.MkdirTemp("", "attest-description-")
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(tmp, "private")
		build(t, os.DirFS(dir), out, committed())
		fixtureSite.p, fixtureSite.r = compiled(t, os.DirFS(dir))
		fixtureSite.tmp, fixtureSite.out = tmp, out
	}
	return fixtureSite.out, fixtureSite.p, fixtureSite.r
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureSite.tmp != "" {
		os.RemoveAll(fixtureSite.tmp)
	}
	os.Exit(code)
}

func read(t *testing.T, out, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sidebar is the navigation, the same on every page: golden files leave it
// out so that each shows what is particular to its page.
var sidebar = regexp.MustCompile(`(?s)<nav class="sidebar".*?</nav>\n`)

// TestGoldenPages compares key pages of the fixture's private site with
// testdata/golden (without the shared sidebar); -update rewrites them.
func TestGoldenPages(t *testing.T) {
	out, _, _ := site1(t)
	pages := []string{
		"index.html",
		"description/index.html",
		"description/dc3/index.html",
		"description/dc7/index.html",
		"description/dc8/index.html",
		"description/dc9/index.html",
		"matrix/soc2/index.html",
		"controls/ctl-access-review/index.html",
		"controls/ctl-logging/index.html",
		"policies/pol-access/index.html",
		"registers/risks/index.html",
		"registers/subprocessors/index.html",
		"soa/index.html",
		"coverage/index.html",
		"gaps/index.html",
	}
	for _, name := range pages {
		got := sidebar.ReplaceAllString(read(t, out, name), "")
		sitetest.Golden(t, filepath.Join("testdata", "golden", strings.ReplaceAll(name, "/", "_")), []byte(got), *update)
	}
}

// TestLinksAndAnchorsResolve checks every internal link and #anchor of the
// fixture's private site, the print view's in-page anchors included.
func TestLinksAndAnchorsResolve(t *testing.T) {
	out, _, _ := site1(t)
	problems, err := sitetest.Links(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// TestSampleProgramLinksResolve builds the repository's sample program and
// checks its links: the sample's own Markdown links must resolve too.
func TestSampleProgramLinksResolve(t *testing.T) {
	out := filepath.Join(t.TempDir(), "private")
	build(t, attest.Sample(), out, committed())
	problems, err := sitetest.Links(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// element finds the element with the given id.
func element(t *testing.T, doc *html.Node, id string) *html.Node {
	t.Helper()
	var found *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if found != nil {
			return
		}
		if n.Type == html.ElementNode && attr(n, "id") == id {
			found = n
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return found
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text returns n's text and the hrefs of the links inside it.
func text(n *html.Node) (string, []string) {
	var sb strings.Builder
	var hrefs []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		if n.Type == html.ElementNode {
			if h := attr(n, "href"); h != "" {
				hrefs = append(hrefs, h)
			}
			if t := attr(n, "title"); t != "" {
				sb.WriteString(" " + t + " ")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return sb.String(), hrefs
}

func parse(t *testing.T, out, name string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(read(t, out, name)))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestMatrixListsEveryCriterion checks that each in-scope criterion appears
// in its framework's matrix with its state, every control mapped to it (a
// link to the control's page, with its test procedure) and every piece of
// those controls' evidence (date, result, hash and a link to the copied file).
func TestMatrixListsEveryCriterion(t *testing.T) {
	out, _, r := site1(t)
	for _, fs := range r.Frameworks {
		name := "matrix/" + fs.Framework.ID + "/index.html"
		doc := parse(t, out, name)
		for _, crs := range fs.Criteria {
			id := "matrix-" + fs.Framework.ID + "-" + strings.ToLower(crs.Criterion.ID)
			n := element(t, doc, id)
			if n == nil {
				t.Errorf("%s: criterion %s has no block #%s", name, crs.Criterion.ID, id)
				continue
			}
			txt, hrefs := text(n)
			if !strings.Contains(txt, crs.Criterion.ID) || !strings.Contains(attr(n, "class"), "st-edge-"+string(crs.State)) {
				t.Errorf("%s: %s does not show its id and state %s", name, crs.Criterion.ID, crs.State)
			}
			if crs.State == status.NotApplicable && !strings.Contains(txt, crs.Reason) {
				t.Errorf("%s: %s is not applicable but its reason is missing", name, crs.Criterion.ID)
			}
			if crs.State == status.Gap && len(crs.Controls) == 0 && !strings.Contains(txt, "No control maps") {
				t.Errorf("%s: unmapped %s is not marked as a gap", name, crs.Criterion.ID)
			}
			for _, cs := range crs.Controls {
				c := cs.Control
				page := "../../controls/" + strings.ToLower(c.ID) + "/index.html"
				if !slices.Contains(hrefs, page) {
					t.Errorf("%s: %s does not link its control %s (%s)", name, crs.Criterion.ID, c.ID, page)
				}
				if !strings.Contains(txt, "Test procedure") {
					t.Errorf("%s: %s shows no test procedure for %s", name, crs.Criterion.ID, c.ID)
				}
				for _, e := range c.Evidence {
					if !strings.Contains(txt, e.ID) || !strings.Contains(txt, e.Collected.String()) || !strings.Contains(txt, string(e.Result)) {
						t.Errorf("%s: %s → %s lacks evidence %s with its date and result", name, crs.Criterion.ID, c.ID, e.ID)
					}
					if e.File != "" && (!strings.Contains(txt, e.SHA256) || !slices.Contains(hrefs, "../../"+e.File)) {
						t.Errorf("%s: %s → %s lacks the hash or file link of %s", name, crs.Criterion.ID, c.ID, e.ID)
					}
				}
			}
		}
	}
}

// TestStatementOfApplicabilityHasEveryAnnexAControl checks the SoA has a
// row for each of the 93 Annex A controls, with why it applies or not.
func TestStatementOfApplicabilityHasEveryAnnexAControl(t *testing.T) {
	out, p, _ := site1(t)
	doc := parse(t, out, "soa/index.html")
	iso := p.Frameworks["iso27001"]
	if len(iso.Criteria) != 93 {
		t.Fatalf("the ISO 27001 catalog has %d controls, want 93", len(iso.Criteria))
	}
	rows := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "tr" && strings.HasPrefix(attr(n, "id"), "soa-a.") {
			rows++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if rows != 93 {
		t.Errorf("the SoA has %d Annex A rows, want 93", rows)
	}
	for _, cr := range iso.Criteria {
		n := element(t, doc, "soa-"+strings.ToLower(cr.ID))
		if n == nil {
			t.Errorf("no SoA row for %s", cr.ID)
			continue
		}
		txt, _ := text(n)
		na, excluded := p.NotApplicable("iso27001", cr.ID)
		switch {
		case excluded && !(strings.Contains(txt, "No") && strings.Contains(txt, na.Reason)):
			t.Errorf("SoA %s is excluded but does not say so with the reason: %q", cr.ID, txt)
		case !excluded && !strings.Contains(txt, "Yes"):
			t.Errorf("SoA %s applies but does not say so: %q", cr.ID, txt)
		}
		for _, c := range p.ControlsFor("iso27001", cr.ID) {
			if !strings.Contains(txt, c.ID) {
				t.Errorf("SoA %s does not name its implementing control %s", cr.ID, c.ID)
			}
		}
	}
}

// TestBuildsAreByteIdentical builds the same program twice: every output
// file must be the same, byte for byte.
func TestBuildsAreByteIdentical(t *testing.T) {
	dir := fixture(t)
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	build(t, os.DirFS(dir), a, committed())
	build(t, os.DirFS(dir), b, committed())
	fa, fb := sitetest.ReadTree(t, a), sitetest.ReadTree(t, b)
	if !slices.Equal(slices.Sorted(keys(fa)), slices.Sorted(keys(fb))) {
		t.Fatalf("the builds hold different files:\n%v\n%v", slices.Sorted(keys(fa)), slices.Sorted(keys(fb)))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between two builds of the same program", name)
		}
	}
}

func keys(m map[string][]byte) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestPagesAskNoThirdPartyAndCarryNoInlineStyles checks every page for its
// Content-Security-Policy, for style attributes or elements (the policy
// forbids them, so colours must come from classes) and for inline scripts,
// and that scripts and stylesheets come from the site itself.
func TestPagesAskNoThirdPartyAndCarryNoInlineStyles(t *testing.T) {
	out, _, _ := site1(t)
	for name, data := range sitetest.ReadTree(t, out) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		csp := false
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				if attr(n, "http-equiv") == "Content-Security-Policy" && strings.Contains(attr(n, "content"), "default-src 'none'") {
					csp = true
				}
				for _, a := range n.Attr {
					if a.Key == "style" {
						t.Errorf("%s: <%s style=%q>: inline styles break the CSP", name, n.Data, a.Val)
					}
					if strings.HasPrefix(a.Key, "on") {
						t.Errorf("%s: <%s %s>: inline event handlers break the CSP", name, n.Data, a.Key)
					}
				}
				switch n.Data {
				case "style":
					t.Errorf("%s: a <style> element breaks the CSP", name)
				case "script", "link", "img", "iframe":
					src := attr(n, "src") + attr(n, "href")
					if n.Data == "script" && src == "" {
						t.Errorf("%s: inline <script> breaks the CSP", name)
					}
					if strings.Contains(src, "//") {
						t.Errorf("%s: <%s> loads %s from another host", name, n.Data, src)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if !csp {
			t.Errorf("%s has no Content-Security-Policy meta tag", name)
		}
	}
}

// TestEvidenceFilesAreCopied checks that each evidence file is in the site
// at its repository path, byte for byte, and that code and evidence are
// highlighted with chroma's classes.
func TestEvidenceFilesAreCopied(t *testing.T) {
	out, p, _ := site1(t)
	n := 0
	for _, e := range p.Evidence {
		if e.File == "" {
			continue
		}
		data := []byte(read(t, out, e.File))
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != e.SHA256 {
			t.Errorf("%s: the copy's sha256 is not the recorded %s", e.File, e.SHA256)
		}
		n++
	}
	if n == 0 {
		t.Fatal("the fixture has no evidence files")
	}
	logging := read(t, out, "controls/ctl-logging/index.html")
	for _, want := range []string{`<div class="highlight"><pre tabindex="0" class="chroma"><code class="language-yaml" data-lang="yaml">`, `<span class="nt">retention_days</span>`} {
		if !strings.Contains(logging, want) {
			t.Errorf("controls/ctl-logging: no chroma classes %q", want)
		}
	}
}

// TestFooterSaysCommitAndDraft checks the build line of every page: the
// commit and its date, and a draft build's warning. The draft build also
// carries history with one change, which DC9 must list.
func TestFooterSaysCommitAndDraft(t *testing.T) {
	out, _, _ := site1(t)
	for _, name := range []string{"index.html", "controls/ctl-mfa/index.html", "print/index.html"} {
		page := read(t, out, name)
		if !strings.Contains(page, `As of commit <code title="`+testCommit+`">0123456789ab</code>, 2026-07-01 07:30 UTC.`) {
			t.Errorf("%s: no commit line in the footer", name)
		}
		if strings.Contains(page, "Draft") {
			t.Errorf("%s: a committed build says draft", name)
		}
	}

	draft := filepath.Join(t.TempDir(), "private")
	opts := committed()
	opts.Draft, opts.History = true, true
	opts.Changes = gather.Changes([]changes.Change{{
		Kind: changes.ControlAdded, ID: "CTL-LOGGING", Title: "Central logging", File: "content/controls/logging.md",
		Commit: &history.Commit{ID: "fedcba9876543210fedcba9876543210fedcba98", Short: "fedcba987654",
			CommitDate: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC), Subject: "Add central logging"},
	}})
	build(t, os.DirFS(fixture(t)), draft, opts)
	for _, name := range []string{"index.html", "registers/risks/index.html"} {
		page := read(t, draft, name)
		if !strings.Contains(page, "Draft — uncommitted changes.") || !strings.Contains(page, `class="draft-banner"`) {
			t.Errorf("%s: a draft build does not say so", name)
		}
	}
	dc9 := read(t, draft, "description/dc9/index.html")
	for _, want := range []string{"Control added: CTL-LOGGING Central logging", "fedcba987654", "2026-03-10", "Add central logging", `href="../../controls/ctl-logging/index.html"`} {
		if !strings.Contains(dc9, want) {
			t.Errorf("DC9 with history lacks %q", want)
		}
	}
	if strings.Contains(dc9, "No history was available") {
		t.Error("DC9 says no history was available although it was")
	}
	if nohist := read(t, out, "description/dc9/index.html"); !strings.Contains(nohist, "No history was available to this build") {
		t.Error("DC9 without history does not say so")
	}
}

// TestPrintViewJoinsEveryPage checks that the print view holds a block for
// each page of the site, the search and print pages aside.
func TestPrintViewJoinsEveryPage(t *testing.T) {
	out, p, _ := site1(t)
	doc := parse(t, out, "print/index.html")
	want := []string{"overview", "description", "description-dc3", "matrix", "matrix-soc2", "matrix-iso27001", "soa",
		"policies", "controls", "registers", "registers-risks", "registers-incidents", "coverage", "gaps"}
	for _, c := range p.Controls {
		want = append(want, "controls-"+strings.ToLower(c.ID))
	}
	for _, pol := range p.Policies {
		want = append(want, "policies-"+strings.ToLower(pol.ID))
	}
	for _, id := range want {
		n := element(t, doc, id)
		if n == nil || !strings.Contains(attr(n, "class"), "print-page") {
			t.Errorf("the print view has no block #%s", id)
		}
	}
	if !strings.Contains(read(t, out, "css/site.css"), "@media print") {
		t.Error("the stylesheet has no print rules")
	}
}

// TestSearchIndexNamesEveryPage checks the index written at build time.
func TestSearchIndexNamesEveryPage(t *testing.T) {
	out, p, _ := site1(t)
	src := read(t, out, "js/search-index.js")
	const prefix = "window.attestSearch = "
	if !strings.HasPrefix(src, prefix) {
		t.Fatalf("search-index.js starts %q", src[:min(40, len(src))])
	}
	var entries []struct{ T, U, S, X string }
	if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimPrefix(src, prefix), ";\n")), &entries); err != nil {
		t.Fatal(err)
	}
	urls := map[string]string{}
	for _, e := range entries {
		urls[e.U] = e.T + " " + e.S + " " + e.X
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(e.U))); err != nil {
			t.Errorf("search entry %q links to a missing page %s", e.T, e.U)
		}
	}
	for _, c := range p.Controls {
		u := "controls/" + strings.ToLower(c.ID) + "/index.html"
		if !strings.Contains(urls[u], c.ID) {
			t.Errorf("the search index has no entry for %s", c.ID)
		}
		for _, e := range c.Evidence {
			if !strings.Contains(urls[u], e.ID) {
				t.Errorf("the search entry of %s does not find its evidence %s", c.ID, e.ID)
			}
		}
	}
}

// TestSearchWorksInABrowser opens the search page from disk in headless
// Chromium with a query: the results must list the matching control, and the
// page must load without console errors (a CSP violation is one).
func TestSearchWorksInABrowser(t *testing.T) {
	chromium := sitetest.Chromium()
	if chromium == "" {
		t.Skip("no Chromium installed")
	}
	out, _, _ := site1(t)
	url := "file://" + filepath.ToSlash(filepath.Join(out, "search", "index.html")) + "?q=backups+restore"
	load, err := sitetest.Visit(context.Background(), chromium, url, 1200, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range load.Console {
		t.Errorf("console: %s", msg)
	}
	results := regexp.MustCompile(`(?s)<ol id="search-results"[^>]*>(.*?)</ol>`).FindStringSubmatch(load.DOM)
	if results == nil || !strings.Contains(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(results[1], ""), "CTL-BACKUPS") || !strings.Contains(results[1], "controls/ctl-backups/index.html") {
		t.Fatalf("searching for backups does not find CTL-BACKUPS: %v", results)
	}
	// The query's words are marked in titles and snippets (issue 15).
	if !strings.Contains(results[1], "<mark>restore</mark>") || !strings.Contains(results[1], "<mark>backups</mark>") {
		t.Errorf("the results do not mark the words searched for: %s", results[1])
	}
}

// TestRebuildShowsAChangedControl rebuilds with `attest serve`'s Builder
// after a control's title changed: its page, the matrix blocks laid out once
// per control and the print view (which reuses the control's body) must all
// show the new title, and the sidebar must still mark the current page.
func TestRebuildShowsAChangedControl(t *testing.T) {
	dir := fixture(t)
	p, r := compiled(t, os.DirFS(dir))
	out := filepath.Join(t.TempDir(), "private")
	b, err := site.NewBuilder(out)
	if err != nil {
		t.Fatal(err)
	}
	spec := func() site.Spec {
		opts := committed()
		opts.Files = gathered(t, os.DirFS(dir), p)
		s := description.Spec(p, r, opts)
		s.Themes = themes.FS()
		return s
	}
	if err := b.Build(context.Background(), spec()); err != nil {
		t.Fatal(err)
	}
	p.Control("CTL-MFA").Title = "Phishing-resistant multi-factor authentication"
	if err := b.Build(context.Background(), spec()); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"controls/ctl-mfa/index.html", "matrix/soc2/index.html", "matrix/iso27001/index.html", "print/index.html"} {
		page := read(t, out, name)
		if !strings.Contains(page, "Phishing-resistant multi-factor authentication") {
			t.Errorf("%s does not show the control's new title after a rebuild", name)
		}
	}
	if page := read(t, out, "gaps/index.html"); !strings.Contains(page, `href="../gaps/index.html" aria-current="page"`) {
		t.Error("after a rebuild the sidebar does not mark the current page")
	}
}

// TestBareType1ProgramBuilds builds a type 1 program with no registers and
// no description text: every page must still render, say what is missing,
// and link correctly; coverage has the single "as of" column.
func TestBareType1ProgramBuilds(t *testing.T) {
	dir := fixture(t)
	for _, name := range []string{"content/registers/registers.toml"} {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.RemoveAll(filepath.Join(dir, "content", "description")); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "config.toml")
	src, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte("report_type = 2"), []byte("report_type = 1\nas_of = 2026-06-30"), 1)
	if err := os.WriteFile(cfg, src, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "private")
	build(t, os.DirFS(dir), out, description.Options{})
	problems, err := sitetest.Links(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	for name, want := range map[string]string{
		"index.html":                     "SOC 2 Type 1, as of 2026-06-30",
		"description/dc3/index.html":     "No text has been written for DC3",
		"description/dc7/index.html":     "No subprocessor is presented as a subservice organization",
		"registers/risks/index.html":     "The risk register is empty",
		"registers/incidents/index.html": "The incident register records no incidents",
		"coverage/index.html":            ">as of 2026-06-30</text>",
		"controls/ctl-mfa/index.html":    "Not built from a git commit",
		"description/dc9/index.html":     "No history was available to this build",
		"description/index.html":         `<span class="badge st-gap">No text written</span>`,
	} {
		if page := read(t, out, name); !strings.Contains(page, want) {
			t.Errorf("%s: no %q", name, want)
		}
	}
}

// TestVersionsShareTheirBodies: builds sharing Memos — as the versions of
// one attest build do — lay each control and policy body out once, through
// the real theme. A second version of the same program (another commit)
// adds no body to what the first kept; one with a retitled policy adds that
// policy's body and those of its controls, whose pages show the title.
func TestVersionsShareTheirBodies(t *testing.T) {
	memos := &site.Memos{}
	version := func(fsys fs.FS, commit string) {
		t.Helper()
		p, r := compiled(t, fsys)
		spec := description.Spec(p, r, description.Options{Files: gathered(t, fsys, p), Out: filepath.Join(t.TempDir(), "private"), Commit: commit, CommitTime: testCommitTime})
		spec.Themes, spec.Memos = themes.FS(), memos
		if err := site.Build(context.Background(), spec); err != nil {
			t.Fatal(err)
		}
	}
	sample := attest.Sample()
	version(sample, testCommit)
	n := memos.Len()
	if n < 58+14 {
		t.Fatalf("%d results kept; the sample has 58 controls and 14 policies", n)
	}
	version(sample, strings.Repeat("f", 40))
	if got := memos.Len(); got != n {
		t.Errorf("a second version of the same program laid out %d bodies again", got-n)
	}
	retitled := fstest.MapFS{}
	err := fs.WalkDir(sample, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(sample, name)
		if name == "policies/acceptable-use.md" {
			data = bytes.Replace(data, []byte(`title = "`), []byte(`title = "Retitled `), 1)
		}
		retitled[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	version(retitled, strings.Repeat("e", 40))
	if got := memos.Len(); got < n+2 {
		t.Errorf("a retitled policy added %d results; want its body and its controls'", got-n)
	}
}
