// Package sitetest checks built sites the way a visitor meets them: every
// internal link and #anchor resolves, from a folder on disk as from a host,
// and pages load in a real headless Chromium without console errors, at a
// phone's width without sideways scrolling, and pass axe-core's WCAG rules.
package sitetest

import (
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// Links checks every link of every HTML page under dir: href and src
// attributes that stay on the site must be relative, name a file (not a
// folder, which a browser cannot open from disk) that exists, and, with a
// #fragment, an element with that id in the target page. It returns the
// problems found, sorted, as "page: link: problem".
func Links(dir string) ([]string, error) {
	pages := map[string]*page{} // by slash path relative to dir
	err := filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".html") {
			return err
		}
		rel, _ := filepath.Rel(dir, name)
		p, err := parsePage(name)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		pages[filepath.ToSlash(rel)] = p
		return nil
	})
	if err != nil {
		return nil, err
	}
	var problems []string
	for _, name := range slices.Sorted(maps.Keys(pages)) {
		for _, link := range pages[name].links {
			if why := check(dir, name, link, pages); why != "" {
				problems = append(problems, fmt.Sprintf("%s: %s: %s", name, link, why))
			}
		}
	}
	slices.Sort(problems)
	return problems, nil
}

type page struct {
	ids   map[string]bool
	links []string
}

func parsePage(name string) (*page, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		return nil, err
	}
	p := &page{ids: map[string]bool{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch a.Key {
				case "id":
					p.ids[a.Val] = true
				case "name":
					if n.Data == "a" {
						p.ids[a.Val] = true
					}
				case "href", "src":
					if n.Data != "base" {
						p.links = append(p.links, a.Val)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return p, nil
}

// check returns why link, found on page from, does not resolve, or "".
func check(dir, from, link string, pages map[string]*page) string {
	u, err := url.Parse(link)
	if err != nil {
		return "not a URL"
	}
	if u.Scheme != "" || u.Host != "" {
		return "" // another site, mailto:, tel:
	}
	target := from
	switch {
	case from == "404.html" && strings.HasPrefix(u.Path, "/"):
		// A server sends the 404 page for a missing address at any depth:
		// its links start at the site's root.
		target = path.Clean(strings.TrimPrefix(u.Path, "/"))
		if strings.HasSuffix(u.Path, "/") {
			target += "/"
		}
	case strings.HasPrefix(u.Path, "/"):
		return "starts with /: links must be relative so the site works from any folder"
	case u.Path != "":
		target = path.Join(path.Dir(from), u.Path)
		if strings.HasPrefix(target, "../") || target == ".." {
			return "leads outside the site"
		}
	}
	fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(target)))
	switch {
	case err != nil:
		return "no such file"
	case fi.IsDir():
		return "links to a folder: link to its index.html, which also opens from disk"
	}
	if u.Fragment == "" {
		return ""
	}
	p := pages[target]
	if p == nil {
		return "has a #fragment but is not an HTML page"
	}
	frag, _ := url.PathUnescape(u.Fragment)
	if !p.ids[frag] {
		return fmt.Sprintf("%s has no element with id %q", target, frag)
	}
	return ""
}
