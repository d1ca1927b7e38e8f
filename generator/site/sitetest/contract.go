package sitetest

import (
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"
	"text/template/parse"
)

// Contract is what a theme's layouts are given: the params of each kind of
// page (.Params, a Go struct whose JSON names are the keys) and the site
// data (hugo.Data.attest). CheckContract holds the templates to it.
type Contract struct {
	// Layouts is the theme's layouts/ folder.
	Layouts fs.FS
	// Data is the type of the site data, a struct (or a pointer to one).
	Data reflect.Type
	// Kinds are the kinds of page the generator makes.
	Kinds []Kind
	// Partials names the partials a template calls by a name it computes
	// ({{ partial (printf "body/%s.html" $kind) . }}): for a page kind's
	// name, the partials such a call reaches. Nil when none does.
	Partials func(kind string) []string
	// Unreached lists the layouts no generated page renders (such as a
	// section layout for a program's own content), which are not checked.
	Unreached []string
	// GetPage names, for a template whose site.GetPage calls always return
	// a page of one kind, that kind ("_partials/body/matrix.html" →
	// "control"), so that what it reads of those pages is checked too.
	GetPage map[string]string
	// Added lists the keys the engine adds to every page's params besides
	// its struct's (memo_key, which site.Memos gives).
	Added []string
}

// Kind is a kind of generated page.
type Kind struct {
	Name   string       // how messages name it: "home", "control"
	Layout string       // its layout under Layouts: "home.html"
	Params reflect.Type // the type of its .Params (a struct or a pointer to one); nil for none
	Body   bool         // its pages have Markdown content, which the render hooks of _markup/ render
}

// CustomTag is the struct tag that marks a field no template of the theme
// reads, kept for a program's own layouts: theme:"custom". IndirectTag
// marks one the theme reads only of pages it cannot name the kind of (the
// pages of site.Pages), which the check cannot follow: theme:"indirect".
const (
	CustomTag   = "custom"
	IndirectTag = "indirect"
)

// CheckContract reads every template of c.Layouts a page of each kind
// renders — its layout within baseof.html, the partials it calls with what
// it gives them, the render hooks of a kind with a body — and follows each
// value a template reads from .Params and hugo.Data.attest: through with,
// range, variables, and dicts handed to partials. It reports, as
// "layouts/file:line:col: …", every read of a key the value's struct does
// not have; and every field of the contract's structs that no template
// reads, unless it is tagged theme:"custom" (or that one is read after
// all). A value the checker cannot follow (what a function returns, a
// page's own fields) is not checked.
func CheckContract(c Contract) []string {
	k := &checker{
		c:       c,
		files:   map[string]map[string]*parse.Tree{},
		reads:   map[fieldKey]string{},
		seen:    map[string]bool{},
		reached: map[string]bool{},
	}
	for _, kind := range c.Kinds {
		k.kind = kind
		page := &val{kind: vPage, t: kind.Params}
		k.layout(kind.Layout, page)
		if kind.Body {
			names, _ := fs.Glob(c.Layouts, "_markup/*.html")
			for _, name := range names {
				k.file(name, "", &val{kind: vHook, of: page})
			}
		}
	}
	k.unread()
	k.unreached()
	sort.Strings(k.problems)
	return slices.Compact(k.problems)
}

// ContractFields lists the fields of t (a struct, or a pointer to one) and
// of the structs they hold, in order, as theme authors read them: each with
// its key path from t ("summary.operating", "groups[].criteria[].id").
func ContractFields(t reflect.Type) []ContractField {
	var out []ContractField
	var walk func(t reflect.Type, prefix string, seen map[reflect.Type]bool)
	walk = func(t reflect.Type, prefix string, seen map[reflect.Type]bool) {
		t = structOf(t)
		if t == nil || seen[t] {
			return
		}
		seen[t] = true
		defer delete(seen, t)
		for _, f := range jsonFields(t) {
			key := prefix + f.key
			out = append(out, ContractField{Key: key, Owner: f.owner, Field: f.field, Custom: f.custom, Indirect: f.indirect})
			inner, suffix := keysBelow(f.field.Type)
			walk(inner, key+suffix, seen)
		}
	}
	walk(t, "", map[reflect.Type]bool{})
	return out
}

