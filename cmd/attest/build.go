package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/description"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/progress"
	"github.com/attest-dev/attest/generator/public"
	"github.com/attest-dev/attest/generator/scratch"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
	"github.com/attest-dev/attest/generator/trustcenter"
	"github.com/attest-dev/attest/themes"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("build [flags]",
		"Builds the public trust center into [outputs] public and the private system\n"+
			"description into [outputs] private (public/ and private/ by default).\n"+
			"Both outputs are built aside and swapped in whole, together: a failed build\n"+
			"of either leaves both as they were. A program with errors is not built at all.\n"+
			"Built from a work tree with uncommitted changes, every page is marked draft;\n"+
			"-release refuses such a tree. -ref and -as-of build the program as it was\n"+
			"at a commit, read from git objects (the work tree is not touched).",
		"  attest build\n  attest build -C ../compliance -only public\n  attest build -release\n  attest build -ref audit/2026 -only private\n  attest build -as-of 2026-06-30",
		stdout)
	dir := fl.String("C", ".", "program `directory`")
	only := fl.String("only", "", "build one `site` only: public or private")
	release := fl.Bool("release", false, "refuse a work tree with uncommitted changes")
	ref := fl.String("ref", "", "build the program as of `REF` (a commit, tag or branch)")
	asOf := fl.String("as-of", "", "build the program as of the last commit on or before `DATE` (YYYY-MM-DD)")
	quiet := fl.Bool("quiet", false, "print errors only: no warnings, no progress line, no result lines")
	verbose := fl.Bool("verbose", false, "also print what each step took")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if *only != "" && *only != "public" && *only != "private" {
		return &usageError{fmt.Sprintf("-only %q: want public or private", *only)}
	}
	if *ref != "" && *asOf != "" {
		return &usageError{"-ref and -as-of both name the commit to build: give one"}
	}
	var asOfDate model.Date
	if *asOf != "" {
		d, err := model.ParseDate(*asOf)
		if err != nil {
			return &usageError{"-as-of: " + err.Error()}
		}
		asOfDate = d
	}
	src, err := openProgram(*dir, true, stderr)
	if err != nil {
		return err
	}
	if src.Dir == "" && (*ref != "" || *asOf != "" || *release) {
		return &usageError{"-ref, -as-of and -release need a program in a git repository; there is no config.toml here"}
	}

	b := &buildRun{stdout: stdout, stderr: stderr, fsys: src.FS, dir: src.Dir, verbose: *verbose && !*quiet, quiet: *quiet}
	// The progress line (versions × pages) shows on a terminal only; result
	// lines wait until it is erased, so they never mix with it.
	b.bar = progress.New(stderr, *quiet)
	var results []string
	defer func() {
		b.bar.Done()
		if !*quiet {
			for _, line := range results {
				fmt.Fprintln(stdout, line)
			}
		}
	}()
	b.bar.Step("reading history and compiling")
	started := time.Now()
	p, r, err := b.compile(ctx, *ref, *asOf, asOfDate, *release)
	if b.head != nil {
		defer b.head.Close()
	}
	// A commit off HEAD's line has a history of its own (atCommit), with a
	// git process of its own.
	defer func() {
		if b.hist != nil && b.hist != b.head {
			b.hist.Close()
		}
	}()
	if err != nil {
		return err
	}
	commit, when := b.commit()
	b.timed("compiled %s", started, programSize(p))

	root := src.Dir
	if root == "" { // the embedded sample builds into the current folder
		if root, err = filepath.Abs(*dir); err != nil {
			return err
		}
	}
	outs, problems := outputFolders(root, p.Config.Outputs)
	if len(problems) > 0 {
		_ = diag.Write(stderr, "text", problems)
		return &problemsError{"an [outputs] folder cannot be built into; nothing was built"}
	}
	// What builds killed before they could clean up left beside the
	// outputs (scratch names each folder for its process): a build running
	// at the same time keeps its own.
	for _, out := range []string{outs["public"], outs["private"]} {
		if err := scratch.SweepBeside(out); err != nil {
			b.warnf("attest build: warning: an earlier build's leftovers are left: %v", err)
		}
	}
	b.log = hugoLog(stderr, *quiet)
	dc9, changes := b.significant(ctx, b.hist, p)

	// Both sites are built aside, then swapped in one right after the
	// other: a failed build of either leaves both outputs as they were, so
	// the two always come from one commit.
	var asides []*site.Aside
	defer func() {
		for _, a := range asides {
			a.Remove() // nothing left once swapped in
		}
	}()
	if *only != "private" {
		view := public.ProjectWith(p, r, public.History{Files: b.hist, Changes: changes})
		spec, err := trustCenterSpec(view, trustcenter.Options{
			Commit: commit, CommitTime: when, Draft: b.draft, Files: b.fsys,
			Hugo: p.Config.Hugo, UserDir: src.Dir, Out: outs["public"],
		}, b.log)
		if err != nil {
			return err
		}
		b.bar.AddTotal(len(spec.Pages))
		b.bar.Step("trust center")
		start := time.Now()
		a, err := site.BuildAside(ctx, spec)
		if err != nil {
			return fmt.Errorf("build the trust center: %w", err)
		}
		asides = append(asides, a)
		b.bar.Add(len(spec.Pages))
		b.timed("trust center: %s", start, english.Count(len(spec.Pages), "page", "pages"))
	}
	if *only != "public" {
		a, err := b.buildPrivate(ctx, p, r, outs["private"], version{name: "latest", dir: "latest", commit: commit, time: when, dc9: dc9, changes: changes})
		if err != nil {
			return err
		}
		asides = append(asides, a)
	}
	if err := ctx.Err(); err != nil {
		return err // interrupted: neither is swapped in
	}
	if err := site.SwapAll(asides...); err != nil {
		return err
	}
	if *only != "private" {
		results = append(results, fmt.Sprintf("built the trust center into %s (%s)", display(root, outs["public"]), countFiles(outs["public"])))
	}
	if *only != "public" {
		reused := ""
		if b.reused > 0 {
			reused = fmt.Sprintf("; %s unchanged, reused", english.Count(b.reused, "tagged version", "tagged versions"))
		}
		results = append(results, fmt.Sprintf("built the system description into %s (%s%s)", display(root, outs["private"]), countFiles(outs["private"]), reused))
	}
	results = append(results, whereToLook(root, outs, *only))
	return nil
}

