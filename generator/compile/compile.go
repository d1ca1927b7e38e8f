// Package compile turns a program's source files into one checked model.Program,
// reporting every problem of the run as a diagnostic.
package compile

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/attest-dev/attest/generator/catalog"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/mdlink"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/source"
)

// Hasher computes the SHA-256 of an evidence file. The evidence package
// provides one with a cache; the default reads the whole file every time.
type Hasher interface {
	Hash(fsys fs.FS, name string) (sum string, size int64, err error)
}

// ReviewHistory tells when a source file was last reviewed according to its
// history. generator/history implements it from one pass over git log.
type ReviewHistory interface {
	LastReview(file string) (at model.Date, by string, ok bool)
}

// Options configure a compile run.
type Options struct {
	// Today is the date reviews are judged against. Zero means the audit's
	// evaluation date (period end or as_of), which keeps output deterministic.
	Today model.Date
	// Hasher hashes evidence files; nil means plain SHA-256 of the file.
	Hasher Hasher
	// Reviews supplies review dates recorded in git history (Reviewed-by:
	// and Approved-by: trailers); nil means front matter only.
	Reviews ReviewHistory
	// Cache reuses what unchanged source files yielded in an earlier run of
	// the same process (attest serve); nil compiles every file.
	Cache *Cache
	// SkipEvidenceFiles leaves evidence files unread (no existence or hash
	// check), for callers that only need the model.
	SkipEvidenceFiles bool
}

// Result is a compiled program and what was found wrong with it. Program is
// never nil: a program with errors is compiled as far as it goes, so that
// every problem can be reported at once.
type Result struct {
	Program *model.Program
	Diags   *diag.List
}

// The folders a program's sources live in, relative to its root.
// They are generator/layout's, the one description of a program.
const (
	ConfigFile     = layout.Config
	PoliciesDir    = layout.Policies
	ControlsDir    = layout.Controls
	EvidenceDir    = layout.Manifests
	RegistersDir   = layout.Registers
	DescriptionDir = layout.Description
	TrustDir       = layout.Trust
	UpdatesDir     = layout.Updates
	EvidenceFiles  = layout.Evidence
	FrameworksDir  = layout.Frameworks
)

// Compile reads the program rooted at fsys. Paths in diagnostics are
// relative to that root, with slashes.
func Compile(fsys fs.FS, opts Options) *Result {
	c := &compiler{fsys: fsys, opts: opts, diags: &diag.List{}, p: &model.Program{}, hashPos: map[*model.Evidence]diag.Pos{}}
	c.run()
	return &Result{Program: c.p, Diags: c.diags}
}

type compiler struct {
	fsys  fs.FS
	opts  Options
	diags *diag.List
	p     *model.Program

	mu       sync.Mutex // guards p's slices and pending while loaders run concurrently
	pending  []reference
	hashPos  map[*model.Evidence]diag.Pos // where each sha256 was written
	scopePos diag.Pos                     // where audit.frameworks was written
	links    []*bodyLinks                 // every Markdown file's links and anchors
	assets   []asset                      // files beside the Markdown sources
}

