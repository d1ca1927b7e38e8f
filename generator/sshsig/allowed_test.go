package sshsig

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

func TestParseAllowedSigners(t *testing.T) {
	keys := testKeys(t)
	ed := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sshSigner(t, keys["ed25519"]).PublicKey())))
	file := "# auditors\n\n" +
		"alice@example.com " + ed + " laptop\n" +
		"  bob@example.com,*@corp.example namespaces=\"attest,git\" " + ed + "\r\n" +
		"\"Carol Q\" cert-authority,valid-after=\"20260101\",valid-before=\"20270101120000Z\" " + ed + "\n"
	got, err := ParseAllowedSigners([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d signers, want 3", len(got))
	}
	if got[0].Line != 3 || got[0].Principals != "alice@example.com" || got[0].Namespaces != nil {
		t.Errorf("line 3: %+v", got[0])
	}
	if got[1].Principals != "bob@example.com,*@corp.example" || strings.Join(got[1].Namespaces, "|") != "attest|git" {
		t.Errorf("line 4: %+v", got[1])
	}
	c := got[2]
	if c.Principals != "Carol Q" || !c.CertAuthority || !c.ValidAfter.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.Local)) || !c.ValidBefore.Equal(time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("line 5: %+v", c)
	}

	bad := []struct{ line, want string }{
		{"alice@example.com", "no key after the principals"},
		{"\"alice " + ed, "quote is not closed"},
		{"alice@example.com ssh-ed25519 AAAA", "no key that parses"},
		{"alice@example.com restrict " + ed, `unsupported option "restrict"`},
		{"alice@example.com namespaces " + ed, "needs a value"},
		{"alice@example.com namespaces=attest " + ed, "double quotes"},
		{"alice@example.com valid-after=\"2026\" " + ed, "not a time"},
		{"alice@example.com cert-authority=\"yes\" " + ed, "takes no value"},
	}
	for _, tt := range bad {
		_, err := ParseAllowedSigners([]byte("# x\n" + tt.line + "\n"))
		if err == nil || !strings.HasPrefix(err.Error(), "line 2: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: got %v, want line 2: …%s", tt.line, err, tt.want)
		}
	}
}

