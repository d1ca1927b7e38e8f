// Package textdiff is line and word diffs of text (Myers) and their unified format.
package textdiff

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Diff is what changed from one version of a file to another, as hunks of
// lines. Changed lines that resemble the lines they replace carry a
// word-level diff. Path, OldPath, NewFile and Gone only name the two sides
// in the unified format's headers; Compare leaves them for the caller.
type Diff struct {
	Path     string `json:"path"`
	OldPath  string `json:"old_path,omitempty"` // "" unless renamed
	Hunks    []Hunk `json:"hunks,omitempty"`
	Inserted int    `json:"inserted"` // lines
	Deleted  int    `json:"deleted"`
	NewFile  bool   `json:"new_file,omitempty"` // there was no file before: the old side is /dev/null
	Gone     bool   `json:"gone,omitempty"`     // there is no file after: the new side is /dev/null
	Binary   bool   `json:"binary,omitempty"`   // not text: no lines are shown
}

// Hunk is a run of changed lines with up to three lines of context around.
type Hunk struct {
	OldStart int    `json:"old_start"`
	OldLines int    `json:"old_lines"`
	NewStart int    `json:"new_start"`
	NewLines int    `json:"new_lines"`
	Lines    []Line `json:"lines"`
}

// Line is one line of a hunk.
type Line struct {
	Op    string `json:"op"`              // " " context, "-" deleted, "+" inserted
	Old   int    `json:"old,omitempty"`   // line number before; 0 for an inserted line
	New   int    `json:"new,omitempty"`   // line number after; 0 for a deleted line
	Text  string `json:"text"`            // without its newline
	EOF   bool   `json:"eof,omitempty"`   // the file ends here without a newline
	Words []Word `json:"words,omitempty"` // the line's words, changed ones marked; nil when the whole line changed
}

// Word is a piece of a changed line: a word, a run of spaces or a mark.
type Word struct {
	Text    string `json:"text"`
	Changed bool   `json:"changed,omitempty"`
}

// contextLines is how many unchanged lines surround a change, as in git.
const contextLines = 3

// Compare returns the line diff from before to after, with word diffs of
// the changed lines that resemble each other.
func Compare(before, after string) *Diff {
	d := &Diff{}
	if isBinary(before) || isBinary(after) {
		d.Binary = true
		return d
	}
	a, b := splitLines(before), splitLines(after)
	in := interner{}
	script := editScript(in.ids(a), in.ids(b))

	// Number every line of the script, then cut hunks around the changes.
	steps := make([]step, len(script))
	i, j := 0, 0
	for n, op := range script {
		switch op {
		case Equal:
			i++
			j++
			steps[n] = step{op, i, j}
		case Delete:
			i++
			steps[n] = step{op, i, 0}
			d.Deleted++
		case Insert:
			j++
			steps[n] = step{op, 0, j}
			d.Inserted++
		}
	}
	for n := 0; n < len(steps); {
		if steps[n].op == Equal {
			n++
			continue
		}
		start := max(0, n-contextLines)
		end := n // one past the last change of the hunk
		for k := n; k < len(steps); k++ {
			if steps[k].op != Equal {
				end = k + 1
			} else if k-end >= 2*contextLines {
				break
			}
		}
		stop := min(len(steps), end+contextLines)
		var hk Hunk
		oldLine, newLine := 0, 0
		for _, s := range steps[start:stop] {
			l := Line{Op: string(s.op)}
			switch s.op {
			case Equal:
				l.Old, l.New, l.Text = s.old, s.new, b[s.new-1]
				hk.OldLines++
				hk.NewLines++
			case Delete:
				l.Old, l.Text = s.old, a[s.old-1]
				hk.OldLines++
			case Insert:
				l.New, l.Text = s.new, b[s.new-1]
				hk.NewLines++
			}
			if oldLine == 0 && l.Old > 0 {
				oldLine = l.Old
			}
			if newLine == 0 && l.New > 0 {
				newLine = l.New
			}
			text, hasNewline := strings.CutSuffix(l.Text, "\n")
			l.Text, l.EOF = text, !hasNewline
			hk.Lines = append(hk.Lines, l)
		}
		// A side with no lines starts, as in git, at the line before the hunk.
		hk.OldStart, hk.NewStart = oldLine, newLine
		if hk.OldLines == 0 {
			hk.OldStart = oldBefore(steps, start)
		}
		if hk.NewLines == 0 {
			hk.NewStart = newBefore(steps, start)
		}
		markWords(hk.Lines)
		d.Hunks = append(d.Hunks, hk)
		n = stop
	}
	return d
}

// step is one line of an edit script with its line numbers (1-based; 0 when absent).
type step struct {
	op       Op
	old, new int
}

