// Package build is the pipeline from a program's files to its two sites, as of a commit or the work tree.
package build

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/attest-dev/attest/generator/changes"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/evidence"
	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/progress"
	"github.com/attest-dev/attest/generator/public"
	"github.com/attest-dev/attest/generator/scratch"
	"github.com/attest-dev/attest/generator/sealed"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
	"github.com/attest-dev/attest/generator/trustcenter"
)

// Options say what Build builds, from where, and where it reports.
type Options struct {
	Dir  string // the program's folder; "" for the embedded sample, which has no history
	FS   fs.FS  // the program's files: the work tree, or the sample
	Root string // the folder [outputs] are resolved against: Dir, or where the sample builds

	Only    string     // "public" or "private" builds that site alone; "" both
	Release bool       // refuse a work tree with uncommitted changes
	Ref     string     // build the program as of this commit, tag or branch
	AsOf    model.Date // or as of the last commit on or before this day (zero: not asked)

	Quiet   bool // errors only: no warnings
	Verbose bool // also print what each step took

	Stderr   io.Writer      // diagnostics, warnings and timings (nil drops them)
	Log      io.Writer      // Hugo's warnings; nil drops them
	Progress *progress.Line // the progress line (nil: none)
	NoCache  bool           // use none of the caches the versions share (the output is the same)
	// History is Dir's history when the caller has read it already (attest
	// deploy checks HEAD with it first); Build uses it, and leaves it open.
	History *history.History
	// Program is the work tree's program as the caller compiled it already,
	// from FS with Reviews: History (attest deploy reads its targets first):
	// Build uses it rather than compile the same files again. Ignored for
	// Ref and AsOf, which build another tree.
	Program *model.Program
	// Seal, when set, encrypts the private site with this key (attest build
	// -encrypt): the output holds the sealed site only (generator/sealed).
	Seal *sealed.Key
}

// Result is what Build built.
type Result struct {
	Outs   map[string]string // the output folders, absolute, by site name ("public", "private")
	Reused int               // tagged versions reused from the previous output, unchanged
	Tagged int               // tagged versions in the system description (built or reused)
	// Sealed is the key the private site was encrypted with: Options.Seal,
	// or a fresh one for [outputs] encrypt = true; nil when not encrypted.
	Sealed *sealed.Key
}

// ProblemsError means the program, or where it is to be built, has
// problems (written to Options.Stderr): nothing was built.
type ProblemsError struct{ Msg string }

func (e *ProblemsError) Error() string { return e.Msg }

// CommitError means the commit Options.Ref or Options.AsOf names cannot be
// found or read.
type CommitError struct{ Err error }

func (e *CommitError) Error() string { return e.Err.Error() }
func (e *CommitError) Unwrap() error { return e.Err }

// Build builds the public trust center and the versioned system
// description of the program into its [outputs] folders. Both sites are
// built aside, then swapped in one right after the other: a failed build
// of either leaves both outputs as they were, so the two always come from
// one commit.
//
// A build of the work tree whose inputs are all the same as the last
// successful build's, whose outputs are still as it left them, is that
// build: nothing is done again (withCache; Options.NoCache turns this off).
func Build(ctx context.Context, opts Options) (Result, error) {
	return withCache(ctx, opts, build)
}

