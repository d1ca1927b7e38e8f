package history

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

type mapBlobs map[string]string

func (m mapBlobs) ReadBlob(_ context.Context, id string) ([]byte, error) {
	s, ok := m[id]
	if !ok {
		return nil, fmt.Errorf("no blob %s", id)
	}
	return []byte(s), nil
}

func TestReadDiffNamesTheFiles(t *testing.T) {
	c := &Commit{Short: "abc"}
	blobs := mapBlobs{"1": "a\n", "2": "a\nb\n"}
	for _, tc := range []struct {
		rev  Revision
		head string
	}{
		{Revision{Commit: c, Change: Added, Path: "p/x.md", Blob: "1"}, "--- /dev/null\n+++ b/p/x.md\n@@ -0,0 +1 @@\n+a\n"},
		{Revision{Commit: c, Change: Renamed, Path: "p/y.md", OldPath: "p/x.md", OldBlob: "1", Blob: "2"}, "--- a/p/x.md\n+++ b/p/y.md\n@@ -1 +1,2 @@\n a\n+b\n"},
		{Revision{Commit: c, Change: Deleted, Path: "p/y.md", OldBlob: "2"}, "--- a/p/y.md\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n"},
		{Revision{Commit: c, Change: Renamed, Path: "p/z.md", OldPath: "p/y.md", OldBlob: "2", Blob: "2"}, ""},
		{Revision{Commit: c, Change: Truncated, Path: "p/z.md", Blob: "2"}, ""},
	} {
		d, err := ReadDiff(context.Background(), blobs, &tc.rev)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Unified(); got != tc.head {
			t.Errorf("%s %s: Unified() =\n%q\nwant\n%q", tc.rev.Change, tc.rev.Path, got, tc.head)
		}
	}
	if _, err := ReadDiff(context.Background(), blobs, &Revision{Commit: c, Path: "q", Blob: "9"}); err == nil || !strings.Contains(err.Error(), "diff q at abc") {
		t.Errorf("a missing blob: err = %v", err)
	}
}
