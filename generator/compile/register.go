package compile

import (
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/source"
)

// loadRegister reads a registers file. A file may hold any mix of register
// tables, so that a small program can keep all of them in one file.
func (c *compiler) loadRegister(u *unit, name string, src []byte) {
	doc := source.ParseTOML(name, src, 1, u.diags)
	if doc == nil {
		return
	}
	root := doc.Root()
	var (
		subs   []*model.Subprocessor
		cuecs  []*model.CUEC
		resps  []*model.Responsibility
		vends  []*model.Vendor
		risks  []*model.Risk
		assets []*model.Asset
		incs   []*model.Incident
	)
	for _, t := range root.Tables("subprocessor") {
		s := &model.Subprocessor{
			Name:       t.String("name", true),
			Purpose:    t.String("purpose", true),
			Location:   t.String("location", true),
			Data:       t.String("data", true),
			Since:      date(t.Date("since", false)),
			DPA:        t.Bool("dpa", false),
			Assurance:  t.String("assurance", false),
			Reviewed:   date(t.Date("reviewed", false)),
			Visibility: c.visibility(t, model.Public),
			Method:     t.Enum("method", false, "", "carve-out", "inclusive"),
			Monitoring: t.Strings("monitoring", false),
			File:       name,
			Pos:        t.Here(),
		}
		if s.Visibility == model.Restricted {
			t.Errorf("visibility", "a subprocessor is public (listed on the trust center) or internal; restricted has no meaning here")
		}
		u.refs(t, "monitoring", refControl, s.Monitoring, "subprocessor "+s.Name)
		for _, ct := range t.Tables("csoc") {
			cs := &model.CSOC{Text: ct.String("text", true), Criteria: ct.Strings("criteria", false)}
			c.soc2IDs(u, ct, "criteria", cs.Criteria)
			ct.Done()
			s.CSOCs = append(s.CSOCs, cs)
		}
		if s.Method == "" && (len(s.CSOCs) > 0 || len(s.Monitoring) > 0) {
			t.Errorf("name", "subprocessor %s lists CSOCs or monitoring controls but no method: add method = \"carve-out\" or \"inclusive\"", s.Name)
		}
		if s.Method == "carve-out" && len(s.CSOCs) == 0 {
			t.Warnf("method", "carved-out subservice organization %s has no [[subprocessor.csoc]] entries: DC7 asks for the controls you expect it to operate", s.Name)
		}
		t.Done()
		subs = append(subs, s)
	}
	for _, t := range root.Tables("cuec") {
		cu := &model.CUEC{ID: t.String("id", true), Text: t.String("text", true), Criteria: t.Strings("criteria", false), Pos: t.Here()}
		c.soc2IDs(u, t, "criteria", cu.Criteria)
		t.Done()
		cuecs = append(cuecs, cu)
	}
	for _, t := range root.Tables("responsibility") {
		resps = append(resps, &model.Responsibility{Text: t.String("text", true), Pos: t.Here()})
		t.Done()
	}
	for _, t := range root.Tables("vendor") {
		v := &model.Vendor{
			Name:        t.String("name", true),
			Service:     t.String("service", true),
			Criticality: t.Enum("criticality", true, "", "high", "medium", "low"),
			Owner:       t.String("owner", true),
			Assurance:   t.String("assurance", false),
			Reviewed:    date(t.Date("reviewed", false)),
			NextReview:  date(t.Date("next_review", false)),
			Pos:         t.Here(),
		}
		t.Done()
		vends = append(vends, v)
	}
	for _, t := range root.Tables("risk") {
		r := &model.Risk{
			ID:         t.String("id", true),
			Title:      t.String("title", true),
			Likelihood: t.Int("likelihood", true, 1, 5),
			Impact:     t.Int("impact", true, 1, 5),
			Owner:      t.String("owner", true),
			Treatment:  t.Enum("treatment", true, "", "mitigate", "accept", "transfer", "avoid"),
			ControlIDs: t.Strings("controls", false),
			Due:        date(t.Date("due", false)),
			Status:     t.Enum("status", false, "open", "open", "in-progress", "treated", "accepted", "closed"),
			Pos:        t.Here(),
		}
		u.refs(t, "controls", refControl, r.ControlIDs, "risk "+r.ID)
		if r.Treatment == "mitigate" && len(r.ControlIDs) == 0 {
			t.Warnf("treatment", "risk %s is mitigated but names no controls: add controls = [\"…\"]", r.ID)
		}
		t.Done()
		risks = append(risks, r)
	}
	for _, t := range root.Tables("asset") {
		a := &model.Asset{
			ID:             t.String("id", true),
			Name:           t.String("name", true),
			Type:           t.String("type", true),
			Owner:          t.String("owner", true),
			Classification: t.Enum("classification", true, "", "public", "internal", "confidential", "restricted"),
			InScope:        t.Bool("in_scope", true),
			Pos:            t.Here(),
		}
		t.Done()
		assets = append(assets, a)
	}
	for _, t := range root.Tables("incident") {
		in := &model.Incident{
			ID:         t.String("id", true),
			Title:      t.String("title", true),
			Detected:   date(t.Date("detected", true)),
			Resolved:   date(t.Date("resolved", false)),
			Severity:   t.Enum("severity", true, "", "low", "medium", "high", "critical"),
			RootCause:  t.String("root_cause", false),
			Actions:    t.Strings("actions", false),
			ControlIDs: t.Strings("controls", false),
			Pos:        t.Here(),
		}
		if !in.Resolved.IsZero() && in.Resolved.Before(in.Detected) {
			t.Errorf("resolved", "incident %s resolved (%s) before it was detected (%s)", in.ID, in.Resolved, in.Detected)
		}
		u.refs(t, "controls", refControl, in.ControlIDs, "incident "+in.ID)
		t.Done()
		incs = append(incs, in)
	}
	root.Done()
	u.add(func(p *model.Program) {
		p.Subprocessors = append(p.Subprocessors, subs...)
		p.CUECs = append(p.CUECs, cuecs...)
		p.Responsibilities = append(p.Responsibilities, resps...)
		p.Vendors = append(p.Vendors, vends...)
		p.Risks = append(p.Risks, risks...)
		p.Assets = append(p.Assets, assets...)
		p.Incidents = append(p.Incidents, incs...)
	})
}

// soc2IDs checks that ids are SOC 2 criteria.
func (c *compiler) soc2IDs(u *unit, t *source.Table, key string, ids []string) {
	f := c.p.Frameworks["soc2"]
	if f == nil {
		return
	}
	for i, id := range ids {
		if f.Criterion(id) == nil {
			u.diags.Errorf(t.ElemPos(key, i), "%s", unknownCriterion(f, id))
		}
	}
}
