package sealed

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func writeSite(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var site = map[string]string{
	"index.html":                          "<p>versions</p>",
	"latest/index.html":                   "<p>SECRET-OVERVIEW</p>",
	"latest/controls/ctl-mfa/index.html":  "<p>CTL-MFA SECRET</p>",
	"latest/evidence/mfa/idp-export.json": strings.Repeat(`{"user":"SECRET"}`, 2000),
	"latest/js/search.js":                 "search()",
	"latest/empty.txt":                    "",
}

// TestSealRoundTrip seals a site and opens it again, with the link's key
// and with a passphrase; a wrong key opens nothing.
func TestSealRoundTrip(t *testing.T) {
	src := writeSite(t, site)
	pass, err := FromPassphrase("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		key  Key
		open func(dir string) (map[string][]byte, error)
	}{
		{"link", NewKey(), nil},
		{"passphrase", pass, func(dir string) (map[string][]byte, error) { return Open(dir, Key{}, "correct horse battery staple") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := filepath.Join(t.TempDir(), "sealed")
			res, err := Seal(src, dst, tc.key, Stamp{Commit: "abc123"})
			if err != nil {
				t.Fatal(err)
			}
			if res.Files != len(site) {
				t.Errorf("sealed %d files, want %d", res.Files, len(site))
			}
			open := tc.open
			if open == nil {
				k, err := ParseFragment("#" + tc.key.Fragment())
				if err != nil {
					t.Fatal(err)
				}
				open = func(dir string) (map[string][]byte, error) { return Open(dir, k, "") }
			}
			got, err := open(dst)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(site))) {
				t.Errorf("opened %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(site)))
			}
			for name, body := range site {
				if string(got[name]) != body {
					t.Errorf("%s: opened %.40q, want %.40q", name, got[name], body)
				}
			}
			if _, err := Open(dst, NewKey(), ""); !errors.Is(err, ErrWrongKey) {
				t.Errorf("a wrong key: %v, want ErrWrongKey", err)
			}
			if tc.open != nil {
				if _, err := Open(dst, Key{}, "correct horse battery stapler"); !errors.Is(err, ErrWrongKey) {
					t.Errorf("a wrong passphrase: %v, want ErrWrongKey", err)
				}
			}
			m, ok, err := ReadManifest(dst)
			if err != nil || !ok || m.Commit != "abc123" {
				t.Errorf("manifest %+v, %v, %v", m, ok, err)
			}
			if (m.KDF != nil) != (tc.open != nil) || (m.KDF != nil && m.KDF.Iterations < 600_000) {
				t.Errorf("manifest's kdf %+v", m.KDF)
			}
		})
	}
}

// TestSealedOutputRevealsNoName: nothing in the sealed folder, names or
// bytes, holds a path or a word of the site, and objects of very different
// small files are one size.
func TestSealedOutputRevealsNoName(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "sealed")
	if _, err := Seal(writeSite(t, site), dst, NewKey(), Stamp{}); err != nil {
		t.Fatal(err)
	}
	sizes := map[int64]int{}
	filepath.WalkDir(dst, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dst, p)
		data, _ := os.ReadFile(p)
		if embedded, err := loader.ReadFile("loader/" + rel); err == nil {
			// The loader's files are the same for every site.
			if !bytes.Equal(data, embedded) {
				t.Errorf("%s differs from the loader's", rel)
			}
			return nil
		}
		for _, word := range []string{"SECRET", "ctl-mfa", "CTL-MFA", "idp-export", "evidence", "controls", "search", "latest"} {
			if strings.Contains(rel, word) || bytes.Contains(data, []byte(word)) {
				t.Errorf("%s holds %q", rel, word)
			}
		}
		if strings.HasPrefix(rel, "o"+string(filepath.Separator)) {
			fi, _ := d.Info()
			sizes[fi.Size()]++
		}
		return nil
	})
	// Five of the six files are under 4 KiB: one size for all five.
	if sizes[MinPadded+12+16] != 5 {
		t.Errorf("object sizes %v: want 5 of %d bytes", sizes, MinPadded+12+16)
	}
}

// TestSealMovedObjectIsRefused: the host swapping two objects' names is
// caught, since each path is sealed with its content.
func TestSealMovedObjectIsRefused(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "sealed")
	key := NewKey()
	if _, err := Seal(writeSite(t, map[string]string{"a.html": "a", "b.html": "b"}), dst, key, Stamp{}); err != nil {
		t.Fatal(err)
	}
	ks, _ := key.split()
	a, b := filepath.Join(dst, filepath.FromSlash(ks.objectName("a.html"))), filepath.Join(dst, filepath.FromSlash(ks.objectName("b.html")))
	tmp := a + ".tmp"
	os.Rename(a, tmp)
	os.Rename(b, a)
	os.Rename(tmp, b)
	if _, err := Open(dst, key, ""); err == nil || !strings.Contains(err.Error(), "object name differs") {
		t.Errorf("swapped objects: %v", err)
	}
}

