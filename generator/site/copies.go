package site

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// Copies lets the builds of one run share the files they copy verbatim
// (Spec.Files and the themes' static files): the first build to copy a file
// keeps it in the Copies' folder, and every build that copies the same
// output name with the same bytes hard-links it from there. The versions of
// a system description copy the same evidence files, and a new file costs
// the file system an inode and its blocks where a link costs neither.
//
// Only Build, which renders into a new folder, honours Spec.Copies: a
// Builder's rebuilds write their files in place, which would change the
// file of every build sharing it. Safe for concurrent use.
type Copies struct {
	dir string

	mu    sync.Mutex
	files map[string]copied // by output name
}

// copied is a file kept for linking: its bytes, to compare with, and where.
type copied struct {
	data []byte
	path string
}

// NewCopies keeps the files to link in dir, a new folder on the file system
// of the outputs. The outputs' links outlive it: remove it once the builds
// are done.
func NewCopies(dir string) *Copies {
	return &Copies{dir: dir, files: map[string]copied{}}
}

// write puts data at full, the output's file of the given name: a link to
// the kept file when its bytes are the same, else a file of its own (the
// first of a name is kept for the builds after). A nil Copies writes.
func (c *Copies) write(name, full string, data []byte) error {
	if c == nil {
		return os.WriteFile(full, data, 0o644)
	}
	c.mu.Lock()
	kept, ok := c.files[name]
	if !ok {
		kept = copied{data: data, path: filepath.Join(c.dir, strconv.Itoa(len(c.files)))}
		c.files[name] = kept
	}
	c.mu.Unlock()
	if !bytes.Equal(kept.data, data) {
		return os.WriteFile(full, data, 0o644)
	}
	if !ok {
		// Written before it is linked: a link made from a file still being
		// written would show another build a part of it.
		if err := os.MkdirAll(c.dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(kept.path+".tmp", data, 0o644); err != nil {
			return err
		}
		if err := os.Rename(kept.path+".tmp", kept.path); err != nil {
			return err
		}
	}
	// Another build may have taken the name and not yet written its file:
	// write a copy of our own then.
	if os.Link(kept.path, full) == nil {
		return nil
	}
	return os.WriteFile(full, data, 0o644)
}
