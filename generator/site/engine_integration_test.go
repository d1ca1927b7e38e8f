package site

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/attest-dev/attest/generator/site/sitetest"
)

// TestBuildWithoutStaticFolders builds with a theme that has no static/
// folder and a program that has none either.
func TestBuildWithoutStaticFolders(t *testing.T) {
	spec := testSpec(t)
	themes := fstest.MapFS{}
	for name, f := range testThemes().(fstest.MapFS) {
		if !strings.HasPrefix(name, "demo/static/") {
			themes[name] = f
		}
	}
	spec.Themes = themes
	spec.UserDir = t.TempDir()
	spec.Out = filepath.Join(t.TempDir(), "public")
	if err := Build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	if page := read(t, filepath.Join(spec.Out, "policies", "access", "index.html")); !strings.Contains(page, "Access Policy") {
		t.Errorf("policies/access:\n%s", page)
	}
}

// TestRebuildAddsSeveralPagesInOneSection adds two pages to one section,
// and one to a new section, in a single in-place rebuild: every one of them
// must be rendered, and listed on its section, as a fresh build does.
func TestRebuildAddsSeveralPagesInOneSection(t *testing.T) {
	ctx := context.Background()
	b := liveBuilder(t)
	spec := testSpec(t)
	if err := b.Build(ctx, spec); err != nil {
		t.Fatal(err)
	}
	spec.Pages = append(spec.Pages,
		Page{Path: "policies/crypto.md", Title: "Crypto Policy"},
		Page{Path: "policies/logging.md", Title: "Logging Policy"},
		Page{Path: "policies/vendors.md", Title: "Vendor Policy"},
		Page{Path: "controls/_index.md", Title: "Controls"},
		Page{Path: "controls/mfa.md", Title: "MFA"},
	)
	if err := b.Build(ctx, spec); err != nil {
		t.Fatal(err)
	}
	sameAsFresh(t, b, spec)
}

// sameAsFresh compares what b built of spec with a fresh build of it.
func sameAsFresh(t *testing.T, b *Builder, spec Spec) {
	t.Helper()
	fresh := spec
	fresh.Out = filepath.Join(t.TempDir(), "fresh")
	if err := Build(context.Background(), fresh); err != nil {
		t.Fatal(err)
	}
	if d := sitetest.DiffTrees(sitetest.ReadTree(t, b.Dir()), sitetest.ReadTree(t, fresh.Out)); d != "" {
		t.Errorf("rebuild differs from a fresh build:\n%.3000s", d)
	}
}

// TestManyTemplateErrorsFailTheBuild renders a broken template on many
// pages, fresh and in place. Hugo v0.165 stops collecting errors after ten
// and its renderers then block: the build must end with the error instead.
func TestManyTemplateErrorsFailTheBuild(t *testing.T) {
	ctx := context.Background()
	spec := testSpec(t)
	for i := range 300 {
		spec.Pages = append(spec.Pages, Page{Path: fmt.Sprintf("policies/p%02d.md", i), Title: fmt.Sprintf("Policy %d", i)})
	}
	b := liveBuilder(t)
	if err := b.Build(ctx, spec); err != nil {
		t.Fatal(err)
	}
	broken := fstest.MapFS{}
	for name, f := range testThemes().(fstest.MapFS) {
		broken[name] = f
	}
	broken["demo/layouts/page.html"] = &fstest.MapFile{Data: []byte(`{{ define "main" }}{{ .NoSuchMethod }}{{ end }}`)}
	for _, tc := range []struct {
		name  string
		build func(Spec) error
	}{
		// Whether Hugo hangs is a race: try a few times.
		{"fresh", func(s Spec) error {
			for range 3 {
				if err := Build(ctx, s); err == nil || !strings.Contains(err.Error(), "NoSuchMethod") {
					return err
				}
			}
			return Build(ctx, s)
		}},
		{"builder", func(s Spec) error { return b.Build(ctx, s) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := spec
			s.Themes = broken
			s.Out = filepath.Join(t.TempDir(), "public")
			done := make(chan error, 1)
			go func() { done <- tc.build(s) }()
			select {
			case err := <-done:
				if err == nil || !errors.Is(err, errTooManyRenderErrors) && !strings.Contains(err.Error(), "NoSuchMethod") {
					t.Errorf("err = %v, want the template error", err)
				}
			case <-time.After(60 * time.Second):
				t.Fatal("the build hung on many template errors")
			}
		})
	}
}

