package pandoc

import (
	"fmt"
	"strings"
)

// GridTables rewrites pandoc grid tables
//
//	+--------+-------+
//	| Level  | Score |
//	+========+=======+
//	| Low    | 0     |
//	+--------+-------+
//
// as pipe tables, which goldmark's table extension reads. A cell written
// over several lines becomes one line (its lines joined by spaces), rows
// whose cells are all empty (pandoc authors use them as spacers) are left
// out, unless no other row is left, and a table without a header row gets
// an empty one, since a pipe table needs one. Alignment written with
// colons in the header's rule is kept. Each table is reported at its first
// line with what the reader should check. Fenced code is left alone, and
// a blank line is kept before and after each table so that it does not run
// into a paragraph.
func GridTables(src string) (string, []Change) {
	ls := lines(src)
	var (
		out     []string
		changes []Change
		f       fence
	)
	for i := 0; i < len(ls); i++ {
		if f.step(ls[i]) {
			out = append(out, ls[i])
			continue
		}
		end := gridEnd(ls, i)
		if end < 0 {
			out = append(out, ls[i])
			continue
		}
		table, notes := convertGrid(ls[i:end])
		if len(out) > 0 && strings.TrimSpace(out[len(out)-1]) != "" {
			out = append(out, "")
		}
		out = append(out, table...)
		if end < len(ls) && strings.TrimSpace(ls[end]) != "" {
			out = append(out, "")
		}
		what := "grid table became a pipe table"
		if len(notes) > 0 {
			what += ": " + strings.Join(notes, "; ")
		}
		changes = append(changes, Change{Line: i + 1, What: what})
		i = end - 1
	}
	return join(out, strings.HasSuffix(src, "\n")), changes
}

// isRule reports whether line is a grid table rule, "+---+---+" (or with
// "=" for the header's, and ":" for alignment), and returns the columns of
// its "+"s.
func isRule(line string) ([]int, bool) {
	t := strings.TrimRight(line, " \t")
	ind := len(t) - len(strings.TrimLeft(t, " "))
	t = t[ind:]
	if len(t) < 3 || t[0] != '+' || t[len(t)-1] != '+' {
		return nil, false
	}
	var cols []int
	dashes := 0
	for j := 0; j < len(t); j++ {
		switch t[j] {
		case '+':
			if j > 0 && dashes == 0 {
				return nil, false
			}
			cols = append(cols, ind+j)
			dashes = 0
		case '-', '=', ':':
			dashes++
		default:
			return nil, false
		}
	}
	return cols, len(cols) >= 2
}

// isRow reports whether line is a row line of a grid table: it starts with
// "|" (after the table's indent).
func isRow(line string) bool {
	return strings.HasPrefix(strings.TrimLeft(line, " "), "|")
}

// gridEnd returns the index after the grid table starting at ls[i], or -1
// when none starts there: a rule, then row lines and rules, ending with a
// rule, with at least one row.
func gridEnd(ls []string, i int) int {
	if _, ok := isRule(ls[i]); !ok {
		return -1
	}
	end, rows := -1, 0
	for j := i + 1; j < len(ls); j++ {
		if _, ok := isRule(ls[j]); ok {
			if rows > 0 {
				end = j + 1
			}
			continue
		}
		if !isRow(ls[j]) {
			break
		}
		rows++
	}
	return end
}