func build(ctx context.Context, opts Options) (Result, error) {
	b := newRun(opts)
	b.bar.Step("reading history and compiling")
	if n := b.evidenceFiles(); n > 0 {
		b.bar.Step("reading history and compiling, hashing %s", english.Count(n, "evidence file", "evidence files"))
	}
	started := time.Now()
	p, r, err := b.compile(ctx, opts.Ref, opts.AsOf, opts.Release)
	defer b.close()
	if err != nil {
		return Result{}, err
	}
	commit, when := b.commit()
	b.timed("compiled %s", started, ProgramSize(p))

	outs, problems := OutputFolders(opts.Root, p.Config.Outputs)
	if len(problems) > 0 {
		_ = diag.Write(b.stderr, "text", problems)
		return Result{}, &ProblemsError{"an [outputs] folder cannot be built into; nothing was built"}
	}
	// What builds killed before they could clean up left beside the
	// outputs (scratch names each folder for its process): a build running
	// at the same time keeps its own.
	for _, out := range []string{outs["public"], outs["private"]} {
		if err := scratch.SweepBeside(out); err != nil {
			b.warnf("attest build: warning: an earlier build's leftovers are left: %v", err)
		}
	}
	dc9, changes := b.significant(ctx, b.hist, p)

	var asides []*site.Aside
	defer func() {
		for _, a := range asides {
			a.Remove() // nothing left once swapped in
		}
	}()
	if opts.Only != "private" {
		// Built from a commit (-ref, -as-of), the trust center is laid out
		// with that commit's own overrides, as its versions are.
		userDir, err := b.programFolders(b.fsys, func() (string, error) { return scratch.Beside(outs["public"], "program") })
		if err != nil {
			return Result{}, fmt.Errorf("read the program's layouts at %s: %w", commit, err)
		}
		if userDir != b.dir {
			defer os.RemoveAll(userDir)
		}
		view := public.ProjectWith(p, r, public.History{Files: b.hist, Changes: changes})
		spec, err := TrustCenterSpec(view, b.fsys, trustcenter.Options{
			Commit: commit, CommitTime: when, Draft: b.draft,
			Hugo: p.Config.Hugo, UserDir: userDir, Out: outs["public"],
		}, b.log)
		if err != nil {
			return Result{}, err
		}
		b.bar.AddTotal(len(spec.Pages))
		b.bar.Step("rendering the trust center")
		start := time.Now()
		finish := b.countPages(&spec)
		a, err := site.BuildAside(ctx, spec)
		if err != nil {
			return Result{}, fmt.Errorf("build the trust center: %w", err)
		}
		asides = append(asides, a)
		finish()
		b.timed("trust center: %s", start, english.Count(len(spec.Pages), "page", "pages"))
	}
	var sealedWith *sealed.Key
	if opts.Only != "public" {
		a, err := b.buildPrivate(ctx, p, r, outs["private"], version{name: "latest", dir: "latest", commit: commit, time: when, dc9: dc9, changes: changes})
		if err != nil {
			return Result{}, err
		}
		asides = append(asides, a)
		key := opts.Seal
		if key == nil && p.Config.Outputs.Encrypt {
			k := sealed.NewKey()
			key = &k
		}
		if key != nil {
			start := time.Now()
			s, err := sealAside(a, *key, sealed.Stamp{Commit: commit, Draft: b.draft})
			if err != nil {
				return Result{}, fmt.Errorf("encrypt the system description: %w", err)
			}
			asides = append(asides[:len(asides)-1], s)
			a.Remove() // the plain site never reaches the output
			sealedWith = key
			b.timed("encrypted the system description", start)
		}
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err // interrupted: neither is swapped in
	}
	if err := site.SwapAll(asides...); err != nil {
		return Result{}, err
	}
	return Result{Outs: outs, Reused: b.reused, Tagged: b.tagged, Sealed: sealedWith}, nil
}

// sealAside encrypts a built site into a new folder beside its output,
// to be swapped in instead of it.
func sealAside(a *site.Aside, key sealed.Key, stamp sealed.Stamp) (*site.Aside, error) {
	dir, err := scratch.Beside(a.Out, "sealed")
	if err != nil {
		return nil, err
	}
	s := &site.Aside{Dir: dir, Out: a.Out}
	if _, err := sealed.Seal(a.Dir, dir, key, stamp); err != nil {
		s.Remove()
		return nil, err
	}
	return s, nil
}

