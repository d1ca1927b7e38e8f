package sitetest

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

type testRow struct {
	ID   string   `json:"id"`
	Tags []string `json:"tags"`
}

type testParams struct {
	Title string    `json:"title"`
	Rows  []testRow `json:"rows"`
	Note  string    `json:"note" theme:"custom"`
	Words string    `json:"words" theme:"indirect"`
}

type testData struct {
	Org string `json:"org"`
}

// TestCheckContract checks the checker on small themes: what it follows,
// what it reports, and what it leaves alone.
func TestCheckContract(t *testing.T) {
	base := `{{ define "main" }}{{ .Params.title }}{{ range .Params.rows }}{{ .id }}{{ range .tags }}{{ . }}{{ end }}{{ end }}{{ end }}`
	cases := []struct {
		name   string
		layout string
		extra  map[string]string
		want   []string // each a part of one problem; none for a clean theme
	}{
		{"clean", base, nil, nil},
		{"missing key", strings.Replace(base, ".id", ".ident", 1), nil, []string{
			`layouts/page.html:1:`, `reads "ident", which sitetest.testRow (page) does not have: its keys are id, tags`,
			`sitetest.testRow.ID (key "id") is read by no template`}},
		{"a key of a list", base + `{{ define "x" }}{{ end }}{{ .Params.rows.id }}`, nil, []string{`reads id of []sitetest.testRow, which has no keys`}},
		{"range with two variables", strings.Replace(base, `{{ range .Params.rows }}{{ .id }}`, `{{ range $i, $r := .Params.rows }}{{ $r.idd }}{{ .id }}`, 1), nil, []string{`reads "idd"`}},
		{"a variable given two values is not followed", `{{ define "main" }}{{ $v := .Params }}{{ if true }}{{ $v = .Params.rows }}{{ end }}{{ $v.anything }}` + base[len(`{{ define "main" }}`):], nil, nil},
		{"with and else", `{{ define "main" }}{{ with .Params.rows }}{{ .nope }}{{ else }}{{ .Params.title }}{{ end }}{{ range .Params.rows }}{{ .id }}{{ .tags }}{{ end }}{{ end }}`, nil, []string{`reads nope of []sitetest.testRow`}},
		{"a dict's missing key is the partial's", `{{ define "main" }}{{ partial "p.html" (dict "r" .Params "x" 1) }}{{ range .Params.rows }}{{ .id }}{{ .tags }}{{ end }}{{ end }}`,
			map[string]string{"_partials/p.html": `{{ .r.title }}{{ .optional }}`}, nil},
		{"through a dict to a partial", `{{ define "main" }}{{ partial "p.html" (dict "r" .Params) }}{{ range .Params.rows }}{{ .id }}{{ .tags }}{{ end }}{{ end }}`,
			map[string]string{"_partials/p.html": `{{ .r.titel }}`}, []string{`layouts/_partials/p.html:1:`, `reads "titel"`}},
		{"a partial nothing renders", base, map[string]string{"_partials/unused.html": ``}, []string{`layouts/_partials/unused.html: no page kind of the contract renders it`}},
		{"site data", strings.Replace(base, "{{ .Params.title }}", "{{ .Params.title }}{{ .Params.note }}{{ hugo.Data.attest.orgg }}", 1), nil, []string{
			`reads "orgg", which sitetest.testData`,
			`reads sitetest.testParams.Note (key "note"), which is tagged theme:"custom"`}},
	}
	cases = append(cases, []struct {
		name   string
		layout string
		extra  map[string]string
		want   []string
	}{
		{"a page got by site.GetPage", base + `{{ define "x" }}{{ end }}{{ with site.GetPage "/p" }}{{ .Params.titel }}{{ end }}`, nil, []string{`reads "titel", which sitetest.testParams (page) does not have`}},
		{"a key the engine adds", base + `{{ define "x" }}{{ end }}{{ .Params.memo_key }}{{ .Params.memo_kee }}`, nil, []string{`reads "memo_kee"`}},
		{"an indirect field may be read", strings.Replace(base, "{{ .Params.title }}", "{{ .Params.title }}{{ .Params.words }}", 1), nil, nil},
	}...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			layouts := fstest.MapFS{
				"baseof.html": {Data: []byte(`<title>{{ .Title }}</title>{{ hugo.Data.attest.org }}{{ block "main" . }}{{ end }}`)},
				"page.html":   {Data: []byte(c.layout)},
			}
			for name, text := range c.extra {
				layouts[name] = &fstest.MapFile{Data: []byte(text)}
			}
			got := CheckContract(Contract{
				Layouts: layouts,
				Data:    reflect.TypeFor[*testData](),
				Kinds:   []Kind{{Name: "page", Layout: "page.html", Params: reflect.TypeFor[*testParams]()}},
				GetPage: map[string]string{"page.html": "page"},
				Added:   []string{"memo_key"},
			})
			all := strings.Join(got, "\n")
			if strings.Contains(all, "memo_key\"") {
				t.Errorf("a key the engine adds is reported:\n%s", all)
			}
			if len(c.want) == 0 && len(got) > 0 {
				t.Errorf("problems in a clean theme:\n%s", all)
			}
			for _, want := range c.want {
				if !strings.Contains(all, want) {
					t.Errorf("no problem says %q; they are:\n%s", want, all)
				}
			}
		})
	}
}
