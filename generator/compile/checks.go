package compile

import (
	"fmt"
	"slices"
	"strings"

	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/source"
)

type refKind uint8

const (
	refPolicy refKind = iota
	refControl
)

// reference is an id written in one source that must name an item of another;
// it is checked once every source is loaded.
type reference struct {
	kind refKind
	id   string
	pos  diag.Pos
	from string
}

func (u *unit) refs(t *source.Table, key string, kind refKind, ids []string, from string) {
	for i, id := range ids {
		u.pending = append(u.pending, reference{kind, id, t.ElemPos(key, i), from})
	}
}

func (c *compiler) checkReferences() {
	var policyIDs, controlIDs []string
	for _, p := range c.p.Policies {
		policyIDs = append(policyIDs, p.ID)
	}
	for _, ctl := range c.p.Controls {
		controlIDs = append(controlIDs, ctl.ID)
	}
	for _, r := range c.pending {
		switch r.kind {
		case refPolicy:
			if c.p.Policy(r.id) == nil {
				c.diags.Errorf(r.pos, "%s refers to unknown policy %q%s", r.from, r.id, didYouMean(r.id, policyIDs))
			}
		case refControl:
			if c.p.Control(r.id) == nil {
				c.diags.Errorf(r.pos, "%s refers to unknown control %q%s", r.from, r.id, didYouMean(r.id, controlIDs))
			}
		}
	}
	for _, ctl := range c.p.Controls {
		for _, pol := range ctl.Policies {
			if pol.Status == model.Retired {
				c.diags.Warnf(ctl.Pos, "control %s relies on retired policy %s", ctl.ID, pol.ID)
			}
		}
	}
}

func didYouMean(id string, known []string) string {
	if near := source.NearestID(id, known); near != "" {
		return fmt.Sprintf(" (did you mean %q?)", near)
	}
	return ""
}

// checkIDs reports ids used twice within a kind of item.
func (c *compiler) checkIDs() {
	type item struct {
		id  string
		pos diag.Pos
	}
	check := func(kind string, items []item) {
		first := map[string]diag.Pos{}
		for _, it := range items {
			if it.id == "" {
				continue
			}
			if at, dup := first[it.id]; dup {
				c.diags.Errorf(it.pos, "duplicate %s id %q: also used at %s; ids must be unique", kind, it.id, at)
				continue
			}
			first[it.id] = it.pos
		}
	}
	var items []item
	for _, p := range c.p.Policies {
		items = append(items, item{p.ID, p.Pos})
	}
	check("policy", items)
	items = items[:0]
	for _, x := range c.p.Controls {
		items = append(items, item{x.ID, x.Pos})
	}
	check("control", items)
	items = items[:0]
	for _, x := range c.p.Evidence {
		items = append(items, item{x.ID, x.Pos})
	}
	check("evidence", items)
	items = items[:0]
	for _, x := range c.p.Risks {
		items = append(items, item{x.ID, x.Pos})
	}
	check("risk", items)
	items = items[:0]
	for _, x := range c.p.Assets {
		items = append(items, item{x.ID, x.Pos})
	}
	check("asset", items)
	items = items[:0]
	for _, x := range c.p.Incidents {
		items = append(items, item{x.ID, x.Pos})
	}
	check("incident", items)
	items = items[:0]
	for _, x := range c.p.CUECs {
		items = append(items, item{x.ID, x.Pos})
	}
	check("CUEC", items)
	items = items[:0]
	for _, x := range c.p.Subprocessors {
		items = append(items, item{x.Name, x.Pos})
	}
	check("subprocessor", items)
	items = items[:0]
	for _, x := range c.p.Config.NotApplicable {
		items = append(items, item{x.Framework + " " + x.Criterion, x.Pos})
	}
	check("not_applicable", items)
}

// checkCoverage reports in-scope criteria with neither a control nor a
// not-applicable reason, and not-applicable criteria that controls map to.
func (c *compiler) checkCoverage() {
	at := c.scopePos
	for _, sc := range c.p.Scopes() {
		var missing []string
		for _, cr := range sc.Criteria {
			controls := c.p.ControlsFor(sc.Framework.ID, cr.ID)
			na, isNA := c.p.NotApplicable(sc.Framework.ID, cr.ID)
			switch {
			case isNA && len(controls) > 0:
				ids := make([]string, len(controls))
				for i, ctl := range controls {
					ids[i] = ctl.ID
				}
				c.diags.Warnf(na.Pos, "%s %s is declared not applicable, yet controls map to it (%s): remove one or the other", sc.Framework.Name, cr.ID, strings.Join(ids, ", "))
			case !isNA && len(controls) == 0:
				missing = append(missing, cr.ID)
			}
		}
		for _, id := range missing {
			c.diags.Warnf(at, "%s %s (%s) is in scope but no control maps to it and no [[not_applicable]] gives a reason", sc.Framework.Name, id, sc.Framework.Criterion(id).Title)
		}
	}
	for _, na := range c.p.Config.NotApplicable {
		if !slices.Contains(c.p.Config.Audit.Frameworks, na.Framework) {
			c.diags.Warnf(na.Pos, "[[not_applicable]] names framework %q, which is not in audit.frameworks", na.Framework)
		}
	}
}

// checkReviews sets each policy's last review — from front matter, or from
// git history when it is later — and warns on approved policies overdue.
func (c *compiler) checkReviews() {
	for _, p := range c.p.Policies {
		p.LastReview = p.Effective
		if c.opts.Reviews != nil {
			if at, by, ok := c.opts.Reviews.LastReview(p.File); ok && at.After(p.LastReview) {
				p.LastReview, p.ReviewedBy = at, by
			}
		}
	}
	today := c.opts.Today
	if today.IsZero() {
		today = c.p.Config.Audit.Evaluated()
	}
	if today.IsZero() {
		return
	}
	for _, p := range c.p.Policies {
		if p.ReviewOverdue(today) {
			c.diags.Warnf(p.Pos, "policy %s was due for review on %s (last reviewed %s, reviewed every %s): review it, then record the review with a Reviewed-by: trailer in the commit or a new effective date", p.ID, p.NextReview(), p.LastReview, p.ReviewCycle)
		}
	}
}