// ProgramSize counts what a program holds: "3 policies, 1 control, 12
// evidence records".
func ProgramSize(p *model.Program) string {
	return english.Count(len(p.Policies), "policy", "policies") + ", " +
		english.Count(len(p.Controls), "control", "controls") + ", " +
		english.Count(len(p.Evidence), "evidence record", "evidence records")
}

// run is one build: where the program is read from and the history it is
// built with.
type run struct {
	stderr   io.Writer
	log      io.Writer
	dir      string              // the program's folder; "" for the embedded sample
	fsys     fs.FS               // the program: the work tree, or a commit's tree
	head     *history.History    // HEAD's, read once
	given    *history.History    // Options.History: the caller's, never closed here
	program  *model.Program      // Options.Program: the work tree's, compiled by the caller
	hist     *history.History    // as of the commit built; nil outside git
	draft    bool                // the work tree is built and has uncommitted changes
	compiled map[string]compiled // by commit id
	reused   int                 // tagged versions reused from the previous output
	tagged   int                 // tagged versions in the description
	bar      *progress.Line      // nil when not on a terminal, or quiet
	verbose  bool
	quiet    bool // errors only: no warnings, progress or results
	noCache  bool
	hashes   *evidence.Cache // the work tree's evidence hash cache, opened by compileOptions
}

func newRun(opts Options) *run {
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	// What the build writes while a progress line shows goes above it.
	log := opts.Log
	if log != nil {
		log = opts.Progress.Above(log)
	}
	return &run{
		stderr: opts.Progress.Above(opts.Stderr), log: log, dir: opts.Dir, fsys: opts.FS, bar: opts.Progress,
		verbose: opts.Verbose && !opts.Quiet, quiet: opts.Quiet, noCache: opts.NoCache,
		given: opts.History, program: opts.Program,
	}
}

// close ends the git processes of the histories read. A commit off
// HEAD's line has a history of its own (atCommit), with a git process of
// its own.
func (b *run) close() {
	if b.hashes != nil {
		b.hashes.Save() // a cache that cannot be saved only costs time next run
	}
	if b.hist != nil && b.hist != b.head {
		b.hist.Close()
	}
	if b.head != nil && b.head != b.given {
		b.head.Close()
	}
}

// compile reads the history and compiles the program as of the commit
// asked for — ref, the last commit on or before asOf, or the work tree,
// refused with release when it has uncommitted changes — and evaluates it
// at that commit's date. Diagnostics go to stderr; a program with errors
// is a ProblemsError, a commit that cannot be found a CommitError. The
// history read is left in b.head, for b.close.
func (b *run) compile(ctx context.Context, ref string, asOf model.Date, release bool) (*model.Program, *status.Report, error) {
	if b.dir != "" {
		h := b.given
		if h == nil {
			var err error
			if h, err = history.Load(ctx, b.dir, history.Options{Paths: layout.Sources, Dirty: layout.Watched}); err != nil {
				return nil, nil, err
			}
			b.report(h.Diags)
		}
		b.head = h
		b.hist = h
		switch {
		case ref != "":
			if h.Repo() == nil || h.Head == nil {
				return nil, nil, &CommitError{h.ReleaseError()}
			}
			id, err := h.Repo().Resolve(ctx, ref)
			if err != nil {
				return nil, nil, &CommitError{err}
			}
			if err := b.atCommit(ctx, id); err != nil {
				return nil, nil, &CommitError{err}
			}
		case !asOf.IsZero():
			id, err := h.CommitAsOf(ctx, asOf)
			if err != nil {
				return nil, nil, &CommitError{err}
			}
			if id == "" {
				return nil, nil, &CommitError{fmt.Errorf("the history starts later: no commit is dated on or before that day")}
			}
			if err := b.atCommit(ctx, id); err != nil {
				return nil, nil, &CommitError{err}
			}
		default:
			if release {
				if err := h.ReleaseError(); err != nil {
					return nil, nil, &ProblemsError{"refusing a release: " + err.Error()}
				}
			}
			b.draft = h.Dirty()
		}
	}
	if b.program != nil && ref == "" && asOf.IsZero() {
		_, when := b.commit()
		return b.program, status.EvaluateWith(b.program, status.Options{Today: EvaluationDay(when)}), nil
	}
	return b.compileProgram()
}

