// Package comply converts a strongdm/comply project — policies, procedures
// and narratives in Markdown with YAML front matter, standards, comply.yml —
// into the files of an attest program, and reports what it could not
// convert fully at its place in the comply files.
package comply

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/scaffold"
)

// The kinds of Item.
const (
	Policy      = "policy"
	Control     = "control"
	Description = "description section"
)

// Item is one file the import writes.
type Item struct {
	Kind   string
	ID     string // policy or control id; for a description section, its DC point
	Title  string
	From   string // the comply file, named as in diagnostics
	Detail string // what a reader should know: "draft, internal", "monthly, from cron …"
	File   scaffold.File
}

// Result is what Convert made of a comply project.
type Result struct {
	Items []Item
	// Organization is the name in comply.yml, "" if none.
	Organization string
	Diags        *diag.List
}

// Options configure Convert.
type Options struct {
	// Dir is how diagnostics name the comply folder ("../acme-comply").
	Dir string
	// Program is the program imported into: its catalogs, the frameworks
	// in scope and the ids already taken.
	Program *model.Program
}

// Convert reads the comply project in fsys. Files that cannot be read as
// comply writes them are errors, and their items are left out.
func Convert(fsys fs.FS, opts Options) *Result {
	c := &converter{fsys: fsys, opts: opts, res: &Result{Diags: &diag.List{}}}
	for _, p := range opts.Program.Policies {
		c.taken = append(c.taken, p.ID)
	}
	for _, ctl := range opts.Program.Controls {
		c.taken = append(c.taken, ctl.ID)
	}
	c.config()
	c.standards()
	found := 0
	for _, k := range []struct {
		dir  string
		load func(name string, doc *yamlDoc, body string, bodyLine int)
	}{
		{"policies", c.policy},
		{"procedures", c.procedure},
		{"narratives", c.narrative},
	} {
		for _, name := range c.list(k.dir, ".md") {
			found++
			c.document(name, k.load)
		}
	}
	if found == 0 {
		c.res.Diags.Errorf(diag.Pos{File: c.display("")}, "no comply policies, procedures or narratives here: a comply project has policies/*.md, procedures/*.md and narratives/*.md beside comply.yml")
	}
	return c.res
}

type converter struct {
	fsys  fs.FS
	opts  Options
	res   *Result
	taken []string
	// frameworkOf maps a comply standard's name to the attest catalog its
	// criteria belong to ("" for none).
	frameworkOf map[string]string
}

// display names a comply file as diagnostics do.
func (c *converter) display(name string) string {
	if c.opts.Dir == "" {
		return name
	}
	return path.Join(c.opts.Dir, name)
}

// list returns the files of dir with extension ext, as comply reads them:
// not recursively, README files left out.
func (c *converter) list(dir, ext string) []string {
	entries, err := fs.ReadDir(c.fsys, dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || path.Ext(n) != ext || strings.HasPrefix(strings.ToUpper(n), "README") || strings.HasPrefix(n, ".") {
			continue
		}
		out = append(out, path.Join(dir, n))
	}
	slices.Sort(out)
	return out
}

func (c *converter) config() {
	const name = "comply.yml"
	src, err := fs.ReadFile(c.fsys, name)
	if err != nil {
		c.res.Diags.Warnf(diag.Pos{File: c.display(name)}, "no comply.yml: the organization's name is not known, so {{.Name}} is kept where written")
		return
	}
	doc, d := parseYAML(c.display(name), string(src), 1)
	if d != nil {
		c.res.Diags.Add(*d)
		return
	}
	c.res.Organization = doc.str("name", c.res.Diags)
	for _, f := range doc.fields {
		switch f.name {
		case "name":
			if have := c.opts.Program.Config.Organization.Name; c.res.Organization != "" && have != c.res.Organization {
				c.res.Diags.Warnf(f.pos, "organization %q is not written into config.toml, which import leaves as it is (it names %q): set [organization] name there yourself", c.res.Organization, have)
			}
		case "filePrefix", "pandoc":
			c.res.Diags.Warnf(f.pos, "%s not converted: it shapes comply's PDF output; attest builds web sites", f.name)
		case "approvedBranch":
			c.res.Diags.Warnf(f.pos, "approvedBranch not converted: attest records approval in each policy (status, approvers, effective) and reviews in commits (Reviewed-by:, Approved-by: trailers)")
		case "tickets":
			c.res.Diags.Warnf(f.pos, "tickets not converted: attest opens no tickets; record each operation of a control as evidence (attest evidence add)")
		default:
			c.res.Diags.Warnf(f.pos, "unknown field %s in comply.yml: not converted", f.name)
		}
	}
}

