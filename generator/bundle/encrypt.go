package bundle

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"filippo.io/age/armor"
	"golang.org/x/crypto/ssh"
)

// ParseRecipient reads one person to encrypt a bundle to: an age public key
// (age1…, or age1pq1… post-quantum), or an SSH public key (ssh-ed25519,
// ssh-rsa) as authorized_keys and GitHub's NAME.keys write it. The bundle
// then opens with the stock age CLI, age -d -i KEY.
func ParseRecipient(s string) (age.Recipient, error) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "age1pq1"):
		return age.ParseHybridRecipient(s)
	case strings.HasPrefix(s, "age1") && strings.Count(s, "1") > 1:
		return nil, errors.New("an age plugin's or tagged recipient: attest encrypts to age1… X25519, age1pq1… and SSH keys only")
	case strings.HasPrefix(s, "age1"):
		return age.ParseX25519Recipient(s)
	case strings.HasPrefix(s, "AGE-"):
		return nil, errors.New("an age secret key, not a recipient: give its public key (age-keygen -y)")
	}
	key, _, _, _, err := ssh.ParseAuthorizedKey([]byte(s))
	if err != nil {
		return nil, errors.New("neither an age recipient (age1…) nor an SSH public key (ssh-ed25519 …, ssh-rsa …)")
	}
	switch key.Type() {
	case ssh.KeyAlgoED25519, ssh.KeyAlgoRSA:
		return agessh.ParseRecipient(s)
	}
	return nil, &UnsupportedKeyError{Type: key.Type()}
}

// UnsupportedKeyError is an SSH public key of a type age cannot encrypt to:
// ECDSA and security keys (sk-…), which GitHub's NAME.keys may list too.
type UnsupportedKeyError struct{ Type string }

func (e *UnsupportedKeyError) Error() string {
	return fmt.Sprintf("an SSH key of type %s: age encrypts to ssh-ed25519 and ssh-rsa keys only", e.Type)
}

// maxRecipientsFile bounds a recipients file, as the age CLI does.
const maxRecipientsFile = 16 << 20

// ParseRecipients reads a file of recipients, one per line, as the age
// CLI's -R reads one and as https://github.com/NAME.keys serves them:
// blank lines and lines starting with # are skipped, and so are SSH keys
// of types age cannot encrypt to (a GitHub account may hold an ECDSA or a
// security key beside its Ed25519 one), each named in skipped. Any other
// line that does not parse is an error naming it; a file that leaves no
// recipient is an error.
func ParseRecipients(data []byte) (recipients []age.Recipient, skipped []string, err error) {
	if len(data) > maxRecipientsFile {
		return nil, nil, fmt.Errorf("%d bytes is too long for a file of recipients", len(data))
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, maxRecipientsFile)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r, err := ParseRecipient(line)
		var unsupported *UnsupportedKeyError
		switch {
		case errors.As(err, &unsupported):
			skipped = append(skipped, fmt.Sprintf("line %d: %v; skipped", n, err))
			continue
		case err != nil:
			// The line itself is left out: a file of keys mistaken for
			// one of recipients could hold a secret.
			return nil, skipped, fmt.Errorf("line %d: %v", n, err)
		}
		recipients = append(recipients, r)
	}
	if err := sc.Err(); err != nil {
		return nil, skipped, err
	}
	if len(recipients) == 0 {
		return nil, skipped, errors.New("no recipient age can encrypt to: want age1… or ssh-ed25519/ssh-rsa keys, one a line")
	}
	return recipients, skipped, nil
}

// Encrypt returns a writer that encrypts what is written to it for
// recipients, in age's binary format, into w; Close finishes the file.
func Encrypt(w io.Writer, recipients []age.Recipient) (io.WriteCloser, error) {
	if len(recipients) == 0 {
		return nil, errors.New("no recipients to encrypt to")
	}
	return age.Encrypt(w, recipients...)
}

const (
	ageMagic      = "age-encryption.org/v1\n"
	ageArmorMagic = "-----BEGIN AGE ENCRYPTED FILE-----"
)

// Encrypted reports whether what br starts with is an age file, binary or
// armored, without consuming it.
func Encrypted(br *bufio.Reader) bool {
	head, _ := br.Peek(len(ageArmorMagic))
	return bytes.HasPrefix(head, []byte(ageMagic)) || bytes.HasPrefix(head, []byte(ageArmorMagic))
}

// Decrypt returns the plain archive of an age file read from br, which
// Encrypted said is one. A file for none of identities is an
// *age.NoIdentityMatchError.
func Decrypt(br *bufio.Reader, identities []age.Identity) (io.Reader, error) {
	var r io.Reader = br
	if head, _ := br.Peek(len(ageArmorMagic)); bytes.HasPrefix(head, []byte(ageArmorMagic)) {
		r = armor.NewReader(br)
	}
	return age.Decrypt(r, identities...)
}

// ParseIdentities reads the key that decrypts a bundle: an age identity
// file (AGE-SECRET-KEY-1… lines) or an SSH private key (Ed25519 or RSA),
// whose passphrase, when it has one, passphrase asks for when the key is
// used.
func ParseIdentities(data []byte, passphrase func() ([]byte, error)) ([]age.Identity, error) {
	if bytes.Contains(data, []byte("PRIVATE KEY-----")) {
		id, err := agessh.ParseIdentity(data)
		var missing *ssh.PassphraseMissingError
		switch {
		case errors.As(err, &missing):
			if missing.PublicKey == nil {
				return nil, errors.New("an encrypted SSH key in an old format that does not name its public key: convert it with ssh-keygen -p -f KEY")
			}
			enc, err := agessh.NewEncryptedSSHIdentity(missing.PublicKey, data, passphrase)
			if err != nil {
				return nil, err
			}
			return []age.Identity{enc}, nil
		case err != nil:
			return nil, fmt.Errorf("an SSH private key age cannot decrypt with: %v", err)
		}
		return []age.Identity{id}, nil
	}
	ids, err := age.ParseIdentities(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("neither an age identity file nor an SSH private key: %v", err)
	}
	return ids, nil
}