func TestSealRefusesAFileWhereTheLoaderIs(t *testing.T) {
	_, err := Seal(writeSite(t, map[string]string{"sw.js": "x"}), filepath.Join(t.TempDir(), "s"), NewKey(), Stamp{})
	if err == nil || !strings.Contains(err.Error(), "sw.js") {
		t.Errorf("got %v", err)
	}
}

func TestPad(t *testing.T) {
	prev := 0
	for n := 0; n < 1<<22; n += 1 + n/7 {
		p := Pad(n)
		switch {
		case p < n:
			t.Fatalf("Pad(%d) = %d, smaller", n, p)
		case p < prev:
			t.Fatalf("Pad(%d) = %d, less than Pad of a smaller size (%d)", n, p, prev)
		case n > MinPadded && float64(p-n)/float64(n) > 0.12:
			t.Fatalf("Pad(%d) = %d, more than 12%% over", n, p)
		}
		prev = p
	}
	// Sizes within one bucket are told apart no more.
	if Pad(100_000) != Pad(100_300) {
		t.Errorf("Pad(100000) = %d, Pad(100300) = %d", Pad(100_000), Pad(100_300))
	}
}

func TestParseFragment(t *testing.T) {
	k := NewKey()
	for _, s := range []string{k.Fragment(), "#" + k.Fragment()} {
		got, err := ParseFragment(s)
		if err != nil || !bytes.Equal(got.secret, k.secret) {
			t.Errorf("ParseFragment(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"", "k=", "k=abc", "#k=" + strings.Repeat("A", 44)} {
		if _, err := ParseFragment(s); err == nil {
			t.Errorf("ParseFragment(%q) took it", s)
		}
	}
}

// TestLoaderSharesTheLabels: the loader derives, names and decrypts with
// the labels Seal uses (the Chromium test in cmd/attest runs it for real;
// this names the label that drifted).
func TestLoaderSharesTheLabels(t *testing.T) {
	keysJS, _ := loader.ReadFile("loader/keys.js")
	unlockJS, _ := loader.ReadFile("loader/unlock.js")
	swJS, _ := loader.ReadFile("loader/sw.js")
	for _, label := range []string{infoContent, infoNames, aadFile, aadCheck, checkText, "PBKDF2-SHA256", "'o/'"} {
		if !bytes.Contains(keysJS, []byte("'"+strings.Trim(label, "'")+"'")) {
			t.Errorf("keys.js lacks '%s'", label)
		}
	}
	if !bytes.Contains(unlockJS, []byte("'"+Format+"'")) {
		t.Errorf("unlock.js lacks the format %q", Format)
	}
	for _, name := range Plain() {
		if !bytes.Contains(swJS, []byte("'"+name+"'")) {
			t.Errorf("sw.js does not pass %s to the host", name)
		}
	}
}

// TestServiceWorkerKeepsTheSitePolicy: the policy the service worker sets on
// documents it decrypts is the system description theme's own.
func TestServiceWorkerKeepsTheSitePolicy(t *testing.T) {
	head, err := os.ReadFile("../../themes/system-description/layouts/_partials/head.html")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`http-equiv="Content-Security-Policy" content="([^"]+)"`).FindSubmatch(head)
	if m == nil {
		t.Fatal("the theme's head.html has no Content-Security-Policy")
	}
	sw, _ := loader.ReadFile("loader/sw.js")
	if !bytes.Contains(sw, []byte(`const sitePolicy = "`+string(m[1])+`";`)) {
		t.Errorf("sw.js's sitePolicy is not the theme's %q", m[1])
	}
}

// TestContentType: the service worker serves the sites' own types, but
// evidence in a text format as plain text.
func TestContentType(t *testing.T) {
	for p, want := range map[string]string{
		"latest/index.html":           "text/html; charset=utf-8",
		"latest/fonts/inter.woff2":    "font/woff2",
		"latest/evidence/a/notes.md":  "text/plain; charset=utf-8",
		"latest/evidence/a/users.CSV": "text/plain; charset=utf-8",
		"latest/evidence/a/app.yaml":  "text/plain; charset=utf-8",
		"latest/evidence/a/scan.pdf":  "application/pdf",
		"latest/evidence/a/dump.bin":  "application/octet-stream",
	} {
		if got := contentType(p); got != want {
			t.Errorf("contentType(%q) = %q, want %q", p, got, want)
		}
	}
}
