package compile

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/attest-dev/attest/generator/catalog"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/sitepath"
	"github.com/attest-dev/attest/generator/source"
)

func (c *compiler) visibility(t *source.Table, def model.Visibility) model.Visibility {
	return model.Visibility(t.Enum("visibility", false, string(def), model.Visibilities...))
}

// criteria reads a [criteria] table: framework id → criterion ids. empty
// holds where a framework's list is given empty (soc2 = []).
func (c *compiler) criteria(u *unit, t *source.Table) (refs []model.CriterionRef, empty []diag.Pos) {
	if !t.Has("criteria") {
		return nil, nil
	}
	ct := t.Table("criteria")
	for _, fid := range c.p.Frameworks.IDs() {
		if !ct.Has(fid) {
			continue
		}
		f := c.p.Frameworks[fid]
		first := map[string]diag.Pos{}
		ids := ct.Strings(fid, false)
		if len(ids) == 0 {
			empty = append(empty, ct.Pos(fid))
		}
		for i, id := range ids {
			// "soc2:CC6.2" is how attest new -criteria names a criterion
			// of any framework; under its framework's key the id is
			// written alone, once, in one spelling.
			if fw, bare, ok := strings.Cut(id, ":"); ok && c.p.Frameworks[fw] != nil {
				if fw == fid {
					u.diags.Errorf(ct.ElemPos(fid, i), "write %q, not %q: the key %s already names the framework", bare, id, fid)
				} else {
					u.diags.Errorf(ct.ElemPos(fid, i), "%q is listed under %s: list %q under %s instead", id, fid, bare, fw)
				}
				continue
			}
			if f.Criterion(id) == nil {
				u.diags.Errorf(ct.ElemPos(fid, i), "%s", unknownCriterion(f, id))
				continue
			}
			// A repeat maps nothing more, and a criterion counted twice
			// for one control would be a control too many in its status.
			if at, seen := first[id]; seen {
				u.diags.Warnf(ct.ElemPos(fid, i), "%s %s is listed twice in [criteria] (first at line %d, column %d): remove this one", f.Name, id, at.Line, at.Col)
				continue
			}
			first[id] = ct.ElemPos(fid, i)
			refs = append(refs, model.CriterionRef{Framework: fid, ID: id})
		}
	}
	ct.Allow(c.p.Frameworks.IDs()...)
	ct.Done()
	return refs, empty
}

func unknownCriterion(f *catalog.Framework, id string) string {
	if near := f.Nearest(id); near != "" {
		return fmt.Sprintf("unknown %s criterion %q (did you mean %s?)", f.Name, id, near)
	}
	return fmt.Sprintf("unknown %s criterion %q: %s ids look like %s", f.Name, id, f.Name, f.Criteria[0].ID)
}

func (c *compiler) loadPolicy(u *unit, name string, doc *source.Doc, md source.Markdown) {
	t := doc.Root()
	p := &model.Policy{
		ID:         t.String("id", false),
		Title:      t.String("title", true),
		Owner:      t.String("owner", true),
		Approvers:  t.Strings("approvers", false),
		Status:     model.PolicyStatus(t.Enum("status", true, "draft", model.PolicyStatuses...)),
		Visibility: c.visibility(t, model.Restricted),
		Body:       string(md.Body),
		File:       name,
		Pos:        diag.Pos{File: name, Line: 1, Col: 1},
	}
	if p.ID == "" {
		p.ID = stem(name)
	}
	checkPageID(t, "policy", p.ID)
	p.Effective = date(t.Date("effective", p.Status == model.Approved))
	p.ReviewCycle = model.Cycle{Months: 12}
	if s := t.String("review_cycle", false); s != "" {
		cyc, err := model.ParseCycle(s)
		if err != nil {
			t.Errorf("review_cycle", "%v", err)
		} else {
			p.ReviewCycle = cyc
		}
	}
	if p.Status == model.Approved && len(p.Approvers) == 0 {
		t.Errorf("status", "policy %s is approved but names no approvers: add approvers = [\"…\"]", p.ID)
	}
	p.Criteria, _ = c.criteria(u, t)
	t.Done()
	u.add(func(prog *model.Program) { prog.Policies = append(prog.Policies, p) })
}

