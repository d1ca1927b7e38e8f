package site

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/bep/logg"
	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/common/hmaps"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"

	"github.com/attest-dev/attest/generator/scratch"
)

// Build renders spec into a fresh folder beside spec.Out and, only when the
// whole build succeeded, swaps it in for spec.Out. A failed build leaves
// spec.Out as it was.
func Build(ctx context.Context, spec Spec) error {
	a, err := BuildAside(ctx, spec)
	if err != nil {
		return err
	}
	defer a.Remove()
	return SwapAll(a)
}

// Aside is a site built into a folder beside its output, not yet in its
// place: SwapAll puts it there, Remove throws it away. Two sites built
// aside can be swapped in together, so that a build of both whose second
// failed leaves the first output as it was too.
type Aside struct {
	Dir string // the finished site, a sibling of Out
	Out string // the output it replaces
}

// BuildAside renders spec into a fresh folder beside spec.Out and leaves it
// there. On error nothing is left.
func BuildAside(ctx context.Context, spec Spec) (*Aside, error) {
	out, err := checkOut(spec)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	tmp, err := scratch.Beside(out, "build")
	if err != nil {
		return nil, fmt.Errorf("create build folder: %w", err)
	}
	prev := spec.Previous
	if prev == "" {
		prev = out
	}
	b := &Builder{dir: tmp, copies: spec.Copies, memos: spec.Memos, prev: prev}
	defer b.Close()
	if err := b.Build(ctx, spec); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Aside{Dir: tmp, Out: out}, nil
}

// Remove deletes the folder of a site not swapped in; after SwapAll there
// is nothing to delete.
func (a *Aside) Remove() error { return os.RemoveAll(a.Dir) }

// checkOut returns spec.Out made absolute, refusing folders whose
// replacement would destroy the program itself.
func checkOut(spec Spec) (string, error) {
	if spec.Out == "" {
		return "", errors.New("no output folder given")
	}
	out, err := filepath.Abs(spec.Out)
	if err != nil {
		return "", err
	}
	if out == filepath.Dir(out) {
		return "", fmt.Errorf("output folder %s is a filesystem root: choose a folder of its own", out)
	}
	if spec.UserDir != "" {
		user, err := filepath.Abs(spec.UserDir)
		if err != nil {
			return "", err
		}
		if rel, err := filepath.Rel(out, user); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
			return "", fmt.Errorf("output folder %s holds the program itself: choose a folder inside it, such as public/", out)
		}
	}
	if fi, err := os.Stat(out); err == nil && !fi.IsDir() {
		return "", fmt.Errorf("output %s is a file, not a folder: remove it or choose another output folder", out)
	}
	return out, nil
}

// SwapAll puts each site in place of its output, all of them or, when a
// rename fails, none: the outputs swapped in already are put back. Each step
// is a rename within one folder, so an output is never half written: it is
// the old one or the new one. The sites are swapped one right after the
// other, after every one of them was built. A site not swapped in stays
// where it was built, for its Remove.
func SwapAll(sites ...*Aside) error {
	for _, a := range sites {
		if err := os.Chmod(a.Dir, 0o755); err != nil {
			return err
		}
	}
	olds := make([]string, len(sites)) // where each previous output was moved; "" for none
	in := 0                            // how many sites are in place
	undo := func() {
		for i := in - 1; i >= 0; i-- {
			os.Rename(sites[i].Out, sites[i].Dir)
		}
		for i, old := range olds {
			if old != "" {
				os.Rename(old, sites[i].Out)
			}
		}
	}
	for i, a := range sites {
		if _, err := os.Lstat(a.Out); err == nil {
			old := a.Dir + ".old"
			if err := os.Rename(a.Out, old); err != nil {
				undo()
				return fmt.Errorf("replace %s: %w", a.Out, err)
			}
			olds[i] = old
		}
		if err := os.Rename(a.Dir, a.Out); err != nil {
			undo()
			return fmt.Errorf("replace %s: %w", a.Out, err)
		}
		in++
	}
	var errs []error
	for _, old := range olds {
		if old == "" {
			continue
		}
		if err := os.RemoveAll(old); err != nil {
			errs = append(errs, fmt.Errorf("remove the previous output %s: %w", old, err))
		}
	}
	return errors.Join(errs...)
}

