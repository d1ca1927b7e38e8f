// Package sealed encrypts a built site for a public host: every file AES-256-GCM under one site key, named by a keyed hash of its path, with a WebCrypto loader and service worker that decrypt it in the browser.
package sealed

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/bits"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/attest-dev/attest/generator/sitepath"
)

// Format names this layout in Manifest.Format; the loader refuses others.
const Format = "attest-sealed-1"

// Iterations is PBKDF2-SHA256's work factor for a passphrase: OWASP's
// figure for PBKDF2-HMAC-SHA256 (2023), as StatiCrypt uses.
const Iterations = 600_000

// MinPassphrase is the shortest passphrase Seal's callers accept: the
// ciphertext can be attacked offline by anyone who fetches it, so the
// passphrase's strength is the site's (see docs/publishing.md).
const MinPassphrase = 12

// The labels that separate what one site key is used for (HKDF infos and
// AES-GCM additional data); the loader and service worker use the same.
const (
	infoContent = "attest sealed v1 content"
	infoNames   = "attest sealed v1 names"
	aadFile     = "attest sealed v1 file"
	aadCheck    = "attest sealed v1 check"
	checkText   = "attest sealed v1 check"
)

// Manifest is sealed.json, the one plain file that says how the site opens:
// how a passphrase becomes the key (nil for a key in the link), and a check
// value only the right key decrypts, so that a wrong key is told apart from a
// missing file.
type Manifest struct {
	Format string `json:"format"`
	KDF    *KDF   `json:"kdf,omitempty"`
	Check  string `json:"check"`           // base64url(nonce ‖ AES-GCM(checkText))
	Commit string `json:"commit"`          // the commit built ("" outside git), for deploy -no-build; trust.json publishes it too
	Draft  bool   `json:"draft,omitempty"` // built from a work tree with uncommitted changes
}

// Stamp is what a sealed site says, unencrypted, about the build it holds.
type Stamp struct {
	Commit string
	Draft  bool
}

// KDF is how a passphrase was stretched into the site key.
type KDF struct {
	Name       string `json:"name"` // "PBKDF2-SHA256"
	Iterations int    `json:"iterations"`
	Salt       string `json:"salt"` // base64url, 16 random bytes
}

// Key is a site key: 32 bytes, random or derived from a passphrase.
type Key struct {
	secret []byte
	kdf    *KDF // set when derived from a passphrase
}

// NewKey returns a fresh random site key.
func NewKey() Key {
	secret := make([]byte, 32)
	rand.Read(secret) // never fails (crypto/rand, Go 1.24)
	return Key{secret: secret}
}

// FromPassphrase derives a site key from a passphrase with a fresh random
// salt.
func FromPassphrase(pass string) (Key, error) {
	salt := make([]byte, 16)
	rand.Read(salt)
	kdf := &KDF{Name: "PBKDF2-SHA256", Iterations: Iterations, Salt: b64.EncodeToString(salt)}
	return derive(pass, kdf)
}

func derive(pass string, kdf *KDF) (Key, error) {
	if kdf.Name != "PBKDF2-SHA256" || kdf.Iterations < 1 {
		return Key{}, fmt.Errorf("unknown key derivation %q (%d iterations)", kdf.Name, kdf.Iterations)
	}
	salt, err := b64.DecodeString(kdf.Salt)
	if err != nil {
		return Key{}, fmt.Errorf("salt: %w", err)
	}
	secret, err := pbkdf2.Key(sha256.New, pass, salt, kdf.Iterations, 32)
	if err != nil {
		return Key{}, err
	}
	return Key{secret: secret, kdf: kdf}, nil
}

// ParseFragment reads a link's fragment ("k=…", with or without "#") as a key.
func ParseFragment(s string) (Key, error) {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "#"), "k=")
	secret, err := b64.DecodeString(s)
	if err != nil || len(secret) != 32 {
		return Key{}, errors.New("not a site key: want k= and 43 base64url characters")
	}
	return Key{secret: secret}, nil
}

// Fragment is the key as a link's fragment, "k=…" (without "#"); "" for a
// key derived from a passphrase, which travels in no link.
func (k Key) Fragment() string {
	if k.kdf != nil {
		return ""
	}
	return "k=" + b64.EncodeToString(k.secret)
}

var b64 = base64.RawURLEncoding

// keys are the two keys a site key is split into, by HKDF-SHA256: one
// encrypts, one names. A name is then no function of anything a reader
// without the key can compute.
type keys struct {
	aead  cipher.AEAD
	names []byte
}

func (k Key) split() (keys, error) {
	if len(k.secret) != 32 {
		return keys{}, errors.New("no site key")
	}
	content, err := hkdf.Key(sha256.New, k.secret, nil, infoContent, 32)
	if err != nil {
		return keys{}, err
	}
	names, err := hkdf.Key(sha256.New, k.secret, nil, infoNames, 32)
	if err != nil {
		return keys{}, err
	}
	block, err := aes.NewCipher(content)
	if err != nil {
		return keys{}, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return keys{}, err
	}
	return keys{aead: aead, names: names}, nil
}

