package sitetest

import (
	"io/fs"
	"maps"
	"strings"
	"testing"
	"testing/fstest"
)

// PlantTypo is a copy of layouts with the first old in file replaced by
// new, for checking that CheckContract catches the typo; the test fails
// when file does not hold old.
func PlantTypo(t testing.TB, layouts fs.FS, file, old, new string) fstest.MapFS {
	t.Helper()
	planted := fstest.MapFS{}
	err := fs.WalkDir(layouts, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(layouts, name)
		if name == file {
			if !strings.Contains(string(data), old) {
				t.Fatalf("%s does not hold %q", name, old)
			}
			data = []byte(strings.Replace(string(data), old, new, 1))
		}
		planted[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return planted
}

// WantProblems fails the test for each of want that the problems of
// CheckContract do not say.
func WantProblems(t testing.TB, problems []string, want []string) {
	t.Helper()
	got := strings.Join(problems, "\n")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("the check does not say %q; it says:\n%s", w, got)
		}
	}
}

// FieldDocsIn is FieldDocs of every one of dirs, in one map.
func FieldDocsIn(t testing.TB, dirs ...string) map[string]string {
	t.Helper()
	docs := map[string]string{}
	for _, dir := range dirs {
		d, err := FieldDocs(dir)
		if err != nil {
			t.Fatal(err)
		}
		maps.Copy(docs, d)
	}
	return docs
}