func (c *compiler) run() {
	c.p.Frameworks = catalog.Load(c.fsys, c.diags)
	c.opts.Cache.useCatalogs(c.p.Frameworks)
	c.loadConfig()

	files := c.listSources()
	var wg sync.WaitGroup
	jobs := make(chan sourceFile)
	for range max(2, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				c.load(f)
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()

	c.checkUserFolders()

	c.sort()
	c.p.Index()
	c.checkIDs()
	c.checkReferences()
	slices.SortFunc(c.links, func(a, b *bodyLinks) int { return strings.Compare(a.file, b.file) })
	c.checkLinks()
	c.checkCoverage()
	c.checkReviews()
	if !c.opts.SkipEvidenceFiles {
		c.checkEvidenceFiles()
	}
}

type sourceKind int

const (
	kindPolicy sourceKind = iota
	kindControl
	kindManifest
	kindRegister
	kindSection
	kindTrustPage
	kindUpdate
)

type sourceFile struct {
	kind sourceKind
	name string
}

// listSources walks the source folders and reports files that are in the wrong place.
func (c *compiler) listSources() []sourceFile {
	var out []sourceFile
	walk := func(dir, ext string, kind sourceKind, recursive bool) {
		err := fs.WalkDir(c.fsys, dir, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && name == dir {
					return fs.SkipAll
				}
				c.diags.Errorf(diag.Pos{File: name}, "cannot read: %s", describeFSError(err))
				return nil
			}
			if d.IsDir() {
				if name != dir && (!recursive || strings.HasPrefix(d.Name(), ".")) {
					return fs.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			if path.Ext(name) != ext {
				if dir == PoliciesDir || dir == ControlsDir || dir == DescriptionDir {
					c.assets = append(c.assets, asset{dir, name}) // checkAssets warns unless a page shows it
				}
				return nil
			}
			out = append(out, sourceFile{kind, name})
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			c.diags.Errorf(diag.Pos{File: dir}, "cannot read folder: %s", describeFSError(err))
		}
	}
	for _, f := range sourceFolders {
		walk(f.dir, f.ext, f.kind, f.recursive)
	}
	return out
}

// sourceFolders are the folders source files are found in, in the order
// listSources walks them: what their files are, and whether subfolders count.
var sourceFolders = []struct {
	dir, ext  string
	kind      sourceKind
	recursive bool
}{
	{PoliciesDir, ".md", kindPolicy, true},
	{ControlsDir, ".md", kindControl, true},
	{EvidenceDir, ".toml", kindManifest, true},
	{RegistersDir, ".toml", kindRegister, true},
	{DescriptionDir, ".md", kindSection, false},
	{TrustDir, ".md", kindTrustPage, false},
	{UpdatesDir, ".md", kindUpdate, false},
}

// checkUserFolders refuses symbolic links in the folders the sites mount
// for the program (layouts/, static/, assets/, i18n/). The site builder does
// not follow them, so a link that check let pass would fail the build or
// leave its file out of the site without a word (issue 11). Only the check
// lives here: what the build mounts is the site package's business.
func (c *compiler) checkUserFolders() {
	for _, dir := range layout.Mounted {
		info, err := fs.Lstat(c.fsys, dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			c.diags.Errorf(diag.Pos{File: dir}, "cannot read: %s", describeFSError(err))
			continue
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			c.diags.Errorf(diag.Pos{File: dir}, "%s/ is a symbolic link, which the site builder does not follow: make it a folder and copy the files in", dir)
			continue
		}
		if !info.IsDir() {
			continue
		}
		err = fs.WalkDir(c.fsys, dir, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				c.diags.Errorf(diag.Pos{File: name}, "cannot read: %s", describeFSError(err))
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				c.diags.Errorf(diag.Pos{File: name}, "symbolic links are not followed in %s/: the site would fail to build or lack this file; copy the file instead", dir)
			}
			return nil
		})
		if err != nil {
			c.diags.Errorf(diag.Pos{File: dir}, "cannot read folder: %s", describeFSError(err))
		}
	}
}

