package history

import (
	"context"
	"fmt"

	"github.com/attest-dev/attest/generator/textdiff"
)

// Diff is what one revision changed in a file, against the file in the
// revision's first parent. Its JSON form is textdiff.Diff's with truncated.
type Diff struct {
	textdiff.Diff
	Truncated bool `json:"truncated,omitempty"` // a shallow clone's boundary: the earlier content is missing
}

// BlobReader reads file contents by blob id; *gitfs.Repo is one. It lets
// diffs of any number of revisions be read through one git process.
type BlobReader interface {
	ReadBlob(ctx context.Context, id string) ([]byte, error)
}

// Diff returns what revision r changed. It reads the two contents through
// the History's repository.
func (h *History) Diff(ctx context.Context, r *Revision) (*Diff, error) {
	if h.repo == nil {
		return nil, fmt.Errorf("diff %s: no repository", r.Path)
	}
	return ReadDiff(ctx, h.repo, r)
}

// Diffs returns the diff of every revision of f, newest first.
func (h *History) Diffs(ctx context.Context, f *File) ([]*Diff, error) {
	out := make([]*Diff, 0, len(f.Revisions))
	for _, r := range f.Revisions {
		d, err := h.Diff(ctx, r)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// ReadDiff returns what revision r changed, reading contents through blobs.
func ReadDiff(ctx context.Context, blobs BlobReader, r *Revision) (*Diff, error) {
	if r.Change == Truncated {
		return &Diff{Diff: textdiff.Diff{Path: r.Path, OldPath: r.OldPath}, Truncated: true}, nil
	}
	var before, after []byte
	var err error
	if r.OldBlob != "" {
		if before, err = blobs.ReadBlob(ctx, r.OldBlob); err != nil {
			return nil, fmt.Errorf("diff %s at %s: %w", r.Path, r.Commit.Short, err)
		}
	}
	if r.Blob != "" {
		if after, err = blobs.ReadBlob(ctx, r.Blob); err != nil {
			return nil, fmt.Errorf("diff %s at %s: %w", r.Path, r.Commit.Short, err)
		}
	}
	diff := textdiff.Compare(string(before), string(after))
	diff.Path, diff.OldPath = r.Path, r.OldPath
	diff.NewFile, diff.Gone = r.OldBlob == "", r.Blob == ""
	return &Diff{Diff: *diff}, nil
}
