package description

import (
	"bytes"
	"html"
	"io/fs"
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
	if !ok || f.err != nil {
		// The compiler reports missing evidence files; the row stays, unlinked.
		row.Missing = true
		return row
	}
	row.Href = e.File
	row.Snippet, row.Truncated = f.snippet, f.truncated
	return row
}

// evidenceFile is an evidence file as read for the site.
type evidenceFile struct {
	snippet   string // highlighted HTML of its first lines; "" for binary files
	truncated bool
	err       error
}

// loadEvidence reads every evidence file once, in parallel: its bytes are
// copied into the site and its first lines highlighted by chroma (with CSS
// classes, as the theme's chroma.css expects) for the control pages.
func (b *builder) loadEvidence() {
	b.evidence = map[string]*evidenceFile{}
	if b.opts.Files == nil {
		return
	}
	var names []string
	for _, e := range b.p.Evidence {
		if e.File != "" && b.evidence[e.File] == nil {
			b.evidence[e.File] = &evidenceFile{}
			names = append(names, e.File)
		}
	}
	data := make([][]byte, len(names))
	_, git := b.opts.Files.(blobber)
	var wg sync.WaitGroup
	next := make(chan int)
	for range max(2, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hl := newHighlighter()
			for i := range next {
				f := b.evidence[names[i]]
				data[i], f.err = fs.ReadFile(b.opts.Files, names[i])
				if f.err != nil {
					continue
				}
				// While serving, the same file with the same contents as last
				// time needs no hash.
				if !git {
					if cached, ok := b.opts.Cache.snippetByName(names[i], data[i]); ok {
						f.snippet, f.truncated = cached.snippet, cached.truncated
						continue
					}
				}
				key := snippetKey(b.opts.Files, names[i], data[i])
				cached, ok := b.opts.Cache.snippet(key)
				if !ok {
					if text, truncated, ok := snippet(data[i]); ok {
						cached.snippet, cached.truncated = hl.highlight(text, lexerFor(names[i])), truncated
					}
					b.opts.Cache.putSnippet(key, cached)
				}
				f.snippet, f.truncated = cached.snippet, cached.truncated
				if !git {
					b.opts.Cache.putSnippetByName(names[i], data[i], cached)
				}
			}
		}()
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, name := range names {
		if b.evidence[name].err == nil {
			b.files[name] = data[i]
		}
	}
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
