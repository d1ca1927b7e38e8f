// Package evidence records evidence files in their control's manifest and
// verifies them against the SHA-256 recorded there, with a hash cache that
// makes re-verifying unchanged files nearly free.
package evidence

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/attest-dev/attest/generator/compile"
)

// cacheHeader starts every cache file; a file with another header is
// ignored. Version 2 added the status change time to the key: a version 1
// file, keyed without it, must not answer for a file edited in place with its
// modification time set back.
const cacheHeader = "attest hash cache v2\n"

// racyWindow guards against a file changed again within the resolution of
// its file system's timestamps right after it was hashed (git's "racily
// clean" problem): an entry is trusted only if the file's modification time
// was at least this long before the moment it was hashed.
const racyWindow = 2 * time.Second

// Cache remembers the SHA-256 of files by path, size, modification time,
// inode and status change time (as git's index does), so that unchanged
// evidence is not read again. It satisfies
// compile.Hasher. It lives outside the program and its outputs, under the
// user's cache directory, one file per repository; losing it only costs time.
// It is safe for concurrent use.
type Cache struct {
	file string // where it is saved; "" keeps it in memory only

	mu      sync.Mutex
	entries map[string]cacheEntry
	dirty   bool
	hits    int
	misses  int
}

type cacheEntry struct {
	size   int64
	mtime  int64 // modification time, ns since the epoch
	ctime  int64 // status change time, ns since the epoch; 0 where the platform has none
	ino    uint64
	hashed int64 // when the file was hashed, ns since the epoch
	sum    [sha256.Size]byte
}

// OpenCache returns the hash cache of the program in dir, kept under
// os.UserCacheDir()/attest/hashes. When no cache directory is available it
// returns a cache that lives in memory only; a damaged cache file is
// ignored, since every entry can be recomputed.
func OpenCache(dir string) *Cache {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return NewCache("")
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return NewCache("")
	}
	key := sha256.Sum256([]byte(abs))
	return NewCache(filepath.Join(base, "attest", "hashes", hex.EncodeToString(key[:12])+".cache"))
}

// NewCache returns a cache kept in file ("" for memory only), loading what
// the file holds.
func NewCache(file string) *Cache {
	c := &Cache{file: file, entries: map[string]cacheEntry{}}
	if file == "" {
		return c
	}
	if src, err := os.ReadFile(file); err == nil {
		if entries, err := parseCache(src); err == nil {
			c.entries = entries
		}
	}
	return c
}

// File returns where the cache is saved, or "" when it is kept in memory.
func (c *Cache) File() string { return c.file }

// Stats returns how many lookups were answered from the cache and how many
// files had to be read.
func (c *Cache) Stats() (hits, misses int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses
}

// Hash returns the SHA-256 (hex) and size of the file name in fsys, from the
// cache when the file's size, modification time, inode and status change
// time are unchanged.
// Files without an inode (an embedded file system) are always read.
func (c *Cache) Hash(fsys fs.FS, name string) (string, int64, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return "", 0, err
	}
	if !info.Mode().IsRegular() {
		return "", 0, &fs.PathError{Op: "hash", Path: name, Err: errors.New("not a regular file")}
	}
	key, cacheable := keyOf(info)
	if cacheable {
		if sum, ok := c.lookup(name, key); ok {
			return hex.EncodeToString(sum[:]), key.size, nil
		}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	start := time.Now()
	sum, n, err := hashReader(f)
	if err != nil {
		return "", 0, err
	}
	c.mu.Lock()
	c.misses++
	c.mu.Unlock()
	if cacheable && n == key.size && !strings.ContainsAny(name, "\n\r") {
		key.hashed = start.UnixNano()
		key.sum = sum
		c.put(name, key)
	}
	return hex.EncodeToString(sum[:]), n, nil
}

func (c *Cache) lookup(name string, key cacheEntry) ([sha256.Size]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[name]
	if !ok || e.size != key.size || e.mtime != key.mtime || e.ctime != key.ctime || e.ino != key.ino || e.mtime > e.hashed-int64(racyWindow) {
		return [sha256.Size]byte{}, false
	}
	c.hits++
	return e.sum, true
}

func (c *Cache) put(name string, e cacheEntry) {
	c.mu.Lock()
	c.entries[name] = e
	c.dirty = true
	c.mu.Unlock()
}

// Forget drops the entry of name, for a file found missing.
func (c *Cache) Forget(name string) {
	c.mu.Lock()
	if _, ok := c.entries[name]; ok {
		delete(c.entries, name)
		c.dirty = true
	}
	c.mu.Unlock()
}

