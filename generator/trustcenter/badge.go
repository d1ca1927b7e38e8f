package trustcenter

import (
	"fmt"
	"html"
	"strings"

	"github.com/attest-dev/attest/generator/public"
	"github.com/attest-dev/attest/generator/site"
)

// badges writes badges/<framework>.svg: a status badge per framework for
// READMEs and websites, self-contained (no fonts or scripts fetched).
func (b *builder) badges() {
	for _, f := range b.v.Frameworks {
		b.files["badges/"+site.Slug(f.ID)+".svg"] = []byte(badge(f))
	}
}

// badgeText is the right half of a badge.
func badgeText(f public.Framework) string {
	switch f.State {
	case "report":
		kind := "Type II"
		if f.Report.Type == 1 {
			kind = "Type I"
		}
		return fmt.Sprintf("%s report %s", kind, f.Report.Issued)
	case "ready":
		return fmt.Sprintf("ready %d/%d", f.Met, f.Total)
	}
	if !f.Counts {
		return "in progress"
	}
	return fmt.Sprintf("in progress %d/%d", f.Met, f.Total)
}

// Badge colours: each text colour on its background has a contrast ratio
// of at least 4.5:1 (checked in the tests).
var badgeColours = map[string][2]string{
	"label":       {"#ffffff", "#3b4252"},
	"report":      {"#ffffff", "#1e6b34"},
	"ready":       {"#ffffff", "#1d4ed8"},
	"in-progress": {"#1a1a1a", "#f2c94c"},
}

// textWidth estimates the width of s in 11px Verdana, the badge font, from
// average advance widths; generous, so that text never overflows.
func textWidth(s string) int {
	w := 0.0
	for _, r := range s {
		switch {
		case strings.ContainsRune("ijl.,:;|!' ", r):
			w += 3.6
		case strings.ContainsRune("mwMW", r):
			w += 10.5
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			w += 7.6
		case r == '/':
			w += 4.8
		default:
			w += 6.8
		}
	}
	return int(w + 0.5)
}

// badgeWidths are the widths of a badge's two halves.
func badgeWidths(f public.Framework) (left, right int) {
	return textWidth(f.Name) + 12, textWidth(badgeText(f)) + 12
}

func badge(f public.Framework) string {
	left, right := f.Name, badgeText(f)
	lw, rw := badgeWidths(f)
	label, value := badgeColours["label"], badgeColours[f.State]
	if value[0] == "" {
		value = badgeColours["in-progress"]
	}
	alt := html.EscapeString(left + ": " + right)
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="%s">`+"\n", lw+rw, alt)
	fmt.Fprintf(&sb, "<title>%s</title>\n", alt)
	fmt.Fprintf(&sb, `<rect width="%d" height="20" rx="3" fill="%s"/>`+"\n", lw, label[1])
	fmt.Fprintf(&sb, `<rect x="%d" width="%d" height="20" rx="3" fill="%s"/>`+"\n", lw, rw, value[1])
	fmt.Fprintf(&sb, `<rect x="%d" width="4" height="20" fill="%s"/>`+"\n", lw, value[1])
	sb.WriteString(`<g font-family="Verdana,DejaVu Sans,Geneva,sans-serif" font-size="11" text-anchor="middle">` + "\n")
	fmt.Fprintf(&sb, `<text x="%d" y="14" fill="%s">%s</text>`+"\n", lw/2, label[0], html.EscapeString(left))
	fmt.Fprintf(&sb, `<text x="%d" y="14" fill="%s">%s</text>`+"\n", lw+rw/2, value[0], html.EscapeString(right))
	sb.WriteString("</g>\n</svg>\n")
	return sb.String()
}
