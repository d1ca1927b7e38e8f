package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/site/sitetest"
)

// testThemes is a small theme with the trust center's policy: no script at
// all, which the server must relax for its reload script only.
func testThemes() fs.FS {
	return fstest.MapFS{
		"t/theme.toml":           {Data: []byte("name = \"t\"\n")},
		"t/static/t.css":         {Data: []byte("body{margin:0}\n")},
		"t/layouts/baseof.html":  {Data: []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'none'; base-uri 'none'"><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>`)},
		"t/layouts/home.html":    {Data: []byte(`{{ define "main" }}<h1>{{ site.Title }}</h1>{{ range site.RegularPages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}`)},
		"t/layouts/page.html":    {Data: []byte(`{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}`)},
		"t/layouts/section.html": {Data: []byte(`{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}`)},
	}
}

// testRender is a real pipeline on a small scale: the compiler, then a page
// per policy on each site, rendered by Hugo.
func testRender(dir string) Render {
	themes := testThemes()
	return func(ctx context.Context, fsys fs.FS) (Sites, error) {
		res := compile.Compile(fsys, compile.Options{SkipEvidenceFiles: true})
		out := Sites{Diags: res.Diags.Items()}
		if res.Diags.HasErrors() {
			return out, nil
		}
		spec := func(title string) func() (site.Spec, error) {
			return func() (site.Spec, error) {
				s := site.Spec{Theme: "t", Title: title, Themes: themes, UserDir: dir,
					Pages: []site.Page{{Path: "_index.md", Title: title}, {Path: "policies/_index.md", Title: "Policies"}}}
				for _, p := range res.Program.Policies {
					s.Pages = append(s.Pages, site.Page{Path: "policies/" + strings.ToLower(p.ID) + ".md", Title: p.Title, Body: p.Body})
				}
				return s, nil
			}
		}
		out.Public, out.Private = spec("Trust center"), spec("System description")
		return out, nil
	}
}

const testConfig = `[organization]
name = "Test Org"
security_contact = "security@test.example"

[audit]
frameworks = ["soc2"]
report_type = 1
as_of = 2026-06-30
`

func policy(id, body string) string {
	return fmt.Sprintf("+++\nid = %q\ntitle = \"Policy %s\"\nowner = \"CISO\"\nstatus = \"draft\"\n+++\n\n%s\n", id, id, body)
}

func writeFile(t testing.TB, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// testLog shows the server's log in the test's output.
type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// running is a Server listening on 127.0.0.1 for a test.
type running struct {
	t    testing.TB
	dir  string
	srv  *Server
	base string
}

func start(t testing.TB, dir string, opts Options) *running {
	t.Helper()
	opts.Dir, opts.Render = dir, testRender(dir)
	if opts.Log == nil {
		opts.Log = testLog{t}
	}
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv.Handler()}
	go hs.Serve(ln)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
		srv.Close()
		hs.Close()
	})
	select {
	case <-srv.Ready():
	case err := <-done:
		t.Fatalf("Run: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("no first build within a minute")
	}
	return &running{t: t, dir: dir, srv: srv, base: "http://" + ln.Addr().String()}
}

func (r *running) get(path string, header ...string) (int, string) {
	r.t.Helper()
	req, _ := http.NewRequest("GET", r.base+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// events is an open event stream.
type events struct {
	t    testing.TB
	resp *http.Response
	sc   *bufio.Scanner
	ch   chan State
}

func (r *running) events(header ...string) *events {
	r.t.Helper()
	req, _ := http.NewRequest("GET", r.base+eventsPath, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		r.t.Fatalf("events Content-Type = %q", ct)
	}
	e := &events{t: r.t, resp: resp, sc: bufio.NewScanner(resp.Body), ch: make(chan State, 16)}
	go func() {
		defer close(e.ch)
		var event string
		for e.sc.Scan() {
			line := e.sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && event == "state":
				var st State
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &st); err == nil {
					e.ch <- st
				}
			}
		}
	}()
	r.t.Cleanup(func() { resp.Body.Close() })
	return e
}

// next waits for the next state that satisfies ok.
func (e *events) next(what string, ok func(State) bool) State {
	e.t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case st, open := <-e.ch:
			if !open {
				e.t.Fatalf("event stream ended while waiting for %s", what)
			}
			if ok(st) {
				return st
			}
		case <-timeout:
			e.t.Fatalf("no event for %s within a minute", what)
		}
	}
}