// TestPlanSaysWhatBuildWillDo asks a Builder how it would render a spec:
// in place with the pages changed, or afresh when a page went away or
// settings changed; the Build that follows renders the planned spec.
func TestPlanSaysWhatBuildWillDo(t *testing.T) {
	ctx := context.Background()
	b := liveBuilder(t)
	spec := testSpec(t)
	if _, ok, err := b.Plan(spec); ok || err != nil {
		t.Errorf("before the first build: ok %v, err %v; want a fresh build", ok, err)
	}
	if err := b.Build(ctx, spec); err != nil {
		t.Fatal(err)
	}
	spec.Pages = append(spec.Pages[:len(spec.Pages):len(spec.Pages)], Page{Path: "policies/crypto.md", Title: "Crypto Policy"})
	spec.Pages[2].Title = "Access Control Policy"
	if n, ok, err := b.Plan(spec); n != 2 || !ok || err != nil {
		t.Errorf("one page changed, one added: n %d, ok %v, err %v", n, ok, err)
	}
	if err := b.Build(ctx, spec); err != nil {
		t.Fatal(err)
	}
	if page := read(t, filepath.Join(b.Dir(), "policies", "access", "index.html")); !strings.Contains(page, "Access Control Policy") {
		t.Errorf("the planned change was not rendered:\n%s", page)
	}
	removed := spec
	removed.Pages = spec.Pages[:len(spec.Pages)-1]
	if _, ok, _ := b.Plan(removed); ok {
		t.Error("a removed page planned in place")
	}
	renamed := spec
	renamed.Title = "Renamed"
	if _, ok, _ := b.Plan(renamed); ok {
		t.Error("a new title planned in place")
	}
}

// TestRebuildChangesSeveralPages changes several pages in one in-place
// rebuild — some shorter, some longer, in one section and in several, with
// the site data — and compares every file with a fresh build. Hugo v0.165,
// told of two changed files of one folder at once, reads only the first
// again: the other rendered its new text with its old text's parse (cut,
// shifted, padded with NUL). Pages are leaf bundles (contentPath) for that.
func TestRebuildChangesSeveralPages(t *testing.T) {
	long := strings.Repeat("Backups run nightly and are kept for thirty days.\n\n", 60)
	tests := []struct {
		name   string
		change func(spec *Spec)
	}{
		{"two pages of one section", func(spec *Spec) {
			spec.Pages[2].Body += "More.\n"
			spec.Pages[3].Body = "## Purpose\n\n" + long
		}},
		{"two pages of a folder without a section page", func(spec *Spec) {
			spec.Pages[4].Body = "Short.\n"
			spec.Pages[5].Body += "More.\n"
		}},
		{"many pages of one section", func(spec *Spec) {
			for i := 6; i < len(spec.Pages); i++ {
				spec.Pages[i].Body = fmt.Sprintf("Policy %d, shorter.\n", i)
			}
			spec.Pages[3].Body = "## Purpose\n\n" + long
		}},
		{"section page and page", func(spec *Spec) {
			spec.Pages[1].Body += "More.\n"
			spec.Pages[3].Body = "## Purpose\n\n" + long
		}},
		{"pages of two sections, params and data", func(spec *Spec) {
			spec.Pages[0].Body += "More.\n"
			spec.Pages[2].Params = map[string]any{"mark": "retired", "revisions": strings.Repeat("r", 300)}
			spec.Pages[3].Body = "## Purpose\n\n" + long
			spec.Pages[4].Body = "Short.\n"
			spec.Data = map[string]any{"org": "Example Org Group"}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			b := liveBuilder(t)
			spec := testSpec(t)
			// A list page reading each page's plain text, as search pages do.
			themes := testThemes().(fstest.MapFS)
			themes["demo/layouts/section.html"] = &fstest.MapFile{Data: []byte(`{{ define "main" }}{{ range .Pages }}<p>{{ .Plain | truncate 40 }}</p>{{ end }}{{ end }}`)}
			spec.Themes = themes
			spec.Pages = append(spec.Pages,
				Page{Path: "controls/mfa.md", Title: "MFA", Body: "Every account.\n\n" + long},
				Page{Path: "controls/sso.md", Title: "SSO", Body: "Every application.\n\n" + long})
			for i := range 6 {
				spec.Pages = append(spec.Pages, Page{Path: fmt.Sprintf("policies/p%d.md", i), Title: fmt.Sprintf("Policy %d", i), Body: long})
			}
			spec.Pages[3].Body = "## Purpose of this policy\n\n" + long
			if err := b.Build(ctx, spec); err != nil {
				t.Fatal(err)
			}
			spec.Pages = slices.Clone(spec.Pages)
			tc.change(&spec)
			if _, ok, err := b.Plan(spec); err != nil || !ok {
				t.Fatalf("plan: in place %v, %v", ok, err)
			}
			if err := b.Build(ctx, spec); err != nil {
				t.Fatal(err)
			}
			sameAsFresh(t, b, spec)
		})
	}
}

