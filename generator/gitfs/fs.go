package gitfs

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

// FS is the tree of one commit, rooted at the program's directory, read from
// git objects: the work tree is neither read nor changed, so any number of
// commits can be open at once. Files are read-only; every file's modification
// time is the commit's committer date, which keeps builds from it
// deterministic. It implements fs.ReadDirFS, fs.ReadFileFS and fs.StatFS.
type FS struct {
	repo   *Repo
	commit string
	root   string // tree id of the program's directory
	time   time.Time
}

// Tree opens the files of the commit rev names, as they were in the program's
// directory at that commit.
func (r *Repo) Tree(ctx context.Context, rev string) (*FS, error) {
	id, err := r.Resolve(ctx, rev)
	if err != nil {
		return nil, err
	}
	ci, err := r.objects.commit(id)
	if err != nil {
		return nil, err
	}
	root := ci.tree
	for _, name := range strings.Split(strings.TrimSuffix(r.prefix, "/"), "/") {
		if name == "" {
			continue
		}
		entries, err := r.objects.tree(root)
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(entries, func(e treeEntry) bool { return e.name == name })
		if i < 0 || entries[i].mode != modeTree {
			return nil, fmt.Errorf("%s did not exist in commit %s (%s)", strings.TrimSuffix(r.prefix, "/"), ShortID(id), rev)
		}
		root = entries[i].oid
	}
	return &FS{repo: r, commit: id, root: root, time: ci.time}, nil
}

// Commit returns the id of the commit the tree belongs to.
func (f *FS) Commit() string { return f.commit }

// TreeID returns the id of the program directory's tree object. Two commits
// with the same TreeID hold the same program, byte for byte, so whatever was
// derived from one holds for the other.
func (f *FS) TreeID() string { return f.root }

// Time returns the commit's committer date.
func (f *FS) Time() time.Time { return f.time }

// ShortID is how attest shows a commit or object id: its first twelve hex
// digits, everywhere (footers, revision tables, the versions index,
// messages), so that one commit reads the same on every page.
func ShortID(id string) string { return id[:min(12, len(id))] }

// maxLinks bounds symbolic-link resolution, as the kernel's ELOOP does.
const maxLinks = 40

// errEscapes says why a link is refused; "escapes" is what compile's error
// description looks for to explain symbolic links to a person.
var errEscapes = errors.New("symbolic link escapes the program's directory")

// lookup finds name's entry, following symbolic links inside the tree (all of
// them when follow is set, all but the last component otherwise). The root
// itself is returned as a tree entry named ".".
func (f *FS) lookup(op, name string, follow bool) (treeEntry, string, error) {
	if !fs.ValidPath(name) {
		return treeEntry{}, "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	cur := treeEntry{name: ".", mode: modeTree, oid: f.root}
	if name == "." {
		return cur, ".", nil
	}
	parts := strings.Split(name, "/")
	var done []string // components resolved so far
	links := 0
	for len(parts) > 0 {
		part := parts[0]
		parts = parts[1:]
		if cur.mode != modeTree {
			return treeEntry{}, "", &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		entries, err := f.repo.objects.tree(cur.oid)
		if err != nil {
			return treeEntry{}, "", &fs.PathError{Op: op, Path: name, Err: err}
		}
		i := slices.IndexFunc(entries, func(e treeEntry) bool { return e.name == part })
		if i < 0 || entries[i].mode == modeGitlink {
			return treeEntry{}, "", &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		e := entries[i]
		if e.mode == modeSymlink && (follow || len(parts) > 0) {
			links++
			if links > maxLinks {
				return treeEntry{}, "", &fs.PathError{Op: op, Path: name, Err: errors.New("too many levels of symbolic links")}
			}
			target, err := f.repo.objects.blob(e.oid)
			if err != nil {
				return treeEntry{}, "", &fs.PathError{Op: op, Path: name, Err: err}
			}
			t := string(target)
			if path.IsAbs(t) {
				return treeEntry{}, "", &fs.PathError{Op: op, Path: name, Err: errEscapes}
			}
			joined := path.Join(append(slices.Clone(done), t)...)
			if joined == ".." || strings.HasPrefix(joined, "../") {
				return treeEntry{}, "", &fs.PathError{Op: op, Path: name, Err: errEscapes}
			}
			// Start again from the root with the link replaced by its target.
			rest := parts
			parts = nil
			if joined != "." {
				parts = strings.Split(joined, "/")
			}
			parts = append(parts, rest...)
			done = done[:0]
			cur = treeEntry{name: ".", mode: modeTree, oid: f.root}
			continue
		}
		done = append(done, part)
		cur = e
	}
	resolved := strings.Join(done, "/")
	if resolved == "" {
		resolved = "."
	}
	return cur, resolved, nil
}

// Open opens a file or directory.
func (f *FS) Open(name string) (fs.File, error) {
	e, _, err := f.lookup("open", name, true)
	if err != nil {
		return nil, err
	}
	info := &fileInfo{name: path.Base(name), entry: e, fs: f}
	if e.mode == modeTree {
		entries, err := f.dirEntries(e.oid)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &dir{info: info, entries: entries}, nil
	}
	f.prefetchFolder(name, e.oid, false)
	data, err := f.repo.objects.blob(e.oid)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	info.size, info.sized = int64(len(data)), true
	return &file{info: info, Reader: bytes.NewReader(data)}, nil
}

// ReadFile returns a file's content. The slice is the caller's to change.
func (f *FS) ReadFile(name string) ([]byte, error) {
	e, _, err := f.lookup("readfile", name, true)
	if err != nil {
		return nil, err
	}
	if e.mode == modeTree {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: errors.New("is a directory")}
	}
	f.prefetchFolder(name, e.oid, false)
	data, err := f.repo.objects.blob(e.oid)
	if err != nil {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: err}
	}
	return bytes.Clone(data), nil
}

// ReadDir lists a directory, sorted by name.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	e, _, err := f.lookup("readdir", name, true)
	if err != nil {
		return nil, err
	}
	if e.mode != modeTree {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	entries, err := f.dirEntries(e.oid)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	return entries, nil
}

// Stat describes a file, following symbolic links.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	e, _, err := f.lookup("stat", name, true)
	if err != nil {
		return nil, err
	}
	return &fileInfo{name: path.Base(name), entry: e, fs: f}, nil
}

