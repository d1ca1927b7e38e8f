package build

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attest-dev/attest"
	"github.com/attest-dev/attest/generator/gitfs/gittest"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/site/sitetest"
)

// sampleRepoAt is the sample program committed to a new repository at date.
func sampleRepoAt(t testing.TB, date string) (*gittest.Repo, string) {
	t.Helper()
	r := gittest.New(t)
	r.WriteFS(attest.Sample())
	r.Write(".gitignore", "/public/\n/private/\n")
	return r, r.Commit(date, "Northwind Ledger compliance program")
}

// buildProgram builds the program in the git work tree dir (only one site,
// or both with ""), as attest build does, and returns what it wrote to stderr.
func buildProgram(t *testing.T, dir, only string) (Result, string, error) {
	t.Helper()
	var stderr bytes.Buffer
	res, err := Build(context.Background(), Options{Dir: dir, FS: os.DirFS(dir), Root: dir, Only: only, Stderr: &stderr})
	return res, stderr.String(), err
}

// TestBuildTheEmbeddedSample builds the embedded sample, which has no
// history, through the package alone: both sites land in the [outputs]
// folders under Root, every link resolves, and the build is quiet.
func TestBuildTheEmbeddedSample(t *testing.T) {
	root := t.TempDir()
	var stderr bytes.Buffer
	res, err := Build(context.Background(), Options{FS: attest.Sample(), Root: root, Stderr: &stderr})
	if err != nil {
		t.Fatalf("Build: %v\n%s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	for site, page := range map[string]string{"public": "index.html", "private": "latest/index.html"} {
		out := res.Outs[site]
		if want := filepath.Join(root, site); out != want {
			t.Errorf("%s output %s, want %s", site, out, want)
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(page))); err != nil {
			t.Errorf("%s: %v", site, err)
		}
		broken, err := sitetest.Links(out)
		if err != nil {
			t.Fatal(err)
		}
		if len(broken) > 0 {
			t.Errorf("%s: broken links:\n%s", site, strings.Join(broken, "\n"))
		}
	}
	if res.Reused != 0 {
		t.Errorf("reused %d versions, want none: there are no tags", res.Reused)
	}
}

// TestDescribeACommit describes an earlier commit alone, whatever the work
// tree holds now: its date, its evaluation day and its pages, with no
// version switcher.
func TestDescribeACommit(t *testing.T) {
	r, first := sampleRepoAt(t, "2026-01-10T10:00:00Z")
	r.Edit("policies/acceptable-use.md", `title = "`, `title = "Second `)
	r.Commit("2026-02-01T10:00:00Z", "Retitle the acceptable use policy")
	r.Edit("policies/acceptable-use.md", `title = "Second `, `title = "Uncommitted `)
	h, err := history.Load(context.Background(), r.Dir, history.Options{Paths: layout.Sources})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	work := t.TempDir()
	out := filepath.Join(work, "site")
	var stderr bytes.Buffer
	d, err := Describe(context.Background(), h, first, DescribeOptions{Dir: r.Dir, Work: work, Out: out, Stderr: &stderr})
	if err != nil {
		t.Fatalf("Describe: %v\n%s", err, stderr.String())
	}
	if d.Commit != first || d.Time.Format("2006-01-02") != "2026-01-10" || d.Report.Evaluated.String() != "2026-01-10" {
		t.Errorf("described %s of %s, evaluated %s; want %s of 2026-01-10", d.Commit, d.Time, d.Report.Evaluated, first)
	}
	site := sitetest.ReadTree(t, out)
	if len(site) < 100 {
		t.Fatalf("only %d files described", len(site))
	}
	titled := 0
	for name, data := range site {
		if bytes.Contains(data, []byte("Second Acceptable")) || bytes.Contains(data, []byte("Uncommitted Acceptable")) {
			t.Errorf("%s holds a later title", name)
		}
		if bytes.Contains(data, []byte("Acceptable Use Policy")) {
			titled++
		}
	}
	if titled == 0 {
		t.Error("no page holds the policy's title at the commit")
	}
}

// TestBuildRefusesAProgramWithErrors: a program with errors builds
// nothing, and says so with a ProblemsError, its diagnostics on Stderr.
func TestBuildRefusesAProgramWithErrors(t *testing.T) {
	r, _ := sampleRepoAt(t, "2026-07-01T12:00:00+02:00")
	r.Edit("config.toml", `frameworks = ["soc2", "iso27001"]`, `frameworks = ["soc2", "iso2701"]`)
	res, stderr, err := buildProgram(t, r.Dir, "")
	var pe *ProblemsError
	if !errors.As(err, &pe) || pe.Msg != "the program has errors; nothing was built" {
		t.Fatalf("Build: %v (%T), want a ProblemsError", err, err)
	}
	if !strings.Contains(stderr, `unknown framework "iso2701"`) || res.Outs != nil {
		t.Errorf("stderr %q, outputs %v", stderr, res.Outs)
	}
}

// TestVersionsShareOnlyWhatIsTheSame builds versions that differ in a
// policy's title (shown on its controls' pages), a control's narrative and
// a new policy (which changes what Markdown links resolve to), once with
// the versions sharing the bodies the theme lays out once (site.Memos) and
// once without: the outputs are the same, byte for byte.
func TestVersionsShareOnlyWhatIsTheSame(t *testing.T) {
	r, _ := sampleRepoAt(t, "2026-01-10T10:00:00Z")
	r.Tag("2026-01-11T10:00:00Z", "audit/v1", "First")
	r.Edit("policies/acceptable-use.md", `title = "`, `title = "Second `)
	r.Commit("2026-02-01T10:00:00Z", "Retitle the acceptable use policy")
	r.Tag("2026-02-02T10:00:00Z", "audit/v2", "Second")
	r.Edit("content/controls/mfa.md", "+++\n\n", "+++\n\nEnforced for every account since February.\n\n")
	r.Write("policies/travel.md", "+++\nid = \"POL-TRAVEL\"\ntitle = \"Travel Policy\"\nowner = \"CISO\"\nstatus = \"approved\"\neffective = 2026-03-01\nreview_cycle = \"12 months\"\napprovers = [\"CEO\"]\n+++\n\nLaptops travel encrypted; see the [access policy](access-control.md).\n")
	r.Commit("2026-03-01T10:00:00Z", "A travel policy; MFA narrative")
	r.Tag("2026-03-02T10:00:00Z", "audit/v3", "Third")
	r.Edit("policies/acceptable-use.md", `title = "Second `, `title = "Third `)
	r.Commit("2026-04-01T10:00:00Z", "Retitle it again")

	build := func(share bool) map[string][]byte {
		t.Helper()
		dir := filepath.Join(t.TempDir(), "program")
		if out, err := exec.Command("git", "clone", "-q", r.Dir, dir).CombinedOutput(); err != nil {
			t.Fatalf("git clone: %v\n%s", err, out)
		}
		defer func(was bool) { shareMemos = was }(shareMemos)
		shareMemos = share
		if _, stderr, err := buildProgram(t, dir, "private"); err != nil {
			t.Fatalf("build (sharing %v): %v\n%s", share, err, stderr)
		}
		return sitetest.ReadTree(t, filepath.Join(dir, "private"))
	}
	shared, apart := build(true), build(false)
	if len(apart) < 4*100 {
		t.Fatalf("only %d files built: the versions are missing", len(apart))
	}
	sitetest.SameTree(t, "versions sharing bodies against versions built apart", shared, apart)
}