// compile reads the history and compiles the program as of the commit
// asked for — ref, the last commit on or before asOf (asOfDate), or the
// work tree, refused with release when it has uncommitted changes — and
// evaluates it at that commit's date. Diagnostics go to stderr; a program
// with errors is a problemsError. The history read is left in b.head, for
// the caller to close.
func (b *buildRun) compile(ctx context.Context, ref, asOf string, asOfDate model.Date, release bool) (*model.Program, *status.Report, error) {
	if b.dir != "" {
		h, err := history.Load(ctx, b.dir, history.Options{Paths: compile.SourcePaths})
		if err != nil {
			return nil, nil, err
		}
		b.report(h.Diags)
		b.head = h
		b.hist = h
		switch {
		case ref != "":
			if h.Repo() == nil || h.Head == nil {
				return nil, nil, fmt.Errorf("-ref %s: %w", ref, h.ReleaseError())
			}
			id, err := h.Repo().Resolve(ctx, ref)
			if err != nil {
				return nil, nil, fmt.Errorf("-ref %s: %w", ref, err)
			}
			if err := b.atCommit(ctx, id); err != nil {
				return nil, nil, fmt.Errorf("-ref %s: %w", ref, err)
			}
		case asOf != "":
			id, err := h.CommitAsOf(ctx, asOfDate)
			if err != nil {
				return nil, nil, fmt.Errorf("-as-of %s: %w", asOf, err)
			}
			if id == "" {
				return nil, nil, fmt.Errorf("-as-of %s: the history starts later: no commit is dated on or before that day", asOf)
			}
			if err := b.atCommit(ctx, id); err != nil {
				return nil, nil, fmt.Errorf("-as-of %s: %w", asOf, err)
			}
		default:
			if release {
				if err := h.ReleaseError(); err != nil {
					return nil, nil, &problemsError{"refusing a release: " + err.Error()}
				}
			}
			b.draft = h.Dirty()
		}
	}

	return b.compileProgram()
}

