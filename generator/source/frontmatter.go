// Package source reads a program's files — Markdown with TOML front matter and
// TOML documents — into raw values that carry source positions for diagnostics.
package source

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// MaxMarkdownSize bounds a single Markdown source. Policies and controls are
// prose; a file past this is almost certainly a mistake (a pasted export, a binary).
const MaxMarkdownSize = 4 << 20

// Markdown is a Markdown source split into its front matter and body.
type Markdown struct {
	FrontMatter []byte // TOML between the +++ lines, without them
	Body        []byte // everything after the closing +++ line
	FrontLine   int    // line of the first front matter line in the file
	BodyLine    int    // line of the first body line in the file
}

// Problem is a defect in a file's shape found before any TOML is parsed.
type Problem struct {
	Line, Col int
	Message   string
}

func (p *Problem) Error() string { return fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Message) }

// Normalize removes a UTF-8 byte order mark and turns CRLF and lone CR line
// endings into LF, so that positions and parsing do not depend on the editor
// that saved the file. It reports a Problem for content that is not text.
func Normalize(src []byte) ([]byte, *Problem) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line := bytes.Count(src[:i], []byte("\n")) + 1
		return nil, &Problem{line, 1, "binary file (contains a NUL byte): expected UTF-8 text"}
	}
	if !utf8.Valid(src) {
		for i := 0; i < len(src); {
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n <= 1 {
				line := bytes.Count(src[:i], []byte("\n")) + 1
				col := i - bytes.LastIndexByte(src[:i], '\n')
				return nil, &Problem{line, col, fmt.Sprintf("invalid UTF-8 byte 0x%02x: save the file as UTF-8", src[i])}
			}
			i += n
		}
	}
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	return src, nil
}

// SplitMarkdown splits normalized Markdown into TOML front matter between
// "+++" lines and the body that follows.
func SplitMarkdown(src []byte) (Markdown, *Problem) {
	if len(src) > MaxMarkdownSize {
		return Markdown{}, &Problem{1, 1, fmt.Sprintf("file is %d bytes; Markdown sources are limited to %d bytes (4 MiB): move large material to evidence/", len(src), MaxMarkdownSize)}
	}
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(first, " \t")) != "+++" {
		if string(bytes.TrimSpace(first)) == "---" {
			return Markdown{}, &Problem{1, 1, "front matter starts with ---: attest reads TOML front matter between +++ lines"}
		}
		return Markdown{}, &Problem{1, 1, "missing front matter: the file must start with a +++ line, then TOML keys, then a closing +++ line"}
	}
	offset := len(first) + 1
	line := 2
	for {
		l, next, found := bytes.Cut(rest, []byte("\n"))
		if string(bytes.TrimRight(l, " \t")) == "+++" {
			fm := src[len(first)+1 : offset]
			var body []byte
			if found {
				body = next
			}
			return Markdown{FrontMatter: fm, Body: body, FrontLine: 2, BodyLine: line + 1}, nil
		}
		if !found {
			break
		}
		offset += len(l) + 1
		rest = next
		line++
	}
	return Markdown{}, &Problem{1, 1, "front matter opened with +++ on line 1 is never closed: add a +++ line after the last front matter key"}
}

// BodyCursor turns byte offsets in a Markdown file's body into line and
// column in the file. Offsets are asked for in increasing order (as a walk
// of the body finds them), so the body is scanned once however many.
type BodyCursor struct {
	body                 []byte
	line, lineStart, off int
}

// Cursor starts a BodyCursor at the top of md's body.
func (md Markdown) Cursor() *BodyCursor {
	return &BodyCursor{body: md.Body, line: md.BodyLine}
}

// At returns the line and column (1-based, in bytes) of offset in the
// file. An offset before the last one asked is placed at the last.
func (c *BodyCursor) At(offset int) (line, col int) {
	for c.off < offset && c.off < len(c.body) {
		if c.body[c.off] == '\n' {
			c.line++
			c.lineStart = c.off + 1
		}
		c.off++
	}
	return c.line, max(offset, c.off) - c.lineStart + 1
}
