// Package sshsig signs and verifies messages in OpenSSH's SSHSIG format, the one ssh-keygen -Y writes and git's gpg.format=ssh uses, and reads allowed-signers files.
//
// The format is OpenSSH's PROTOCOL.sshsig: a few length-prefixed strings
// around an SSH signature of the message's SHA-512, armored in base64. It
// is written here by hand on golang.org/x/crypto/ssh, which does the
// signing and the key formats, because neither x/crypto nor the modules
// attest already takes implement the envelope, and it is small enough to
// check line by line against the specification — and, in the tests,
// against stock ssh-keygen in both directions.
package sshsig

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/ssh"
)

const (
	magic   = "SSHSIG"
	version = 1

	beginArmor = "-----BEGIN SSH SIGNATURE-----"
	endArmor   = "-----END SSH SIGNATURE-----"
	// lineLength is where ssh-keygen wraps the base64 of a signature.
	lineLength = 70
	// maxArmored bounds what Parse reads: an RSA-16384 signature is under
	// 5 KiB armored.
	maxArmored = 64 << 10
)

// Signature is a decoded SSHSIG signature.
type Signature struct {
	PublicKey     ssh.PublicKey // the key that signed
	Namespace     string        // what the signature is for, so that one made for another use cannot stand in: "attest", "git", "file"
	HashAlgorithm string        // "sha512" or "sha256", of the message
	Signature     *ssh.Signature
}

// Sign signs message for namespace with signer and returns the armored
// signature, as ssh-keygen -Y sign -n namespace writes it: the message's
// SHA-512, and for an RSA key an rsa-sha2-512 signature (ssh-rsa, with
// SHA-1, is refused by ssh-keygen -Y verify).
func Sign(signer ssh.Signer, message []byte, namespace string) ([]byte, error) {
	if namespace == "" {
		return nil, errors.New("sshsig: a signature needs a namespace")
	}
	const hashAlg = "sha512"
	digest := sha512.Sum512(message)
	data := signedData(namespace, hashAlg, digest[:])
	var (
		sig *ssh.Signature
		err error
	)
	if signer.PublicKey().Type() == ssh.KeyAlgoRSA {
		as, ok := signer.(ssh.AlgorithmSigner)
		if !ok {
			return nil, errors.New("sshsig: this RSA key cannot make rsa-sha2-512 signatures")
		}
		sig, err = as.SignWithAlgorithm(rand.Reader, data, ssh.KeyAlgoRSASHA512)
	} else {
		sig, err = signer.Sign(rand.Reader, data)
	}
	if err != nil {
		return nil, fmt.Errorf("sshsig: sign: %w", err)
	}
	return Armor(&Signature{PublicKey: signer.PublicKey(), Namespace: namespace, HashAlgorithm: hashAlg, Signature: sig}), nil
}

// signedData is what the key signs (PROTOCOL.sshsig): the magic preamble,
// the namespace, an empty reserved string, the hash algorithm and the
// message's hash.
func signedData(namespace, hashAlg string, digest []byte) []byte {
	var b bytes.Buffer
	b.WriteString(magic)
	writeString(&b, []byte(namespace))
	writeString(&b, nil)
	writeString(&b, []byte(hashAlg))
	writeString(&b, digest)
	return b.Bytes()
}

// Armor encodes s as ssh-keygen writes it: the blob in base64, in lines of
// 70 characters, between BEGIN and END lines, ending in a newline.
func Armor(s *Signature) []byte {
	var blob bytes.Buffer
	blob.WriteString(magic)
	blob.Write([]byte{0, 0, 0, version})
	writeString(&blob, s.PublicKey.Marshal())
	writeString(&blob, []byte(s.Namespace))
	writeString(&blob, nil)
	writeString(&blob, []byte(s.HashAlgorithm))
	writeString(&blob, ssh.Marshal(s.Signature))
	enc := base64.StdEncoding.EncodeToString(blob.Bytes())
	var out bytes.Buffer
	out.WriteString(beginArmor + "\n")
	for len(enc) > lineLength {
		out.WriteString(enc[:lineLength] + "\n")
		enc = enc[lineLength:]
	}
	out.WriteString(enc + "\n" + endArmor + "\n")
	return out.Bytes()
}