// TestRebuildEncodesOnlyChangedPages gives a Builder the same page values
// again, and equal ones, which it must not encode again, and pages with new
// params, title or body, which it must encode and render: a reused encoding
// of a changed page would leave its old output served.
func TestRebuildEncodesOnlyChangedPages(t *testing.T) {
	ctx := context.Background()
	b := liveBuilder(t)
	spec := testSpec(t)
	if err := b.Build(ctx, spec); err != nil {
		t.Fatal(err)
	}
	if b.encoded != len(spec.Pages) {
		t.Errorf("first build encoded %d pages, want all %d", b.encoded, len(spec.Pages))
	}
	if err := b.Build(ctx, spec); err != nil {
		t.Fatal(err)
	}
	if b.encoded != 0 {
		t.Errorf("the same pages given again: %d encoded, want 0", b.encoded)
	}

	access := func() string { return read(t, filepath.Join(b.Dir(), "policies", "access", "index.html")) }
	backup := func() string { return read(t, filepath.Join(b.Dir(), "policies", "backup", "index.html")) }
	steps := []struct {
		name    string
		edit    func(s *Spec)
		encoded int
		check   func() string // the output that must show the change
		want    string
	}{
		{"new params, equal values", func(s *Spec) {
			s.Pages[2].Params = map[string]any{"mark": "approved"}
		}, 0, access, `<p id="mark">approved</p>`},
		{"new params, new values", func(s *Spec) {
			s.Pages[2].Params = map[string]any{"mark": "retired"}
		}, 1, access, `<p id="mark">retired</p>`},
		{"same params, new title", func(s *Spec) {
			s.Pages[3].Title = "Backup and Restore Policy"
		}, 1, backup, "<h1>Backup and Restore Policy</h1>"},
		{"same params, new body", func(s *Spec) {
			s.Pages[3].Body = "Hourly.\n"
		}, 1, backup, "<p>Hourly.</p>"},
		{"pages copied into a new slice", func(s *Spec) {
			s.Pages = slices.Clone(s.Pages)
		}, 0, backup, "<p>Hourly.</p>"},
		{"new params, a value changed deep inside", func(s *Spec) {
			s.Pages[2].Params = map[string]any{"mark": "retired", "rows": []any{map[string]any{"n": 1}}}
			if err := b.Build(ctx, *s); err != nil {
				t.Fatal(err)
			}
			s.Pages[2].Params = map[string]any{"mark": "retired", "rows": []any{map[string]any{"n": 2}}}
		}, 1, access, `<p id="mark">retired</p>`},
		{"new data, equal values", func(s *Spec) {
			s.Data = map[string]any{"org": "Example Org"}
		}, 0, func() string { return read(t, filepath.Join(b.Dir(), "index.html")) }, `<p id="org">Example Org</p>`},
		{"new data, new values", func(s *Spec) {
			s.Data = map[string]any{"org": "Renamed Org"}
		}, 0, func() string { return read(t, filepath.Join(b.Dir(), "index.html")) }, `<p id="org">Renamed Org</p>`},
	}
	for _, st := range steps {
		st.edit(&spec)
		n, ok, err := b.Plan(spec)
		if err != nil || !ok {
			t.Fatalf("%s: plan: ok %v, err %v", st.name, ok, err)
		}
		if b.encoded != st.encoded {
			t.Errorf("%s: %d pages encoded, want %d", st.name, b.encoded, st.encoded)
		}
		if err := b.Build(ctx, spec); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := st.check(); !strings.Contains(got, st.want) {
			t.Errorf("%s: the change was not rendered (%d pages planned), want %q in:\n%s", st.name, n, st.want, got)
		}
	}
}

