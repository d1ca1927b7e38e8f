package description

import (
	"bytes"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/attest-dev/attest/generator/model"
)

// Snippet limits: the first lines of a text evidence file are shown,
// highlighted, under its row; the whole file is one link away.
const (
	snippetLines = 20
	snippetBytes = 2048
)

// evidenceRow describes one evidence record and copies its file into the
// site under the same repository-relative path.
func (b *builder) evidenceRow(controlAnchor string, e *model.Evidence) map[string]any {
	row := map[string]any{
		"id":          e.ID,
		"anchor":      controlAnchor + "-" + slug(e.ID),
		"title":       e.Title,
		"collected":   e.Collected.String(),
		"covers_from": e.CoversFrom.String(),
		"covers_to":   e.CoversTo.String(),
		"result":      string(e.Result),
		"sha256":      e.SHA256,
		"sha_short":   shortSum(e.SHA256),
		"collector":   e.Collector,
		"note":        e.Note,
		"file":        e.File,
		"href":        "",
		"url":         e.URL,
		"size":        sizeLabel(e.Size),
		"snippet":     "",
		"lang":        "",
		"truncated":   false,
	}
	if e.File == "" || b.opts.Files == nil {
		return row
	}
	data, ok := b.files[e.File]
	if !ok {
		var err error
		data, err = fs.ReadFile(b.opts.Files, e.File)
		if err != nil {
			// The compiler reports missing evidence files; the row stays, unlinked.
			row["missing"] = true
			return row
		}
		b.files[e.File] = data
	}
	row["href"] = e.File
	if snip, truncated, ok := snippet(data); ok {
		row["snippet"], row["truncated"] = snip, truncated
		row["lang"] = lexerFor(e.File)
	}
	return row
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
