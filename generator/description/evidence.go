package description

import (
	"bytes"
	"html"
	"path"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"

	"github.com/attest-dev/attest/generator/highlight"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/site"
)

// Snippet limits: the first lines of a text evidence file are shown,
// highlighted, under its row; the whole file is one link away.
const (
	snippetLines = 20
	snippetBytes = 2048
)

// evidenceRow describes one evidence record; its file was read by loadEvidence.
func (b *builder) evidenceRow(controlRef string, e *model.Evidence) EvidenceRow {
	anchor := anchorOf(controlRef) + "-" + site.Slug(e.ID)
	row := EvidenceRow{
		ID:         e.ID,
		Anchor:     anchor,
		Link:       newLink(controlRef, anchor),
		Title:      e.Title,
		Collected:  e.Collected.String(),
		CoversFrom: e.CoversFrom.String(),
		CoversTo:   e.CoversTo.String(),
		Result:     string(e.Result),
		SHA256:     e.SHA256,
		SHAShort:   shortSum(e.SHA256),
		Collector:  e.Collector,
		Note:       e.Note,
		File:       e.File,
		URL:        e.URL,
		Size:       sizeLabel(e.Size),
	}
	if e.File == "" || b.opts.Files == nil {
		return row
	}
	f, ok := b.evidence[e.File]
	if !ok || f.missing {
		// The compiler reports missing evidence files; the row stays, unlinked.
		row.Missing = true
		return row
	}
	row.Href = e.File
	row.Snippet, row.Truncated = f.snippet, f.truncated
	return row
}

// evidenceFile is an evidence file as the site shows it.
type evidenceFile struct {
	snippet   string // highlighted HTML of its first lines; "" for binary files
	truncated bool
	missing   bool // it could not be read
}

// loadEvidence copies every evidence file into the site and highlights its
// first lines by chroma (with CSS classes, as the theme's chroma.css
// expects) for the control pages: once per content and lexer when there is
// a Cache, in parallel.
func (b *builder) loadEvidence() {
	b.evidence = map[string]*evidenceFile{}
	if b.opts.Files == nil {
		return
	}
	var todo []string
	for _, e := range b.p.Evidence {
		name := e.File
		if name == "" || b.evidence[name] != nil {
			continue
		}
		f := &evidenceFile{}
		b.evidence[name] = f
		src := b.opts.Files[name]
		if src == nil {
			f.missing = true
			continue
		}
		b.files[name] = src.Data
		if cached, ok := b.opts.Cache.snippet(snippetKey(name, src.ID)); ok && src.ID != "" {
			f.snippet, f.truncated = cached.snippet, cached.truncated
			continue
		}
		todo = append(todo, name)
	}
	var wg sync.WaitGroup
	next := make(chan string)
	for range min(len(todo), max(2, runtime.GOMAXPROCS(0))) {
		wg.Go(func() {
			hl := newHighlighter()
			for name := range next {
				f, src := b.evidence[name], b.opts.Files[name]
				if text, truncated, ok := snippet(src.Data); ok {
					f.snippet, f.truncated = hl.highlight(text, lexerFor(name)), truncated
				}
				if src.ID != "" {
					b.opts.Cache.putSnippet(snippetKey(name, src.ID), *f)
				}
			}
		})
	}
	for _, name := range todo {
		next <- name
	}
	close(next)
	wg.Wait()
}

// highlighter formats code as chroma's HTML with classes. One per goroutine:
// the formatter caches the style's CSS, which is most of its cost.
type highlighter struct {
	f     *chromahtml.Formatter
	style *chroma.Style
	pre   *preWrapper
}

func newHighlighter() *highlighter {
	pre := &preWrapper{}
	return &highlighter{
		f:     chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithPreWrapper(pre)),
		style: styles.Get("github"),
		pre:   pre,
	}
}

// preWrapper writes the <pre><code> Hugo writes around highlighted code.
type preWrapper struct{ lang string }

func (p *preWrapper) Start(code bool, styleAttr string) string {
	return `<pre tabindex="0"` + styleAttr + `><code class="language-` + p.lang + `" data-lang="` + p.lang + `">`
}

func (p *preWrapper) End(code bool) string { return "</code></pre>" }

// highlight returns text as highlighted HTML, escaped, in the markup Hugo
// gives highlighted code blocks.
func (h *highlighter) highlight(text, lang string) string {
	h.pre.lang = lang
	var sb strings.Builder
	sb.WriteString(`<div class="highlight">`)
	tokens, err := highlight.Tokens(lang, text)
	if err == nil {
		err = h.f.Format(&sb, h.style, chroma.Literator(tokens...))
	}
	if err != nil {
		return `<pre><code>` + html.EscapeString(text) + `</code></pre>`
	}
	sb.WriteString(`</div>`)
	return sb.String()
}

// snippet returns the first lines of data when it is text.
func snippet(data []byte) (text string, truncated bool, ok bool) {
	if len(data) == 0 || bytes.IndexByte(data, 0) >= 0 {
		return "", false, false
	}
	cut := data
	if len(cut) > snippetBytes {
		cut = cut[:snippetBytes]
		for len(cut) > 0 && !utf8.Valid(cut) {
			cut = cut[:len(cut)-1] // do not split a rune
		}
	}
	if !utf8.Valid(cut) {
		return "", false, false
	}
	lines := strings.SplitAfter(string(cut), "\n")
	if len(lines) > snippetLines {
		lines = lines[:snippetLines]
	}
	text = strings.Join(lines, "")
	if len(text) < len(data) {
		// drop a partial last line so the snippet ends on a line boundary
		if i := strings.LastIndexByte(text, '\n'); i >= 0 && i < len(text)-1 {
			text = text[:i+1]
		}
		truncated = true
	}
	return text, truncated, true
}

// lexerFor names the chroma lexer for an evidence file by its extension.
func lexerFor(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".json":
		return "json"
	case ".yaml", ".yml":
		return "yaml"
	case ".toml":
		return "toml"
	case ".md":
		return "markdown"
	case ".xml":
		return "xml"
	case ".sh":
		return "bash"
	case ".ini", ".conf", ".cfg":
		return "ini"
	case ".sql":
		return "sql"
	case ".diff", ".patch":
		return "diff"
	case ".tf", ".hcl":
		return "hcl"
	}
	return "text"
}

func shortSum(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}

func sizeLabel(n int64) string {
	switch {
	case n <= 0:
		return ""
	case n < 1024:
		return itoa(int(n)) + " B"
	case n < 1024*1024:
		return itoa(int((n+512)/1024)) + " KB"
	}
	return itoa(int((n+512*1024)/(1024*1024))) + " MB"
}
