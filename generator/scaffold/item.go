package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/source"
)

// The kinds of item New writes.
const (
	Policy       = "policy"
	Control      = "control"
	Risk         = "risk"
	Subprocessor = "subprocessor"
)

// Kinds lists the kinds of item New writes, for usage and messages.
// Evidence is not one: attest evidence add records it, file and hash.
var Kinds = []string{Policy, Control, Risk, Subprocessor}

//go:embed item
var itemFS embed.FS

// Request describes the item to write. Name is a file name ("data-retention")
// or a title ("Data retention"); the rest is optional unless said otherwise.
type Request struct {
	Kind       string
	Name       string
	Title      string // default: from Name
	Owner      string // default: "Head of Security"
	Visibility string // default: the kind's default

	Policies    []string // control: policy ids it implements
	Criteria    []string // policy, control: criterion ids ("CC6.1", "A.8.5", or "soc2:CC6.1")
	Frequency   string   // control; default "quarterly"
	ControlKind string   // control: preventive, detective or corrective; default preventive
	Summary     string   // control; default: the title

	Likelihood, Impact int      // risk; default 3
	Treatment          string   // risk; default "mitigate"
	Controls           []string // risk: control ids that treat it

	Purpose, Location, Data string // subprocessor: required

	Today model.Date
}

// Change is the edit New decided on: a new file, or text appended to an
// existing manifest or register.
type Change struct {
	Path   string // slash-separated, relative to the program
	Data   []byte
	Append bool
	ID     string // id (or, for a subprocessor, name) of the new item
	Line   int    // line of the new item in the file once written
}

type itemData struct {
	Frameworks []string
	Append     bool
	Request
	ID            string
	CriteriaTable string
}

