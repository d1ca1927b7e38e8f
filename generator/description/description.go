// Package description turns a compiled program and its derived status into
// the page set of the private SOC 2 system description: the DC 200 points,
// the control matrix, policies, controls, registers, the ISO 27001
// statement of applicability, coverage and gaps, a print view and search.
package description

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
)

// Theme is the name of the embedded Hugo theme the pages are written for.
const Theme = "system-description"

// Options carries what a build knows beyond the model and its status.
type Options struct {
	// Commit is the full hash of the commit the program was read from; ""
	// when the program is not in a git repository.
	Commit string
	// CommitTime is the committer time of Commit, shown in every page's footer
	// (never the wall-clock time, so the same commit gives the same output).
	CommitTime time.Time
	// Draft says the working tree had uncommitted changes: every page says so.
	Draft bool

	// History says the git history of the audit period was examined; Changes
	// then holds the significant changes found in it (DC9), as
	// changes.Significant found them (gather.Changes). Without history DC9
	// says so instead of listing anything: changes are never made up.
	History bool
	Changes []Change

	// Revisions, when set, gives every policy and control page its revision
	// table: by source file, each commit that changed the file, newest
	// first, as the gather step read them (gather.Revisions). Nil: the
	// program's git history was not read, and no page has a table.
	Revisions map[string][]Revision

	// Versions are the versions of the description one build makes — the
	// latest and one per tag — each in its own folder of the output;
	// Version is the Dir of this one. Every page then carries a switcher
	// with relative links to the home page of the others. Nil: no switcher.
	Versions []Version
	Version  string

	// Cache, shared by the versions of one build and serve's rebuilds, keeps
	// highlighted evidence snippets and diffs for the next; nil keeps nothing.
	Cache *Cache

	// Preview leaves out what joins the whole site into one page, so that a
	// rebuild after an edit stays quick (attest serve): the print view is
	// left empty and says that attest build makes it, and the search index
	// is made in Go, as a file, rather than by a page looping over the site.
	Preview bool

	// Files are the evidence files and images of the program, by path, as
	// the gather step read them (gather.Files): copied into the site under
	// the same paths, evidence highlighted under its row. Nil copies nothing
	// and leaves evidence rows without a file link; an evidence file the
	// map does not hold could not be read, and its row says so.
	Files map[string]*File

	// UserDir, Out and RawHTML are passed through to site.Spec.
	UserDir string
	Out     string
	RawHTML bool
}

// Version is one version of the description in a versioned output.
type Version struct {
	Name   string // "latest" or the tag
	Dir    string // its folder, relative to the output's root, with slashes: "latest", "audit/2026"
	Commit string // full hash; "" outside git
	Date   string // YYYY-MM-DD of the commit (or tag)
}

// versionData is the switcher's data: every version's link from the site's
// root, up and out of this version's folder.
func (b *builder) versionData() *Versions {
	if len(b.opts.Versions) == 0 {
		return nil
	}
	up := strings.Repeat("../", strings.Count(strings.Trim(b.opts.Version, "/"), "/")+1)
	vs := &Versions{Index: up + "index.html"}
	for _, v := range b.opts.Versions {
		if v.Dir == b.opts.Version {
			vs.Current = v.Name
		}
		vs.List = append(vs.List, VersionLink{
			Name: v.Name, Href: up + v.Dir + "/index.html", Date: v.Date,
			CommitShort: shortID(v.Commit), Current: v.Dir == b.opts.Version,
		})
	}
	return vs
}

