package description

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/attest-dev/attest"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
)

func sampleSpec(t *testing.T, opts Options) (*model.Program, *status.Report, site.Spec) {
	t.Helper()
	res := compile.Compile(attest.Sample(), compile.Options{})
	if res.Diags.HasErrors() {
		t.Fatalf("the sample program does not compile: %v", res.Diags.Items())
	}
	r := status.Evaluate(res.Program)
	opts.Files = readFiles(t, attest.Sample(), res.Program)
	return res.Program, r, Spec(res.Program, r, opts)
}

// readFiles reads the evidence files and images of p from fsys, with their
// blob ids, as gather.Files does (which this package's own tests cannot
// import: gather imports description).
func readFiles(t *testing.T, fsys fs.FS, p *model.Program) map[string]*File {
	t.Helper()
	out := map[string]*File{}
	names := Images(p)
	for _, e := range p.Evidence {
		names = append(names, e.File)
	}
	for _, name := range names {
		if data, err := fs.ReadFile(fsys, name); err == nil && name != "" {
			out[name] = &File{Data: data, ID: gitfs.BlobID(data)}
		}
	}
	return out
}

func page(t *testing.T, spec site.Spec, path string) site.Page {
	t.Helper()
	for _, p := range spec.Pages {
		if p.Path == path {
			return p
		}
	}
	t.Fatalf("no page %s", path)
	return site.Page{}
}

// TestSpecIsDeterministic renders the sample's spec twice: the pages, data
// and files must encode the same.
func TestSpecIsDeterministic(t *testing.T) {
	_, _, a := sampleSpec(t, Options{Commit: "abc"})
	_, _, b := sampleSpec(t, Options{Commit: "abc"})
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Error("two specs of the same program differ")
	}
}

// TestSpecHasEveryPage checks the page set: one page per policy and per
// control, the nine DC points, a matrix per framework in scope, the SoA
// (ISO 27001 is in the sample's scope), registers and tools; and that every
// evidence file is copied under its own path.
func TestSpecHasEveryPage(t *testing.T) {
	p, _, spec := sampleSpec(t, Options{})
	want := []string{"_index.md", "description/_index.md", "matrix/_index.md", "matrix/soc2.md", "matrix/iso27001.md",
		"soa.md", "policies/_index.md", "controls/_index.md", "registers/_index.md", "registers/risks.md",
		"registers/vendors.md", "registers/subprocessors.md", "registers/assets.md", "registers/incidents.md",
		"coverage.md", "gaps.md", "print.md", "search.md"}
	for i := 1; i <= 9; i++ {
		want = append(want, "description/dc"+itoa(i)+".md")
	}
	for _, pol := range p.Policies {
		want = append(want, "policies/"+site.Slug(pol.ID)+".md")
	}
	for _, c := range p.Controls {
		want = append(want, "controls/"+site.Slug(c.ID)+".md")
	}
	for _, path := range want {
		page(t, spec, path)
	}
	if len(spec.Pages) != len(want) {
		t.Errorf("%d pages, want %d", len(spec.Pages), len(want))
	}
	for _, e := range p.Evidence {
		if e.File == "" {
			continue
		}
		if _, ok := spec.Files[e.File]; !ok {
			t.Errorf("evidence file %s is not copied", e.File)
		}
	}
	if spec.Theme != Theme {
		t.Errorf("theme %q, want %q", spec.Theme, Theme)
	}
}

// TestNoSoAWithoutISO checks that a program without ISO 27001 in scope has
// no Statement of Applicability.
func TestNoSoAWithoutISO(t *testing.T) {
	res := compile.Compile(attest.Sample(), compile.Options{})
	p := res.Program
	p.Config.Audit.Frameworks = []string{"soc2"}
	spec := Spec(p, status.Evaluate(p), Options{})
	for _, pg := range spec.Pages {
		if pg.Path == "soa.md" || pg.Path == "matrix/iso27001.md" {
			t.Errorf("%s is built although ISO 27001 is not in scope", pg.Path)
		}
	}
}

// TestChangesAreNeverMadeUp checks DC9: without history it lists nothing
// and says so; the theme reads the flag.
func TestChangesAreNeverMadeUp(t *testing.T) {
	_, _, spec := sampleSpec(t, Options{})
	dc9 := page(t, spec, "description/dc9.md").Params.(*SectionPage)
	if dc9.History || len(dc9.Changes) != 0 {
		t.Errorf("DC9 without history: history=%v changes=%v", dc9.History, dc9.Changes)
	}
}

