package comply

import (
	"strconv"
	"strings"
	"time"

	"github.com/attest-dev/attest/generator/model"
)

// Frequency reads a comply procedure's cron schedule — robfig/cron's
// form, seconds first ("0 0 0 15 * *": the 15th of every month), five
// fields without the weekday, or a descriptor such as "@monthly" or
// "@every 24h" — as how often the control operates. ok is false when the
// schedule cannot be read; then the frequency is a guess to check.
func Frequency(spec string) (f model.Frequency, ok bool) {
	spec = strings.TrimSpace(spec)
	if strings.HasPrefix(spec, "@") {
		return descriptor(spec)
	}
	fs := strings.Fields(spec)
	// TZ=… and CRON_TZ=… prefixes name a zone, not a time.
	if len(fs) > 0 && (strings.HasPrefix(fs[0], "TZ=") || strings.HasPrefix(fs[0], "CRON_TZ=")) {
		fs = fs[1:]
	}
	if len(fs) == 5 {
		fs = append(fs, "*")
	}
	if len(fs) != 6 {
		return model.Quarterly, false
	}
	sec, min, hour, dom, month, dow := fs[0], fs[1], fs[2], fs[3], fs[4], fs[5]
	months, ok1 := count(month, 1, 12)
	days, ok2 := count(dom, 1, 31)
	weekdays, ok3 := count(dow, 0, 6)
	hours, ok4 := count(hour, 0, 23)
	minutes, ok5 := count(min, 0, 59)
	seconds, ok6 := count(sec, 0, 59)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return model.Quarterly, false
	}
	// Runs a year, as cron counts them: a day matches when its day of the
	// month or its weekday does, if both are restricted.
	var perYear float64
	switch {
	case isAny(dom) && isAny(dow):
		perYear = float64(months) * 365 / 12
	case isAny(dow):
		perYear = float64(months * days)
	case isAny(dom):
		perYear = float64(months) * float64(weekdays) * 52 / 12
	default:
		perYear = float64(months) * (float64(days) + float64(weekdays)*52/12)
	}
	// Several runs a day are continuous operation, as sampling guides count it.
	return byRuns(perYear * float64(hours*minutes*seconds)), true
}

// byRuns is the frequency of something that runs n times a year.
func byRuns(n float64) model.Frequency {
	switch {
	case n > 365:
		return model.Continuous
	case n >= 180:
		return model.Daily
	case n >= 40:
		return model.Weekly
	case n >= 10:
		return model.Monthly
	case n >= 3:
		return model.Quarterly
	case n >= 2:
		return model.Semiannual
	}
	return model.Annual
}

func descriptor(spec string) (model.Frequency, bool) {
	switch spec {
	case "@yearly", "@annually":
		return model.Annual, true
	case "@monthly":
		return model.Monthly, true
	case "@weekly":
		return model.Weekly, true
	case "@daily", "@midnight":
		return model.Daily, true
	case "@hourly":
		return model.Continuous, true
	}
	if d, found := strings.CutPrefix(spec, "@every "); found {
		every, err := time.ParseDuration(strings.TrimSpace(d))
		if err != nil || every <= 0 {
			return model.Quarterly, false
		}
		return byRuns(float64(365*24*time.Hour) / float64(every)), true
	}
	return model.Quarterly, false
}

func isAny(f string) bool { return f == "*" || f == "?" }

// count returns how many values of lo…hi the cron field f matches: "*",
// "?", numbers, names (JAN, MON), ranges, lists and steps.
func count(f string, lo, hi int) (int, bool) {
	seen := map[int]bool{}
	for part := range strings.SplitSeq(f, ",") {
		rng, stepText, hasStep := strings.Cut(part, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n <= 0 {
				return 0, false
			}
			step = n
		}
		from, to := lo, hi
		switch {
		case rng == "*" || rng == "?":
		case strings.Contains(rng, "-"):
			a, b, _ := strings.Cut(rng, "-")
			x, ok1 := cronValue(a)
			y, ok2 := cronValue(b)
			if !ok1 || !ok2 || x > y {
				return 0, false
			}
			from, to = x, y
		default:
			x, ok := cronValue(rng)
			if !ok {
				return 0, false
			}
			from, to = x, x
			if hasStep {
				to = hi
			}
		}
		if from < lo || to > hi {
			return 0, false
		}
		for v := from; v <= to; v += step {
			seen[v] = true
		}
	}
	return len(seen), len(seen) > 0
}

var cronNames = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
	"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6,
}

func cronValue(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	n, ok := cronNames[strings.ToLower(s)]
	return n, ok
}