// Blob returns the id of the blob holding name's content. Equal ids mean
// equal content, across commits.
func (f *FS) Blob(name string) (string, error) {
	e, _, err := f.lookup("blob", name, true)
	if err != nil {
		return "", err
	}
	if e.mode == modeTree {
		return "", &fs.PathError{Op: "blob", Path: name, Err: errors.New("is a directory")}
	}
	return e.oid, nil
}

// prefetchFolder reads, in one exchange, the files beside name when name's
// blob (or its sum) is not at hand: files are read by folder, evidence files
// hashed one after another. A failure is left for the read that follows to report.
func (f *FS) prefetchFolder(name, oid string, sumOnly bool) {
	if f.repo.objects.cached(oid, sumOnly) {
		return
	}
	e, _, err := f.lookup("open", path.Dir(name), true)
	if err != nil || e.mode != modeTree {
		return
	}
	if entries, err := f.repo.objects.tree(e.oid); err == nil {
		f.repo.objects.prefetch(entries)
	}
}

func (f *FS) dirEntries(treeID string) ([]fs.DirEntry, error) {
	entries, err := f.repo.objects.tree(treeID)
	if err != nil {
		return nil, err
	}
	// Whoever lists a folder usually reads its files next.
	if err := f.repo.objects.prefetch(entries); err != nil {
		return nil, err
	}
	out := make([]fs.DirEntry, 0, len(entries))
	for _, e := range entries {
		if e.mode == modeGitlink {
			continue // a submodule's files are in another repository
		}
		out = append(out, &fileInfo{name: e.name, entry: e, fs: f})
	}
	// git orders a folder as if its name ended in "/"; fs.ReadDir promises plain name order.
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

// Hash returns the SHA-256 and size of name, for compile.Hasher. For a tree of
// this repository the sum is cached by blob id, so an evidence file shared by
// several versions is hashed once; for any other fs.FS it reads the file.
func (r *Repo) Hash(fsys fs.FS, name string) (string, int64, error) {
	if g, ok := fsys.(*FS); ok && g.repo == r {
		oid, err := g.Blob(name)
		if err != nil {
			return "", 0, err
		}
		g.prefetchFolder(name, oid, true)
		sum, size, err := r.objects.hash(oid)
		if err != nil {
			return "", 0, &fs.PathError{Op: "hash", Path: name, Err: err}
		}
		return sum, size, nil
	}
	file, err := fsys.Open(name)
	if err != nil {
		return "", 0, err
	}
	defer file.Close()
	h := sha256.New()
	n, err := io.Copy(h, file)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// fileInfo is both the fs.FileInfo and the fs.DirEntry of a tree entry.
type fileInfo struct {
	name  string
	entry treeEntry
	fs    *FS
	size  int64
	sized bool
}

func (i *fileInfo) Name() string { return i.name }

func (i *fileInfo) Size() int64 {
	if !i.sized && i.entry.mode != modeTree {
		// The size is in the object's header; reading the blob is the one
		// way cat-file --batch gives it, and the blob is cached.
		if data, err := i.fs.repo.objects.blob(i.entry.oid); err == nil {
			i.size = int64(len(data))
		}
		i.sized = true
	}
	return i.size
}

func (i *fileInfo) Mode() fs.FileMode {
	switch i.entry.mode {
	case modeTree:
		return fs.ModeDir | 0o555
	case modeSymlink:
		return fs.ModeSymlink | 0o777
	case 0o100755:
		return 0o555
	}
	return 0o444
}

func (i *fileInfo) ModTime() time.Time         { return i.fs.time }
func (i *fileInfo) IsDir() bool                { return i.entry.mode == modeTree }
func (i *fileInfo) Sys() any                   { return nil }
func (i *fileInfo) Type() fs.FileMode          { return i.Mode().Type() }
func (i *fileInfo) Info() (fs.FileInfo, error) { return i, nil }
func (i *fileInfo) String() string             { return fs.FormatFileInfo(i) }

// file is an open regular file.
type file struct {
	info *fileInfo
	*bytes.Reader
}

func (f *file) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *file) Close() error               { return nil }

// dir is an open directory.
type dir struct {
	info    *fileInfo
	entries []fs.DirEntry
	offset  int
}

func (d *dir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dir) Close() error               { return nil }
func (d *dir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: errors.New("is a directory")}
}

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.offset:]
	if n <= 0 {
		d.offset = len(d.entries)
		return slices.Clone(rest), nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.offset += n
	return slices.Clone(rest[:n]), nil
}

// BlobID returns the id git gives a blob of data in a repository of SHA-1
// objects (git hash-object): the id FS.Blob returns for a file of the same
// bytes, without a repository. A program's work tree and the tags read from
// its git objects can so key what they share alike.
func BlobID(data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}
