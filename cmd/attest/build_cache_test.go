package main

import (
	"github.com/attest-dev/attest/generator/evidence"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attest-dev/attest/generator/gitfs/gittest"
	"github.com/attest-dev/attest/generator/site/sitetest"
	"github.com/attest-dev/attest/generator/synth"
)

// reuseLine is what attest build -verbose says when it kept the last
// build's outputs.
const reuseLine = "nothing changed since the last build"

// buildTrees runs attest build in dir (with -verbose when verbose) and
// returns both outputs and what it printed on stderr.
func buildTrees(t *testing.T, dir string, verbose bool) (pub, priv map[string][]byte, stderr string) {
	t.Helper()
	args := []string{"build", "-C", dir}
	if verbose {
		args = append(args, "-verbose")
	}
	code, _, stderr := attestRun(args...)
	if code != 0 {
		t.Fatalf("attest %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
	}
	return sitetest.ReadTree(t, filepath.Join(dir, "public")), sitetest.ReadTree(t, filepath.Join(dir, "private")), stderr
}

// cleanTrees builds the program in dir with ATTEST_NOCACHE=1, as from
// nothing: the outputs any other build of the same inputs must equal.
func cleanTrees(t *testing.T, dir string) (pub, priv map[string][]byte) {
	t.Helper()
	t.Setenv("ATTEST_NOCACHE", "1")
	defer os.Unsetenv("ATTEST_NOCACHE")
	os.RemoveAll(filepath.Join(dir, "public"))
	os.RemoveAll(filepath.Join(dir, "private"))
	pub, priv, _ = buildTrees(t, dir, false)
	return pub, priv
}

// TestBuildReusesAnUnchangedBuild: a build whose inputs and outputs are as
// the last build left them does nothing and prints what it printed; any
// change — a source edited, committed, an output touched or removed —
// builds again; and every output equals a build without the cache.
func TestBuildReusesAnUnchangedBuild(t *testing.T) {
	t.Setenv("ATTEST_CACHE_DIR", t.TempDir())
	r, _ := sampleRepoAt(t, "2026-01-10T10:00:00Z")
	// What the build prints (the sample's warnings) is printed again when
	// the build is reused.
	pub1, priv1, stderr1 := buildTrees(t, r.Dir, false)
	index := filepath.Join(r.Dir, "public", "index.html")
	before, err := os.Stat(index)
	if err != nil {
		t.Fatal(err)
	}

	pub2, priv2, stderr2 := buildTrees(t, r.Dir, true)
	if !strings.Contains(stderr2, reuseLine) {
		t.Fatalf("an unchanged program was built again:\n%s", stderr2)
	}
	if got := strings.Replace(stderr2, stderr2[strings.Index(stderr2, reuseLine):], "", 1); got != stderr1 {
		t.Errorf("a reused build printed\n%s\nwant what the build printed:\n%s", got, stderr1)
	}
	if after, err := os.Stat(index); err != nil || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("a reused build rewrote %s", index)
	}
	sitetest.SameTree(t, "the trust center reused", pub1, pub2)
	sitetest.SameTree(t, "the system description reused", priv1, priv2)
	pubClean, privClean := cleanTrees(t, r.Dir)
	sitetest.SameTree(t, "the trust center against a build without the cache", pubClean, pub1)
	sitetest.SameTree(t, "the system description against a build without the cache", privClean, priv1)

	// The clean build wrote the same bytes at other times: they are the
	// recorded outputs still.
	if _, _, stderr := buildTrees(t, r.Dir, true); !strings.Contains(stderr, reuseLine) {
		t.Fatalf("outputs of the recorded bytes, written again, were built again:\n%s", stderr)
	}

	steps := []struct {
		name   string
		change func()
	}{
		{"a policy edited", func() {
			r.Edit("policies/acceptable-use.md", `title = "`, `title = "Edited `)
		}},
		{"the edit committed", func() { r.Commit("2026-01-11T10:00:00Z", "Retitle") }},
		{"a tag added", func() { r.Tag("2026-01-12T10:00:00Z", "audit/v1", "First") }},
		{"an output file changed", func() {
			os.WriteFile(index, []byte("changed"), 0o644)
		}},
		{"an output file changed, its size and time kept", func() {
			fi, err := os.Stat(index)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(index)
			data[len(data)-2] ^= 1
			os.WriteFile(index, data, 0o644)
			os.Chtimes(index, fi.ModTime(), fi.ModTime())
		}},
		{"an output file added", func() {
			os.WriteFile(filepath.Join(r.Dir, "private", "extra.html"), []byte("x"), 0o644)
		}},
		{"an output removed", func() { os.RemoveAll(filepath.Join(r.Dir, "private")) }},
		{"a file of its own folder added", func() {
			r.Write("layouts/_partials/footer.html", "<footer>Ours</footer>\n")
		}},
	}
	for _, s := range steps {
		s.change()
		pub, priv, stderr := buildTrees(t, r.Dir, true)
		if strings.Contains(stderr, reuseLine) {
			t.Fatalf("%s: the last build's outputs were kept", s.name)
		}
		buildTrees(t, r.Dir, false) // recorded: -verbose builds are not
		if _, _, stderr := buildTrees(t, r.Dir, true); !strings.Contains(stderr, reuseLine) {
			t.Errorf("%s: the build after was not reused:\n%s", s.name, stderr)
		}
		pubClean, privClean := cleanTrees(t, r.Dir)
		sitetest.SameTree(t, s.name+": the trust center against a build without the cache", pubClean, pub)
		sitetest.SameTree(t, s.name+": the system description against a build without the cache", privClean, priv)
		buildTrees(t, r.Dir, false)
	}

	// Files whose modification times changed (a CI cache restored) but not
	// their bytes are kept.
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := os.Chtimes(index, old, old); err != nil {
		t.Fatal(err)
	}
	if _, _, stderr := buildTrees(t, r.Dir, true); !strings.Contains(stderr, reuseLine) {
		t.Errorf("outputs of the same bytes, other times, were built again:\n%s", stderr)
	}
}

