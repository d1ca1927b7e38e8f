package model

import (
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{"2026-06-30", "2026-06-30", ""},
		{"2024-02-29", "2024-02-29", ""},
		{"2025-02-29", "", "is not a date"},
		{"2026-6-30", "", "want YYYY-MM-DD"},
		{"", "", "is not a date"},
	} {
		d, err := ParseDate(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseDate(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || d.String() != tc.want {
			t.Errorf("ParseDate(%q) = %s, %v; want %s", tc.in, d, err, tc.want)
		}
	}
	if (Date{}).String() != "" || !(Date{}).IsZero() {
		t.Error("the zero date is not empty")
	}
	// A time late in the day in another zone is the date it has there.
	if got := NewDate(time.Date(2026, 6, 30, 23, 30, 0, 0, time.FixedZone("PDT", -7*3600))); got.String() != "2026-06-30" {
		t.Errorf("NewDate = %s", got)
	}
}

// TestAddMonths: months are counted as a person counts them; a shorter
// month ends the count on its last day rather than spilling into the next.
func TestAddMonths(t *testing.T) {
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-01-15", 1, "2026-02-15"},
		{"2026-01-31", 1, "2026-02-28"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2026-03-31", -1, "2026-02-28"},
		{"2026-05-31", -12, "2025-05-31"},
		{"2026-12-31", 2, "2027-02-28"},
		{"2026-08-31", 1, "2026-09-30"},
		{"2026-01-01", 36, "2029-01-01"},
	} {
		d, _ := ParseDate(tc.from)
		if got := d.AddMonths(tc.n).String(); got != tc.want {
			t.Errorf("%s + %d months = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
	if !(Date{}).AddMonths(3).IsZero() {
		t.Error("the zero date moved")
	}
}

func TestParseCycle(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{"12 months", "1 year", ""},
		{"1 year", "1 year", ""},
		{"2 Years", "2 years", ""},
		{"6 months", "6 months", ""},
		{"1 month", "1 month", ""},
		{"2 weeks", "2 weeks", ""},
		{"90 days", "90 days", ""},
		{"14 days", "2 weeks", ""},
		{"annually", "", "is not a review cycle"},
		{"0 months", "", "positive whole number"},
		{"-3 months", "", "positive whole number"},
		{"3 fortnights", "", "days, weeks, months or years"},
	} {
		c, err := ParseCycle(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseCycle(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || c.String() != tc.want {
			t.Errorf("ParseCycle(%q) = %q, %v; want %q", tc.in, c, err, tc.want)
		}
	}
}

// TestNextReview: a policy is due for review one cycle after its last
// review, and overdue only when approved and past that date.
func TestNextReview(t *testing.T) {
	d := func(s string) Date {
		day, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return day
	}
	yearly := Cycle{Months: 12}
	p := &Policy{Status: Approved, ReviewCycle: yearly, LastReview: d("2024-02-29")}
	if got := p.NextReview().String(); got != "2025-02-28" {
		t.Errorf("next review = %s, want 2025-02-28", got)
	}
	for _, tc := range []struct {
		at     string
		status PolicyStatus
		want   bool
	}{
		{"2025-02-28", Approved, false},
		{"2025-03-01", Approved, true},
		{"2025-03-01", Draft, false},
	} {
		p.Status = tc.status
		if got := p.ReviewOverdue(d(tc.at)); got != tc.want {
			t.Errorf("%s policy overdue on %s = %v, want %v", tc.status, tc.at, got, tc.want)
		}
	}
	if !(&Policy{ReviewCycle: yearly}).NextReview().IsZero() {
		t.Error("a policy never reviewed has a next review date")
	}
	if got := (Cycle{Days: 90}).After(d("2026-01-01")).String(); got != "2026-04-01" {
		t.Errorf("90 days after 2026-01-01 = %s", got)
	}
}