// ContractField is a field of a contract struct.
type ContractField struct {
	Key      string              // its key path: "summary.operating"
	Owner    reflect.Type        // the struct that declares it
	Field    reflect.StructField // the field
	Custom   bool                // tagged theme:"custom"
	Indirect bool                // tagged theme:"indirect"
}

type checker struct {
	c        Contract
	kind     Kind
	files    map[string]map[string]*parse.Tree // file → tree name → tree
	reads    map[fieldKey]string               // field → where a template first reads it
	seen     map[string]bool                   // file, tree and context already checked
	reached  map[string]bool                   // files checked
	problems []string
}

type fieldKey struct {
	owner reflect.Type
	key   string
}

type valKind int

const (
	vGo   valKind = iota // a Go value of type t
	vDict                // a dict made by a template
	vPage                // a page whose .Params are of type t
	vHook                // a render hook's context, whose .Page is of
)

// val is what the checker knows of a template value; nil is nothing.
type val struct {
	kind   valKind
	params bool // a page's .Params
	t      reflect.Type
	dict   map[string]*val
	of     *val
}

// key tells contexts apart for the checks already made.
func (v *val) key() string {
	if v == nil {
		return "?"
	}
	switch v.kind {
	case vDict:
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range v.dict {
				if !yield(k) {
					return
				}
			}
		})
		var b strings.Builder
		b.WriteString("dict{")
		for _, k := range keys {
			fmt.Fprintf(&b, "%s:%s,", k, v.dict[k].key())
		}
		return b.String() + "}"
	case vHook:
		return "hook(" + v.of.key() + ")"
	case vPage:
		return fmt.Sprintf("page(%v)", v.t)
	}
	return fmt.Sprint(v.t)
}

var emptyParams = reflect.TypeFor[struct{}]()

// layout checks a page of the kind: its layout inside baseof.html when the
// layout only defines blocks, as Hugo renders it.
func (k *checker) layout(name string, page *val) {
	trees := k.parse(name)
	if trees == nil {
		k.problem("%s: no such layout for page kind %s", name, k.kind.Name)
		return
	}
	if root := trees[name]; root != nil && !isEmpty(root.Root) {
		k.file(name, "", page)
		return
	}
	k.reached[name] = true
	k.file("baseof.html", "", page)
}

func isEmpty(l *parse.ListNode) bool {
	if l == nil {
		return true
	}
	for _, n := range l.Nodes {
		if t, ok := n.(*parse.TextNode); !ok || strings.TrimSpace(string(t.Text)) != "" {
			return false
		}
	}
	return true
}

// parse returns the trees of a template file by name ("" names none), the
// file's own under its name; nil when there is no such file.
func (k *checker) parse(name string) map[string]*parse.Tree {
	if trees, ok := k.files[name]; ok {
		return trees
	}
	data, err := fs.ReadFile(k.c.Layouts, name)
	if err != nil {
		k.files[name] = nil
		return nil
	}
	t := parse.New(name)
	t.Mode = parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := t.Parse(string(data), "{{", "}}", trees); err != nil {
		k.problem("%s: %v", name, err)
	}
	k.files[name] = trees
	return trees
}

// file checks the tree of a file ("" its own) with dot.
func (k *checker) file(name, tree string, dot *val) {
	trees := k.parse(name)
	if trees == nil {
		return
	}
	if tree == "" {
		tree = name
	}
	t := trees[tree]
	if t == nil {
		return
	}
	k.reached[name] = true
	// The kind matters for blocks: baseof.html's "main" is its layout's.
	seen := name + "\x00" + tree + "\x00" + dot.key() + "\x00" + k.kind.Name + "\x00" + k.kind.Layout
	if k.seen[seen] {
		return
	}
	k.seen[seen] = true
	s := &scope{vars: []variable{{"$", dot}}}
	k.list(t, t.Root, dot, s)
}

