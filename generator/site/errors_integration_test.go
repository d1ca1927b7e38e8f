package site

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/attest-dev/attest/generator/diag"
)

// TestTemplateErrorsArePlaced breaks a template of the program's layouts/,
// of its themes/ and of an embedded theme: the build fails with one
// diagnostic at the line and column of the template that failed, named as
// the program names the file, however many pages it failed on.
func TestTemplateErrorsArePlaced(t *testing.T) {
	for _, tc := range []struct {
		name   string
		user   map[string]string
		themes map[string]string
		want   string
	}{
		{
			name: "partial of layouts",
			user: map[string]string{
				"layouts/page.html":          "{{ define \"main\" }}\n<p>\n  {{ partial \"bad.html\" . }}{{ end }}",
				"layouts/_partials/bad.html": "a\nb\n  {{ .Nope.Foo }}\n",
			},
			want: "layouts/_partials/bad.html:3:11: ",
		},
		{
			name: "baseof of layouts",
			user: map[string]string{"layouts/baseof.html": "<html>\n<body>{{ block \"main\" . }}{{ end }}\n{{ .Site.NoSuchThing }}</body></html>"},
			want: "layouts/baseof.html:3:9: ",
		},
		{
			name: "layout that does not parse",
			user: map[string]string{"layouts/home.html": "{{ define \"main\" }}\n\n{{ .Title }\n{{ end }}"},
			want: "layouts/home.html:3: unexpected \"}\" in operand",
		},
		{
			name: "program's theme",
			user: map[string]string{"themes/demo/layouts/section.html": "{{ define \"main\" }}\n\n\t{{ .NoSuchMethod }}{{ end }}"},
			want: "themes/demo/layouts/section.html:3:5: ",
		},
		{
			name:   "embedded theme",
			themes: map[string]string{"demo/layouts/section.html": "{{ define \"main\" }}\n{{ .NoSuchMethod }}{{ end }}"},
			want:   "attest:themes/demo/layouts/section.html:2:4: ",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := testSpec(t)
			spec.UserDir = t.TempDir()
			for name, text := range tc.user {
				full := filepath.Join(spec.UserDir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			themes := fstest.MapFS{}
			for name, f := range testThemes().(fstest.MapFS) {
				themes[name] = f
			}
			for name, text := range tc.themes {
				themes[name] = &fstest.MapFile{Data: []byte(text)}
			}
			spec.Themes = themes
			err := Build(context.Background(), spec)
			var le *diag.ListError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v, want diagnostics", err)
			}
			items := le.List.Items()
			if len(items) != 1 || !strings.HasPrefix(items[0].String(), tc.want) {
				t.Fatalf("diagnostics = %q, want one starting %q", items, tc.want)
			}
			if msg := items[0].Message; strings.Contains(msg, virtualRoot) || strings.Contains(msg, spec.UserDir) {
				t.Errorf("message %q names a path attest or the machine chose", msg)
			}
		})
	}
}