// report prints a list's diagnostics: when quiet, its errors alone.
func (b *run) report(l *diag.List) {
	items := l.Items()
	if b.quiet {
		items = l.Errors()
	}
	_ = diag.Write(b.stderr, "text", items)
}

// warnf prints a warning line, unless quiet.
func (b *run) warnf(format string, args ...any) {
	if !b.quiet {
		fmt.Fprintf(b.stderr, format+"\n", args...)
	}
}

// timed prints, when verbose, what a step did and how long it took. Times
// go to the terminal only, never into an output, which stays deterministic.
func (b *run) timed(format string, start time.Time, args ...any) {
	if b.verbose {
		fmt.Fprintf(b.stderr, format+" in %s\n", append(args, time.Since(start).Round(time.Millisecond))...)
	}
}

// atCommit makes the build read the program from commit id's tree, with
// the history as it stood there.
func (b *run) atCommit(ctx context.Context, id string) error {
	tree, err := b.head.Repo().Tree(ctx, id)
	if err != nil {
		return err
	}
	at, err := b.head.At(id)
	if err != nil {
		// Not an ancestor of HEAD (another branch): read its own history.
		if at, err = history.Load(ctx, b.dir, history.Options{Rev: id, Paths: layout.Sources}); err != nil {
			return err
		}
	}
	b.fsys, b.hist = tree, at
	return nil
}

// programFolders is where a site built from fsys finds the program's own
// layouts, themes and static files: the work tree's (b.dir), or, for a
// commit's tree, a copy of that commit's in the folder newDir makes — so
// that a template changed since cannot change what the commit shows.
func (b *run) programFolders(fsys fs.FS, newDir func() (string, error)) (string, error) {
	if _, fromGit := fsys.(*gitfs.FS); !fromGit {
		return b.dir, nil
	}
	dir, err := newDir()
	if err != nil {
		return "", err
	}
	return dir, copyUserFolders(fsys, dir)
}

func (b *run) compileOptions() compile.Options {
	var opts compile.Options
	_, fromGit := b.fsys.(*gitfs.FS)
	if b.hist != nil {
		opts.Reviews = b.hist
		if b.hist.Repo() != nil && fromGit {
			opts.Hasher = b.hist.Repo()
		}
	}
	if !fromGit && b.dir != "" && !b.noCache {
		// The work tree's evidence is hashed through the cache check and
		// serve keep (and the build record fills): an unchanged file is
		// not read to be hashed again.
		if b.hashes == nil {
			b.hashes = evidence.OpenCache(b.dir)
		}
		opts.Hasher = b.hashes
	}
	return opts
}

// compileProgram compiles the program the build reads, writing its
// diagnostics to stderr, and evaluates it as of the commit built. A
// program with errors is a ProblemsError: nothing is built from it.
func (b *run) compileProgram() (*model.Program, *status.Report, error) {
	res := compile.Compile(b.fsys, b.compileOptions())
	b.report(res.Diags)
	if res.Diags.HasErrors() {
		return nil, nil, &ProblemsError{"the program has errors; nothing was built"}
	}
	_, when := b.commit()
	return res.Program, status.EvaluateWith(res.Program, status.Options{Today: EvaluationDay(when)}), nil
}