// describeFSError says what a reader can do about a filesystem error.
func describeFSError(err error) string {
	msg := err.Error()
	if strings.Contains(msg, "escapes") || strings.Contains(msg, "outside") {
		return "it is a symbolic link that points outside the repository: attest reads only files inside it; copy the file in instead"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return msg
}

func (c *compiler) read(name string) ([]byte, bool) {
	f, err := c.fsys.Open(name)
	if err != nil {
		c.diags.Errorf(diag.Pos{File: name}, "cannot read: %s", describeFSError(err))
		return nil, false
	}
	defer f.Close()
	// Read one byte past the limit so an oversized file is reported, not truncated silently.
	src, err := io.ReadAll(io.LimitReader(f, source.MaxMarkdownSize+1))
	if err != nil {
		c.diags.Errorf(diag.Pos{File: name}, "cannot read: %s", describeFSError(err))
		return nil, false
	}
	return src, true
}

func (c *compiler) load(f sourceFile) {
	src, ok := c.read(f.name)
	if !ok {
		return
	}
	u := c.opts.Cache.lookup(f.name, src)
	if u == nil {
		u = newUnit()
		c.loadUnit(u, f, src)
		c.opts.Cache.store(f.name, src, u)
	}
	c.merge(u)
}

// loadUnit compiles one source file into u, on its own: what a file yields
// depends only on its bytes and the catalogs, which is what lets Cache reuse it.
func (c *compiler) loadUnit(u *unit, f sourceFile, src []byte) {
	if len(src) > source.MaxMarkdownSize {
		u.diags.Errorf(diag.Pos{File: f.name, Line: 1, Col: 1}, "file is larger than 4 MiB: sources are prose and TOML; keep large material under evidence/ and reference it from a manifest")
		return
	}
	src, prob := source.Normalize(src)
	if prob != nil {
		u.diags.Errorf(diag.Pos{File: f.name, Line: prob.Line, Col: prob.Col}, "%s", prob.Message)
		return
	}
	switch f.kind {
	case kindManifest:
		c.loadManifest(u, f.name, src)
		return
	case kindRegister:
		c.loadRegister(u, f.name, src)
		return
	}
	md, prob := source.SplitMarkdown(src)
	if prob != nil {
		u.diags.Errorf(diag.Pos{File: f.name, Line: prob.Line, Col: prob.Col}, "%s", prob.Message)
		return
	}
	parsed := mdlink.Parse(md.Body) // one parse for the lint and the links
	lintMarkdown(u.diags, f.name, md, parsed)
	u.links = scanLinks(f.name, md, parsed)
	doc := source.ParseTOML(f.name, md.FrontMatter, md.FrontLine, u.diags)
	if doc == nil {
		return
	}
	switch f.kind {
	case kindPolicy:
		c.loadPolicy(u, f.name, doc, md)
	case kindControl:
		c.loadControl(u, f.name, doc, md, parsed)
	case kindSection:
		c.loadSection(u, f.name, doc, md)
	case kindTrustPage:
		c.loadTrustPage(u, f.name, doc, md)
	case kindUpdate:
		c.loadUpdate(u, f.name, doc, md)
	}
}

// merge adds what one file yielded to the program.
func (c *compiler) merge(u *unit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, it := c.p, u.items
	p.Policies = append(p.Policies, it.Policies...)
	p.Controls = append(p.Controls, it.Controls...)
	p.Evidence = append(p.Evidence, it.Evidence...)
	p.Subprocessors = append(p.Subprocessors, it.Subprocessors...)
	p.CUECs = append(p.CUECs, it.CUECs...)
	p.Responsibilities = append(p.Responsibilities, it.Responsibilities...)
	p.Vendors = append(p.Vendors, it.Vendors...)
	p.Risks = append(p.Risks, it.Risks...)
	p.Assets = append(p.Assets, it.Assets...)
	p.Incidents = append(p.Incidents, it.Incidents...)
	p.Description = append(p.Description, it.Description...)
	p.TrustPages = append(p.TrustPages, it.TrustPages...)
	p.Updates = append(p.Updates, it.Updates...)
	c.pending = append(c.pending, u.pending...)
	if u.links != nil {
		c.links = append(c.links, u.links)
	}
	for e, pos := range u.hashPos {
		c.hashPos[e] = pos
	}
	c.diags.Merge(u.diags)
}

// stem is a file's name without folder and extension: the default id.
func stem(name string) string { return strings.TrimSuffix(path.Base(name), path.Ext(name)) }

func date(t time.Time) model.Date { return model.NewDate(t) }

// sort orders every slice so output never depends on file or goroutine
// order. Items with the same id (an error, reported later) are ordered by
// where they were written, so that "also used at" names the same place every run.
func (c *compiler) sort() {
	p := c.p
	byPos := func(a, b diag.Pos) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	}
	slices.SortFunc(p.Policies, func(a, b *model.Policy) int { return cmp.Or(strings.Compare(a.ID, b.ID), byPos(a.Pos, b.Pos)) })
	slices.SortFunc(p.Controls, func(a, b *model.Control) int { return cmp.Or(strings.Compare(a.ID, b.ID), byPos(a.Pos, b.Pos)) })
	slices.SortFunc(p.Evidence, func(a, b *model.Evidence) int { return cmp.Or(strings.Compare(a.ID, b.ID), byPos(a.Pos, b.Pos)) })
	slices.SortFunc(p.Subprocessors, func(a, b *model.Subprocessor) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), byPos(a.Pos, b.Pos))
	})
	slices.SortFunc(p.CUECs, func(a, b *model.CUEC) int { return cmp.Or(strings.Compare(a.ID, b.ID), byPos(a.Pos, b.Pos)) })
	slices.SortFunc(p.Vendors, func(a, b *model.Vendor) int { return cmp.Or(strings.Compare(a.Name, b.Name), byPos(a.Pos, b.Pos)) })
	slices.SortFunc(p.Risks, func(a, b *model.Risk) int { return cmp.Or(strings.Compare(a.ID, b.ID), byPos(a.Pos, b.Pos)) })
	slices.SortFunc(p.Assets, func(a, b *model.Asset) int { return cmp.Or(strings.Compare(a.ID, b.ID), byPos(a.Pos, b.Pos)) })
	slices.SortFunc(p.Incidents, func(a, b *model.Incident) int { return cmp.Or(strings.Compare(a.ID, b.ID), byPos(a.Pos, b.Pos)) })
	// Responsibilities have no id: they keep the order they were written in.
	slices.SortFunc(p.Responsibilities, func(a, b *model.Responsibility) int { return byPos(a.Pos, b.Pos) })
	slices.SortFunc(p.Description, func(a, b *model.Section) int {
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), strings.Compare(a.File, b.File))
	})
	slices.SortFunc(p.TrustPages, func(a, b *model.Page) int {
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), strings.Compare(a.Slug, b.Slug), strings.Compare(a.File, b.File))
	})
	slices.SortFunc(p.Updates, func(a, b *model.Update) int {
		return cmp.Or(b.Date.Compare(a.Date), strings.Compare(a.Slug, b.Slug), strings.Compare(a.File, b.File)) // newest first
	})
}