func (c *compiler) loadControl(u *unit, name string, doc *source.Doc, md source.Markdown, parsed ast.Node) {
	t := doc.Root()
	ctl := &model.Control{
		ID:         t.String("id", false),
		Title:      t.String("title", true),
		Owner:      t.String("owner", true),
		PolicyIDs:  t.Strings("policies", false),
		Frequency:  model.Frequency(t.Enum("frequency", true, "", model.Frequencies...)),
		Kind:       model.ControlKind(t.Enum("kind", true, "", model.ControlKinds...)),
		Automated:  t.Bool("automated", false),
		Summary:    t.String("summary", true),
		Visibility: c.visibility(t, model.Restricted),
		File:       name,
		Pos:        diag.Pos{File: name, Line: 1, Col: 1},
	}
	if ctl.ID == "" {
		ctl.ID = stem(name)
	}
	checkPageID(t, "control", ctl.ID)
	u.refs(t, "policies", refPolicy, ctl.PolicyIDs, "control "+ctl.ID)
	var empty []diag.Pos
	ctl.Criteria, empty = c.criteria(u, t)
	switch {
	case len(ctl.Criteria) > 0:
	case !t.Has("criteria"):
		u.diags.Warnf(ctl.Pos, "control %s maps to no criteria: add a [criteria] table", ctl.ID)
	case len(empty) > 0:
		u.diags.Warnf(empty[0], "control %s maps to no criteria: its [criteria] list is empty: add the ids of the criteria it meets", ctl.ID)
	default:
		// What a file yields is cached by its bytes and the catalogs
		// (Cache), so the text names nothing from config.toml.
		u.diags.Warnf(ctl.Pos, "control %s maps to no criteria: no id in its [criteria] table names a criterion (each is reported below)", ctl.ID)
	}
	t.Done()
	narrative, test, found := splitTestProcedure(md.Body, parsed)
	ctl.Narrative, ctl.TestProcedure = narrative, test
	if !found {
		u.diags.Errorf(diag.Pos{File: name, Line: md.BodyLine, Col: 1}, "control %s has no \"## Test procedure\" section: add one with the steps an auditor follows to test it", ctl.ID)
	} else if strings.TrimSpace(test) == "" {
		u.diags.Errorf(diag.Pos{File: name, Line: md.BodyLine, Col: 1}, "control %s: the \"## Test procedure\" section is empty: list the steps an auditor follows", ctl.ID)
	}
	u.add(func(prog *model.Program) { prog.Controls = append(prog.Controls, ctl) })
}

// splitTestProcedure finds the level-2 heading "Test procedure" in doc, the
// body parsed once for every check (mdlink.Parse, as the sites read it: a
// heading inside a code block, a setext heading and "{#id}" attributes are
// read as Markdown reads them) and splits the body around its section.
func splitTestProcedure(body []byte, doc ast.Node) (narrative, test string, found bool) {
	start, end, next := -1, -1, len(body)
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok {
			continue
		}
		if start >= 0 {
			if h.Level <= 2 {
				next = lineStart(body, headingStart(h))
				break
			}
			continue
		}
		if h.Level == 2 && strings.EqualFold(strings.TrimSpace(headingText(h, body)), "test procedure") {
			start = lineStart(body, headingStart(h))
			end = lineEnd(body, headingStop(h))
		}
	}
	if start < 0 {
		return string(body), "", false
	}
	narrative = strings.TrimLeft(string(bytes.TrimRight(body[:start], "\n ")), "\n") + "\n"
	if next < end {
		next = end
	}
	test = strings.TrimSpace(string(body[end:next])) + "\n"
	if next < len(body) {
		narrative += "\n" + string(body[next:])
	}
	return narrative, test, true
}

func headingText(h *ast.Heading, src []byte) string {
	var b strings.Builder
	for i := 0; i < h.Lines().Len(); i++ {
		seg := h.Lines().At(i)
		b.Write(seg.Value(src))
	}
	return b.String()
}

