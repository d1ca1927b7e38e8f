package site

import (
	"errors"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"
)

// errTooManyRenderErrors is what a build returns when Hugo stopped at its
// tenth render error and hung.
var errTooManyRenderErrors = errors.New("render: ten or more pages failed to render, and Hugo v0.165 stops without saying which: " +
	"a template of the theme, or of the program's layouts/ or themes/, fails on many pages; " +
	"fix it, or undo the last change to layouts/ or themes/")

// stopGrace is how long a build Hugo stopped has to return before it is
// taken to hang. A stopped build that does not hang returns at once: its
// renderers quit, and it only joins their errors.
const stopGrace = 2 * time.Second

// buildSites runs one Hugo build and returns its error.
//
// Hugo v0.165 stops a build at its tenth render error (it closes
// sites.Done()) and its renderers quit; but the walk that hands them pages
// may then be blocked on handing out the next one, and the build never
// returns (hugolib/site_render.go renderPages, site.go errorCollator). So
// buildSites waits for the build or for Done, and once Done is closed gives
// the build stopGrace to return; after that it returns
// errTooManyRenderErrors. The stuck goroutines and the sites stay behind;
// the Builder builds afresh next time.
//
// Which Done: a full build (no events) keeps the channel the sites were
// made with, so it is read before Build starts. A rebuild told of events
// makes a new one before it reads what changed (HugoSites.reset, from
// initRebuild): reading Done beside it would be a data race. It is read
// instead in the lookups Hugo makes in gen, the first layer of the
// sources, as soon as one sees a new channel: those come from the build's
// goroutine or from goroutines it started, and a rebuild looks up the pages
// and data it was told of after it made the channel.
func buildSites(sites *hugolib.HugoSites, gen *lookupFs, memos *Memos, live func(string) bool, events ...fsnotify.Event) error {
	forgetMemos(sites, live)
	memos.seed(sites.Sites[0].Hugo().Store())

	stopped := make(chan (<-chan bool), 1)
	if len(events) == 0 {
		stopped <- sites.Done()
	} else {
		last := sites.Done() // the last build's: Build has not started
		var once sync.Once
		gen.onLookup(func() {
			if c := sites.Done(); c != last {
				once.Do(func() { stopped <- c })
			}
		})
		defer gen.onLookup(nil)
	}

	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- errors.New("hugo failed: " + stringOf(r))
			}
		}()
		done <- sites.Build(hugolib.BuildCfg{}, events...)
	}()
	var stop <-chan bool
	for {
		select {
		case err := <-done:
			if err == nil {
				memos.keep(sites.Sites[0].Hugo().Store().Values())
			}
			return err
		case c := <-stopped:
			stop = c
		case <-stop:
			select {
			case err := <-done:
				return err
			case <-time.After(stopGrace):
				return errTooManyRenderErrors
			}
		}
	}
}

// lookupFs is the in-memory layer of the sources. It calls a function, if
// one is set, before each lookup made in it.
type lookupFs struct {
	*afero.MemMapFs
	lookup atomic.Pointer[func()]
}

func newLookupFs() *lookupFs { return &lookupFs{MemMapFs: afero.NewMemMapFs().(*afero.MemMapFs)} }

func (f *lookupFs) onLookup(fn func()) {
	if fn == nil {
		f.lookup.Store(nil)
		return
	}
	f.lookup.Store(&fn)
}

func (f *lookupFs) looked() {
	if fn := f.lookup.Load(); fn != nil {
		(*fn)()
	}
}

func (f *lookupFs) Open(name string) (afero.File, error) {
	f.looked()
	return f.MemMapFs.Open(name)
}

func (f *lookupFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	f.looked()
	return f.MemMapFs.OpenFile(name, flag, perm)
}

func (f *lookupFs) Stat(name string) (os.FileInfo, error) {
	f.looked()
	return f.MemMapFs.Stat(name)
}

func (f *lookupFs) LstatIfPossible(name string) (os.FileInfo, bool, error) {
	f.looked()
	return f.MemMapFs.LstatIfPossible(name)
}

func stringOf(v any) string {
	if err, ok := v.(error); ok {
		return err.Error()
	}
	if s, ok := v.(string); ok {
		return s
	}
	return "panic"
}