// checkEvidenceFiles hashes every evidence file concurrently and compares.
func (c *compiler) checkEvidenceFiles() {
	hasher := c.opts.Hasher
	if hasher == nil {
		hasher = plainHasher{}
	}
	var wg sync.WaitGroup
	jobs := make(chan *model.Evidence)
	for range max(2, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range jobs {
				sum, size, err := hasher.Hash(c.fsys, e.File)
				if err != nil {
					if errors.Is(err, fs.ErrNotExist) {
						c.diags.Errorf(e.Pos, "evidence %s: file %s does not exist: add it, or correct the path", e.ID, e.File)
					} else {
						c.diags.Errorf(e.Pos, "evidence %s: cannot read %s: %s", e.ID, e.File, describeFSError(err))
					}
					continue
				}
				e.Size = size
				if e.SHA256 != "" && sum != e.SHA256 {
					c.diags.Errorf(c.hashPos[e], "evidence %s: sha256 of %s is %s, but the manifest says %s: the file changed after it was recorded; restore it, or record it again as new evidence with attest evidence add", e.ID, e.File, sum, e.SHA256)
				}
			}
		}()
	}
	for _, e := range c.p.Evidence {
		if e.File != "" && e.Pos.File != "" && validEvidencePath(e.File) == "" {
			jobs <- e
		}
	}
	close(jobs)
	wg.Wait()
}

type plainHasher struct{}

var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

func (plainHasher) Hash(fsys fs.FS, name string) (string, int64, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	// Hide File.WriteTo so io.CopyBuffer uses the pooled buffer: evidence
	// files are mostly small, and a fresh 32 KiB buffer each dominated allocations.
	n, err := io.CopyBuffer(h, struct{ io.Reader }{f}, *buf)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// validEvidencePath returns why name is not an acceptable evidence path, or "".
func validEvidencePath(name string) string {
	switch {
	case name == "":
		return "is empty"
	case strings.HasPrefix(name, "/") || (len(name) > 1 && name[1] == ':'):
		return "is absolute: write it relative to the repository root, e.g. evidence/access-review/q1.csv"
	case strings.Contains(name, "\\"):
		return "uses backslashes: write it with forward slashes"
	}
	clean := path.Clean(name)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "escapes the repository: evidence files must be under evidence/"
	}
	if clean != name {
		return fmt.Sprintf("is not clean: write %q", clean)
	}
	if !strings.HasPrefix(clean, EvidenceFiles+"/") {
		return "is not under evidence/: move the file there and write evidence/…"
	}
	return ""
}
