package pandoc

import (
	"regexp"
	"strings"
)

// texLine matches a line that is nothing but TeX commands, such as
// "\pagebreak" or "\newpage", which pandoc passes to LaTeX for a PDF and
// which goldmark would show as text.
var texLine = regexp.MustCompile(`^\s*(\\[a-zA-Z]+\*?(\{[^{}]*\})*\s*)+$`)

// RawTeX removes lines that hold only TeX commands ("\pagebreak",
// "\newpage", "\vspace{1em}"), which lay out a PDF and mean nothing on a
// web page, leaving a blank line, and reports each at its line. Fenced
// code is left alone.
func RawTeX(src string) (string, []Change) {
	ls := lines(src)
	var (
		out     []string
		changes []Change
		f       fence
	)
	for i, line := range ls {
		if !f.step(line) && texLine.MatchString(line) {
			changes = append(changes, Change{Line: i + 1, What: "TeX " + strings.TrimSpace(line) + " removed: a web page has no page layout to give it"})
			line = "" // a blank line, which keeps the blocks around it apart
		}
		out = append(out, line)
	}
	return join(out, strings.HasSuffix(src, "\n")), changes
}
