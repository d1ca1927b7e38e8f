// Package catalog holds the framework catalogs — SOC 2, ISO 27001 and any a
// user adds — whose criteria controls and policies are mapped to.
package catalog

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/sitepath"
	"github.com/attest-dev/attest/generator/source"
)

//go:embed frameworks/*.toml
var builtin embed.FS

// Framework is one catalog: its criteria, grouped (SOC 2 categories, ISO themes).
type Framework struct {
	ID         string
	Name       string // short, e.g. "SOC 2"
	Title      string // long, e.g. "ISO/IEC 27001:2022 Annex A"
	GroupLabel string // what a group is called: "Category", "Theme"
	Groups     []Group
	Criteria   []*Criterion // in catalog order
	File       string

	byID map[string]*Criterion
}

// Group is a category of criteria (SOC 2 "Availability", ISO "People controls").
type Group struct {
	ID   string
	Name string
}

// Criterion is one requirement of a framework.
type Criterion struct {
	Framework  string
	ID         string
	Group      string
	Series     string // "CC6", "A.8"
	SeriesName string
	Title      string
	// Description is the criterion's full text, when the catalog gives it
	// (custom catalogs may; the built-in ones give titles only).
	Description string
	NewIn2022   bool
}

// Key identifies a criterion across frameworks: "soc2/CC6.1".
func (c *Criterion) Key() string { return c.Framework + "/" + c.ID }

// Criterion returns the criterion with the given id, or nil.
func (f *Framework) Criterion(id string) *Criterion { return f.byID[id] }

// Group returns the group with the given id.
func (f *Framework) Group(id string) (Group, bool) {
	for _, g := range f.Groups {
		if g.ID == id {
			return g, true
		}
	}
	return Group{}, false
}

// IDs returns every criterion id in catalog order.
func (f *Framework) IDs() []string {
	ids := make([]string, len(f.Criteria))
	for i, c := range f.Criteria {
		ids[i] = c.ID
	}
	return ids
}

// Nearest returns the criterion id closest to id, for "did you mean" hints.
func (f *Framework) Nearest(id string) string { return source.Nearest(id, f.IDs()) }

// Set is the catalogs available to a program, by id.
type Set map[string]*Framework

// IDs returns the framework ids, sorted.
func (s Set) IDs() []string {
	ids := make([]string, 0, len(s))
	for id := range s {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Load reads the built-in catalogs and then every frameworks/*.toml of
// user (which may be nil). A user catalog with a built-in id replaces it,
// with a warning at its id: a copy that lacks the built-in groups leaves
// nothing in scope, and the trust center then says "0 of 0".
func Load(user fs.FS, diags *diag.List) Set {
	set := Set{}
	loadDir(set, builtin, "frameworks", "", diags) // the embedded catalogs' own folder
	if user != nil {
		loadDir(set, user, layout.Frameworks, layout.Frameworks+"/", diags)
	}
	return set
}

func loadDir(set Set, fsys fs.FS, dir, display string, diags *diag.List) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return // no frameworks/ folder is the usual case
	}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".toml" {
			continue
		}
		name := display + e.Name()
		if display == "" {
			name = "(built-in) frameworks/" + e.Name()
		}
		src, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			diags.Errorf(diag.Pos{File: name}, "cannot read framework catalog: %v", err)
			continue
		}
		if f := parse(name, src, set, diags); f != nil {
			set[f.ID] = f
		}
	}
}

// parse reads one catalog; loaded holds the catalogs read before it.
func parse(file string, src []byte, loaded Set, diags *diag.List) *Framework {
	src, prob := source.Normalize(src)
	if prob != nil {
		diags.Errorf(diag.Pos{File: file, Line: prob.Line, Col: prob.Col}, "%s", prob.Message)
		return nil
	}
	doc := source.ParseTOML(file, src, 1, diags)
	if doc == nil {
		return nil
	}
	root := doc.Root()
	f := &Framework{
		ID:         root.String("id", true),
		Name:       root.String("name", true),
		Title:      root.String("title", false),
		GroupLabel: root.String("group_label", false),
		File:       file,
		byID:       map[string]*Criterion{},
	}
	if f.GroupLabel == "" {
		f.GroupLabel = "Group"
	}
	if f.ID == "" {
		f.ID = strings.TrimSuffix(path.Base(file), ".toml")
	}
	if prev := loaded[f.ID]; prev != nil && strings.HasPrefix(prev.File, "(built-in)") {
		groups := make([]string, len(prev.Groups))
		for i, g := range prev.Groups {
			groups[i] = g.ID
		}
		root.Warnf("id", "this catalog replaces the built-in %s catalog (%d criteria in groups %s): criteria, groups and [audit] soc2_categories are then read from this file; give it another id to keep both, or delete it to use the built-in one",
			prev.Name, len(prev.Criteria), strings.Join(groups, ", "))
	}
	if why := sitepath.ItemPageProblem(f.ID); why != "" {
		// The trust center publishes /frameworks/<id>/ and a badge, the
		// system description /matrix/<id>/.
		root.Errorf("id", "framework id %q %s", f.ID, why)
	}
	for _, g := range root.Tables("group") {
		grp := Group{ID: g.String("id", true), Name: g.String("name", true)}
		g.Done()
		f.Groups = append(f.Groups, grp)
	}
	for _, c := range root.Tables("criterion") {
		cr := &Criterion{
			Framework:   f.ID,
			ID:          c.String("id", true),
			Group:       c.String("group", true),
			Series:      c.String("series", false),
			SeriesName:  c.String("series_name", false),
			Title:       c.String("title", true),
			Description: strings.TrimSpace(c.String("description", false)),
			NewIn2022:   c.Bool("new_in_2022", false),
		}
		if cr.ID == "" {
			c.Done()
			continue
		}
		if _, dup := f.byID[cr.ID]; dup {
			c.Errorf("id", "duplicate criterion id %q", cr.ID)
		}
		if _, ok := f.Group(cr.Group); !ok && cr.Group != "" {
			gids := make([]string, len(f.Groups))
			for i, g := range f.Groups {
				gids[i] = g.ID
			}
			c.Errorf("group", "unknown group %q: declare it with [[group]] (known: %s)", cr.Group, strings.Join(gids, ", "))
		}
		c.Done()
		f.byID[cr.ID] = cr
		f.Criteria = append(f.Criteria, cr)
	}
	root.Done()
	if len(f.Criteria) == 0 {
		diags.Errorf(diag.Pos{File: file, Line: 1}, "framework %q has no [[criterion]] entries", f.ID)
	}
	return f
}

// GroupName returns the display name of a group id, or the id itself.
func (f *Framework) GroupName(id string) string {
	if g, ok := f.Group(id); ok {
		return g.Name
	}
	return id
}

// String returns the framework's name.
func (f *Framework) String() string {
	return fmt.Sprintf("%s (%s)", f.Name, english.Count(len(f.Criteria), "criterion", "criteria"))
}

// InGroups returns the criteria whose group is one of groups, in catalog order;
// nil groups means all.
func (f *Framework) InGroups(groups []string) []*Criterion {
	if groups == nil {
		return f.Criteria
	}
	var out []*Criterion
	for _, c := range f.Criteria {
		if slices.Contains(groups, c.Group) {
			out = append(out, c)
		}
	}
	return out
}