type variable struct {
	name string
	v    *val
}

type scope struct{ vars []variable }

func (s *scope) mark() int { return len(s.vars) }
func (s *scope) pop(n int) { s.vars = s.vars[:n] }
func (s *scope) get(name string) *val {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			return s.vars[i].v
		}
	}
	return nil
}
func (s *scope) set(name string, v *val) {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			if s.vars[i].v.key() != v.key() {
				s.vars[i].v = nil // it holds one or the other
			}
			return
		}
	}
}

func (k *checker) list(t *parse.Tree, l *parse.ListNode, dot *val, s *scope) {
	if l == nil {
		return
	}
	m := s.mark()
	defer s.pop(m)
	for _, n := range l.Nodes {
		k.node(t, n, dot, s)
	}
}

func (k *checker) node(t *parse.Tree, n parse.Node, dot *val, s *scope) {
	switch n := n.(type) {
	case *parse.ActionNode:
		k.pipe(t, n.Pipe, dot, s)
	case *parse.IfNode:
		m := s.mark()
		k.pipe(t, n.Pipe, dot, s)
		k.list(t, n.List, dot, s)
		k.list(t, n.ElseList, dot, s)
		s.pop(m)
	case *parse.WithNode:
		m := s.mark()
		v := k.pipe(t, n.Pipe, dot, s)
		k.list(t, n.List, v, s)
		k.list(t, n.ElseList, dot, s)
		s.pop(m)
	case *parse.RangeNode:
		m := s.mark()
		decl := n.Pipe.Decl
		elem := elemOf(k.value(t, n.Pipe, dot, s))
		switch len(decl) {
		case 1:
			s.vars = append(s.vars, variable{decl[0].Ident[0], elem})
		case 2:
			s.vars = append(s.vars, variable{decl[0].Ident[0], nil}, variable{decl[1].Ident[0], elem})
		}
		k.list(t, n.List, elem, s)
		k.list(t, n.ElseList, dot, s)
		s.pop(m)
	case *parse.TemplateNode:
		var v *val
		if n.Pipe != nil {
			v = k.pipe(t, n.Pipe, dot, s)
		}
		// A block of baseof.html is defined by the page's layout.
		if trees := k.parse(k.kind.Layout); trees != nil && trees[n.Name] != nil {
			k.file(k.kind.Layout, n.Name, v)
		} else {
			k.file(t.ParseName, n.Name, v)
		}
	case *parse.ListNode:
		k.list(t, n, dot, s)
	}
}

// pipe checks a pipeline's reads and returns its value, declaring or
// assigning its variables.
func (k *checker) pipe(t *parse.Tree, p *parse.PipeNode, dot *val, s *scope) *val {
	v := k.value(t, p, dot, s)
	if p == nil {
		return nil
	}
	for _, d := range p.Decl {
		if p.IsAssign {
			s.set(d.Ident[0], v)
		} else {
			s.vars = append(s.vars, variable{d.Ident[0], v})
		}
	}
	return v
}

// value checks a pipeline's reads and returns its value, leaving its
// variables alone.
func (k *checker) value(t *parse.Tree, p *parse.PipeNode, dot *val, s *scope) *val {
	if p == nil {
		return nil
	}
	var v *val
	for i, cmd := range p.Cmds {
		v = k.command(t, cmd, dot, s, i > 0)
	}
	return v
}

