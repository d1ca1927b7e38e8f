package sitetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// Chromium returns the path of a Chromium or Chrome binary, or "" when
// there is none (Debian's package is "chromium").
func Chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// NeedChromium is Chromium's path for a test that opens pages in it: without
// one the test is skipped, or fails on CI (CI set), where it must run.
func NeedChromium(t testing.TB) string {
	t.Helper()
	chromium := Chromium()
	if chromium == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed: apt-get install -y chromium")
		}
		t.Skip("chromium is not installed")
	}
	return chromium
}

// Server serves a built site over HTTP on the loopback interface and records
// every request that did not find its file, so that a test can assert that a
// page loaded all of its resources.
type Server struct {
	URL string
	srv *httptest.Server

	mu     sync.Mutex
	failed []string
}

// Serve starts a server for dir; Close stops it.
func Serve(dir string) *Server {
	s := &Server{}
	files := http.FileServer(http.Dir(dir))
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		files.ServeHTTP(rec, r)
		if rec.status >= 400 && r.URL.Path != "/favicon.ico" {
			s.mu.Lock()
			s.failed = append(s.failed, fmt.Sprintf("%d %s", rec.status, r.URL.Path))
			s.mu.Unlock()
		}
	}))
	s.URL = s.srv.URL
	return s
}

// Failed returns the requests that failed so far, sorted.
func (s *Server) Failed() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]string(nil), s.failed...)
	sort.Strings(out)
	return out
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Load is what the browser saw of one page.
type Load struct {
	DOM     string   // the document after loading (--dump-dom)
	Console []string // console messages: errors, warnings, CSP violations
}

// consoleLine matches Chromium's log of a console message with
// --enable-logging=stderr: `[…:INFO:CONSOLE:3] "message", source: url (3)`.
var consoleLine = regexp.MustCompile(`:CONSOLE(?:\(\d+\)|:\d+)\] "(.*)", source: `)

// Visit loads url once in headless Chromium at the given window width and
// returns the DOM after loading and the console messages; with shot not "",
// the same load also saves a screenshot there. userData is a folder under
// which a fresh profile is made. Visits may run concurrently.
func Visit(ctx context.Context, chromium, url string, width int, shot, userData string) (Load, error) {
	profile, err := os.MkdirTemp(userData, "profile-")
	if err != nil {
		return Load{}, err
	}
	defer os.RemoveAll(profile)
	args := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--no-first-run", "--hide-scrollbars",
		"--enable-logging=stderr", "--v=0",
		"--user-data-dir=" + profile,
		fmt.Sprintf("--window-size=%d,%d", width, 2400),
		"--dump-dom",
	}
	if shot != "" {
		if err := os.MkdirAll(filepath.Dir(shot), 0o755); err != nil {
			return Load{}, err
		}
		args = append(args, "--screenshot="+shot)
	}
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, append(args, url)...)
	var out, logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &logs
	if err := cmd.Run(); err != nil {
		return Load{}, fmt.Errorf("chromium %s: %v\n%s", url, err, tail(logs.String()))
	}
	l := Load{DOM: out.String(), Console: console(logs.Bytes())}
	if shot != "" {
		if fi, err := os.Stat(shot); err != nil || fi.Size() == 0 {
			return l, errors.New("chromium wrote no screenshot to " + shot)
		}
	}
	return l, nil
}

func console(logs []byte) []string {
	var out []string
	for _, line := range strings.Split(string(logs), "\n") {
		if m := consoleLine.FindStringSubmatch(line); m != nil {
			out = append(out, m[1])
		}
	}
	return out
}

func tail(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 8 {
		lines = lines[len(lines)-8:]
	}
	return strings.Join(lines, "\n")
}

// VisibleText returns the text a reader sees in dom: element content
// outside head, script and style, with runs of white space collapsed.
func VisibleText(dom string) string {
	s := dom
	if i := strings.Index(strings.ToLower(s), "<body"); i >= 0 {
		s = s[i:]
	}
	s = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)>`).ReplaceAllString(s, " ")
	s = regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(s, " ")
	s = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#39;", "'", "&quot;", `"`, "&nbsp;", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}