func headingStart(h *ast.Heading) int {
	if h.Lines().Len() == 0 {
		return 0
	}
	return h.Lines().At(0).Start
}

func headingStop(h *ast.Heading) int {
	if h.Lines().Len() == 0 {
		return 0
	}
	return h.Lines().At(h.Lines().Len() - 1).Stop
}

func lineStart(src []byte, i int) int {
	if i > len(src) {
		i = len(src)
	}
	return bytes.LastIndexByte(src[:i], '\n') + 1
}

// lineEnd returns the offset after the newline ending the line at i; for a
// setext heading the underline is the next line, so skip it too.
func lineEnd(src []byte, i int) int {
	j := bytes.IndexByte(src[i:], '\n')
	if j < 0 {
		return len(src)
	}
	e := i + j + 1
	rest := src[e:]
	if k := bytes.IndexByte(rest, '\n'); k >= 0 {
		line := strings.TrimSpace(string(rest[:k]))
		if line != "" && strings.Trim(line, "-") == "" {
			return e + k + 1
		}
	}
	return e
}

var dcSections = []string{"DC1", "DC2", "DC3", "DC4", "DC5", "DC6", "DC7", "DC8", "DC9"}

func (c *compiler) loadSection(u *unit, name string, doc *source.Doc, md source.Markdown) {
	t := doc.Root()
	s := &model.Section{
		Title:   t.String("title", true),
		Section: t.Enum("section", true, "", dcSections...),
		Weight:  t.Int("weight", false, -1000, 1000),
		Body:    string(md.Body),
		File:    name,
	}
	t.Done()
	u.add(func(p *model.Program) { p.Description = append(p.Description, s) })
}

// checkPageID refuses an id whose page the build could not publish (a dot
// file the site builder skips, or a name Hugo takes for the section's own
// page), so that check fails where the build would (issue 11).
func checkPageID(t *source.Table, kind, id string) {
	if why := sitepath.ItemPageProblem(id); why != "" {
		t.Errorf("id", "%s id %q %s", kind, id, why)
	}
}

func (c *compiler) loadTrustPage(u *unit, name string, doc *source.Doc, md source.Markdown) {
	t := doc.Root()
	pg := &model.Page{
		Slug:       stem(name),
		Title:      t.String("title", true),
		Weight:     t.Int("weight", false, -1000, 1000),
		Visibility: c.visibility(t, model.Public),
		Body:       string(md.Body),
		File:       name,
	}
	if pg.Visibility == model.Restricted {
		t.Errorf("visibility", "a trust page is public or internal; restricted has no meaning for a page")
	}
	if sitepath.TrustRootTaken(pg.Slug) {
		slug := sitepath.Slug(pg.Slug)
		what := "the trust center's own " + slug
		if strings.HasPrefix(slug, ".") {
			what = "nothing: a name starting with a dot is a hidden file the site builder skips"
		}
		u.diags.Errorf(diag.Pos{File: name, Line: 1, Col: 1}, "trust page %q would be published at /%s/, which is taken by %s: rename the file (the trust center's own names are %s)", pg.Slug, slug, what, strings.Join(sitepath.TrustRoot, ", "))
	}
	t.Done()
	u.add(func(p *model.Program) { p.TrustPages = append(p.TrustPages, pg) })
}

func (c *compiler) loadUpdate(u *unit, name string, doc *source.Doc, md source.Markdown) {
	t := doc.Root()
	up := &model.Update{
		Slug:       stem(name),
		Title:      t.String("title", true),
		Date:       date(t.Date("date", true)),
		Visibility: c.visibility(t, model.Public),
		Body:       string(md.Body),
		File:       name,
	}
	if sitepath.Hidden(up.Slug) {
		u.diags.Errorf(diag.Pos{File: name, Line: 1, Col: 1}, "update %q would be published as /updates/%s/, a hidden folder the site builder skips: start the file name with a letter or digit", up.Slug, sitepath.Slug(up.Slug))
	}
	if up.Visibility == model.Restricted {
		t.Errorf("visibility", "an update is public or internal; restricted has no meaning for an update")
	}
	t.Done()
	u.add(func(p *model.Program) { p.Updates = append(p.Updates, up) })
}
