package english

import "testing"

func TestCount(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "0 records"},
		{1, "1 record"},
		{2, "2 records"},
		{11, "11 records"},
		{21, "21 records"}, // English, not Russian: only one is singular
		{-1, "-1 record"},
	}
	for _, tt := range tests {
		if got := Count(tt.n, "record", "records"); got != tt.want {
			t.Errorf("Count(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestPlural(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "have gaps"},
		{1, "has gaps"},
		{3, "have gaps"},
	}
	for _, tt := range tests {
		if got := Plural(tt.n, "has gaps", "have gaps"); got != tt.want {
			t.Errorf("Plural(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestList(t *testing.T) {
	for _, tc := range []struct {
		items []string
		n     int
		want  string
	}{
		{nil, 3, ""},
		{[]string{"a"}, 3, "a"},
		{[]string{"a", "b", "c"}, 3, "a, b, c"},
		{[]string{"a", "b", "c", "d"}, 3, "a, b, c and 1 more"},
		{[]string{"a", "b", "c", "d", "e"}, 2, "a, b and 3 more"},
	} {
		if got := List(tc.items, tc.n); got != tc.want {
			t.Errorf("List(%q, %d) = %q, want %q", tc.items, tc.n, got, tc.want)
		}
	}
}
