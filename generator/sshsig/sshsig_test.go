package sshsig

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha512"
	"encoding/base64"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// testKeys are one key of each type ssh-keygen makes by default, made
// afresh for the test run.
func testKeys(t testing.TB) map[string]crypto.Signer {
	t.Helper()
	_, ed, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]crypto.Signer{"ed25519": ed, "rsa": rs, "ecdsa": ec}
}

func sshSigner(t testing.TB, key crypto.Signer) ssh.Signer {
	t.Helper()
	s, err := ssh.NewSignerFromSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSignVerifyRoundTrip(t *testing.T) {
	msg := []byte("{\"organization\": \"Northwind Ledger\"}\n")
	for name, key := range testKeys(t) {
		t.Run(name, func(t *testing.T) {
			signer := sshSigner(t, key)
			armored, err := Sign(signer, msg, "attest")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(armored, []byte(beginArmor+"\n")) || !bytes.HasSuffix(armored, []byte("\n"+endArmor+"\n")) {
				t.Errorf("not armored as ssh-keygen writes it:\n%s", armored)
			}
			for _, line := range strings.Split(strings.TrimSpace(string(armored)), "\n") {
				if len(line) > lineLength {
					t.Errorf("a line of %d characters: ssh-keygen wraps at %d", len(line), lineLength)
				}
			}
			sig, err := Parse(armored)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(sig.PublicKey.Marshal(), signer.PublicKey().Marshal()) {
				t.Error("the signature carries another key")
			}
			if err := sig.Verify(msg, "attest"); err != nil {
				t.Errorf("verify: %v", err)
			}
			if !bytes.Equal(Armor(sig), armored) {
				t.Error("Armor(Parse(s)) differs from s")
			}
			if err := sig.Verify(append([]byte{}, msg[1:]...), "attest"); err == nil {
				t.Error("a changed message verified")
			}
			if err := sig.Verify(msg, "git"); err == nil || !strings.Contains(err.Error(), `namespace "attest", not "git"`) {
				t.Errorf("another namespace: %v", err)
			}
			if name == "rsa" && sig.Signature.Format != ssh.KeyAlgoRSASHA512 {
				t.Errorf("RSA signed with %s, want rsa-sha2-512", sig.Signature.Format)
			}
		})
	}
}

// TestSHA1RSARefused: ssh-keygen refuses ssh-rsa signatures (RSA with
// SHA-1); so does Verify, though the signature itself is good.
func TestSHA1RSARefused(t *testing.T) {
	key := testKeys(t)["rsa"]
	signer := sshSigner(t, key)
	msg := []byte("manifest")
	d := signedData("attest", "sha512", sha512Sum(msg))
	raw, err := signer.(ssh.AlgorithmSigner).SignWithAlgorithm(rand.Reader, d, ssh.KeyAlgoRSA)
	if err != nil {
		t.Fatal(err)
	}
	sig := &Signature{PublicKey: signer.PublicKey(), Namespace: "attest", HashAlgorithm: "sha512", Signature: raw}
	if err := sig.Verify(msg, "attest"); err == nil || !strings.Contains(err.Error(), "SHA-1") {
		t.Errorf("ssh-rsa signature: %v", err)
	}
}

func sha512Sum(b []byte) []byte {
	d := sha512.Sum512(b)
	return d[:]
}

func TestParseRefuses(t *testing.T) {
	signer := sshSigner(t, testKeys(t)["ed25519"])
	good, err := Sign(signer, []byte("m"), "attest")
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := Parse(good)
	blob := func(edit func(b *bytes.Buffer)) []byte {
		var b bytes.Buffer
		b.WriteString(magic)
		b.Write([]byte{0, 0, 0, 1})
		writeString(&b, sig.PublicKey.Marshal())
		writeString(&b, []byte("attest"))
		edit(&b)
		var out bytes.Buffer
		out.WriteString(beginArmor + "\n")
		out.WriteString(b64(b.Bytes()))
		out.WriteString("\n" + endArmor + "\n")
		return out.Bytes()
	}
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "does not start with"},
		{"no end", beginArmor + "\nU1NIU0lH\n", "no " + endArmor},
		{"text after", string(good) + "extra\n", "text follows"},
		{"bad base64", beginArmor + "\n!!!!\n" + endArmor + "\n", "base64"},
		{"other magic", beginArmor + "\n" + b64([]byte("SSHSIX\x00\x00\x00\x01")) + "\n" + endArmor + "\n", "does not start with SSHSIG"},
		{"version 2", beginArmor + "\n" + b64([]byte("SSHSIG\x00\x00\x00\x02")) + "\n" + endArmor + "\n", "version 2"},
		{"cut short", beginArmor + "\n" + b64([]byte("SSHSIG\x00\x00\x00\x01\x00\x00\x01\x00")) + "\n" + endArmor + "\n", "cut short"},
		{"reserved", string(blob(func(b *bytes.Buffer) {
			writeString(b, []byte("x"))
			writeString(b, []byte("sha512"))
			writeString(b, ssh.Marshal(sig.Signature))
		})), "reserved"},
		{"trailing bytes", string(blob(func(b *bytes.Buffer) {
			writeString(b, nil)
			writeString(b, []byte("sha512"))
			writeString(b, ssh.Marshal(sig.Signature))
			b.WriteString("xx")
		})), "2 bytes follow"},
		{"too long", beginArmor + strings.Repeat("A", maxArmored), "too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
	// An unknown hash algorithm parses but does not verify.
	odd := blob(func(b *bytes.Buffer) {
		writeString(b, nil)
		writeString(b, []byte("md5"))
		writeString(b, ssh.Marshal(sig.Signature))
	})
	s, err := Parse(odd)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Verify([]byte("m"), "attest"); err == nil || !strings.Contains(err.Error(), `"md5"`) {
		t.Errorf("md5: %v", err)
	}
	// Line breaks are free: \r\n, and one long line, read the same.
	crlf := strings.ReplaceAll(string(good), "\n", "\r\n")
	one := beginArmor + "\n" + strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(string(good), beginArmor+"\n"), endArmor+"\n"), "\n", "") + "\n" + endArmor
	for _, in := range []string{crlf, one} {
		s, err := Parse([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Verify([]byte("m"), "attest"); err != nil {
			t.Error(err)
		}
	}
}

// sshKeygen returns the path of ssh-keygen, or skips the test.
func sshKeygen(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("ssh-keygen")
	if err != nil {
		t.Skip("ssh-keygen (OpenSSH) is not installed: the test against stock OpenSSH is skipped")
	}
	return p
}

// writeKey writes key as an OpenSSH private key file, with its .pub.
func writeKey(t *testing.T, dir, name string, key crypto.Signer) (string, ssh.PublicKey) {
	t.Helper()
	block, err := ssh.MarshalPrivateKey(key, "test key")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	pub := sshSigner(t, key).PublicKey()
	if err := os.WriteFile(file+".pub", ssh.MarshalAuthorizedKey(pub), 0o644); err != nil {
		t.Fatal(err)
	}
	return file, pub
}

// TestAgainstSSHKeygen checks both directions against stock OpenSSH: what
// Sign makes, ssh-keygen -Y verify accepts (and refuses for another
// message); what ssh-keygen -Y sign makes, Verify accepts; and for
// Ed25519, whose signatures are deterministic, the two are the same bytes.
func TestAgainstSSHKeygen(t *testing.T) {
	keygen := sshKeygen(t)
	dir := t.TempDir()
	msg := []byte("{\n  \"commit\": \"0123456789abcdef\"\n}\n")
	msgFile := filepath.Join(dir, "MANIFEST.json")
	if err := os.WriteFile(msgFile, msg, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, key := range testKeys(t) {
		t.Run(name, func(t *testing.T) {
			keyFile, pub := writeKey(t, dir, "id_"+name, key)
			allowed := filepath.Join(dir, "allowed_signers_"+name)
			line := "auditor@example.com " + string(ssh.MarshalAuthorizedKey(pub))
			if err := os.WriteFile(allowed, []byte(line), 0o644); err != nil {
				t.Fatal(err)
			}
			verify := func(sigFile string, message []byte) (string, error) {
				cmd := exec.Command(keygen, "-Y", "verify", "-f", allowed, "-I", "auditor@example.com", "-n", "attest", "-s", sigFile)
				cmd.Stdin = bytes.NewReader(message)
				out, err := cmd.CombinedOutput()
				return string(out), err
			}

			ours, err := Sign(sshSigner(t, key), msg, "attest")
			if err != nil {
				t.Fatal(err)
			}
			oursFile := filepath.Join(dir, name+".ours.sig")
			if err := os.WriteFile(oursFile, ours, 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := verify(oursFile, msg); err != nil || !strings.Contains(out, `Good "attest" signature for auditor@example.com`) {
				t.Errorf("ssh-keygen -Y verify of our signature: %v\n%s", err, out)
			}
			if out, err := verify(oursFile, append(msg, ' ')); err == nil {
				t.Errorf("ssh-keygen -Y verify accepted our signature for another message:\n%s", out)
			}

			cmd := exec.Command(keygen, "-Y", "sign", "-n", "attest", "-f", keyFile, msgFile)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("ssh-keygen -Y sign: %v\n%s", err, out)
			}
			theirs, err := os.ReadFile(msgFile + ".sig")
			if err != nil {
				t.Fatal(err)
			}
			os.Remove(msgFile + ".sig")
			sig, err := Parse(theirs)
			if err != nil {
				t.Fatalf("parse ssh-keygen's signature: %v\n%s", err, theirs)
			}
			if err := sig.Verify(msg, "attest"); err != nil {
				t.Errorf("verify ssh-keygen's signature: %v", err)
			}
			if err := sig.Verify(append(msg, ' '), "attest"); err == nil {
				t.Error("ssh-keygen's signature verified for another message")
			}
			if !bytes.Equal(Armor(sig), theirs) {
				t.Errorf("ssh-keygen's signature armored again differs:\n%s\nwant\n%s", Armor(sig), theirs)
			}
			if name == "ed25519" && !bytes.Equal(ours, theirs) {
				t.Errorf("an Ed25519 signature differs from ssh-keygen's:\n%s\nssh-keygen:\n%s", ours, theirs)
			}
		})
	}
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
