package evidence

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/attest-dev/attest/generator/model"
)

// ParseCovers reads the span a record covers: "FROM..TO", or one date for a
// single day. Both ends are inclusive.
func ParseCovers(s string) (from, to model.Date, err error) {
	a, b, isRange := strings.Cut(strings.TrimSpace(s), "..")
	if !isRange {
		b = a
	}
	from, err = model.ParseDate(strings.TrimSpace(a))
	if err != nil {
		return model.Date{}, model.Date{}, fmt.Errorf("%s: write FROM..TO, e.g. 2026-04-01..2026-06-30", err)
	}
	to, err = model.ParseDate(strings.TrimSpace(b))
	if err != nil {
		return model.Date{}, model.Date{}, fmt.Errorf("%s: write FROM..TO, e.g. 2026-04-01..2026-06-30", err)
	}
	if to.Before(from) {
		return model.Date{}, model.Date{}, fmt.Errorf("%s ends before it starts: write FROM..TO with FROM first", s)
	}
	return from, to, nil
}

// quoteTOML writes s as a TOML basic string. Only the escapes TOML defines
// are used, so any string, notes with newlines included, reads back as is.
func quoteTOML(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// entry is one [[evidence]] record as attest evidence add writes it.
type entry struct {
	ID, Control, Title   string
	Collected            model.Date
	CoversFrom, CoversTo model.Date // zero: left out (the compiler reads collected)
	File, SHA256         string
	URL                  string // instead of File and SHA256
	Result               model.Result
	Collector, Note      string
}

// text renders the record in the manifest's key order, with line ending eol.
func (e entry) text(eol string) (string, error) {
	for _, s := range []string{e.ID, e.Control, e.Title, e.File, e.URL, e.Collector, e.Note} {
		if !utf8.ValidString(s) {
			return "", fmt.Errorf("%q is not valid UTF-8, which TOML requires", s)
		}
	}
	lines := []string{
		"[[evidence]]",
		"id = " + quoteTOML(e.ID),
		"control = " + quoteTOML(e.Control),
		"title = " + quoteTOML(e.Title),
		"collected = " + e.Collected.String(),
	}
	if !e.CoversFrom.IsZero() {
		lines = append(lines, "covers_from = "+e.CoversFrom.String(), "covers_to = "+e.CoversTo.String())
	}
	if e.URL != "" {
		lines = append(lines, "url = "+quoteTOML(e.URL))
	} else {
		lines = append(lines, "file = "+quoteTOML(e.File), "sha256 = "+quoteTOML(e.SHA256))
	}
	lines = append(lines,
		"result = "+quoteTOML(string(e.Result)),
		"collector = "+quoteTOML(e.Collector),
	)
	if e.Note != "" {
		lines = append(lines, "note = "+quoteTOML(e.Note))
	}
	return strings.Join(lines, eol) + eol, nil
}

// titleFromName turns a file name into a default title:
// "2026-q2_access-review.csv" → "2026 q2 access review".
func titleFromName(base string) string {
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	t := strings.Join(strings.FieldsFunc(base, func(r rune) bool { return r == '-' || r == '_' || r == ' ' || r == '.' }), " ")
	if t == "" {
		return base
	}
	r, n := utf8.DecodeRuneInString(t)
	return strings.ToUpper(string(r)) + t[n:]
}
