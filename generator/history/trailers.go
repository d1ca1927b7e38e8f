package history

import (
	"fmt"
	"strings"
)

// Trailer is one "Key: value" line of a commit message's trailer block, such
// as "Approved-by: Jane Doe <jane@example.com>", as git reads it.
type Trailer struct {
	Key   string
	Value string
}

// The trailers that record a review. Keys compare case-insensitively, as git's do.
const (
	ApprovedBy = "Approved-by"
	ReviewedBy = "Reviewed-by"
)

// subjectOf returns a message's subject: its first paragraph, on one line,
// as git's %s gives it.
func subjectOf(msg string) string {
	var lines []string
	for _, l := range strings.Split(msg, "\n") {
		if strings.TrimSpace(l) == "" {
			if lines != nil {
				break
			}
			continue
		}
		lines = append(lines, strings.TrimSpace(l))
	}
	return strings.Join(lines, " ")
}

// trailerArgs is the git log run that reads the review trailers of every
// commit reachable from tip. Who approved a change is audit evidence, so
// git's own trailer parser (%(trailers)) decides what a trailer is — its
// rules for the last paragraph, continuation lines, git-written lines and
// the 25% mix of prose — rather than a parser of ours that could differ.
func trailerArgs(tip string) []string {
	return []string{"log", "--no-color", "--no-show-signature",
		"--format=%H%x1f%(trailers:key=" + ApprovedBy + ",key=" + ReviewedBy + ",unfold,separator=%x1e)", tip, "--"}
}

// parseTrailerLog reads the output of git log with trailerArgs: a line per
// commit, its id, a unit separator, and its trailers ("Key: value", folded
// lines unfolded) separated by record separators.
func parseTrailerLog(out []byte) (map[string][]Trailer, error) {
	m := map[string][]Trailer{}
	for n, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		if line == "" {
			continue
		}
		id, list, ok := strings.Cut(line, "\x1f")
		if !ok || !isHex(id) {
			return nil, fmt.Errorf("git log trailers, line %d: want a commit id and its trailers, got %q", n+1, line)
		}
		if list == "" {
			continue
		}
		for _, t := range strings.Split(list, "\x1e") {
			key, val, ok := strings.Cut(t, ":")
			if !ok || strings.TrimSpace(key) == "" {
				return nil, fmt.Errorf("git log trailers, line %d: %q is not a trailer", n+1, t)
			}
			m[id] = append(m[id], Trailer{Key: strings.TrimSpace(key), Value: strings.TrimSpace(val)})
		}
	}
	return m, nil
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
