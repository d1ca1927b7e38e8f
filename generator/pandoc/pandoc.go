// Package pandoc rewrites the pandoc Markdown that goldmark does not read —
// grid tables, lettered and roman-numbered lists, lines of raw TeX — as
// CommonMark with GitHub tables, which the sites render.
package pandoc

import "strings"

// Change is one rewrite, at a line of the input (counting from 1), saying
// what was done and what a reader should check.
type Change struct {
	Line int
	What string
}

// lines splits src into lines without their newlines; a final newline does
// not make an empty last line.
func lines(src string) []string {
	if src == "" {
		return nil
	}
	ls := strings.Split(src, "\n")
	if ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// join is the inverse of lines for text that ended with a newline (or was
// empty).
func join(ls []string, finalNewline bool) string {
	s := strings.Join(ls, "\n")
	if finalNewline && len(ls) > 0 {
		s += "\n"
	}
	return s
}

// fence tracks fenced code blocks (``` or ~~~), which the converters leave
// as they are.
type fence struct {
	char byte
	n    int
}

// step reports whether line is inside a fenced code block or is one of
// its fence lines, and updates the state.
func (f *fence) step(line string) bool {
	t := strings.TrimLeft(line, " \t")
	if f.n > 0 {
		if run := leading(t, f.char); run >= f.n && strings.TrimSpace(t[run:]) == "" {
			f.n = 0
		}
		return true
	}
	for _, c := range []byte{'`', '~'} {
		if run := leading(t, c); run >= 3 && (c == '~' || !strings.Contains(t[run:], "`")) {
			f.char, f.n = c, run
			return true
		}
	}
	return false
}

func leading(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

// indentOf returns the number of leading spaces and tabs of line.
func indentOf(line string) int {
	return len(line) - len(strings.TrimLeft(line, " \t"))
}
