package gitfs

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Objects read through the store are cached by id. Ids name content, so a
// cached object is valid for every commit that holds it: five tagged versions
// that share most of their files read each shared file once.
const (
	maxCachedBlob = 1 << 20  // larger blobs (evidence archives, PDFs) are read each time
	maxCacheBytes = 64 << 20 // total bytes of cached blobs
)

// objectStore reads objects through one `git cat-file --batch` process,
// started on first use.
type objectStore struct {
	r *Repo

	mu        sync.Mutex
	cmd       *exec.Cmd
	stdin     io.WriteCloser
	stdout    *bufio.Reader
	broken    error // set when the process failed; later reads report it
	closed    bool
	trees     map[string][]treeEntry
	blobs     map[string][]byte
	blobBytes int
	sums      map[string]blobSum
	commits   map[string][]byte // commit objects read by resolve
}

type blobSum struct {
	sum  string
	size int64
}

// treeEntry is one entry of a tree object.
type treeEntry struct {
	name string
	mode uint32 // octal as git writes it: 040000, 0100644, 0100755, 0120000, 0160000
	oid  string
}

const (
	modeTree    = 0o040000
	modeSymlink = 0o120000
	modeGitlink = 0o160000
)

func newObjectStore(r *Repo) *objectStore {
	return &objectStore{r: r, trees: map[string][]treeEntry{}, blobs: map[string][]byte{}, sums: map[string]blobSum{}, commits: map[string][]byte{}}
}

func (s *objectStore) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if s.cmd == nil {
		return nil
	}
	s.stdin.Close()
	err := s.cmd.Wait()
	s.cmd = nil
	return err
}

// start runs cat-file; the caller holds mu.
func (s *objectStore) start() error {
	switch {
	case s.closed:
		return errors.New("gitfs: repository closed")
	case s.broken != nil:
		return s.broken
	case s.cmd != nil:
		return nil
	}
	// The process outlives any one call, so it is not tied to a call's context.
	cmd := s.r.command(context.Background(), "cat-file", "--batch")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start git cat-file: %w", err)
	}
	s.cmd, s.stdin, s.stdout = cmd, stdin, bufio.NewReaderSize(stdout, 64*1024)
	return nil
}

// fail marks the process broken so that no later read trusts its output.
func (s *objectStore) fail(err error) error {
	s.broken = fmt.Errorf("git cat-file: %w", err)
	return s.broken
}

// request asks for oid and reads the header; the caller holds mu and must
// then consume size bytes and the trailing newline.
func (s *objectStore) request(oid string) (typ string, size int64, err error) {
	if err := s.start(); err != nil {
		return "", 0, err
	}
	if !s.validID(oid) {
		return "", 0, fmt.Errorf("%q is not an object id", oid)
	}
	if _, err := io.WriteString(s.stdin, oid+"\n"); err != nil {
		return "", 0, s.fail(err)
	}
	return s.header(oid)
}

func (s *objectStore) validID(oid string) bool {
	return len(oid) == s.r.oidLen && strings.Trim(oid, "0123456789abcdef") == ""
}

// header reads the reply line for oid; the caller holds mu.
func (s *objectStore) header(oid string) (typ string, size int64, err error) {
	header, err := s.stdout.ReadString('\n')
	if err != nil {
		return "", 0, s.fail(err)
	}
	f := strings.Fields(header)
	if len(f) == 2 && f[1] == "missing" {
		return "", 0, fmt.Errorf("object %s is missing from the repository", oid)
	}
	if len(f) != 3 || f[0] != oid {
		return "", 0, s.fail(fmt.Errorf("unexpected reply %q", header))
	}
	size, err = strconv.ParseInt(f[2], 10, 64)
	if err != nil {
		return "", 0, s.fail(fmt.Errorf("unexpected reply %q", header))
	}
	return f[1], size, nil
}

