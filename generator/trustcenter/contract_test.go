package trustcenter_test

import (
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"strings"
	"testing"

	"github.com/attest-dev/attest"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/public"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/site/sitetest"
	"github.com/attest-dev/attest/generator/status"
	"github.com/attest-dev/attest/generator/trustcenter"
)

// pageKinds are the params of every kind of page the trust center makes:
// the sample must make a page of each, so that the check covers them all.
var pageKinds = []any{
	trustcenter.HomePage{}, trustcenter.FrameworksPage{}, trustcenter.FrameworkPage{},
	trustcenter.ControlsPage{}, trustcenter.ControlPage{}, trustcenter.PoliciesPage{},
	trustcenter.PolicyPage{}, trustcenter.SubprocessorsPage{}, trustcenter.UpdatesPage{},
	trustcenter.UpdatePage{}, trustcenter.TrustPage{},
}

// sampleSpec is the trust center of the sample program, judged at a fixed date.
func sampleSpec(t *testing.T) site.Spec {
	t.Helper()
	res := compile.Compile(attest.Sample(), compile.Options{})
	if res.Diags.HasErrors() {
		t.Fatalf("the sample does not compile: %v", res.Diags.Items())
	}
	p := res.Program
	v := public.Project(p, status.EvaluateWith(p, status.Options{Today: model.NewDate(testCommitTime)}))
	spec, err := trustcenter.Spec(v, trustcenter.Options{Commit: testCommit, CommitTime: testCommitTime})
	if err != nil {
		t.Fatal(err)
	}
	return spec
}

// layoutOf is the layout Hugo renders a generated page with.
func layoutOf(p site.Page) string {
	switch {
	case p.Path == "_index.md":
		return "home.html"
	case p.Layout != "":
		return p.Layout + ".html"
	case path.Base(p.Path) == "_index.md":
		return "section.html"
	}
	return "page.html"
}

// contract is the trust center's contract with its theme, as the pages of
// spec give it: a kind per layout, of the one params type its pages have.
func contract(t *testing.T, spec site.Spec, layouts fs.FS) sitetest.Contract {
	t.Helper()
	kinds := map[string]*sitetest.Kind{}
	var order []string
	for _, p := range spec.Pages {
		layout, typ := layoutOf(p), reflect.TypeOf(p.Params)
		k, ok := kinds[layout]
		if !ok {
			k = &sitetest.Kind{Name: strings.TrimSuffix(layout, ".html"), Layout: layout, Params: typ}
			kinds[layout] = k
			order = append(order, layout)
		}
		if k.Params != typ {
			t.Fatalf("%s: params %v, but other pages of layout %s have %v", p.Path, typ, layout, k.Params)
		}
		k.Body = k.Body || p.Body != ""
	}
	c := sitetest.Contract{
		Layouts: layouts,
		Data:    reflect.TypeOf(spec.Data),
		// Hugo's own 404 page has no params.
		Kinds: []sitetest.Kind{{Name: "404", Layout: "404.html"}},
		// A section of the program's own content/ (none is generated).
		Unreached: []string{"section.html"},
	}
	for _, layout := range order {
		c.Kinds = append(c.Kinds, *kinds[layout])
	}
	return c
}

// TestThemeReadsWhatPagesHold holds the trust-center theme to the params
// of every kind of page of the sample and to the site data (issue 14): a
// template that reads a key its data do not have, or a field no template
// reads, fails.
func TestThemeReadsWhatPagesHold(t *testing.T) {
	spec := sampleSpec(t)
	made := map[reflect.Type]bool{}
	for _, p := range spec.Pages {
		made[reflect.TypeOf(p.Params)] = true
	}
	for _, k := range pageKinds {
		if typ := reflect.PointerTo(reflect.TypeOf(k)); !made[typ] {
			t.Errorf("the sample makes no page whose params are %v: the check would not cover it", typ)
		}
	}
	if problems := sitetest.CheckContract(contract(t, spec, sitetest.ThemeLayouts(t, "trust-center"))); len(problems) > 0 {
		t.Errorf("the theme and the pages disagree:\n%s", strings.Join(problems, "\n"))
	}
}

