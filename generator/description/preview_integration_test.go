package description_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/description"
	"github.com/attest-dev/attest/generator/site/sitetest"
)

// TestPreviewSearchWorksInABrowser builds the fixture as attest serve does
// (Options.Preview): the print view is empty and says so, and the search
// page, whose index is a file made in Go, finds a control in headless
// Chromium without console errors.
func TestPreviewSearchWorksInABrowser(t *testing.T) {
	out := filepath.Join(t.TempDir(), "private")
	build(t, os.DirFS(fixture(t)), out, description.Options{Preview: true})
	if print := read(t, out, "print/index.html"); !strings.Contains(print, "attest build") || strings.Contains(print, "print-page") {
		t.Error("the preview's print view is not the short note")
	}
	search := read(t, out, "search/index.html")
	if !strings.Contains(search, `<script src="../js/search-index.js"></script>`) {
		t.Errorf("the search page does not load the index made in Go:\n%s", search)
	}
	chromium := sitetest.Chromium()
	if chromium == "" {
		t.Skip("no Chromium installed")
	}
	url := "file://" + filepath.ToSlash(filepath.Join(out, "search", "index.html")) + "?q=backups+restore"
	load, err := sitetest.Visit(context.Background(), chromium, url, 1200, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range load.Console {
		t.Errorf("console: %s", msg)
	}
	results := regexp.MustCompile(`(?s)<ol id="search-results"[^>]*>(.*?)</ol>`).FindStringSubmatch(load.DOM)
	if results == nil || !strings.Contains(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(results[1], ""), "CTL-BACKUPS") || !strings.Contains(results[1], "controls/ctl-backups/index.html") {
		t.Fatalf("searching for backups does not find CTL-BACKUPS: %v", results)
	}
	// The query's words are marked in titles and snippets (issue 15).
	if !strings.Contains(results[1], "<mark>restore</mark>") || !strings.Contains(results[1], "<mark>backups</mark>") {
		t.Errorf("the results do not mark the words searched for: %s", results[1])
	}
}