// prefetch reads the blobs of a folder in one exchange: all requests are
// written (from another goroutine, so that neither side's pipe fills and
// blocks the other) while the replies are read. Each blob's SHA-256 is kept,
// and its content when it is small. One round trip per file, each waiting
// for git to be scheduled, made reading a commit's tree ten times slower
// than reading the disk.
func (s *objectStore) prefetch(entries []treeEntry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var want []string
	seen := map[string]bool{}
	for _, e := range entries {
		if e.mode == modeTree || e.mode == modeGitlink || seen[e.oid] || !s.validID(e.oid) {
			continue
		}
		seen[e.oid] = true
		if _, ok := s.sums[e.oid]; !ok {
			want = append(want, e.oid)
		}
	}
	if len(want) < 2 {
		return nil // a lone blob costs the same read on demand
	}
	if err := s.start(); err != nil {
		return err
	}
	written := make(chan error, 1)
	stdin := s.stdin
	go func() {
		w := bufio.NewWriter(stdin)
		for _, oid := range want {
			w.WriteString(oid + "\n")
		}
		written <- w.Flush()
	}()
	var failed error
	for _, oid := range want {
		typ, size, err := s.header(oid)
		if err != nil {
			if s.broken != nil {
				failed = err
				break
			}
			continue // missing: reported when the file is read
		}
		h := sha256.New()
		var buf *bytes.Buffer
		keep := typ == "blob" && size <= maxCachedBlob && s.blobBytes+int(size) <= maxCacheBytes
		var w io.Writer = h
		if keep {
			buf = bytes.NewBuffer(make([]byte, 0, size))
			w = io.MultiWriter(h, buf)
		}
		if err := s.copyBody(w, size); err != nil {
			failed = err
			break
		}
		if typ != "blob" {
			continue
		}
		s.sums[oid] = blobSum{hex.EncodeToString(h.Sum(nil)), size}
		if keep {
			s.blobs[oid] = buf.Bytes()
			s.blobBytes += int(size)
		}
	}
	if err := <-written; err != nil && failed == nil {
		failed = s.fail(err)
	}
	return failed
}

// copyBody copies an object's content to w and consumes its newline; the caller holds mu.
func (s *objectStore) copyBody(w io.Writer, size int64) error {
	if _, err := io.CopyN(w, s.stdout, size); err != nil {
		return s.fail(err)
	}
	if b, err := s.stdout.ReadByte(); err != nil || b != '\n' {
		return s.fail(errors.New("object not followed by a newline"))
	}
	return nil
}

