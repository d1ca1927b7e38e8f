package description

import (
	"math"

	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/status"
)

// Bar chart geometry, in SVG user units; the theme scales the SVG to fit.
const (
	barLabel  = 210 // width of the label column
	barWidth  = 340 // width of a full bar
	barRow    = 30  // height of a row
	barHeight = 18
	barCount  = 90 // width of the count column
)

// bar is one stacked bar of a readiness chart.
type bar struct {
	label  string
	counts map[status.State]int
	met    int
	total  int
}

// barChart lays out bars as stacked segments per state.
func barChart(bars []bar) Chart {
	var rows []BarRow
	for i, br := range bars {
		y := i * barRow
		var segs []BarSegment
		x := 0.0
		for _, st := range stateOrder {
			n := br.counts[st]
			if n == 0 || br.total == 0 {
				continue
			}
			w := float64(barWidth) * float64(n) / float64(br.total)
			segs = append(segs, BarSegment{
				State: string(st), Label: stateLabel(st), Count: n,
				X: round2(barLabel + x), W: round2(w),
			})
			x += w
		}
		rows = append(rows, BarRow{
			Label: br.label, Met: br.met, Total: br.total, Pct: percent(br.met, br.total),
			Y: y, BarY: y + (barRow-barHeight)/2, TextY: y + barRow/2 + 5,
			Segments: segs,
		})
	}
	return Chart{
		Width: barLabel + barWidth + barCount, Height: len(bars) * barRow,
		BarX: barLabel, BarW: barWidth, BarH: barHeight,
		LabelX: barLabel - 8, CountX: barLabel + barWidth + 8,
		Rows: rows,
	}
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func percent(n, total int) int {
	if total == 0 {
		return 0
	}
	return n * 100 / total
}

// overview writes the home page: readiness per framework and category,
// control states and evidence results, all counted from the report.
func (b *builder) overview() {
	var fws []OverviewFramework
	for _, fs := range b.r.Frameworks {
		all := bar{label: "All " + fs.Framework.Name, counts: map[status.State]int{}, met: fs.Met, total: fs.Total}
		bars := []bar{all}
		for _, g := range fs.Groups {
			br := bar{label: g.Group.Name, counts: map[status.State]int{}, met: g.Met, total: g.Total}
			for _, c := range g.Criteria {
				br.counts[c.State]++
			}
			bars = append(bars, br)
		}
		for _, c := range fs.Criteria {
			bars[0].counts[c.State]++
		}
		fws = append(fws, OverviewFramework{
			ID: fs.Framework.ID, Name: fs.Framework.Name, Title: fs.Framework.Title,
			GroupLabel: fs.Framework.GroupLabel,
			Met:        fs.Met, Total: fs.Total, Pct: percent(fs.Met, fs.Total),
			Ready: fs.Ready, Reason: fs.Reason, Link: newLink(matrixRef(fs.Framework.ID), ""),
			Chart: barChart(bars),
		})
	}

	ctl := bar{label: "Controls", counts: map[status.State]int{}, total: len(b.r.Controls)}
	for _, cs := range b.r.Controls {
		ctl.counts[cs.State]++
		if cs.State.Met() {
			ctl.met++
		}
	}
	var ctlTally []StateCount
	for _, st := range stateOrder {
		if n := ctl.counts[st]; n > 0 {
			ctlTally = append(ctlTally, StateCount{State: string(st), Label: stateLabel(st), Count: n})
		}
	}
	results := map[model.Result]int{}
	for _, e := range b.p.Evidence {
		results[e.Result]++
	}
	var evTally []ResultCount
	for _, res := range []model.Result{model.Pass, model.Exception, model.Fail} {
		evTally = append(evTally, ResultCount{Result: string(res), Count: results[res]})
	}

	b.add("/", kindOverview, "Readiness overview", 0, "", &OverviewPage{
		Common:     Common{Search: "readiness overview status"},
		Frameworks: fws,
		Controls:   OverviewControls{Total: len(b.r.Controls), Tally: ctlTally, Chart: barChart([]bar{ctl})},
		Evidence:   OverviewEvidence{Total: len(b.p.Evidence), Tally: evTally},
		Gaps:       b.gapCount(),
		Actions:    len(b.r.Actions),
		Policies:   len(b.p.Policies),
		Legend:     legend(stateOrder...),
	}, true)
}
