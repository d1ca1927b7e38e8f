package site

import (
	"reflect"
	"testing"
	"testing/fstest"
)

// TestSameSettingsCoversEveryField: a Builder reused for the next Spec
// (serve) renders it incrementally only when sameSettings says the two
// differ in pages and data alone. A field it does not compare must say
// why it need not be; one that changes how Hugo is set up must make the
// two differ. A new Spec field fails this test until it is placed.
func TestSameSettingsCoversEveryField(t *testing.T) {
	compared := map[string]func(s *Spec){
		"Theme":   func(s *Spec) { s.Theme = "other" },
		"Title":   func(s *Spec) { s.Title = "Other" },
		"BaseURL": func(s *Spec) { s.BaseURL = "https://other.example/" },
		"Hugo":    func(s *Spec) { s.Hugo = map[string]any{"languageCode": "de"} },
		"RawHTML": func(s *Spec) { s.RawHTML = !s.RawHTML },
		"UserDir": func(s *Spec) { s.UserDir = "/elsewhere" },
		"Themes":  func(s *Spec) { s.Themes = fstest.MapFS{} },
	}
	excused := map[string]string{
		"Pages":    "compared page by page: the incremental rebuild's input",
		"Data":     "compared as encoded: the incremental rebuild writes data/attest.json anew",
		"Files":    "written after every build, incremental or not",
		"Out":      "a Builder writes into its own folder (NewBuilder)",
		"Log":      "where Hugo's warnings go, not what it renders (a reused Builder keeps the first: serve passes one for all)",
		"Memos":    "only Build (a fresh Builder each time) honours it",
		"MemoSalt": "only with Memos",
		"Previous": "only Build honours it",
		"Rendered": "counts pages written, changes nothing",
		"Copies":   "only Build honours it",
	}
	base := Spec{Theme: "trust-center", Title: "T", Hugo: map[string]any{"languageCode": "en"}, Themes: fstest.MapFS{"x": {}}}
	if !sameSettings(base, base) {
		t.Fatal("a spec differs from itself")
	}
	typ := reflect.TypeOf(Spec{})
	for i := range typ.NumField() {
		name := typ.Field(i).Name
		change, ok := compared[name]
		if !ok {
			if _, ok := excused[name]; !ok {
				t.Errorf("Spec.%s is neither compared by sameSettings nor excused: decide whether a change to it can be rebuilt incrementally", name)
			}
			continue
		}
		changed := base
		change(&changed)
		if sameSettings(base, changed) {
			t.Errorf("a change to Spec.%s leaves sameSettings true: a reused Builder would render with the old value", name)
		}
	}
}
