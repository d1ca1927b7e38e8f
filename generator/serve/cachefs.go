package serve

import (
	"bytes"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// cachedFS keeps what a rebuild reads from the program in memory — file
// contents, their FileInfo and folder listings — so that a rebuild after one
// saved file reads one file from disk, not the thousands it did not change.
// The watcher tells it what changed (forget); it is safe for concurrent use.
type cachedFS struct {
	under fs.FS

	mu    sync.RWMutex
	files map[string]*cachedFile
	dirs  map[string][]fs.DirEntry
}

type cachedFile struct {
	data []byte
	info fs.FileInfo
}

func newCachedFS(under fs.FS) *cachedFS {
	return &cachedFS{under: under, files: map[string]*cachedFile{}, dirs: map[string][]fs.DirEntry{}}
}

// forget drops name and everything under it, and the listing of the
// folder that holds it. name is slash-separated and relative to the root.
func (c *cachedFS) forget(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	prefix := name + "/"
	for k := range c.files {
		if k == name || strings.HasPrefix(k, prefix) {
			delete(c.files, k)
		}
	}
	for k := range c.dirs {
		if k == name || strings.HasPrefix(k, prefix) {
			delete(c.dirs, k)
		}
	}
	delete(c.dirs, path.Dir(name))
}

// forgetAll empties the cache, for when the watcher may have missed events.
func (c *cachedFS) forgetAll() {
	c.mu.Lock()
	c.files = map[string]*cachedFile{}
	c.dirs = map[string][]fs.DirEntry{}
	c.mu.Unlock()
}

func (c *cachedFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if cf, err := c.file(name); err == nil {
		return &memFile{Reader: bytes.NewReader(cf.data), info: cf.info}, nil
	}
	// Folders, and files that could not be read whole, come from below.
	return c.under.Open(name)
}

func (c *cachedFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	cf, err := c.file(name)
	if err != nil {
		return nil, err
	}
	return slices.Clone(cf.data), nil
}

func (c *cachedFS) Stat(name string) (fs.FileInfo, error) {
	if cf, err := c.file(name); err == nil {
		return cf.info, nil
	}
	return fs.Stat(c.under, name)
}

func (c *cachedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	c.mu.RLock()
	entries, ok := c.dirs[name]
	c.mu.RUnlock()
	if ok {
		return slices.Clone(entries), nil
	}
	entries, err := fs.ReadDir(c.under, name)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.dirs[name] = entries
	c.mu.Unlock()
	return slices.Clone(entries), nil
}

// maxCachedFile bounds what is kept in memory; larger files (evidence
// exports, say) are read from disk each time.
const maxCachedFile = 1 << 20

func (c *cachedFS) file(name string) (*cachedFile, error) {
	c.mu.RLock()
	cf, ok := c.files[name]
	c.mu.RUnlock()
	if ok {
		return cf, nil
	}
	f, err := c.under.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	cf = &cachedFile{data: data, info: info}
	if len(data) <= maxCachedFile {
		c.mu.Lock()
		c.files[name] = cf
		c.mu.Unlock()
	}
	return cf, nil
}

// memFile is a cached file opened for reading.
type memFile struct {
	*bytes.Reader
	info fs.FileInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

var _ interface {
	fs.ReadFileFS
	fs.ReadDirFS
	fs.StatFS
} = (*cachedFS)(nil)
