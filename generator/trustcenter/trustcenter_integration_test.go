package trustcenter_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/public"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/site/sitetest"
	"github.com/attest-dev/attest/generator/status"
	"github.com/attest-dev/attest/generator/trustcenter"
	"github.com/attest-dev/attest/themes"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// The commit the fixture builds are dated by.
var (
	testCommit     = "0123456789abcdef0123456789abcdef01234567"
	testCommitTime = time.Date(2026, 7, 1, 9, 30, 0, 0, time.FixedZone("CEST", 2*3600))
)

// fixture writes a txtar program into a fresh folder and returns the folder
// and the archive's text.
func fixture(t testing.TB, name string) (string, []byte) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
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
	return dir, src
}

// buildPublic compiles the program in dir and builds its trust center into out.
func buildPublic(t testing.TB, dir, out string) *public.View {
	t.Helper()
	res := compile.Compile(os.DirFS(dir), compile.Options{})
	var diags strings.Builder
	for _, d := range res.Diags.Items() {
		fmt.Fprintln(&diags, d)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("fixture does not compile:\n%s", diags.String())
	}
	p := res.Program
	// As attest build does: judged at the date of the commit built.
	v := public.Project(p, status.EvaluateWith(p, status.Options{Today: model.NewDate(testCommitTime)}))
	spec, err := trustcenter.Spec(v, trustcenter.Options{
		Commit: testCommit, CommitTime: testCommitTime, Images: images(t, os.DirFS(dir), v),
		Hugo: p.Config.Hugo, UserDir: dir, Out: out,
	})
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	spec.Themes, spec.Log = themes.FS(), &log
	if err := site.Build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	if log.Len() > 0 {
		t.Errorf("hugo logged:\n%s", log.String())
	}
	return v
}

// builtOnce builds the canary fixture's trust center once per test binary.
var builtOnce struct {
	dir, out string
	src      []byte
	view     *public.View
}

func canarySite(t *testing.T) (out string, src []byte) {
	t.Helper()
	if builtOnce.out == "" {
		dir, src := fixture(t, "canary.txtar")
		tmp, err := os.MkdirTemp("", "attest-trustcenter-")
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(tmp, "public")
		builtOnce.view = buildPublic(t, dir, out)
		builtOnce.dir, builtOnce.out, builtOnce.src = tmp, out, src
	}
	return builtOnce.out, builtOnce.src
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtOnce.dir != "" {
		os.RemoveAll(builtOnce.dir)
	}
	os.Exit(code)
}

// TestCanaryNeverReachesThePublicSite builds a program whose every
// restricted and internal field holds the word "canary" and scans every
// byte of every output file for it (without regard to case, so that ids
// lowercased into URLs count too), while every PUBLIC- marker must appear.
func TestCanaryNeverReachesThePublicSite(t *testing.T) {
	out, src := canarySite(t)
	tree := sitetest.ReadTree(t, out)
	if len(tree) < 15 {
		t.Fatalf("only %d files built", len(tree))
	}
	secrets := regexp.MustCompile(`(?i)[a-z0-9-]*canary[a-z0-9-]*`)
	var archive txtarFiles = txtar.Parse(src).Files
	all := archive.text()
	known := map[string]bool{}
	for _, s := range secrets.FindAllString(all, -1) {
		known[strings.ToLower(s)] = true
	}
	if len(known) < 60 {
		t.Fatalf("the fixture holds only %d canaries", len(known))
	}
	for _, name := range slices.Sorted(maps.Keys(tree)) {
		lower := bytes.ToLower(tree[name])
		if i := bytes.Index(lower, []byte("canary")); i >= 0 {
			lo, hi := max(0, i-60), min(len(lower), i+60)
			t.Errorf("%s leaks a restricted or internal value: …%s…", name, tree[name][lo:hi])
		}
		if bytes.Contains(tree[name], []byte("RAW-HTML-IN-PUBLIC-UPDATE")) {
			t.Errorf("%s holds raw HTML from Markdown: raw HTML must be off on the public site", name)
		}
		if strings.Contains(strings.ToLower(name), "canary") {
			t.Errorf("output file name %s leaks a restricted or internal value", name)
		}
	}
	var everything bytes.Buffer
	for _, name := range slices.Sorted(maps.Keys(tree)) {
		everything.Write(tree[name])
	}
	var markers []string
	for _, m := range regexp.MustCompile(`(?:^|[^A-Z-])(PUBLIC-[A-Z0-9-]+)`).FindAllStringSubmatch(all, -1) {
		markers = append(markers, m[1])
	}
	if len(markers) < 15 {
		t.Fatalf("the fixture holds only %d public markers", len(markers))
	}
	for _, m := range markers {
		if !bytes.Contains(everything.Bytes(), []byte(m)) {
			t.Errorf("public item %s is missing from the trust center", m)
		}
	}
}

