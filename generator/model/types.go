package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/attest-dev/attest/generator/english"
)

// Visibility says who may see an item: public (the trust center, in full),
// restricted (the trust center by title only) or internal (the private site only).
type Visibility string

const (
	Public     Visibility = "public"
	Restricted Visibility = "restricted"
	Internal   Visibility = "internal"
)

// Visibilities lists the valid values, for validation and messages.
var Visibilities = []string{string(Public), string(Restricted), string(Internal)}

// PolicyStatus is a policy's life-cycle state.
type PolicyStatus string

const (
	Draft    PolicyStatus = "draft"
	Approved PolicyStatus = "approved"
	Retired  PolicyStatus = "retired"
)

var PolicyStatuses = []string{string(Draft), string(Approved), string(Retired)}

// Frequency is how often a control operates.
type Frequency string

const (
	Continuous Frequency = "continuous"
	Daily      Frequency = "daily"
	Weekly     Frequency = "weekly"
	Monthly    Frequency = "monthly"
	Quarterly  Frequency = "quarterly"
	Semiannual Frequency = "semiannual"
	Annual     Frequency = "annual"
	PerEvent   Frequency = "per-event"
)

var Frequencies = []string{"continuous", "daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "per-event"}

// ControlKind is what a control does about a risk.
type ControlKind string

var ControlKinds = []string{"preventive", "detective", "corrective"}

// Result is the outcome recorded with a piece of evidence.
type Result string

const (
	Pass      Result = "pass"
	Exception Result = "exception"
	Fail      Result = "fail"
)

var Results = []string{string(Pass), string(Exception), string(Fail)}

// Date is a calendar date without time of day or zone.
type Date struct{ t time.Time }

// NewDate returns the date of t's year, month and day.
func NewDate(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	return Date{time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

// MakeDate returns the date y-m-d.
func MakeDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD)", s)
	}
	return Date{t}, nil
}

func (d Date) IsZero() bool       { return d.t.IsZero() }
func (d Date) Time() time.Time    { return d.t }
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }
func (d Date) After(o Date) bool  { return d.t.After(o.t) }
func (d Date) Equal(o Date) bool  { return d.t.Equal(o.t) }
func (d Date) Year() int          { return d.t.Year() }
func (d Date) Month() time.Month  { return d.t.Month() }
func (d Date) Day() int           { return d.t.Day() }
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// AddMonths returns the date n months later (earlier when n < 0), on the
// same day of the month, or the month's last day when it is shorter: a month
// after 31 January is 28 or 29 February, as a person reckons it, not 2 or 3
// March, as time.AddDate normalises.
func (d Date) AddMonths(n int) Date {
	if d.IsZero() {
		return d
	}
	first := time.Date(d.t.Year(), d.t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return Date{first.AddDate(0, 0, min(d.t.Day(), last)-1)}
}

// Compare returns -1, 0 or 1.
func (d Date) Compare(o Date) int { return d.t.Compare(o.t) }

// String returns YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// MarshalText writes YYYY-MM-DD so dates read naturally in JSON outputs.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Cycle is a review cycle such as "12 months", "6 months", "1 year" or "90 days".
type Cycle struct {
	Months int
	Days   int
}

// ParseCycle reads "N months", "N years", "N weeks" or "N days" (singular forms too).
func ParseCycle(s string) (Cycle, error) {
	fields := strings.Fields(strings.ToLower(s))
	if len(fields) != 2 {
		return Cycle{}, fmt.Errorf("%q is not a review cycle: write e.g. \"12 months\", \"1 year\" or \"90 days\"", s)
	}
	n, err := strconv.Atoi(fields[0])
	if err != nil || n <= 0 {
		return Cycle{}, fmt.Errorf("%q is not a review cycle: the count must be a positive whole number, e.g. \"12 months\"", s)
	}
	switch strings.TrimSuffix(fields[1], "s") {
	case "month":
		return Cycle{Months: n}, nil
	case "year":
		return Cycle{Months: 12 * n}, nil
	case "week":
		return Cycle{Days: 7 * n}, nil
	case "day":
		return Cycle{Days: n}, nil
	}
	return Cycle{}, fmt.Errorf("%q is not a review cycle: the unit must be days, weeks, months or years", s)
}

// IsZero reports whether no cycle is set.
func (c Cycle) IsZero() bool { return c.Months == 0 && c.Days == 0 }

// After returns the date one cycle after d: months as Date.AddMonths counts
// them (a year after 29 February is 28 February), then days.
func (c Cycle) After(d Date) Date { return d.AddMonths(c.Months).AddDays(c.Days) }

func (c Cycle) String() string {
	switch {
	case c.IsZero():
		return ""
	case c.Days == 0 && c.Months%12 == 0:
		return english.Count(c.Months/12, "year", "years")
	case c.Days == 0:
		return english.Count(c.Months, "month", "months")
	case c.Days%7 == 0:
		return english.Count(c.Days/7, "week", "weeks")
	}
	return english.Count(c.Days, "day", "days")
}
