package pandoc

import (
	"regexp"
	"strconv"
	"strings"
)

// atxHeading matches a "#" heading line, which ends a paragraph as a blank
// line does.
var atxHeading = regexp.MustCompile(`^ {0,3}#{1,6}([ \t]|$)`)

// listStyle is how a pandoc ordered list numbers its items.
type listStyle int

const (
	lowerAlpha listStyle = iota + 1
	upperAlpha
	lowerRoman
	upperRoman
)

// listLevel is an open lettered list: the column of its markers and its style.
type listLevel struct {
	indent int
	style  listStyle
}

// LetteredLists rewrites the markers of pandoc's fancy lists — letters
// ("a.", "b)", "(c)") and roman numerals ("i.", "iv.") — as the numbers
// CommonMark reads ("1.", "4.", "3)"), which goldmark otherwise shows as
// text or, indented under an item, as code. Each marker keeps its width
// (padding after the number), so what is nested under what, as columns
// say, stays as it was; lines and their count are otherwise unchanged, and
// fenced code is left alone. CommonMark numbers a list from its first item,
// so lettering becomes numbering: a list starting at "b." starts at 2.
//
// A marker counts when it starts a line after a blank line or a heading,
// at the start, or inside a list already open, as pandoc's do; "i." opening a list is
// roman, as in pandoc, and within an alphabetic list it is the letter.
func LetteredLists(src string) (string, []Change) {
	ls := lines(src)
	var (
		f       fence
		open    []listLevel
		changes []Change
		prev    = "" // the previous line, "" for blank or none
	)
	for i, line := range ls {
		if f.step(line) {
			prev = line
			continue
		}
		if strings.TrimSpace(line) == "" {
			prev = ""
			continue
		}
		ind := indentOf(line)
		if atxHeading.MatchString(line) {
			// A heading ends the lists and, like a blank line, lets a
			// list start on the next line.
			open, prev = closeFrom(open, ind), ""
			continue
		}
		// A line that is no item and not indented into one ends the lists
		// at its column or deeper, unless it continues a paragraph.
		m, ok := parseMarker(line[ind:])
		if !ok || (prev != "" && len(open) == 0) {
			if prev == "" {
				open = closeFrom(open, ind)
			}
			prev = line
			continue
		}
		// Lists deeper than this marker end; one at its column continues.
		for len(open) > 0 && open[len(open)-1].indent > ind {
			open = open[:len(open)-1]
		}
		var style listStyle
		if n := len(open); n > 0 && open[n-1].indent == ind {
			style = open[n-1].style
		}
		v, st, ok := m.value(style)
		if !ok {
			prev = line
			continue
		}
		if len(open) == 0 {
			// Each list is reported once, at its first item.
			changes = append(changes, Change{Line: i + 1, What: "lettered list became a numbered list"})
		}
		if n := len(open); n > 0 && open[n-1].indent == ind {
			open[n-1].style = st
		} else {
			open = append(open, listLevel{ind, st})
		}
		ls[i] = line[:ind] + m.rewrite(v)
		prev = line
	}
	return join(ls, strings.HasSuffix(src, "\n")), changes
}

func closeFrom(open []listLevel, ind int) []listLevel {
	for len(open) > 0 && open[len(open)-1].indent >= ind {
		open = open[:len(open)-1]
	}
	return open
}

// marker is a fancy list marker at the start of a line's text.
type marker struct {
	label  string // "a", "iv", "B"
	open   bool   // written "(a)"
	delim  byte   // '.' or ')'
	width  int    // of marker and the spaces after it
	spaces string // the whitespace after the marker
	rest   string // the item's text
}

// parseMarker reads a marker at the start of t: a run of ASCII letters,
// a delimiter, then whitespace or the end of the line.
func parseMarker(t string) (marker, bool) {
	var m marker
	s := t
	if strings.HasPrefix(s, "(") {
		m.open, s = true, s[1:]
	}
	n := 0
	for n < len(s) && n < 8 && isLetter(s[n]) {
		n++
	}
	if n == 0 || n >= len(s) {
		return marker{}, false
	}
	m.label = s[:n]
	m.delim = s[n]
	switch {
	case m.open && m.delim != ')':
		return marker{}, false
	case m.delim != '.' && m.delim != ')':
		return marker{}, false
	}
	after := s[n+1:]
	ws := len(after) - len(strings.TrimLeft(after, " \t"))
	if ws == 0 && after != "" {
		return marker{}, false
	}
	m.spaces, m.rest = after[:ws], after[ws:]
	// A single capital letter with a period needs two spaces after it, as
	// in pandoc, so that initials ("B. Smith") stay text.
	if n == 1 && isUpper(m.label[0]) && m.delim == '.' && !m.open && len(m.spaces) < 2 && m.rest != "" {
		return marker{}, false
	}
	m.width = len(t) - len(m.rest)
	return m, true
}

// value is the number of the marker in a list of the given style (0: a
// list it opens) and the list's style.
func (m marker) value(style listStyle) (int, listStyle, bool) {
	lower := strings.ToLower(m.label)
	upper := isUpper(m.label[0])
	if lower != m.label && strings.ToUpper(m.label) != m.label {
		return 0, 0, false // mixed case: no marker
	}
	alpha := func() (int, listStyle, bool) {
		if len(lower) != 1 {
			return 0, 0, false
		}
		st := lowerAlpha
		if upper {
			st = upperAlpha
		}
		return int(lower[0]-'a') + 1, st, true
	}
	roman := func() (int, listStyle, bool) {
		v, ok := romanValue(lower)
		st := lowerRoman
		if upper {
			st = upperRoman
		}
		return v, st, ok
	}
	switch style {
	case lowerAlpha, upperAlpha:
		if v, st, ok := alpha(); ok {
			return v, st, true
		}
		return roman()
	case lowerRoman, upperRoman:
		if v, st, ok := roman(); ok {
			return v, st, true
		}
		return alpha()
	}
	if lower == "i" {
		return roman()
	}
	if v, st, ok := alpha(); ok {
		return v, st, true
	}
	return roman()
}

// rewrite writes the marker as number v, padded to its old width when the
// whitespace after it is spaces (CommonMark allows one to four).
func (m marker) rewrite(v int) string {
	num := strconv.Itoa(v) + string(m.delim)
	if m.open {
		num = strconv.Itoa(v) + ")"
	}
	if m.rest == "" {
		return num
	}
	if strings.ContainsRune(m.spaces, '\t') {
		return num + m.spaces + m.rest
	}
	pad := min(max(m.width-len(num), 1), 4)
	return num + strings.Repeat(" ", pad) + m.rest
}

// romanValue reads a roman numeral written in canonical form (1–3999).
func romanValue(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	vals := map[byte]int{'i': 1, 'v': 5, 'x': 10, 'l': 50, 'c': 100, 'd': 500, 'm': 1000}
	total := 0
	for i := 0; i < len(s); i++ {
		v, ok := vals[s[i]]
		if !ok {
			return 0, false
		}
		if i+1 < len(s) && vals[s[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	if total <= 0 || total >= 4000 || toRoman(total) != s {
		return 0, false
	}
	return total, true
}

func toRoman(n int) string {
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isUpper(c byte) bool  { return c >= 'A' && c <= 'Z' }