// TestPublicViewHoldsNoCanary checks the projection itself: what the public
// build is given holds no restricted or internal value, so that no template,
// the program's own included, can show one.
func TestPublicViewHoldsNoCanary(t *testing.T) {
	canarySite(t)
	data, err := json.Marshal(builtOnce.view)
	if err != nil {
		t.Fatal(err)
	}
	if i := bytes.Index(bytes.ToLower(data), []byte("canary")); i >= 0 {
		t.Errorf("the public view holds a restricted or internal value: …%s…", data[max(0, i-80):min(len(data), i+40)])
	}
	if !bytes.Contains(data, []byte("PUBLIC-CONTROL-NARRATIVE")) || !bytes.Contains(data, []byte("PUBLIC-POLICY-BODY")) {
		t.Error("the public view lacks public items in full")
	}
}

type txtarFiles []txtar.File

func (fs txtarFiles) text() string {
	var b strings.Builder
	for _, f := range fs {
		b.Write(f.Data)
	}
	return b.String()
}

// goldenPages are the pages whose normalised text is kept in testdata/golden.
var goldenPages = []string{
	"index.html",
	"frameworks/index.html",
	"frameworks/soc2/index.html",
	"frameworks/mini/index.html",
	"controls/index.html",
	"controls/ctl-mfa/index.html",
	"policies/index.html",
	"policies/pol-access/index.html",
	"subprocessors/index.html",
	"updates/index.html",
	"updates/2026-05-01-mfa/index.html",
	"overview/index.html",
	"trust.json",
	".well-known/security.txt",
	"updates/atom.xml",
	"badges/soc2.svg",
	"badges/mini.svg",
}

var fingerprint = regexp.MustCompile(`\.[0-9a-f]{64}\.css`)

// normalise hides what changes with every stylesheet edit (its fingerprint)
// and blank lines, which templates produce freely.
func normalise(b []byte) []byte {
	b = fingerprint.ReplaceAll(b, []byte(".FINGERPRINT.css"))
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) != "" {
			out = append(out, strings.TrimRight(line, " \t"))
		}
	}
	return []byte(strings.Join(out, "\n") + "\n")
}

func TestGoldenPages(t *testing.T) {
	out, _ := canarySite(t)
	for _, name := range goldenPages {
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		got = normalise(got)
		sitetest.Golden(t, filepath.Join("testdata", "golden", strings.ReplaceAll(strings.TrimPrefix(name, "."), "/", "_")), got, *update)
	}
}

