package history

import (
	"strings"
)

// Trailer is one "Key: value" line of a commit message's trailer block, such
// as "Approved-by: Jane Doe <jane@example.com>".
type Trailer struct {
	Key   string
	Value string
}

// The trailers that record a review. Keys compare case-insensitively, as git's do.
const (
	ApprovedBy = "Approved-by"
	ReviewedBy = "Reviewed-by"
)

// splitMessage returns a message's subject (its first paragraph, on one line,
// as git's %s gives it) and the trailers of its last paragraph.
func splitMessage(msg string) (subject string, trailers []Trailer) {
	paras := paragraphs(msg)
	if len(paras) == 0 {
		return "", nil
	}
	subject = strings.Join(trimAll(paras[0]), " ")
	if len(paras) > 1 {
		trailers = parseTrailers(paras[len(paras)-1])
	}
	return subject, trailers
}

// paragraphs splits a message into runs of non-blank lines.
func paragraphs(msg string) [][]string {
	var out [][]string
	var cur []string
	for _, l := range strings.Split(msg, "\n") {
		if strings.TrimSpace(l) == "" {
			if cur != nil {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, l)
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out
}

func trimAll(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimSpace(l)
	}
	return out
}

// parseTrailers reads a paragraph as a trailer block the way git
// interpret-trailers does: every line is "Token: value" or continues the
// previous value on a line that starts with white space; or, when git itself
// wrote one of the lines (Signed-off-by:, "(cherry picked from commit …)"),
// at least a quarter of the lines are trailers. Otherwise it is prose and
// has no trailers.
func parseTrailers(lines []string) []Trailer {
	var out []Trailer
	trailerLines, other := 0, 0
	gitWritten := false
	for _, l := range lines {
		if (l[0] == ' ' || l[0] == '\t') && len(out) > 0 {
			out[len(out)-1].Value += " " + strings.TrimSpace(l)
			continue
		}
		if strings.HasPrefix(l, "(cherry picked from commit ") {
			gitWritten = true
			other++
			continue
		}
		key, val, ok := cutTrailer(l)
		if !ok {
			other++
			continue
		}
		if strings.EqualFold(key, "Signed-off-by") {
			gitWritten = true
		}
		trailerLines++
		out = append(out, Trailer{Key: key, Value: val})
	}
	if trailerLines == 0 || (other > 0 && !(gitWritten && trailerLines*3 >= other)) {
		return nil
	}
	return out
}

// cutTrailer splits "Token: value". A token is letters, digits and hyphens,
// optionally followed by white space before the colon.
func cutTrailer(l string) (key, val string, ok bool) {
	i := strings.IndexByte(l, ':')
	if i <= 0 {
		return "", "", false
	}
	key = strings.TrimRight(l[:i], " \t")
	if key == "" {
		return "", "", false
	}
	for j := 0; j < len(key); j++ {
		c := key[j]
		if !(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return "", "", false
		}
	}
	if key[0] == '-' {
		return "", "", false
	}
	return key, strings.TrimSpace(l[i+1:]), true
}

// Person is a name with an optional email, as trailers and signatures write it.
type Person struct {
	Name  string
	Email string
}

// ParsePerson reads "Jane Doe <jane@example.com>", "Jane Doe" or "<jane@example.com>".
func ParsePerson(s string) Person {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '<'); i >= 0 && strings.HasSuffix(s, ">") {
		return Person{Name: strings.TrimSpace(s[:i]), Email: s[i+1 : len(s)-1]}
	}
	return Person{Name: s}
}

// String returns the name, or the email when there is no name.
func (p Person) String() string {
	if p.Name != "" {
		return p.Name
	}
	return p.Email
}