func newProgram(t testing.TB) string {
	dir := t.TempDir()
	writeFile(t, dir, "config.toml", testConfig)
	writeFile(t, dir, "policies/a.md", policy("POL-A", "First version of A."))
	writeFile(t, dir, "policies/b.md", policy("POL-B", "Text of B."))
	return dir
}

// TestServeEditReloadsAndShowsProblems follows an author: open a page, edit
// the policy (the page is told to reload and shows the change), save a
// mistake (the overlay gets file:line and the message while the last good
// page stays served), fix it (reload again). Issue 6.
func TestServeEditReloadsAndShowsProblems(t *testing.T) {
	dir := newProgram(t)
	r := start(t, dir, Options{Loopback: true})

	code, page := r.get("/policies/pol-a/")
	if code != 200 || !strings.Contains(page, "First version of A.") {
		t.Fatalf("GET /policies/pol-a/: %d\n%s", code, page)
	}
	if !strings.Contains(page, `<script src="/__attest/reload.js" data-site="public" data-build="1" defer></script></head>`) {
		t.Errorf("page lacks the reload script before </head>:\n%s", page)
	}
	if !strings.Contains(page, `script-src 'self'`) || strings.Contains(page, `script-src 'none'`) {
		t.Errorf("the page's CSP still forbids the reload script:\n%s", page)
	}
	ev := r.events()
	first := ev.next("the current state", func(State) bool { return true })
	if first.Build != 1 || len(first.Problems) != 0 {
		t.Fatalf("first state = %+v", first)
	}

	writeFile(t, dir, "policies/a.md", policy("POL-A", "Second version of A."))
	st := ev.next("the reload after the edit", func(s State) bool { return s.Build > 1 })
	if len(st.Problems) != 0 {
		t.Fatalf("problems after a good edit: %+v", st.Problems)
	}
	if _, page := r.get("/policies/pol-a/"); !strings.Contains(page, "Second version of A.") {
		t.Errorf("page after the reload event lacks the edit:\n%s", page)
	}

	// A mistake: an unknown status.
	writeFile(t, dir, "policies/a.md", strings.Replace(policy("POL-A", "Third version, broken."), `status = "draft"`, `status = "aproved"`, 1))
	st = ev.next("the problems", func(s State) bool { return len(s.Problems) > 0 })
	if st.Build != 2 {
		t.Errorf("build = %d after a failed rebuild; want it to stay 2", st.Build)
	}
	p := st.Problems[0]
	if !strings.HasPrefix(p.Pos, "policies/a.md:5:") || !strings.Contains(p.Message, "aproved") {
		t.Errorf("problem = %+v; want policies/a.md:5:… naming the bad status", p)
	}
	if _, page := r.get("/policies/pol-a/"); !strings.Contains(page, "Second version of A.") {
		t.Errorf("the last good page is no longer served:\n%s", page)
	}

	writeFile(t, dir, "policies/a.md", policy("POL-A", "Fourth version, fixed."))
	st = ev.next("the reload after the fix", func(s State) bool { return s.Build == 3 })
	if len(st.Problems) != 0 {
		t.Errorf("problems remain after the fix: %+v", st.Problems)
	}
	if _, page := r.get("/policies/pol-a/"); !strings.Contains(page, "Fourth version, fixed.") {
		t.Errorf("page lacks the fix:\n%s", page)
	}
}