// Builder renders one site into one folder, again and again, for a command
// that rebuilds as sources change. The first Build renders everything; a
// later Build whose spec differs from the last one only in pages added or
// changed, data or files re-renders what changed. Anything else — a page
// removed, a setting changed, many pages at once, or a failed build — makes
// the next Build a fresh one.
type Builder struct {
	dir   string // where Hugo publishes
	watch bool   // keep Hugo ready for rebuilds

	last   Spec // of the last successful build
	layers *layers
	sites  *hugolib.HugoSites
	pages  pageFiles // of the last successful build
	data   []byte
	files  map[string][]byte

	copies  *Copies // files other builds wrote, to link to; Build's only
	prev    string  // the previous output, whose same files are linked; Build's only
	memos   *Memos  // what other builds' themes kept; Build's only
	salt    string  // the MemoSalt the last build's pages were encoded with
	planned *plan   // what Plan encoded, for the Build that follows it
	encoded int     // pages the last Plan or Build encoded rather than reused
}

// plan is a spec's pages and data as Plan encoded them.
type plan struct {
	spec  Spec
	pages pageFiles
	data  []byte
}

// Plan reports how Build would render spec: in place, telling Hugo of
// changed pages (ok), or afresh. The Build that follows with the same spec
// reuses what Plan encoded, so asking costs nothing more.
func (b *Builder) Plan(spec Spec) (changed int, ok bool, err error) {
	pages, data, err := b.encode(spec)
	if err != nil {
		return 0, false, err
	}
	b.planned = &plan{spec: spec, pages: pages, data: data}
	events, ok := b.incremental(spec, pages)
	return len(events), ok, nil
}

// samePlan reports whether pl was made by Plan from spec itself: the same
// page slice and data map, not merely equal ones.
func samePlan(pl *plan, spec Spec) bool {
	if pl == nil || len(pl.spec.Pages) != len(spec.Pages) || !sameSettings(pl.spec, spec) {
		return false
	}
	if len(spec.Pages) > 0 && &pl.spec.Pages[0] != &spec.Pages[0] {
		return false
	}
	return sameRef(pl.spec.Data, spec.Data)
}

// sameRef reports whether a and b are the same pointer or map, of the same
// type: the same value, not merely an equal one. Values of other kinds are
// never the same.
func sameRef(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if !va.IsValid() || !vb.IsValid() {
		return !va.IsValid() && !vb.IsValid()
	}
	if va.Type() != vb.Type() || (va.Kind() != reflect.Pointer && va.Kind() != reflect.Map) {
		return false
	}
	return va.UnsafePointer() == vb.UnsafePointer()
}

