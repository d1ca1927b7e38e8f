package deploy

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/attest-dev/attest/generator/deploy/deploytest"
)

// TestInvalidate sends the invalidation to an httptest server standing in
// for the CloudFront API: CloudFront itself is the one part of a deploy that
// cannot run here (there is no local CloudFront, as gofakes3 is for S3). The
// request is checked as CloudFront would read it — the distribution, "/*",
// the caller reference, a SigV4 signature for us-east-1 — and so is the
// answer to an unknown distribution.
func TestInvalidate(t *testing.T) {
	deploytest.Credentials(t)

	type batch struct {
		CallerReference string
		Paths           struct {
			Quantity int
			Items    []string `xml:"Items>Path"`
		}
	}
	var mu sync.Mutex
	var got []batch
	var paths, auths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var b batch
		if err := xml.Unmarshal(body, &b); err != nil {
			t.Errorf("request body %q: %v", body, err)
		}
		mu.Lock()
		got = append(got, b)
		paths = append(paths, r.Method+" "+r.URL.Path)
		auths = append(auths, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "text/xml")
		if strings.Contains(r.URL.Path, "/EMISSING/") {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>NoSuchDistribution</Code><Message>The specified distribution does not exist.</Message></Error><RequestId>r1</RequestId></ErrorResponse>`)
			return
		}
		w.Header().Set("Location", "https://cloudfront.amazonaws.com/2020-05-31/distribution/E2QWRUHAPOMQZL/invalidation/I2J0I21PCUYOIK")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status><CreateTime>2026-07-01T12:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/*</Path></Items></Paths><CallerReference>x</CallerReference></InvalidationBatch></Invalidation>`)
	}))
	defer srv.Close()

	now := func() time.Time { return time.Date(2026, 7, 1, 12, 0, 0, 5, time.UTC) }
	ctx := context.Background()
	id, err := Invalidate(ctx, "s3://trust?region=eu-central-1&endpoint=http://s3.invalid", "E2QWRUHAPOMQZL", InvalidateOptions{Endpoint: srv.URL, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if id != "I2J0I21PCUYOIK" {
		t.Errorf("invalidation id %q", id)
	}
	if len(got) != 1 {
		t.Fatalf("%d requests, want 1", len(got))
	}
	if want := "POST /2020-05-31/distribution/E2QWRUHAPOMQZL/invalidation"; paths[0] != want {
		t.Errorf("request %q, want %q", paths[0], want)
	}
	if got[0].Paths.Quantity != 1 || len(got[0].Paths.Items) != 1 || got[0].Paths.Items[0] != "/*" {
		t.Errorf("paths %+v, want /* alone", got[0].Paths)
	}
	if want := "attest-deploy-20260701T120000.000000005Z"; got[0].CallerReference != want {
		t.Errorf("caller reference %q, want %q", got[0].CallerReference, want)
	}
	// The bucket's region signs; CloudFront's scope is its own service.
	if !strings.Contains(auths[0], "/eu-central-1/cloudfront/aws4_request") && !strings.Contains(auths[0], "/us-east-1/cloudfront/aws4_request") {
		t.Errorf("Authorization %q is not a SigV4 signature for CloudFront", auths[0])
	}

	// A region-less URL is signed for us-east-1.
	if _, err := Invalidate(ctx, "s3://trust", "E2QWRUHAPOMQZL", InvalidateOptions{Endpoint: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(auths[1], "/us-east-1/cloudfront/aws4_request") {
		t.Errorf("Authorization %q not signed for us-east-1", auths[1])
	}
	if got[1].CallerReference == got[0].CallerReference {
		t.Errorf("two invalidations share the caller reference %q", got[1].CallerReference)
	}

	_, err = Invalidate(ctx, "s3://trust?region=eu-central-1", "EMISSING", InvalidateOptions{Endpoint: srv.URL})
	if err == nil || !strings.Contains(err.Error(), "invalidate CloudFront distribution EMISSING: there is no such distribution (check cloudfront_distribution in config.toml") {
		t.Errorf("unknown distribution: %v", err)
	}
}