// oldBefore and newBefore count the lines of each side before steps[i].
func oldBefore(steps []step, i int) int {
	n := 0
	for _, s := range steps[:i] {
		if s.op != Insert {
			n++
		}
	}
	return n
}

func newBefore(steps []step, i int) int {
	n := 0
	for _, s := range steps[:i] {
		if s.op != Delete {
			n++
		}
	}
	return n
}

// splitLines splits text into lines that keep their newline, so that a last
// line without one differs from the same line with one.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// isBinary uses git's rule: a NUL in the first 8000 bytes.
func isBinary(s string) bool {
	return strings.IndexByte(s[:min(len(s), 8000)], 0) >= 0
}

// Word-level marking.

// minShared is the share of a changed block's words that must survive for
// the lines to count as edited rather than replaced: below it, marking
// words would mark nearly all of them, which says less than the line diff.
const minShared = 0.4

// markWords pairs each run of deleted lines with the run of inserted lines
// after it and, when they share enough words, marks the words that differ.
func markWords(lines []Line) {
	for i := 0; i < len(lines); {
		if lines[i].Op != "-" {
			i++
			continue
		}
		delEnd := i
		for delEnd < len(lines) && lines[delEnd].Op == "-" {
			delEnd++
		}
		insEnd := delEnd
		for insEnd < len(lines) && lines[insEnd].Op == "+" {
			insEnd++
		}
		if insEnd > delEnd {
			markBlock(lines[i:delEnd], lines[delEnd:insEnd])
		}
		i = insEnd
	}
}

func markBlock(del, ins []Line) {
	a, b := blockWords(del), blockWords(ins)
	in := interner{}
	script := editScript(in.ids(a), in.ids(b))
	shared, total := 0, 0
	for _, w := range a {
		if !isSpace(w) {
			total++
		}
	}
	total = max(total, countWords(b))
	ai := 0
	for _, op := range script {
		if op == Equal {
			if !isSpace(a[ai]) {
				shared++
			}
		}
		if op != Insert {
			ai++
		}
	}
	if total == 0 || float64(shared) < minShared*float64(total) {
		return
	}
	var oldWords, newWords []Word
	ai, bi := 0, 0
	for _, op := range script {
		switch op {
		case Equal:
			oldWords = appendWord(oldWords, a[ai], false)
			newWords = appendWord(newWords, b[bi], false)
			ai++
			bi++
		case Delete:
			oldWords = appendWord(oldWords, a[ai], true)
			ai++
		case Insert:
			newWords = appendWord(newWords, b[bi], true)
			bi++
		}
	}
	spread(del, oldWords)
	spread(ins, newWords)
}

func countWords(ws []string) int {
	n := 0
	for _, w := range ws {
		if !isSpace(w) {
			n++
		}
	}
	return n
}

// appendWord adds w, merging it into the previous piece when both are
// changed or both unchanged, so that a changed phrase is marked once.
// Newlines stay separate pieces: they end lines.
func appendWord(ws []Word, w string, changed bool) []Word {
	if n := len(ws); n > 0 && w != "\n" && ws[n-1].Text != "\n" && ws[n-1].Changed == changed {
		ws[n-1].Text += w
		return ws
	}
	return append(ws, Word{Text: w, Changed: changed})
}

// blockWords splits a block of lines into words, spaces, single marks and
// the newlines between lines.
func blockWords(lines []Line) []string {
	var out []string
	for i, l := range lines {
		if i > 0 {
			out = append(out, "\n")
		}
		out = append(out, splitWords(l.Text)...)
	}
	return out
}

// splitWords splits text into runs of letters and digits, runs of white
// space, and single other characters.
func splitWords(s string) []string {
	var out []string
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		class := runeClass(r)
		n := size
		if class != 2 {
			for n < len(s) {
				r2, size2 := utf8.DecodeRuneInString(s[n:])
				if runeClass(r2) != class {
					break
				}
				n += size2
			}
		}
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

func runeClass(r rune) int {
	switch {
	case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
		return 0
	case unicode.IsSpace(r):
		return 1
	}
	return 2
}

func isSpace(w string) bool { return strings.TrimSpace(w) == "" }

// spread hands a block's pieces back to its lines, splitting at newlines.
func spread(lines []Line, ws []Word) {
	i := 0
	for _, w := range ws {
		if w.Text == "\n" {
			i++
			continue
		}
		if i < len(lines) {
			lines[i].Words = append(lines[i].Words, w)
		}
	}
	for k := range lines {
		// A line whose words are all changed, or none, says no more than its Op.
		some, all := false, true
		for _, w := range lines[k].Words {
			some = some || w.Changed
			all = all && w.Changed
		}
		if !some || all {
			lines[k].Words = nil
		}
	}
}