func writeString(b *bytes.Buffer, s []byte) {
	n := len(s)
	b.Write([]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
	b.Write(s)
}

// Parse decodes an armored signature. Like ssh-keygen it takes the text
// between the BEGIN and END lines, ignoring line breaks, and it refuses
// anything after the END line but white space, so that nothing can ride
// along with a signature unseen.
func Parse(armored []byte) (*Signature, error) {
	if len(armored) > maxArmored {
		return nil, fmt.Errorf("sshsig: %d bytes is too long for a signature", len(armored))
	}
	text := strings.TrimLeft(string(armored), " \t\r\n")
	body, ok := strings.CutPrefix(text, beginArmor)
	if !ok {
		return nil, errors.New("sshsig: not an SSH signature: it does not start with " + beginArmor)
	}
	body, after, ok := strings.Cut(body, endArmor)
	if !ok {
		return nil, errors.New("sshsig: the signature has no " + endArmor + " line")
	}
	if strings.TrimSpace(after) != "" {
		return nil, errors.New("sshsig: text follows the signature's " + endArmor + " line")
	}
	body = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, body)
	blob, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		return nil, fmt.Errorf("sshsig: the signature's base64 does not decode: %w", err)
	}
	return decode(blob)
}

// decode reads the binary blob of PROTOCOL.sshsig.
func decode(blob []byte) (*Signature, error) {
	r := reader{b: blob}
	if string(r.bytes(len(magic))) != magic {
		return nil, errors.New("sshsig: not an SSH signature: the blob does not start with SSHSIG")
	}
	if v := r.uint32(); r.err == nil && v != version {
		return nil, fmt.Errorf("sshsig: signature version %d; this reads version %d", v, version)
	}
	pub, ns, reserved, hashAlg, sigBlob := r.string(), r.string(), r.string(), r.string(), r.string()
	if r.err != nil {
		return nil, fmt.Errorf("sshsig: the signature is cut short: %w", r.err)
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("sshsig: %d bytes follow the signature", len(r.b))
	}
	if len(reserved) != 0 {
		return nil, errors.New("sshsig: the signature's reserved field is not empty")
	}
	key, err := ssh.ParsePublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("sshsig: the signature's public key: %w", err)
	}
	var sig ssh.Signature
	if err := ssh.Unmarshal(sigBlob, &sig); err != nil {
		return nil, fmt.Errorf("sshsig: the signature itself: %w", err)
	}
	return &Signature{PublicKey: key, Namespace: string(ns), HashAlgorithm: string(hashAlg), Signature: &sig}, nil
}

// Verify checks that s signs message for namespace. It checks what
// ssh-keygen -Y verify does: the namespace, a hash algorithm of sha512 or
// sha256, a signature algorithm that is not SHA-1 RSA, and the signature.
// Whose key it is, is for an allowed-signers file to say (AllowedSigners).
func (s *Signature) Verify(message []byte, namespace string) error {
	if s.Namespace != namespace {
		return fmt.Errorf("sshsig: the signature is for namespace %q, not %q", s.Namespace, namespace)
	}
	var digest []byte
	switch s.HashAlgorithm {
	case "sha512":
		d := sha512.Sum512(message)
		digest = d[:]
	case "sha256":
		d := sha256.Sum256(message)
		digest = d[:]
	default:
		return fmt.Errorf("sshsig: unsupported hash algorithm %q: want sha512 or sha256", s.HashAlgorithm)
	}
	if s.Signature.Format == ssh.KeyAlgoRSA || s.Signature.Format == ssh.CertAlgoRSAv01 {
		return errors.New("sshsig: an ssh-rsa (SHA-1) signature: ssh-keygen refuses those; sign again with rsa-sha2-512")
	}
	if err := s.PublicKey.Verify(signedData(namespace, s.HashAlgorithm, digest), s.Signature); err != nil {
		return fmt.Errorf("sshsig: the signature does not match the message: %w", err)
	}
	return nil
}

// Fingerprint is how ssh-keygen names a key: its type and SHA256 hash,
// "ED25519 SHA256:…".
func Fingerprint(key ssh.PublicKey) string {
	var name string
	switch key.Type() {
	case ssh.KeyAlgoED25519:
		name = "ED25519"
	case ssh.KeyAlgoSKED25519:
		name = "ED25519-SK"
	case ssh.KeyAlgoRSA:
		name = "RSA"
	case ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521:
		name = "ECDSA"
	case ssh.KeyAlgoSKECDSA256:
		name = "ECDSA-SK"
	default:
		name = key.Type()
	}
	return name + " " + ssh.FingerprintSHA256(key)
}

// reader reads PROTOCOL.sshsig's fields, remembering the first failure.
type reader struct {
	b   []byte
	err error
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.err = io.ErrUnexpectedEOF
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) uint32() uint32 {
	b := r.bytes(4)
	if b == nil {
		return 0
	}
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func (r *reader) string() []byte {
	n := r.uint32()
	if r.err != nil {
		return nil
	}
	if uint64(n) > uint64(len(r.b)) {
		r.err = io.ErrUnexpectedEOF
		return nil
	}
	return r.bytes(int(n))
}