// whereToLook is build's last line: the files to open, and serve as the
// other way to see the sites.
func whereToLook(root string, outs map[string]string, only string) string {
	var files []string
	for _, name := range []string{"public", "private"} {
		if only == "" || only == name {
			files = append(files, filepath.Join(display(root, outs[name]), "index.html"))
		}
	}
	return fmt.Sprintf("open %s in a browser, or run attest serve to preview at http://127.0.0.1:1313/", strings.Join(files, " and "))
}

// buildRun is one attest build: where the program is read from and the
// history it is built with.
type buildRun struct {
	stdout, stderr io.Writer
	log            io.Writer
	dir            string              // the program's folder; "" for the embedded sample
	fsys           fs.FS               // the program: the work tree, or a commit's tree
	head           *history.History    // HEAD's, read once
	hist           *history.History    // as of the commit built; nil outside git
	draft          bool                // the work tree is built and has uncommitted changes
	compiled       map[string]compiled // by commit id
	reused         int                 // tagged versions reused from the previous output
	bar            *progress.Line      // nil when not on a terminal, or quiet
	verbose        bool
	quiet          bool // errors only: no warnings, progress or results
}

// report prints a list's diagnostics: with -quiet, its errors alone.
func (b *buildRun) report(l *diag.List) {
	items := l.Items()
	if b.quiet {
		items = l.Errors()
	}
	_ = diag.Write(b.stderr, "text", items)
}

// warnf prints a warning line, unless -quiet.
func (b *buildRun) warnf(format string, args ...any) {
	if !b.quiet {
		fmt.Fprintf(b.stderr, format+"\n", args...)
	}
}

// timed prints, with -verbose, what a step did and how long it took. Times go
// to the terminal only, never into an output, which stays deterministic.
func (b *buildRun) timed(format string, start time.Time, args ...any) {
	if b.verbose {
		b.bar.Printf(format+" in %s", append(args, time.Since(start).Round(time.Millisecond))...)
		if b.bar == nil {
			fmt.Fprintf(b.stderr, format+" in %s\n", append(args, time.Since(start).Round(time.Millisecond))...)
		}
	}
}

// atCommit makes the build read the program from commit id's tree, with
// the history as it stood there.
func (b *buildRun) atCommit(ctx context.Context, id string) error {
	tree, err := b.head.Repo().Tree(ctx, id)
	if err != nil {
		return err
	}
	at, err := b.head.At(id)
	if err != nil {
		// Not an ancestor of HEAD (another branch): read its own history.
		if at, err = history.Load(ctx, b.dir, history.Options{Rev: id, Paths: compile.SourcePaths}); err != nil {
			return err
		}
	}
	b.fsys, b.hist = tree, at
	return nil
}

func (b *buildRun) compileOptions() compile.Options {
	var opts compile.Options
	if b.hist != nil {
		opts.Reviews = b.hist
		if b.hist.Repo() != nil {
			if _, fromGit := b.fsys.(*gitfs.FS); fromGit {
				opts.Hasher = b.hist.Repo()
			}
		}
	}
	return opts
}

// compileProgram compiles the program the build reads, writing its
// diagnostics to stderr, and evaluates it as of the commit built. A
// program with errors is a problemsError: nothing is built from it.
func (b *buildRun) compileProgram() (*model.Program, *status.Report, error) {
	res := compile.Compile(b.fsys, b.compileOptions())
	b.report(res.Diags)
	if res.Diags.HasErrors() {
		return nil, nil, &problemsError{"the program has errors; nothing was built"}
	}
	_, when := b.commit()
	return res.Program, status.EvaluateWith(res.Program, status.Options{Today: evaluationDay(when)}), nil
}

// significant returns the significant changes of the audit period (DC9):
// the program compiled from the last commit before period_start and from the
// last commit of period_end, compared. ok is false without git history or a
// period, or when the history cannot be read (with a warning): DC9 then says
// it was not examined rather than listing nothing.
func (b *buildRun) significant(ctx context.Context, h *history.History, p *model.Program) (ok bool, changes []history.SignificantChange) {
	a := p.Config.Audit
	if h == nil || h.Head == nil || a.ReportType != 2 || a.PeriodStart.IsZero() || a.PeriodEnd.IsZero() {
		return false, nil
	}
	warn := func(err error) (bool, []history.SignificantChange) {
		b.warnf("config.toml: warning: significant changes of the period (DC9) left out: %v", err)
		return false, nil
	}
	from, to, err := h.PeriodCommits(ctx, a.PeriodStart, a.PeriodEnd)
	if err != nil {
		return warn(err)
	}
	snap := func(id string) (history.Snapshot, error) {
		if id == "" {
			return history.Snapshot{}, nil
		}
		c, err := b.compileAt(ctx, h, id)
		return history.Snapshot{Commit: id, Program: c.program}, err
	}
	sf, err := snap(from)
	if err != nil {
		return warn(err)
	}
	st, err := snap(to)
	if err != nil {
		return warn(err)
	}
	changes, err = h.Significant(ctx, sf, st)
	if err != nil {
		return warn(err)
	}
	return true, changes
}