// TestNotFoundPageLinksFromTheRoot builds a site with a 404 page: a server
// sends it for a missing address at any depth, so its links are
// root-relative — with the base URL's path when there is one — while every
// other page's links stay relative.
func TestNotFoundPageLinksFromTheRoot(t *testing.T) {
	for _, tc := range []struct{ baseURL, root string }{{"", "/"}, {"https://example.com/trust/", "/trust/"}} {
		t.Run(tc.root, func(t *testing.T) {
			spec := testSpec(t)
			themes := testThemes().(fstest.MapFS)
			themes["demo/layouts/404.html"] = &fstest.MapFile{Data: []byte(`{{ define "main" }}<a href="{{ "policies/" | relURL }}">Policies</a>{{ end }}`)}
			spec.Themes = themes
			spec.BaseURL = tc.baseURL
			if err := Build(context.Background(), spec); err != nil {
				t.Fatal(err)
			}
			if page := read(t, filepath.Join(spec.Out, "404.html")); !strings.Contains(page, `href="`+tc.root+`policies/"`) {
				t.Errorf("404.html does not link from %s:\n%s", tc.root, page)
			}
			if page := read(t, filepath.Join(spec.Out, "index.html")); strings.Contains(page, `href="/`) {
				t.Errorf("the home page lost its relative links:\n%s", page)
			}
		})
	}
}

// TestManyTemplateErrorsFailARebuild changes the pages of a Builder so
// that its template fails on many of them: the rebuild in place, told of
// the changed pages, must end with the error too (Hugo makes a new Done
// channel in a rebuild, which buildSites reads through the sources).
func TestManyTemplateErrorsFailARebuild(t *testing.T) {
	ctx := context.Background()
	spec := testSpec(t)
	themes := fstest.MapFS{}
	for name, f := range testThemes().(fstest.MapFS) {
		themes[name] = f
	}
	themes["demo/layouts/page.html"] = &fstest.MapFile{Data: []byte(`{{ define "main" }}{{ if eq .Params.mark "boom" }}{{ .NoSuchMethod }}{{ end }}{{ .Title }}{{ end }}`)}
	spec.Themes = themes
	for i := range 300 {
		spec.Pages = append(spec.Pages, Page{Path: fmt.Sprintf("policies/p%02d.md", i), Title: fmt.Sprintf("Policy %d", i)})
	}
	for round := range 3 { // whether Hugo hangs is a race: try a few times
		b := liveBuilder(t)
		if err := b.Build(ctx, spec); err != nil {
			t.Fatal(err)
		}
		broken := spec
		broken.Pages = slices.Clone(spec.Pages)
		// Few enough to be built in place (maxIncremental), enough to stop Hugo.
		for i := range maxIncremental {
			broken.Pages[len(broken.Pages)-1-i].Params = map[string]any{"mark": "boom", "round": round}
		}
		if _, ok, err := b.Plan(broken); !ok || err != nil {
			t.Fatalf("the change is not built in place: %v", err)
		}
		done := make(chan error, 1)
		go func() { done <- b.Build(ctx, broken) }()
		select {
		case err := <-done:
			if err == nil || !errors.Is(err, errTooManyRenderErrors) && !strings.Contains(err.Error(), "NoSuchMethod") {
				t.Errorf("err = %v, want the template error", err)
			}
		case <-time.After(60 * time.Second):
			t.Fatal("the rebuild hung on many template errors")
		}
	}
}
