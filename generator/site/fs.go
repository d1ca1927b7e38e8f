package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/bep/overlayfs"
	"github.com/spf13/afero"
)

// virtualRoot is where the generated site lives in memory. Hugo's working
// folder is here, not in the program's repository, so that neither Hugo nor
// a template can read the program's sources (content/, policies/, evidence/):
// everything a site shows arrives through its Spec.
var virtualRoot = filepath.Join(string(filepath.Separator), "attest-virtual-site")

// layers are the filesystems Hugo reads, in priority order: the generated
// files in memory, the program's own folders on disk (read-only), and the
// embedded themes underneath, so that a file in the program's
// themes/<name>/ replaces the embedded one of the same name.
type layers struct {
	gen    *lookupFs // config, content and data, in memory
	themes afero.Fs  // embedded themes, in memory
	source afero.Fs  // the overlay Hugo reads
}

func newLayers(spec Spec, themesDir string) (*layers, error) {
	l := &layers{gen: newLookupFs(), themes: afero.NewMemMapFs()}
	if spec.Themes != nil {
		if err := copyFS(l.themes, spec.Themes, themesDir); err != nil {
			return nil, fmt.Errorf("load embedded themes: %w", err)
		}
	}
	fss := []afero.Fs{l.gen}
	if spec.UserDir != "" {
		fss = append(fss, afero.NewReadOnlyFs(afero.NewOsFs()))
	}
	fss = append(fss, l.themes)
	l.source = overlayfs.New(overlayfs.Options{Fss: fss, FirstWritable: true})
	return l, nil
}

// copyFS writes every file of src into dst under dir.
func copyFS(dst afero.Fs, src fs.FS, dir string) error {
	return fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(name))
		if d.IsDir() {
			return dst.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(src, name)
		if err != nil {
			return err
		}
		return afero.WriteFile(dst, target, data, 0o644)
	})
}

// contentPath checks a page path and returns where the page lives in memory.
// A regular page is written as a leaf bundle, "controls/ctl-mfa.md" as
// controls/ctl-mfa/index.md (as a page given as ctl-mfa/index.md is): same
// URL, same page path, but a folder of its own. Hugo v0.165, told in one rebuild of several changed files of one
// folder, reads only the first of them again (the others keep their old
// parse); in folders of their own, every changed page is read again.
func contentPath(p string) (string, error) {
	switch {
	case p == "":
		return "", fmt.Errorf("a page has no path")
	case !strings.HasSuffix(p, ".md"):
		return "", fmt.Errorf("page %q: the path must end in .md", p)
	case path.IsAbs(p) || strings.Contains(p, `\`) || path.Clean(p) != p || strings.HasPrefix(p, "../"):
		return "", fmt.Errorf("page %q: the path must be relative, clean and use slashes", p)
	}
	if base := path.Base(p); base != "_index.md" && base != "index.md" {
		p = strings.TrimSuffix(p, ".md") + "/index.md"
	}
	return filepath.Join(virtualRoot, "content", filepath.FromSlash(p)), nil
}

// encodePage writes a page as JSON front matter followed by its Markdown,
// escaped so that Hugo shows it as written (contentBody). encoding/json
// sorts map keys, so the same page always encodes the same.
func encodePage(p Page) ([]byte, error) {
	fm := map[string]any{"title": p.Title}
	if p.Layout != "" {
		fm["layout"] = p.Layout
	}
	if p.Type != "" {
		fm["type"] = p.Type
	}
	if p.Weight != 0 {
		fm["weight"] = p.Weight
	}
	if p.Date != "" {
		fm["date"] = p.Date
	}
	if !noParams(p.Params) {
		fm["params"] = p.Params
	}
	if p.Outputs != nil {
		fm["outputs"] = p.Outputs
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(fm); err != nil {
		return nil, fmt.Errorf("page %s: front matter: %w", p.Path, err)
	}
	buf.WriteString("\n")
	buf.WriteString(contentBody(p.Body))
	return buf.Bytes(), nil
}