// Spec returns the private site for p as evaluated in r. The result holds
// every page with its params (the theme only lays them out), the site data
// (build info, navigation) and copies of the evidence files.
func Spec(p *model.Program, r *status.Report, opts Options) site.Spec {
	b := newBuilder(p, r, opts)
	b.build()
	title := "System description"
	if name := p.Config.Organization.Name; name != "" {
		title = name + " — " + title
	}
	data := b.data()
	if opts.Preview {
		b.files[searchIndexFile] = b.searchIndex()
	}
	spec := site.Spec{
		Theme:   Theme,
		Title:   title,
		Pages:   b.pages,
		Data:    data,
		Files:   b.files,
		RawHTML: opts.RawHTML,
		UserDir: opts.UserDir,
		Out:     opts.Out,
	}
	// What the bodies the theme lays out once (body.html,
	// body/matrix.html) read besides their page: Markdown links resolve
	// through sources and files, revision tables show with revisions. The
	// versions of a build share them, and so do the rebuilds of a preview
	// (attest serve), which lay out again only the bodies of pages changed.
	spec.MemoSalt = memoSalt(data.Sources, data.Files, data.Revisions)
	return spec
}

// memoSalt hashes what the bodies read besides their page: each source with
// its page's ref, each copied file, and whether pages carry revision tables.
// Keys are sorted, so the same values always hash the same; every string is
// written with its length, so no two different inputs are written the same.
// Written by hand rather than as JSON: encoding/json sorts map keys through
// reflection, ~12 ms of every serve rebuild on the large program (20,000
// files), where this takes a fraction of it.
func memoSalt(sources map[string]string, files map[string]bool, revisions bool) string {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	str := func(s string) {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		io.WriteString(h, s)
	}
	str("sources")
	for _, k := range slices.Sorted(maps.Keys(sources)) {
		str(k)
		str(sources[k])
	}
	str("files")
	for _, k := range slices.Sorted(maps.Keys(files)) {
		str(k)
		str(strconv.FormatBool(files[k]))
	}
	str("revisions")
	str(strconv.FormatBool(revisions))
	return hex.EncodeToString(h.Sum(nil))
}

// builder accumulates the pages of one Spec call.
type builder struct {
	p    *model.Program
	r    *status.Report
	opts Options

	pages []site.Page
	files map[string][]byte
	print []string // page refs in print-view order

	controlRef map[string]string // control id → page ref ("/controls/ctl-mfa")
	policyRef  map[string]string
	slugs      map[string]bool // refs taken, to keep ids that differ only in case apart
	iso        bool            // iso27001 is in scope
	actionList []ActionRow     // actionRows, once computed
	evidence   map[string]*evidenceFile
	fp         fingerprint // reused by controlKey
}

func newBuilder(p *model.Program, r *status.Report, opts Options) *builder {
	b := &builder{
		p: p, r: r, opts: opts,
		files:      map[string][]byte{},
		controlRef: map[string]string{},
		policyRef:  map[string]string{},
		slugs:      map[string]bool{},
	}
	for _, sc := range p.Scopes() {
		if sc.Framework.ID == "iso27001" {
			b.iso = true
		}
	}
	for _, pol := range p.Policies {
		b.policyRef[pol.ID] = b.uniqueRef("policies", pol.ID)
	}
	for _, c := range p.Controls {
		b.controlRef[c.ID] = b.uniqueRef("controls", c.ID)
	}
	return b
}

func (b *builder) build() {
	b.loadEvidence()
	b.copyImages()
	b.overview()
	b.sections()
	b.matrices()
	if b.iso {
		b.soa()
	}
	b.policies()
	b.controls()
	b.registers()
	b.coverage()
	b.gaps()
	b.printView()
	b.searchPage()
	b.revisionFiles()
}

// Page kinds: each selects the theme partial "body/<kind>.html".
const (
	kindOverview      = "overview"
	kindDescription   = "description"
	kindSection       = "section"
	kindMatrixIndex   = "matrix-index"
	kindMatrix        = "matrix"
	kindSoA           = "soa"
	kindPolicyIndex   = "policy-index"
	kindPolicy        = "policy"
	kindControlIndex  = "control-index"
	kindControl       = "control"
	kindRegisterIndex = "register-index"
	kindRisks         = "risks"
	kindVendors       = "vendors"
	kindSubprocessors = "subprocessors"
	kindAssets        = "assets"
	kindIncidents     = "incidents"
	kindCoverage      = "coverage"
	kindGaps          = "gaps"
	kindPrint         = "print"
	kindSearch        = "search"
)

