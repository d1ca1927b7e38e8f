package status

import (
	"fmt"
	"time"

	"github.com/attest-dev/attest/generator/model"
)

// interval is the length, in months, of the window in which a control of
// frequency f must operate once. Daily, weekly and continuous controls are
// sampled monthly: an auditor tests a sample, and one record per month is what
// the issue asks of continuous controls. Per-event controls use twelve months
// as their look-back for a type 1 report.
func interval(f model.Frequency) int {
	switch f {
	case model.Quarterly:
		return 3
	case model.Semiannual:
		return 6
	case model.Annual, model.PerEvent:
		return 12
	}
	return 1
}

// occurrences lists the windows in which c had to operate, judged over
// [start, end] (type 2) or as of end (type 1, start == end).
func occurrences(c *model.Control, reportType int, start, end model.Date) []Occurrence {
	if end.IsZero() {
		return nil
	}
	if reportType == 1 {
		return []Occurrence{{
			Label: "as of " + end.String(),
			From:  monthsBefore(end, interval(c.Frequency)),
			To:    end,
			end:   end,
		}}
	}
	if start.IsZero() || end.Before(start) {
		return nil
	}
	switch c.Frequency {
	case model.Annual:
		return []Occurrence{{
			Label: "12 months to " + end.String(),
			From:  monthsBefore(end, 12),
			To:    end,
			end:   end,
		}}
	case model.PerEvent:
		return perEvent(c, start, end)
	}
	return calendarWindows(start, end, interval(c.Frequency))
}

// calendarWindows cuts [start, end] into calendar months, quarters or halves.
// Windows the period cuts at its edges are kept, clipped to the period and
// marked Partial: the control had to operate on those days too. Their due
// date still follows the natural window, since a quarterly review of a
// quarter the period ends inside is done after that quarter ends.
func calendarWindows(start, end model.Date, months int) []Occurrence {
	first := model.MakeDate(start.Year(), start.Month()-time.Month((int(start.Month())-1)%months), 1)
	var out []Occurrence
	for from := first; !from.After(end); from = from.AddMonths(months) {
		natural := from.AddMonths(months).AddDays(-1)
		o := Occurrence{Label: windowLabel(from, months), From: from, To: natural, end: natural}
		if from.Before(start) {
			o.From, o.Partial = start, true
		}
		if natural.After(end) {
			o.To, o.Partial = end, true
		}
		out = append(out, o)
	}
	return out
}

func windowLabel(from model.Date, months int) string {
	switch months {
	case 3:
		return fmt.Sprintf("%d-Q%d", from.Year(), (int(from.Month())-1)/3+1)
	case 6:
		return fmt.Sprintf("%d-H%d", from.Year(), (int(from.Month())-1)/6+1)
	}
	return fmt.Sprintf("%d-%02d", from.Year(), int(from.Month()))
}

// perEvent gives one occurrence per linked incident detected in the period,
// from detection to resolution (or detection alone while it is unresolved,
// so that an open incident is still due for a response record). With no
// incident in the period — there is no change register yet — the control
// must show one record for the period as a whole.
func perEvent(c *model.Control, start, end model.Date) []Occurrence {
	var out []Occurrence
	for _, in := range c.Incidents {
		if in.Detected.Before(start) || in.Detected.After(end) {
			continue
		}
		natural := in.Resolved
		if natural.IsZero() {
			natural = in.Detected
		}
		o := Occurrence{Label: in.ID, From: in.Detected, To: natural, end: natural, Incident: in}
		if natural.After(end) {
			o.To, o.Partial = end, true
		}
		out = append(out, o)
	}
	if len(out) == 0 {
		out = append(out, Occurrence{Label: "period", From: start, To: end, end: end})
	}
	return out
}

// monthsBefore returns the first day of the n months that end on end: the
// calendar months when end is a month's last day (2026-02-28 → 2025-03-01),
// otherwise the day after the same day n months earlier, clamped to short
// months (2026-05-15, 3 → 2026-02-16).
func monthsBefore(end model.Date, n int) model.Date {
	if end.AddDays(1).Day() == 1 {
		return model.MakeDate(end.Year(), end.Month()-time.Month(n)+1, 1)
	}
	y, m := end.Year(), end.Month()-time.Month(n)
	first := model.MakeDate(y, m, 1) // normalises the month into range
	last := first.AddMonths(1).AddDays(-1).Day()
	return model.MakeDate(first.Year(), first.Month(), min(end.Day(), last)).AddDays(1)
}

// columns returns the heat map's columns: calendar months of the period,
// clipped at its edges, or one column for a type 1 report.
func columns(reportType int, start, end model.Date) []Column {
	if end.IsZero() {
		return nil
	}
	if reportType == 1 {
		return []Column{{Label: "as of " + end.String(), From: end, To: end}}
	}
	ws := calendarWindows(start, end, 1)
	out := make([]Column, len(ws))
	for i, w := range ws {
		out[i] = Column{Label: w.Label, From: w.From, To: w.To}
	}
	return out
}

// overlaps reports whether [a1, a2] and [b1, b2] share a day.
func overlaps(a1, a2, b1, b2 model.Date) bool { return !a2.Before(b1) && !b2.Before(a1) }

// cells fills a control's heat-map row from its occurrences.
func cells(cols []Column, occ []Occurrence) []Cell {
	out := make([]Cell, len(cols))
	for i, col := range cols {
		cell := Cell{State: None}
		for _, o := range occ {
			if !overlaps(o.From, o.To, col.From, col.To) {
				continue
			}
			cell.Occurrences = append(cell.Occurrences, o.Label)
			st, reason := o.State, o.Reason
			if st == Exception && len(cols) > 1 && !notedIn(o.noted, col) {
				st, reason = Operating, "no exception noted in this period ("+spans(o.noted)+")"
			}
			if st.severity() > cell.State.severity() || cell.State == None {
				cell.State, cell.Reason = st, reason
			}
		}
		out[i] = cell
	}
	return out
}

// notedIn reports whether a record covers a day of the column. With one
// column (a type 1 report, judged as of one date) the column stands for
// the whole window and the caller does not ask.
func notedIn(noted []*model.Evidence, col Column) bool {
	for _, e := range noted {
		if overlaps(e.CoversFrom, e.CoversTo, col.From, col.To) {
			return true
		}
	}
	return false
}

// spans says which days records cover: "EV-1 covers 2026-03-01 to 2026-03-31".
func spans(evidence []*model.Evidence) string {
	var parts []string
	for _, e := range evidence {
		parts = append(parts, fmt.Sprintf("%s covers %s to %s", e.ID, e.CoversFrom, e.CoversTo))
	}
	return list(parts)
}