// standards reads standards/*.yml and decides which attest catalog each
// standard's criteria belong to: the TSC are SOC 2; ids a catalog does not
// hold are reported where the standard lists them.
func (c *converter) standards() {
	c.frameworkOf = map[string]string{}
	for _, name := range append(c.list("standards", ".yml"), c.list("standards", ".yaml")...) {
		src, err := fs.ReadFile(c.fsys, name)
		if err != nil {
			c.res.Diags.Errorf(diag.Pos{File: c.display(name)}, "cannot read: %v", err)
			continue
		}
		doc, d := parseYAML(c.display(name), string(src), 1)
		if d != nil {
			c.res.Diags.Add(*d)
			continue
		}
		std := doc.str("name", c.res.Diags)
		fw := c.framework(std)
		c.frameworkOf[std] = fw
		if fw == "" {
			pos := diag.Pos{File: c.display(name), Line: 1, Col: 1}
			if f, ok := doc.get("name"); ok {
				pos = f.pos
			}
			c.res.Diags.Warnf(pos, "standard %q not converted: attest has no catalog for it, and criteria of it are left out; to map to it, write frameworks/<id>.toml (see README: Framework catalogs)", std)
			continue
		}
		cat := c.opts.Program.Frameworks[fw]
		for _, f := range doc.fields {
			if f.name == "name" {
				continue
			}
			if cat.Criterion(normalID(f.name)) == nil {
				c.res.Diags.Warnf(f.pos, "%s %s is not in attest's %s catalog: policies, procedures or narratives that satisfy it are not mapped to it", std, f.name, cat.Name)
			}
		}
	}
}

// framework returns the attest catalog a comply standard (or a satisfies
// key) names: TSC is SOC 2; else a catalog whose id or name it is.
func (c *converter) framework(std string) string {
	if fw, ok := c.frameworkOf[std]; ok {
		return fw
	}
	key := squash(std)
	if strings.HasPrefix(key, "tsc") || strings.HasPrefix(key, "soc2") || key == "trustservicescriteria" || key == "aicpatsc" {
		if c.opts.Program.Frameworks["soc2"] != nil {
			return "soc2"
		}
	}
	for _, id := range c.opts.Program.Frameworks.IDs() {
		if f := c.opts.Program.Frameworks[id]; squash(id) == key || squash(f.Name) == key {
			return id
		}
	}
	return ""
}

// squash lower-cases s and drops what is not a letter or digit.
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func normalID(id string) string { return strings.ToUpper(strings.TrimSpace(id)) }

// document reads one comply Markdown file and hands it to load.
func (c *converter) document(name string, load func(string, *yamlDoc, string, int)) {
	shown := c.display(name)
	src, err := fs.ReadFile(c.fsys, name)
	if err != nil {
		c.res.Diags.Errorf(diag.Pos{File: shown}, "cannot read: %v", err)
		return
	}
	front, frontLine, body, bodyLine, ok := splitDocument(string(src))
	if !ok {
		c.res.Diags.Errorf(diag.Pos{File: shown, Line: 1, Col: 1}, "no front matter: a comply document is YAML, a line ---, then Markdown")
		return
	}
	doc, d := parseYAML(shown, front, frontLine)
	if d != nil {
		c.res.Diags.Add(*d)
		return
	}
	load(name, doc, body, bodyLine)
}

// criteria reads a document's satisfies (standard → criterion ids) as an
// attest [criteria] table, warning of what it cannot map.
func (c *converter) criteria(doc *yamlDoc) map[string][]string {
	f, ok := doc.get("satisfies")
	if !ok || f.value == nil {
		return nil
	}
	stds, ok := doc.mapping(f.value)
	if !ok {
		c.res.Diags.Warnf(f.pos, "satisfies is not a mapping of standards to criteria: left out")
		return nil
	}
	out := map[string][]string{}
	for _, std := range stds {
		ids, ok := doc.sequence(std.value)
		if !ok {
			c.res.Diags.Warnf(std.pos, "satisfies: %s is not a list of criteria: left out", std.name)
			continue
		}
		fw := c.framework(std.name)
		if fw == "" {
			c.res.Diags.Warnf(std.pos, "satisfies: standard %q has no attest catalog: its %d criteria are left out", std.name, len(ids))
			continue
		}
		cat := c.opts.Program.Frameworks[fw]
		for _, id := range ids {
			crit := normalID(id.name)
			if cat.Criterion(crit) == nil {
				c.res.Diags.Warnf(id.pos, "criterion %s is not in attest's %s catalog (a placeholder?): left out; map this to the criteria it meets (%s ids look like %s)", id.name, cat.Name, cat.Name, cat.Criteria[0].ID)
				continue
			}
			if !slices.Contains(out[fw], crit) {
				out[fw] = append(out[fw], crit)
			}
		}
	}
	return out
}

