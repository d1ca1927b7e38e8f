package compile

import (
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/mdlink"
	"github.com/attest-dev/attest/generator/source"
)

// writtenLink is a link or image of a Markdown body, as written, with where.
type writtenLink struct {
	pos    diag.Pos
	dest   string
	image  bool
	target mdlink.Target
}

// bodyLinks is what one Markdown file says of links: the links and images
// it writes, the heading anchors others may link to, and the images it shows.
type bodyLinks struct {
	file    string
	links   []writtenLink
	anchors map[string]bool
	titles  []mdlink.Heading // level-1 headings, which the sites drop when they repeat the item's title
	images  []string         // repository-relative, sorted, unique
}

// scanLinks reads the links, images and heading anchors of md's body (doc
// is its parse) for checkLinks, which needs every file's.
func scanLinks(file string, md source.Markdown, doc ast.Node) *bodyLinks {
	bl := &bodyLinks{file: file, anchors: map[string]bool{}}
	for _, h := range mdlink.Headings(doc, md.Body) {
		bl.anchors[h.ID] = true
		if h.Level == 1 {
			bl.titles = append(bl.titles, h)
		}
	}
	refs := mdlink.Refs(doc, md.Body)
	cursor := md.Cursor()
	images := map[string]bool{}
	for _, r := range refs {
		if r.Reference {
			continue // its definition is checked
		}
		line, col := cursor.At(r.Offset)
		t := mdlink.Resolve(file, r.Dest)
		bl.links = append(bl.links, writtenLink{
			pos:    diag.Pos{File: file, Line: line, Col: col},
			dest:   r.Dest,
			image:  r.Kind == mdlink.Image,
			target: t,
		})
		if r.Kind == mdlink.Image && (t.Kind == mdlink.File || t.Kind == mdlink.Rooted) {
			images[t.Path] = true
		}
	}
	// An image through a definition ("![a][arch]") shows the definition's file.
	for _, r := range refs {
		if r.Kind == mdlink.Image && r.Reference {
			if t := mdlink.Resolve(file, r.Dest); t.Kind == mdlink.File || t.Kind == mdlink.Rooted {
				images[t.Path] = true
			}
		}
	}
	bl.images = slices.Sorted(maps.Keys(images))
	return bl
}

// checkLinks reports every link and image of the program's Markdown that
// leads nowhere: a file that does not exist (with the nearest name), a
// #fragment its target lacks, a path out of the repository; and warns of
// remote images, which the sites' Content-Security-Policy does not show
// (issue 13). External links and mailto: are not followed. It also gives
// each item the images its body shows.
func (c *compiler) checkLinks() {
	titles := map[string]string{} // source file → the item's title
	for _, p := range c.p.Policies {
		titles[p.File] = p.Title
	}
	for _, ctl := range c.p.Controls {
		titles[ctl.File] = ctl.Title
	}
	for _, s := range c.p.Description {
		titles[s.File] = s.Title
	}
	for _, pg := range c.p.TrustPages {
		titles[pg.File] = pg.Title
	}
	for _, u := range c.p.Updates {
		titles[u.File] = u.Title
	}
	anchors := map[string]map[string]bool{}
	shownAsTitle := map[string]map[string]bool{} // file → anchors of headings shown as the page's title
	for _, bl := range c.links {
		anchors[bl.file] = bl.anchors
		for _, h := range bl.titles {
			if mdlink.RepeatsTitle(h.Text, titles[bl.file]) {
				if shownAsTitle[bl.file] == nil {
					shownAsTitle[bl.file] = map[string]bool{}
				}
				shownAsTitle[bl.file][h.ID] = true
			}
		}
	}
	titleAnchor := func(l writtenLink, file, frag string) bool {
		if shownAsTitle[file][fragment(frag)] {
			c.diags.Errorf(l.pos, "link to %q: #%s is the heading that repeats the page's title, which the sites show as the title above the text, without that anchor: link to the page without it", clip(l.dest), frag)
			return true
		}
		return false
	}
	stat := map[string]fs.FileInfo{}
	exists := func(name string) (fs.FileInfo, bool) {
		if fi, ok := stat[name]; ok {
			return fi, fi != nil
		}
		fi, err := fs.Stat(c.fsys, name)
		if err != nil {
			fi = nil
		}
		stat[name] = fi
		return fi, fi != nil
	}
	for _, bl := range c.links {
		for _, l := range bl.links {
			what := "link to"
			if l.image {
				what = "image"
			}
			t := l.target
			switch t.Kind {
			case mdlink.Empty:
				continue
			case mdlink.External:
				if l.image {
					c.diags.Warnf(l.pos, "image %q will not show: the sites' Content-Security-Policy allows only images published with them; save the image in the repository, beside the page (img/…), and write its path", clip(l.dest))
				}
				continue
			case mdlink.Fragment:
				if titleAnchor(l, bl.file, t.Fragment) {
					continue
				}
				if !anchors[bl.file][fragment(t.Fragment)] {
					c.diags.Errorf(l.pos, "%s %q: this page has no heading with that anchor%s", what, clip(l.dest), nearAnchor(t.Fragment, anchors[bl.file]))
				}
				continue
			case mdlink.Outside:
				c.diags.Errorf(l.pos, "%s %q leads out of the repository: the sites publish only what is in it", what, clip(l.dest))
				continue
			}
			fi, ok := exists(t.Path)
			if !ok {
				if t.Kind == mdlink.Rooted && !l.image && !strings.HasSuffix(t.Path, ".md") && !underEvidence(t.Path) {
					continue // a path of the site ("/policies/"), not of the repository
				}
				c.diags.Errorf(l.pos, "%s %q: no such file%s", what, clip(l.dest), c.nearFile(bl.file, l.dest, t.Path))
				continue
			}
			switch {
			case fi.IsDir() && (l.image || underEvidence(t.Path)):
				c.diags.Errorf(l.pos, "%s %q names a folder: name a file in it", what, clip(l.dest))
				continue
			case l.image && !fi.Mode().IsRegular():
				c.diags.Errorf(l.pos, "image %q is not a regular file", clip(l.dest))
				continue
			}
			if t.Fragment != "" && !titleAnchor(l, t.Path, t.Fragment) {
				if a, ok := anchors[t.Path]; ok && !a[fragment(t.Fragment)] {
					c.diags.Errorf(l.pos, "%s %q: %s has no heading with that anchor%s", what, clip(l.dest), t.Path, nearAnchor(t.Fragment, a))
				}
			}
		}
	}
	images := map[string][]string{}
	for _, bl := range c.links {
		images[bl.file] = bl.images
	}
	for _, p := range c.p.Policies {
		p.Images = images[p.File]
	}
	for _, ctl := range c.p.Controls {
		ctl.Images = images[ctl.File]
	}
	for _, s := range c.p.Description {
		s.Images = images[s.File]
	}
	for _, pg := range c.p.TrustPages {
		pg.Images = images[pg.File]
	}
	for _, u := range c.p.Updates {
		u.Images = images[u.File]
	}
	c.checkAssets(images)
}

