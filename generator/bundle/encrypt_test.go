package bundle

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"golang.org/x/crypto/ssh"
)

// sshKey makes an Ed25519 SSH key: its private key file's bytes (with
// passphrase when not empty) and its public key line.
func sshKey(t testing.TB, passphrase string) (private []byte, public string) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var block *pem.Block
	if passphrase == "" {
		block, err = ssh.MarshalPrivateKey(priv, "auditor")
	} else {
		block, err = ssh.MarshalPrivateKeyWithPassphrase(priv, "auditor", []byte(passphrase))
	}
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(block), strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sp))) + " auditor@example.com"
}

func ecdsaKey(t testing.TB) string {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ssh.NewPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sp)))
}

func encrypt(t testing.TB, plain []byte, recipients []age.Recipient) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := Encrypt(&buf, recipients)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(plain)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decrypt(encrypted []byte, ids []age.Identity) ([]byte, error) {
	br := bufio.NewReader(bytes.NewReader(encrypted))
	if !Encrypted(br) {
		return nil, errors.New("not seen as encrypted")
	}
	r, err := Decrypt(br, ids)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func TestParseRecipients(t *testing.T) {
	_, ed := sshKey(t, "")
	x, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	// As https://github.com/NAME.keys serves them, with comments added.
	file := "# the auditors\n\n" + ed + "\n" + ecdsaKey(t) + "\r\n  " + x.Recipient().String() + "  \n"
	recs, skipped, err := ParseRecipients([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || len(skipped) != 1 || !strings.HasPrefix(skipped[0], "line 4: an SSH key of type ecdsa-sha2-nistp256") {
		t.Errorf("%d recipients, skipped %q", len(recs), skipped)
	}

	bad := []struct{ in, want string }{
		{"", "no recipient"},
		{"# only a comment\n" + ecdsaKey(t) + "\n", "no recipient"},
		{ed + "\nnot a key\n", "line 2: neither an age recipient"},
		{x.String() + "\n", "line 1: an age secret key"},
		{"age1yubikey1qwerty\n", "plugin"},
	}
	for _, tt := range bad {
		_, _, err := ParseRecipients([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.in, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "AGE-SECRET-KEY") {
			t.Errorf("the error repeats a secret key: %v", err)
		}
	}
	if _, err := ParseRecipient(ecdsaKey(t)); err == nil {
		t.Error("an ECDSA key given as -to was taken")
	}
}

// TestEncryptDecrypt: a bundle encrypted to an age key and an SSH key opens
// with either, and with neither another key nor none opens it.
func TestEncryptDecrypt(t *testing.T) {
	plain := pack(t, testSite(), nil, nil)
	x, _ := age.GenerateX25519Identity()
	priv, pub := sshKey(t, "")
	recs, _, err := ParseRecipients([]byte(x.Recipient().String() + "\n" + pub + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	enc := encrypt(t, plain, recs)
	if Encrypted(bufio.NewReader(bytes.NewReader(plain))) {
		t.Error("a plain archive seen as encrypted")
	}
	sshIDs, err := ParseIdentities(priv, nil)
	if err != nil {
		t.Fatal(err)
	}
	ageIDs, err := ParseIdentities([]byte("# created: now\n"+x.String()+"\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, ids := range map[string][]age.Identity{"ssh": sshIDs, "age": ageIDs} {
		got, err := decrypt(enc, ids)
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("%s identity: %v", name, err)
		}
	}
	otherPriv, _ := sshKey(t, "")
	other, _ := ParseIdentities(otherPriv, nil)
	var noMatch *age.NoIdentityMatchError
	if _, err := decrypt(enc, other); !errors.As(err, &noMatch) {
		t.Errorf("another key: %v, want no identity matched", err)
	}
	if _, err := decrypt(enc, nil); err == nil {
		t.Error("decrypted without a key")
	}

	// An SSH key with a passphrase asks for it when used.
	locked, lockedPub := sshKey(t, "correct horse")
	enc2 := encrypt(t, plain, mustRecipients(t, lockedPub))
	asked := 0
	ids, err := ParseIdentities(locked, func() ([]byte, error) { asked++; return []byte("correct horse"), nil })
	if err != nil {
		t.Fatal(err)
	}
	if got, err := decrypt(enc2, ids); err != nil || !bytes.Equal(got, plain) || asked != 1 {
		t.Errorf("passphrase key: %v, asked %d times", err, asked)
	}
	ids, _ = ParseIdentities(locked, func() ([]byte, error) { return []byte("wrong"), nil })
	if _, err := decrypt(enc2, ids); err == nil {
		t.Error("decrypted with a wrong passphrase")
	}

	if _, err := ParseIdentities([]byte("not a key"), nil); err == nil {
		t.Error("took a file that is no key")
	}
}

func mustRecipients(t *testing.T, lines ...string) []age.Recipient {
	t.Helper()
	recs, _, err := ParseRecipients([]byte(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestStockAgeDecrypts: the auditor needs no attest to open a bundle: the
// age CLI decrypts it with their SSH key or age identity, and what attest
// reads, age encrypted (armored too).
func TestStockAgeDecrypts(t *testing.T) {
	ageCLI, err := exec.LookPath("age")
	if err != nil {
		t.Skip("the age CLI is not installed (apt-get install age): the test against it is skipped")
	}
	dir := t.TempDir()
	plain := pack(t, testSite(), nil, nil)
	priv, pub := sshKey(t, "")
	x, _ := age.GenerateX25519Identity()
	keyFile, idFile := filepath.Join(dir, "id_ed25519"), filepath.Join(dir, "key.txt")
	os.WriteFile(keyFile, priv, 0o600)
	os.WriteFile(idFile, []byte(x.String()+"\n"), 0o600)
	encFile := filepath.Join(dir, "b.tar.gz.age")
	os.WriteFile(encFile, encrypt(t, plain, mustRecipients(t, pub, x.Recipient().String())), 0o644)
	for _, id := range []string{keyFile, idFile} {
		out, err := exec.Command(ageCLI, "-d", "-i", id, encFile).Output()
		if err != nil || !bytes.Equal(out, plain) {
			t.Errorf("age -d -i %s: %v", filepath.Base(id), err)
		}
	}
	for _, armored := range []bool{false, true} {
		args := []string{"-e", "-r", x.Recipient().String()}
		if armored {
			args = append(args, "-a")
		}
		cmd := exec.Command(ageCLI, args...)
		cmd.Stdin = bytes.NewReader(plain)
		enc, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		got, err := decrypt(enc, []age.Identity{x})
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("what age -e (armored: %v) wrote: %v", armored, err)
		}
	}
}

func FuzzParseRecipients(f *testing.F) {
	_, ed := sshKey(f, "")
	f.Add([]byte("# c\n" + ed + "\n" + ecdsaKey(f) + "\n"))
	f.Add([]byte("age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		recs, _, err := ParseRecipients(in)
		if err == nil && len(recs) == 0 {
			t.Fatal("no recipients and no error")
		}
	})
}