// id returns a unique id made of prefix and a slug of name.
func (c *converter) id(prefix, name string) string {
	id := scaffold.UniqueID(prefix+strings.ToUpper(scaffold.Slug(name)), c.taken)
	c.taken = append(c.taken, id)
	return id
}

func stem(name string) string { return strings.TrimSuffix(path.Base(name), path.Ext(name)) }

// title is a document's name, or one made from its file name.
func (c *converter) title(doc *yamlDoc, name string) string {
	if t := doc.str("name", c.res.Diags); t != "" {
		return t
	}
	s := strings.ReplaceAll(stem(name), "-", " ")
	t := strings.ToUpper(s[:1]) + s[1:]
	c.res.Diags.Warnf(diag.Pos{File: c.display(name), Line: doc.first, Col: 1}, "no name: the title is %q, from the file name", t)
	return t
}

var documentFields = []string{"name", "acronym", "satisfies", "majorRevisions"}

func (c *converter) policy(name string, doc *yamlDoc, src string, bodyLine int) {
	shown := c.display(name)
	doc.unknown(documentFields, "policy", c.res.Diags)
	title := c.title(doc, name)
	id := c.id("POL-", stem(name))
	var fm frontMatter
	fm.comment("Imported from comply: %s%s.", name, acronymNote(doc, c.res.Diags))
	fm.set("id", id)
	fm.set("title", title)
	fm.comment("comply names no owner: set the role that owns this policy.")
	fm.set("owner", defaultOwner)
	fm.comment("comply records no approval in a policy: a draft until it is signed off;")
	fm.comment(`then status = "approved", approvers = ["…"] and effective = YYYY-MM-DD.`)
	fm.set("status", string(model.Draft))
	fm.set("review_cycle", "12 months")
	fm.comment("internal: the private site only. The owner decides what the trust center")
	fm.comment(`shows: "restricted" (the title) or "public" (the text).`)
	fm.set("visibility", string(model.Internal))
	c.revisions(&fm, doc)
	fm.criteria(c.criteria(doc), c.opts.Program.Config.Audit.Frameworks)
	c.add(Item{
		Kind: Policy, ID: id, Title: title, From: shown, Detail: "draft, internal",
		File: scaffold.File{Path: path.Join(compile.PoliciesDir, stem(name)+".md"), Data: fm.document(body(src, bodyLine, shown, c.res.Organization, c.res.Diags))},
	})
}

func (c *converter) procedure(name string, doc *yamlDoc, src string, bodyLine int) {
	shown := c.display(name)
	doc.unknown([]string{"id", "name", "cron", "satisfies", "majorRevisions"}, "procedure", c.res.Diags)
	title := c.title(doc, name)
	base := doc.str("id", c.res.Diags)
	if base == "" {
		base = stem(name)
	}
	id := c.id("CTL-", base)
	freq, detail := model.PerEvent, "per-event: comply gives it no schedule"
	if f, ok := doc.get("cron"); ok {
		spec := doc.str("cron", c.res.Diags)
		var read bool
		freq, read = Frequency(spec)
		detail = fmt.Sprintf("%s, from cron %q", freq, spec)
		if !read {
			c.res.Diags.Warnf(f.pos, "cron %q could not be read as a schedule: the control's frequency is %s; set the right one", spec, freq)
		}
	}
	kind := controlKind(title)
	var fm frontMatter
	fm.comment("Imported from comply: %s.", name)
	fm.set("id", id)
	fm.set("title", title)
	fm.comment("comply names no owner: set the role that carries this control out.")
	fm.set("owner", defaultOwner)
	fm.raw("policies = []")
	if freq == model.PerEvent {
		fm.comment("comply gives it no cron schedule: it runs when its event occurs.")
	} else {
		fm.comment("From comply's cron schedule %q.", doc.str("cron", c.res.Diags))
	}
	fm.set("frequency", string(freq))
	fm.comment("preventive, detective or corrective: guessed from the title; check it.")
	fm.set("kind", kind)
	fm.raw("automated = false")
	fm.set("summary", title)
	fm.comment("internal: the private site only, until the owner decides otherwise.")
	fm.set("visibility", string(model.Internal))
	c.revisions(&fm, doc)
	fm.criteria(c.criteria(doc), c.opts.Program.Config.Audit.Frameworks)
	text := strings.TrimRight(body(src, bodyLine, shown, c.res.Organization, c.res.Diags), "\n")
	text += "\n\n## Test procedure\n\n" +
		"> **To write:** how an auditor tests this control; comply's procedures have no test steps. Remove this note when done.\n\n" +
		"1. Obtain the record (for comply, the ticket) of every operation of the procedure during the period.\n" +
		"2. Select a sample and inspect each record for the steps above.\n" +
		"3. Confirm that exceptions were followed up and resolved.\n"
	c.add(Item{
		Kind: Control, ID: id, Title: title, From: shown, Detail: detail + ", " + kind + ", internal",
		File: scaffold.File{Path: path.Join(compile.ControlsDir, stem(name)+".md"), Data: fm.document(text)},
	})
}

