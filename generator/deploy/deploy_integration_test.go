package deploy_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"gocloud.dev/blob"

	"github.com/attest-dev/attest/generator/deploy"
	"github.com/attest-dev/attest/generator/deploy/deploytest"
	"github.com/attest-dev/attest/generator/model"
)

func writeSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// deployOnce plans and applies one deploy of dir to the bucket.
func deployOnce(t *testing.T, ctx context.Context, b *blob.Bucket, dir string, matchers []model.DeployMatcher) deploy.Plan {
	t.Helper()
	local, err := deploy.Local(dir, matchers)
	if err != nil {
		t.Fatal(err)
	}
	remote, err := deploy.Remote(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	p := deploy.Compare(local, remote, false)
	if err := deploy.Apply(ctx, b, p, deploy.Options{}); err != nil {
		t.Fatal(err)
	}
	return p
}

func counts(p deploy.Plan) [3]int { return [3]int{len(p.Uploads), len(p.Deletes), p.Unchanged} }

var matchers = []model.DeployMatcher{
	{Pattern: regexp.MustCompile(`\.css$`), CacheControl: "max-age=31536000", Gzip: true},
	{Pattern: regexp.MustCompile(`^trust\.json$`), CacheControl: "no-cache", ContentType: "application/vnd.attest+json"},
}

var site = map[string]string{
	"index.html":                 "<!doctype html><title>Trust</title>",
	"css/site.css":               "body { color: black }",
	"trust.json":                 `{"build":{}}`,
	".well-known/security.txt":   "Contact: mailto:security@example.com\n",
	"policies/access/index.html": "<!doctype html><title>Access</title>",
}

// TestDeployToS3 deploys a site to an S3-protocol server and redeploys it:
// the first deploy uploads every file with its headers, a second uploads
// nothing, an edited file is the only upload, a removed one the only
// delete. (Issue 17.)
func TestDeployToS3(t *testing.T) {
	ctx := context.Background()
	srv := deploytest.S3(t, "trust")
	b, err := deploy.Open(ctx, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	dir := t.TempDir()
	writeSite(t, dir, site)

	if got := counts(deployOnce(t, ctx, b, dir, matchers)); got != [3]int{5, 0, 0} {
		t.Errorf("first deploy: uploads, deletes, unchanged = %v", got)
	}
	headers := map[string]struct{ contentType, encoding string }{
		"index.html":               {"text/html; charset=utf-8", ""},
		"css/site.css":             {"text/css; charset=utf-8", "gzip"},
		"trust.json":               {"application/vnd.attest+json", ""},
		".well-known/security.txt": {"text/plain; charset=utf-8", ""},
	}
	for key, want := range headers {
		attrs, err := b.Attributes(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if attrs.ContentType != want.contentType || attrs.ContentEncoding != want.encoding {
			t.Errorf("%s: Content-Type %q, Content-Encoding %q; want %q, %q", key, attrs.ContentType, attrs.ContentEncoding, want.contentType, want.encoding)
		}
	}
	sent := srv.Puts()
	for key, want := range map[string]string{"/trust/css/site.css": "max-age=31536000", "/trust/trust.json": "no-cache", "/trust/index.html": ""} {
		if got := sent[key].Get("Cache-Control"); got != want {
			t.Errorf("%s sent with Cache-Control %q, want %q", key, got, want)
		}
	}
	// The gzipped stylesheet reads back as the file.
	raw, err := b.ReadAll(ctx, "css/site.css")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if css, _ := io.ReadAll(zr); string(css) != site["css/site.css"] {
		t.Errorf("css/site.css reads back as %q", css)
	}

	if got := counts(deployOnce(t, ctx, b, dir, matchers)); got != [3]int{0, 0, 5} {
		t.Errorf("redeploy: uploads, deletes, unchanged = %v", got)
	}
	if sent := srv.Puts(); len(sent) != 0 {
		t.Errorf("redeploy sent %d files", len(sent))
	}

	writeSite(t, dir, map[string]string{"index.html": "<!doctype html><title>TRUST</title>"})
	p := deployOnce(t, ctx, b, dir, matchers)
	if got := counts(p); got != [3]int{1, 0, 4} || p.Uploads[0].File.Path != "index.html" || p.Uploads[0].Reason != deploy.ReasonMD5 {
		t.Errorf("one edited: %v %+v", got, p.Uploads)
	}

	if err := os.RemoveAll(filepath.Join(dir, "policies")); err != nil {
		t.Fatal(err)
	}
	p = deployOnce(t, ctx, b, dir, matchers)
	if got := counts(p); got != [3]int{0, 1, 4} || p.Deletes[0] != "policies/access/index.html" {
		t.Errorf("one deleted: %v %v", got, p.Deletes)
	}
	if ok, _ := b.Exists(ctx, "policies/access/index.html"); ok {
		t.Error("the deleted page is still in the bucket")
	}
}

// TestDeployToFolder deploys to a file:// bucket, as the quick start does:
// the files arrive with their headers recorded, and a redeploy uploads
// nothing.
func TestDeployToFolder(t *testing.T) {
	ctx := context.Background()
	dir, dest := t.TempDir(), t.TempDir()
	writeSite(t, dir, site)
	b, err := deploy.Open(ctx, "file://"+filepath.ToSlash(dest))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got := counts(deployOnce(t, ctx, b, dir, matchers)); got != [3]int{5, 0, 0} {
		t.Errorf("first deploy: %v", got)
	}
	data, err := os.ReadFile(filepath.Join(dest, "index.html"))
	if err != nil || string(data) != site["index.html"] {
		t.Errorf("index.html: %q, %v", data, err)
	}
	attrs, err := b.Attributes(ctx, "css/site.css")
	if err != nil {
		t.Fatal(err)
	}
	if attrs.CacheControl != "max-age=31536000" || attrs.ContentEncoding != "gzip" || attrs.ContentType != "text/css; charset=utf-8" {
		t.Errorf("css/site.css attributes: %+v", attrs)
	}
	if got := counts(deployOnce(t, ctx, b, dir, matchers)); got != [3]int{0, 0, 5} {
		t.Errorf("redeploy: %v", got)
	}
}
