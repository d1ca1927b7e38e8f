package description

import (
	"context"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/attest-dev/attest"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/gitfs/gittest"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
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
	// (The files' names and contents are forgotten, or the same contents
	// under the same name would be found without a hash.)
	c.snippets[key] = evidenceFile{snippet: "<pre>from the cache</pre>"}
	c.byName = nil
	_, _, second := sampleSpec(t, Options{Cache: c})
	if j, _ := json.Marshal(second); !strings.Contains(string(j), "from the cache") {
		t.Error("the second Spec highlighted again instead of using the cache")
	}

	k1 := snippetKey(nil, "a.json", []byte("{}\n"))
	k2 := snippetKey(nil, "a.yaml", []byte("{}\n"))
	k3 := snippetKey(nil, "a.json", []byte("{ }\n"))
	if k1 == k2 || k1 == k3 {
		t.Errorf("keys do not tell lexers or contents apart: %s %s %s", k1, k2, k3)
	}

	// A file read again with the same contents under the same name takes
	// its snippet from what that name held; other contents do not.
	c.putSnippetByName("a.json", []byte("{}\n"), evidenceFile{snippet: "named"})
	if f, ok := c.snippetByName("a.json", []byte("{}\n")); !ok || f.snippet != "named" {
		t.Error("the same name and contents missed the cache")
	}
	if _, ok := c.snippetByName("a.json", []byte("{ }\n")); ok {
		t.Error("changed contents were found by name")
	}
}

// TestCacheSharesSnippetsBetweenWorkTreeAndGit: the versions of one build
// share a Cache, the latest read from the work tree and the tags from git
// objects. A file of the same bytes is highlighted once for all of them.
func TestCacheSharesSnippetsBetweenWorkTreeAndGit(t *testing.T) {
	g := gittest.New(t)
	err := fs.WalkDir(attest.Sample(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(attest.Sample(), name)
		if err == nil {
			g.Write(name, string(data))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rev := g.Commit("2026-01-10T09:00:00Z", "sample")
	repo, err := gitfs.Open(context.Background(), g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	tree, err := repo.Tree(context.Background(), rev)
	if err != nil {
		t.Fatal(err)
	}

	c := &Cache{}
	sampleSpec(t, Options{Cache: c}) // the work tree
	n := len(c.snippets)
	if n == 0 {
		t.Fatal("no snippet was remembered")
	}
	for k, f := range c.snippets {
		f.snippet = "<pre>from the work tree</pre>"
		c.snippets[k] = f
	}
	res := compile.Compile(tree, compile.Options{})
	spec := Spec(res.Program, status.Evaluate(res.Program), Options{Files: tree, Cache: c})
	if len(c.snippets) != n {
		t.Errorf("the tree read from git added %d snippets to the %d of the work tree", len(c.snippets)-n, n)
	}
	if j, _ := json.Marshal(spec); !strings.Contains(string(j), "from the work tree") {
		t.Error("the tree read from git highlighted its evidence again")
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
	if got := plainText("## Scope\n\nEveryone **must** use [MFA](x).\n", 17); got != "Scope Everyone…" {
		t.Errorf("plainText = %q", got)
	}
}
