package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/attest-dev/attest/generator/description"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/gather"
	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/public"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
	"github.com/attest-dev/attest/generator/trustcenter"
)

// HasOverrides reports whether the program in dir has layouts, themes,
// static files, assets or translations of its own (layout.Overrides): what
// only rendering can check.
func HasOverrides(dir string) bool {
	for _, d := range layout.Overrides {
		entries, err := os.ReadDir(filepath.Join(dir, d))
		if err == nil && len(entries) > 0 {
			return true
		}
	}
	return false
}

// RenderCheck renders both sites of p with the program's own overrides from
// dir into a folder it then removes, and returns what their templates
// failed at, as diagnostics at the template's line and column — the same
// ones attest build and serve report (site turns Hugo's file errors into
// them). The description is rendered as of the work tree alone: no
// revisions, no versions. err is a failure that is not a template's.
func RenderCheck(ctx context.Context, dir string, p *model.Program, r *status.Report) (*diag.List, error) {
	tmp, err := os.MkdirTemp("", "attest-check-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	fsys := os.DirFS(dir)
	var found diag.List
	place := func(err error) error {
		var placed *diag.ListError
		if errors.As(err, &placed) {
			found.Merge(placed.List)
			return nil
		}
		return err
	}

	spec, err := TrustCenterSpec(public.Project(p, r), fsys, trustcenter.Options{
		Hugo: p.Config.Hugo, UserDir: dir, Out: filepath.Join(tmp, "public"),
	}, io.Discard)
	if err != nil {
		return nil, err
	}
	if err := place(site.Build(ctx, spec)); err != nil {
		return nil, fmt.Errorf("render the trust center: %w", err)
	}

	files, err := gather.Files(ctx, p, fsys, nil)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	dspec := DescriptionSpec(p, r, description.Options{
		Files: files, UserDir: dir, Out: filepath.Join(tmp, "private"),
	}, io.Discard)
	if err := place(site.Build(ctx, dspec)); err != nil {
		return nil, fmt.Errorf("render the system description: %w", err)
	}
	return &found, nil
}