// noParams reports whether params encode no params at all: nil, a nil
// pointer or an empty map.
func noParams(params any) bool {
	switch v := params.(type) {
	case nil:
		return true
	case map[string]any:
		return len(v) == 0
	}
	rv := reflect.ValueOf(params)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// NewBuilder returns a Builder that publishes into dir. The folder is
// emptied by each fresh build and is updated in place by rebuilds.
func NewBuilder(dir string) (*Builder, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	return &Builder{dir: abs, watch: true}, nil
}

// Dir returns the folder the Builder publishes into.
func (b *Builder) Dir() string { return b.dir }

// Close lets go of the Builder's Hugo sites. Hugo keeps a goroutine per
// sites that holds all they rendered (its memory cache), so sites never
// closed stay in memory until the process ends: a build of several
// versions, or a long attest serve, would carry every one before it. The
// output stays; a Build after Close starts afresh.
func (b *Builder) Close() error {
	if b.sites == nil {
		return nil
	}
	err := b.sites.Close()
	b.sites = nil
	return err
}

// maxIncremental is how many changed pages a rebuild takes before a fresh
// build is faster (HUGO.md: past a few dozen changes, build anew).
const maxIncremental = 48

// Build renders spec into the Builder's folder. spec.Out is not used.
func (b *Builder) Build(ctx context.Context, spec Spec) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("hugo failed: %v", r)
		}
		if err != nil {
			b.Close() // start afresh next time
		}
	}()
	var (
		pages pageFiles
		data  []byte
	)
	if pl := b.planned; samePlan(pl, spec) {
		pages, data = pl.pages, pl.data
	} else if pages, data, err = b.encode(spec); err != nil {
		return err
	}
	b.planned = nil
	if !b.watch {
		// Built once: Hugo reads the encoded pages, and the pages they
		// were made of need not stay alive while it renders.
		spec.Pages = nil
	}
	changed, ok := b.incremental(spec, pages)
	if ok {
		err = b.rebuild(spec, pages, data, changed)
	} else {
		err = b.fresh(spec, pages, data)
	}
	if err != nil {
		return renderError(err, spec.UserDir, b.templateFile(spec))
	}
	if err := b.copyStatic(); err != nil {
		return fmt.Errorf("copy static files: %w", err)
	}
	if err := b.writeFiles(spec.Files); err != nil {
		return err
	}
	if err := rootNotFound(b.dir); err != nil {
		return fmt.Errorf("404 page: %w", err)
	}
	b.last, b.pages, b.data = spec, pages, data
	b.salt = spec.MemoSalt
	return ctx.Err()
}

// rootNotFound makes the links of the site's 404.html root-relative. Every
// other page links relative to itself, so that the site works from any
// folder; but a server sends the 404 page for a missing address at any
// depth, where links relative to the site's root folder would lead nowhere.
// (Hugo's relative links already carry the base URL's path, if any.)
func rootNotFound(dir string) error {
	name := filepath.Join(dir, "404.html")
	data, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	fixed := rootRelative.ReplaceAll(data, []byte(`${1}="/`))
	if bytes.Equal(fixed, data) {
		return nil
	}
	return os.WriteFile(name, fixed, 0o644)
}

// rootRelative matches the links Hugo's relativeURLs made relative to the
// site's root folder.
var rootRelative = regexp.MustCompile(`\b(href|src|srcset|action)="\./`)

// encode encodes spec, reusing what the last build encoded of the pages and
// data that did not change.
func (b *Builder) encode(spec Spec) (pageFiles, []byte, error) {
	memo, salt := false, ""
	switch {
	case b.memos != nil:
		memo, salt = spec.MemoSalt != "", spec.MemoSalt
	case b.watch:
		// A Builder that rebuilds in place keeps, from one build to the
		// next, the memos of the pages that did not change (liveMemos).
		// Their memo_key hashes the encoding alone, so that a page is the
		// same file when the salt changes; the memos are forgotten then
		// (rebuild).
		memo = spec.MemoSalt != ""
	}
	pages, data, n, err := encode(spec, lastEncoding{pages: b.pages, dataFrom: b.last.Data, data: b.data}, memo, salt)
	b.encoded = n
	return pages, data, err
}

// pageFiles are a spec's pages as Hugo reads them, by content path: each
// content file with the page it was made of, so that the next build can
// reuse the file of a page that did not change.
type pageFiles map[string]pageFile

type pageFile struct {
	page Page
	src  []byte
}

// lastEncoding is what the last build encoded: its pages, and its data with
// the map it was made of.
type lastEncoding struct {
	pages    pageFiles
	dataFrom any
	data     []byte
}

