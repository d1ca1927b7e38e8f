package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/attest-dev/attest"
	"github.com/attest-dev/attest/generator/build"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/scratch"
	"github.com/attest-dev/attest/generator/serve"
)

// sampleCopy writes the embedded sample program into a temporary folder.
func sampleCopy(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, attest.Sample()); err != nil {
		t.Fatal(err)
	}
	return dir
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// edit replaces old with new in a file of the program, the way an editor
// that writes in place saves it.
func edit(t testing.TB, dir, name, old, new string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte(old)) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	if err := os.WriteFile(p, bytes.Replace(src, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func httpGet(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// stateStream reads the server's event stream.
func stateStream(t testing.TB, url string) <-chan serve.State {
	t.Helper()
	resp, err := http.Get(url + "/__attest/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	ch := make(chan serve.State, 16)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var st serve.State
				if json.Unmarshal([]byte(data), &st) == nil {
					ch <- st
				}
			}
		}
	}()
	return ch
}

func waitState(t testing.TB, ch <-chan serve.State, what string, ok func(serve.State) bool) serve.State {
	t.Helper()
	timeout := time.After(90 * time.Second)
	for {
		select {
		case st, open := <-ch:
			if !open {
				t.Fatalf("event stream ended while waiting for %s", what)
			}
			if ok(st) {
				return st
			}
		case <-timeout:
			t.Fatalf("no event for %s within 90 s", what)
		}
	}
}

// TestServeSample runs attest serve on the sample program end to end: both
// sites are served, an edit to a policy reloads and shows, a mistake shows
// file:line and the message while the last good page stays, and a fix
// reloads again (issue 6).
func TestServeSample(t *testing.T) {
	dir := sampleCopy(t)
	var stdout, stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, []string{"-C", dir, "-port", "0"}, &stdout, &stderr) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	addr := regexp.MustCompile(`trust center\s+(http://127\.0\.0\.1:\d+)/`)
	var base string
	for deadline := time.Now().Add(2 * time.Minute); base == ""; {
		if m := addr.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("serve did not print its address:\n%s\n%s", stdout.String(), stderr.String())
		} else {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if !strings.Contains(stdout.String(), base+"/private/") {
		t.Errorf("the private site's address is not printed:\n%s", stdout.String())
	}

	code, home := httpGet(t, base+"/")
	if code != 200 || !strings.Contains(home, "Northwind Ledger") || !strings.Contains(home, `<script src="/__attest/reload.js"`) {
		t.Fatalf("trust center home: %d\n%s", code, home)
	}
	if strings.Contains(home, "script-src 'none'") {
		t.Errorf("the served trust center still forbids the reload script")
	}
	const page = "/private/policies/pol-access/"
	code, body := httpGet(t, base+page)
	if code != 200 || !strings.Contains(body, "only authorised people") {
		t.Fatalf("GET %s: %d", page, code)
	}
	events := stateStream(t, base)
	first := waitState(t, events, "the current state", func(serve.State) bool { return true })

	edit(t, dir, "policies/access-control.md", "only authorised people", "only approved people")
	st := waitState(t, events, "the reload after the edit", func(s serve.State) bool { return s.Build > first.Build })
	if _, body := httpGet(t, base+page); !strings.Contains(body, "only approved people") {
		t.Errorf("%s after the reload event lacks the edit", page)
	}

	edit(t, dir, "policies/access-control.md", `status = "approved"`, `status = "aproved"`)
	bad := waitState(t, events, "the problems", func(s serve.State) bool { return len(s.Problems) > 0 })
	if p := bad.Problems[0]; !strings.HasPrefix(p.Pos, "policies/access-control.md:6:") || !strings.Contains(p.Message, `did you mean "approved"`) {
		t.Errorf("problem = %+v; want policies/access-control.md:6:… with a hint", p)
	}
	if bad.Build != st.Build {
		t.Errorf("build moved from %d to %d on a failed rebuild", st.Build, bad.Build)
	}
	if code, body := httpGet(t, base+page); code != 200 || !strings.Contains(body, "only approved people") {
		t.Errorf("the last good page is no longer served: %d", code)
	}
	if !strings.Contains(stderr.String(), "policies/access-control.md:6:") {
		t.Errorf("the error is not printed in the terminal:\n%s", stderr.String())
	}

	edit(t, dir, "policies/access-control.md", `status = "aproved"`, `status = "approved"`)
	fixed := waitState(t, events, "the reload after the fix", func(s serve.State) bool { return s.Build > st.Build && len(s.Problems) == 0 })

	// A new title changes the pages of the nine controls that implement the
	// policy, all in one folder, in one rebuild: each must show its own
	// text under it (Hugo v0.165 read only the first changed file of a
	// folder again; the others showed their new text cut or padded with NUL).
	edit(t, dir, "policies/access-control.md", `title = "Access Control Policy"`, `title = "Access Policy"`)
	waitState(t, events, "the reload after the new title", func(s serve.State) bool { return s.Build > fixed.Build })
	for _, c := range []struct{ page, text string }{
		{"ctl-access-provisioning", "Birthright access for each role"},
		{"ctl-access-review", "In the first two weeks after each quarter ends"},
		{"ctl-mfa", "global sign-on policy requires"},
	} {
		code, body := httpGet(t, base+"/private/controls/"+c.page+"/")
		if code != 200 || !strings.Contains(body, "Access Policy") || strings.Contains(body, "Access Control Policy") {
			t.Errorf("%s does not show the policy's new title (%d)", c.page, code)
		}
		if strings.Contains(body, "\uFFFD") || !strings.Contains(body, c.text) {
			t.Errorf("%s renders its text with the old parse:\n%.4000s", c.page, body)
		}
	}
}

func TestServeUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "-h"}, 0, "Example:"},
		{[]string{"serve", "-quiet", "-verbose"}, 2, "choose one"},
		{[]string{"serve", "-C", t.TempDir()}, 1, "attest init"},
	} {
		code, out, errOut := attestRun(tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("attest %s: exit %d, output %q; want exit %d and %q", strings.Join(tc.args, " "), code, out+errOut, tc.code, tc.want)
		}
	}
	// A port in use is named.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	code, _, errOut := attestRun("serve", "-C", sampleCopy(t), "-port", port)
	if code != 1 || !strings.Contains(errOut, "port "+port+" is in use") {
		t.Errorf("busy port: exit %d, %q", code, errOut)
	}
}

