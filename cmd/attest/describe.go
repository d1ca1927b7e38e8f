package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/attest-dev/attest/generator/description"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/sitepath"
	"github.com/attest-dev/attest/generator/status"
)

// described is the system description of one commit, built alone.
type described struct {
	program *model.Program
	report  *status.Report
	commit  string
	time    time.Time
}

// describeCommit builds the system description of commit id alone into
// the folder out, which must not exist yet, working in the folder work:
// the program read from the commit's tree with the history up to it, as
// attest build -ref builds it, but with no version switcher (its links
// would lead out of the folder) and with the program's own layouts, static
// files and themes read from the commit too, not from the work tree, so
// that the same commit gives the same site whatever the work tree holds.
// b holds the history read at HEAD; it is left reading the commit.
func (b *buildRun) describeCommit(ctx context.Context, id, work, out string) (described, error) {
	if err := b.atCommit(ctx, id); err != nil {
		return described{}, err
	}
	p, r, err := b.compileProgram()
	if err != nil {
		return described{}, err
	}
	commit, when := b.commit()
	dc9, changes := b.significant(ctx, b.hist, p)
	user := filepath.Join(work, "program")
	if err := copyUserFolders(b.fsys, user); err != nil {
		return described{}, fmt.Errorf("read the program's layouts at %s: %w", id, err)
	}
	spec := descriptionSpec(p, r, description.Options{
		Commit: commit, CommitTime: when,
		Files: b.fsys, UserDir: user, Out: out,
		Revisions: b.hist, Context: ctx,
		History: dc9, Changes: changes,
	}, b.log)
	if err := site.Build(ctx, spec); err != nil {
		return described{}, fmt.Errorf("build the system description: %w", err)
	}
	return described{program: p, report: r, commit: commit, time: when}, nil
}

// copyUserFolders writes the folders of the program that the site mounts
// (sitepath.UserFolders, and themes/) from fsys into dir.
func copyUserFolders(fsys fs.FS, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, top := range append([]string{"themes"}, sitepath.UserFolders...) {
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