// encode returns spec's pages as content files and its data as JSON. A page
// equal to the one at its path in last is not encoded again: its file is
// reused, and so are the data when they are equal. Comparing is much
// cheaper than encoding, and on a large site an edit changes few pages.
// n counts the pages encoded. With memo, every page encoded gets its
// memo_key (Memos), a hash of its encoding and memoSalt.
func encode(spec Spec, last lastEncoding, memo bool, memoSalt string) (pages pageFiles, data []byte, n int, err error) {
	if spec.Theme == "" {
		return nil, nil, 0, errors.New("no theme named")
	}
	pages = make(pageFiles, len(spec.Pages))
	var todo []int // pages to compare or encode, by index
	names := make([]string, len(spec.Pages))
	for i, p := range spec.Pages {
		name, err := contentPath(p.Path)
		if err != nil {
			return nil, nil, 0, err
		}
		if _, dup := pages[name]; dup {
			return nil, nil, 0, fmt.Errorf("two pages have the path %s", p.Path)
		}
		names[i] = name
		if old, ok := last.pages[name]; ok && samePage(old.page, p) {
			pages[name] = pageFile{page: p, src: old.src}
			continue
		}
		pages[name] = pageFile{page: p}
		todo = append(todo, i)
	}
	// Spread the work over the processors.
	srcs := make([][]byte, len(todo))
	errs := make([]error, len(todo))
	encoded := make([]bool, len(todo))
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), max(1, len(todo)/64))
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := w; j < len(todo); j += workers {
				i := todo[j]
				if old, ok := last.pages[names[i]]; ok && equalPages(old.page, spec.Pages[i]) {
					srcs[j] = old.src
					continue
				}
				srcs[j], errs[j] = encodePage(spec.Pages[i])
				if errs[j] == nil && memo {
					srcs[j] = withMemoKey(srcs[j], memoSalt)
				}
				encoded[j] = true
			}
		}()
	}
	wg.Wait()
	for j, i := range todo {
		if errs[j] != nil {
			return nil, nil, 0, errs[j]
		}
		pages[names[i]] = pageFile{page: spec.Pages[i], src: srcs[j]}
		if encoded[j] {
			n++
		}
	}
	switch {
	case spec.Data == nil:
	case last.data != nil && equalValues(spec.Data, last.dataFrom):
		data = last.data
	default:
		if data, err = json.Marshal(spec.Data); err != nil {
			return nil, nil, 0, fmt.Errorf("site data: %w", err)
		}
	}
	for name := range spec.Files {
		if _, err := outputPath(name); err != nil {
			return nil, nil, 0, err
		}
	}
	return pages, data, n, nil
}

// samePage reports whether a and b are the same page value: equal fields,
// and the same Params pointer or map, which needs no comparing since a
// page's params do not change once it is given to a Builder (Page.Params).
func samePage(a, b Page) bool {
	return equalFields(a, b) && sameParams(a.Params, b.Params)
}

func sameParams(a, b any) bool {
	if noParams(a) || noParams(b) {
		return noParams(a) && noParams(b) // neither is encoded
	}
	return sameRef(a, b)
}

// equalPages reports whether a and b encode the same.
func equalPages(a, b Page) bool {
	if noParams(a.Params) || noParams(b.Params) {
		return equalFields(a, b) && noParams(a.Params) && noParams(b.Params)
	}
	return equalFields(a, b) && equalValues(a.Params, b.Params)
}

func equalFields(a, b Page) bool {
	return a.Path == b.Path && a.Title == b.Title && a.Layout == b.Layout && a.Type == b.Type &&
		a.Weight == b.Weight && a.Date == b.Date && a.Body == b.Body &&
		slices.Equal(a.Outputs, b.Outputs) && (a.Outputs == nil) == (b.Outputs == nil)
}

