// Package serve is the authoring loop of attest serve: it renders the public
// trust center and the private system description, watches the program's
// files, rebuilds what changed, and tells open pages to reload — or, when the
// program has errors, shows them over the last good render.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/scratch"
	"github.com/attest-dev/attest/generator/site"
)

// Sites is what one render of the program produced: its diagnostics and,
// when it has no errors, how to make each site's spec. The two run side by
// side, each followed by its site's build, so that the pages of the site
// that is ready first reload without waiting for the other.
type Sites struct {
	Diags   []diag.Diagnostic
	Public  func() (site.Spec, error)
	Private func() (site.Spec, error)
}

// Render turns the program in fsys into Sites. It is the same pipeline
// attest build runs; fsys is served from memory for files that did not change.
type Render func(ctx context.Context, fsys fs.FS) (Sites, error)

// Options configure a Server.
type Options struct {
	Dir    string // the program's root on disk
	Root   fs.FS  // the program's files (an os.Root's FS); nil means os.DirFS(Dir)
	Render Render

	// Private says who may see /private/: with Token set, requests that
	// carry it; otherwise everyone when Loopback, no one when not.
	Token    string
	Loopback bool

	// Work is where the sites are published while serving; "" makes a
	// temporary folder, removed by Close.
	Work string
	// Log receives a line per rebuild and the diagnostics; nil discards.
	Log io.Writer
	// Verbose logs what each rebuild changed and warnings too; Quiet logs
	// only the errors.
	Verbose, Quiet bool
}

// Server renders, watches and serves one program.
type Server struct {
	opts    Options
	fsys    *cachedFS
	work    string
	ownWork bool
	hub     *hub
	public  *slot
	private *slot

	mu    sync.Mutex // guards state
	state State
	ready chan struct{} // closed after the first build
	once  sync.Once
}

// State is what the browser learns after each rebuild, and again as soon as
// one of the sites is rebuilt.
type State struct {
	Build    int       `json:"build"`    // counts rebuilds in which both sites succeeded
	Public   int       `json:"public"`   // counts successful builds of the public site; its pages reload when it changes
	Private  int       `json:"private"`  // the same for the private site
	Problems []Problem `json:"problems"` // errors that stopped the last rebuild; the previous build is still served
	Warnings int       `json:"warnings"`
}

// Problem is one error shown in the browser overlay.
type Problem struct {
	Pos     string `json:"pos"` // file:line:col, or "" when unknown
	Message string `json:"message"`
}

// tempName names the folders attest serve publishes into when Options.Work
// is not given, in the system's temporary folder.
const tempName = "attest-serve"

// New prepares a Server; Run builds and watches.
func New(opts Options) (*Server, error) {
	if opts.Render == nil {
		return nil, errors.New("serve: no Render")
	}
	abs, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	opts.Dir = abs
	if opts.Root == nil {
		opts.Root = os.DirFS(abs)
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	s := &Server{opts: opts, fsys: newCachedFS(opts.Root), work: opts.Work, hub: newHub(), ready: make(chan struct{})}
	if s.work == "" {
		// The folder holds the private site: what a killed attest serve
		// left of its own is removed first.
		if err := scratch.SweepTemp(tempName); err != nil {
			fmt.Fprintf(opts.Log, "warning: an earlier attest serve's folder is left: %v\n", err)
		}
		if s.work, err = scratch.Temp(tempName); err != nil {
			return nil, err
		}
		s.ownWork = true
	}
	s.public = &slot{name: "public", work: s.work}
	s.private = &slot{name: "private", work: s.work}
	return s, nil
}

// Close removes the published sites when the Server made their folder.
func (s *Server) Close() error {
	s.hub.close()
	if s.ownWork {
		return os.RemoveAll(s.work)
	}
	return nil
}

// Ready is closed once the first build finished, whether it succeeded or not.
func (s *Server) Ready() <-chan struct{} { return s.ready }

// State returns the state of the last rebuild.
func (s *Server) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// Run renders the program, then watches it and rebuilds on every change
// until ctx ends. Errors in the program are not errors of Run: they are
// shown and the last good sites stay served.
func (s *Server) Run(ctx context.Context) error {
	w, err := newWatcher(s.opts.Dir)
	if err != nil {
		return fmt.Errorf("watch %s: %w", s.opts.Dir, err)
	}
	defer w.close()
	defer func() {
		// Builds happen only here: with Run over, none is under way.
		s.public.setBuilder(nil)
		s.private.setBuilder(nil)
	}()
	s.Rebuild(ctx, nil)
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.errs:
			fmt.Fprintf(s.opts.Log, "watch: %v\n", err)
		case b, ok := <-w.batches:
			if !ok {
				return nil
			}
			if b.overflow {
				s.fsys.forgetAll()
				b.paths = append(b.paths, layout.Themes) // and rebuild everything
			}
			s.Rebuild(ctx, b.paths)
		}
	}
}