// convertGrid turns the lines of one grid table into a pipe table.
func convertGrid(tl []string) (table []string, notes []string) {
	cols, _ := isRule(tl[0])
	ncol := len(cols) - 1
	indent := tl[0][:indentOf(tl[0])]
	align := make([]string, ncol)
	alignFrom := func(rule string) {
		r := strings.TrimSpace(rule)
		parts := strings.Split(strings.Trim(r, "+"), "+")
		for c := 0; c < ncol && c < len(parts); c++ {
			p := parts[c]
			left, right := strings.HasPrefix(p, ":"), strings.HasSuffix(p, ":")
			switch {
			case left && right:
				align[c] = ":---:"
			case right:
				align[c] = "---:"
			case left:
				align[c] = ":---"
			default:
				align[c] = "---"
			}
		}
	}
	alignFrom(tl[0])

	type row struct {
		cells  [][]string // per column, the cell's lines
		header bool
	}
	var (
		rows      []row
		cur       *row
		hasHeader bool
		joined    bool
		ragged    bool
	)
	for _, line := range tl[1:] {
		if _, ok := isRule(line); ok {
			if strings.Contains(line, "=") && !hasHeader {
				hasHeader = true
				for k := range rows {
					rows[k].header = true
				}
				alignFrom(line)
			}
			cur = nil
			continue
		}
		if cur == nil {
			rows = append(rows, row{cells: make([][]string, ncol)})
			cur = &rows[len(rows)-1]
		}
		cells, ok := splitRow(line, cols)
		if !ok {
			ragged = true
		}
		for c := 0; c < ncol; c++ {
			cur.cells[c] = append(cur.cells[c], cells[c])
		}
	}

	cellText := func(cl []string) string {
		var words []string
		nonEmpty := 0
		for _, l := range cl {
			if l = strings.TrimSpace(l); l != "" {
				words = append(words, l)
				nonEmpty++
			}
		}
		if nonEmpty > 1 {
			joined = true
		}
		return strings.ReplaceAll(strings.Join(words, " "), "|", `\|`)
	}
	line := func(cells []string) string {
		var b strings.Builder
		b.WriteString(indent + "|")
		for _, c := range cells {
			if c == "" {
				b.WriteString("  |")
			} else {
				b.WriteString(" " + c + " |")
			}
		}
		return b.String()
	}

	var head []string
	var body [][]string
	spacers := 0
	for _, r := range rows {
		texts := make([]string, ncol)
		empty := true
		for c := range ncol {
			texts[c] = cellText(r.cells[c])
			if texts[c] != "" {
				empty = false
			}
		}
		switch {
		case r.header && head == nil:
			head = texts
		case r.header:
			// A header of several rows: pandoc stacks them; one pipe
			// header row holds them joined.
			for c := range ncol {
				head[c] = strings.TrimSpace(head[c] + " " + texts[c])
			}
		case empty:
			spacers++
		default:
			body = append(body, texts)
		}
	}
	if head == nil {
		head = make([]string, ncol)
		notes = append(notes, "it had no header row, so the header is empty")
	}
	if len(body) == 0 && spacers > 0 {
		body = append(body, make([]string, ncol))
		spacers--
	}
	table = append(table, line(head), indent+"| "+strings.Join(align, " | ")+" |")
	for _, r := range body {
		table = append(table, line(r))
	}
	if joined {
		notes = append(notes, "cells written over several lines are now one line each")
	}
	if spacers > 0 {
		notes = append(notes, fmt.Sprintf("%d empty row%s left out", spacers, plural(spacers)))
	}
	if ragged {
		notes = append(notes, "some rows' bars were not under the rule's + signs, so their cells were split at the bars")
	}
	return table, notes
}

// splitRow cuts a row line into ncol cells at the columns of the rule's
// "+"s. When the line's bars are not there (hand-edited tables often drift)
// it splits at the bars instead, and reports !ok.
func splitRow(line string, cols []int) ([]string, bool) {
	ncol := len(cols) - 1
	cells := make([]string, ncol)
	aligned := len(line) > cols[0] && line[cols[0]] == '|'
	for c := 1; aligned && c <= ncol; c++ {
		p := cols[c]
		switch {
		case p < len(line) && line[p] == '|':
		case p >= len(strings.TrimRight(line, " \t")) && c == ncol:
			// The last bar is missing or trailing space was trimmed.
		default:
			aligned = false
		}
	}
	if aligned {
		for c := range ncol {
			from, to := cols[c]+1, min(cols[c+1], len(line))
			if from < to {
				cells[c] = line[from:to]
			}
		}
		return cells, true
	}
	t := strings.TrimSpace(line)
	t = strings.TrimPrefix(t, "|")
	t = strings.TrimSuffix(t, "|")
	parts := strings.Split(t, "|")
	for c := range min(len(parts), ncol) {
		cells[c] = parts[c]
	}
	if len(parts) > ncol {
		// More bars than columns: the rest belongs to the last cell.
		cells[ncol-1] = strings.Join(parts[ncol-1:], "|")
	}
	return cells, false
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
