package bundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/attest-dev/attest/generator/bundle/bundletest"
)

var commitTime = time.Date(2026, 7, 1, 12, 0, 0, 0, time.FixedZone("CEST", 2*3600))

func testSite() fstest.MapFS {
	return fstest.MapFS{
		"index.html":                  {Data: []byte("<a href=\"controls/ctl-mfa/index.html\">MFA</a>")},
		"controls/ctl-mfa/index.html": {Data: []byte("<a href=\"../../evidence/2026/mfa.txt\">evidence</a>")},
		"evidence/2026/mfa.txt":       {Data: []byte("mfa enforced for all 42 staff\n")},
		"css/site.css":                {Data: []byte("body{}")},
		"évidence/a very long name " + strings.Repeat("x", 120) + ".txt": {Data: []byte("long")},
	}
}

func testManifest() Manifest {
	return Manifest{
		Program:    Program{Organization: "Northwind Ledger", Frameworks: []string{"soc2"}, ReportType: 2, PeriodStart: "2026-01-01", PeriodEnd: "2026-06-30"},
		Version:    "latest",
		Commit:     "0123456789abcdef0123456789abcdef01234567",
		CommitTime: commitTime.Format(time.RFC3339),
		Evaluated:  "2026-07-01",
		Attest:     "(devel)",
	}
}

func pack(t testing.TB, site fstest.MapFS, pdf []byte, sign Signer) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := Pack(&buf, testManifest(), Contents{Root: "attest-northwind-ledger-latest", Site: site, PDF: pdf, Time: commitTime}, sign); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func fakeSign(manifest []byte) ([]byte, error) {
	return []byte("signature of " + string(manifest[:10])), nil
}

// TestPackIsReproducible: the same contents give the same bytes, and every
// entry carries only what the contents decide: sorted paths, the commit's
// time, owner 0 without names, modes 0644 and 0755, a gzip header without
// time or name.
func TestPackIsReproducible(t *testing.T) {
	a := pack(t, testSite(), []byte("%PDF-1.7"), fakeSign)
	b := pack(t, testSite(), []byte("%PDF-1.7"), fakeSign)
	if !bytes.Equal(a, b) {
		t.Fatal("two packs of the same contents differ")
	}
	gz, err := gzip.NewReader(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if !gz.ModTime.IsZero() || gz.Name != "" || gz.Comment != "" || gz.Extra != nil {
		t.Errorf("gzip header carries %v %q %q %q", gz.ModTime, gz.Name, gz.Comment, gz.Extra)
	}
	tr := tar.NewReader(gz)
	var names []string
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, hdr.Name)
		if !hdr.ModTime.Equal(commitTime) || hdr.Uid != 0 || hdr.Gid != 0 || hdr.Uname != "" || hdr.Gname != "" || !hdr.AccessTime.IsZero() || !hdr.ChangeTime.IsZero() {
			t.Errorf("%s: time %v, owner %d:%d %q:%q", hdr.Name, hdr.ModTime, hdr.Uid, hdr.Gid, hdr.Uname, hdr.Gname)
		}
		want := int64(0o644)
		if hdr.Typeflag == tar.TypeDir {
			want = 0o755
		}
		if hdr.Mode != want {
			t.Errorf("%s: mode %o, want %o", hdr.Name, hdr.Mode, want)
		}
	}
	wantNames := []string{
		"attest-northwind-ledger-latest/",
		"attest-northwind-ledger-latest/MANIFEST.json",
		"attest-northwind-ledger-latest/MANIFEST.json.sig",
		"attest-northwind-ledger-latest/site/",
		"attest-northwind-ledger-latest/site/controls/",
		"attest-northwind-ledger-latest/site/controls/ctl-mfa/",
		"attest-northwind-ledger-latest/site/controls/ctl-mfa/index.html",
		"attest-northwind-ledger-latest/site/css/",
		"attest-northwind-ledger-latest/site/css/site.css",
		"attest-northwind-ledger-latest/site/evidence/",
		"attest-northwind-ledger-latest/site/evidence/2026/",
		"attest-northwind-ledger-latest/site/evidence/2026/mfa.txt",
		"attest-northwind-ledger-latest/site/index.html",
		"attest-northwind-ledger-latest/site/évidence/",
		"attest-northwind-ledger-latest/site/évidence/a very long name " + strings.Repeat("x", 120) + ".txt",
		"attest-northwind-ledger-latest/system-description.pdf",
	}
	if strings.Join(names, "\n") != strings.Join(wantNames, "\n") {
		t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(names, "\n"), strings.Join(wantNames, "\n"))
	}

	// Another time, or another byte of a file, gives other bytes.
	var other bytes.Buffer
	if _, err := Pack(&other, testManifest(), Contents{Root: "attest-northwind-ledger-latest", Site: testSite(), PDF: []byte("%PDF-1.7"), Time: commitTime.Add(time.Second)}, fakeSign); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(other.Bytes(), a) {
		t.Error("another commit time gave the same bytes")
	}
}