// compileAt compiles the program in commit id's tree, read from git objects,
// with the reviews recorded in h up to id. A commit already compiled (a tag
// at a period's end, two tags on one commit) is reused with its evaluation.
// The key is the commit, not the tree: a commit that reverts to an earlier
// tree has reviews of its own.
func (b *buildRun) compileAt(ctx context.Context, h *history.History, id string) (compiled, error) {
	tree, err := h.Repo().Tree(ctx, id)
	if err != nil {
		return compiled{}, err
	}
	if c, ok := b.compiled[id]; ok {
		return c, nil
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
func (b *buildRun) commit() (string, time.Time) {
	if b.hist == nil || b.hist.Head == nil {
		return "", time.Time{}
	}
	return b.hist.Head.ID, b.hist.BuildTime()
}

// evaluationDay is the date a build judges the program at: the day of the
// commit it builds, so that the same commit always gives the same status.
// Without a commit (the embedded sample, a folder outside git), the zero
// date: the day after the period's grace ends, when everything is judged.
func evaluationDay(commitTime time.Time) model.Date { return model.NewDate(commitTime) }

// trustCenterSpec and descriptionSpec make the two sites the same way for
// build and serve, which differ only in their options: the themes, the
// [hugo] settings each site takes, and where Hugo's warnings go (nil drops
// them).
func trustCenterSpec(view *public.View, opts trustcenter.Options, log io.Writer) (site.Spec, error) {
	spec, err := trustcenter.Spec(view, opts)
	if err != nil {
		return spec, fmt.Errorf("trust center: %w", err)
	}
	spec.Themes, spec.Log = themes.FS(), log
	return spec, nil
}

func descriptionSpec(p *model.Program, r *status.Report, opts description.Options, log io.Writer) site.Spec {
	spec := description.Spec(p, r, opts)
	spec.Hugo = privateHugo(p.Config.Hugo)
	spec.Themes, spec.Log = themes.FS(), log
	return spec
}

// privateHugo is [hugo] for the private site: everything but baseURL, which
// is where the public trust center is served from.
func privateHugo(hugo map[string]any) map[string]any {
	out := maps.Clone(hugo)
	for k := range out {
		if strings.EqualFold(k, "baseURL") {
			delete(out, k)
		}
	}
	return out
}

func display(root, out string) string {
	if r, err := filepath.Rel(root, out); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r) + "/"
	}
	return out
}

func countFiles(dir string) string {
	n := 0
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return english.Count(n, "file", "files")
}

// hugoLog is where Hugo's warnings go: stderr, each line marked "hugo: ";
// nowhere when quiet.
func hugoLog(stderr io.Writer, quiet bool) io.Writer {
	if quiet {
		return nil
	}
	return &prefixWriter{w: stderr, prefix: "hugo: "}
}

// prefixWriter prefixes each line Hugo logs, so its warnings are told
// apart from attest's own diagnostics.
type prefixWriter struct {
	mu     sync.Mutex // the latest renders while tags are compiled, and the two sites' builds may log at once
	w      io.Writer
	prefix string
	mid    bool
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(b)
	// Hugo reports its progress to terminals as OSC 9;4 escape sequences on
	// its log; attest draws its own progress line, so drop them.
	b = terminalProgress.ReplaceAll(b, nil)
	for _, line := range bytes.SplitAfter(b, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if !p.mid {
			if _, err := io.WriteString(p.w, p.prefix); err != nil {
				return 0, err
			}
		}
		if _, err := p.w.Write(line); err != nil {
			return 0, err
		}
		p.mid = line[len(line)-1] != '\n'
	}
	return n, nil
}

var terminalProgress = regexp.MustCompile("\x1b\\]9;4;[0-9;]*(\x07|\x1b\\\\)")
