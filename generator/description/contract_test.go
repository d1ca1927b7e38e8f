package description

import (
	"flag"
	"io/fs"
	"path"
	"reflect"
	"strings"
	"testing"

	"github.com/attest-dev/attest"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/site/sitetest"
	"github.com/attest-dev/attest/generator/status"
)

// contractSpec is the description of the sample, judged at a fixed date,
// with a version switcher: every kind of page, and all the site data.
func contractSpec(t *testing.T) site.Spec {
	t.Helper()
	res := compile.Compile(attest.Sample(), compile.Options{})
	if res.Diags.HasErrors() {
		t.Fatalf("the sample does not compile: %v", res.Diags.Items())
	}
	p := res.Program
	day, err := model.ParseDate("2026-07-01")
	if err != nil {
		t.Fatal(err)
	}
	r := status.EvaluateWith(p, status.Options{Today: day})
	return Spec(p, r, Options{Files: sampleFiles(t, p), History: true,
		Versions: []Version{{Name: "latest", Dir: "latest"}, {Name: "audit/2026", Dir: "audit/2026"}}, Version: "latest"})
}

// sampleFiles reads the sample's evidence files and images as the gather
// step hands them over (gather imports this package, so this test cannot
// call it).
func sampleFiles(t *testing.T, p *model.Program) map[string]*File {
	t.Helper()
	names := Images(p)
	for _, e := range p.Evidence {
		if e.File != "" {
			names = append(names, e.File)
		}
	}
	files := map[string]*File{}
	for _, name := range names {
		data, err := fs.ReadFile(attest.Sample(), name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = &File{Data: data}
	}
	return files
}

// descriptionContract is the description's contract with its theme, as
// the pages of spec give it: a kind per page_kind, of the one params type
// its pages have.
func descriptionContract(t *testing.T, spec site.Spec, layouts fs.FS) sitetest.Contract {
	t.Helper()
	kinds := map[string]*sitetest.Kind{}
	var order []string
	for _, p := range spec.Pages {
		kind, typ := p.Params.(pageParams).common().PageKind, reflect.TypeOf(p.Params)
		layout := "page.html"
		switch {
		case p.Path == "_index.md":
			layout = "home.html"
		case path.Base(p.Path) == "_index.md":
			layout = "section.html"
		}
		k, ok := kinds[kind]
		if !ok {
			k = &sitetest.Kind{Name: kind, Layout: layout, Params: typ}
			kinds[kind] = k
			order = append(order, kind)
		}
		if k.Params != typ {
			t.Fatalf("%s: params %v, but other pages of kind %s have %v", p.Path, typ, kind, k.Params)
		}
		k.Body = k.Body || p.Body != ""
	}
	sections, err := fs.Glob(layouts, "_partials/section/*.html")
	if err != nil {
		t.Fatal(err)
	}
	c := sitetest.Contract{
		Layouts: layouts,
		Data:    reflect.TypeOf(spec.Data),
		// body.html lays a page out by its kind; a DC point's page adds
		// section/<dc>.html.
		Partials: func(kind string) []string {
			out := []string{"body/" + kind + ".html"}
			if kind == kindSection {
				for _, s := range sections {
					out = append(out, strings.TrimPrefix(s, "_partials/"))
				}
			}
			return out
		},
		// The matrix lays out each control's block from the control's page.
		GetPage: map[string]string{"_partials/body/matrix.html": kindControl},
		// site.Memos keys what the theme keeps by it.
		Added: []string{"memo_key"},
	}
	for _, kind := range order {
		c.Kinds = append(c.Kinds, *kinds[kind])
	}
	return c
}

// TestThemeReadsWhatPagesHold holds the system-description theme to the
// params of every kind of page of the sample and to the site data (issue
// 14): a template that reads a key its data do not have, or a field no
// template reads, fails.
func TestThemeReadsWhatPagesHold(t *testing.T) {
	spec := contractSpec(t)
	c := descriptionContract(t, spec, sitetest.ThemeLayouts(t, "system-description"))
	kinds := map[string]bool{}
	for _, k := range c.Kinds {
		kinds[k.Name] = true
	}
	for _, kind := range []string{kindOverview, kindDescription, kindSection, kindMatrixIndex, kindMatrix, kindSoA,
		kindPolicyIndex, kindPolicy, kindControlIndex, kindControl, kindRegisterIndex, kindRisks, kindVendors,
		kindSubprocessors, kindAssets, kindIncidents, kindCoverage, kindGaps, kindPrint, kindSearch} {
		if !kinds[kind] {
			t.Errorf("the sample makes no page of kind %s: the check would not cover it", kind)
		}
	}
	if problems := sitetest.CheckContract(c); len(problems) > 0 {
		t.Errorf("the theme and the pages disagree:\n%s", strings.Join(problems, "\n"))
	}
}

// TestContractCheckCatchesATypo plants the typos of issue 14 in the theme
// and checks that each is caught where it is.
func TestContractCheckCatchesATypo(t *testing.T) {
	cases := []struct {
		name     string
		file     string
		old, new string
		want     []string
	}{
		{"a control's one line", "_partials/body/control.html", "$pp.one_line", "$pp.oneline", []string{
			`layouts/_partials/body/control.html:`, `reads "oneline", which description.ControlPage (control) does not have`,
			`description.ControlPage.OneLine (key "one_line") is read by no template`,
		}},
		{"a control's kind, in the matrix", "_partials/matrix-control.html", "$pp.control_kind", "$pp.kind", []string{
			`layouts/_partials/matrix-control.html:`, `reads "kind", which description.ControlPage (matrix) does not have`,
		}},
		{"a DC point's own partial", "_partials/section/dc9.html", ".item.ref", ".item.reff", []string{
			`layouts/_partials/section/dc9.html:14:`, `reads "reff", which description.ItemLink (section) does not have`,
		}},
		{"the site data", "_partials/footer.html", ".commit_short", ".commitshort", []string{
			`layouts/_partials/footer.html:`, `reads "commitshort", which description.BuildData`,
		}},
		{"a link's target", "_partials/criteria.html", "$c.target", "$c.taget", []string{
			`layouts/_partials/criteria.html:3:`, `reads "taget", which description.CriterionLink`,
		}},
	}
	spec := contractSpec(t)
	layouts := sitetest.ThemeLayouts(t, "system-description")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			planted := sitetest.PlantTypo(t, layouts, c.file, c.old, c.new)
			sitetest.WantProblems(t, sitetest.CheckContract(descriptionContract(t, spec, planted)), c.want)
		})
	}
}

// The block of docs/themes.md that lists the system description's contract.
const (
	docFile  = "../../docs/themes.md"
	docBegin = "<!-- begin system-description contract: made by go test ./generator/description -run ThemeContractIsDocumented -update -->\n"
	docEnd   = "<!-- end system-description contract -->\n"
)

// TestThemeContractIsDocumented checks that docs/themes.md lists the
// contract as the structs declare it, field by field; -update rewrites it.
func TestThemeContractIsDocumented(t *testing.T) {
	docs := sitetest.FieldDocsIn(t, ".", "../site")
	want := sitetest.ContractDoc(descriptionContract(t, contractSpec(t), sitetest.ThemeLayouts(t, "system-description")), docs)
	sitetest.DocBlock(t, docFile, docBegin, docEnd, want, updating(), "go test ./generator/description -run ThemeContractIsDocumented -update")
}

// updating tells whether -update, description_test's flag
// (description_integration_test.go), is set.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}