// read returns an object's type and content.
func (s *objectStore) read(oid string) (string, []byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.blobs[oid]; ok {
		return "blob", b, nil
	}
	typ, size, err := s.request(oid)
	if err != nil {
		return "", nil, err
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	if err := s.copyBody(buf, size); err != nil {
		return "", nil, err
	}
	data := buf.Bytes()
	if typ == "blob" && size <= maxCachedBlob && s.blobBytes+int(size) <= maxCacheBytes {
		s.blobs[oid] = data
		s.blobBytes += int(size)
	}
	return typ, data, nil
}

// cached reports whether a blob's content (or, with sumOnly, its SHA-256) is at hand.
func (s *objectStore) cached(oid string, sumOnly bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.sums[oid]; ok && sumOnly {
		return true
	}
	_, ok := s.blobs[oid]
	return ok
}

// blob returns a blob's content.
func (s *objectStore) blob(oid string) ([]byte, error) {
	typ, data, err := s.read(oid)
	if err != nil {
		return nil, err
	}
	if typ != "blob" {
		return nil, fmt.Errorf("object %s is a %s, not a file", oid, typ)
	}
	return data, nil
}

// hash returns the SHA-256 and size of a blob, streaming it so that a large
// evidence file is never held in memory whole.
func (s *objectStore) hash(oid string) (string, int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if bs, ok := s.sums[oid]; ok {
		return bs.sum, bs.size, nil
	}
	h := sha256.New()
	var size int64
	if b, ok := s.blobs[oid]; ok {
		h.Write(b)
		size = int64(len(b))
	} else {
		typ, n, err := s.request(oid)
		if err != nil {
			return "", 0, err
		}
		if err := s.copyBody(h, n); err != nil {
			return "", 0, err
		}
		if typ != "blob" {
			return "", 0, fmt.Errorf("object %s is a %s, not a file", oid, typ)
		}
		size = n
	}
	bs := blobSum{hex.EncodeToString(h.Sum(nil)), size}
	s.sums[oid] = bs
	return bs.sum, bs.size, nil
}

// tree returns the entries of a tree object, in git's order.
func (s *objectStore) tree(oid string) ([]treeEntry, error) {
	s.mu.Lock()
	if t, ok := s.trees[oid]; ok {
		s.mu.Unlock()
		return t, nil
	}
	s.mu.Unlock()
	typ, data, err := s.read(oid)
	if err != nil {
		return nil, err
	}
	if typ != "tree" {
		return nil, fmt.Errorf("object %s is a %s, not a folder", oid, typ)
	}
	entries, err := parseTree(data, s.r.oidLen/2)
	if err != nil {
		return nil, fmt.Errorf("tree %s: %w", oid, err)
	}
	s.mu.Lock()
	s.trees[oid] = entries
	s.mu.Unlock()
	return entries, nil
}

// parseTree reads git's binary tree format: "<octal mode> <name>\0<raw id>" repeated.
func parseTree(data []byte, rawLen int) ([]treeEntry, error) {
	var out []treeEntry
	for len(data) > 0 {
		sp := bytes.IndexByte(data, ' ')
		if sp <= 0 {
			return nil, errors.New("malformed entry mode")
		}
		mode, err := strconv.ParseUint(string(data[:sp]), 8, 32)
		if err != nil {
			return nil, errors.New("malformed entry mode")
		}
		data = data[sp+1:]
		nul := bytes.IndexByte(data, 0)
		if nul <= 0 || len(data) < nul+1+rawLen {
			return nil, errors.New("truncated entry")
		}
		name := string(data[:nul])
		oid := hex.EncodeToString(data[nul+1 : nul+1+rawLen])
		data = data[nul+1+rawLen:]
		out = append(out, treeEntry{name: name, mode: uint32(mode), oid: oid})
	}
	return out, nil
}

// resolve returns the id of the commit a revision expression names, asking
// the cat-file process (which reads names as rev-parse does), so that
// opening a version costs no process of its own. The commit object comes
// with the answer and is cached.
func (s *objectStore) resolve(rev string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.start(); err != nil {
		return "", err
	}
	if _, err := io.WriteString(s.stdin, rev+"^{commit}\n"); err != nil {
		return "", s.fail(err)
	}
	header, err := s.stdout.ReadString('\n')
	if err != nil {
		return "", s.fail(err)
	}
	f := strings.Fields(header)
	if len(f) != 3 {
		return "", errNoRevision // "<name> missing" or "<name> ambiguous"
	}
	size, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || !s.validID(f[0]) || f[1] != "commit" {
		return "", s.fail(fmt.Errorf("unexpected reply %q", header))
	}
	var buf bytes.Buffer
	if err := s.copyBody(&buf, size); err != nil {
		return "", err
	}
	s.commits[f[0]] = buf.Bytes()
	return f[0], nil
}

var errNoRevision = errors.New("no such revision")

// commitInfo is what a tree needs to know of its commit.
type commitInfo struct {
	tree string
	time time.Time // committer date
}

// commit reads a commit object's tree and committer date.
func (s *objectStore) commit(oid string) (commitInfo, error) {
	s.mu.Lock()
	data, ok := s.commits[oid]
	s.mu.Unlock()
	typ := "commit"
	if !ok {
		var err error
		if typ, data, err = s.read(oid); err != nil {
			return commitInfo{}, err
		}
	}
	if typ != "commit" {
		return commitInfo{}, fmt.Errorf("object %s is a %s, not a commit", oid, typ)
	}
	var ci commitInfo
	for line := range strings.SplitSeq(string(data), "\n") {
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "tree "); ok {
			ci.tree = v
		}
		if v, ok := strings.CutPrefix(line, "committer "); ok {
			ci.time, _ = ParseSignatureTime(v, nil)
		}
	}
	if ci.tree == "" {
		return commitInfo{}, fmt.Errorf("commit %s names no tree", oid)
	}
	return ci, nil
}

// ParseSignatureTime reads the time at the end of an author or committer
// line, "Name <email> 1700000000 +0100", in the signer's own zone. Zones, if
// not nil, caches the zones by offset: a history has few, and each new one
// costs an allocation.
func ParseSignatureTime(sig string, zones map[string]*time.Location) (time.Time, error) {
	end := strings.LastIndexByte(sig, '>')
	if end < 0 {
		return time.Time{}, fmt.Errorf("no email in %q", sig)
	}
	f := strings.Fields(sig[end+1:])
	if len(f) != 2 {
		return time.Time{}, fmt.Errorf("no date in %q", sig)
	}
	secs, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad date in %q", sig)
	}
	tz := f[1]
	if len(tz) != 5 || (tz[0] != '+' && tz[0] != '-') {
		return time.Time{}, fmt.Errorf("bad zone in %q", sig)
	}
	hh, err1 := strconv.Atoi(tz[1:3])
	mm, err2 := strconv.Atoi(tz[3:5])
	if err1 != nil || err2 != nil {
		return time.Time{}, fmt.Errorf("bad zone in %q", sig)
	}
	loc := zones[tz]
	if loc == nil {
		off := (hh*60 + mm) * 60
		if tz[0] == '-' {
			off = -off
		}
		loc = time.FixedZone(tz, off)
		if zones != nil {
			zones[tz] = loc
		}
	}
	return time.Unix(secs, 0).In(loc), nil
}