// chromium returns the path of a Chromium to drive, or skips the test when
// there is none and the test does not run in CI (where it must run).
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "" {
		t.Skip("no Chromium installed (apt-get install chromium); required when CI is set")
	}
	t.Fatal("CI is set and no Chromium is installed")
	return ""
}

// TestServeBrowserReloadsByItself opens a trust center page in headless
// Chromium, edits the policy it shows, and sees the browser ask for the page
// again on its own: the reload script ran under the page's
// Content-Security-Policy and followed the event stream (issue 6).
func TestServeBrowserReloadsByItself(t *testing.T) {
	bin := chromium(t)
	dir := sampleCopy(t)
	srv, err := serve.New(serve.Options{Dir: dir, Render: build.Preview(dir, serveHistory(t, dir), nil, cachesOff()), Loopback: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })

	type hit struct{ path, agent string }
	hits := make(chan hit, 64)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case hits <- hit{r.URL.Path, r.UserAgent()}:
		default:
		}
		h.ServeHTTP(w, r)
	})}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- srv.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-ran })
	<-srv.Ready()

	const page = "/policies/pol-aup/"
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--no-first-run", "--user-data-dir="+t.TempDir(),
		"http://"+ln.Addr().String()+page)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var chromeLog syncBuffer
	cmd.Stdout, cmd.Stderr = &chromeLog, &chromeLog
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
	})

	wait := func(what string, ok func(hit) bool) {
		t.Helper()
		timeout := time.After(90 * time.Second)
		for {
			select {
			case h := <-hits:
				if strings.Contains(h.agent, "Chrome") && ok(h) {
					return
				}
			case <-timeout:
				t.Fatalf("Chromium did not %s within 90 s; its log:\n%s", what, chromeLog.String())
			}
		}
	}
	wait("load the page", func(h hit) bool { return h.path == page })
	wait("open the event stream (the reload script did not run)", func(h hit) bool { return h.path == "/__attest/events" })

	edit(t, dir, "policies/acceptable-use.md", "## Purpose", "## Purpose of this policy")
	wait("reload the page after the edit", func(h hit) bool { return h.path == page })
	if _, body := httpGet(t, "http://"+ln.Addr().String()+page); !strings.Contains(body, "Purpose of this policy") {
		t.Error("the reloaded page does not show the edit")
	}
}

// serveHistory reads dir's history as attest serve does, closed with the test.
func serveHistory(tb testing.TB, dir string) *history.History {
	tb.Helper()
	h, err := history.Load(context.Background(), dir, history.Options{Paths: layout.Sources})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { h.Close() })
	return h
}