// Rebuild renders after the files in changed (root-relative, slash paths)
// changed; nil means the first build. It publishes the outcome to open pages.
func (s *Server) Rebuild(ctx context.Context, changed []string) State {
	start := time.Now()
	fresh := false
	for _, p := range changed {
		s.fsys.forget(p)
		if top, _, _ := strings.Cut(p, "/"); slices.Contains(layout.Overrides, top) {
			// Templates and static files are read by Hugo itself, not
			// through a spec: render those sites anew.
			fresh = true
		}
	}
	st := s.State()
	st.Problems, st.Warnings = nil, 0
	sites, err := s.opts.Render(ctx, s.fsys)
	steps := []string{fmt.Sprintf("render %d ms", time.Since(start).Milliseconds())}
	if err != nil {
		st.Problems = []Problem{{Message: err.Error()}}
	}
	for _, d := range sites.Diags {
		if d.Severity == diag.Error {
			st.Problems = append(st.Problems, Problem{Pos: posString(d.Pos), Message: d.Message})
		} else {
			st.Warnings++
		}
	}
	if len(st.Problems) == 0 {
		// The two sites share nothing: make and render them side by side,
		// and tell a site's pages as soon as it is ready.
		s.mu.Lock()
		s.state.Problems, s.state.Warnings = nil, st.Warnings
		s.mu.Unlock()
		type outcome struct {
			how string
			err error
			ms  int64
		}
		var (
			wg  sync.WaitGroup
			out [2]outcome
		)
		for i, sl := range []struct {
			slot *slot
			make func() (site.Spec, error)
			n    func(*State) *int
		}{
			{s.public, sites.Public, func(st *State) *int { return &st.Public }},
			{s.private, sites.Private, func(st *State) *int { return &st.Private }},
		} {
			if sl.make == nil {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				t := time.Now()
				spec, err := sl.make()
				how := "spec"
				if err == nil {
					how, err = sl.slot.build(ctx, spec, fresh)
				}
				out[i] = outcome{how, err, time.Since(t).Milliseconds()}
				if err == nil {
					s.mu.Lock()
					*sl.n(&s.state)++
					early := s.state
					s.mu.Unlock()
					s.hub.publish(early)
				}
			}()
		}
		wg.Wait()
		for i, sl := range []*slot{s.public, s.private} {
			if out[i].how == "" {
				continue
			}
			if out[i].err != nil {
				st.Problems = append(st.Problems, hugoProblems(sl.name, out[i].err)...)
			}
			steps = append(steps, fmt.Sprintf("%s %s %d ms", sl.name, out[i].how, out[i].ms))
		}
		cur := s.State()
		st.Public, st.Private = cur.Public, cur.Private
	}
	if len(st.Problems) == 0 {
		st.Build++
	}
	s.mu.Lock()
	s.state = st
	s.mu.Unlock()
	s.hub.publish(st)
	s.logRebuild(st, sites.Diags, changed, time.Since(start), steps)
	s.once.Do(func() { close(s.ready) })
	return st
}

