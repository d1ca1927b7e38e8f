package serve

import (
	"bytes"
	"crypto/subtle"
	"embed"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/attest-dev/attest/generator/english"
)

// The reload script and the overlay's style are files, not inline code: the
// sites' Content-Security-Policy allows scripts and styles from 'self' only.
//
//go:embed assets
var assets embed.FS

// Paths the server answers besides the sites. The prefix cannot collide with
// a page: Hugo does not publish folders starting with "__".
const (
	assetPrefix = "/__attest/"
	eventsPath  = assetPrefix + "events"
	scriptPath  = assetPrefix + "reload.js"
	privatePath = "/private/"
)

// Handler serves the trust center at /, the system description under
// /private/, and the reload events and script under /__attest/.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(eventsPath, s.serveEvents)
	mux.Handle(assetPrefix, http.StripPrefix(assetPrefix, http.FileServerFS(mustSub(assets, "assets"))))
	mux.HandleFunc(privatePath, func(w http.ResponseWriter, r *http.Request) {
		if !s.privateAllowed(w, r) {
			return
		}
		s.serveSite(w, r, s.private, strings.TrimPrefix(r.URL.Path, "/private"))
	})
	mux.HandleFunc("/private", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, privatePath, http.StatusMovedPermanently)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.serveSite(w, r, s.public, r.URL.Path)
	})
	return s.checkHost(mux)
}

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// checkHost refuses requests whose Host is not a loopback name while the
// server listens on loopback only, so that a web page elsewhere cannot reach
// it by pointing a name of its own at 127.0.0.1 (DNS rebinding).
func (s *Server) checkHost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.opts.Loopback {
			host := r.Host
			if h, _, err := net.SplitHostPort(host); err == nil {
				host = h
			}
			host = strings.Trim(host, "[]")
			ip := net.ParseIP(host)
			if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
				http.Error(w, "attest serve answers requests for localhost only", http.StatusMisdirectedRequest)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// privateAllowed answers for the private site: with a token, requests must
// carry it (as the password of HTTP basic authentication, or as a bearer
// token); without one, only a loopback server shows it.
func (s *Server) privateAllowed(w http.ResponseWriter, r *http.Request) bool {
	if s.authorized(r) {
		return true
	}
	if s.opts.Token == "" {
		http.Error(w, "The private system description is not served on a non-loopback address without a token: restart attest serve with -auth TOKEN.", http.StatusForbidden)
		return false
	}
	w.Header().Set("WWW-Authenticate", `Basic realm="attest private site", charset="UTF-8"`)
	http.Error(w, "The private system description needs the token given to attest serve -auth (as the password; any user name).", http.StatusUnauthorized)
	return false
}

func (s *Server) authorized(r *http.Request) bool {
	if s.opts.Token == "" {
		return s.opts.Loopback
	}
	var got string
	if _, pw, ok := r.BasicAuth(); ok {
		got = pw
	} else if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		got = tok
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(s.opts.Token)) == 1
}

// serveSite answers from the folder a slot serves. HTML pages get the reload
// script; nothing is cached, so a reload shows the rebuild.
func (s *Server) serveSite(w http.ResponseWriter, r *http.Request, sl *slot, urlPath string) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	dir := sl.dir()
	if dir == "" {
		s.serveNoSite(w, sl)
		return
	}
	name := path.Clean("/" + urlPath)
	full := filepath.Join(dir, filepath.FromSlash(name))
	fi, err := os.Stat(full)
	if err == nil && fi.IsDir() {
		if !strings.HasSuffix(urlPath, "/") {
			http.Redirect(w, r, path.Base(name)+"/", http.StatusMovedPermanently)
			return
		}
		full = filepath.Join(full, "index.html")
		fi, err = os.Stat(full)
	}
	if err != nil {
		s.serveNotFound(w, sl, dir)
		return
	}
	if !strings.HasSuffix(full, ".html") {
		http.ServeFile(w, r, full)
		return
	}
	page, err := os.ReadFile(full)
	if err != nil {
		s.serveNotFound(w, sl, dir)
		return
	}
	s.writeHTML(w, r, sl, http.StatusOK, page)
}

