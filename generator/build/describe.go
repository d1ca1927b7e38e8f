package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/attest-dev/attest/generator/description"
	"github.com/attest-dev/attest/generator/gather"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
)

// Described is the system description of one commit, built alone.
type Described struct {
	Program *model.Program
	Report  *status.Report
	Commit  string
	Time    time.Time
}

// DescribeOptions say where Describe reads the program and reports.
type DescribeOptions struct {
	Dir    string    // the program's folder, in a git repository
	Work   string    // a scratch folder Describe works in
	Out    string    // the folder the site is built into; it must not exist yet
	Stderr io.Writer // diagnostics and warnings (nil drops them)
	Log    io.Writer // Hugo's warnings; nil drops them
}

// Describe builds the system description of commit id alone into
// opts.Out, working in opts.Work: the program read from the commit's tree
// with the history up to it (h is the history read at HEAD, which Describe
// leaves open), as Build with Options.Ref builds it, but with no version
// switcher (its links would lead out of the folder) and with the program's
// own layouts, static files and themes read from the commit too, not from
// the work tree, so that the same commit gives the same site whatever the
// work tree holds.
func Describe(ctx context.Context, h *history.History, id string, opts DescribeOptions) (Described, error) {
	b := newRun(Options{Dir: opts.Dir, Stderr: opts.Stderr, Log: opts.Log})
	b.head, b.hist = h, h
	defer func() {
		if b.hist != h {
			b.hist.Close()
		}
	}()
	if err := b.atCommit(ctx, id); err != nil {
		return Described{}, err
	}
	p, r, err := b.compileProgram()
	if err != nil {
		return Described{}, err
	}
	commit, when := b.commit()
	dc9, changes := b.significant(ctx, b.hist, p)
	user := filepath.Join(opts.Work, "program")
	if err := copyUserFolders(b.fsys, user); err != nil {
		return Described{}, fmt.Errorf("read the program's layouts at %s: %w", id, err)
	}
	files, revisions, err := gatherSources(ctx, p, b.fsys, b.hist, nil)
	if err != nil {
		return Described{}, err
	}
	spec := DescriptionSpec(p, r, description.Options{
		Commit: commit, CommitTime: when,
		Files: files, UserDir: user, Out: opts.Out,
		Revisions: revisions,
		History:   dc9, Changes: gather.Changes(changes),
	}, b.log)
	if err := site.Build(ctx, spec); err != nil {
		return Described{}, fmt.Errorf("build the system description: %w", err)
	}
	return Described{Program: p, Report: r, Commit: commit, Time: when}, nil
}

// Description builds the system description of the program opts names —
// as of opts.Ref, else the work tree — into out, one version alone, as
// Build builds its latest. opts.Only, Release, AsOf and Root do not apply.
func Description(ctx context.Context, opts Options, out string) error {
	b := newRun(opts)
	p, r, err := b.compile(ctx, opts.Ref, model.Date{}, false)
	defer b.close()
	if err != nil {
		return err
	}
	dc9, changes := b.significant(ctx, b.hist, p)
	commit, when := b.commit()
	files, revisions, err := gatherSources(ctx, p, b.fsys, b.hist, nil)
	if err != nil {
		return err
	}
	spec := DescriptionSpec(p, r, description.Options{
		Commit: commit, CommitTime: when, Draft: b.draft,
		Files: files, UserDir: b.dir, Out: out,
		Revisions: revisions,
		History:   dc9, Changes: gather.Changes(changes),
	}, b.log)
	if err := site.Build(ctx, spec); err != nil {
		return fmt.Errorf("build the system description: %w", err)
	}
	return nil
}

// gatherSources reads what the description of p shows besides the model:
// the evidence files and images in fsys, and the revision tables of h
// (gather). c, shared by the versions of a build, keeps blob ids and diffs.
func gatherSources(ctx context.Context, p *model.Program, fsys fs.FS, h *history.History, c *gather.Cache) (map[string]*description.File, map[string][]description.Revision, error) {
	files, err := gather.Files(ctx, p, fsys, c)
	if err != nil {
		return nil, nil, err
	}
	revisions, err := gather.Revisions(ctx, p, h, c)
	if err != nil {
		return nil, nil, err
	}
	return files, revisions, nil
}

// copyUserFolders writes the folders of the program that the site mounts
// (layout.Mounted, and themes/) from fsys into dir.
func copyUserFolders(fsys fs.FS, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, top := range layout.Overrides {
		err := fs.WalkDir(fsys, top, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			target := filepath.Join(dir, filepath.FromSlash(name))
			if d.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			if !d.Type().IsRegular() {
				return nil // a link in a commit could lead anywhere on this disk: left out
			}
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return err
			}
			return os.WriteFile(target, data, 0o644)
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}