func TestSignerFindsTheKeyAndHonoursOptions(t *testing.T) {
	keys := testKeys(t)
	pub := sshSigner(t, keys["ed25519"]).PublicKey()
	other := sshSigner(t, keys["ecdsa"]).PublicKey()
	ed := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub)))
	now := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, file string
		key        ssh.PublicKey
		want       string // the principals found, or part of the error
	}{
		{"plain", "alice " + ed, pub, "alice"},
		{"the first line that allows it", "bob namespaces=\"git\" " + ed + "\nalice " + ed, pub, "alice"},
		{"namespace pattern", "alice namespaces=\"att*,git\" " + ed, pub, "alice"},
		{"other namespace", "alice namespaces=\"git\" " + ed, pub, `namespaces "git", not "attest"`},
		{"negated namespace", "alice namespaces=\"*,!attest\" " + ed, pub, `not "attest"`},
		{"not yet valid", "alice valid-after=\"20270101Z\" " + ed, pub, "only after"},
		{"expired", "alice valid-before=\"20260101Z\" " + ed, pub, "only before"},
		{"valid now", "alice valid-after=\"20260101Z\",valid-before=\"20270101Z\" " + ed, pub, "alice"},
		{"a CA is not a signer", "alice cert-authority " + ed, pub, "not in the allowed signers"},
		{"another key", "alice " + ed, other, "not in the allowed signers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signers, err := ParseAllowedSigners([]byte(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			a, err := Signer(signers, tt.key, "attest", now)
			switch {
			case tt.want == "alice" && (err != nil || a.Principals != "alice"):
				t.Errorf("got %v, %v; want alice's line", a, err)
			case tt.want != "alice" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, %v; want an error with %q", a, err, tt.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		s, p string
		want bool
	}{
		{"attest", "attest", true},
		{"attest", "att*", true},
		{"attest", "*", true},
		{"attest", "a?test", true},
		{"attest", "*t*s*", true},
		{"attest", "attest?", false},
		{"attest", "git", false},
		{"", "*", true},
		{"", "?", false},
		{"a*b", "a*b", true},
		{strings.Repeat("a", 200), strings.Repeat("*a", 50) + "b", false},
	}
	for _, tt := range tests {
		if got := match(tt.s, tt.p); got != tt.want {
			t.Errorf("match(%q, %q) = %v", tt.s, tt.p, got)
		}
	}
}

// TestAllowedSignersAgreeWithSSHKeygen: for each allowed-signers file,
// Signer allows the key exactly when ssh-keygen -Y verify does.
func TestAllowedSignersAgreeWithSSHKeygen(t *testing.T) {
	keygen := sshKeygen(t)
	dir := t.TempDir()
	key := testKeys(t)["ed25519"]
	_, pub := writeKey(t, dir, "id", key)
	ed := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub)))
	msg := []byte("manifest\n")
	sig, err := Sign(sshSigner(t, key), msg, "attest")
	if err != nil {
		t.Fatal(err)
	}
	sigFile := filepath.Join(dir, "m.sig")
	if err := os.WriteFile(sigFile, sig, 0o644); err != nil {
		t.Fatal(err)
	}
	files := []string{
		"signer " + ed,
		"signer namespaces=\"attest\" " + ed,
		"signer namespaces=\"git,file\" " + ed,
		"signer namespaces=\"*,!attest\" " + ed,
		"signer valid-before=\"20200101Z\" " + ed,
		"signer valid-after=\"20200101Z\" " + ed,
		"signer valid-after=\"29990101\" " + ed,
		"signer cert-authority " + ed,
		"# a comment\n\nsigner " + ed + " with a comment",
		"\"signer\" " + ed,
		"signer NAMESPACES=\"attest\" " + ed,
	}
	for i, file := range files {
		allowed := filepath.Join(dir, "allowed")
		if err := os.WriteFile(allowed, []byte(file+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(keygen, "-Y", "verify", "-f", allowed, "-I", "signer", "-n", "attest", "-s", sigFile)
		cmd.Stdin = bytes.NewReader(msg)
		out, err := cmd.CombinedOutput()
		theirs := err == nil
		signers, perr := ParseAllowedSigners([]byte(file))
		ours := false
		if perr == nil {
			_, serr := Signer(signers, pub, "attest", time.Now())
			ours = serr == nil
		}
		if ours != theirs {
			t.Errorf("file %d %q: attest allows: %v (%v), ssh-keygen: %v\n%s", i, file, ours, perr, theirs, out)
		}
	}
}

func FuzzParse(f *testing.F) {
	key := testKeys(f)["ed25519"]
	good, err := Sign(sshSigner(f, key), []byte("m"), "attest")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(beginArmor + "\nU1NIU0lHAAAAAQ==\n" + endArmor + "\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := Parse(in)
		if err != nil {
			return
		}
		// What parses, armors again into what parses the same.
		again, err := Parse(Armor(s))
		if err != nil {
			t.Fatalf("Armor(Parse(s)) does not parse: %v", err)
		}
		if !bytes.Equal(Armor(again), Armor(s)) {
			t.Fatal("Armor is not stable")
		}
		_ = s.Verify([]byte("m"), "attest")
	})
}

func FuzzParseAllowedSigners(f *testing.F) {
	pub := sshSigner(f, testKeys(f)["ed25519"]).PublicKey()
	ed := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub)))
	f.Add([]byte("alice " + ed + "\n"))
	f.Add([]byte("# c\n\"a b\" namespaces=\"attest\",valid-after=\"20260101Z\" " + ed + " comment\n"))
	f.Add([]byte("bob cert-authority,valid-before=\"202601011200\" " + ed))
	f.Fuzz(func(t *testing.T, in []byte) {
		signers, err := ParseAllowedSigners(in)
		if err != nil {
			return
		}
		for _, s := range signers {
			if s.Key == nil || s.Principals == "" || s.Line < 1 {
				t.Fatalf("a signer without key, principals or line: %+v", s)
			}
		}
		_, _ = Signer(signers, pub, "attest", time.Unix(0, 0))
	})
}
