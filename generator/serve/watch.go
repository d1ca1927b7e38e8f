package serve

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/attest-dev/attest/generator/layout"
)

// The debounce of the watcher: a batch closes when no event came for quiet,
// or maxWait after its first event, whichever is first. Editors that save by
// writing a temporary file and renaming it over the original send their
// events within a millisecond or two.
const (
	quiet   = 20 * time.Millisecond
	maxWait = 200 * time.Millisecond
)

// batch is what changed in one burst of events.
type batch struct {
	paths    []string // slash-separated, relative to the root; sorted, unique
	overflow bool     // events were lost: anything may have changed
	at       time.Time
}

// watcher watches the program's folders recursively — fsnotify watches one
// folder at a time — adding folders as they appear, and sends debounced
// batches of changed paths.
type watcher struct {
	root    string
	fsw     *fsnotify.Watcher
	batches chan batch
	errs    chan error
	dirs    map[string]bool // watched folders, absolute
}

func newWatcher(root string) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, fsw: fsw, batches: make(chan batch), errs: make(chan error, 1), dirs: map[string]bool{}}
	// The root itself, for config.toml and for watched folders created later.
	if err := w.add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, name := range layout.Watched {
		if _, err := w.addTree(filepath.Join(root, name)); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	go w.loop()
	return w, nil
}

func (w *watcher) close() error { return w.fsw.Close() }

func (w *watcher) add(dir string) error {
	if w.dirs[dir] {
		return nil
	}
	if err := w.fsw.Add(dir); err != nil {
		return err
	}
	w.dirs[dir] = true
	return nil
}

// addTree watches dir and the folders under it, and returns the files found
// in them (which a folder moved or copied in brings along).
func (w *watcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if ignored(d.Name()) && p != dir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return w.add(p)
		}
		files = append(files, p)
		return nil
	})
	return files, err
}

// ignored reports names that editors and tools create around a save and
// that no rebuild depends on. The rules are Hugo's (the temporary files its
// watcher skips in commands/hugobuilder.go, v0.165.0), with hidden files,
// which Hugo's source filesystem skips too, and two it lacks: GNU sed -i's
// temporary file (sed and six letters or digits) and vim's .swo.
func ignored(name string) bool {
	ext := filepath.Ext(name)
	switch {
	case strings.HasPrefix(name, "."): // hidden: .DS_Store, .#emacs locks, .a.md.swp, .goutputstream-…
	case strings.HasPrefix(name, "#"): // emacs auto-saves: #a.md#
	case strings.HasSuffix(name, "~"): // backups: a.md~
	case name == "4913": // vim's probe of whether it may write the folder
	case sedTemp(name):
	case slices.Contains([]string{".swp", ".swx", ".swo", ".bck", ".tmp", ".kate-swp"}, ext): // vim, helix, generic, kate
	case strings.HasPrefix(ext, ".goutputstream"), strings.HasPrefix(ext, ".sb-"): // gnome, byword
	case strings.HasSuffix(ext, "jb_old___"), strings.HasSuffix(ext, "jb_tmp___"), strings.HasSuffix(ext, "jb_bak___"): // IntelliJ
	default:
		return false
	}
	return true
}

// sedTemp reports the file sed -i writes before renaming it over the one
// it edits: "sed" and six letters or digits (sedEsAvBV).
func sedTemp(name string) bool {
	if len(name) != 9 || !strings.HasPrefix(name, "sed") {
		return false
	}
	for _, r := range name[3:] {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// relevant maps an absolute event path to the root-relative path a rebuild
// cares about, or "" for paths outside layout.Watched.
func (w *watcher) relevant(p string) string {
	rel, err := filepath.Rel(w.root, p)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return ""
	}
	rel = filepath.ToSlash(rel)
	top, _, _ := strings.Cut(rel, "/")
	if !slices.Contains(layout.Watched, top) {
		return ""
	}
	for _, part := range strings.Split(rel, "/") {
		if ignored(part) {
			return ""
		}
	}
	return rel
}

func (w *watcher) loop() {
	defer close(w.batches)
	var (
		pending  = map[string]bool{}
		overflow bool
		first    time.Time
		timer    = time.NewTimer(time.Hour)
	)
	timer.Stop()
	flush := func() {
		b := batch{overflow: overflow, at: first}
		for p := range pending {
			b.paths = append(b.paths, p)
		}
		slices.Sort(b.paths)
		pending, overflow = map[string]bool{}, false
		first = time.Time{}
		w.batches <- b
	}
	for {
		select {
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			rel := w.relevant(ev.Name)
			if rel == "" {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					files, err := w.addTree(ev.Name)
					if err != nil {
						w.report(err)
					}
					for _, f := range files {
						if r := w.relevant(f); r != "" {
							pending[r] = true
						}
					}
				}
			}
			if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				w.forgetDir(ev.Name)
			}
			pending[rel] = true
			now := time.Now()
			if first.IsZero() {
				first = now
			}
			wait := min(quiet, maxWait-now.Sub(first))
			timer.Reset(max(wait, 0))
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				overflow = true
				if first.IsZero() {
					first = time.Now()
				}
				timer.Reset(quiet)
				continue
			}
			w.report(err)
		case <-timer.C:
			flush()
		}
	}
}

// forgetDir stops tracking a folder that was removed or renamed away, with
// the folders under it; the kernel has dropped their watches.
func (w *watcher) forgetDir(p string) {
	prefix := p + string(filepath.Separator)
	for d := range w.dirs {
		if d == p || strings.HasPrefix(d, prefix) {
			delete(w.dirs, d)
			_ = w.fsw.Remove(d)
		}
	}
}

func (w *watcher) report(err error) {
	select {
	case w.errs <- err:
	default:
	}
}