// checkAssets warns of files beside the policies, controls and description
// sections that no body shows as an image: the sites leave them out.
func (c *compiler) checkAssets(images map[string][]string) {
	shown := map[string]bool{}
	for _, list := range images {
		for _, name := range list {
			shown[name] = true
		}
	}
	for _, a := range c.assets {
		if !shown[a.name] {
			c.diags.Warnf(diag.Pos{File: a.name}, "ignored: %s holds .md files, and the images they show; no page shows this file as an image (![diagram](img/arch.png))", a.dir+"/")
		}
	}
}

// underEvidence reports whether a repository path is evidence/ or in it.
func underEvidence(name string) bool {
	return name == EvidenceFiles || strings.HasPrefix(name, EvidenceFiles+"/")
}

// asset is a file that is not Markdown in a folder of Markdown sources.
type asset struct{ dir, name string }

// fragment is an anchor as written, %-escapes undone.
func fragment(f string) string {
	if u, err := url.PathUnescape(f); err == nil {
		return u
	}
	return f
}

func nearAnchor(frag string, anchors map[string]bool) string {
	if near := source.Nearest(fragment(frag), slices.Sorted(maps.Keys(anchors))); near != "" {
		return fmt.Sprintf("; did you mean %q?", "#"+near)
	}
	if len(anchors) == 0 {
		return " (it has no headings)"
	}
	return ""
}

// nearFile suggests, for a link from file to a missing target, a file of
// the same name elsewhere among the program's sources and evidence, written
// relative to from; else the nearest name in the target's folder, written
// as the link was.
func (c *compiler) nearFile(from, dest, target string) string {
	dir, base := path.Dir(target), path.Base(target)
	var same []string
	for _, bl := range c.links {
		if path.Base(bl.file) == base {
			same = append(same, bl.file)
		}
	}
	for _, e := range c.p.Evidence {
		if e.File != "" && path.Base(e.File) == base {
			same = append(same, e.File)
		}
	}
	if len(same) > 0 {
		slices.Sort(same)
		return fmt.Sprintf("; did you mean %q?", relative(path.Dir(from), same[0]))
	}
	var names []string
	if entries, err := fs.ReadDir(c.fsys, dir); err == nil {
		for _, e := range entries {
			if !strings.HasPrefix(e.Name(), ".") {
				names = append(names, e.Name())
			}
		}
	}
	if near := source.Nearest(base, names); near != "" {
		p, frag, hasFrag := strings.Cut(dest, "#")
		if i := strings.LastIndexByte(p, '/'); i >= 0 {
			p = p[:i+1] + near
		} else {
			p = near
		}
		if hasFrag {
			p += "#" + frag
		}
		return fmt.Sprintf("; did you mean %q?", p)
	}
	return ""
}

// relative writes to, a repository path, relative to the folder dir.
func relative(dir, to string) string {
	if dir == "." {
		return to
	}
	from := strings.Split(dir, "/")
	parts := strings.Split(to, "/")
	i := 0
	for i < len(from) && i < len(parts)-1 && from[i] == parts[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(parts[i:], "/")
}
