package deploy

import (
	"crypto/md5"
	"reflect"
	"testing"
)

func sum(s string) []byte { h := md5.Sum([]byte(s)); return h[:] }

func file(path, content string) File {
	return File{Path: path, Size: int64(len(content)), MD5: sum(content)}
}

func object(key, content string) Object {
	return Object{Key: key, Size: int64(len(content)), MD5: sum(content)}
}

// TestCompare: a file is uploaded when the bucket lacks it, or holds it
// with another size or MD5, or one it cannot tell; an object no file has is
// deleted; everything else is left alone. (Issue 17.)
func TestCompare(t *testing.T) {
	tests := []struct {
		name      string
		local     []File
		remote    []Object
		force     bool
		uploads   map[string]Reason
		deletes   []string
		unchanged int
	}{
		{name: "empty"},
		{name: "first deploy",
			local:   []File{file("index.html", "home"), file("a.css", "css")},
			uploads: map[string]Reason{"index.html": ReasonNew, "a.css": ReasonNew}},
		{name: "nothing changed",
			local:     []File{file("index.html", "home"), file("a.css", "css")},
			remote:    []Object{object("a.css", "css"), object("index.html", "home")},
			unchanged: 2},
		{name: "one edited, same size",
			local:     []File{file("index.html", "home"), file("a.css", "css")},
			remote:    []Object{object("a.css", "CSS"), object("index.html", "home")},
			uploads:   map[string]Reason{"a.css": ReasonMD5},
			unchanged: 1},
		{name: "one edited, other size",
			local:   []File{file("index.html", "home page")},
			remote:  []Object{object("index.html", "home")},
			uploads: map[string]Reason{"index.html": ReasonSize}},
		{name: "remote MD5 unknown",
			local:   []File{file("index.html", "home")},
			remote:  []Object{{Key: "index.html", Size: 4}},
			uploads: map[string]Reason{"index.html": ReasonMD5Missing}},
		{name: "one deleted",
			local:     []File{file("index.html", "home")},
			remote:    []Object{object("index.html", "home"), object("old/index.html", "old"), object("b.css", "b")},
			deletes:   []string{"b.css", "old/index.html"},
			unchanged: 1},
		{name: "forced",
			local:   []File{file("index.html", "home"), file("new.txt", "n")},
			remote:  []Object{object("index.html", "home")},
			force:   true,
			uploads: map[string]Reason{"index.html": ReasonForce, "new.txt": ReasonNew}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Compare(tt.local, tt.remote, tt.force)
			got := map[string]Reason{}
			var prev string
			for _, u := range p.Uploads {
				got[u.File.Path] = u.Reason
				if u.File.Path < prev {
					t.Errorf("uploads not sorted: %s after %s", u.File.Path, prev)
				}
				prev = u.File.Path
			}
			if len(got) != len(tt.uploads) || (len(got) > 0 && !reflect.DeepEqual(got, tt.uploads)) {
				t.Errorf("uploads %v, want %v", got, tt.uploads)
			}
			if !reflect.DeepEqual(p.Deletes, tt.deletes) {
				t.Errorf("deletes %v, want %v", p.Deletes, tt.deletes)
			}
			if p.Unchanged != tt.unchanged {
				t.Errorf("unchanged %d, want %d", p.Unchanged, tt.unchanged)
			}
			if p.Empty() != (len(tt.uploads) == 0 && len(tt.deletes) == 0) {
				t.Errorf("Empty() = %v", p.Empty())
			}
		})
	}
}
