package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/attest-dev/attest/generator/bundle"
	"github.com/attest-dev/attest/generator/bundle/bundletest"
	"github.com/attest-dev/attest/generator/pdf"
	"github.com/attest-dev/attest/generator/sshsig"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// runWithPrinter runs attest bundle as the dispatcher does, but with
// printPDF standing in for attest pdf's printer.
func runWithPrinter(t *testing.T, printPDF pdfPrinter, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := bundleWith(context.Background(), args, &out, &errb, printPDF)
	return out.String(), errb.String(), err
}

// testSSHKey writes a new Ed25519 key to dir/name (and name.pub) and returns
// its private key and its public key line.
func testSSHKey(t *testing.T, dir, name string) (ed25519.PrivateKey, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, name)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	pub := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(signer.PublicKey())))
	if err := os.WriteFile(filepath.Join(dir, name), pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".pub"), []byte(pub+" "+name+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return priv, pub
}

// extract writes the archive's files under dir, as tar xzf does.
func extract(t *testing.T, data []byte, dir string) {
	t.Helper()
	for _, e := range bundletest.Entries(t, data) {
		target := filepath.Join(dir, filepath.FromSlash(e.Hdr.Name))
		if e.Hdr.Typeflag == tar.TypeDir {
			os.MkdirAll(target, 0o755)
			continue
		}
		os.MkdirAll(filepath.Dir(target), 0o755)
		if err := os.WriteFile(target, e.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readManifest(t *testing.T, data []byte) bundle.Manifest {
	t.Helper()
	for _, e := range bundletest.Entries(t, data) {
		if strings.HasSuffix(e.Hdr.Name, "/"+bundle.ManifestName) {
			m, err := bundle.ParseManifest(e.Data)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
	}
	t.Fatal("no manifest")
	return bundle.Manifest{}
}

// TestBundleIsReproducible builds the bundle of one commit in two clones of
// a real repository, and gets the same bytes; the archive's site opens from
// disk, every link resolving inside it; the manifest says what it is.
// -no-pdf leaves the printer unused. (Issue 16.)
func TestBundleIsReproducible(t *testing.T) {
	r, hash := sampleRepo(t)
	failing := func(context.Context, pdfRequest, io.Writer) error { return errors.New("the printer was called") }
	var bundles [][]byte
	for i := range 2 {
		clone := filepath.Join(t.TempDir(), "clone")
		r.Git("clone", "-q", r.Dir, clone)
		if i == 1 {
			// Uncommitted changes, to a source and to the folders the site
			// mounts, are not the commit's: the bundle leaves them out.
			os.WriteFile(filepath.Join(clone, "config.toml"), []byte("not = [toml\n"), 0o644)
			os.MkdirAll(filepath.Join(clone, "static"), 0o755)
			os.WriteFile(filepath.Join(clone, "static", "uncommitted.txt"), []byte("x"), 0o644)
		}
		out := filepath.Join(t.TempDir(), "b.tar.gz")
		stdout, stderr, err := runWithPrinter(t, failing, "-C", clone, "-o", out, "-no-pdf")
		if err != nil {
			t.Fatalf("clone %d: %v\n%s", i, err, stderr)
		}
		if dirty := strings.Contains(stderr, "uncommitted changes; the bundle holds commit "+hash[:12]+" without them"); dirty != (i == 1) {
			t.Errorf("clone %d: warned of uncommitted changes: %v\n%s", i, dirty, stderr)
		}
		if strings.Contains(stderr, "hugo:") {
			t.Errorf("hugo logged:\n%s", stderr)
		}
		if !strings.Contains(stdout, "bundled the system description of Northwind Ledger (latest, commit "+hash[:12]+" of 2026-07-01)") {
			t.Errorf("stdout:\n%s", stdout)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		bundles = append(bundles, data)
	}
	if !bytes.Equal(bundles[0], bundles[1]) {
		t.Fatal("two clones of one commit gave different bundles")
	}

	m := readManifest(t, bundles[0])
	if m.Commit != hash || m.Version != "latest" || m.Tag != "" || m.Evaluated != "2026-07-01" || m.CommitTime != "2026-07-01T12:00:00+02:00" || m.Attest != "(devel)" {
		t.Errorf("manifest: %+v", m)
	}
	p := m.Program
	if p.Organization != "Northwind Ledger" || strings.Join(p.Frameworks, ",") != "soc2,iso27001" || p.ReportType != 2 || p.PeriodStart != "2026-01-01" || p.PeriodEnd != "2026-06-30" {
		t.Errorf("manifest program: %+v", p)
	}
	evidence := 0
	for _, f := range m.Files {
		if strings.HasPrefix(f.Path, "site/evidence/") {
			evidence++
		}
		if f.Path == bundle.PDFName {
			t.Error("-no-pdf, and a PDF")
		}
	}
	if evidence == 0 {
		t.Error("no evidence files in the bundle")
	}

	dir := t.TempDir()
	extract(t, bundles[0], dir)
	site := filepath.Join(dir, "attest-northwind-ledger-latest", "site")
	if _, err := os.Stat(filepath.Join(site, "index.html")); err != nil {
		t.Fatal(err)
	}
	checkLinks(t, site, "link: ")

	// Unsigned: it verifies, and says it is unsigned.
	file := filepath.Join(t.TempDir(), "b.tar.gz")
	os.WriteFile(file, bundles[0], 0o644)
	code, stdout, stderr := attestRun("verify", file)
	if code != 0 || !strings.Contains(stdout, "none: the bundle is not signed") {
		t.Errorf("verify an unsigned bundle: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestBundleSignedAndVerified: a bundle signed with an SSH key file
// verifies with attest verify and with stock ssh-keygen -Y verify; every
// tamper is caught and names the file; an unsigned bundle fails when a
// signature is asked for. (Issue 16.)
func TestBundleSignedAndVerified(t *testing.T) {
	r, hash := sampleRepo(t)
	keys := t.TempDir()
	testSSHKey(t, keys, "id_ed25519")
	_, otherPub := testSSHKey(t, keys, "other")
	pubLine, _ := os.ReadFile(filepath.Join(keys, "id_ed25519.pub"))
	allowed := filepath.Join(keys, "allowed_signers")
	os.WriteFile(allowed, []byte("# the auditors' list\nci@northwind.example namespaces=\"attest\" "+string(pubLine)), 0o644)
	others := filepath.Join(keys, "others")
	os.WriteFile(others, []byte("someone@example.com "+otherPub+"\n"), 0o644)

	out := filepath.Join(t.TempDir(), "signed.tar.gz")
	code, stdout, stderr := attestRun("bundle", "-C", r.Dir, "-o", out, "-sign", filepath.Join(keys, "id_ed25519"))
	if code != 0 {
		t.Fatalf("bundle: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "signed MANIFEST.json with ED25519 SHA256:") {
		t.Errorf("stdout:\n%s", stdout)
	}
	signed, _ := os.ReadFile(out)

	code, stdout, stderr = attestRun("verify", out, "-allowed-signers", allowed)
	if code != 0 {
		t.Fatalf("verify: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"organization  Northwind Ledger",
		"report        type 2, period 2026-01-01 to 2026-06-30",
		"commit        " + hash,
		"statuses as of 2026-07-01",
		"files         ",
		"each as listed",
		"signer        ci@northwind.example (ED25519 SHA256:",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("verify's output lacks %q:\n%s", want, stdout)
		}
	}

	// Stock OpenSSH checks the extracted manifest, as the auditor would.
	if keygen, err := exec.LookPath("ssh-keygen"); err == nil {
		dir := t.TempDir()
		extract(t, signed, dir)
		root := filepath.Join(dir, "attest-northwind-ledger-latest")
		manifest, _ := os.ReadFile(filepath.Join(root, bundle.ManifestName))
		cmd := exec.Command(keygen, "-Y", "verify", "-f", allowed, "-I", "ci@northwind.example", "-n", "attest", "-s", filepath.Join(root, bundle.SignatureName))
		cmd.Stdin = bytes.NewReader(manifest)
		if got, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(got), `Good "attest" signature for ci@northwind.example`) {
			t.Errorf("ssh-keygen -Y verify: %v\n%s", err, got)
		}
	} else {
		t.Log("ssh-keygen is not installed: the check with stock OpenSSH is skipped")
	}

	const root = "attest-northwind-ledger-latest/"
	tamper := func(edit func(es []bundletest.Entry) []bundletest.Entry) string {
		es := bundletest.Entries(t, signed)
		file := filepath.Join(t.TempDir(), "tampered.tar.gz")
		if err := os.WriteFile(file, bundletest.Archive(t, edit(es)), 0o644); err != nil {
			t.Fatal(err)
		}
		return file
	}
	find := func(es []bundletest.Entry, name string) int {
		for i, e := range es {
			if e.Hdr.Name == root+name {
				return i
			}
		}
		t.Fatalf("no %s in the bundle", name)
		return -1
	}
	var evidenceFile string
	for _, e := range bundletest.Entries(t, signed) {
		if strings.HasPrefix(e.Hdr.Name, root+"site/evidence/") && e.Hdr.Typeflag == tar.TypeReg {
			evidenceFile = strings.TrimPrefix(e.Hdr.Name, root)
			break
		}
	}
	tests := []struct {
		name    string
		file    string
		allowed string
		want    string // on stderr
	}{
		{"a changed byte in a site file", tamper(func(es []bundletest.Entry) []bundletest.Entry {
			es[find(es, "site/index.html")].Data[10] ^= 0x20
			return es
		}), allowed, "site/index.html: changed:"},
		{"a changed evidence file", tamper(func(es []bundletest.Entry) []bundletest.Entry {
			i := find(es, evidenceFile)
			es[i].Data = append(es[i].Data, '\n')
			return es
		}), allowed, evidenceFile + ": changed:"},
		{"a removed file", tamper(func(es []bundletest.Entry) []bundletest.Entry {
			i := find(es, "site/index.html")
			return append(es[:i], es[i+1:]...)
		}), allowed, "site/index.html: missing"},
		{"an added file", tamper(func(es []bundletest.Entry) []bundletest.Entry {
			return append(es, bundletest.Entry{Hdr: tar.Header{Name: root + "site/extra/note.html", Typeflag: tar.TypeReg, Mode: 0o644}, Data: []byte("all controls pass")})
		}), allowed, "site/extra/note.html: not in the manifest"},
		{"a manifest edited after signing", tamper(func(es []bundletest.Entry) []bundletest.Entry {
			i := find(es, "MANIFEST.json")
			es[i].Data = bytes.Replace(es[i].Data, []byte(`"report_type": 2`), []byte(`"report_type": 1`), 1)
			return es
		}), allowed, "MANIFEST.json.sig: does not match MANIFEST.json"},
		{"a changed file with the manifest edited to match", tamper(func(es []bundletest.Entry) []bundletest.Entry {
			i := find(es, "site/index.html")
			old := sha256Hex(es[i].Data)
			es[i].Data = bytes.Replace(es[i].Data, []byte("Northwind"), []byte("Southwind"), 1)
			j := find(es, "MANIFEST.json")
			es[j].Data = bytes.Replace(es[j].Data, []byte(old), []byte(sha256Hex(es[i].Data)), 1)
			return es
		}), allowed, "MANIFEST.json.sig: does not match MANIFEST.json"},
		{"a key not in the allowed list", out, others, "MANIFEST.json.sig: signed by ED25519 SHA256:"},
		{"unsigned when a signature is asked for", tamper(func(es []bundletest.Entry) []bundletest.Entry {
			i := find(es, "MANIFEST.json.sig")
			return append(es[:i], es[i+1:]...)
		}), allowed, "MANIFEST.json.sig: missing: the bundle is not signed"},
		{"a signature for another namespace", tamper(func(es []bundletest.Entry) []bundletest.Entry {
			i := find(es, "MANIFEST.json.sig")
			es[i].Data = otherNamespaceSig(t, filepath.Join(keys, "id_ed25519"), es[find(es, "MANIFEST.json")].Data)
			return es
		}), allowed, `for namespace "git", not "attest"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := attestRun("verify", tt.file, "-allowed-signers", tt.allowed)
			if code != 1 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr lacks %q:\n%s", code, tt.want, stderr)
			}
			if !strings.Contains(stderr, filepath.Base(tt.file)+": ") {
				t.Errorf("the problems do not name the bundle:\n%s", stderr)
			}
		})
	}
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// otherNamespaceSig signs manifest with the key for git, not attest.
func otherNamespaceSig(t *testing.T, keyFile string, manifest []byte) []byte {
	t.Helper()
	signer, _, err := sshSigner(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := sshsig.Sign(signer, manifest, "git")
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// TestBundleEncryptedAndSignedThroughTheAgent: -sign naming a public key
// signs with the ssh-agent that holds its private half, as git does; -to
// and -to-file encrypt to an SSH key and an age key (an ECDSA key in the
// file skipped with a warning); the bundle verifies with either
// recipient's key, and not without one or with another. (Issue 16.)
func TestBundleEncryptedAndSignedThroughTheAgent(t *testing.T) {
	r, _ := sampleRepo(t)
	keys := t.TempDir()
	signerKey, _ := testSSHKey(t, keys, "signer")
	_, auditorPub := testSSHKey(t, keys, "auditor")
	testSSHKey(t, keys, "stranger")
	startAgent(t, signerKey)
	ageID, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(keys, "age.txt"), []byte("# created by the test\n"+ageID.String()+"\n"), 0o600)
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecPub, _ := ssh.NewPublicKey(&ec.PublicKey)
	recipients := filepath.Join(keys, "auditors.keys")
	os.WriteFile(recipients, []byte("# as github.com/NAME.keys lists them\n"+string(ssh.MarshalAuthorizedKey(ecPub))+ageID.Recipient().String()+"\n"), 0o644)
	pubLine, _ := os.ReadFile(filepath.Join(keys, "signer.pub"))
	allowed := filepath.Join(keys, "allowed_signers")
	os.WriteFile(allowed, []byte("ci@northwind.example "+string(pubLine)), 0o644)

	// A private key file with a passphrase signs through the agent that
	// holds it, asking for nothing.
	block, err := ssh.MarshalPrivateKeyWithPassphrase(signerKey, "signer", []byte("correct horse"))
	if err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(keys, "signer-locked")
	os.WriteFile(locked, pem.EncodeToMemory(block), 0o600)
	s, done, err := sshSigner(locked)
	if err != nil {
		t.Fatalf("-sign a key with a passphrase that the agent holds: %v", err)
	}
	if sig, err := sshsig.Sign(s, []byte("m"), "attest"); err != nil || !bytes.Contains(sig, []byte("SSH SIGNATURE")) {
		t.Errorf("sign through the agent: %v", err)
	}
	done()

	wd := t.TempDir()
	t.Chdir(wd)
	code, stdout, stderr := attestRun("bundle", "-C", r.Dir, "-sign", filepath.Join(keys, "signer.pub"), "-to", auditorPub, "-to-file", recipients)
	if code != 0 {
		t.Fatalf("bundle: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "auditors.keys: line 2: an SSH key of type ecdsa-sha2-nistp256") || !strings.Contains(stdout, "encrypted to 2 recipients") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
	}
	file := "attest-northwind-ledger-latest.tar.gz.age"
	data, err := os.ReadFile(filepath.Join(wd, file))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("age-encryption.org/v1\n")) {
		t.Fatal("not an age file")
	}

	for _, id := range []string{"auditor", "age.txt"} {
		code, stdout, stderr := attestRun("verify", file, "-identity", filepath.Join(keys, id), "-allowed-signers", allowed)
		if code != 0 || !strings.Contains(stdout, "(encrypted, decrypted)") || !strings.Contains(stdout, "signer        ci@northwind.example") {
			t.Errorf("verify with %s: exit %d\n%s%s", id, code, stdout, stderr)
		}
	}
	code, _, stderr = attestRun("verify", file)
	if code != 2 || !strings.Contains(stderr, "is encrypted: give -identity KEY") {
		t.Errorf("verify without a key: exit %d\n%s", code, stderr)
	}
	code, _, stderr = attestRun("verify", file, "-identity", filepath.Join(keys, "stranger"))
	if code != 1 || !strings.Contains(stderr, "is not encrypted to") {
		t.Errorf("verify with another key: exit %d\n%s", code, stderr)
	}
	if ageCLI, err := exec.LookPath("age"); err == nil {
		plain, err := exec.Command(ageCLI, "-d", "-i", filepath.Join(keys, "auditor"), file).Output()
		if err != nil || !bytes.HasPrefix(plain, []byte{0x1f, 0x8b}) {
			t.Errorf("age -d -i auditor: %v", err)
		}
	} else {
		t.Log("the age CLI is not installed: decrypting with it is skipped")
	}

	// Without the agent, a public key cannot sign.
	t.Setenv("SSH_AUTH_SOCK", "")
	code, _, stderr = attestRun("bundle", "-C", r.Dir, "-sign", filepath.Join(keys, "signer.pub"))
	if code != 1 || !strings.Contains(stderr, "SSH_AUTH_SOCK is not set") {
		t.Errorf("no agent: exit %d\n%s", code, stderr)
	}
}

// startAgent serves an ssh-agent holding key on a socket of the test, and
// points SSH_AUTH_SOCK at it.
func startAgent(t *testing.T, key ed25519.PrivateKey) {
	t.Helper()
	keyring := agent.NewKeyring()
	if err := keyring.Add(agent.AddedKey{PrivateKey: key}); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "agent")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Skip("unix sockets unavailable:", err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				agent.ServeAgent(keyring, c)
			}()
		}
	}()
	t.Setenv("SSH_AUTH_SOCK", sock)
}

// TestBundleOfATagWithItsPDF: -version names a tag, which the manifest and
// the folder carry; the PDF printer's output is in the bundle and its
// manifest; a tag that does not exist is refused. (Issue 16.)
func TestBundleOfATagWithItsPDF(t *testing.T) {
	r, hash := sampleRepo(t)
	r.Tag("2026-07-02T09:00:00+02:00", "audit/2026", "The 2026 SOC 2 type 2 audit")
	r.CommitChange("2026-07-03T09:00:00+02:00", "after the audit", func() { r.Write("NOTES.txt", "later\n") })
	var asked pdfRequest
	printer := func(_ context.Context, req pdfRequest, w io.Writer) error {
		asked = req
		if _, err := os.Stat(filepath.Join(req.Site, "index.html")); err != nil {
			return err
		}
		_, err := io.WriteString(w, "%PDF-1.7 made at "+req.Time.UTC().Format("2006-01-02T15:04:05Z")+"\n")
		return err
	}
	out := filepath.Join(t.TempDir(), "tag.tar.gz")
	_, stderr, err := runWithPrinter(t, printer, "-C", r.Dir, "-version", "audit/2026", "-o", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if asked.Title != "Northwind Ledger — System description" || asked.Time.Format("2006-01-02") != "2026-07-01" {
		t.Errorf("the printer was asked for %+v", asked)
	}
	data, _ := os.ReadFile(out)
	m := readManifest(t, data)
	if m.Tag != "audit/2026" || m.Version != "audit/2026" || m.Commit != hash {
		t.Errorf("manifest: version %q, tag %q, commit %s; want the tag's commit %s", m.Version, m.Tag, m.Commit, hash)
	}
	found := false
	for _, e := range bundletest.Entries(t, data) {
		if e.Hdr.Name == "attest-northwind-ledger-audit-2026/"+bundle.PDFName {
			found = string(e.Data) == "%PDF-1.7 made at 2026-07-01T10:00:00Z\n"
		}
	}
	listed := false
	for _, f := range m.Files {
		listed = listed || f.Path == bundle.PDFName
	}
	if !found || !listed {
		t.Errorf("the PDF: in the archive %v, in the manifest %v", found, listed)
	}
	code, _, stderr := attestRun("verify", out)
	if code != 0 {
		t.Errorf("verify: exit %d\n%s", code, stderr)
	}

	code, _, stderr = attestRun("bundle", "-C", r.Dir, "-version", "audit/2025", "-o", out)
	if code != 1 || !strings.Contains(stderr, "-version audit/2025: no such tag") {
		t.Errorf("no such tag: exit %d\n%s", code, stderr)
	}
	code, _, stderr = attestRun("bundle", "-C", r.Dir, "-version", "audit/2026", "-ref", "main")
	if code != 2 {
		t.Errorf("-version and -ref: exit %d\n%s", code, stderr)
	}
}

// TestVerifyRefusesWhatItCannotCheck: no bundle, two, a file that is no
// bundle, and an allowed-signers file that does not parse (named at its
// line) are refused before anything is said to hold.
func TestVerifyRefusesWhatItCannotCheck(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("not a bundle\n"), 0o644)
	badSigners := filepath.Join(dir, "allowed_signers")
	os.WriteFile(badSigners, []byte("# ok\nalice@example.com restrict ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOw1wQ3a0wQ3uKQ2uTt8j6dVZkz0rH8T0y9kqkq0pY3K\n"), 0o644)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"verify"}, 2, "give one bundle"},
		{[]string{"verify", text, text}, 2, "give one bundle"},
		{[]string{"verify", text}, 1, "not an attest bundle"},
		{[]string{"verify", filepath.Join(dir, "missing.tar.gz")}, 1, "no such file"},
		{[]string{"verify", text, "-allowed-signers", badSigners}, 1, "allowed_signers: line 2: "},
	}
	for _, tt := range tests {
		code, stdout, stderr := attestRun(tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr:\n%s\nwant exit %d and %q", tt.args, code, stdout, stderr, tt.code, tt.want)
		}
	}
}

// TestBundleHoldsThePDF bundles the sample twice with attest's own printer
// (headless Chromium): the archive holds system-description.pdf, listed in
// the manifest, and the two archives are the same bytes — the PDF's dates
// and ID come from the commit (issue 16).
func TestBundleHoldsThePDF(t *testing.T) {
	if _, err := pdf.FindChromium(""); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	r, _ := sampleRepo(t)
	var archives [][]byte
	for i := range 2 {
		out := filepath.Join(t.TempDir(), "b.tar.gz")
		if code, _, stderr := attestRun("bundle", "-C", r.Dir, "-o", out, "-quiet"); code != 0 {
			t.Fatalf("bundle %d: exit %d\n%s", i, code, stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		archives = append(archives, data)
	}
	if !bytes.Equal(archives[0], archives[1]) {
		t.Error("two bundles of one commit, PDF included, differ")
	}
	zr, err := gzip.NewReader(bytes.NewReader(archives[0]))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var pdfSize int64
	var manifest []byte
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch path.Base(h.Name) {
		case "system-description.pdf":
			pdfSize = h.Size
		case "MANIFEST.json":
			manifest, _ = io.ReadAll(tr)
		}
	}
	if pdfSize < 100_000 || !bytes.Contains(manifest, []byte(`"system-description.pdf"`)) {
		t.Errorf("the bundle's PDF: %d bytes; listed in the manifest: %v", pdfSize, bytes.Contains(manifest, []byte("system-description.pdf")))
	}
}
