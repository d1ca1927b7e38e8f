package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/attest-dev/attest/generator/evidence"
	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/source"
)

// The whole-build shortcut. A build of the work tree is a function of its
// inputs: the files of the program's folder, the git repository's refs and
// the work tree's status against them (HEAD's history is fixed by its id),
// git's settings, the attest executable (which embeds the themes), the
// build's options and the time zone. inputsKey hashes all of them, by
// content, before anything is compiled. When the key is the one the last
// successful build of the same folder recorded, and the outputs on disk are
// still the files that build wrote (the same names and sizes, and the same
// modification and change times or else the same bytes), that build's
// output is this build's output byte for byte: nothing is compiled or
// rendered, the warnings it printed are printed again, and the outputs are
// left as they are.
//
// The record lives in the user's cache folder ($XDG_CACHE_HOME/attest, or
// ~/.cache/attest; os.UserCacheDir elsewhere; $ATTEST_CACHE_DIR when set),
// one file per program folder. Options.NoCache (ATTEST_NOCACHE=1) neither
// reads nor writes it.

// cacheVersion changes whenever what a record holds, or what the key
// covers, changes.
const cacheVersion = "attest build cache 1"

// buildCache is the shortcut's state for one build.
type buildCache struct {
	file string            // the record's file
	outs map[string]string // the output folders, as config.toml names them now
	key  string            // the inputs' key before the build
	// What stillSame compares after the build: the settings' hash, and
	// the files' names, sizes and times.
	settings []byte
	stamps   [32]byte
	entry    *cacheEntry // the record found, or nil
	rec      *recording  // what the build prints, to record
	opts     Options
}

// cacheEntry is the record of the last successful build of a folder.
type cacheEntry struct {
	Key      string
	Outs     map[string]string
	Quiet    bool // Messages were printed by a quiet build: errors only
	Tagged   int  // tagged versions in the description: all reused with it
	Messages []message
	Trees    map[string][]outFile // by site name: the files the build left in each output
}

// message is one write of the build to Options.Stderr, or (Log) to Options.Log.
type message struct {
	Log  bool `json:",omitempty"`
	Text string
}

// outFile is one entry of an output folder.
type outFile struct {
	Path  string // slash-separated, relative to the output
	Dir   bool   `json:",omitempty"`
	Size  int64  `json:",omitempty"`
	MTime int64  `json:",omitempty"` // nanoseconds
	CTime int64  `json:",omitempty"` // the inode's change time, which no program sets back; 0 where unknown
	Sum   string `json:",omitempty"` // SHA-256 of a file's bytes
}

// openCache returns the shortcut for a build with opts, or nil when the
// build cannot take it: caches turned off, the embedded sample, a build
// of a commit (-ref, -as-of: rare, and read from git objects), a build to
// be sealed (-encrypt: a fresh key each time, never an old output kept), a
// program whose config.toml does not read, or no cache folder.
func openCache(opts Options) *buildCache {
	if opts.NoCache || opts.Dir == "" || opts.Ref != "" || !opts.AsOf.IsZero() || opts.Seal != nil {
		return nil
	}
	base := os.Getenv("ATTEST_CACHE_DIR")
	if base == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		base = filepath.Join(dir, "attest")
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil
	}
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil
	}
	opts.Dir, opts.Root = dir, root
	outs, ok := configuredOutputs(dir, root)
	if !ok {
		return nil
	}
	id := sha256.Sum256([]byte(dir + "\x00" + root))
	c := &buildCache{
		file: filepath.Join(base, "builds", hex.EncodeToString(id[:12])+".json"),
		outs: outs, opts: opts,
	}
	if data, err := os.ReadFile(c.file); err == nil {
		var e cacheEntry
		if json.Unmarshal(data, &e) == nil {
			c.entry = &e
		}
	}
	return c
}

// configuredOutputs reads the [outputs] folders from config.toml, as the
// compiler would, resolved against root; ok is false when they cannot be
// read or the build would refuse them.
func configuredOutputs(dir, root string) (map[string]string, bool) {
	src, err := os.ReadFile(filepath.Join(dir, layout.Config))
	if err != nil {
		return nil, false
	}
	src, prob := source.Normalize(src)
	if prob != nil {
		return nil, false
	}
	var cfg struct {
		Outputs struct{ Public, Private string } `toml:"outputs"`
	}
	if _, err := toml.Decode(string(src), &cfg); err != nil {
		return nil, false
	}
	o := model.Outputs{Public: "public", Private: "private"}
	if cfg.Outputs.Public != "" {
		o.Public = cfg.Outputs.Public
	}
	if cfg.Outputs.Private != "" {
		o.Private = cfg.Outputs.Private
	}
	outs, problems := OutputFolders(root, o)
	return outs, len(problems) == 0
}