// objectName is the name a file of the site is stored under: "o/" and the
// first 128 bits of HMAC-SHA256(names key, path), in hex.
func (ks keys) objectName(p string) string {
	m := hmac.New(sha256.New, ks.names)
	m.Write([]byte(p))
	return "o/" + hex.EncodeToString(m.Sum(nil)[:16])
}

// ObjectName is the name the file at p (a slash path in the site) is stored
// under in a site sealed with k: to find one file's object in a bucket.
func ObjectName(k Key, p string) (string, error) {
	ks, err := k.split()
	if err != nil {
		return "", err
	}
	return ks.objectName(p), nil
}

// seal encrypts plaintext under a fresh random nonce: nonce ‖ ciphertext.
// The object's path is inside the plaintext, so GCM authenticates it; the
// reader checks that it hashes to the name the object was fetched by.
// Each build has a key of its own and encrypts each path once, so random
// 96-bit nonces are far from colliding (NIST's bound is 2^32 per key).
func (ks keys) seal(plain []byte, aad string) []byte {
	nonce := make([]byte, ks.aead.NonceSize())
	rand.Read(nonce)
	return ks.aead.Seal(nonce, nonce, plain, []byte(aad))
}

func (ks keys) open(sealed []byte, aad string) ([]byte, error) {
	n := ks.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("too short")
	}
	return ks.aead.Open(nil, sealed[:n], sealed[n:], []byte(aad))
}

// The plain files of a sealed site besides the loader's (loader/): the
// manifest, and the folder of objects.
const (
	manifestFile = "sealed.json"
	objectsDir   = "o"
)

//go:embed loader
var loader embed.FS

// Plain lists the files a sealed site serves unencrypted, besides o/.
func Plain() []string {
	names := []string{manifestFile}
	entries, _ := fs.ReadDir(loader, "loader")
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

// Result counts what Seal wrote.
type Result struct {
	Files int // the site's files, each one object
}

// Seal writes the site in src, encrypted with key, into dst (new or empty):
// the loader files, sealed.json and one object per file. Each object holds
// the file's path, Content-Type and bytes, padded (Pad) so that sizes do not
// tell files apart one to one.
func Seal(src, dst string, key Key, stamp Stamp) (Result, error) {
	ks, err := key.split()
	if err != nil {
		return Result{}, err
	}
	var files []string
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(src, p)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		} else if !d.IsDir() {
			return fmt.Errorf("%s: not a regular file: a sealed site holds files and folders only", p)
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	slices.Sort(files)
	plain := Plain()
	for _, f := range files {
		// The service worker passes these to the host: a file of the site
		// there would never be shown.
		if f != "index.html" && (slices.Contains(plain, f) || strings.HasPrefix(f, objectsDir+"/")) {
			return Result{}, fmt.Errorf("%s: the site has a file where the sealed site keeps its loader", f)
		}
	}
	if err := os.MkdirAll(filepath.Join(dst, objectsDir), 0o755); err != nil {
		return Result{}, err
	}
	seen := map[string]string{}
	for _, f := range files {
		body, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(f)))
		if err != nil {
			return Result{}, err
		}
		plain, err := frame(f, contentType(f), body)
		if err != nil {
			return Result{}, err
		}
		name := ks.objectName(f)
		if other, dup := seen[name]; dup { // 2^-128; said rather than overwritten
			return Result{}, fmt.Errorf("%s and %s share an object name", other, f)
		}
		seen[name] = f
		if err := os.WriteFile(filepath.Join(dst, filepath.FromSlash(name)), ks.seal(plain, aadFile), 0o644); err != nil {
			return Result{}, err
		}
	}
	m := Manifest{Format: Format, KDF: key.kdf, Check: b64.EncodeToString(ks.seal([]byte(checkText), aadCheck)), Commit: stamp.Commit, Draft: stamp.Draft}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Result{}, err
	}
	if err := os.WriteFile(filepath.Join(dst, manifestFile), append(data, '\n'), 0o644); err != nil {
		return Result{}, err
	}
	err = fs.WalkDir(loader, "loader", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := loader.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, path.Base(p)), data, 0o644)
	})
	return Result{Files: len(files)}, err
}

// frame lays out an object's plaintext: the path, the Content-Type and the
// body, each after its length (big-endian uint16, uint16, uint32), then
// zeros up to Pad of the whole.
func frame(p, typ string, body []byte) ([]byte, error) {
	if len(p) > 0xffff || len(typ) > 0xffff || len(body) > 0xffffffff {
		return nil, fmt.Errorf("%s: too large to seal (at most 4 GiB)", p)
	}
	n := 2 + len(p) + 2 + len(typ) + 4 + len(body)
	out := make([]byte, 0, Pad(n))
	out = binary.BigEndian.AppendUint16(out, uint16(len(p)))
	out = append(out, p...)
	out = binary.BigEndian.AppendUint16(out, uint16(len(typ)))
	out = append(out, typ...)
	out = binary.BigEndian.AppendUint32(out, uint32(len(body)))
	out = append(out, body...)
	return out[:Pad(n)], nil
}