func TestEveryLinkAndAnchorResolves(t *testing.T) {
	out, _ := canarySite(t)
	problems, err := sitetest.Links(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// trustSchema compiles trust.schema.json.
func trustSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	schemaDoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(trustcenter.Schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("trust.schema.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("trust.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return schema
}

func validateTrustJSON(t *testing.T, raw []byte) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := trustSchema(t).Validate(doc); err != nil {
		t.Errorf("trust.json does not match trust.schema.json:\n%v", err)
	}
}

func TestTrustJSONMatchesItsSchema(t *testing.T) {
	out, _ := canarySite(t)
	schema := trustSchema(t)
	raw, err := os.ReadFile(filepath.Join(out, "trust.json"))
	if err != nil {
		t.Fatal(err)
	}
	validateTrustJSON(t, raw)
	published, err := os.ReadFile(filepath.Join(out, "trust.schema.json"))
	if err != nil || !bytes.Equal(published, trustcenter.Schema) {
		t.Errorf("trust.schema.json is not published beside trust.json (%v)", err)
	}

	// The schema must be able to fail: a wrong state and a missing field.
	var bad map[string]any
	if err := json.Unmarshal(raw, &bad); err != nil {
		t.Fatal(err)
	}
	bad["frameworks"].([]any)[0].(map[string]any)["state"] = "certified"
	delete(bad, "evaluated")
	if err := schema.Validate(bad); err == nil {
		t.Error("the schema accepts a wrong state and a missing field")
	}

	var got trustcenter.TrustJSON
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if got.SchemaVersion != trustcenter.SchemaVersion || got.Frameworks[0].State != "report" || got.Frameworks[1].State != "in-progress" {
		t.Errorf("trust.json: version %d, states %s/%s", got.SchemaVersion, got.Frameworks[0].State, got.Frameworks[1].State)
	}
}

func TestSecurityTxtFollowsRFC9116(t *testing.T) {
	out, _ := canarySite(t)
	raw, err := os.ReadFile(filepath.Join(out, ".well-known", "security.txt"))
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string][]string{}
	for _, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, ": ")
		if !ok {
			t.Fatalf("not a field: %q", line)
		}
		fields[k] = append(fields[k], v)
	}
	if got := fields["Contact"]; len(got) != 1 || got[0] != "mailto:security@finch.example" {
		t.Errorf("Contact = %q", got)
	}
	if got := fields["Canonical"]; len(got) != 1 || got[0] != "https://trust.finch.example/.well-known/security.txt" {
		t.Errorf("Canonical = %q", got)
	}
	if got := fields["Policy"]; len(got) != 1 || !strings.HasPrefix(got[0], "https://trust.finch.example/") {
		t.Errorf("Policy = %q", got)
	}
	exp := fields["Expires"]
	if len(exp) != 1 {
		t.Fatalf("Expires = %q: RFC 9116 requires exactly one", exp)
	}
	when, err := time.Parse(time.RFC3339, exp[0])
	if err != nil {
		t.Fatalf("Expires %q is not RFC 3339: %v", exp[0], err)
	}
	if want := testCommitTime.UTC().AddDate(1, 0, -1); !when.Equal(want) {
		t.Errorf("Expires = %s, want a year less a day after the commit (%s)", when, want)
	}
}