// command checks a command's reads and returns its value: a term's own, a
// dict's, and nothing for any other function.
func (k *checker) command(t *parse.Tree, cmd *parse.CommandNode, dot *val, s *scope, piped bool) *val {
	if len(cmd.Args) == 0 {
		return nil
	}
	if ch, ok := cmd.Args[0].(*parse.ChainNode); ok && len(ch.Field) == 1 && ch.Field[0] == "GetPage" {
		if id, ok := ch.Node.(*parse.IdentifierNode); ok && id.Ident == "site" {
			for _, a := range cmd.Args[1:] {
				k.term(t, a, dot, s)
			}
			if kind, ok := k.c.GetPage[t.ParseName]; ok {
				for _, other := range k.c.Kinds {
					if other.Name == kind {
						return &val{kind: vPage, t: other.Params}
					}
				}
				k.problem("%s: GetPage names kind %q, which the contract has not", t.ParseName, kind)
			}
			return nil
		}
	}
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
		args := make([]*val, len(cmd.Args))
		for i, a := range cmd.Args[1:] {
			args[i+1] = k.term(t, a, dot, s)
		}
		switch id.Ident {
		case "dict":
			d := &val{kind: vDict, dict: map[string]*val{}}
			for i := 1; i+1 < len(cmd.Args); i += 2 {
				if name, ok := cmd.Args[i].(*parse.StringNode); ok {
					d.dict[name.Text] = args[i+1]
				}
			}
			return d
		case "partial", "partialCached":
			if len(cmd.Args) < 2 {
				return nil
			}
			var ctx *val
			if len(cmd.Args) > 2 {
				ctx = args[2]
			}
			if name, ok := cmd.Args[1].(*parse.StringNode); ok {
				k.partial(name.Text, ctx)
			} else if k.c.Partials != nil {
				for _, name := range k.c.Partials(k.kind.Name) {
					k.partial(name, ctx)
				}
			}
		}
		return nil
	}
	var v *val
	for _, a := range cmd.Args {
		v = k.term(t, a, dot, s)
	}
	if len(cmd.Args) > 1 || piped {
		return nil // a method called with arguments
	}
	return v
}

func (k *checker) partial(name string, ctx *val) {
	if !strings.HasSuffix(name, ".html") {
		name += ".html"
	}
	k.file(path.Join("_partials", name), "", ctx)
}

// term checks an operand's reads and returns its value.
func (k *checker) term(t *parse.Tree, n parse.Node, dot *val, s *scope) *val {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return k.fields(t, n, dot, n.Ident)
	case *parse.VariableNode:
		return k.fields(t, n, s.get(n.Ident[0]), n.Ident[1:])
	case *parse.ChainNode:
		if id, ok := n.Node.(*parse.IdentifierNode); ok && (id.Ident == "hugo" || id.Ident == "site") {
			if len(n.Field) >= 2 && n.Field[0] == "Data" && n.Field[1] == "attest" && k.c.Data != nil {
				return k.fields(t, n, &val{kind: vGo, t: k.c.Data}, n.Field[2:])
			}
			return nil
		}
		return k.fields(t, n, k.term(t, n.Node, dot, s), n.Field)
	case *parse.PipeNode:
		return k.pipe(t, n, dot, s)
	case *parse.StringNode:
		return &val{kind: vGo, t: reflect.TypeFor[string]()}
	}
	return nil
}

// fields follows names from v, reporting a key v does not have.
func (k *checker) fields(t *parse.Tree, n parse.Node, v *val, names []string) *val {
	for _, name := range names {
		if v == nil {
			return nil
		}
		switch v.kind {
		case vDict:
			v = v.dict[name] // a partial's parameter left out is its to handle
		case vHook:
			if name != "Page" {
				return nil
			}
			v = v.of
		case vPage:
			switch name {
			case "Params":
				pt := v.t
				if pt == nil {
					pt = emptyParams
				}
				v = &val{kind: vGo, t: pt, params: true}
			case "Page":
			default:
				return nil // Hugo's own: .Title, .Content, …
			}
		case vGo:
			st := structOf(v.t)
			if st == nil {
				k.problem("%s: %s reads %s of %s, which has no keys", location(t, n), n, name, v.t)
				return nil
			}
			f, ok := lookup(st, name)
			if !ok && v.params && slices.Contains(k.c.Added, name) {
				return nil
			}
			if !ok {
				k.problem("%s: %s reads %q, which %s (%s) does not have: %s", location(t, n), n, name, st, k.kind.Name, keysOf(st))
				return nil
			}
			if _, ok := k.reads[fieldKey{f.owner, f.key}]; !ok {
				k.reads[fieldKey{f.owner, f.key}] = location(t, n)
			}
			v = &val{kind: vGo, t: f.field.Type}
		}
	}
	return v
}

