package sitetest

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// ReadTree returns every file under dir by slash path, to compare one
// build's output with another's.
func ReadTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(name)
		rel, _ := filepath.Rel(dir, name)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// DiffTrees says how the tree got differs from want, a line a file in path
// order — extra, missing, or the first line that differs — or "" when they
// hold the same files, byte for byte.
func DiffTrees(got, want map[string][]byte) string {
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(got)) {
		w, ok := want[name]
		switch {
		case !ok:
			fmt.Fprintf(&b, "extra: %s\n", name)
		case !bytes.Equal(got[name], w):
			fmt.Fprintf(&b, "differs: %s: %s\n", name, LineDiff(string(w), string(got[name])))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if _, ok := got[name]; !ok {
			fmt.Fprintf(&b, "missing: %s\n", name)
		}
	}
	return b.String()
}

// LineDiff shows the first line where want and got differ, or "".
func LineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, wl, gl)
		}
	}
	return ""
}

// Golden compares a rendered page with its golden file, or, with update,
// writes the golden file. A difference is reported with its first differing
// line and how to accept it.
func Golden(t testing.TB, golden string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Errorf("%v (run the test with -update to create it)", err)
		return
	}
	if !bytes.Equal(got, want) {
		t.Errorf("differs from %s (run the test with -update after checking the change):\n%s", golden, LineDiff(string(want), string(got)))
	}
}

// SameTree fails the test when the tree got differs from want, saying how
// (the start of DiffTrees).
func SameTree(t testing.TB, what string, want, got map[string][]byte) {
	t.Helper()
	if d := DiffTrees(got, want); d != "" {
		t.Errorf("%s:\n%.3000s", what, d)
	}
}
