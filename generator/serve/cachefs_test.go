package serve

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestCachedFSForget(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "policies/a.md", "one")
	c := newCachedFS(os.DirFS(dir))
	read := func(name string) string {
		t.Helper()
		b, err := fs.ReadFile(c, name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	list := func(name string) int {
		t.Helper()
		entries, err := fs.ReadDir(c, name)
		if err != nil {
			t.Fatal(err)
		}
		return len(entries)
	}
	if read("policies/a.md") != "one" || list("policies") != 1 {
		t.Fatal("first read")
	}
	writeFile(t, dir, "policies/a.md", "two")
	writeFile(t, dir, "policies/b.md", "new")
	if read("policies/a.md") != "one" || list("policies") != 1 {
		t.Error("the cache was bypassed before being told of the change")
	}
	c.forget("policies/a.md")
	if read("policies/a.md") != "two" {
		t.Error("forget did not drop the file")
	}
	c.forget("policies/b.md")
	if list("policies") != 2 {
		t.Error("forget did not drop the listing of the file's folder")
	}
	if err := os.RemoveAll(filepath.Join(dir, "policies")); err != nil {
		t.Fatal(err)
	}
	c.forget("policies")
	if _, err := fs.ReadFile(c, "policies/a.md"); err == nil {
		t.Error("a removed folder's files are still served")
	}
	if _, err := c.Open("../x"); err == nil {
		t.Error("an invalid path was opened")
	}
}