// TestBuildReuseOfTheSyntheticProgram: the synthetic program built, then
// reused, is byte for byte what a build without the cache writes.
func TestBuildReuseOfTheSyntheticProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the synthetic program three times")
	}
	t.Setenv("ATTEST_CACHE_DIR", t.TempDir())
	r := gittest.New(t)
	if err := synth.Write(r.Dir, synth.Small); err != nil {
		t.Fatal(err)
	}
	r.Write(".gitignore", "/public/\n/private/\n")
	r.Commit("2026-03-01T10:00:00Z", "Synthetic program")
	pub1, priv1, _ := buildTrees(t, r.Dir, false)
	pub2, priv2, stderr := buildTrees(t, r.Dir, true)
	if !strings.Contains(stderr, reuseLine) {
		t.Fatalf("an unchanged program was built again:\n%s", stderr)
	}
	pubClean, privClean := cleanTrees(t, r.Dir)
	for _, c := range []struct {
		what      string
		got, want map[string][]byte
	}{
		{"the trust center built", pub1, pubClean}, {"the system description built", priv1, privClean},
		{"the trust center reused", pub2, pubClean}, {"the system description reused", priv2, privClean},
	} {
		sitetest.SameTree(t, c.what+" against a build without the cache", c.want, c.got)
	}
	if len(priv1) < 600 {
		t.Errorf("only %d private files: the evidence is missing", len(priv1))
	}
}

// TestBuildWithoutTheCacheRecordsNothing: ATTEST_NOCACHE=1 neither reads
// nor writes the build record.
func TestBuildWithoutTheCacheRecordsNothing(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("ATTEST_CACHE_DIR", cache)
	r, _ := sampleRepoAt(t, "2026-01-10T10:00:00Z")
	t.Setenv("ATTEST_NOCACHE", "1")
	buildTrees(t, r.Dir, false)
	if entries, _ := os.ReadDir(filepath.Join(cache, "builds")); len(entries) > 0 {
		t.Errorf("ATTEST_NOCACHE=1 recorded the build: %v", entries)
	}
	os.Unsetenv("ATTEST_NOCACHE")
	buildTrees(t, r.Dir, false)
	t.Setenv("ATTEST_NOCACHE", "1")
	if _, _, stderr := buildTrees(t, r.Dir, true); strings.Contains(stderr, reuseLine) {
		t.Errorf("ATTEST_NOCACHE=1 reused the last build")
	}
}

