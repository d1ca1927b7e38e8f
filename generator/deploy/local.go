package deploy

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/sitepath"
)

// Local lists the files of the built site in dir as they would be
// uploaded, sorted by path: each with the headers the first matching
// matcher sets, its content type by extension unless a matcher gives one,
// and the size and MD5 of the bytes uploaded.
func Local(dir string, matchers []model.DeployMatcher) ([]File, error) {
	var files []File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			if d.IsDir() {
				return nil
			}
			return fmt.Errorf("%s: not a regular file: a built site holds files and folders only", p)
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		f := File{Path: filepath.ToSlash(rel), abs: p}
		f.ContentType = sitepath.ContentType(f.Path)
		for _, m := range matchers {
			if m.Pattern.MatchString(f.Path) {
				if m.ContentType != "" {
					f.ContentType = m.ContentType
				}
				f.CacheControl = m.CacheControl
				if m.Gzip {
					f.ContentEncoding = "gzip"
				}
				break
			}
		}
		body, err := f.Body()
		if err != nil {
			return err
		}
		sum := md5.Sum(body)
		f.Size, f.MD5 = int64(len(body)), sum[:]
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the built site: %w", err)
	}
	return files, nil // WalkDir walks in lexical order
}

// Body returns the bytes uploaded: the file's, gzipped when its
// ContentEncoding is gzip. The gzip stream carries no name or time, so the
// same file always gives the same bytes and a redeploy finds it unchanged.
func (f File) Body() ([]byte, error) {
	data, err := os.ReadFile(f.abs)
	if err != nil || f.ContentEncoding != "gzip" {
		return data, err
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