// TestServeCountsReviewsRecordedInGit: serve judges reviews as build and
// check do — a Reviewed-by: commit newer than the front matter counts.
func TestServeCountsReviewsRecordedInGit(t *testing.T) {
	repo := minimalRepo(t)
	repo.Write("policies/a.md", "+++\nid = \"POL-A\"\ntitle = \"A\"\nowner = \"O\"\napprovers = [\"CEO\"]\nstatus = \"approved\"\neffective = 2024-03-01\n+++\n\nFirst.\n")
	repo.Commit("2024-03-01T10:00:00Z", "Add policy A")

	overdue := func() bool {
		sites, err := build.Preview(repo.Dir, serveHistory(t, repo.Dir), nil, cachesOff())(context.Background(), os.DirFS(repo.Dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range sites.Diags {
			if strings.Contains(d.Message, "POL-A was due for review") {
				return true
			}
		}
		return false
	}
	if !overdue() {
		t.Fatal("without a recorded review, POL-A should be overdue at the evaluation date")
	}
	repo.Write("policies/a.md", "+++\nid = \"POL-A\"\ntitle = \"A\"\nowner = \"O\"\napprovers = [\"CEO\"]\nstatus = \"approved\"\neffective = 2024-03-01\n+++\n\nReviewed.\n")
	repo.Commit("2026-02-10T10:00:00Z", "Review policy A\n\nReviewed-by: Dana CEO <dana@example.com>")
	if overdue() {
		t.Fatal("the review recorded in git was not counted by serve")
	}
}

// TestServeShowsHugoWarnings overrides a partial of the system description
// with one that warns: attest serve prints Hugo's warning on stderr, marked
// as Hugo's, as attest build does.
func TestServeShowsHugoWarnings(t *testing.T) {
	dir := sampleCopy(t)
	footer, err := os.ReadFile("../../themes/system-description/layouts/_partials/footer.html")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "layouts", "_partials"), 0o755); err != nil {
		t.Fatal(err)
	}
	warned := `{{ warnf "footer overridden by the program" }}` + string(footer)
	if err := os.WriteFile(filepath.Join(dir, "layouts", "_partials", "footer.html"), []byte(warned), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, []string{"-C", dir, "-port", "0"}, &stdout, &stderr) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	for deadline := time.Now().Add(2 * time.Minute); !strings.Contains(stdout.String(), "system description"); {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s\n%s", stdout.String(), stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !regexp.MustCompile(`(?m)^hugo: WARN.*footer overridden by the program`).MatchString(stderr.String()) {
		t.Errorf("Hugo's warning is not on stderr:\n%s", stderr.String())
	}
}

// TestServeRemovesItsFolderOnSignal runs attest serve as a process of its
// own, with a temporary folder of its own, and stops it the ways a user, a
// terminal and a service manager do: the folder it published the sites in,
// the private one included, is gone when it exits. What a killed attest
// serve left there is removed when the next one starts. (Issue 11.)
func TestServeRemovesItsFolderOnSignal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no signals to send")
	}
	dir := writeFixture(t, "../../generator/compile/testdata/minimal.txtar")
	gone := exec.Command(os.Args[0], "-test.run=^$")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	for _, sig := range []os.Signal{syscall.SIGTERM, syscall.SIGHUP, os.Interrupt} {
		t.Run(sig.String(), func(t *testing.T) {
			tmp := t.TempDir()
			killed := filepath.Join(tmp, "attest-serve-"+scratch.Owner(gone.ProcessState.Pid())+"-1", "private-1")
			if err := os.MkdirAll(killed, 0o755); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "serve", "-C", dir, "-port", "0", "-quiet")
			cmd.Env = append(os.Environ(), "ATTEST_RUN_MAIN=1", "TMPDIR="+tmp)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr syncBuffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() {
				io.Copy(io.Discard, stdout)
				exited <- cmd.Wait()
			}()
			serving := make(chan bool, 1)
			go func() {
				// Wait until the sites are built and served.
				for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
					if entries, _ := filepath.Glob(filepath.Join(tmp, "attest-serve-*", "private-*", "index.html")); len(entries) > 0 {
						serving <- true
						return
					}
				}
				serving <- false
			}()
			select {
			case ok := <-serving:
				if !ok {
					cmd.Process.Kill()
					t.Fatalf("serve built no private site in its temporary folder:\n%s", stderr.String())
				}
			case err := <-exited:
				t.Fatalf("serve exited: %v\n%s", err, stderr.String())
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case <-exited:
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatal("serve did not exit")
			}
			if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
				t.Errorf("serve stopped by %v left %s in the temporary folder", sig, entries[0].Name())
			}
		})
	}
}
