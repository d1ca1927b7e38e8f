package gitfs

import (
	"bytes"
	"cmp"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// tagFormat asks for-each-ref for one NUL-separated record per line: name,
// type, the object and, for an annotated tag, the object it points to; the
// creator date (the tagger's, or the commit's for a lightweight tag); and the
// annotation's subject.
const tagFormat = "%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(creatordate:unix)%00%(creatordate:iso-strict)%00%(contents:subject)"

func matchTag(glob, name string) (bool, error) { return path.Match(glob, name) }

// parseTags reads for-each-ref output in tagFormat and keeps the tags of
// commits whose names match glob.
func parseTags(out []byte, glob string) ([]Tag, error) {
	var tags []Tag
	for line := range bytes.SplitSeq(out, []byte("\n")) {
		f := strings.Split(string(line), "\x00")
		if len(f) != 8 {
			continue
		}
		name, ok := strings.CutPrefix(f[0], "refs/tags/")
		if !ok {
			continue
		}
		if m, err := matchTag(glob, name); err != nil {
			return nil, err
		} else if !m {
			continue
		}
		t := Tag{Name: name}
		switch {
		case f[1] == "commit":
			t.Commit = f[2]
		case f[1] == "tag" && f[3] == "commit":
			t.Commit, t.Subject = f[4], f[7]
		default:
			continue // a tag of a tree, a blob or another tag: not a version
		}
		secs, err := strconv.ParseInt(f[5], 10, 64)
		if err != nil {
			continue
		}
		t.Date = time.Unix(secs, 0).UTC()
		if when, err := time.Parse(time.RFC3339, f[6]); err == nil {
			t.Date = when // keeps the tagger's zone
		}
		tags = append(tags, t)
	}
	slices.SortFunc(tags, func(a, b Tag) int {
		return cmp.Or(a.Date.Compare(b.Date), strings.Compare(a.Name, b.Name))
	})
	return tags, nil
}
