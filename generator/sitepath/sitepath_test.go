package sitepath

import (
	"slices"
	"testing"
)

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"CTL-Access Review", "ctl-access-review"},
		{"A.5.1", "a.5.1"},
		{"  --x__y--  ", "x-y"},
		{"", "item"},
		{"-.hidden", ".hidden"},
		{"..", ".."},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTrustRootTaken(t *testing.T) {
	if !slices.IsSorted(TrustRoot) {
		t.Error("TrustRoot is not sorted")
	}
	for _, name := range []string{"trust.json", "Trust.JSON", "404.html", "favicon.svg", "css", "CSS", "badges", ".well-known", ".x", "-.x", "updates"} {
		if !TrustRootTaken(name) {
			t.Errorf("TrustRootTaken(%q) = false", name)
		}
	}
	for _, name := range []string{"about", "security", "trust", "json", "404", "css-guide"} {
		if TrustRootTaken(name) {
			t.Errorf("TrustRootTaken(%q) = true", name)
		}
	}
}

func TestItemPageProblem(t *testing.T) {
	for id, want := range map[string]bool{
		"CTL-MFA": false, "index-2": false, "reindex": false, "a.index": false,
		".x": true, "-.x": true, "..": true, "index": true, "INDEX": true, "_index": true, " index ": true,
	} {
		if got := ItemPageProblem(id) != ""; got != want {
			t.Errorf("ItemPageProblem(%q) != \"\" is %v, want %v", id, got, want)
		}
	}
}

// TestContentType: a fixed table by extension, in any case; unknown files
// are octet streams.
func TestContentType(t *testing.T) {
	for p, want := range map[string]string{
		"index.html":               "text/html; charset=utf-8",
		"css/site.CSS":             "text/css; charset=utf-8",
		"js/search.js":             "text/javascript; charset=utf-8",
		"trust.json":               "application/json",
		"fonts/inter.woff2":        "font/woff2",
		"evidence/report.md":       "text/markdown; charset=utf-8",
		"evidence/export.xlsx":     "application/octet-stream",
		"no-extension":             "application/octet-stream",
		".well-known/security.txt": "text/plain; charset=utf-8",
	} {
		if got := ContentType(p); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", p, got, want)
		}
	}
}
