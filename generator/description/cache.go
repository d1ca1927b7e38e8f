package description

import (
	"bytes"
	"io/fs"
	"sync"

	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/history"
)

// Cache keeps work that does not change between builds of the same files:
// evidence snippets highlighted once per blob, revision diffs highlighted
// once per commit and path. The versions of one attest build share one, so
// a tag pays only for what it changed. Safe for concurrent use; the zero
// value is ready.
type Cache struct {
	mu       sync.Mutex
	snippets map[string]evidenceFile // by git blob id and lexer (snippetKey)
	diffs    map[string]diffRow      // by commit id and path
	pages    map[string]cachedPage   // control pages, by page ref
	byName   map[string]namedSnippet // by file name, outside git
}

// diffRow is what a revision table shows of one diff.
type diffRow struct {
	html              string
	inserted, deleted int
	binary, truncated bool
}

// blobber is an fs.FS read from git objects (gitfs.FS): its files have ids.
type blobber interface {
	fs.FS
	Blob(name string) (string, error)
}

// snippetKey is what the snippet of the file name, holding data, is
// remembered by: the git id of its bytes — the blob's id when fsys reads git
// objects, computed from data otherwise, so that the work tree's files and
// the same files in tags share one highlight — and the lexer its name
// selects (the same bytes under another name may be another language).
func snippetKey(fsys fs.FS, name string, data []byte) string {
	id := ""
	if g, ok := fsys.(blobber); ok {
		id, _ = g.Blob(name)
	}
	if id == "" {
		id = gitfs.BlobID(data)
	}
	return id + ":" + lexerFor(name)
}

func (c *Cache) snippet(key string) (evidenceFile, bool) {
	if c == nil {
		return evidenceFile{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.snippets[key]
	return f, ok
}

// namedSnippet is the snippet of a file as it was last read: a copy of its
// contents, to compare with.
type namedSnippet struct {
	data []byte
	f    evidenceFile
}

// snippetByName looks up the snippet of the file name when its contents are
// data, as they were the last time: the lexer follows from the name, so the
// snippet is the same. Cheaper than hashing every file on every build.
func (c *Cache) snippetByName(name string, data []byte) (evidenceFile, bool) {
	if c == nil {
		return evidenceFile{}, false
	}
	c.mu.Lock()
	n, ok := c.byName[name]
	c.mu.Unlock()
	if !ok || !bytes.Equal(n.data, data) {
		return evidenceFile{}, false
	}
	return n.f, true
}

func (c *Cache) putSnippetByName(name string, data []byte, f evidenceFile) {
	if c == nil {
		return
	}
	n := namedSnippet{data: bytes.Clone(data), f: f}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byName == nil {
		c.byName = map[string]namedSnippet{}
	}
	c.byName[name] = n
}

func (c *Cache) putSnippet(id string, f evidenceFile) {
	if c == nil || id == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snippets == nil {
		c.snippets = map[string]evidenceFile{}
	}
	c.snippets[id] = f
}

func diffKey(r *history.Revision) string { return r.Commit.ID + "\x00" + r.Path }

// revisionDiffs returns the diff of each of f's revisions, from the cache
// when every one is there.
func (c *Cache) revisionDiffs(f *history.File, compute func() ([]*history.Diff, error)) ([]*diffRow, error) {
	if c != nil {
		c.mu.Lock()
		out := make([]*diffRow, len(f.Revisions))
		all := true
		for i, r := range f.Revisions {
			d, ok := c.diffs[diffKey(r)]
			if !ok {
				all = false
				break
			}
			out[i] = &d
		}
		c.mu.Unlock()
		if all {
			return out, nil
		}
	}
	diffs, err := compute()
	if err != nil {
		return nil, err
	}
	out := make([]*diffRow, len(diffs))
	for i, d := range diffs {
		if d == nil {
			continue
		}
		row := diffRow{inserted: d.Inserted, deleted: d.Deleted, binary: d.Binary, truncated: d.Truncated}
		if len(d.Hunks) > 0 {
			row.html = diffHTML(&d.Diff)
		}
		out[i] = &row
	}
	if c != nil {
		c.mu.Lock()
		if c.diffs == nil {
			c.diffs = map[string]diffRow{}
		}
		for i, r := range f.Revisions {
			if i < len(out) && out[i] != nil {
				c.diffs[diffKey(r)] = *out[i]
			}
		}
		c.mu.Unlock()
	}
	return out, nil
}
