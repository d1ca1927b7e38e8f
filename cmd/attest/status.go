package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/evidence"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/progress"
	"github.com/attest-dev/attest/generator/status"
)

func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("status [flags]",
		"Summarises the program's derived status: readiness per framework and category, the\n"+
			"actions that close its gaps (approve a policy, collect a control's missing evidence…),\n"+
			"each with what it unblocks, its owner and due date, exceptions, overdue reviews and\n"+
			"what falls due soon. -verbose lists every gap too: each missing, late or failed\n"+
			"occurrence and policy problem. Colour on a terminal, plain when piped.\n"+
			"Exit status 0 whatever the status; 1 if the program has errors.",
		"  attest status\n  attest status -today 2026-07-15 -format json | jq '.gaps[]'",
		stdout)
	dir := fl.String("C", ".", "program `directory`")
	format := fl.String("format", "text", "output `format`: text or json")
	today := fl.String("today", "", "judge deadlines as of this `date` (YYYY-MM-DD; default today)")
	horizon := fl.Int("horizon", status.DefaultHorizon, "list what falls due within this many `days`")
	color := fl.String("color", "auto", "colour: auto (on a terminal), always or never")
	verbose := fl.Bool("verbose", false, "list every gap (each missing, late or failed occurrence, each policy problem) as well as the actions")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return &usageError{fmt.Sprintf("unknown -format %q: want text or json", *format)}
	}
	if *color != "auto" && *color != "always" && *color != "never" {
		return &usageError{fmt.Sprintf("unknown -color %q: want auto, always or never", *color)}
	}
	if *horizon < 1 {
		return &usageError{"-horizon must be at least 1 day"}
	}
	day := model.NewDate(time.Now())
	if *today != "" {
		d, err := model.ParseDate(*today)
		if err != nil {
			return &usageError{"-today: " + err.Error()}
		}
		day = d
	}

	src, err := openProgram(*dir, true, stderr)
	if err != nil {
		return err
	}
	opts := compile.Options{Today: day}
	var cache *evidence.Cache
	if src.Dir != "" {
		if !cachesOff() {
			cache = evidence.OpenCache(src.Dir)
			opts.Hasher = cache
		}
		h, err := history.Load(ctx, src.Dir, history.Options{Paths: []string{compile.PoliciesDir}})
		if err == nil {
			defer h.Close()
			opts.Reviews = h
		}
	}
	res := compile.Compile(src.FS, opts)
	if cache != nil {
		_ = cache.Save() // the cache only saves time; failing to save it is no failure
	}
	if res.Diags.HasErrors() {
		_ = diag.Write(stderr, "text", res.Diags.Errors())
		return &problemsError{"the program has errors, so its status cannot be trusted; fix them (attest check) and run again"}
	}
	r := status.EvaluateWith(res.Program, status.Options{Today: day, Horizon: *horizon})
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(statusJSON(res.Program, r, *horizon))
	}
	useColor := *color == "always" || (*color == "auto" && progress.IsTerminal(stdout) && os.Getenv("NO_COLOR") == "")
	writeStatus(stdout, res.Program, r, statusText{horizon: *horizon, isToday: *today == "", verbose: *verbose, c: palette(useColor)})
	return nil
}

// colors holds the escape sequences of one output; all empty when plain.
type colors struct{ bold, dim, reset string }

func palette(on bool) colors {
	if !on {
		return colors{}
	}
	return colors{bold: "\x1b[1m", dim: "\x1b[2m", reset: "\x1b[0m"}
}

// state paints a state word in its colour: green operating, yellow
// exception, red gap, cyan not yet due.
func (c colors) state(s status.State, text string) string {
	if c.reset == "" {
		return text
	}
	code := map[status.State]string{
		status.Operating: "32", status.Exception: "33", status.Gap: "31",
		status.NotYetDue: "36", status.NotApplicable: "2",
	}[s]
	if code == "" {
		return text
	}
	return "\x1b[" + code + "m" + text + c.reset
}

