// Package english spells counts in English sentences: "1 record", "2 records".
package english

import "strconv"

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
