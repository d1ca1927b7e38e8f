package description

import (
	"sync"

	"github.com/attest-dev/attest/generator/textdiff"
)

// Cache keeps work that does not change between builds of the same files:
// evidence snippets highlighted once per blob, revision diffs highlighted
// once per content, control pages. The versions of one attest build share
// one, so a tag pays only for what it changed. Safe for concurrent use; the
// zero value is ready.
type Cache struct {
	mu       sync.Mutex
	snippets map[string]evidenceFile // by git blob id and lexer (snippetKey)
	diffs    map[string]string       // highlighted diffs, by Revision.DiffID
	pages    map[string]cachedPage   // control pages, by page ref
	excs     map[string]excerpt      // the search index's excerpts of the last preview, by page URL
}

// excerpt is the search index's text of a page whose Markdown is md.
type excerpt struct{ md, text string }

// excerpts returns the excerpts the last preview's search index kept; nil
// without a cache.
func (c *Cache) excerpts() map[string]excerpt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.excs
}

// putExcerpts keeps the excerpts of this preview's pages, and only those.
func (c *Cache) putExcerpts(m map[string]excerpt) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.excs = m
}

// snippetKey is what the snippet of the file name, with blob id id, is
// remembered by: the id of its bytes — so that the work tree's files and
// the same files in tags share one highlight — and the lexer its name
// selects (the same bytes under another name may be another language).
func snippetKey(name, id string) string { return id + ":" + lexerFor(name) }

func (c *Cache) snippet(key string) (evidenceFile, bool) {
	if c == nil {
		return evidenceFile{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.snippets[key]
	return f, ok
}

func (c *Cache) putSnippet(key string, f evidenceFile) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snippets == nil {
		c.snippets = map[string]evidenceFile{}
	}
	c.snippets[key] = f
}

// diffHTML returns d highlighted (diffHTML), from the cache when the diff
// named id was highlighted before.
func (c *Cache) diffHTML(id string, d *textdiff.Diff) string {
	if c == nil || id == "" {
		return diffHTML(d)
	}
	c.mu.Lock()
	html, ok := c.diffs[id]
	c.mu.Unlock()
	if ok {
		return html
	}
	html = diffHTML(d)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.diffs == nil {
		c.diffs = map[string]string{}
	}
	c.diffs[id] = html
	return html
}
