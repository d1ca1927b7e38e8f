package textdiff

import (
	"fmt"
	"strings"
)

// UnifiedLines returns Unified's text and, for each of its lines, the Line
// it shows (nil for the file and hunk headers and the no-newline note), so
// that a renderer can mark the words of a line.
func (d *Diff) UnifiedLines() (string, []*Line) {
	var b strings.Builder
	var lines []*Line
	oldName, newName := "a/"+d.Path, "b/"+d.Path
	if d.OldPath != "" {
		oldName = "a/" + d.OldPath
	}
	if d.NewFile {
		oldName = "/dev/null"
	}
	if d.Gone {
		newName = "/dev/null"
	}
	switch {
	case d.Binary:
		fmt.Fprintf(&b, "Binary files %s and %s differ\n", oldName, newName)
		return b.String(), []*Line{nil}
	case len(d.Hunks) == 0:
		return "", nil
	}
	fmt.Fprintf(&b, "--- %s\n+++ %s\n", oldName, newName)
	lines = append(lines, nil, nil)
	for h := range d.Hunks {
		hk := &d.Hunks[h]
		fmt.Fprintf(&b, "@@ -%s +%s @@\n", span(hk.OldStart, hk.OldLines), span(hk.NewStart, hk.NewLines))
		lines = append(lines, nil)
		for i := range hk.Lines {
			l := &hk.Lines[i]
			b.WriteString(l.Op + l.Text + "\n")
			lines = append(lines, l)
			if l.EOF {
				b.WriteString("\\ No newline at end of file\n")
				lines = append(lines, nil)
			}
		}
	}
	return b.String(), lines
}

// Unified returns the diff in unified format, as git diff prints it.
func (d *Diff) Unified() string {
	s, _ := d.UnifiedLines()
	return s
}

func span(start, n int) string {
	if n == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}