// significant returns the significant changes of the audit period (DC9):
// the program compiled from the last commit before period_start and from the
// last commit of period_end, compared. ok is false without git history or a
// period, or when the history cannot be read (with a warning): DC9 then says
// it was not examined rather than listing nothing.
func (b *run) significant(ctx context.Context, h *history.History, p *model.Program) (ok bool, found []changes.Change) {
	a := p.Config.Audit
	if h == nil || h.Head == nil || a.ReportType != 2 || a.PeriodStart.IsZero() || a.PeriodEnd.IsZero() {
		return false, nil
	}
	warn := func(err error) (bool, []changes.Change) {
		b.warnf("config.toml: warning: significant changes of the period (DC9) left out: %v", err)
		return false, nil
	}
	from, to, err := h.PeriodCommits(ctx, a.PeriodStart, a.PeriodEnd)
	if err != nil {
		return warn(err)
	}
	snap := func(id string) (changes.Snapshot, error) {
		if id == "" {
			return changes.Snapshot{}, nil
		}
		c, err := b.compileAt(ctx, h, id)
		return changes.Snapshot{Commit: id, Program: c.program}, err
	}
	sf, err := snap(from)
	if err != nil {
		return warn(err)
	}
	st, err := snap(to)
	if err != nil {
		return warn(err)
	}
	found, err = changes.Significant(ctx, h, sf, st)
	if err != nil {
		return warn(err)
	}
	return true, found
}

// compileAt compiles the program in commit id's tree, read from git objects,
// with the reviews recorded in h up to id. A commit already compiled (a tag
// at a period's end, two tags on one commit) is reused with its evaluation.
// The key is the commit, not the tree: a commit that reverts to an earlier
// tree has reviews of its own.
func (b *run) compileAt(ctx context.Context, h *history.History, id string) (compiled, error) {
	if c, ok := b.compiled[id]; ok {
		return c, nil
	}
	tree, err := h.Repo().Tree(ctx, id)
	if err != nil {
		return compiled{}, err
	}
	at, err := h.At(id)
	if err != nil {
		return compiled{}, err
	}
	res := compile.Compile(tree, compile.Options{Reviews: at, Hasher: h.Repo()})
	c := compiled{tree: tree, program: res.Program, errors: res.Diags.HasErrors()}
	if b.compiled == nil {
		b.compiled = map[string]compiled{}
	}
	b.compiled[id] = c
	return c, nil
}

// compiled is a program compiled from a git tree.
type compiled struct {
	tree    *gitfs.FS
	program *model.Program
	report  *status.Report // evaluated on first use
	errors  bool
}

// commit is the commit built and its committer time, which dates the build
// (never the wall clock); "" and zero outside git.
func (b *run) commit() (string, time.Time) {
	if b.hist == nil || b.hist.Head == nil {
		return "", time.Time{}
	}
	return b.hist.Head.ID, b.hist.BuildTime()
}

// EvaluationDay is the date a build judges the program at: the day of the
// commit it builds, so that the same commit always gives the same status.
// Without a commit (the embedded sample, a folder outside git), the zero
// date: the day after the period's grace ends, when everything is judged.
func EvaluationDay(commitTime time.Time) model.Date { return model.NewDate(commitTime) }

// countPages counts the pages of spec done on the progress line as Hugo
// writes them, never more than spec has; finish counts those left (a page
// whose HTML file Hugo did not create itself).
func (b *run) countPages(spec *site.Spec) (finish func()) {
	if b.bar == nil {
		return func() {}
	}
	total := int64(len(spec.Pages))
	var n atomic.Int64
	spec.Rendered = func() {
		if n.Add(1) <= total {
			b.bar.Add(1)
		}
	}
	return func() {
		if left := total - n.Load(); left > 0 {
			b.bar.Add(int(left))
		}
	}
}

// evidenceFiles counts the files under the program's evidence folder, for
// the progress line while compile hashes them; 0 without a progress line.
func (b *run) evidenceFiles() int {
	if b.bar == nil || b.dir == "" {
		return 0
	}
	n := 0
	filepath.WalkDir(filepath.Join(b.dir, layout.Evidence), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
		}
		return nil
	})
	return n
}
