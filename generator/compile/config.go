package compile

import (
	"errors"
	"io/fs"
	"net/url"
	"strings"

	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/hugosettings"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/source"
)

var soc2Categories = []string{"security", "availability", "processing-integrity", "confidentiality", "privacy"}

func (c *compiler) loadConfig() {
	cfg := &c.p.Config
	cfg.File = ConfigFile
	cfg.Outputs = model.Outputs{Public: "public", Private: "private"}
	cfg.Versions = model.Versions{Tags: "audit/*"}
	src, err := fs.ReadFile(c.fsys, ConfigFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			c.diags.Errorf(diag.Pos{File: ConfigFile}, "missing config.toml: this is not an attest program (run `attest init` to start one)")
		} else {
			c.diags.Errorf(diag.Pos{File: ConfigFile}, "cannot read: %s", describeFSError(err))
		}
		return
	}
	src, prob := source.Normalize(src)
	if prob != nil {
		c.diags.Errorf(diag.Pos{File: ConfigFile, Line: prob.Line, Col: prob.Col}, "%s", prob.Message)
		return
	}
	doc := source.ParseTOML(ConfigFile, src, 1, c.diags)
	if doc == nil {
		return
	}
	root := doc.Root()

	org := root.Table("organization")
	cfg.Organization = model.Organization{
		Name:            org.String("name", true),
		Website:         org.String("website", false),
		SecurityContact: org.String("security_contact", true),
		Logo:            org.String("logo", false),
	}
	if !root.Has("organization") {
		c.diags.Errorf(diag.Pos{File: ConfigFile, Line: 1, Col: 1}, "missing [organization] table: add one with name and security_contact")
	}
	org.Done()

	a := root.Table("audit")
	audit := &cfg.Audit
	audit.Frameworks = a.Strings("frameworks", true)
	c.scopePos = a.Pos("frameworks")
	for i, id := range audit.Frameworks {
		if c.p.Frameworks[id] == nil {
			hint := ""
			if near := source.Nearest(id, c.p.Frameworks.IDs()); near != "" {
				hint = ` (did you mean "` + near + `"?)`
			}
			c.diags.Errorf(a.ElemPos("frameworks", i), "unknown framework %q%s: known frameworks are %s; add your own as frameworks/%s.toml", id, hint, strings.Join(c.p.Frameworks.IDs(), ", "), id)
		}
	}
	audit.SOC2Categories = a.Strings("soc2_categories", false)
	for i, cat := range audit.SOC2Categories {
		if !contains(soc2Categories, cat) {
			hint := ""
			if near := source.Nearest(cat, soc2Categories); near != "" {
				hint = ` (did you mean "` + near + `"?)`
			}
			c.diags.Errorf(a.ElemPos("soc2_categories", i), "unknown SOC 2 category %q%s: want %s", cat, hint, strings.Join(soc2Categories, ", "))
		}
	}
	if len(audit.SOC2Categories) == 0 {
		audit.SOC2Categories = []string{"security"}
	}
	audit.ReportType = a.Int("report_type", true, 1, 2)
	audit.PeriodStart = date(a.Date("period_start", audit.ReportType == 2))
	audit.PeriodEnd = date(a.Date("period_end", audit.ReportType == 2))
	audit.AsOf = date(a.Date("as_of", audit.ReportType == 1))
	audit.Auditor = a.String("auditor", false)
	audit.ReportIssued = date(a.Date("report_issued", false))
	audit.ReportExpected = date(a.Date("report_expected", false))
	audit.RequestAccessURL = a.String("request_access_url", false)
	if audit.ReportType == 2 && !audit.PeriodStart.IsZero() && !audit.PeriodEnd.IsZero() && !audit.PeriodStart.Before(audit.PeriodEnd) {
		a.Errorf("period_end", "period_end %s is not after period_start %s", audit.PeriodEnd, audit.PeriodStart)
	}
	if audit.ReportType == 2 && !audit.AsOf.IsZero() {
		a.Warnf("as_of", "as_of is used by type 1 reports only; this is a type 2 report (report_type = 2), so it is ignored")
	}
	if !audit.ReportIssued.IsZero() && !audit.Evaluated().IsZero() && audit.ReportIssued.Before(audit.Evaluated()) {
		a.Errorf("report_issued", "report_issued %s is before the end of what the report covers (%s)", audit.ReportIssued, audit.Evaluated())
	}
	if audit.ReportType == 0 {
		audit.ReportType = 2
	}
	a.Done()

	for _, na := range root.Tables("not_applicable") {
		n := model.NotApplicable{
			Framework: na.String("framework", true),
			Criterion: na.String("criterion", true),
			Reason:    na.String("reason", true),
			Pos:       na.Here(),
		}
		if f := c.p.Frameworks[n.Framework]; f == nil && n.Framework != "" {
			na.Errorf("framework", "unknown framework %q in [[not_applicable]]: known frameworks are %s", n.Framework, strings.Join(c.p.Frameworks.IDs(), ", "))
		} else if f != nil && n.Criterion != "" && f.Criterion(n.Criterion) == nil {
			na.Errorf("criterion", "%s", unknownCriterion(f, n.Criterion))
		}
		na.Done()
		cfg.NotApplicable = append(cfg.NotApplicable, n)
	}

	tr := root.Table("trust")
	cfg.Trust = model.Trust{
		Title:    tr.String("title", false),
		Intro:    tr.String("intro", false),
		Progress: tr.Enum("progress", false, model.ProgressSummary, model.ProgressSummary, model.ProgressDetailed),
	}
	if cfg.Trust.Title == "" {
		cfg.Trust.Title = cfg.Organization.Name + " Trust Center"
	}
	tr.Done()

	out := root.Table("outputs")
	if s := out.String("public", false); s != "" {
		cfg.Outputs.Public = s
	}
	if s := out.String("private", false); s != "" {
		cfg.Outputs.Private = s
	}
	cfg.Outputs.PublicPos, cfg.Outputs.PrivatePos = out.Pos("public"), out.Pos("private")
	checkOutputs(out, cfg.Outputs)
	out.Done()

	v := root.Table("versions")
	if s := v.String("tags", false); s != "" {
		cfg.Versions.Tags = s
	}
	v.Done()

	if raw, ok := root.Raw("hugo"); ok {
		if m, isMap := raw.(map[string]any); isMap {
			cfg.Hugo = m
			checkBaseURL(root, m)
			for _, r := range hugosettings.Check(m) {
				root.Errorf("hugo."+r.Key(), "[hugo] %s cannot be set in config.toml: %s", r.Key(), r.Why)
			}
		} else {
			root.Errorf("hugo", "hugo must be a table ([hugo]) of Hugo settings")
		}
	}
	root.Done()
}

// checkBaseURL refuses a [hugo] baseURL with a path: Hugo puts the path
// into the links of the resources it publishes (the stylesheet), which then
// miss, since the sites' own links are relative to their folders.
func checkBaseURL(root *source.Table, hugo map[string]any) {
	for k, v := range hugo {
		if strings.ToLower(k) != "baseurl" {
			continue
		}
		s, _ := v.(string)
		u, err := url.Parse(s)
		if err != nil || u.Path == "" || u.Path == "/" {
			continue
		}
		path := u.Path
		u.Path, u.RawQuery, u.Fragment = "/", "", ""
		root.Errorf("hugo."+k, "baseURL %q has a path (%s): the sites cannot be served under a path yet; give the host only, %q, and serve the output at its root", s, path, u.String())
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
