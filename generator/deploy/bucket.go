package deploy

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"sync"

	"gocloud.dev/blob"
	"gocloud.dev/blob/azureblob"
	"gocloud.dev/blob/fileblob"
	"gocloud.dev/blob/gcsblob"
	"gocloud.dev/blob/s3blob"
)

// metaMD5 is the metadata key an upload records its MD5 under, hugo
// deploy's: a bucket whose listing gives no MD5 (an S3 multipart upload's
// ETag is not one; a file:// folder written without sidecars) is still
// compared without downloading, and a bucket hugo deploy wrote is read alike.
const metaMD5 = "md5chksum"

// Open opens the bucket at a gocloud.dev URL (s3://, gs://, azblob://,
// file://). The drivers are registered on a mux of this package's own, not
// on gocloud's default one. Credentials come from the environment, as each
// cloud's own tools find them.
func Open(ctx context.Context, bucketURL string) (*blob.Bucket, error) {
	mux := new(blob.URLMux)
	mux.RegisterBucket(s3blob.Scheme, new(s3blob.URLOpener))
	mux.RegisterBucket(gcsblob.Scheme, new(gcsblob.URLOpener))
	mux.RegisterBucket(azureblob.Scheme, new(azureblob.URLOpener))
	mux.RegisterBucket(fileblob.Scheme, new(fileblob.URLOpener))
	b, err := mux.OpenBucket(ctx, bucketURL)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", Redact(bucketURL), err)
	}
	return b, nil
}

// Redact drops a URL's query, which may hold keys, for messages.
func Redact(bucketURL string) string {
	u, err := url.Parse(bucketURL)
	if err != nil {
		return "the bucket"
	}
	u.RawQuery, u.User = "", nil
	return u.String()
}

// Remote lists the objects of the bucket. An object listed without an MD5
// gets the one recorded in its metadata at upload, or, failing that, one
// computed by reading it.
func Remote(ctx context.Context, b *blob.Bucket) ([]Object, error) {
	var out []Object
	it := b.List(nil)
	for {
		o, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("list the bucket: %w", err)
		}
		if o.IsDir {
			continue
		}
		obj := Object{Key: o.Key, Size: o.Size, MD5: o.MD5}
		if len(obj.MD5) == 0 {
			if obj.MD5, err = remoteMD5(ctx, b, o.Key); err != nil {
				return nil, err
			}
		}
		out = append(out, obj)
	}
	slices.SortFunc(out, func(a, b Object) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

func remoteMD5(ctx context.Context, b *blob.Bucket, key string) ([]byte, error) {
	attrs, err := b.Attributes(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("read %s's attributes: %w", key, err)
	}
	if sum, err := hex.DecodeString(attrs.Metadata[metaMD5]); err == nil && len(sum) == md5.Size {
		return sum, nil
	}
	r, err := b.NewReader(ctx, key, nil)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", key, err)
	}
	defer r.Close()
	h := md5.New()
	if _, err := io.Copy(h, r); err != nil {
		return nil, fmt.Errorf("read %s: %w", key, err)
	}
	return h.Sum(nil), nil
}

// Options are how Apply reports and paces its work.
type Options struct {
	// Done is called once per file uploaded and object deleted, from
	// several goroutines at once.
	Done func(key string)
	// Workers is how many uploads run at once; 0 means 8.
	Workers int
}

// Apply uploads and deletes what the plan says. Uploads come first, pages
// (HTML) after the files they link to, and deletes last, so that a reader
// during the deploy never follows a link to what is not there yet or any
// more. The first error stops the deploy; what was done stays done, and
// the next deploy plans only what is left.
func Apply(ctx context.Context, b *blob.Bucket, p Plan, opts Options) error {
	done := opts.Done
	if done == nil {
		done = func(string) {}
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = 8
	}
	var pages, assets []Upload
	for _, u := range p.Uploads {
		if strings.HasPrefix(u.File.ContentType, "text/html") {
			pages = append(pages, u)
		} else {
			assets = append(assets, u)
		}
	}
	for _, batch := range [][]Upload{assets, pages} {
		if err := each(ctx, batch, workers, func(u Upload) error {
			if err := upload(ctx, b, u.File); err != nil {
				return err
			}
			done(u.File.Path)
			return nil
		}); err != nil {
			return err
		}
	}
	return each(ctx, p.Deletes, workers, func(key string) error {
		if err := b.Delete(ctx, key); err != nil {
			return fmt.Errorf("delete %s: %w", key, err)
		}
		done(key)
		return nil
	})
}

func upload(ctx context.Context, b *blob.Bucket, f File) error {
	body, err := f.Body()
	if err != nil {
		return fmt.Errorf("upload %s: %w", f.Path, err)
	}
	sum := md5.Sum(body)
	err = b.WriteAll(ctx, f.Path, body, &blob.WriterOptions{
		ContentType:     f.ContentType,
		CacheControl:    f.CacheControl,
		ContentEncoding: f.ContentEncoding,
		ContentMD5:      sum[:], // the bucket refuses a body that arrived changed
		Metadata:        map[string]string{metaMD5: hex.EncodeToString(sum[:])},
	})
	if err != nil {
		return fmt.Errorf("upload %s: %w", f.Path, err)
	}
	return nil
}

// each runs fn on every item with at most n at once, and returns the first
// error; after one, no new item starts.
func each[T any](ctx context.Context, items []T, n int, fn func(T) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	sem := make(chan struct{}, n)
	for _, it := range items {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := fn(it); err != nil {
				cancel(err)
			}
		})
	}
	wg.Wait()
	return context.Cause(ctx)
}
