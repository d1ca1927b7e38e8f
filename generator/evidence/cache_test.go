package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func hexsum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// TestCacheKeys: an entry is used while path, size, modification time,
// inode and status change time match, and not once any of them changes, nor while the file was
// modified too recently to trust its time stamp.
func TestCacheKeys(t *testing.T) {
	dir := t.TempDir()
	fsys := os.DirFS(dir)
	name := filepath.Join(dir, "a.txt")
	old := time.Now().Add(-time.Hour)
	write := func(content string, mtime time.Time) {
		t.Helper()
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(name, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	c := NewCache("")
	hash := func() string {
		t.Helper()
		s, _, err := c.Hash(fsys, "a.txt")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	write("one", old)
	if hash() != hexsum("one") || hash() != hexsum("one") {
		t.Fatal("wrong sum")
	}
	if hits, misses := c.Stats(); hits != 1 || misses != 1 {
		t.Fatalf("hits %d, misses %d; want 1, 1", hits, misses)
	}

	// Another modification time: read again.
	write("two", old.Add(time.Second))
	if hash() != hexsum("two") {
		t.Error("a new modification time did not invalidate the entry")
	}
	// Another inode, same size and time (a file replaced by rename).
	repl := filepath.Join(dir, "b.txt")
	if err := os.WriteFile(repl, []byte("six"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(repl, old.Add(time.Second), old.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(repl, name); err != nil {
		t.Fatal(err)
	}
	if hash() != hexsum("six") {
		t.Error("a new inode did not invalidate the entry")
	}
	// Another size.
	write("seven", old.Add(time.Second))
	if hash() != hexsum("seven") {
		t.Error("a new size did not invalidate the entry")
	}
	// Modified just now: never trusted, since a second change within the
	// time stamp's resolution would go unseen.
	now := time.Now()
	write("ten", now)
	hash()
	_, before := c.Stats()
	write("one", now)
	if hash() != hexsum("one") {
		t.Error("a racily clean entry was trusted")
	}
	if _, after := c.Stats(); after != before+1 {
		t.Error("a racily clean file was not read again")
	}
}

// TestCacheSeesInPlaceEditWithMtimeRestored: a file rewritten in place with
// the same size and its modification time set back (os.Chtimes, touch -d)
// keeps its inode, but not its status change time, which no system call
// sets back: the cache must read it again (issue 11).
func TestCacheSeesInPlaceEditWithMtimeRestored(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.txt")
	old := time.Now().Add(-time.Hour)
	if err := os.WriteFile(name, []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(name, old, old); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	c := NewCache("")
	fsys := os.DirFS(dir)
	if sum, _, err := c.Hash(fsys, "a.txt"); err != nil || sum != hexsum("one") {
		t.Fatalf("Hash = %s, %v", sum, err)
	}
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte("two"), 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Chtimes(name, old, old); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	bk, _ := keyOf(before)
	ak, cacheable := keyOf(after)
	if !cacheable || ak.size != bk.size || ak.mtime != bk.mtime || ak.ino != bk.ino {
		t.Fatalf("the edit did not keep size, time and inode: %+v, %+v", bk, ak)
	}
	if ak.ctime == bk.ctime {
		t.Skip("this file system records no status change time (or too coarse a one) to tell the edit by")
	}
	if sum, _, _ := c.Hash(fsys, "a.txt"); sum != hexsum("two") {
		t.Error("an in-place edit with the modification time restored was answered from the cache")
	}
}

// TestCacheSaveLoad: a saved cache is found again, written atomically; a
// damaged one is ignored.
func TestCacheSaveLoad(t *testing.T) {
	dir := t.TempDir()
	fsys := os.DirFS(dir)
	old := time.Now().Add(-time.Hour)
	for _, n := range []string{"a", "b"} {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, []byte(n), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old, old)
	}
	file := filepath.Join(t.TempDir(), "sub", "repo.cache")
	c := NewCache(file)
	for _, n := range []string{"a", "b"} {
		if _, _, err := c.Hash(fsys, n); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(file))
	if len(entries) != 1 {
		t.Errorf("temporary files left beside the cache: %v", entries)
	}
	c2 := NewCache(file)
	if sum, _, _ := c2.Hash(fsys, "b"); sum != hexsum("b") {
		t.Error("wrong sum from the loaded cache")
	}
	if hits, misses := c2.Stats(); hits != 1 || misses != 0 {
		t.Errorf("loaded cache: %d hits, %d misses", hits, misses)
	}

	if err := os.WriteFile(file, []byte(cacheHeader+"nonsense\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c3 := NewCache(file)
	c3.Hash(fsys, "a")
	if hits, _ := c3.Stats(); hits != 0 {
		t.Error("a damaged cache was used")
	}

	// A cache written before the change time was part of the key, under
	// its own header or not, answers nothing: its entries match any edit
	// that kept size, modification time and inode.
	good := string(formatCache(c.entries))
	lines := strings.Split(strings.TrimPrefix(good, cacheHeader), "\n")
	var v1 strings.Builder
	for _, l := range lines {
		if f := strings.Split(l, "\t"); len(f) == 7 {
			v1.WriteString(strings.Join(append(f[:3:3], f[4:]...), "\t") + "\n")
		}
	}
	for _, src := range []string{"attest hash cache v1\n" + v1.String(), cacheHeader + v1.String()} {
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		c4 := NewCache(file)
		if sum, _, _ := c4.Hash(fsys, "a"); sum != hexsum("a") {
			t.Error("wrong sum")
		}
		if hits, _ := c4.Stats(); hits != 0 {
			t.Errorf("an old-format cache answered:\n%s", src)
		}
	}
}

// TestOpenCacheLocation: the cache is kept under the user's cache
// directory, one file per repository, never inside the repository.
func TestOpenCacheLocation(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", home)
	t.Setenv("HOME", home)
	a, b := OpenCache("/repo/one"), OpenCache("/repo/two")
	if filepath.Dir(a.File()) != filepath.Join(home, "attest", "hashes") || a.File() == b.File() {
		t.Errorf("cache files %s and %s", a.File(), b.File())
	}
	if OpenCache("/repo/one/.").File() != a.File() {
		t.Error("the same repository spelled differently gets another cache")
	}
}

func FuzzParseCache(f *testing.F) {
	f.Add([]byte(cacheHeader))
	f.Add(formatCache(map[string]cacheEntry{"evidence/a b.csv": {size: 3, mtime: 1, ino: 2, hashed: 4, sum: sha256.Sum256([]byte("x"))}}))
	f.Add([]byte(cacheHeader + "00\t1\t2\t3\t4\t5\tp\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		entries, err := parseCache(src)
		if err != nil {
			return
		}
		again, err := parseCache(formatCache(entries))
		if err != nil {
			t.Fatalf("formatted cache does not parse: %v", err)
		}
		if !maps.Equal(entries, again) {
			t.Fatal("round trip changed the entries")
		}
	})
}
