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
func barChart(bars []bar) map[string]any {
	var rows []any
	for i, br := range bars {
		y := i * barRow
		var segs []any
		x := 0.0
		for _, st := range stateOrder {
			n := br.counts[st]
			if n == 0 || br.total == 0 {
				continue
			}
			w := float64(barWidth) * float64(n) / float64(br.total)
			segs = append(segs, map[string]any{
				"state": string(st), "label": stateLabel(st), "count": n,
				"x": round2(barLabel + x), "w": round2(w),
			})
			x += w
		}
		rows = append(rows, map[string]any{
			"label": br.label, "met": br.met, "total": br.total, "pct": percent(br.met, br.total),
			"y": y, "bar_y": y + (barRow-barHeight)/2, "text_y": y + barRow/2 + 5,
			"segments": segs,
		})
	}
	return map[string]any{
		"width": barLabel + barWidth + barCount, "height": len(bars) * barRow,
		"bar_x": barLabel, "bar_w": barWidth, "bar_h": barHeight,
		"label_x": barLabel - 8, "count_x": barLabel + barWidth + 8,
		"rows": rows,
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
	var fws []any
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
		fws = append(fws, map[string]any{
			"id": fs.Framework.ID, "name": fs.Framework.Name, "title": fs.Framework.Title,
			"group_label": fs.Framework.GroupLabel,
			"met":         fs.Met, "total": fs.Total, "pct": percent(fs.Met, fs.Total),
			"ready": fs.Ready, "reason": fs.Reason, "ref": matrixRef(fs.Framework.ID),
			"chart": barChart(bars),
		})
	}

	ctl := bar{label: "Controls", counts: map[status.State]int{}, total: len(b.r.Controls)}
	for _, cs := range b.r.Controls {
		ctl.counts[cs.State]++
		if cs.State.Met() {
			ctl.met++
		}
	}
	var ctlTally []any
	for _, st := range stateOrder {
		if n := ctl.counts[st]; n > 0 {
			ctlTally = append(ctlTally, map[string]any{"state": string(st), "label": stateLabel(st), "count": n})
		}
	}
	results := map[model.Result]int{}
	for _, e := range b.p.Evidence {
		results[e.Result]++
	}
	var evTally []any
	for _, res := range []model.Result{model.Pass, model.Exception, model.Fail} {
		evTally = append(evTally, map[string]any{"result": string(res), "count": results[res]})
	}

	b.add("/", kindOverview, "Readiness overview", 0, "", map[string]any{
		"frameworks": fws,
		"controls":   map[string]any{"total": len(b.r.Controls), "tally": ctlTally, "chart": barChart([]bar{ctl})},
		"evidence":   map[string]any{"total": len(b.p.Evidence), "tally": evTally},
		"gaps":       b.gapCount(),
		"actions":    len(b.r.Actions),
		"policies":   len(b.p.Policies),
		"legend":     legend(stateOrder...),
		"search":     "readiness overview status",
	}, true)
}
