package build

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/model"
)

// OutputFolders resolves the [outputs] folders against the program's root
// and returns them by name ("public", "private"), absolute, or the problems
// that forbid building into them, at their lines in config.toml.
//
// attest check compares the paths as written; this compares the folders
// on disk, symbolic links followed, since each build replaces its output
// whole (site.SwapAll): an output must not be, be inside or hold the other
// one or a folder of the program. A link pub -> private/x, or a private
// output under a link to public/, is caught here.
func OutputFolders(root string, o model.Outputs) (map[string]string, []diag.Diagnostic) {
	type output struct {
		name, rel string
		pos       diag.Pos
		abs, real string
	}
	outs := []*output{{name: "public", rel: o.Public, pos: o.PublicPos}, {name: "private", rel: o.Private, pos: o.PrivatePos}}
	var problems []diag.Diagnostic
	refuse := func(o *output, format string, args ...any) {
		problems = append(problems, diag.Diagnostic{Pos: o.pos, Severity: diag.Error,
			Message: fmt.Sprintf("[outputs] %s %q ", o.name, o.rel) + fmt.Sprintf(format, args...)})
	}
	rootReal := realPath(root)
	for _, o := range outs {
		o.abs = filepath.FromSlash(o.rel)
		if !filepath.IsAbs(o.abs) {
			o.abs = filepath.Join(root, o.abs)
		}
		o.abs = filepath.Clean(o.abs)
		o.real = realPath(o.abs)
		if o.real == filepath.Dir(o.real) {
			refuse(o, "is the root of the filesystem%s: use a folder of its own, such as %s/", onDisk(o.abs, o.real), o.name)
			continue
		}
		if within(rootReal, o.real) {
			refuse(o, "holds the program itself%s: each build replaces its output whole; use a folder of its own, such as %s/", onDisk(o.abs, o.real), o.name)
			continue
		}
		for _, d := range layout.Folders {
			src := realPath(filepath.Join(root, d))
			if within(o.real, src) || within(src, o.real) {
				refuse(o, "would replace the program's own files (%s/%s): use a folder of its own, such as %s/", d, onDisk(filepath.Join(root, d), src), o.name)
				break
			}
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	pub, priv := outs[0], outs[1]
	// how shows the folders on disk when links made them overlap.
	how := func(a, b *output, rel string) string {
		if a.real == a.abs && b.real == b.abs {
			return ""
		}
		return fmt.Sprintf(" (symbolic links followed, %s %s %s)", a.real, rel, b.real)
	}
	if ov, ok := layout.OutputsOverlap(within(pub.real, priv.real), within(priv.real, pub.real)); ok {
		this, other, rel := priv, pub, "is inside"
		if ov.Output == "public" {
			this, other = pub, priv
		}
		if within(pub.real, priv.real) && within(priv.real, pub.real) {
			rel = "is"
		}
		refuse(this, "%s %q%s: %s", ov.Relation, other.rel, how(this, other, rel), ov.Why)
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return map[string]string{"public": pub.abs, "private": priv.abs}, nil
}

// onDisk says where a folder is once symbolic links are followed, when
// that is not where its path says.
func onDisk(abs, real string) string {
	if abs == real {
		return ""
	}
	return ", on disk " + real
}

// within reports whether the clean absolute path a is b or inside it, in
// any case: macOS and Windows fold case, and nobody needs two outputs whose
// names differ in case only.
func within(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	return a == b || strings.HasPrefix(a, strings.TrimSuffix(b, string(filepath.Separator))+string(filepath.Separator))
}

// realPath is the clean absolute path p with every symbolic link followed,
// for the part of p that exists; the rest, not there yet, is kept as
// written. A link that leads nowhere yet is followed too: the folder a
// build made through it would be where it points.
func realPath(p string) string {
	links := 0
	var resolve func(p string) string
	resolve = func(p string) string {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return r
		}
		if fi, err := os.Lstat(p); err == nil && fi.Mode()&fs.ModeSymlink != 0 && links < 255 {
			if target, err := os.Readlink(p); err == nil {
				links++
				if !filepath.IsAbs(target) {
					target = filepath.Join(resolve(filepath.Dir(p)), target)
				}
				return resolve(filepath.Clean(target))
			}
		}
		parent := filepath.Dir(p)
		if parent == p {
			return p
		}
		return filepath.Join(resolve(parent), filepath.Base(p))
	}
	return resolve(filepath.Clean(p))
}