func (c colors) heading(w io.Writer, title string, n int) {
	fmt.Fprintf(w, "\n%s%s (%d)%s\n", c.bold, title, n, c.reset)
}

// statusText is how writeStatus prints: isToday says the report is judged
// at the current date rather than a -today, which a build of the same
// commit may not share; verbose lists every gap besides the actions.
type statusText struct {
	horizon          int
	isToday, verbose bool
	c                colors
}

// writeStatus prints the report.
func writeStatus(w io.Writer, p *model.Program, r *status.Report, opts statusText) {
	horizon, isToday, c := opts.horizon, opts.isToday, opts.c
	a := p.Config.Audit
	scope := fmt.Sprintf("type 1 report as of %s", a.AsOf)
	if r.ReportType == 2 {
		scope = fmt.Sprintf("type 2 report, %s to %s", a.PeriodStart, a.PeriodEnd)
	}
	when := r.Evaluated.String()
	if isToday {
		when += " (today; attest build judges at its commit's date: give -today to compare)"
	}
	fmt.Fprintf(w, "%s%s%s: %s; judged as of %s (evidence due %s after each period)\n",
		c.bold, p.Config.Organization.Name, c.reset, scope, when, english.Count(r.Grace, "day", "days"))

	fmt.Fprintf(w, "\n%sReadiness%s\n", c.bold, c.reset)
	for _, fs := range r.Frameworks {
		word, st := "not ready", status.Gap
		if fs.Ready {
			word, st = "ready", status.Operating
		}
		fmt.Fprintf(w, "  %-28s %s  %s\n", fs.Framework.Name, c.state(st, fmt.Sprintf("%-9s", word)), fs.Reason)
		for _, g := range fs.Groups {
			name := g.Group.Name
			if name == "" {
				name = g.Group.ID
			}
			st := status.Operating
			switch {
			case g.Tally.Gap > 0:
				st = status.Gap
			case g.Tally.NotYetDue > 0:
				st = status.NotYetDue
			case g.Tally.Exception > 0:
				st = status.Exception
			}
			fmt.Fprintf(w, "    %-26s %s\n", name, c.state(st, fmt.Sprintf("%d/%d", g.Met, g.Total)))
		}
	}
	t := r.Counts
	fmt.Fprintf(w, "\n%sControls%s  %s, %s, %s, %s\n", c.bold, c.reset,
		c.state(status.Operating, fmt.Sprintf("%d operating", t.Operating)),
		c.state(status.Exception, fmt.Sprintf("%d with exceptions", t.Exception)),
		c.state(status.Gap, fmt.Sprintf("%d with gaps", t.Gap)),
		c.state(status.NotYetDue, fmt.Sprintf("%d not yet due", t.NotYetDue)))

	fmt.Fprintf(w, "\n%sActions (%d, closing %s)%s\n", c.bold, len(r.Actions), english.Count(len(r.Gaps), "gap", "gaps"), c.reset)
	for _, act := range r.Actions {
		due := "no date"
		if !act.Due.IsZero() {
			due = act.Due.String()
		}
		owner := act.Owner
		if owner == "" {
			owner = "unassigned"
		}
		fmt.Fprintf(w, "  %s  %s  %s\n", c.state(status.Gap, fmt.Sprintf("%-10s", due)), act.Summary, owner)
		fmt.Fprintf(w, "      %s\n", unblocks(r, act))
		fmt.Fprintf(w, "      %s%s%s\n", c.dim, act.What, c.reset)
	}

	c.heading(w, "Gaps", len(r.Gaps))
	if !opts.verbose && len(r.Gaps) > 0 {
		fmt.Fprintf(w, "  %seach missing, late or failed occurrence and policy problem: attest status -verbose%s\n", c.dim, c.reset)
	}
	for _, g := range r.Gaps {
		if !opts.verbose {
			break // the actions above say what closes them
		}
		label := g.Occurrence.Label
		if g.Policy != nil {
			label = "policy " + g.Policy.ID
		}
		fmt.Fprintf(w, "  %-22s %-22s %s  %s\n", g.Control.ID, label, c.state(status.Gap, fmt.Sprintf("%-19s", g.Cause)), g.Owner)
		fmt.Fprintf(w, "      %s%s%s\n", c.dim, g.Action, c.reset)
	}

	c.heading(w, "Exceptions", len(r.Exceptions))
	for _, e := range r.Exceptions {
		what := e.Evidence.ID
		if e.Remediation != nil {
			what += " failed, remediated by " + e.Remediation.ID
		}
		fmt.Fprintf(w, "  %-22s %-22s %s  %s\n", e.Control.ID, strings.Join(e.Occurrences, ","), c.state(status.Exception, what), e.Owner)
		if e.Evidence.Note != "" {
			fmt.Fprintf(w, "      %s%s%s\n", c.dim, oneLine(e.Evidence.Note), c.reset)
		}
	}

	c.heading(w, "Overdue", len(r.Overdue))
	for _, d := range r.Overdue {
		fmt.Fprintf(w, "  %s  %-14s %s  %s\n", c.state(status.Gap, d.Due.String()), d.Kind, d.What, d.Owner)
	}

	c.heading(w, "Due in the next "+english.Count(horizon, "day", "days"), len(r.Upcoming))
	for _, d := range r.Upcoming {
		fmt.Fprintf(w, "  %s  %-14s %s  %s\n", c.state(status.NotYetDue, d.Due.String()), d.Kind, d.What, d.Owner)
	}
}