func TestPackListsEveryFileAndReadChecksThem(t *testing.T) {
	data := pack(t, testSite(), []byte("%PDF-1.7"), nil)
	a, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if a.Root != "attest-northwind-ledger-latest" || a.Signature != nil || len(a.Problems) != 0 {
		t.Errorf("root %q, signature %q, problems %v", a.Root, a.Signature, a.Problems)
	}
	m, problems := a.Check()
	if len(problems) != 0 {
		t.Errorf("problems: %v", problems)
	}
	if len(m.Files) != 6 || m.Files[0].Path != "site/controls/ctl-mfa/index.html" || m.Files[5].Path != PDFName {
		t.Errorf("manifest files: %+v", m.Files)
	}
	sum := sha256.Sum256([]byte("mfa enforced for all 42 staff\n"))
	if m.Files[2].Path != "site/evidence/2026/mfa.txt" || m.Files[2].Size != 30 || m.Files[2].SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("evidence file: %+v", m.Files[2])
	}
	if m.Format != Format || m.Program.Organization != "Northwind Ledger" || m.Commit != testManifest().Commit {
		t.Errorf("manifest: %+v", m)
	}
}

// TestCheckFindsEveryTamper: each way of changing an archive after it was
// packed is a problem naming the file.
func TestCheckFindsEveryTamper(t *testing.T) {
	good := bundletest.Entries(t, pack(t, testSite(), nil, nil))
	const root = "attest-northwind-ledger-latest/"
	edit := func(f func([]bundletest.Entry) []bundletest.Entry) []bundletest.Entry {
		es := make([]bundletest.Entry, len(good))
		for i, e := range good {
			es[i] = bundletest.Entry{Hdr: e.Hdr, Data: bytes.Clone(e.Data)}
		}
		return f(es)
	}
	find := func(es []bundletest.Entry, name string) int {
		for i, e := range es {
			if e.Hdr.Name == root+name {
				return i
			}
		}
		t.Fatalf("no %s", name)
		return -1
	}
	tests := []struct {
		name string
		es   []bundletest.Entry
		want []string
	}{
		{"a changed byte", edit(func(es []bundletest.Entry) []bundletest.Entry {
			es[find(es, "site/evidence/2026/mfa.txt")].Data[0] ^= 1
			return es
		}), []string{"site/evidence/2026/mfa.txt: changed: 30 bytes with SHA-256"}},
		{"a removed file", edit(func(es []bundletest.Entry) []bundletest.Entry {
			i := find(es, "site/css/site.css")
			return append(es[:i], es[i+1:]...)
		}), []string{"site/css/site.css: missing"}},
		{"an added file", edit(func(es []bundletest.Entry) []bundletest.Entry {
			return append(es, bundletest.Entry{Hdr: tar.Header{Name: root + "site/extra.html", Typeflag: tar.TypeReg, Mode: 0o644}, Data: []byte("x")})
		}), []string{"site/extra.html: not in the manifest"}},
		{"no manifest", edit(func(es []bundletest.Entry) []bundletest.Entry {
			i := find(es, "MANIFEST.json")
			return append(es[:i], es[i+1:]...)
		}), []string{"MANIFEST.json: missing"}},
		{"a manifest that does not parse", edit(func(es []bundletest.Entry) []bundletest.Entry {
			es[find(es, "MANIFEST.json")].Data = []byte("{")
			return es
		}), []string{"MANIFEST.json: does not parse"}},
		{"a link", edit(func(es []bundletest.Entry) []bundletest.Entry {
			return append(es, bundletest.Entry{Hdr: tar.Header{Name: root + "site/link", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"}, Data: nil})
		}), []string{"site/link: a link or special file"}},
		{"outside the folder", edit(func(es []bundletest.Entry) []bundletest.Entry {
			return append(es, bundletest.Entry{Hdr: tar.Header{Name: "other/x", Typeflag: tar.TypeReg}, Data: []byte("x")},
				bundletest.Entry{Hdr: tar.Header{Name: root + "../x", Typeflag: tar.TypeReg}, Data: []byte("x")})
		}), []string{"attest-northwind-ledger-latest/../x: outside the bundle's folder", "other/x: outside the bundle's folder"}},
		{"twice", edit(func(es []bundletest.Entry) []bundletest.Entry {
			i := find(es, "site/index.html")
			return append(es, bundletest.Entry{Hdr: es[i].Hdr, Data: []byte("other")})
		}), []string{"site/index.html: twice in the archive"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Read(bytes.NewReader(bundletest.Archive(t, tt.es)))
			if err != nil {
				t.Fatal(err)
			}
			_, problems := a.Check()
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			if len(got) != len(tt.want) {
				t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("problem %q, want %q…", got[i], tt.want[i])
				}
			}
		})
	}
}

func TestReadRefusesWhatIsNotABundle(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("plain text"), []byte("age-encryption.org/v1\n")} {
		if _, err := Read(bytes.NewReader(in)); err == nil {
			t.Errorf("%q read as a bundle", in)
		}
	}
	var empty bytes.Buffer
	gz := gzip.NewWriter(&empty)
	tar.NewWriter(gz).Close()
	gz.Close()
	if _, err := Read(&empty); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("an empty tar: %v", err)
	}
}