// TestContractCheckCatchesATypo plants typos in the theme and checks that
// each is caught where it is, as a read of a key the data do not have
// and as the key left unread.
func TestContractCheckCatchesATypo(t *testing.T) {
	cases := []struct {
		name     string
		file     string
		old, new string
		want     []string
	}{
		{"a page param", "home.html", "{{ .operating }} of", "{{ .operatng }} of", []string{
			`layouts/home.html:22:`, `reads "operatng", which trustcenter.Summary (home) does not have`,
			`trustcenter.Summary.Operating (key "operating") is read by no template`,
		}},
		{"through a variable and with", "framework.html", "{{ with .auditor }}", "{{ with .audtor }}", []string{
			`layouts/framework.html:10:`, `reads "audtor", which trustcenter.Report (framework) does not have`,
		}},
		{"a partial given a range's element", "_partials/card.html", "{{ .badge_width }}", "{{ .badge_widht }}", []string{
			`layouts/_partials/card.html:3:`, `reads "badge_widht", which trustcenter.Card`,
			`trustcenter.Card.BadgeWidth (key "badge_width") is read by no template`,
		}},
		{"a partial given a dict", "_partials/controls-table.html", "{{ .summary }}", "{{ .sumary }}", []string{
			`layouts/_partials/controls-table.html:14:`, `reads "sumary", which trustcenter.ControlRow`,
		}},
		{"the site data", "_partials/footer.html", "{{ $a.evaluated }}", "{{ $a.evaluted }}", []string{
			`layouts/_partials/footer.html:4:`, `reads "evaluted", which trustcenter.SiteData`,
			`trustcenter.SiteData.Evaluated (key "evaluated") is read by no template`,
		}},
		{"a render hook", "_markup/render-heading.html", ".Page.Params.heading_shift", ".Page.Params.heading_shfit", []string{
			`layouts/_markup/render-heading.html:8:36:`, `reads "heading_shfit", which trustcenter.ControlPage (control) does not have`,
			`site.Headings.HeadingShift (key "heading_shift") is read by no template`,
		}},
		{"a custom field read", "policies.html", "{{ .title }}</a>", "{{ .title }} {{ .id }}</a>", []string{
			`layouts/policies.html:9:`, `reads trustcenter.PolicyRow.ID (key "id"), which is tagged theme:"custom"`,
		}},
	}
	spec := sampleSpec(t)
	layouts := sitetest.ThemeLayouts(t, "trust-center")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			planted := sitetest.PlantTypo(t, layouts, c.file, c.old, c.new)
			sitetest.WantProblems(t, sitetest.CheckContract(contract(t, spec, planted)), c.want)
		})
	}
}

// TestContractFieldsListEveryKey checks the listing the docs are made from
// on a nested struct: keys by path, embedded fields in place.
func TestContractFieldsListEveryKey(t *testing.T) {
	var got []string
	for _, f := range sitetest.ContractFields(reflect.TypeFor[trustcenter.PoliciesPage]()) {
		got = append(got, fmt.Sprintf("%s %v", f.Key, f.Custom))
	}
	want := "public false,public[].id true,public[].title false,public[].url false,public[].anchor false,public[].effective false," +
		"restricted false,restricted[].id true,restricted[].title false,restricted[].url false,restricted[].anchor false,request_access false"
	if strings.Join(got, ",") != want {
		t.Errorf("fields:\n%s\nwant\n%s", strings.Join(got, ","), want)
	}
}

// The block of docs/themes.md that lists the trust center's contract.
const (
	docFile  = "../../docs/themes.md"
	docBegin = "<!-- begin trust-center contract: made by go test ./generator/trustcenter -run ThemeContractIsDocumented -update -->\n"
	docEnd   = "<!-- end trust-center contract -->\n"
)

// TestThemeContractIsDocumented checks that docs/themes.md lists the
// contract as the structs declare it, field by field; -update rewrites it.
func TestThemeContractIsDocumented(t *testing.T) {
	docs := sitetest.FieldDocsIn(t, ".", "../site")
	want := sitetest.ContractDoc(contract(t, sampleSpec(t), sitetest.ThemeLayouts(t, "trust-center")), docs)
	sitetest.DocBlock(t, docFile, docBegin, docEnd, want, *update, "go test ./generator/trustcenter -run ThemeContractIsDocumented -update")
}