// add appends a page. ref is the page's Hugo path ("/" for home,
// "/controls" for a section, "/controls/ctl-mfa" for a page); params get the
// Common keys every template relies on (their Search is the caller's).
// Pages with inPrint join the print view.
func (b *builder) add(ref, kind, title string, weight int, body string, params pageParams, inPrint bool) {
	c := params.common()
	c.PageKind = kind
	c.Anchor = anchorOf(ref)
	c.URL = strings.TrimSuffix(pageURL(ref), "index.html")
	b.pages = append(b.pages, site.Page{
		Path:   contentPath(ref, kind),
		Title:  title,
		Weight: weight,
		Params: params,
		Body:   body,
	})
	if inPrint {
		b.print = append(b.print, ref)
	}
}

// contentPath maps a page ref to its content file: sections (the refs that
// other pages live under) are _index.md files.
func contentPath(ref, kind string) string {
	if ref == "/" {
		return "_index.md"
	}
	switch kind {
	case kindDescription, kindMatrixIndex, kindPolicyIndex, kindControlIndex, kindRegisterIndex:
		return strings.TrimPrefix(ref, "/") + "/_index.md"
	}
	return strings.TrimPrefix(ref, "/") + ".md"
}

// anchorOf is the id a page's block carries in the print view, and the
// prefix of every id inside it, so that ids stay unique when pages are joined.
func anchorOf(ref string) string {
	if ref == "/" {
		return "overview"
	}
	return strings.ReplaceAll(strings.Trim(ref, "/"), "/", "-")
}

// uniqueRef returns the page ref for an item id under section, keeping
// apart ids that only differ in case or punctuation.
func (b *builder) uniqueRef(section, id string) string {
	base := "/" + section + "/" + site.Slug(id)
	ref := base
	for n := 2; b.slugs[ref]; n++ {
		ref = base + "-" + itoa(n)
	}
	b.slugs[ref] = true
	return ref
}

// data is the site-wide data, hugo.Data.attest in templates.
func (b *builder) data() *SiteData {
	cfg := b.p.Config
	build := BuildData{Commit: b.opts.Commit, CommitShort: shortID(b.opts.Commit), Draft: b.opts.Draft}
	if !b.opts.CommitTime.IsZero() {
		build.CommitTime = b.opts.CommitTime.UTC().Format("2006-01-02 15:04 UTC")
		build.CommitInstant = b.opts.CommitTime.UTC().Format(time.RFC3339)
	}
	return &SiteData{
		Build:     build,
		Revisions: b.opts.Revisions != nil,
		Versions:  b.versionData(),
		Org: Org{
			Name:            cfg.Organization.Name,
			Website:         cfg.Organization.Website,
			SecurityContact: cfg.Organization.SecurityContact,
		},
		Audit: b.auditData(),
		Nav:   b.nav(),
		// The banner's links, made here rather than looked up, for every
		// page carries them: a page that looks another up is rendered
		// again whenever that one changes.
		Links:   SiteLinks{Home: pageURL("/"), Search: pageURL("/search")},
		Sources: b.sources(),
		Files:   b.copied(),
	}
}

func (b *builder) auditData() AuditData {
	a := b.p.Config.Audit
	var fws []string
	for _, sc := range b.p.Scopes() {
		fws = append(fws, sc.Framework.Name)
	}
	kind := "Type 2"
	period := a.PeriodStart.String() + " to " + a.PeriodEnd.String()
	if a.ReportType == 1 {
		kind, period = "Type 1", "as of "+a.AsOf.String()
	}
	return AuditData{
		ReportType: kind,
		Period:     period,
		Evaluated:  b.r.Evaluated.String(),
		Auditor:    a.Auditor,
		Frameworks: fws,
		Categories: strings.Join(groupNames(b.p), ", "),
	}
}