// TestLinksCarryURLAndPrintTarget checks that newLink gives a link the URL
// of its page (and fragment) and its block in the print view, and a link
// without a page neither.
func TestLinksCarryURLAndPrintTarget(t *testing.T) {
	for _, tc := range []struct {
		ref, frag    string
		href, target string
	}{
		{"/controls/ctl-mfa", "", "/controls/ctl-mfa/index.html", "controls-ctl-mfa"},
		{"/registers/risks", "registers-risks-risk-1", "/registers/risks/index.html#registers-risks-risk-1", "registers-risks-risk-1"},
		{"/", "", "/index.html", "overview"},
		{"", "", "", ""},
		{"", "orphan", "", ""},
	} {
		got := newLink(tc.ref, tc.frag)
		if got.Ref != tc.ref || got.Frag != tc.frag || got.Href != tc.href || got.Target != tc.target {
			t.Errorf("newLink(%q, %q) = %+v, want href %q target %q", tc.ref, tc.frag, got, tc.href, tc.target)
		}
	}
}

func TestSlugsStayApart(t *testing.T) {
	b := &builder{slugs: map[string]bool{}}
	got := []string{b.uniqueRef("controls", "CTL-A"), b.uniqueRef("controls", "ctl_a"), b.uniqueRef("controls", "Ctl A"), b.uniqueRef("controls", "A.5.1"), b.uniqueRef("controls", "--")}
	want := []string{"/controls/ctl-a", "/controls/ctl-a-2", "/controls/ctl-a-3", "/controls/a.5.1", "/controls/item"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ref %d: %s, want %s", i, got[i], want[i])
		}
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("line\n", snippetLines+5)
	for _, tc := range []struct {
		name, in, want string
		truncated, ok  bool
	}{
		{"short text", "a,b\n1,2\n", "a,b\n1,2\n", false, true},
		{"many lines", long, strings.Repeat("line\n", snippetLines), true, true},
		{"binary", "PK\x03\x04\x00\x00", "", false, false},
		{"empty", "", "", false, false},
		{"not utf-8", "\xff\xfe\xfd", "", false, false},
		{"long line cut at a line boundary", "first\n" + strings.Repeat("x", snippetBytes), "first\n", true, true},
	} {
		got, truncated, ok := snippet([]byte(tc.in))
		if got != tc.want || truncated != tc.truncated || ok != tc.ok {
			t.Errorf("%s: got %q %v %v, want %q %v %v", tc.name, got, truncated, ok, tc.want, tc.truncated, tc.ok)
		}
	}
}

func TestHighlightUsesClasses(t *testing.T) {
	got := newHighlighter().highlight("a: 1\n", "yaml")
	for _, want := range []string{`<div class="highlight"><pre tabindex="0" class="chroma"><code class="language-yaml" data-lang="yaml">`, `<span class="nt">a</span>`} {
		if !strings.Contains(got, want) {
			t.Errorf("highlight: no %q in %s", want, got)
		}
	}
	if strings.Contains(got, "style=") {
		t.Errorf("highlight writes inline styles: %s", got)
	}
	if got := newHighlighter().highlight("<b>&</b>\n", "text"); strings.Contains(got, "<b>") {
		t.Errorf("highlight does not escape: %s", got)
	}
}

func TestRiskBand(t *testing.T) {
	for score, want := range map[int]string{1: "low", 4: "low", 5: "medium", 9: "medium", 10: "high", 12: "high", 15: "critical", 25: "critical"} {
		if got := riskBand(score); got != want {
			t.Errorf("riskBand(%d) = %s, want %s", score, got, want)
		}
	}
}

// TestShortIDIsGitfsShortID: the description shows commit ids as every
// other output does, without importing gitfs.
func TestShortIDIsGitfsShortID(t *testing.T) {
	for _, id := range []string{"", "abc", "0123456789abcdef0123456789abcdef01234567"} {
		if got, want := shortID(id), gitfs.ShortID(id); got != want {
			t.Errorf("shortID(%q) = %q, gitfs says %q", id, got, want)
		}
	}
}