func unframe(plain []byte) (p, typ string, body []byte, err error) {
	field := func(size int) ([]byte, bool) {
		if len(plain) < size {
			return nil, false
		}
		var n int
		if size == 2 {
			n = int(binary.BigEndian.Uint16(plain))
		} else {
			n = int(binary.BigEndian.Uint32(plain))
		}
		plain = plain[size:]
		if len(plain) < n {
			return nil, false
		}
		f := plain[:n]
		plain = plain[n:]
		return f, true
	}
	a, ok1 := field(2)
	b, ok2 := field(2)
	c, ok3 := field(4)
	if !ok1 || !ok2 || !ok3 {
		return "", "", nil, errors.New("malformed object")
	}
	return string(a), string(b), c, nil
}

// MinPadded is the least size an object's plaintext is padded to: every
// small file (a short page, a favicon, a JSON record) looks alike.
const MinPadded = 4096

// Pad is the size a plaintext of n bytes is padded to: at least MinPadded,
// then Padmé (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files
// and Communication with PURBs", 2019): the length's low bits are zeroed so
// that at most O(log log n) bits of it show, at a cost of at most 12% (under
// 6% past 64 KiB). Power-of-two buckets leak a bit less and cost up to 100%.
func Pad(n int) int {
	if n <= MinPadded {
		return MinPadded
	}
	e := bits.Len(uint(n)) - 1   // floor(log2 n)
	s := bits.Len(uint(e))       // floor(log2 e) + 1
	mask := (1 << uint(e-s)) - 1 // the low bits dropped
	return (n + mask) &^ mask
}

// contentType is the type the service worker serves a file with: the
// sites' own (sitepath.ContentType, as deploy uploads them), but evidence
// in a text format is plain text, shown rather than run or rendered.
func contentType(p string) string {
	switch strings.ToLower(path.Ext(p)) {
	case ".txt", ".log", ".md", ".yaml", ".yml", ".toml", ".csv":
		return "text/plain; charset=utf-8"
	}
	return sitepath.ContentType(p)
}

// ReadManifest reads a sealed site's sealed.json; ok is false when dir
// holds no sealed site.
func ReadManifest(dir string) (m Manifest, ok bool, err error) {
	return readManifest(os.DirFS(dir))
}

func readManifest(fsys fs.FS) (m Manifest, ok bool, err error) {
	data, err := fs.ReadFile(fsys, manifestFile)
	if errors.Is(err, fs.ErrNotExist) {
		return Manifest{}, false, nil
	}
	if err != nil {
		return Manifest{}, false, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return Manifest{}, false, fmt.Errorf("%s: %w", manifestFile, err)
	}
	if m.Format != Format {
		return Manifest{}, false, fmt.Errorf("%s: format %q, want %q", manifestFile, m.Format, Format)
	}
	return m, true, nil
}

// ErrWrongKey means the key given does not open the site.
var ErrWrongKey = errors.New("this key does not open this site")

// Open decrypts the sealed site in dir with key (or, when key is the zero
// Key and the site was sealed with a passphrase, with pass), and returns its
// files by path, as the loader would serve them: the round trip of Seal.
func Open(dir string, key Key, pass string) (map[string][]byte, error) {
	out, err := openFS(os.DirFS(dir), key, pass)
	if errors.Is(err, errNoManifest) {
		return nil, fmt.Errorf("%s holds no sealed site (no %s)", dir, manifestFile)
	}
	return out, err
}

var errNoManifest = errors.New("no " + manifestFile)

// openFS is Open of the sealed site in fsys.
func openFS(fsys fs.FS, key Key, pass string) (map[string][]byte, error) {
	m, ok, err := readManifest(fsys)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errNoManifest
	}
	if key.secret == nil {
		if m.KDF == nil {
			return nil, errors.New("the site was sealed with a key, not a passphrase")
		}
		if key, err = derive(pass, m.KDF); err != nil {
			return nil, err
		}
	}
	ks, err := key.split()
	if err != nil {
		return nil, err
	}
	check, err := b64.DecodeString(m.Check)
	if err != nil {
		return nil, err
	}
	if plain, err := ks.open(check, aadCheck); err != nil || string(plain) != checkText {
		return nil, ErrWrongKey
	}
	entries, err := fs.ReadDir(fsys, objectsDir)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, e := range entries {
		name := objectsDir + "/" + e.Name()
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		plain, err := ks.open(data, aadFile)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		p, typ, body, err := unframe(plain)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		// The path is inside the authenticated plaintext: an object the
		// host moved to another name is refused, as the service worker does.
		if ks.objectName(p) != name || !utf8.ValidString(p) {
			return nil, fmt.Errorf("%s holds %s, whose object name differs", name, p)
		}
		if typ != contentType(p) {
			return nil, fmt.Errorf("%s: Content-Type %q, want %q", p, typ, contentType(p))
		}
		if pad := plain[8+len(p)+len(typ)+len(body):]; len(plain) != Pad(8+len(p)+len(typ)+len(body)) || bytes.Count(pad, []byte{0}) != len(pad) {
			return nil, fmt.Errorf("%s: padding is not zeros", p)
		}
		out[p] = body
	}
	return out, nil
}