// reuse reports whether the outputs on disk are what a build with these
// inputs writes, and if so prints what that build printed.
func (c *buildCache) reuse() (Result, bool) {
	key, err := c.inputsKey()
	if err != nil {
		return Result{}, false
	}
	c.key = key
	e := c.entry
	if e == nil || e.Key != key || !maps.Equal(e.Outs, c.outs) || (e.Quiet && !c.opts.Quiet) {
		return Result{}, false
	}
	refresh := false
	for name, files := range e.Trees {
		same, stale := sameTree(e.Outs[name], files)
		if !same {
			return Result{}, false
		}
		refresh = refresh || stale
	}
	if refresh {
		// The same bytes at other times: recorded with these times, the
		// next build need not read them.
		c.write(e)
	}
	if !c.opts.Quiet {
		for _, m := range e.Messages {
			w := c.opts.Stderr
			if m.Log {
				w = c.opts.Log
			}
			if w != nil {
				io.WriteString(w, m.Text)
			}
		}
	}
	return Result{Outs: e.Outs, Reused: e.Tagged, Tagged: e.Tagged}, true
}

// record makes the build's writes to stderr and Hugo's log be recorded as
// well as printed.
func (c *buildCache) record(opts *Options) {
	c.rec = &recording{}
	if opts.Stderr != nil {
		opts.Stderr = &recorder{w: opts.Stderr, rec: c.rec}
	}
	if opts.Log != nil {
		opts.Log = &recorder{w: opts.Log, rec: c.rec, log: true}
	}
}

// store records a successful build, unless its inputs changed while it
// ran (the output may then mix the two), it printed timings (-verbose),
// which a reuse must not print again, or it sealed the private site: its
// key is printed once and kept nowhere, so a reuse could not open it.
func (c *buildCache) store(res Result) {
	if c.key == "" || c.opts.Verbose || res.Sealed != nil || !maps.Equal(res.Outs, c.outs) {
		return
	}
	if !c.stillSame() {
		return
	}
	e := cacheEntry{Key: c.key, Outs: res.Outs, Quiet: c.opts.Quiet, Tagged: res.Tagged, Trees: map[string][]outFile{}}
	for _, name := range []string{"public", "private"} {
		if (c.opts.Only == "public" && name == "private") || (c.opts.Only == "private" && name == "public") {
			continue
		}
		files, err := listTree(res.Outs[name])
		if err != nil {
			return
		}
		e.Trees[name] = files
	}
	if c.rec != nil {
		c.rec.mu.Lock()
		e.Messages = c.rec.msgs
		c.rec.mu.Unlock()
	}
	c.write(&e)
}

// write replaces the record with e, whole: a build reading it at the same
// time finds the old or the new one.
func (c *buildCache) write(e *cacheEntry) {
	data, err := json.Marshal(e)
	if err != nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(c.file), 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.file), ".record-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return
	}
	if os.Rename(tmp.Name(), c.file) != nil {
		os.Remove(tmp.Name())
	}
}

// recording is what a build printed, in order.
type recording struct {
	mu   sync.Mutex
	msgs []message
}

type recorder struct {
	w   io.Writer
	rec *recording
	log bool
}

func (r *recorder) Write(p []byte) (int, error) {
	r.rec.mu.Lock()
	r.rec.msgs = append(r.rec.msgs, message{Log: r.log, Text: string(p)})
	r.rec.mu.Unlock()
	return r.w.Write(p)
}

// errUncacheable means the inputs cannot be keyed: a symbolic link to a
// folder, whose files could change unseen.
var errUncacheable = errors.New("inputs cannot be keyed")