// TestServeEditorSaves covers how editors save: by renaming a temporary file
// over the original, into a folder made after serve started, and by removing.
func TestServeEditorSaves(t *testing.T) {
	dir := newProgram(t)
	r := start(t, dir, Options{Loopback: true})
	ev := r.events()
	ev.next("the current state", func(State) bool { return true })

	// Save by rename, with the swap and backup files vim leaves around.
	writeFile(t, dir, "policies/.a.md.swp", "swap")
	writeFile(t, dir, "policies/a.md.tmp", policy("POL-A", "Saved by rename."))
	if err := os.Rename(filepath.Join(dir, "policies/a.md.tmp"), filepath.Join(dir, "policies/a.md")); err != nil {
		t.Fatal(err)
	}
	st := ev.next("a rebuild after the rename", func(s State) bool { return s.Build >= 2 })
	if len(st.Problems) > 0 {
		t.Fatalf("problems: %+v", st.Problems)
	}
	if _, page := r.get("/policies/pol-a/"); !strings.Contains(page, "Saved by rename.") {
		t.Errorf("rename not picked up:\n%s", page)
	}

	// A new folder, then a file in it.
	if err := os.MkdirAll(filepath.Join(dir, "policies", "hr"), 0o755); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // let the watcher add the folder before the file appears
	writeFile(t, dir, "policies/hr/c.md", policy("POL-C", "In a new folder."))
	ev.next("a rebuild with the policy in a new folder", func(s State) bool {
		code, page := r.get("/policies/pol-c/")
		return code == 200 && strings.Contains(page, "In a new folder.")
	})

	// A folder moved in whole: its files arrive with it.
	staged := filepath.Join(t.TempDir(), "vendor")
	writeFile(t, staged, "d.md", policy("POL-D", "Moved in."))
	if err := os.Rename(staged, filepath.Join(dir, "policies", "vendor")); err != nil {
		t.Skipf("cannot move across folders here: %v", err)
	}
	ev.next("a rebuild with the moved folder", func(s State) bool {
		code, _ := r.get("/policies/pol-d/")
		return code == 200
	})

	// Several new files in one burst.
	writeFile(t, dir, "policies/e.md", policy("POL-E", "Burst one."))
	writeFile(t, dir, "policies/hr/f.md", policy("POL-F", "Burst two."))
	ev.next("a rebuild with both new policies", func(s State) bool {
		c1, _ := r.get("/policies/pol-e/")
		c2, _ := r.get("/policies/pol-f/")
		return c1 == 200 && c2 == 200
	})

	// Removing a policy removes its page.
	if err := os.Remove(filepath.Join(dir, "policies/b.md")); err != nil {
		t.Fatal(err)
	}
	ev.next("a rebuild without POL-B", func(s State) bool {
		code, _ := r.get("/policies/pol-b/")
		return code == 404
	})
}

// TestServeStartsWithErrors serves a program whose first build fails: a page
// explains, and once the program is fixed the page is told to reload.
func TestServeStartsWithErrors(t *testing.T) {
	dir := newProgram(t)
	writeFile(t, dir, "policies/a.md", "no front matter\n")
	r := start(t, dir, Options{Loopback: true})
	code, page := r.get("/")
	if code != http.StatusServiceUnavailable || !strings.Contains(page, "reload.js") {
		t.Fatalf("GET / before any good build: %d\n%s", code, page)
	}
	ev := r.events()
	st := ev.next("the problems", func(s State) bool { return len(s.Problems) > 0 })
	if st.Problems[0].Pos != "policies/a.md:1:1" {
		t.Errorf("problem at %q, want policies/a.md:1:1", st.Problems[0].Pos)
	}
	writeFile(t, dir, "policies/a.md", policy("POL-A", "Fixed."))
	ev.next("the first good build", func(s State) bool { return s.Build == 1 && len(s.Problems) == 0 })
	if code, _ := r.get("/policies/pol-a/"); code != 200 {
		t.Errorf("GET after the fix: %d", code)
	}
}

// TestServeThemeEdit rebuilds from scratch when a template the program
// overrides changes, since Hugo reads those itself.
func TestServeThemeEdit(t *testing.T) {
	dir := newProgram(t)
	r := start(t, dir, Options{Loopback: true})
	ev := r.events()
	ev.next("the current state", func(State) bool { return true })
	writeFile(t, dir, "layouts/page.html", `{{ define "main" }}<h1 id="override">{{ .Title }}</h1>{{ .Content }}{{ end }}`)
	ev.next("a rebuild after the layout edit", func(s State) bool { return s.Build >= 2 })
	if _, page := r.get("/policies/pol-a/"); !strings.Contains(page, `<h1 id="override">`) {
		t.Errorf("the program's layout override is not used:\n%s", page)
	}
}