// New decides the file and content for a new item of prog, whose sources are
// fsys. Ids are unique among the items of the same kind that compiled.
func New(fsys fs.FS, prog *model.Program, req Request) (Change, error) {
	if !slices.Contains(Kinds, req.Kind) {
		return Change{}, fmt.Errorf("unknown kind %q: want %s", req.Kind, strings.Join(Kinds, ", "))
	}
	slug := Slug(req.Name)
	if slug == "" {
		return Change{}, fmt.Errorf("name %q has no letters or digits to make a file name from", req.Name)
	}
	if req.Title == "" {
		req.Title = titleOf(req.Name)
		if req.Kind == Subprocessor {
			req.Title = strings.TrimSpace(req.Name) // a company's name is kept as typed
		}
	}
	if req.Owner == "" {
		req.Owner = "Head of Security"
	}
	if req.Today.IsZero() {
		return Change{}, errors.New("scaffold: Request.Today is not set")
	}
	d := itemData{Frameworks: prog.Config.Audit.Frameworks, Request: req}
	var (
		file  string
		ids   []string
		stem  string
		appnd bool
	)
	switch req.Kind {
	case Policy:
		file, stem = path.Join(compile.PoliciesDir, slug+".md"), "POL-"+strings.ToUpper(slug)
		for _, p := range prog.Policies {
			ids = append(ids, p.ID)
		}
		if d.Visibility == "" {
			d.Visibility = string(model.Restricted)
		}
	case Control:
		file, stem = path.Join(compile.ControlsDir, slug+".md"), "CTL-"+strings.ToUpper(slug)
		for _, c := range prog.Controls {
			ids = append(ids, c.ID)
		}
		for _, id := range req.Policies {
			if prog.Policy(id) == nil {
				return Change{}, unknownID("policy", id, policyIDs(prog))
			}
		}
		d.Frequency = cmpOr(d.Frequency, string(model.Quarterly))
		if !slices.Contains(model.Frequencies, d.Frequency) {
			return Change{}, fmt.Errorf("unknown frequency %q: want %s", d.Frequency, strings.Join(model.Frequencies, ", "))
		}
		d.ControlKind = cmpOr(d.ControlKind, "preventive")
		if !slices.Contains(model.ControlKinds, d.ControlKind) {
			return Change{}, fmt.Errorf("unknown control kind %q: want %s", d.ControlKind, strings.Join(model.ControlKinds, ", "))
		}
		d.Summary = cmpOr(d.Summary, d.Title)
		if d.Visibility == "" {
			d.Visibility = string(model.Restricted)
		}
	case Risk:
		file, stem = registerFile(prog, Risk), "RISK-"+strings.ToUpper(slug)
		for _, r := range prog.Risks {
			ids = append(ids, r.ID)
		}
		for _, id := range req.Controls {
			if prog.Control(id) == nil {
				return Change{}, unknownID("control", id, controlIDs(prog))
			}
		}
		d.Likelihood, d.Impact = cmpOr(d.Likelihood, 3), cmpOr(d.Impact, 3)
		if d.Likelihood < 1 || d.Likelihood > 5 || d.Impact < 1 || d.Impact > 5 {
			return Change{}, fmt.Errorf("likelihood and impact run from 1 to 5, got %d and %d", d.Likelihood, d.Impact)
		}
		d.Treatment = cmpOr(d.Treatment, "mitigate")
		if treatments := []string{"mitigate", "accept", "transfer", "avoid"}; !slices.Contains(treatments, d.Treatment) {
			return Change{}, fmt.Errorf("unknown treatment %q: want %s", d.Treatment, strings.Join(treatments, ", "))
		}
		appnd = true
	case Subprocessor:
		var missing []string
		for _, f := range []struct{ flag, v string }{{"-purpose", req.Purpose}, {"-location", req.Location}, {"-data", req.Data}} {
			if strings.TrimSpace(f.v) == "" {
				missing = append(missing, f.flag)
			}
		}
		if len(missing) > 0 {
			return Change{}, fmt.Errorf("a subprocessor needs %s: what it does for you, where it processes data, and which data", strings.Join(missing, ", "))
		}
		for _, s := range prog.Subprocessors {
			if strings.EqualFold(s.Name, d.Title) {
				return Change{}, fmt.Errorf("subprocessor %q is already listed at %s", s.Name, s.Pos)
			}
		}
		file = registerFile(prog, Subprocessor)
		d.ID = d.Title
		if d.Visibility == "" {
			d.Visibility = string(model.Public)
		}
		appnd = true
	}
	if d.Visibility != "" && !slices.Contains(model.Visibilities, d.Visibility) {
		return Change{}, fmt.Errorf("unknown visibility %q: want %s", d.Visibility, strings.Join(model.Visibilities, ", "))
	}
	if req.Kind == Policy || req.Kind == Control {
		table, err := criteriaTable(prog, req.Criteria)
		if err != nil {
			return Change{}, err
		}
		d.CriteriaTable = table
	}
	if d.ID == "" {
		d.ID = UniqueID(stem, ids)
	}

	existing, err := fs.ReadFile(fsys, file)
	switch {
	case err == nil && !appnd:
		return Change{}, fmt.Errorf("%s already exists: choose another name", file)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return Change{}, err
	}
	d.Append = err == nil
	r := &renderer{src: itemFS, root: "item", data: d, done: map[string][]byte{}}
	_, data, err := r.file(itemTemplate(req.Kind))
	if err != nil {
		return Change{}, err
	}
	data = bytes.TrimLeft(data, "\n")
	if !d.Append {
		return Change{Path: file, Data: data, ID: d.ID, Line: 1}, nil
	}
	// Leave one blank line between the last entry and the new one.
	var sep string
	switch {
	case len(existing) == 0 || bytes.HasSuffix(existing, []byte("\n\n")):
	case bytes.HasSuffix(existing, []byte("\n")):
		sep = "\n"
	default:
		sep = "\n\n"
	}
	line := bytes.Count(existing, []byte("\n")) + len(sep) + 1
	return Change{Path: file, Data: append([]byte(sep), data...), Append: true, ID: d.ID, Line: line}, nil
}

func itemTemplate(kind string) string {
	if kind == Policy || kind == Control {
		return "item/" + kind + ".md.tmpl"
	}
	return "item/" + kind + ".toml.tmpl"
}