// equalValues compares params or data the way their JSON differs: a nil
// slice or map is not an empty one, an int is not a float. The kinds
// generated pages are made of are compared without reflection, which on a
// large page is most of the time.
func equalValues(a, b any) bool {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case Markdown:
		y, ok := b.(Markdown)
		return ok && x == y
	case bool, int, int64, float64:
		return a == b // both the type and the value
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !equalValues(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for i := range x {
			if !equalValues(x[i], y[i]) {
				return false
			}
		}
		return true
	case []string:
		y, ok := b.([]string)
		return ok && slices.Equal(x, y) && (x == nil) == (y == nil)
	case nil:
		return b == nil
	}
	return reflect.DeepEqual(a, b)
}

// incremental reports whether spec can be rendered as a rebuild of the last
// build, and which pages to tell Hugo about.
func (b *Builder) incremental(spec Spec, pages pageFiles) ([]fsnotify.Event, bool) {
	if b.sites == nil || !sameSettings(b.last, spec) {
		return nil, false
	}
	var events []fsnotify.Event
	for _, name := range slices.Sorted(maps.Keys(b.pages)) {
		if _, ok := pages[name]; !ok {
			return nil, false // Hugo would keep the removed page's output
		}
	}
	for _, name := range slices.Sorted(maps.Keys(pages)) {
		old, ok := b.pages[name]
		switch {
		case !ok:
			events = append(events, fsnotify.Event{Name: name, Op: fsnotify.Create})
		case !bytes.Equal(old.src, pages[name].src):
			events = append(events, fsnotify.Event{Name: name, Op: fsnotify.Write})
		}
	}
	return events, len(events) <= maxIncremental
}

func sameSettings(a, b Spec) bool {
	return a.Theme == b.Theme && a.Title == b.Title && a.BaseURL == b.BaseURL &&
		a.RawHTML == b.RawHTML && a.UserDir == b.UserDir && reflect.DeepEqual(a.Hugo, b.Hugo) &&
		sameFS(a.Themes, b.Themes)
}

// sameFS reports whether a and b are the same filesystem value; an fs.FS may
// be a map (fstest.MapFS), which == cannot compare.
func sameFS(a, b fs.FS) bool {
	if reflect.TypeOf(a) != reflect.TypeOf(b) {
		return false
	}
	if a == nil || reflect.TypeOf(a).Comparable() {
		return a == b
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	switch va.Kind() {
	case reflect.Map, reflect.Pointer, reflect.Slice, reflect.Func:
		return va.Pointer() == vb.Pointer()
	}
	return false
}

func (b *Builder) rebuild(spec Spec, pages pageFiles, data []byte, events []fsnotify.Event) error {
	for _, ev := range events {
		if err := afero.WriteFile(b.layers.gen, ev.Name, pages[ev.Name].src, 0o644); err != nil {
			return err
		}
	}
	if !bytes.Equal(data, b.data) {
		name := filepath.Join(virtualRoot, "data", "attest.json")
		if err := b.writeData(data); err != nil {
			return err
		}
		events = append(events, fsnotify.Event{Name: name, Op: fsnotify.Write})
	}
	if len(events) == 0 {
		return nil
	}
	// Every changed or created page is in a folder of its own (contentPath),
	// so one rebuild reads them all again.
	var live func(string) bool
	if spec.MemoSalt == b.salt {
		live = liveMemos(pages)
	}
	return buildSites(b.sites, b.layers.gen, nil, live, events...)
}

func (b *Builder) writeData(data []byte) error {
	name := filepath.Join(virtualRoot, "data", "attest.json")
	if data == nil {
		err := b.layers.gen.Remove(name)
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return err
	}
	return afero.WriteFile(b.layers.gen, name, data, 0o644)
}

// fresh renders the whole site anew into an emptied folder.
func (b *Builder) fresh(spec Spec, pages pageFiles, data []byte) error {
	b.Close()
	b.files = nil
	if err := emptyDir(b.dir); err != nil {
		return err
	}
	themesDir := filepath.Join(virtualRoot, "themes")
	if spec.UserDir != "" {
		user, err := filepath.Abs(spec.UserDir)
		if err != nil {
			return err
		}
		spec.UserDir = user
		themesDir = filepath.Join(user, "themes")
	}
	l, err := newLayers(spec, themesDir)
	if err != nil {
		return err
	}
	b.layers = l
	cfg, err := hugoConfig(spec, userMounts(spec.UserDir))
	if err != nil {
		return err
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return fmt.Errorf("hugo settings: %w", err)
	}
	cfgFile := filepath.Join(virtualRoot, "hugo.json")
	if err := afero.WriteFile(l.gen, cfgFile, cfgJSON, 0o644); err != nil {
		return err
	}
	if err := l.gen.MkdirAll(filepath.Join(virtualRoot, "content"), 0o755); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(pages)) {
		if err := afero.WriteFile(l.gen, name, pages[name].src, 0o644); err != nil {
			return err
		}
	}
	if !b.watch {
		// Built once, never again: the file system holds the one copy of
		// the encoded pages Hugo reads.
		clear(pages)
	}
	if err := b.writeData(data); err != nil {
		return err
	}

	var dst afero.Fs = afero.NewOsFs()
	if spec.Rendered != nil {
		dst = countingFs{Fs: dst, rendered: spec.Rendered}
	}
	sites, err := newSites(l.source, dst, virtualRoot, themesDir, cfgFile, b.dir, b.watch, spec.Log)
	if err != nil {
		return err
	}
	if err := buildSites(sites, l.gen, b.memos, nil); err != nil {
		return err
	}
	b.sites = sites
	return nil
}