// groupNames returns the names of the SOC 2 categories in scope.
func groupNames(p *model.Program) []string {
	var out []string
	for _, sc := range p.Scopes() {
		for _, g := range sc.Groups {
			out = append(out, sc.Framework.GroupName(g))
		}
	}
	return out
}

// nav is the sidebar: groups of links to pages, resolved here, for every
// page has the sidebar: it looks no page up.
func (b *builder) nav() []NavGroup {
	item := func(ref, label string) NavItem { return NavItem{Label: label, Link: newLink(ref, "")} }
	desc := []NavItem{item("/description", "Overview")}
	for _, dc := range dcPoints {
		desc = append(desc, item(dcRef(dc.id), dc.id+" "+b.sectionTitle(dc)))
	}
	matrix := []NavItem{item("/matrix", "Control matrix")}
	for _, sc := range b.p.Scopes() {
		matrix = append(matrix, item(matrixRef(sc.Framework.ID), sc.Framework.Name+" matrix"))
	}
	if b.iso {
		matrix = append(matrix, item("/soa", "Statement of Applicability"))
	}
	matrix = append(matrix, item("/policies", "Policies"), item("/controls", "Controls"))
	return []NavGroup{
		{Label: "Status", Items: []NavItem{
			item("/", "Readiness overview"), item("/coverage", "Coverage"), item("/gaps", "Gaps"),
		}},
		{Label: "System description", Items: desc},
		{Label: "Criteria and controls", Items: matrix},
		{Label: "Registers", Items: []NavItem{
			item("/registers", "All registers"),
			item("/registers/risks", "Risks"), item("/registers/vendors", "Vendors"),
			item("/registers/subprocessors", "Subprocessors"), item("/registers/assets", "Assets"),
			item("/registers/incidents", "Incidents"),
		}},
		{Label: "Tools", Items: []NavItem{
			item("/print", "Print view"), item("/search", "Search"),
		}},
	}
}

// sources maps each source file of a page to the page, so that Markdown
// links written between the program's files lead to the pages made of them.
func (b *builder) sources() map[string]string {
	out := map[string]string{}
	for _, pol := range b.p.Policies {
		out[pol.File] = b.policyRef[pol.ID]
	}
	for _, c := range b.p.Controls {
		out[c.File] = b.controlRef[c.ID]
	}
	for _, s := range b.p.Description {
		out[s.File] = dcRef(s.Section)
	}
	return out
}

// copyImages copies the images the program's bodies show (model Images)
// into the site under the same paths, where the theme's render-image hook
// finds them. The compiler reports a missing one; it is left out here.
func (b *builder) copyImages() {
	for _, name := range Images(b.p) {
		if _, done := b.files[name]; done {
			continue
		}
		if f := b.opts.Files[name]; f != nil {
			b.files[name] = f.Data
		}
	}
}

// Images names the images the program's bodies show, in the order of the
// policies, controls and sections: the files besides evidence the
// description copies (the gather step reads them).
func Images(p *model.Program) []string {
	var names []string
	for _, pol := range p.Policies {
		names = append(names, pol.Images...)
	}
	for _, c := range p.Controls {
		names = append(names, c.Images...)
	}
	for _, s := range p.Description {
		names = append(names, s.Images...)
	}
	return names
}

// shortID is how attest shows a commit id: gitfs.ShortID's rule, its first
// twelve digits (this package reads no git; a test holds the two together).
func shortID(id string) string { return id[:min(12, len(id))] }

// copied marks the files copied into the site: evidence and images.
func (b *builder) copied() map[string]bool {
	out := make(map[string]bool, len(b.files))
	for name := range b.files {
		out[name] = true
	}
	return out
}
