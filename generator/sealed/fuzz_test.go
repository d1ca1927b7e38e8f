package sealed

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
)

// sealedFS seals files with key and returns the output as an in-memory
// tree, and the names of its objects in order.
func sealedFS(tb testing.TB, files map[string]string, key Key) (fstest.MapFS, []string) {
	tb.Helper()
	src := writeSite(tb, files)
	dst := filepath.Join(tb.TempDir(), "sealed")
	if _, err := Seal(src, dst, key, Stamp{Commit: "abc"}); err != nil {
		tb.Fatal(err)
	}
	out := fstest.MapFS{}
	var objects []string
	err := filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dst, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		out[rel] = &fstest.MapFile{Data: data}
		if filepath.Dir(rel) == objectsDir {
			objects = append(objects, rel)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out, objects
}

// FuzzOpen tampers with a sealed site as its host could: one object's bytes
// replaced (by garbage, a truncation, another object of the site, or an
// object of the same path from an earlier build), and sealed.json replaced.
// Open never panics, and never returns a file for a site whose objects were
// changed; a changed sealed.json either opens the very same site or fails.
func FuzzOpen(f *testing.F) {
	key := NewKey()
	files := map[string]string{"index.html": "<p>SECRET-INDEX</p>", "a/index.html": "<p>SECRET-A</p>", "a/evidence.json": `{"x":"SECRET"}`}
	base, objects := sealedFS(f, files, key)
	want, err := openFS(base, key, "")
	if err != nil {
		f.Fatal(err)
	}
	// An earlier build of the same files: every build has a key of its own
	// (a random one, or a passphrase's with a fresh salt).
	earlierKey := NewKey()
	earlier, _ := sealedFS(f, files, earlierKey)
	ks, _ := key.split()
	eks, _ := earlierKey.split()
	manifest := base[manifestFile].Data
	for p := range files {
		i := slices.Index(objects, ks.objectName(p))
		f.Add(uint8(i), earlier[eks.objectName(p)].Data, manifest)
	}
	for i, o := range objects {
		data := base[o].Data
		f.Add(uint8(i), data, manifest)
		f.Add(uint8(i), data[:len(data)-1], manifest)
		f.Add(uint8(i), data[:12], manifest)
		f.Add(uint8(i), []byte{}, manifest)
		f.Add(uint8(i), base[objects[(i+1)%len(objects)]].Data, manifest)
		flipped := bytes.Clone(data)
		flipped[len(flipped)/2] ^= 1
		f.Add(uint8(i), flipped, manifest)
	}
	f.Add(uint8(0), base[objects[0]].Data, earlier[manifestFile].Data)
	f.Add(uint8(0), base[objects[0]].Data, []byte(`{"format":"attest-sealed-1","check":""}`))
	f.Add(uint8(0), base[objects[0]].Data, []byte(`{"format":"attest-sealed-1","check":"AAAA","kdf":{"name":"PBKDF2-SHA256","iterations":1,"salt":"!"}}`))
	f.Add(uint8(0), base[objects[0]].Data, []byte(`null`))
	f.Add(uint8(0), base[objects[0]].Data, []byte{})
	f.Fuzz(func(t *testing.T, which uint8, object, manifestData []byte) {
		fsys := maps.Clone(base)
		name := objects[int(which)%len(objects)]
		fsys[name] = &fstest.MapFile{Data: object}
		fsys[manifestFile] = &fstest.MapFile{Data: manifestData}
		got, err := openFS(fsys, key, "")
		if err != nil {
			return
		}
		if !bytes.Equal(object, base[name].Data) {
			t.Fatalf("%s replaced by %d other bytes opened: %q", name, len(object), got)
		}
		if !maps.EqualFunc(got, want, bytes.Equal) {
			t.Fatalf("opened %q, want %q", got, want)
		}
	})
}

// FuzzOpenWrongKey: garbage in every place a key or sealed.json can take
// never opens a site, and never panics.
func FuzzOpenWrongKey(f *testing.F) {
	base, _ := sealedFS(f, map[string]string{"index.html": "<p>SECRET</p>"}, NewKey())
	f.Add("k=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "")
	f.Add("", "a passphrase of some length")
	f.Add("#k=", "")
	f.Add("k=====", "x")
	f.Fuzz(func(t *testing.T, fragment, pass string) {
		key, err := ParseFragment(fragment)
		if err != nil {
			key = Key{}
		}
		if got, err := openFS(base, key, pass); err == nil {
			t.Fatalf("fragment %q, passphrase %q opened %q", fragment, pass, got)
		}
	})
}

// FuzzUnframe: any plaintext reads as a frame or fails, never panics; what
// reads is what frame lays out again.
func FuzzUnframe(f *testing.F) {
	good, _ := frame("a/index.html", "text/html; charset=utf-8", []byte("<p>x</p>"))
	f.Add(good)
	f.Add(good[:10])
	f.Add([]byte{0xff, 0xff})
	f.Add([]byte{0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, plain []byte) {
		p, typ, body, err := unframe(plain)
		if err != nil {
			return
		}
		again, err := frame(p, typ, body)
		if err != nil {
			t.Fatal(err)
		}
		n := 8 + len(p) + len(typ) + len(body)
		if !bytes.Equal(again[:n], plain[:n]) {
			t.Fatalf("unframe(%q) = %q, %q, %q, which frames as %q", plain, p, typ, body, again)
		}
	})
}

// FuzzParseFragment: a fragment is a 32-byte key or an error; a key reads
// back as the fragment it writes.
func FuzzParseFragment(f *testing.F) {
	f.Add("#k=" + NewKey().Fragment()[2:])
	f.Add("k=")
	f.Add("#k=AAAA")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseFragment(s)
		if err != nil {
			return
		}
		if len(k.secret) != 32 {
			t.Fatalf("ParseFragment(%q): a %d-byte key", s, len(k.secret))
		}
		again, err := ParseFragment(k.Fragment())
		if err != nil || !bytes.Equal(again.secret, k.secret) {
			t.Fatalf("ParseFragment(%q).Fragment() = %q does not read back: %v", s, k.Fragment(), err)
		}
	})
}
