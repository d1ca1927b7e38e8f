package serve

import (
	"strings"
	"testing"
)

func TestRelaxCSP(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// The trust center: no script at all.
		{"default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'",
			"default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'"},
		// The system description: already allows what the script needs.
		{"default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'",
			"default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'"},
		// default-src 'none' without the directives: add them.
		{"default-src 'none'; img-src data:",
			"default-src 'none'; img-src data:; script-src 'self'; style-src 'self'; connect-src 'self'"},
		// A host list gains 'self'.
		{"script-src https://cdn.example", "script-src https://cdn.example 'self'"},
	} {
		if got := relaxCSP(tc.in); got != tc.want {
			t.Errorf("relaxCSP(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestAllowReloadRewritesOnlyThePolicy(t *testing.T) {
	page := `<head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'none'"><title>x</title></head><p>script-src 'none'</p>`
	got := string(allowReload([]byte(page)))
	want := `<head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'"><title>x</title></head><p>script-src 'none'</p>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	plain := "<head><title>x</title></head>"
	if got := string(allowReload([]byte(plain))); got != plain {
		t.Errorf("a page without a policy changed: %s", got)
	}
	if !strings.Contains(string(allowReload([]byte(`<META HTTP-EQUIV="content-security-policy" CONTENT="script-src 'none'">`))), "script-src 'self'") {
		t.Error("attribute names are case-insensitive in HTML")
	}
}