// inputsKey hashes everything a build of the work tree reads, and keeps
// what stillSame compares after the build.
func (c *buildCache) inputsKey() (string, error) {
	settings, err := c.settingsKey()
	if err != nil {
		return "", err
	}
	files, err := c.walkInputs()
	if err != nil {
		return "", err
	}
	sum, err := c.hashInputs(files)
	if err != nil {
		return "", err
	}
	c.settings, c.stamps = settings, stampsOf(files)
	h := sha256.New()
	h.Write(settings)
	h.Write(sum)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// stillSame reports whether the inputs are as inputsKey found them: the
// same settings, and every file of the same name, size and times (the
// build that ran in between read them; the key is not computed again).
func (c *buildCache) stillSame() bool {
	settings, err := c.settingsKey()
	if err != nil || !bytes.Equal(settings, c.settings) {
		return false
	}
	files, err := c.walkInputs()
	return err == nil && stampsOf(files) == c.stamps
}

// settingsKey hashes what a build reads besides the program's files.
func (c *buildCache) settingsKey() ([]byte, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00only=%s\x00release=%t\x00", cacheVersion, c.opts.Dir, c.opts.Root, c.opts.Only, c.opts.Release)
	for _, name := range slices.Sorted(maps.Keys(c.outs)) {
		fmt.Fprintf(h, "out %s=%s\x00", name, c.outs[name])
	}
	// The executable embeds the themes and decides everything else.
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(h, "exe %s\x00%d\x00%d\x00", exe, fi.Size(), fi.ModTime().UnixNano())
	fmt.Fprintf(h, "tz %s\x00%s\x00", os.Getenv("TZ"), time.Local.String())
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GIT_") {
			fmt.Fprintf(h, "env %s\x00", kv)
		}
	}
	// git: every ref (HEAD's id fixes the history built; the tags name the
	// versions), the sources' status as history.Load asks for it (which
	// makes a build a draft; the outputs, untracked, are not in it) and
	// git's settings. Outside a repository, git's error says so.
	for _, args := range [][]string{
		{"show-ref", "--head", "--dereference"},
		append([]string{"status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--"}, layout.Watched...),
		{"config", "--list", "-z"},
	} {
		cmd := exec.Command("git", append([]string{"-C", c.opts.Dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		fmt.Fprintf(h, "git %s\x00%d\x00%v\x00", strings.Join(args, " "), out.Len(), err != nil)
		h.Write(out.Bytes())
	}
	return h.Sum(nil), nil
}

// inputFile is a file of the program's folder as walkInputs found it.
type inputFile struct {
	rel          string
	link         string // a symbolic link's target
	size         int64
	mtime, ctime int64
	sum          [32]byte
	err          error
}

// walkInputs lists every file in the program's folder but .git and the
// outputs (with what builds leave beside them), with its size and times.
// Every file, not only the folders the compiler reads: a body may show an
// image from anywhere in the folder.
func (c *buildCache) walkInputs() ([]*inputFile, error) {
	skip := map[string]bool{filepath.Join(c.opts.Dir, layout.Git): true}
	var beside []string // "<parent>/.<out>." prefixes of scratch folders
	for _, out := range c.outs {
		skip[out] = true
		beside = append(beside, filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+"."))
	}
	var files []*inputFile
	err := filepath.WalkDir(c.opts.Dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if skip[name] {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		for _, p := range beside {
			if strings.HasPrefix(name, p) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(c.opts.Dir, name)
		if err != nil {
			return err
		}
		f := &inputFile{rel: filepath.ToSlash(rel)}
		fi, err := os.Stat(name) // through a link: what a build reads
		if d.Type()&fs.ModeSymlink != 0 {
			target, lerr := os.Readlink(name)
			if lerr != nil {
				return lerr
			}
			f.link = target
			if err == nil && fi.IsDir() {
				return errUncacheable
			}
		}
		if err == nil {
			f.size, f.mtime, f.ctime = fi.Size(), fi.ModTime().UnixNano(), changeTime(fi)
		}
		files = append(files, f)
		return nil
	})
	return files, err
}

// stampsOf hashes the names, sizes and times of files.
func stampsOf(files []*inputFile) [32]byte {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d\x00%d\x00", f.rel, f.link, f.size, f.mtime, f.ctime)
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// hashInputs hashes the name and content of every file listed, on every
// processor. A regular file's SHA-256 comes from the evidence hash cache
// that check, serve and the build's compile share (keyed by size, times
// and inode), so an unchanged file is not read again: only new or changed
// ones are, once for the record and the compile both.
func (c *buildCache) hashInputs(files []*inputFile) ([]byte, error) {
	hashes := evidence.OpenCache(c.opts.Dir)
	defer hashes.Save() // a cache that cannot be saved only costs time next run
	root := os.DirFS(c.opts.Dir)
	var wg sync.WaitGroup
	next := make(chan *inputFile)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for f := range next {
				if f.link == "" {
					sum, _, err := hashes.Hash(root, f.rel)
					if err == nil {
						_, err = hex.Decode(f.sum[:], []byte(sum))
					}
					f.err = err
					continue
				}
				// A link: what it leads to, or (broken) its target's name alone.
				data, _ := os.ReadFile(filepath.Join(c.opts.Dir, filepath.FromSlash(f.rel)))
				f.sum = sha256.Sum256(data)
			}
		})
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	h := sha256.New()
	for _, f := range files {
		if f.err != nil {
			return nil, f.err
		}
		fmt.Fprintf(h, "%s\x00%s\x00%x\x00", f.rel, f.link, f.sum)
	}
	return h.Sum(nil), nil
}

// listTree lists the output folder dir: every folder and file, a file
// with its size, modification time and SHA-256.
func listTree(dir string) ([]outFile, error) {
	var files []outFile
	err := filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, name)
		if err != nil {
			return err
		}
		f := outFile{Path: filepath.ToSlash(rel), Dir: d.IsDir()}
		if !d.IsDir() {
			if !d.Type().IsRegular() {
				return errUncacheable
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			f.Size, f.MTime, f.CTime = fi.Size(), fi.ModTime().UnixNano(), changeTime(fi)
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := sumFiles(dir, files); err != nil {
		return nil, err
	}
	return files, nil
}

// sumFiles fills in the SHA-256 of the files listed, on every processor.
func sumFiles(dir string, files []outFile) error {
	var wg sync.WaitGroup
	errs := make([]error, runtime.GOMAXPROCS(0))
	next := make(chan int)
	for w := range errs {
		wg.Go(func() {
			for i := range next {
				data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(files[i].Path)))
				if err != nil {
					errs[w] = err
					continue
				}
				sum := sha256.Sum256(data)
				files[i].Sum = hex.EncodeToString(sum[:])
			}
		})
	}
	for i, f := range files {
		if !f.Dir {
			next <- i
		}
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

// sameTree reports whether the output folder dir holds exactly the files
// listed: the same folders and files, each file of the same size and
// either the same modification and change times or the same content (a
// cache restored by CI keeps neither time; a file rewritten and given its
// old modification time back has a new change time). The times of files
// found the same by content are updated in want; stale says there were
// any.
func sameTree(dir string, want []outFile) (same, stale bool) {
	i := 0
	var check []int // files whose times differ, by index in want: compared by content
	err := filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, name)
		if err != nil {
			return err
		}
		if i >= len(want) || want[i].Path != filepath.ToSlash(rel) || want[i].Dir != d.IsDir() {
			return errChanged
		}
		w := want[i]
		i++
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return errChanged
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if fi.Size() != w.Size {
			return errChanged
		}
		if mtime, ctime := fi.ModTime().UnixNano(), changeTime(fi); mtime != w.MTime || ctime != w.CTime || ctime == 0 {
			check = append(check, i-1)
			want[i-1].MTime, want[i-1].CTime = mtime, ctime
		}
		return nil
	})
	if err != nil || i != len(want) {
		return false, false
	}
	if len(check) == 0 {
		return true, false
	}
	got := make([]outFile, len(check))
	for j, k := range check {
		got[j] = outFile{Path: want[k].Path}
	}
	if sumFiles(dir, got) != nil {
		return false, false
	}
	for j, k := range check {
		if got[j].Sum != want[k].Sum {
			return false, false
		}
	}
	return true, true
}

var errChanged = errors.New("the output changed")

// withCache runs build through the shortcut: reused when nothing changed,
// else built and, on success, recorded.
func withCache(ctx context.Context, opts Options, build func(context.Context, Options) (Result, error)) (Result, error) {
	c := openCache(opts)
	if c == nil {
		return build(ctx, opts)
	}
	start := time.Now()
	if res, ok := c.reuse(); ok {
		if opts.Verbose && !opts.Quiet && opts.Stderr != nil {
			fmt.Fprintf(opts.Stderr, "nothing changed since the last build (%s): its outputs are kept, checked in %s\n", c.file, time.Since(start).Round(time.Millisecond))
		}
		return res, nil
	}
	c.record(&opts)
	res, err := build(ctx, opts)
	if err != nil {
		return res, err
	}
	c.store(res)
	return res, nil
}