// newSites loads Hugo's configuration from cfgFile in src and makes the
// sites that publish into publishDir on disk.
func newSites(src, dst afero.Fs, workingDir, themesDir, cfgFile, publishDir string, watch bool, log io.Writer) (*hugolib.HugoSites, error) {
	if log == nil {
		log = io.Discard
	}
	// Hugo prints what it is doing (a rebuild's "Source changed …") on
	// StdOut: only its warnings and errors are for the user.
	logger := loggers.New(loggers.Options{Level: logg.LevelWarn, StdOut: io.Discard, StdErr: log, DistinctLevel: logg.LevelWarn})
	flags := config.New()
	flags.Set("workingDir", workingDir)
	flags.Set("themesDir", themesDir)
	flags.Set("publishDir", publishDir)
	if watch {
		flags.Set("internal", hmaps.Params{"watch": true})
	}
	res, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Flags:    flags,
		Fs:       src,
		Logger:   logger,
		Filename: cfgFile,
		// A non-empty environment keeps the user's HUGO_* variables out:
		// the same commit must render the same everywhere.
		Environ: []string{"ATTEST=1"},
	})
	if err != nil {
		return nil, fmt.Errorf("hugo settings: %w", err)
	}
	dirs := config.New()
	dirs.Set("workingDir", res.LoadingInfo.BaseConfig.WorkingDir)
	dirs.Set("publishDir", publishDir)
	hfs := hugofs.NewFromSourceAndDestination(src, dst, dirs)
	return hugolib.NewHugoSites(deps.DepsCfg{Configs: res, Fs: hfs, LogLevel: logg.LevelWarn, StdOut: io.Discard, StdErr: log})
}

// countingFs is the file system Hugo publishes into, calling rendered for
// each HTML file it creates (Hugo creates every file it publishes with
// Create: helpers.OpenFileForWriting).
type countingFs struct {
	afero.Fs
	rendered func()
}

func (c countingFs) Create(name string) (afero.File, error) {
	f, err := c.Fs.Create(name)
	if err == nil && strings.HasSuffix(name, ".html") {
		c.rendered()
	}
	return f, err
}

// copyStatic copies the static files of the theme and the program — the
// program's first — into the output. (The hugo command does this itself;
// Build does not.)
func (b *Builder) copyStatic() error { return copyStatic(b.sites, b.dir, b.put) }