// Save writes the cache if it changed, aside and then renamed into place,
// so a concurrent reader sees the old cache or the new one, never half.
func (c *Cache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.file == "" || !c.dirty {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(c.file), 0o755); err != nil {
		return fmt.Errorf("save hash cache: %w", err)
	}
	if err := writeAtomic(c.file, formatCache(c.entries), 0o644); err != nil {
		return fmt.Errorf("save hash cache: %w", err)
	}
	c.dirty = false
	return nil
}

// hashBufferSize is the read size for hashing: large reads keep the system
// call overhead small next to SHA-256 itself.
const hashBufferSize = 1 << 20

var hashBuffers = sync.Pool{New: func() any { b := make([]byte, hashBufferSize); return &b }}

// hashReader hashes r with a pooled buffer. It reads directly rather than
// through io.Copy, which would hand an *os.File's WriteTo a 32 KiB buffer.
func hashReader(r io.Reader) ([sha256.Size]byte, int64, error) {
	bp := hashBuffers.Get().(*[]byte)
	defer hashBuffers.Put(bp)
	buf := *bp
	h := sha256.New()
	var n int64
	for {
		k, err := r.Read(buf)
		if k > 0 {
			h.Write(buf[:k])
			n += int64(k)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return [sha256.Size]byte{}, n, err
		}
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum, n, nil
}

// keyOf returns the cache key of a file, and whether it can be cached at all.
func keyOf(info fs.FileInfo) (cacheEntry, bool) {
	ino, ctime, ok := fileID(info)
	if !ok {
		return cacheEntry{}, false
	}
	return cacheEntry{size: info.Size(), mtime: info.ModTime().UnixNano(), ctime: ctime, ino: ino}, true
}

// formatCache writes one line per file, sorted by path:
// sum size mtime ctime inode hashed path, separated by tabs.
func formatCache(entries map[string]cacheEntry) []byte {
	names := make([]string, 0, len(entries))
	for name := range entries {
		names = append(names, name)
	}
	slices.Sort(names)
	var b bytes.Buffer
	b.Grow(len(cacheHeader) + len(names)*160)
	b.WriteString(cacheHeader)
	for _, name := range names {
		e := entries[name]
		var hexsum [2 * sha256.Size]byte
		hex.Encode(hexsum[:], e.sum[:])
		b.Write(hexsum[:])
		b.WriteByte('\t')
		b.WriteString(strconv.FormatInt(e.size, 10))
		b.WriteByte('\t')
		b.WriteString(strconv.FormatInt(e.mtime, 10))
		b.WriteByte('\t')
		b.WriteString(strconv.FormatInt(e.ctime, 10))
		b.WriteByte('\t')
		b.WriteString(strconv.FormatUint(e.ino, 10))
		b.WriteByte('\t')
		b.WriteString(strconv.FormatInt(e.hashed, 10))
		b.WriteByte('\t')
		b.WriteString(name)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// parseCache reads what formatCache wrote. Any damage rejects the whole
// file: a cache that might be wrong is worse than none. So does a line of
// the version 1 layout, six fields without the change time.
func parseCache(src []byte) (map[string]cacheEntry, error) {
	if !bytes.HasPrefix(src, []byte(cacheHeader)) {
		return nil, errors.New("not a hash cache")
	}
	entries := map[string]cacheEntry{}
	sc := bufio.NewScanner(bytes.NewReader(src[len(cacheHeader):]))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 1
	for sc.Scan() {
		line++
		f := strings.SplitN(sc.Text(), "\t", 7)
		if len(f) != 7 || len(f[0]) != 2*sha256.Size || f[6] == "" {
			return nil, fmt.Errorf("line %d: malformed", line)
		}
		var e cacheEntry
		if _, err := hex.Decode(e.sum[:], []byte(f[0])); err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		var err1, err2, err3, err4, err5 error
		e.size, err1 = strconv.ParseInt(f[1], 10, 64)
		e.mtime, err2 = strconv.ParseInt(f[2], 10, 64)
		e.ctime, err3 = strconv.ParseInt(f[3], 10, 64)
		e.ino, err4 = strconv.ParseUint(f[4], 10, 64)
		e.hashed, err5 = strconv.ParseInt(f[5], 10, 64)
		if err := errors.Join(err1, err2, err3, err4, err5); err != nil || e.size < 0 {
			return nil, fmt.Errorf("line %d: malformed numbers", line)
		}
		if _, dup := entries[f[6]]; dup {
			return nil, fmt.Errorf("line %d: %s listed twice", line, f[6])
		}
		entries[f[6]] = e
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return entries, nil
}

// writeAtomic writes data to a temporary file beside name and renames it
// over name, so readers never see a partly written file.
func writeAtomic(name string, data []byte, perm fs.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, perm)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// Cache is the hasher `attest check`, `build` and `status` pass to the compiler.
var _ compile.Hasher = (*Cache)(nil)