func TestServePrivateAccess(t *testing.T) {
	dir := newProgram(t)
	for _, tc := range []struct {
		name     string
		opts     Options
		header   []string
		code     int
		problems bool // event stream carries the problems' text
	}{
		{"loopback, no token", Options{Loopback: true}, nil, 200, true},
		{"network, no token", Options{}, nil, 403, false},
		{"network, token missing", Options{Token: "s3cret"}, nil, 401, false},
		{"network, wrong token", Options{Token: "s3cret"}, []string{"Authorization", "Bearer nope"}, 401, false},
		{"network, bearer token", Options{Token: "s3cret"}, []string{"Authorization", "Bearer s3cret"}, 200, true},
		{"loopback, basic auth", Options{Token: "s3cret", Loopback: true}, []string{"Authorization", "Basic dXNlcjpzM2NyZXQ="}, 200, true},
		{"loopback, token missing", Options{Token: "s3cret", Loopback: true}, nil, 401, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := start(t, dir, tc.opts)
			if code, _ := r.get("/policies/pol-a/"); code != 200 {
				t.Errorf("public page: %d", code)
			}
			code, page := r.get("/private/policies/pol-a/", tc.header...)
			if code != tc.code {
				t.Errorf("private page: %d, want %d\n%s", code, tc.code, page)
			}
			if code == 200 && !strings.Contains(page, "<title>Policy POL-A</title>") {
				t.Errorf("private page content:\n%s", page)
			}
			if code == 401 {
				// Browsers ask for the token when told how.
				req, _ := http.NewRequest("GET", r.base+"/private/", nil)
				resp, err := http.DefaultClient.Do(req)
				if err == nil {
					if !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Basic ") {
						t.Errorf("401 without a Basic challenge")
					}
					resp.Body.Close()
				}
			}
			writeFile(t, dir, "policies/b.md", "broken\n")
			defer writeFile(t, dir, "policies/b.md", policy("POL-B", "Text of B."))
			ev := r.events(tc.header...)
			st := ev.next("the problems", func(s State) bool { return len(s.Problems) > 0 })
			hasDetail := st.Problems[0].Pos != "" || strings.Contains(st.Problems[0].Message, "front matter")
			if hasDetail != tc.problems {
				t.Errorf("problem detail shown = %v, want %v: %+v", hasDetail, tc.problems, st.Problems)
			}
			// Restore for the next case.
			writeFile(t, dir, "policies/b.md", policy("POL-B", "Text of B."))
			ev.next("the fix", func(s State) bool { return len(s.Problems) == 0 })
		})
	}
}

func TestServeRefusesForeignHost(t *testing.T) {
	r := start(t, newProgram(t), Options{Loopback: true})
	for host, want := range map[string]int{"localhost:1313": 200, "127.0.0.1": 200, "[::1]:80": 200, "evil.example": 421, "evil.example:1313": 421} {
		req, _ := http.NewRequest("GET", r.base+"/", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, resp.StatusCode, want)
		}
	}
}

func TestServeAssetsAndNotFound(t *testing.T) {
	r := start(t, newProgram(t), Options{Loopback: true})
	if code, js := r.get(scriptPath); code != 200 || !strings.Contains(js, "EventSource") {
		t.Errorf("reload.js: %d", code)
	}
	if code, css := r.get(assetPrefix + "overlay.css"); code != 200 || !strings.Contains(css, "#attest-overlay") {
		t.Errorf("overlay.css: %d", code)
	}
	if code, page := r.get("/no/such/page/"); code != 404 || !strings.Contains(page, "reload.js") {
		t.Errorf("missing page: %d\n%s", code, page)
	}
	req, _ := http.NewRequest("GET", r.base+"/policies", nil)
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 301 || resp.Header.Get("Location") != "/policies/" {
		t.Errorf("folder without slash: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestServeLetsGoOfEarlierBuilds: a build anew (here after a layout edit)
// replaces the slot's Builder, and the one before is closed — Hugo keeps a
// goroutine per sites that holds all they rendered, so a long serve would
// otherwise carry every build it made.
func TestServeLetsGoOfEarlierBuilds(t *testing.T) {
	dir := newProgram(t)
	srv, err := New(Options{Dir: dir, Render: testRender(dir), Log: testLog{t}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	rebuild := func(i int) {
		writeFile(t, dir, "layouts/page.html", fmt.Sprintf(`{{ define "main" }}<h1 id="v%d">{{ .Title }}</h1>{{ end }}`, i))
		if st := srv.Rebuild(ctx, []string{"layouts/page.html"}); len(st.Problems) > 0 || st.Build != i+1 {
			t.Fatalf("rebuild %d: %+v", i, st)
		}
	}
	rebuild(0)
	before := sitetest.Goroutines()
	for i := 1; i <= 3; i++ {
		rebuild(i)
	}
	// Sites left open keep a goroutine each: three more builds anew would
	// leave three or more. One more than before is the noise of a loaded
	// machine (a runtime or watcher goroutine not yet ended), seen at load ~8.
	if after := sitetest.Goroutines(); after > before+1 {
		t.Errorf("%d goroutines after three more builds anew, %d before: the earlier builds' Hugo sites were not closed", after, before)
	}
}
