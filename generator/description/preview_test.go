package description

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/site"
)

// TestCacheRemembersSnippetsByContent renders the sample (not read from git)
// twice through one Cache: the second Spec takes its snippets from the cache,
// keyed by the git id of the contents and the lexer, and is the same as one
// made without a cache.
func TestCacheRemembersSnippetsByContent(t *testing.T) {
	c := &Cache{}
	_, _, first := sampleSpec(t, Options{Cache: c})
	if len(c.snippets) == 0 {
		t.Fatal("no snippet was remembered")
	}
	var key string
	for k, f := range c.snippets {
		if id, lexer, ok := strings.Cut(k, ":"); !ok || len(id) != 40 || lexer == "" {
			t.Errorf("snippet key %q is not a git blob id and a lexer", k)
		}
		if f.snippet != "" && key == "" {
			key = k
		}
	}
	_, _, plain := sampleSpec(t, Options{})
	ja, _ := json.Marshal(first)
	jb, _ := json.Marshal(plain)
	if string(ja) != string(jb) {
		t.Error("a spec made through the cache differs from one made without")
	}

	// The next Spec shows what the cache holds, not a new highlight.
	c.snippets[key] = evidenceFile{snippet: "<pre>from the cache</pre>"}
	_, _, second := sampleSpec(t, Options{Cache: c})
	if j, _ := json.Marshal(second); !strings.Contains(string(j), "from the cache") {
		t.Error("the second Spec highlighted again instead of using the cache")
	}

	k1 := snippetKey("a.json", "1111")
	k2 := snippetKey("a.yaml", "1111")
	k3 := snippetKey("a.json", "2222")
	if k1 == k2 || k1 == k3 {
		t.Errorf("keys do not tell lexers or contents apart: %s %s %s", k1, k2, k3)
	}
}

// TestPreviewLeavesThePrintViewEmpty checks that Options.Preview keeps the
// print view from joining every page, and says so to the theme.
func TestPreviewLeavesThePrintViewEmpty(t *testing.T) {
	_, _, full := sampleSpec(t, Options{})
	if refs := page(t, full, "print.md").Params.(*PrintPage).Refs; len(refs) < 20 {
		t.Errorf("the print view joins %d pages", len(refs))
	}
	_, _, preview := sampleSpec(t, Options{Preview: true})
	p := page(t, preview, "print.md").Params.(*PrintPage)
	if len(p.Refs) != 0 || !p.Preview {
		t.Errorf("preview print view: refs %d, preview %v", len(p.Refs), p.Preview)
	}
	if len(preview.Pages) != len(full.Pages) {
		t.Errorf("preview has %d pages, a build %d", len(preview.Pages), len(full.Pages))
	}
}

// TestPreviewShipsTheSearchIndexAsAFile checks the index a preview writes in
// Go: one entry per page, the search and print pages aside, in title order,
// each linking to its page's URL.
func TestPreviewShipsTheSearchIndexAsAFile(t *testing.T) {
	p, _, spec := sampleSpec(t, Options{Preview: true})
	src := string(spec.Files[searchIndexFile])
	const prefix = "window.attestSearch = "
	if !strings.HasPrefix(src, prefix) || !strings.HasSuffix(src, ";\n") {
		t.Fatalf("%s = %.60q…", searchIndexFile, src)
	}
	var entries []struct{ T, U, S, X string }
	if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimPrefix(src, prefix), ";\n")), &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(spec.Pages)-2 {
		t.Errorf("%d entries for %d pages", len(entries), len(spec.Pages))
	}
	urls := map[string]bool{}
	for i, e := range entries {
		urls[e.U] = true
		if i > 0 && entries[i-1].T > e.T {
			t.Errorf("%q comes after %q", e.T, entries[i-1].T)
		}
	}
	for _, pol := range p.Policies {
		if u := "policies/" + site.Slug(pol.ID) + "/index.html"; !urls[u] {
			t.Errorf("no entry for %s (%s)", pol.ID, u)
		}
	}
	if !urls["index.html"] || urls["search/index.html"] {
		t.Error("the home page is missing or the search page listed")
	}
	if _, _, full := sampleSpec(t, Options{}); full.Files[searchIndexFile] != nil {
		t.Error("a full build ships the Go-made index; the theme makes it")
	}
	for _, tc := range []struct {
		md   string
		n    int
		want string
	}{
		{"## Scope\n\nEveryone **must** use [MFA](x).\n", 17, "Scope Everyone…"},
		{"Use [the VPN](https://vpn.example/x) <b>always</b> ![map](img/m.png)\n\n| A | `b` |\n|---|---|\n| {{< x >}} | c |\n", 280, "Use the VPN always A b {{< x >}} c"},
		{"Écrire **à** tous", 9, "Écrire…"},
	} {
		if got := plainText(tc.md, tc.n); got != tc.want {
			t.Errorf("plainText(%q, %d) = %q, want %q", tc.md, tc.n, got, tc.want)
		}
	}
	// What a reader sees, no Markdown or HTML: a policy's entry holds its
	// link texts, not their destinations.
	for _, e := range entries {
		if strings.ContainsAny(e.X, "*`<>|") || strings.Contains(e.X, "](") {
			t.Errorf("%s: search text holds markup: %q", e.U, e.X)
		}
	}
}