func location(t *parse.Tree, n parse.Node) string {
	loc, _ := t.ErrorContext(n)
	return "layouts/" + loc
}

// elemOf is what range over v gives.
func elemOf(v *val) *val {
	if v == nil || v.kind != vGo {
		return nil
	}
	t := v.t
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		return &val{kind: vGo, t: t.Elem()}
	}
	return nil
}

func structOf(t reflect.Type) reflect.Type {
	if t == nil {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	return t
}

type jsonField struct {
	key      string
	owner    reflect.Type
	field    reflect.StructField
	custom   bool
	indirect bool
}

// jsonFields lists the keys t encodes to in order, embedded structs' in
// their place, as encoding/json does.
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		if f.Anonymous && tag == "" {
			if st := structOf(f.Type); st != nil {
				out = append(out, jsonFields(st)...)
				continue
			}
		}
		if tag == "" {
			tag = f.Name
		}
		out = append(out, jsonField{key: tag, owner: t, field: f, custom: f.Tag.Get("theme") == CustomTag, indirect: f.Tag.Get("theme") == IndirectTag})
	}
	return out
}

func lookup(t reflect.Type, key string) (jsonField, bool) {
	for _, f := range jsonFields(t) {
		if f.key == key {
			return f, true
		}
	}
	return jsonField{}, false
}

func keysOf(t reflect.Type) string {
	var keys []string
	for _, f := range jsonFields(t) {
		keys = append(keys, f.key)
	}
	return "its keys are " + strings.Join(keys, ", ")
}

// unread reports the fields no template reads that are not tagged custom,
// and those tagged custom that one does.
func (k *checker) unread() {
	roots := []reflect.Type{k.c.Data}
	for _, kind := range k.c.Kinds {
		roots = append(roots, kind.Params)
	}
	done := map[fieldKey]bool{}
	for _, root := range roots {
		if root == nil {
			continue
		}
		for _, f := range ContractFields(root) {
			fk := fieldKey{f.Owner, jsonKey(f.Field)}
			if done[fk] {
				continue
			}
			done[fk] = true
			where, read := k.reads[fk]
			switch {
			case !read && !f.Custom && !f.Indirect:
				k.problem("%s.%s (key %q) is read by no template of the theme: read it, remove it, or tag it theme:%q for a program's own layouts", f.Owner, f.Field.Name, fk.key, CustomTag)
			case read && f.Custom:
				k.problem("%s: reads %s.%s (key %q), which is tagged theme:%q: the theme reads it, so untag it", where, f.Owner, f.Field.Name, fk.key, CustomTag)
			}
		}
	}
}

func jsonKey(f reflect.StructField) string {
	tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if tag == "" {
		return f.Name
	}
	return tag
}

// unreached reports the layouts no page kind reaches that are not listed
// as such, and those listed that one reaches.
func (k *checker) unreached() {
	names, _ := fs.Glob(k.c.Layouts, "*.html")
	partials, _ := fs.Glob(k.c.Layouts, "_partials/*.html")
	deeper, _ := fs.Glob(k.c.Layouts, "_partials/*/*.html")
	names = append(append(names, partials...), deeper...)
	for _, name := range names {
		listed := slices.Contains(k.c.Unreached, name)
		switch {
		case !k.reached[name] && !listed:
			k.problem("layouts/%s: no page kind of the contract renders it, so its reads are not checked: give its page kind, or list it as unreached", name)
		case k.reached[name] && listed:
			k.problem("layouts/%s: listed as unreached, but a page kind renders it", name)
		}
	}
}

func (k *checker) problem(format string, args ...any) {
	k.problems = append(k.problems, fmt.Sprintf(format, args...))
}