func copyStatic(sites *hugolib.HugoSites, dir string, put func(name, full string, data []byte) error) error {
	for _, sfs := range sites.BaseFs.SourceFilesystems.Static {
		src := sfs.Fs
		if _, err := src.Stat(""); errors.Is(err, os.ErrNotExist) {
			continue // neither the theme nor the program has a static/ folder
		}
		dst := filepath.Join(dir, sfs.PublishFolder)
		err := afero.Walk(src, "", func(name string, fi os.FileInfo, err error) error {
			if err != nil || fi.IsDir() {
				return err
			}
			data, err := afero.ReadFile(src, name)
			if err != nil {
				return err
			}
			full := filepath.Join(dst, name)
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				return err
			}
			rel, err := filepath.Rel(dir, full)
			if err != nil {
				return err
			}
			return put(filepath.ToSlash(rel), full, data)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// emptyDir makes dir an existing, empty folder.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// outputPath checks the name of a verbatim file and returns it as a
// relative OS path.
func outputPath(name string) (string, error) {
	if name == "" || path.IsAbs(name) || strings.Contains(name, `\`) || path.Clean(name) != name || name == ".." || strings.HasPrefix(name, "../") {
		return "", fmt.Errorf("file %q: the path must be relative, clean and use slashes", name)
	}
	return filepath.FromSlash(name), nil
}

// writeFiles writes spec.Files into the output, replacing the files of the
// previous build.
func (b *Builder) writeFiles(files map[string][]byte) error {
	for name := range b.files {
		if _, keep := files[name]; !keep {
			rel, _ := outputPath(name)
			if err := os.Remove(filepath.Join(b.dir, rel)); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	// A large program copies thousands of evidence files, and an edit
	// changes few: sort only those to write.
	var changed []string
	for name, data := range files {
		if old, ok := b.files[name]; !ok || !bytes.Equal(old, data) {
			changed = append(changed, name)
		}
	}
	slices.Sort(changed)
	for _, name := range changed {
		rel, err := outputPath(name)
		if err != nil {
			return err
		}
		full := filepath.Join(b.dir, rel)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := b.put(name, full, files[name]); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	b.files = maps.Clone(files)
	return nil
}

// put writes a verbatim file of the output, named name, at full: a hard
// link to the previous output's file when that has the same bytes (20,000
// evidence files on a large program, most the same from build to build:
// a link costs the file system neither an inode nor data to write back),
// else through the Copies. Builds never change an output's file in place,
// so the two outputs sharing a file cannot see each other's changes.
func (b *Builder) put(name, full string, data []byte) error {
	if b.prev != "" {
		old := filepath.Join(b.prev, filepath.FromSlash(name))
		if fi, err := os.Lstat(old); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(data)) {
			if cur, err := os.ReadFile(old); err == nil && bytes.Equal(cur, data) && os.Link(old, full) == nil {
				return nil
			}
		}
	}
	return b.copies.write(name, full, data)
}

// templateFile returns a function that finds the file Hugo reads for a
// template name — the program's layouts/ first, then the theme — or "".
func (b *Builder) templateFile(spec Spec) func(name string) string {
	return func(name string) string {
		if b.layers == nil || !filepath.IsLocal(filepath.FromSlash(name)) {
			return ""
		}
		var dirs []string
		themesDir := filepath.Join(virtualRoot, "themes")
		if spec.UserDir != "" {
			user, err := filepath.Abs(spec.UserDir)
			if err != nil {
				return ""
			}
			dirs = append(dirs, filepath.Join(user, "layouts"))
			themesDir = filepath.Join(user, "themes")
		}
		dirs = append(dirs, filepath.Join(themesDir, spec.Theme, "layouts"))
		for _, dir := range dirs {
			file := filepath.Join(dir, filepath.FromSlash(name))
			if _, err := b.layers.source.Stat(file); err == nil {
				return file
			}
		}
		return ""
	}
}
