package site

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"
)

// ExportProject writes spec as an ordinary Hugo project in dir: hugo.json,
// content/, data/attest.json, the embedded themes under themes/ and the
// verbatim files under static/. The project renders, with the hugo command
// or BuildProject, what Build renders from memory; it serves to debug a
// theme and to measure attest against a bare Hugo build of the same pages.
func ExportProject(spec Spec, dir string) error {
	pages, data, _, err := encode(spec, lastEncoding{}, false, "")
	if err != nil {
		return err
	}
	cfg, err := hugoConfig(spec, nil)
	if err != nil {
		return err
	}
	write := func(name string, b []byte) error {
		full := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		return os.WriteFile(full, b, 0o644)
	}
	cfgJSON, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return err
	}
	if err := write("hugo.json", cfgJSON); err != nil {
		return err
	}
	prefix := filepath.Join(virtualRoot, "content") + string(filepath.Separator)
	for _, name := range slices.Sorted(maps.Keys(pages)) {
		rel, err := filepath.Rel(prefix, name)
		if err != nil {
			return err
		}
		if err := write(filepath.Join("content", rel), pages[name].src); err != nil {
			return err
		}
	}
	if data != nil {
		if err := write(filepath.Join("data", "attest.json"), data); err != nil {
			return err
		}
	}
	if spec.Themes != nil {
		if err := copyFS(afero.NewOsFs(), spec.Themes, filepath.Join(dir, "themes")); err != nil {
			return err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(spec.Files)) {
		rel, err := outputPath(name)
		if err != nil {
			return err
		}
		if err := write(filepath.Join("static", rel), spec.Files[name]); err != nil {
			return err
		}
	}
	return nil
}

// BuildProject builds the Hugo project in dir (as ExportProject writes it)
// into out, reading everything from disk the way the hugo command does,
// static files included.
func BuildProject(dir, out string, log io.Writer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("hugo failed: %v", r)
		}
	}()
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if out, err = filepath.Abs(out); err != nil {
		return err
	}
	sites, err := newSites(afero.NewOsFs(), afero.NewOsFs(), abs, filepath.Join(abs, "themes"), filepath.Join(abs, "hugo.json"), out, false, log)
	if err != nil {
		return err
	}
	if err := sites.Build(hugolib.BuildCfg{}); err != nil {
		return err
	}
	return copyStatic(sites, out, (*Copies)(nil).write)
}