func TestAtomFeedOfPublicUpdates(t *testing.T) {
	out, _ := canarySite(t)
	raw, err := os.ReadFile(filepath.Join(out, "updates", "atom.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Entries []struct {
			Title   string `xml:"title"`
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(raw, &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 2 {
		t.Fatalf("%d entries, want the 2 public updates", len(feed.Entries))
	}
	if feed.Updated != "2026-08-01T00:00:00Z" || feed.Entries[0].Updated != feed.Updated {
		t.Errorf("feed updated %s, first entry %s: want the newest update's date", feed.Updated, feed.Entries[0].Updated)
	}
	for _, e := range feed.Entries {
		if !strings.HasPrefix(e.ID, "tag:finch.example,2026:") {
			t.Errorf("entry id %q is not a tag: URI", e.ID)
		}
		if !strings.HasPrefix(e.Link.Href, "https://trust.finch.example/updates/") {
			t.Errorf("entry link %q", e.Link.Href)
		}
	}
	if !strings.Contains(feed.Entries[1].Content, "<p>PUBLIC-UPDATE-BODY") {
		t.Errorf("entry content is not the rendered update: %q", feed.Entries[1].Content)
	}
}

func TestBadgesAreSelfContainedSVG(t *testing.T) {
	out, _ := canarySite(t)
	for name, want := range map[string]string{"soc2": "SOC 2: Type II report 2026-07-01", "mini": "Mini: in progress 2/3"} {
		raw, err := os.ReadFile(filepath.Join(out, "badges", name+".svg"))
		if err != nil {
			t.Fatal(err)
		}
		var svg struct {
			XMLName xml.Name `xml:"http://www.w3.org/2000/svg svg"`
			Label   string   `xml:"aria-label,attr"`
			Title   string   `xml:"title"`
		}
		if err := xml.Unmarshal(raw, &svg); err != nil {
			t.Fatalf("%s.svg: %v", name, err)
		}
		if svg.Label != want || svg.Title != want {
			t.Errorf("%s.svg says %q / %q, want %q", name, svg.Label, svg.Title, want)
		}
		if bytes.Contains(raw, []byte("http://")) && !bytes.Contains(raw, []byte(`xmlns="http://www.w3.org/2000/svg"`)) || bytes.Contains(raw, []byte("https://")) || bytes.Contains(raw, []byte("href")) {
			t.Errorf("%s.svg refers to something outside itself", name)
		}
	}
}

// TestPagesAreSelfContainedAndAccessible checks every page for what the
// trust center promises: a Content-Security-Policy, no script, nothing fetched
// from elsewhere, a language, landmarks, a skip link, one h1 and no skipped
// heading levels.
func TestPagesAreSelfContainedAndAccessible(t *testing.T) {
	out, _ := canarySite(t)
	for name, data := range sitetest.ReadTree(t, out) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var (
			csp, skip, mainID, nav bool
			lang                   string
			h1                     int
			levels                 []int
			problems               []string
		)
		first := true
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				attr := map[string]string{}
				for _, a := range n.Attr {
					attr[a.Key] = a.Val
				}
				switch n.Data {
				case "html":
					lang = attr["lang"]
				case "meta":
					if attr["http-equiv"] == "Content-Security-Policy" && strings.Contains(attr["content"], "default-src 'self'") && strings.Contains(attr["content"], "script-src 'none'") {
						csp = true
					}
				case "script":
					problems = append(problems, "has a <script>")
				case "a":
					if first {
						skip = attr["href"] == "#main"
						first = false
					}
				case "main":
					mainID = attr["id"] == "main"
				case "nav":
					nav = nav || attr["aria-label"] != "" || attr["aria-labelledby"] != ""
				case "h1", "h2", "h3", "h4", "h5", "h6":
					level := int(n.Data[1] - '0')
					if level == 1 {
						h1++
					}
					if len(levels) > 0 && level > levels[len(levels)-1]+1 {
						problems = append(problems, fmt.Sprintf("heading h%d follows h%d", level, levels[len(levels)-1]))
					}
					levels = append(levels, level)
				}
				for _, key := range []string{"src", "href"} {
					v := attr[key]
					if (n.Data == "link" || n.Data == "img" || n.Data == "script" || n.Data == "source") && (strings.HasPrefix(v, "http") || strings.HasPrefix(v, "//")) {
						problems = append(problems, fmt.Sprintf("<%s> fetches %s from another site", n.Data, v))
					}
				}
				for k := range attr {
					if strings.HasPrefix(k, "on") || k == "style" {
						problems = append(problems, fmt.Sprintf("<%s> has an inline %s attribute", n.Data, k))
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if !csp {
			problems = append(problems, "no Content-Security-Policy meta tag")
		}
		if lang == "" {
			problems = append(problems, "no lang on <html>")
		}
		if !skip {
			problems = append(problems, "the first link is not a skip link to #main")
		}
		if !mainID || !nav {
			problems = append(problems, "missing <main id=main> or a labelled <nav>")
		}
		if h1 != 1 {
			problems = append(problems, fmt.Sprintf("%d h1 elements", h1))
		}
		for _, p := range problems {
			t.Errorf("%s: %s", name, p)
		}
	}
}

func TestSameCommitGivesIdenticalOutput(t *testing.T) {
	out, _ := canarySite(t)
	dir, _ := fixture(t, "canary.txtar")
	again := filepath.Join(t.TempDir(), "public")
	buildPublic(t, dir, again)
	a, b := sitetest.ReadTree(t, out), sitetest.ReadTree(t, again)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two builds of the same program", name)
		}
	}
}

func TestTrustPageMayNotTakeAReservedName(t *testing.T) {
	v := &public.View{Title: "T", Pages: []public.Page{{Slug: "policies", Title: "Our policies"}}}
	_, err := trustcenter.Spec(v, trustcenter.Options{Out: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "rename content/trust/policies.md") {
		t.Errorf("err = %v", err)
	}
}

// TestSummaryProgressPublishesNoCounts builds the canary program with
// [trust] progress = "summary" (the default): while a framework is in
// progress, no page, badge or trust.json says how many criteria are met or
// what state any control is in — nothing can show as operating before the
// audit is done — and trust.json still matches its schema (issue 12).
func TestSummaryProgressPublishesNoCounts(t *testing.T) {
	dir, _ := fixture(t, "canary.txtar")
	config := filepath.Join(dir, "config.toml")
	src, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(config, bytes.Replace(src, []byte(`progress = "detailed"`), []byte(`progress = "summary"`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	buildPublic(t, dir, out)
	tree := sitetest.ReadTree(t, out)
	// SOC 2's report is issued, so its card keeps its counts; Mini is in
	// progress (2 of 3 criteria met), so the controls' states are hidden too.
	for _, name := range slices.Sorted(maps.Keys(tree)) {
		counted := []string{"controls operating", "evidenced", "2 of 3", "2/3"}
		if name == "frameworks/mini/index.html" || strings.HasPrefix(name, "controls/") {
			counted = append(counted, "criteria met", "mark mark-")
		}
		for _, c := range counted {
			if bytes.Contains(tree[name], []byte(c)) {
				t.Errorf("%s says %q with summary progress", name, c)
			}
		}
	}
	if !bytes.Contains(tree["frameworks/mini/index.html"], []byte("In progress")) || !bytes.Contains(tree["badges/mini.svg"], []byte("in progress")) {
		t.Error("the framework in progress is not shown as in progress")
	}
	var trust struct {
		Progress   string
		Frameworks []map[string]any
		Controls   map[string]any
	}
	if err := json.Unmarshal(tree["trust.json"], &trust); err != nil {
		t.Fatal(err)
	}
	if trust.Progress != "summary" || trust.Controls["states"] != nil {
		t.Errorf("trust.json: progress %q, control states %v", trust.Progress, trust.Controls["states"])
	}
	for _, f := range trust.Frameworks {
		if _, counted := f["criteria_met"]; counted != (f["state"] != "in-progress") {
			t.Errorf("trust.json framework %v: criteria_met given = %v", f["id"], counted)
		}
	}
	validateTrustJSON(t, tree["trust.json"])
}

// TestLinksBetweenFilesReachPages: links written between the program's
// files, as they read in the repository, lead to the pages and rows the
// trust center shows their targets at; to anything it does not show, they
// are text (issue 13).
func TestLinksBetweenFilesReachPages(t *testing.T) {
	out, _ := canarySite(t)
	tree := sitetest.ReadTree(t, out)
	md := regexp.MustCompile(`(?:href|src)="[^"]*\.md(?:#[^"]*)?"`)
	for name, data := range tree {
		if m := md.Find(data); m != nil {
			t.Errorf("%s: %s: a link to a Markdown file", name, m)
		}
	}
	page := string(tree["policies/pol-access/index.html"])
	for _, want := range []string{
		`<a href="../../policies/index.html#pol-backup">the backup policy</a>`,
		`<a href="../../controls/ctl-mfa/index.html">the MFA control</a>`,
		`<a href="../../overview/index.html#questions">the questions</a>`,
		"repository: the internal notes,\nthe same, its scope, the evidence,",
		"the internal control, the description\n",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("policies/pol-access/index.html lacks %q", want)
		}
	}
}

// TestExceptionsAreNotCountedAsOperating: the home page's "N of M controls
// operating" counts the controls operating with no exception noted, and
// names those with exceptions apart, as trust.json's control states and
// attest status do.
func TestExceptionsAreNotCountedAsOperating(t *testing.T) {
	dir, _ := fixture(t, "canary.txtar")
	evidence := filepath.Join(dir, "content", "evidence", "evidence.toml")
	src, err := os.ReadFile(evidence)
	if err != nil {
		t.Fatal(err)
	}
	// The restricted control's evidence notes an exception.
	pass := []byte("result = \"pass\"\ncollector = \"CANARY-EVIDENCE-URL-COLLECTOR\"")
	if !bytes.Contains(src, pass) {
		t.Fatal("the fixture's evidence of CTL-BACKUPS has changed")
	}
	src = bytes.Replace(src, pass, []byte("result = \"exception\"\ncollector = \"CANARY-EVIDENCE-URL-COLLECTOR\""), 1)
	if err := os.WriteFile(evidence, src, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	v := buildPublic(t, dir, out)
	tree := sitetest.ReadTree(t, out)
	var trust struct {
		Controls struct {
			Listed int
			States map[string]int
		}
	}
	if err := json.Unmarshal(tree["trust.json"], &trust); err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, c := range v.Controls {
		states[c.State]++
	}
	if states["operating"] != 1 || states["exception"] != 1 || len(v.Controls) != 2 {
		t.Fatalf("the fixture's controls are %v, want one operating and one with an exception", states)
	}
	if !maps.Equal(trust.Controls.States, states) {
		t.Errorf("trust.json control states %v, want %v", trust.Controls.States, states)
	}
	glance := regexp.MustCompile(`<span class="stat">(\d+) of (\d+)</span> controls operating(, (\d+) with exceptions noted)?<`).FindSubmatch(tree["index.html"])
	if glance == nil {
		t.Fatal("the home page does not say how many controls operate")
	}
	if got, want := fmt.Sprintf("%s of %s, %s with exceptions", glance[1], glance[2], glance[4]), "1 of 2, 1 with exceptions"; got != want {
		t.Errorf("home page: %s; want %s", got, want)
	}
}
