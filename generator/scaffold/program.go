package scaffold

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"text/template"

	"github.com/attest-dev/attest/generator/catalog"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/source"
)

// The starter program. Files ending in .tmpl are text/template sources and
// lose the suffix; a leading "dot-" in a name becomes "." (so that the
// starter's .gitignore does not act on this repository).
//
//go:embed program
var programFS embed.FS

// Options describe the program Init writes.
type Options struct {
	Organization    string   // organization name; "" means "Example Company"
	Website         string   // optional
	SecurityContact string   // where to report vulnerabilities; "" means security@example.com
	Frameworks      []string // built-in catalog ids; empty means soc2
	Today           model.Date
}

// Program returns the files of a new program: config, starter policies and
// controls mapped to the chosen frameworks, an example evidence manifest with
// its file, the registers, a system description skeleton, a trust page,
// .gitignore, a CI workflow and an opt-in GitHub Pages one. The files
// compile without errors.
func Program(opts Options) ([]File, error) {
	if opts.Organization == "" {
		opts.Organization = "Example Company"
	}
	if opts.SecurityContact == "" {
		opts.SecurityContact = "security@example.com"
	}
	if len(opts.Frameworks) == 0 {
		opts.Frameworks = []string{"soc2"}
	}
	if opts.Today.IsZero() {
		return nil, fmt.Errorf("scaffold: Options.Today is not set")
	}
	cats := catalog.Load(nil, &diag.List{})
	for _, id := range opts.Frameworks {
		if cats[id] == nil {
			hint := ""
			if near := source.Nearest(id, cats.IDs()); near != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", near)
			}
			return nil, fmt.Errorf("unknown framework %q%s: built-in frameworks are %s", id, hint, strings.Join(cats.IDs(), ", "))
		}
	}
	r := &renderer{src: programFS, root: "program", cats: cats, data: programData{
		Options: opts,
		// A first audit is usually a type 1 report: design as of a date a few
		// months out, which leaves time to write the program down.
		AsOf: firstOfMonth(opts.Today.AddMonths(4)),
	}, done: map[string][]byte{}}
	var files []File
	err := fs.WalkDir(programFS, "program", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		out, data, err := r.file(name)
		if err != nil {
			return err
		}
		files = append(files, File{Path: out, Data: data})
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, nil
}

func firstOfMonth(d model.Date) model.Date { return model.MakeDate(d.Year(), d.Month(), 1) }

type programData struct {
	Options
	AsOf model.Date
}

// renderer renders the templates of one tree, each once.
type renderer struct {
	src  fs.FS
	root string
	cats catalog.Set
	data any
	done map[string][]byte // by template name, for sha256
}

// outPath maps a template's name to the file it writes.
func (r *renderer) outPath(name string) string {
	rel := strings.TrimPrefix(name, r.root+"/")
	parts := strings.Split(strings.TrimSuffix(rel, ".tmpl"), "/")
	for i, p := range parts {
		if rest, ok := strings.CutPrefix(p, "dot-"); ok {
			parts[i] = "." + rest
		}
	}
	return path.Join(parts...)
}

func (r *renderer) file(name string) (string, []byte, error) {
	if data, ok := r.done[name]; ok {
		return r.outPath(name), data, nil
	}
	src, err := fs.ReadFile(r.src, name)
	if err != nil {
		return "", nil, err
	}
	data := src
	if strings.HasSuffix(name, ".tmpl") {
		t, err := template.New(name).Option("missingkey=error").Funcs(r.funcs()).Parse(string(src))
		if err != nil {
			return "", nil, fmt.Errorf("scaffold template: %w", err)
		}
		var b bytes.Buffer
		if err := t.Execute(&b, r.data); err != nil {
			return "", nil, fmt.Errorf("scaffold template: %w", err)
		}
		data = b.Bytes()
	}
	r.done[name] = data
	return r.outPath(name), data, nil
}

func (r *renderer) frameworks() []string {
	switch d := r.data.(type) {
	case programData:
		return d.Frameworks
	case itemData:
		return d.Frameworks
	}
	return nil
}

func (r *renderer) funcs() template.FuncMap {
	return template.FuncMap{
		// in reports whether a framework is in scope.
		"in": func(fw string) bool { return slices.Contains(r.frameworks(), fw) },
		// criteria writes a [criteria] table from "framework: ID ID …"
		// arguments, keeping the frameworks in scope.
		"criteria": func(specs ...string) (string, error) { return r.criteria(specs) },
		// sha256 is the hex SHA-256 of another file of the tree, as written.
		"sha256": func(out string) (string, error) {
			for _, name := range []string{r.root + "/" + out, r.root + "/" + out + ".tmpl"} {
				if _, err := fs.Stat(r.src, name); err == nil {
					_, data, err := r.file(name)
					if err != nil {
						return "", err
					}
					sum := sha256.Sum256(data)
					return hex.EncodeToString(sum[:]), nil
				}
			}
			return "", fmt.Errorf("sha256: no file %s in the scaffold", out)
		},
		"toml": TOMLString,
		"list": func(s ...string) []string { return s },
	}
}

func (r *renderer) criteria(specs []string) (string, error) {
	var b strings.Builder
	b.WriteString("[criteria]")
	for _, spec := range specs {
		fw, list, ok := strings.Cut(spec, ":")
		if !ok {
			return "", fmt.Errorf("criteria %q: want \"framework: ID ID …\"", spec)
		}
		f := r.cats[fw]
		if f == nil {
			return "", fmt.Errorf("criteria %q: unknown framework %q", spec, fw)
		}
		ids := strings.Fields(list)
		for _, id := range ids {
			if f.Criterion(id) == nil {
				return "", fmt.Errorf("criteria %q: %s has no criterion %s", spec, f.Name, id)
			}
		}
		if !slices.Contains(r.frameworks(), fw) {
			continue
		}
		fmt.Fprintf(&b, "\n%s = [", fw)
		for i, id := range ids {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(TOMLString(id))
		}
		b.WriteString("]")
	}
	return b.String(), nil
}

// TOMLString quotes s as a TOML basic string.
func TOMLString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, c)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
