// Package english spells counts in English sentences: "1 record", "2 records".
package english

import (
	"strconv"
	"strings"
)

// Count is n followed by the noun in the number n asks for: Count(1,
// "record", "records") is "1 record", Count(0, …) "0 records".
func Count(n int, one, many string) string {
	return strconv.Itoa(n) + " " + Plural(n, one, many)
}

// Plural is the form of a word or phrase that agrees with n: one for 1
// (and -1), many otherwise, zero included. For verbs as for nouns:
// Plural(gaps, "has", "have").
func Plural(n int, one, many string) string {
	if n == 1 || n == -1 {
		return one
	}
	return many
}

// List joins the first n items with commas and says how many it left out:
// List([a b c d e], 3) is "a, b, c and 2 more". Reasons and messages name a
// few examples and count the rest, so a long list stays one readable line.
func List(items []string, n int) string {
	if len(items) > n {
		return strings.Join(items[:n], ", ") + " and " + strconv.Itoa(len(items)-n) + " more"
	}
	return strings.Join(items, ", ")
}