// Apply writes ch under dir: a new file is created exclusively, appended
// text goes to the end of the existing file.
func Apply(dir string, ch Change) error {
	name := filepath.Join(dir, filepath.FromSlash(ch.Path))
	if !ch.Append {
		return createFile(name, ch.Data)
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(ch.Data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// registerFile is the file the register of kind already lives in, or the
// usual file for it.
func registerFile(prog *model.Program, kind string) string {
	switch kind {
	case Risk:
		if len(prog.Risks) > 0 {
			return prog.Risks[len(prog.Risks)-1].Pos.File
		}
		return path.Join(compile.RegistersDir, "risks.toml")
	default:
		for _, s := range prog.Subprocessors {
			return s.File
		}
		return path.Join(compile.RegistersDir, "subprocessors.toml")
	}
}

// criteriaTable writes the [criteria] table for ids, which may name any
// in-scope criterion (model.Program.OutOfScope decides, as for check and
// status); with no ids it writes empty lists to fill in.
func criteriaTable(prog *model.Program, ids []string) (string, error) {
	scope := prog.Config.Audit.Frameworks
	byFW := map[string][]string{}
	for _, id := range ids {
		fw, crit, explicit := strings.Cut(id, ":")
		if !explicit {
			crit, fw = id, ""
			for _, f := range scope {
				if cat := prog.Frameworks[f]; cat != nil && cat.Criterion(id) != nil {
					fw = f
					break
				}
			}
			if fw == "" {
				var all []string
				for _, f := range scope {
					if cat := prog.Frameworks[f]; cat != nil {
						all = append(all, cat.IDs()...)
					}
				}
				hint := ""
				if near := source.Nearest(id, all); near != "" {
					hint = fmt.Sprintf(" (did you mean %s?)", near)
				}
				return "", fmt.Errorf("criterion %q is in none of the frameworks in scope (%s)%s", id, strings.Join(scope, ", "), hint)
			}
		} else if cat := prog.Frameworks[fw]; cat == nil {
			return "", fmt.Errorf("unknown framework %q in %q", fw, id)
		} else if cat.Criterion(crit) == nil {
			hint := ""
			if near := cat.Nearest(crit); near != "" {
				hint = fmt.Sprintf(" (did you mean %s?)", near)
			}
			return "", fmt.Errorf("%s has no criterion %q%s", cat.Name, crit, hint)
		}
		// What check and status judge is what is in scope: a mapping to a
		// criterion outside it would be counted nowhere.
		if why := prog.OutOfScope(fw, crit); why != "" {
			return "", fmt.Errorf("criterion %q is outside the audit's scope: %s", id, why)
		}
		if !slices.Contains(byFW[fw], crit) {
			byFW[fw] = append(byFW[fw], crit)
		}
	}
	var b strings.Builder
	b.WriteString("# Criteria this maps to, per framework in scope.\n[criteria]")
	order := slices.Clone(scope)
	for fw := range byFW {
		if !slices.Contains(order, fw) {
			order = append(order, fw)
		}
	}
	for _, fw := range order {
		b.WriteString("\n" + fw + " = [")
		for i, id := range byFW[fw] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(TOMLString(id))
		}
		b.WriteString("]")
	}
	return b.String(), nil
}

// UniqueID returns stem, or stem-2, stem-3 … whichever is not taken: ids of
// new items (attest new, attest import) never clash with existing ones.
func UniqueID(stem string, taken []string) string {
	id := stem
	for n := 2; slices.Contains(taken, id); n++ {
		id = stem + "-" + strconv.Itoa(n)
	}
	return id
}

func unknownID(kind, id string, known []string) error {
	hint := ""
	if near := source.NearestID(id, known); near != "" {
		hint = fmt.Sprintf(" (did you mean %s?)", near)
	}
	where := map[string]string{"policy": "policies are defined in " + compile.PoliciesDir + "/", "control": "controls are defined in " + compile.ControlsDir + "/"}[kind]
	if where == "" {
		return fmt.Errorf("unknown %s %q%s", kind, id, hint)
	}
	return fmt.Errorf("unknown %s %q%s: %s", kind, id, hint, where)
}

func policyIDs(p *model.Program) []string {
	var ids []string
	for _, x := range p.Policies {
		ids = append(ids, x.ID)
	}
	return ids
}

func controlIDs(p *model.Program) []string {
	var ids []string
	for _, x := range p.Controls {
		ids = append(ids, x.ID)
	}
	return ids
}

// Slug turns a name or title into a file name: lower-case letters, digits
// and single hyphens.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// titleOf keeps a name that reads as a title and turns a file name
// ("data-retention") into one ("Data retention").
func titleOf(name string) string {
	if strings.ContainsAny(name, " ") || strings.ToLower(name) != name {
		return strings.TrimSpace(name)
	}
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' })
	t := strings.Join(words, " ")
	if t == "" {
		return name
	}
	return strings.ToUpper(t[:1]) + t[1:]
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
