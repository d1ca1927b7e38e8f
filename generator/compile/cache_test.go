package compile_test

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/attest-dev/attest"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/diag"
)

func diagText(t *testing.T, res *compile.Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := diag.Write(&b, "text", res.Diags.Items()); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestCacheGivesTheSameProgram: a compile from the cache equals a fresh one,
// follows an edited file, and shares no item with the program before it.
func TestCacheGivesTheSameProgram(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, name := range []string{"testdata/broken.txtar"} {
		for k, v := range fixtureFS(t, name) {
			fsys[k] = v
		}
	}
	cache := compile.NewCache()
	opts := compile.Options{Today: today, Cache: cache}
	first := compile.Compile(fsys, opts)
	second := compile.Compile(fsys, opts)
	fresh := compile.Compile(fsys, compile.Options{Today: today})
	if diagText(t, second) != diagText(t, fresh) || diagText(t, first) != diagText(t, fresh) {
		t.Fatalf("cached diagnostics differ from a fresh compile:\n%s\n---\n%s", diagText(t, second), diagText(t, fresh))
	}
	if !reflect.DeepEqual(second.Program.Policies, fresh.Program.Policies) || !reflect.DeepEqual(second.Program.Risks, fresh.Program.Risks) {
		t.Error("cached program differs from a fresh compile")
	}
	for i, p := range first.Program.Policies {
		if second.Program.Policies[i] == p {
			t.Fatalf("policy %s is shared between two compiles", p.ID)
		}
	}

	fsys["policies/access.md"] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys["policies/access.md"].Data), `status = "aproved"`, `status = "approved"`, 1))}
	third := compile.Compile(fsys, opts)
	freshThird := compile.Compile(fsys, compile.Options{Today: today})
	if diagText(t, third) != diagText(t, freshThird) {
		t.Fatalf("after an edit, cached diagnostics differ from a fresh compile")
	}
	if strings.Contains(diagText(t, third), `"aproved"`) {
		t.Error("the edited file was not compiled again")
	}
}

// TestCacheDroppedWhenCatalogsChange: criterion checks depend on the
// catalogs, so a new user catalog recompiles every file.
func TestCacheDroppedWhenCatalogsChange(t *testing.T) {
	fsys := fixtureFS(t, "testdata/minimal.txtar")
	fsys["policies/p.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"P\"\nowner = \"O\"\nstatus = \"draft\"\n[criteria]\nmini = [\"M.2\"]\n+++\n")}
	opts := compile.Options{Today: today, Cache: compile.NewCache()}
	if got := diagText(t, compile.Compile(fsys, opts)); !strings.Contains(got, `unknown Mini criterion "M.2"`) {
		t.Fatalf("want unknown criterion, got %s", got)
	}
	// Concat, not append: the data shares its array with the next file of the archive.
	fsys["frameworks/mini.toml"].Data = slices.Concat(fsys["frameworks/mini.toml"].Data, []byte("[[criterion]]\nid = \"M.2\"\ngroup = \"all\"\ntitle = \"Another\"\n"))
	if got := diagText(t, compile.Compile(fsys, opts)); strings.Contains(got, "unknown Mini criterion") {
		t.Fatalf("stale result after the catalog changed: %s", got)
	}
}

// TestCacheAfterConfigChange: config.toml is not a key of the cache, so
// what a cached file yielded must not depend on it — after the scope or any
// other setting changes, a compile from the cache says what a fresh one says.
func TestCacheAfterConfigChange(t *testing.T) {
	fsys := fixtureFS(t, "testdata/minimal.txtar")
	fsys["frameworks/maxi.toml"] = &fstest.MapFile{Data: []byte("id = \"maxi\"\nname = \"Maxi\"\n[[group]]\nid = \"all\"\nname = \"All\"\n[[criterion]]\nid = \"X.1\"\ngroup = \"all\"\ntitle = \"Something\"\n")}
	fsys["content/controls/one.md"] = &fstest.MapFile{Data: []byte("+++\nid = \"CTL-ONE\"\ntitle = \"One\"\nowner = \"O\"\nfrequency = \"annual\"\nkind = \"preventive\"\nsummary = \"S.\"\n[criteria]\nmaxi = [\"mini:M.1\"]\n+++\n\nIt operates.\n\n## Test procedure\n\n1. Look.\n")}
	opts := compile.Options{Today: today, Cache: compile.NewCache()}
	compile.Compile(fsys, opts)
	for _, scope := range []string{`frameworks = ["mini", "maxi"]`, `frameworks = ["maxi"]`} {
		cfg := bytes.Replace(fsys["config.toml"].Data, []byte(`frameworks = ["mini"]`), []byte(scope), 1)
		changed := maps.Clone(fsys)
		changed["config.toml"] = &fstest.MapFile{Data: cfg}
		cached, fresh := diagText(t, compile.Compile(changed, opts)), diagText(t, compile.Compile(changed, compile.Options{Today: today}))
		if cached != fresh {
			t.Errorf("with %s, the cache says:\n%s\na fresh compile:\n%s", scope, cached, fresh)
		}
	}
}

// BenchmarkCompileOneEdit is attest serve's compile after one policy was
// saved: every other file comes from the cache, evidence hashes from the
// hash cache the serve loop keeps.
func BenchmarkCompileOneEdit(b *testing.B) {
	dir := largeProgram(b)
	cache := compile.NewCache()
	hashes := memoHasher{}
	opts := compile.Options{Cache: cache, Hasher: hashes}
	compile.Compile(os.DirFS(dir), opts)
	policy := filepath.Join(dir, "policies", "policy-0007.md")
	orig, err := os.ReadFile(policy)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(policy, orig, 0o644)
	n := 0
	for b.Loop() {
		n++
		os.WriteFile(policy, append(orig, []byte(strings.Repeat("\nEdited.", n%3+1))...), 0o644)
		if res := compile.Compile(os.DirFS(dir), opts); res.Diags.HasErrors() {
			b.Fatal(res.Diags.Items()[0])
		}
	}
}

// TestSampleCompilesTheSameFromCache guards the embedded sample too.
func TestSampleCompilesTheSameFromCache(t *testing.T) {
	opts := compile.Options{Today: today, Cache: compile.NewCache()}
	a := compile.Compile(attest.Sample(), opts)
	b := compile.Compile(attest.Sample(), opts)
	if !reflect.DeepEqual(a.Program.Controls, b.Program.Controls) || !reflect.DeepEqual(a.Program.Evidence, b.Program.Evidence) {
		t.Error("sample differs when compiled from the cache")
	}
}