func TestParseManifestRefuses(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"format": "attest-bundle/2"}`, `format "attest-bundle/2"`},
		{`{"format": "attest-bundle/1", "claims": "all controls pass"}`, `unknown field "claims"`},
		{`{"format": "attest-bundle/1", "files": [{"path": "../x"}]}`, `lists "../x"`},
		{`{"format": "attest-bundle/1", "files": [{"path": "MANIFEST.json"}]}`, `lists "MANIFEST.json"`},
		{`{"format": "attest-bundle/1"} {}`, "more than one"},
	}
	for _, tt := range tests {
		if _, err := ParseManifest([]byte(tt.in)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.in, err, tt.want)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(pack(f, testSite(), []byte("%PDF"), fakeSign))
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, in []byte) {
		a, err := Read(bytes.NewReader(in))
		if err != nil {
			return
		}
		for p := range a.Files {
			if !validPath(p) {
				t.Fatalf("a file at %q", p)
			}
		}
		a.Check()
	})
}

func FuzzParseManifest(f *testing.F) {
	a, _ := Read(bytes.NewReader(pack(f, testSite(), nil, nil)))
	f.Add(a.Manifest)
	f.Add([]byte(`{"format": "attest-bundle/1", "files": [{"path": "a/../b"}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := ParseManifest(in)
		if err != nil {
			return
		}
		for _, file := range m.Files {
			if !validPath(file.Path) {
				t.Fatalf("accepted %q", file.Path)
			}
		}
	})
}
