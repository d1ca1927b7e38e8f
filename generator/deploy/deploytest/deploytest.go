// Package deploytest starts an S3-protocol server inside a test, for deploys to run against.
package deploytest

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// Server is an S3-protocol server (gofakes3, objects in memory) holding one
// bucket.
type Server struct {
	URL string // the bucket's s3:// URL, for a [[deploy.target]]

	mu   sync.Mutex
	puts map[string]http.Header
}

// S3 starts a Server for the test's duration with a bucket named bucket,
// and points the AWS SDK's credentials at the environment only, never at a
// developer's files or an instance's metadata.
func S3(t testing.TB, bucket string) *Server {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	s := &Server{puts: map[string]http.Header{}}
	h := gofakes3.New(backend).Server()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			s.mu.Lock()
			s.puts[r.URL.Path] = r.Header.Clone()
			s.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	Credentials(t)
	s.URL = "s3://" + bucket + "?region=us-east-1&use_path_style=true&disable_https=true&endpoint=" + srv.URL
	return s
}

// Credentials points the AWS SDK's credential chain at test credentials in
// the environment, for the test's duration: never at a developer's own
// (AWS_PROFILE, ~/.aws files, a session token) or an instance's metadata.
// The region comes from the bucket URL or the service's own.
func Credentials(t testing.TB) {
	t.Helper()
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

// Puts returns the request headers of the objects written since the last
// call, by request path ("/bucket/key"). gofakes3 v1.2.0 keeps an object's
// Content-Type and Content-Encoding but not its Cache-Control, which a test
// reads here, as sent.
func (s *Server) Puts() map[string]http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.puts
	s.puts = map[string]http.Header{}
	return out
}