func (s *Server) serveNotFound(w http.ResponseWriter, sl *slot, dir string) {
	w.Header().Set("Cache-Control", "no-store")
	page, err := os.ReadFile(filepath.Join(dir, "404.html"))
	if err != nil {
		page = []byte("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1></body></html>")
	}
	s.writeHTML(w, nil, sl, http.StatusNotFound, page)
}

// serveNoSite answers before any build succeeded: the page shows the
// problems through the overlay and reloads once the program builds.
func (s *Server) serveNoSite(w http.ResponseWriter, sl *slot) {
	page := fmt.Sprintf(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>attest serve</title></head><body><h1>No %s site yet</h1><p>The program has errors, so nothing could be built. Fix them and this page reloads by itself.</p></body></html>`, html.EscapeString(sl.name))
	s.writeHTML(w, nil, sl, http.StatusServiceUnavailable, []byte(page))
}

// writeHTML sends page with the reload script added at the end of its head.
// The script learns which site the page is of and which build of it.
func (s *Server) writeHTML(w http.ResponseWriter, r *http.Request, sl *slot, code int, page []byte) {
	st := s.State()
	build := st.Public
	if sl == s.private {
		build = st.Private
	}
	tag := fmt.Sprintf(`<script src="%s" data-site="%s" data-build="%d" defer></script>`, scriptPath, sl.name, build)
	page = allowReload(page)
	var out []byte
	if i := bytes.Index(page, []byte("</head>")); i >= 0 {
		out = make([]byte, 0, len(page)+len(tag))
		out = append(append(append(out, page[:i]...), tag...), page[i:]...)
	} else {
		out = append(append([]byte{}, page...), tag...)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(code)
	if r != nil && r.Method == http.MethodHead {
		return
	}
	w.Write(out)
}

// serveEvents streams the state after every rebuild as server-sent events,
// starting with the current one. Clients that may not see the private site
// get the count of problems, not their text, which names private files.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	full := s.authorized(r)
	ch, cancel := s.hub.subscribe()
	defer cancel()
	send := func(st State) bool {
		if !full && len(st.Problems) > 0 {
			n := len(st.Problems)
			st.Problems = []Problem{{Message: fmt.Sprintf("The program has %s. %s private files, so %s shown only where the private site may be seen.",
				english.Count(n, "error", "errors"), english.Plural(n, "Its details name", "Their details name"), english.Plural(n, "it is", "they are"))}}
		}
		data, _ := json.Marshal(st)
		if _, err := fmt.Fprintf(w, "event: state\ndata: %s\n\n", data); err != nil {
			return false
		}
		flusher.Flush()
		return true
	}
	if !send(s.State()) {
		return
	}
	keepAlive := time.NewTicker(25 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case st, ok := <-ch:
			if !ok || !send(st) {
				return
			}
		case <-keepAlive.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}

// hub fans the state out to every open page.
type hub struct {
	mu     sync.Mutex
	subs   map[chan State]bool
	closed bool
}

func newHub() *hub { return &hub{subs: map[chan State]bool{}} }

func (h *hub) subscribe() (<-chan State, func()) {
	ch := make(chan State, 4)
	h.mu.Lock()
	if h.closed {
		close(ch)
	} else {
		h.subs[ch] = true
	}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		if h.subs[ch] {
			delete(h.subs, ch)
			close(ch)
		}
		h.mu.Unlock()
	}
}

// publish sends st to every subscriber; a subscriber too slow to take it
// loses older states, never the newest.
func (h *hub) publish(st State) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs {
		for {
			select {
			case ch <- st:
			default:
				select {
				case <-ch:
				default:
				}
				continue
			}
			break
		}
	}
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for ch := range h.subs {
		delete(h.subs, ch)
		close(ch)
	}
}