func (s *Server) logRebuild(st State, diags []diag.Diagnostic, changed []string, took time.Duration, steps []string) {
	w := s.opts.Log
	printed := map[Problem]bool{}
	for _, d := range diags {
		if d.Severity == diag.Error || s.opts.Verbose {
			fmt.Fprintln(w, d.String())
		}
		printed[Problem{Pos: posString(d.Pos), Message: d.Message}] = true
	}
	if s.opts.Quiet {
		for _, p := range st.Problems {
			switch {
			case p.Pos == "":
				fmt.Fprintln(w, p.Message)
			case !printed[p]:
				fmt.Fprintf(w, "%s: %s\n", p.Pos, p.Message)
			}
		}
		return
	}
	what := "built"
	if changed != nil {
		what = "rebuilt"
		if s.opts.Verbose || len(changed) <= 3 {
			what += " after " + strings.Join(changed, ", ")
		} else {
			what += " after " + english.Count(len(changed), "change", "changes")
		}
	}
	for _, p := range st.Problems {
		switch {
		case p.Pos == "":
			fmt.Fprintln(w, p.Message)
		case !printed[p]:
			fmt.Fprintf(w, "%s: %s\n", p.Pos, p.Message)
		}
	}
	switch {
	case len(st.Problems) > 0:
		fmt.Fprintf(w, "%s: %s; still serving the last good build (%d ms)\n", what, english.Count(len(st.Problems), "error", "errors"), took.Milliseconds())
	case st.Warnings > 0 && !s.opts.Verbose:
		fmt.Fprintf(w, "%s in %d ms (%s: attest check lists %s)\n", what, took.Milliseconds(), english.Count(st.Warnings, "warning", "warnings"), english.Plural(st.Warnings, "it", "them"))
	default:
		fmt.Fprintf(w, "%s in %d ms\n", what, took.Milliseconds())
	}
	if s.opts.Verbose {
		fmt.Fprintf(w, "  %s\n", strings.Join(steps, "; "))
	}
}

func posString(p diag.Pos) string {
	if p.File == "" {
		return ""
	}
	return p.String()
}

// hugoProblems turns a failed site build — a template of the program's own
// layouts or themes, usually — into problems for the overlay, at the
// template's line and column where the site could tell them (as attest
// build prints them).
func hugoProblems(name string, err error) []Problem {
	var le *diag.ListError
	if !errors.As(err, &le) {
		return []Problem{{Message: fmt.Sprintf("%s site: %v", name, err)}}
	}
	var out []Problem
	for _, d := range le.List.Errors() {
		out = append(out, Problem{Pos: posString(d.Pos), Message: fmt.Sprintf("%s site: %s", name, d.Message)})
	}
	return out
}

// slot is one site being served: the Builder that renders it and the folder
// requests are answered from.
//
// A Builder updates its folder in place, which keeps rebuilds fast; but a
// fresh build first empties the folder, and a failed build may leave it half
// written. So a build that will be fresh, and any build after a failure, goes
// to a new folder with a new Builder, and requests switch over only once it
// succeeded: the last good site stays served throughout.
type slot struct {
	name string
	work string

	n       int
	builder *site.Builder

	mu      sync.RWMutex
	serving string // folder requests are answered from; "" before the first build
}

// setBuilder makes b the slot's Builder, closing the one before it: Hugo
// sites not closed stay in memory for as long as attest serve runs.
func (sl *slot) setBuilder(b *site.Builder) {
	if sl.builder != nil && sl.builder != b {
		sl.builder.Close()
	}
	sl.builder = b
}

func (sl *slot) dir() string {
	sl.mu.RLock()
	defer sl.mu.RUnlock()
	return sl.serving
}

// build renders spec and says how: "in place" or "anew".
func (sl *slot) build(ctx context.Context, spec site.Spec, fresh bool) (string, error) {
	if sl.builder == nil || fresh {
		return sl.anew(ctx, spec)
	}
	// The Builder would render many changes, or new settings, afresh in
	// the folder being served: build those in a new folder instead.
	n, ok, err := sl.builder.Plan(spec)
	if err != nil || !ok {
		return sl.anew(ctx, spec)
	}
	how := "in place (" + english.Count(n, "page", "pages") + ")"
	if err := sl.builder.Build(ctx, spec); err != nil {
		sl.setBuilder(nil) // its folder stays served as it is
		return how, err
	}
	return how, nil
}

// anew renders spec into a new folder, which is served once it succeeded.
func (sl *slot) anew(ctx context.Context, spec site.Spec) (string, error) {
	sl.n++
	dir := filepath.Join(sl.work, fmt.Sprintf("%s-%d", sl.name, sl.n))
	b, err := site.NewBuilder(dir)
	if err != nil {
		return "anew", err
	}
	if err := b.Build(ctx, spec); err != nil {
		b.Close()
		os.RemoveAll(dir)
		sl.setBuilder(nil)
		return "anew", err
	}
	sl.mu.Lock()
	old := sl.serving
	sl.serving = dir
	sl.mu.Unlock()
	sl.setBuilder(b)
	if old != "" {
		// Requests under way hold their files open; removing is safe.
		go os.RemoveAll(old)
	}
	return "anew", nil
}
