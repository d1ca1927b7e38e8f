package compile

import (
	"regexp"
	"strings"

	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/source"
)

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (c *compiler) loadManifest(u *unit, name string, src []byte) {
	doc := source.ParseTOML(name, src, 1, u.diags)
	if doc == nil {
		return
	}
	root := doc.Root()
	var out []*model.Evidence
	for _, t := range root.Tables("evidence") {
		e := &model.Evidence{
			ID:        t.String("id", true),
			ControlID: t.String("control", true),
			Title:     t.String("title", true),
			Collected: date(t.Date("collected", true)),
			File:      t.String("file", false),
			URL:       t.String("url", false),
			SHA256:    strings.ToLower(t.String("sha256", false)),
			Result:    model.Result(t.Enum("result", true, "", model.Results...)),
			Collector: t.String("collector", false),
			Note:      t.String("note", false),
			Manifest:  name,
			Pos:       t.Here(),
		}
		e.CoversFrom = date(t.Date("covers_from", false))
		e.CoversTo = date(t.Date("covers_to", false))
		if e.CoversFrom.IsZero() {
			e.CoversFrom = e.Collected
		}
		if e.CoversTo.IsZero() {
			e.CoversTo = e.Collected
		}
		if e.CoversTo.Before(e.CoversFrom) {
			t.Errorf("covers_to", "covers_to %s is before covers_from %s", e.CoversTo, e.CoversFrom)
		}
		if !e.Collected.IsZero() && e.Collected.Before(e.CoversFrom) {
			t.Warnf("collected", "evidence %s was collected (%s) before the period it covers begins (%s)", e.ID, e.Collected, e.CoversFrom)
		}
		switch {
		case e.File != "" && e.URL != "":
			t.Errorf("url", "evidence %s has both file and url: keep one", e.ID)
		case e.File == "" && e.URL == "":
			t.Errorf("", "evidence %s has neither file nor url: add file = \"evidence/…\" (with its sha256) or url = \"https://…\"", e.ID)
		case e.File != "":
			if why := validEvidencePath(e.File); why != "" {
				t.Errorf("file", "evidence file %q %s", e.File, why)
			}
			if e.SHA256 == "" {
				t.Errorf("file", "evidence %s has a file but no sha256: add sha256 = \"…\" (run `attest evidence add` to record it)", e.ID)
			} else if !sha256Hex.MatchString(e.SHA256) {
				t.Errorf("sha256", "sha256 must be 64 hexadecimal characters, got %s", english.Count(len(e.SHA256), "character", "characters"))
			}
		case e.URL != "":
			if !strings.HasPrefix(e.URL, "https://") && !strings.HasPrefix(e.URL, "http://") {
				t.Errorf("url", "url %q must start with https://", e.URL)
			}
			if e.SHA256 != "" {
				t.Warnf("sha256", "sha256 is checked for files only; it is ignored with url")
			}
		}
		u.hashPos[e] = t.Pos("sha256")
		if e.ControlID != "" {
			u.refs(t, "control", refControl, []string{e.ControlID}, "evidence "+e.ID)
		}
		t.Done()
		out = append(out, e)
	}
	root.Done()
	if len(out) == 0 && !root.Has("evidence") {
		u.diags.Warnf(doc.Pos(""), "manifest has no [[evidence]] entries")
	}
	u.add(func(p *model.Program) { p.Evidence = append(p.Evidence, out...) })
}