// unblocks says what an action unblocks: the controls whose gaps it closes
// and the criteria with gaps they map to.
func unblocks(r *status.Report, act status.Action) string {
	var parts []string
	if n := len(act.Controls); n > 0 {
		ids := make([]string, n)
		for i, c := range act.Controls {
			ids[i] = c.ID
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", english.Count(n, "control", "controls"), english.List(ids, 6)))
	}
	if n := len(act.Criteria); n > 0 {
		names := make([]string, n)
		for i, cr := range act.Criteria {
			names[i] = cr.Criterion.ID
			if len(r.Frameworks) > 1 {
				names[i] = cr.Criterion.Framework + ":" + cr.Criterion.ID
			}
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", english.Count(n, "criterion", "criteria"), english.List(names, 8)))
	}
	if len(parts) == 0 {
		return "unblocks no criterion in scope"
	}
	return "unblocks " + strings.Join(parts, " and ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// statusJSON is the shape of `attest status -format json`: stable keys,
// dates as YYYY-MM-DD, lists in the report's order.
func statusJSON(p *model.Program, r *status.Report, horizon int) any {
	type group struct {
		ID    string       `json:"id"`
		Name  string       `json:"name"`
		Met   int          `json:"met"`
		Total int          `json:"total"`
		Tally status.Tally `json:"criteria"`
	}
	type criterion struct {
		ID       string   `json:"id"`
		Title    string   `json:"title"`
		Group    string   `json:"group"`
		State    string   `json:"state"`
		Reason   string   `json:"reason"`
		Controls []string `json:"controls"`
	}
	type framework struct {
		ID       string       `json:"id"`
		Name     string       `json:"name"`
		Ready    bool         `json:"ready"`
		Met      int          `json:"met"`
		Total    int          `json:"total"`
		Reason   string       `json:"reason"`
		Tally    status.Tally `json:"criteria"`
		Groups   []group      `json:"groups"`
		Criteria []criterion  `json:"criteria_list"`
	}
	type occurrence struct {
		Label    string   `json:"label"`
		From     string   `json:"from"`
		To       string   `json:"to"`
		Partial  bool     `json:"partial"`
		Due      string   `json:"due"`
		State    string   `json:"state"`
		Cause    string   `json:"cause,omitempty"`
		Reason   string   `json:"reason"`
		Evidence []string `json:"evidence"`
	}
	type control struct {
		ID          string       `json:"id"`
		Title       string       `json:"title"`
		Owner       string       `json:"owner"`
		Frequency   string       `json:"frequency"`
		State       string       `json:"state"`
		Cause       string       `json:"cause,omitempty"`
		Reason      string       `json:"reason"`
		Tally       status.Tally `json:"occurrences_by_state"`
		Occurrences []occurrence `json:"occurrences"`
	}
	type gap struct {
		Control    string `json:"control"`
		Occurrence string `json:"occurrence,omitempty"`
		From       string `json:"from,omitempty"`
		To         string `json:"to,omitempty"`
		Policy     string `json:"policy,omitempty"`
		Due        string `json:"due,omitempty"`
		Cause      string `json:"cause"`
		Owner      string `json:"owner"`
		Reason     string `json:"reason"`
		Action     string `json:"action"`
	}
	type criterionRef struct {
		Framework string `json:"framework"`
		ID        string `json:"id"`
	}
	type gapRef struct {
		Control    string `json:"control"`
		Occurrence string `json:"occurrence,omitempty"`
		Policy     string `json:"policy,omitempty"`
		Cause      string `json:"cause"`
	}
	type action struct {
		Kind      string        `json:"kind"`
		Summary   string        `json:"summary"`
		What      string        `json:"what"`
		Owner     string        `json:"owner"`
		Due       string        `json:"due,omitempty"`
		Policy    string        `json:"policy,omitempty"`
		Control   string        `json:"control,omitempty"`
		Criterion *criterionRef `json:"criterion,omitempty"`
		Gaps      []gapRef      `json:"gaps"`
		Unblocks  struct {
			Controls []string       `json:"controls"`
			Criteria []criterionRef `json:"criteria"`
		} `json:"unblocks"`
	}
	type exception struct {
		Control      string   `json:"control"`
		Evidence     string   `json:"evidence"`
		Result       string   `json:"result"`
		RemediatedBy string   `json:"remediated_by,omitempty"`
		Occurrences  []string `json:"occurrences"`
		Owner        string   `json:"owner"`
		Note         string   `json:"note,omitempty"`
	}
	type due struct {
		Due   string `json:"due"`
		Kind  string `json:"kind"`
		ID    string `json:"id"`
		Label string `json:"label,omitempty"`
		Owner string `json:"owner,omitempty"`
		What  string `json:"what"`
	}
	out := struct {
		Organization string       `json:"organization"`
		ReportType   int          `json:"report_type"`
		PeriodStart  string       `json:"period_start"`
		PeriodEnd    string       `json:"period_end"`
		Evaluated    string       `json:"evaluated"`
		GraceDays    int          `json:"grace_days"`
		HorizonDays  int          `json:"horizon_days"`
		Frameworks   []framework  `json:"frameworks"`
		Controls     status.Tally `json:"controls"`
		ControlList  []control    `json:"control_list"`
		Actions      []action     `json:"actions"`
		Gaps         []gap        `json:"gaps"`
		Exceptions   []exception  `json:"exceptions"`
		Overdue      []due        `json:"overdue"`
		Upcoming     []due        `json:"upcoming"`
	}{
		Organization: p.Config.Organization.Name,
		ReportType:   r.ReportType,
		PeriodStart:  r.PeriodStart.String(),
		PeriodEnd:    r.PeriodEnd.String(),
		Evaluated:    r.Evaluated.String(),
		GraceDays:    r.Grace,
		HorizonDays:  horizon,
		Controls:     r.Counts,
		Frameworks:   []framework{},
		ControlList:  []control{},
		Actions:      []action{},
		Gaps:         []gap{},
		Exceptions:   []exception{},
		Overdue:      []due{},
		Upcoming:     []due{},
	}
	for _, fs := range r.Frameworks {
		f := framework{ID: fs.Framework.ID, Name: fs.Framework.Name, Ready: fs.Ready, Met: fs.Met, Total: fs.Total, Reason: fs.Reason, Tally: fs.Tally, Groups: []group{}, Criteria: []criterion{}}
		for _, g := range fs.Groups {
			f.Groups = append(f.Groups, group{ID: g.Group.ID, Name: g.Group.Name, Met: g.Met, Total: g.Total, Tally: g.Tally})
			for _, cs := range g.Criteria {
				jc := criterion{ID: cs.Criterion.ID, Title: cs.Criterion.Title, Group: g.Group.ID, State: string(cs.State), Reason: cs.Reason, Controls: []string{}}
				for _, c := range cs.Controls {
					jc.Controls = append(jc.Controls, c.Control.ID)
				}
				f.Criteria = append(f.Criteria, jc)
			}
		}
		out.Frameworks = append(out.Frameworks, f)
	}
	for _, cs := range r.Controls {
		c := control{ID: cs.Control.ID, Title: cs.Control.Title, Owner: cs.Control.Owner, Frequency: string(cs.Control.Frequency),
			State: string(cs.State), Cause: string(cs.Cause), Reason: cs.Reason, Tally: cs.Tally, Occurrences: []occurrence{}}
		for _, o := range cs.Occurrences {
			jo := occurrence{Label: o.Label, From: o.From.String(), To: o.To.String(), Partial: o.Partial, Due: o.Due.String(),
				State: string(o.State), Cause: string(o.Cause), Reason: o.Reason, Evidence: []string{}}
			for _, e := range o.Evidence {
				jo.Evidence = append(jo.Evidence, e.ID)
			}
			c.Occurrences = append(c.Occurrences, jo)
		}
		out.ControlList = append(out.ControlList, c)
	}
	for _, g := range r.Gaps {
		j := gap{Control: g.Control.ID, Due: g.Due.String(), Cause: string(g.Cause), Owner: g.Owner, Action: g.Action}
		if g.Policy != nil {
			j.Policy = g.Policy.ID
			if ps := r.Policy(g.Policy.ID); ps != nil {
				j.Reason = ps.Reason
			}
		} else {
			j.Occurrence, j.From, j.To, j.Reason = g.Occurrence.Label, g.Occurrence.From.String(), g.Occurrence.To.String(), g.Occurrence.Reason
		}
		out.Gaps = append(out.Gaps, j)
	}
	for _, a := range r.Actions {
		j := action{Kind: string(a.Kind), Summary: a.Summary, What: a.What, Owner: a.Owner, Due: a.Due.String(), Gaps: []gapRef{}}
		j.Unblocks.Controls, j.Unblocks.Criteria = []string{}, []criterionRef{}
		if a.Policy != nil {
			j.Policy = a.Policy.ID
		}
		if a.Control != nil {
			j.Control = a.Control.ID
		}
		if a.Criterion != nil {
			j.Criterion = &criterionRef{a.Criterion.Criterion.Framework, a.Criterion.Criterion.ID}
		}
		for _, g := range a.Gaps {
			ref := gapRef{Control: g.Control.ID, Occurrence: g.Occurrence.Label, Cause: string(g.Cause)}
			if g.Policy != nil {
				ref.Policy = g.Policy.ID
			}
			j.Gaps = append(j.Gaps, ref)
		}
		for _, c := range a.Controls {
			j.Unblocks.Controls = append(j.Unblocks.Controls, c.ID)
		}
		for _, cr := range a.Criteria {
			j.Unblocks.Criteria = append(j.Unblocks.Criteria, criterionRef{cr.Criterion.Framework, cr.Criterion.ID})
		}
		out.Actions = append(out.Actions, j)
	}
	for _, e := range r.Exceptions {
		j := exception{Control: e.Control.ID, Evidence: e.Evidence.ID, Result: string(e.Evidence.Result), Occurrences: e.Occurrences, Owner: e.Owner, Note: e.Evidence.Note}
		if e.Remediation != nil {
			j.RemediatedBy = e.Remediation.ID
		}
		out.Exceptions = append(out.Exceptions, j)
	}
	for _, list := range []struct {
		in  []status.DueItem
		out *[]due
	}{{r.Overdue, &out.Overdue}, {r.Upcoming, &out.Upcoming}} {
		for _, d := range list.in {
			*list.out = append(*list.out, due{Due: d.Due.String(), Kind: d.Kind, ID: d.ID, Label: d.Label, Owner: d.Owner, What: d.What})
		}
	}
	return out
}