// TestSealedBuildsAreNeverReused: an unchanged program built with -encrypt
// after a plain build is sealed, not the plain output kept; and a sealed
// build is not recorded, for its key is printed once and kept nowhere: the
// next -encrypt build seals again with a fresh key it prints.
func TestSealedBuildsAreNeverReused(t *testing.T) {
	t.Setenv("ATTEST_CACHE_DIR", t.TempDir())
	r, _ := sampleRepoAt(t, "2026-01-10T10:00:00Z")
	buildTrees(t, r.Dir, false)
	if _, _, stderr := buildTrees(t, r.Dir, true); !strings.Contains(stderr, reuseLine) {
		t.Fatalf("the plain build was not recorded, so this test proves nothing:\n%s", stderr)
	}
	var keys []string
	for i := range 2 {
		code, stdout, stderr := attestRun("build", "-C", r.Dir, "-verbose", "-encrypt")
		if code != 0 {
			t.Fatalf("build -encrypt: exit %d\n%s", code, stderr)
		}
		if strings.Contains(stderr, reuseLine) {
			t.Fatalf("build -encrypt %d kept an earlier output:\n%s", i+1, stderr)
		}
		m := linkKey.FindStringSubmatch(stdout)
		if m == nil {
			t.Fatalf("build -encrypt %d printed no key:\n%s", i+1, stdout)
		}
		keys = append(keys, m[1])
		if _, err := os.Stat(filepath.Join(r.Dir, "private", "latest", "index.html")); err == nil {
			t.Fatalf("build -encrypt %d left the plain description in private/", i+1)
		}
	}
	if keys[0] == keys[1] {
		t.Error("two sealed builds have the same key")
	}
	if _, _, stderr := buildTrees(t, r.Dir, true); strings.Contains(stderr, reuseLine) {
		t.Error("a plain build after sealed ones kept the sealed output")
	}
}

// TestBuildHashesEvidenceThroughTheCache: a build of the work tree hashes
// its evidence through the hash cache check and serve keep, so an unchanged
// file is not read to be hashed again; a file changed since (same size) is
// hashed anew and the build refuses it, as before.
func TestBuildHashesEvidenceThroughTheCache(t *testing.T) {
	t.Setenv("ATTEST_CACHE_DIR", t.TempDir())
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	r, _ := sampleRepoAt(t, "2026-01-10T10:00:00Z")
	// Files written the moment before they are hashed are never trusted
	// from the cache (git's racy-clean rule): these were written an hour ago.
	hourAgo := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(filepath.Join(r.Dir, "evidence"), func(name string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chtimes(name, hourAgo, hourAgo)
	})
	if err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := attestRun("build", "-C", r.Dir); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	cache := evidence.OpenCache(r.Dir)
	file := "evidence/access-review/2026-q1-access-review.csv"
	if _, _, err := cache.Hash(os.DirFS(r.Dir), file); err != nil {
		t.Fatal(err)
	}
	if hits, misses := cache.Stats(); hits != 1 || misses != 0 {
		t.Fatalf("after a build, %s was not in the hash cache (hits %d, misses %d)", file, hits, misses)
	}
	data, err := os.ReadFile(filepath.Join(r.Dir, file))
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-2] ^= 1 // same size, other bytes
	if err := os.WriteFile(filepath.Join(r.Dir, file), data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := attestRun("build", "-C", r.Dir)
	if code != 1 || !strings.Contains(stderr, file) || !strings.Contains(stderr, "sha256") {
		t.Errorf("a changed evidence file: exit %d, want 1 and its sha256 refused:\n%s", code, stderr)
	}
}