func (c *converter) narrative(name string, doc *yamlDoc, src string, bodyLine int) {
	shown := c.display(name)
	doc.unknown(documentFields, "narrative", c.res.Diags)
	title := c.title(doc, name)
	acronym := doc.str("acronym", c.res.Diags)
	section, ok := Section(title, acronym, stem(name))
	detail := "chosen from its name"
	if !ok {
		detail = "its name does not tell"
		c.res.Diags.Warnf(diag.Pos{File: shown, Line: doc.first, Col: 1}, "which DC 200 point narrative %q describes is not clear from its name: it is under DC1; set section = \"DC1\" … \"DC9\" in its front matter", title)
	}
	if f, found := doc.get("satisfies"); found {
		c.res.Diags.Warnf(f.pos, "satisfies not converted for a narrative: a description section maps to no criteria; map the controls and policies it describes instead")
	}
	var fm frontMatter
	fm.comment("Imported from comply: %s%s.", name, acronymNote(doc, c.res.Diags))
	fm.set("title", title)
	fm.comment("The description criterion this file answers (DC1 … DC9 of DC 200): %s.", detail)
	fm.set("section", section)
	c.revisions(&fm, doc)
	c.add(Item{
		Kind: Description, ID: section, Title: title, From: shown, Detail: detail,
		File: scaffold.File{Path: path.Join(compile.DescriptionDir, stem(name)+".md"), Data: fm.document(body(src, bodyLine, shown, c.res.Organization, c.res.Diags))},
	})
}

const defaultOwner = "Head of Security"

func (c *converter) add(it Item) { c.res.Items = append(c.res.Items, it) }

func acronymNote(doc *yamlDoc, diags *diag.List) string {
	if a := doc.str("acronym", diags); a != "" {
		return " (acronym " + a + ")"
	}
	return ""
}

// revisions keeps comply's majorRevisions as comments: attest reads a
// document's revisions from git history.
func (c *converter) revisions(fm *frontMatter, doc *yamlDoc) {
	revs := doc.revisions(c.res.Diags)
	if len(revs) == 0 {
		return
	}
	f, _ := doc.get("majorRevisions")
	c.res.Diags.Warnf(f.pos, "majorRevisions kept as comments in the front matter: attest takes a document's revisions from git history")
	fm.comment("comply's majorRevisions (attest shows revisions from git history):")
	for _, r := range revs {
		fm.comment("  %s: %s", r.Date, r.Comment)
	}
}

// frontMatter writes TOML front matter line by line.
type frontMatter struct{ b strings.Builder }

func (f *frontMatter) comment(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	f.b.WriteString(strings.TrimRight("# "+strings.ReplaceAll(line, "\n", " "), " ") + "\n")
}

func (f *frontMatter) set(key, value string) {
	f.b.WriteString(key + " = " + scaffold.TOMLString(value) + "\n")
}

func (f *frontMatter) raw(line string) { f.b.WriteString(line + "\n") }

// criteria writes the [criteria] table, frameworks in scope first.
func (f *frontMatter) criteria(byFW map[string][]string, scope []string) {
	if len(byFW) == 0 {
		f.comment("comply maps it to no criteria attest knows: add a [criteria] table.")
		return
	}
	order := slices.Clone(scope)
	for fw := range byFW {
		if !slices.Contains(order, fw) {
			order = append(order, fw)
		}
	}
	slices.Sort(order[len(scope):])
	f.b.WriteString("[criteria]\n")
	for _, fw := range order {
		ids := byFW[fw]
		if len(ids) == 0 {
			continue
		}
		quoted := make([]string, len(ids))
		for i, id := range ids {
			quoted[i] = scaffold.TOMLString(id)
		}
		f.b.WriteString(fw + " = [" + strings.Join(quoted, ", ") + "]\n")
	}
}

// document is the front matter and body as one attest Markdown file.
func (f *frontMatter) document(body string) []byte {
	body = strings.TrimRight(body, "\n \t")
	return []byte("+++\n" + f.b.String() + "+++\n\n" + body + "\n")
}
