package source

import "strings"

// Nearest returns the candidate closest to s by edit distance, ignoring case,
// or "" when none is close enough to be a plausible typo.
func Nearest(s string, candidates []string) string {
	best, bestDist := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		d := distance(ls, strings.ToLower(c))
		if bestDist < 0 || d < bestDist || (d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	limit := max(1, min(3, len(s)/2))
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

// distance is the Levenshtein distance between a and b, over bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// NearestID is Nearest for ids a person types from memory, which often
// leave out a prefix ("access-review" or "ACCESS-REVIEW" for
// CTL-ACCESS-REVIEW): failing an edit-distance match, the one candidate that
// contains s, ignoring case. "" when there is no plausible one.
func NearestID(s string, candidates []string) string {
	if near := Nearest(s, candidates); near != "" {
		return near
	}
	ls := strings.ToLower(s)
	found := ""
	for _, c := range candidates {
		if len(ls) >= 3 && strings.Contains(strings.ToLower(c), ls) {
			if found != "" {
				return "" // two or more: no one guess
			}
			found = c
		}
	}
	return found
}
