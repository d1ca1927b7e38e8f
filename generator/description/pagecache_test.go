package description_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/description"
	"github.com/attest-dev/attest/generator/site"
)

// TestCachedPagesMatch builds the page set with a warm cache after edits of
// a policy and of evidence records, and compares it, page by page, with a
// build without the cache: a kept page whose inputs changed would differ.
func TestCachedPagesMatch(t *testing.T) {
	dir := fixture(t)
	fsys := os.DirFS(dir)
	cache := &description.Cache{}
	spec := func(c *description.Cache) site.Spec {
		p, r := compiled(t, fsys)
		return description.Spec(p, r, description.Options{Files: gathered(t, fsys, p), Cache: c, Preview: true, Draft: true})
	}
	edit := func(name, old, new string) {
		t.Helper()
		full := filepath.Join(dir, filepath.FromSlash(name))
		data, err := os.ReadFile(full)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), old) {
			t.Fatalf("%s: %q not found", name, old)
		}
		if err := os.WriteFile(full, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	spec(cache) // warm

	steps := []struct {
		name string
		edit func()
	}{
		{"unchanged", func() {}},
		{"policy title", func() {
			edit("policies/access.md", `title = "Access Control Policy"`, `title = "Access and Identity Policy"`)
		}},
		{"policy status", func() { edit("policies/access.md", `status = "approved"`, `status = "draft"`) }},
		{"evidence record", func() {
			edit("content/evidence/records.toml", `title = "MFA enforcement export"`, `title = "MFA export"`)
			edit("content/evidence/records.toml", `result = "pass"
collector = "Jordan Ellery"

[[evidence]]
id = "EV-AR-Q1"`, `result = "fail"
collector = "Jordan Ellery"
note = "two accounts without MFA"

[[evidence]]
id = "EV-AR-Q1"`)
		}},
		{"evidence covers", func() {
			edit("content/evidence/records.toml", `covers_to = 2026-03-31`, `covers_to = 2026-02-28`)
		}},
		{"evidence file", func() {
			full := filepath.Join(dir, "evidence", "mfa", "enforcement.json")
			old, err := os.ReadFile(full)
			if err != nil {
				t.Fatal(err)
			}
			data := []byte(`{"enforced": true, "users_without_mfa": 0}` + "\n")
			if err := os.WriteFile(full, data, 0o644); err != nil {
				t.Fatal(err)
			}
			was, now := sha256.Sum256(old), sha256.Sum256(data)
			edit("content/evidence/records.toml", hex.EncodeToString(was[:]), hex.EncodeToString(now[:]))
		}},
		{"policy back", func() { edit("policies/access.md", `status = "draft"`, `status = "approved"`) }},
		{"policy text", func() {
			edit("policies/access.md", "removed on departure", "removed on the last day")
		}},
		{"control title and summary", func() {
			edit("content/controls/access-review.md", `title = "Quarterly access review"`, `title = "Access review"`)
			edit("content/controls/access-review.md", `summary = "Access is reviewed every quarter."`, `summary = "Access is reviewed."`)
		}},
		{"control criteria", func() {
			edit("content/controls/access-review.md", `soc2 = ["CC1.2", "CC3.2", "CC6.1", "CC7.2", "A1.3"]`, `soc2 = ["CC1.2", "CC6.1", "CC7.2", "A1.3"]`)
		}},
		{"control frequency", func() {
			edit("content/controls/access-review.md", `frequency = "quarterly"`, `frequency = "monthly"`)
		}},
		{"unchanged again", func() {}},
	}
	last := spec(cache)
	for _, st := range steps {
		st.edit()
		got, want := spec(cache), spec(nil)
		if st.name == "unchanged" || st.name == "unchanged again" {
			// A kept control page is the same value, which a site.Builder
			// does not even compare.
			for i := range min(len(got.Pages), len(last.Pages)) {
				p := got.Pages[i]
				if strings.HasPrefix(p.Path, "controls/") && p.Path != "controls/_index.md" && !samePage(p, last.Pages[i]) {
					t.Errorf("%s: page %s is built anew, not kept", st.name, p.Path)
				}
			}
		}
		last = got
		if !reflect.DeepEqual(got, want) {
			g, w := got.Pages, want.Pages
			if len(g) != len(w) {
				t.Errorf("%s: %d pages with the cache, %d without", st.name, len(g), len(w))
			}
			for i := range min(len(g), len(w)) {
				if !reflect.DeepEqual(g[i], w[i]) {
					t.Errorf("%s: page %s differs with the cache:\n got %v\nwant %v", st.name, w[i].Path, g[i].Params, w[i].Params)
				}
			}
			t.Errorf("%s: spec with the cache differs from the one without", st.name)
		}
	}
}

// samePage reports whether a and b are the same page value, params and all.
func samePage(a, b site.Page) bool {
	pa, pb := a.Params, b.Params
	a.Params, b.Params = nil, nil
	return reflect.DeepEqual(a, b) && reflect.ValueOf(pa).UnsafePointer() == reflect.ValueOf(pb).UnsafePointer()
}
