// Package deploy publishes a built site to a gocloud.dev bucket incrementally, as hugo deploy does.
package deploy

import (
	"bytes"
	"cmp"
	"slices"
)

// File is a file of the built site as it would be uploaded.
type File struct {
	Path            string // the object key: the slash-separated path in the output
	Size            int64  // of the bytes uploaded (gzipped, with Gzip)
	MD5             []byte // of the bytes uploaded
	ContentType     string
	CacheControl    string
	ContentEncoding string // "gzip" when a matcher gzips the file

	abs string // where the file is on disk
}

// Object is an object found in the bucket.
type Object struct {
	Key  string
	Size int64
	MD5  []byte // nil when the bucket could not say
}

// Reason is why a file is uploaded.
type Reason string

// The reasons a file is uploaded.
const (
	ReasonNew        Reason = "new"
	ReasonSize       Reason = "size differs"
	ReasonMD5        Reason = "content differs"
	ReasonMD5Missing Reason = "remote MD5 unknown"
	ReasonForce      Reason = "forced"
)

// Upload is a file to upload and why.
type Upload struct {
	File   File
	Reason Reason
}

// Plan is what a deploy does: the files to upload, the objects to delete,
// and how many files the bucket already holds as they are.
type Plan struct {
	Uploads   []Upload // sorted by path
	Deletes   []string // keys, sorted
	Unchanged int
}

// Compare plans a deploy: a file is uploaded when the bucket lacks it or
// holds it with another size or MD5 (or an unknown MD5), every file with
// force; an object no file has is deleted. Headers are not compared (most
// buckets do not list them): force re-uploads files whose headers changed.
func Compare(local []File, remote []Object, force bool) Plan {
	objects := make(map[string]Object, len(remote))
	for _, o := range remote {
		objects[o.Key] = o
	}
	var p Plan
	seen := make(map[string]bool, len(local))
	for _, f := range local {
		seen[f.Path] = true
		o, ok := objects[f.Path]
		var why Reason
		switch {
		case !ok:
			why = ReasonNew
		case force:
			why = ReasonForce
		case o.Size != f.Size:
			why = ReasonSize
		case len(o.MD5) == 0:
			why = ReasonMD5Missing
		case !bytes.Equal(o.MD5, f.MD5):
			why = ReasonMD5
		default:
			p.Unchanged++
			continue
		}
		p.Uploads = append(p.Uploads, Upload{File: f, Reason: why})
	}
	for _, o := range remote {
		if !seen[o.Key] {
			p.Deletes = append(p.Deletes, o.Key)
		}
	}
	slices.SortFunc(p.Uploads, func(a, b Upload) int { return cmp.Compare(a.File.Path, b.File.Path) })
	slices.Sort(p.Deletes)
	p.Deletes = slices.Compact(p.Deletes)
	return p
}

// Empty reports whether the plan changes nothing.
func (p Plan) Empty() bool { return len(p.Uploads) == 0 && len(p.Deletes) == 0 }
