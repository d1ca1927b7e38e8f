package trustcenter_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/description"
	"github.com/attest-dev/attest/generator/gather"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/public"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/site/sitetest"
	"github.com/attest-dev/attest/generator/status"
	"github.com/attest-dev/attest/themes"
)

// TestLinksResolveOnBothSites builds both sites of a program whose items
// link to each other as they read in the repository — public to public,
// restricted and internal items, to evidence, with #anchors, to a
// description section, a trust page and an update — and show images beside
// a public policy, a public control and an internal policy (issue 13). On
// both sites every link resolves and none leads to a .md file; the public
// one holds nothing of what is not public (SECRETX), and only the images
// public bodies show.
func TestLinksResolveOnBothSites(t *testing.T) {
	dir, _ := fixture(t, "links.txtar")
	res := compile.Compile(os.DirFS(dir), compile.Options{})
	for _, d := range res.Diags.Items() {
		t.Errorf("check: %s", d)
	}
	out := t.TempDir()
	view := buildPublic(t, dir, filepath.Join(out, "public"))
	if data, err := json.Marshal(view); err != nil || bytes.Contains(bytes.ToLower(data), []byte("secretx")) {
		t.Errorf("the public view holds what is not public (%v): %s", err, data)
	}
	buildPrivate(t, dir, filepath.Join(out, "private"), res.Program)

	md := regexp.MustCompile(`(?:href|src)="[^"]*\.md(?:#[^"]*)?"`)
	for _, name := range []string{"public", "private"} {
		problems, err := sitetest.Links(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Errorf("%s: %s", name, p)
		}
		for file, data := range sitetest.ReadTree(t, filepath.Join(out, name)) {
			if m := md.Find(data); m != nil {
				t.Errorf("%s: %s: a link to a Markdown file: %s", name, file, m)
			}
			if name == "public" && (bytes.Contains(bytes.ToLower(data), []byte("secretx")) || strings.Contains(strings.ToLower(file), "secretx")) {
				i := bytes.Index(bytes.ToLower(data), []byte("secretx"))
				t.Errorf("public: %s shows what is not public: …%s…", file, data[max(0, i-80):min(len(data), i+40)])
			}
		}
	}

	exists := func(site, name string, want bool) {
		t.Helper()
		_, err := os.Stat(filepath.Join(out, site, filepath.FromSlash(name)))
		if got := err == nil; got != want {
			t.Errorf("%s: %s exists: %v, want %v", site, name, got, want)
		}
	}
	exists("public", "policies/img/access-arch.png", true)
	exists("public", "content/controls/img/patch-flow.png", true)
	exists("public", "policies/img/rota-secretx.png", false)
	exists("public", "evidence/review-secretx.csv", false)
	exists("private", "policies/img/access-arch.png", true)
	exists("private", "content/controls/img/patch-flow.png", true)
	exists("private", "policies/img/rota-secretx.png", true)

	page := func(site, name string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(out, site, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	pub := page("public", "policies/pol-access/index.html")
	for _, want := range []string{
		`<a href="../../policies/index.html#pol-backup">Backup Policy</a>`,
		`<a href="../../policies/index.html#pol-backup">restore section</a>`,
		"internal handbook. We",
		`<a href="../../controls/ctl-patch/index.html#how-we-patch">patch</a>`,
		`<a href="../../controls/index.html#ctl-mfa">sign in with MFA</a>`,
		"Evidence:\nthe review.",
		`<a href="#scope">scope</a>`,
		"the\nsystem components, our",
		`<a href="../../faq/index.html#questions">FAQ</a>`,
		`<a href="../../updates/2026-05-01-launch/index.html">news</a>`,
		`<a href="../../files/bridge.txt">the bridge letter</a>`,
		`<img src="../../policies/img/access-arch.png" alt="Access architecture" title="How access flows">`,
		`<img src="../../files/logo.png" alt="Static logo">`,
	} {
		if !strings.Contains(pub, want) {
			t.Errorf("public: policies/pol-access/index.html lacks %q", want)
		}
	}
	priv := page("private", "policies/pol-access/index.html")
	for _, want := range []string{
		`href="../../policies/pol-backup/index.html#policies-pol-backup--restore-secretx"`,
		`href="../../policies/pol-handbook/index.html#policies-pol-handbook--on-call-secretx"`,
		`href="../../description/dc3/index.html#description-dc3--infrastructure"`,
		`href="../../evidence/review-secretx.csv"`,
		"our\nFAQ, the news",
		`<img src="../../policies/img/access-arch.png" alt="Access architecture" title="How access flows">`,
	} {
		if !strings.Contains(priv, want) {
			t.Errorf("private: policies/pol-access/index.html lacks %q", want)
		}
	}
}

// buildPrivate builds the system description of p, the program in dir,
// into out, failing the test when hugo logs anything.
func buildPrivate(t testing.TB, dir, out string, p *model.Program) {
	t.Helper()
	spec := description.Spec(p, status.Evaluate(p), description.Options{
		Commit: testCommit, CommitTime: testCommitTime, Files: gathered(t, os.DirFS(dir), p), UserDir: dir, Out: out,
	})
	var log bytes.Buffer
	spec.Themes, spec.Log = themes.FS(), &log
	if err := site.Build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	if log.Len() > 0 {
		t.Errorf("hugo logged for the private site:\n%s", log.String())
	}
}

// gathered reads the evidence files and images of p from fsys, as a build
// does before the description is rendered (gather.Files).
func gathered(tb testing.TB, fsys fs.FS, p *model.Program) map[string]*description.File {
	tb.Helper()
	files, err := gather.Files(context.Background(), p, fsys, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// images reads the images v names from fsys, as a build does before the
// trust center is made (gather.Images).
func images(tb testing.TB, fsys fs.FS, v *public.View) map[string][]byte {
	tb.Helper()
	out, err := gather.Images(fsys, v.Images)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}
