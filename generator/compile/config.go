package compile

import (
	"errors"
	"io/fs"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/hugosettings"
	"github.com/attest-dev/attest/generator/layout"
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
	oneLine(org, "name", cfg.Organization.Name)
	if oneLine(org, "logo", cfg.Organization.Logo) {
		c.checkLogo(org, cfg.Organization)
	}
	if oneLine(org, "website", cfg.Organization.Website) {
		checkURL(org, "website", cfg.Organization.Website, false)
	}
	if oneLine(org, "security_contact", cfg.Organization.SecurityContact) {
		checkContact(org, "security_contact", cfg.Organization.SecurityContact)
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
	audit.PeriodStart = auditDate(a, "period_start", audit.ReportType == 2)
	audit.PeriodEnd = auditDate(a, "period_end", audit.ReportType == 2)
	audit.AsOf = auditDate(a, "as_of", audit.ReportType == 1)
	audit.Auditor = a.String("auditor", false)
	audit.ReportIssued = auditDate(a, "report_issued", false)
	audit.ReportExpected = auditDate(a, "report_expected", false)
	audit.RequestAccessURL = a.String("request_access_url", false)
	oneLine(a, "auditor", audit.Auditor)
	if oneLine(a, "request_access_url", audit.RequestAccessURL) {
		checkURL(a, "request_access_url", audit.RequestAccessURL, true)
	}
	if audit.ReportType == 2 && !audit.PeriodStart.IsZero() && !audit.PeriodEnd.IsZero() && !audit.PeriodStart.Before(audit.PeriodEnd) {
		a.Errorf("period_end", "period_end %s is not after period_start %s", audit.PeriodEnd, audit.PeriodStart)
	} else if audit.ReportType == 2 && !audit.PeriodStart.IsZero() && audit.PeriodEnd.After(audit.PeriodStart.AddMonths(12*maxPeriodYears)) {
		a.Errorf("period_end", "the audit period %s to %s is longer than %d years, the longest attest accepts: type 2 periods usually run 3 to 12 months; check the years of period_start and period_end", audit.PeriodStart, audit.PeriodEnd, maxPeriodYears)
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
	oneLine(tr, "title", cfg.Trust.Title)
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
	cfg.Outputs.Encrypt = out.Bool("encrypt", false)
	cfg.Outputs.PublicPos, cfg.Outputs.PrivatePos = out.Pos("public"), out.Pos("private")
	checkOutputs(out, cfg.Outputs)
	out.Done()

	v := root.Table("versions")
	if s := v.String("tags", false); s != "" {
		cfg.Versions.Tags = s
	}
	v.Done()

	cfg.Deploy = loadDeploy(root.Table("deploy"))

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

// maxPeriodYears bounds a type 2 audit period. Every control's occurrences
// are laid out over the period, so its length is what a build's time and
// memory grow with (the figure is in docs/security.md).
const maxPeriodYears = 3

// The audit's dates (period, as_of, report_issued) lie between these: a
// year outside them is a slip, and dates far out break what is derived from
// them (security.txt's Expires is a year past the evaluation date).
var (
	earliestAuditDate = model.MakeDate(1970, 1, 1)
	latestAuditDate   = model.MakeDate(2999, 12, 31)
)

// auditDate reads a date of [audit] and refuses one outside
// earliestAuditDate to latestAuditDate; it is then left zero (unset).
func auditDate(t *source.Table, key string, required bool) model.Date {
	v := t.Date(key, required)
	raw, _ := t.Raw(key)
	switch x := raw.(type) {
	case time.Time:
	case string:
		if _, err := time.Parse("2006-01-02", x); err != nil {
			return model.Date{} // reported by Date
		}
	default:
		return model.Date{} // absent, or reported by Date
	}
	// Compare the time itself: 0001-01-01 is the zero time, which a
	// model.Date cannot tell from no date at all.
	if v.Before(earliestAuditDate.Time()) || v.After(latestAuditDate.Time()) {
		t.Errorf(key, "%s %s is out of range: attest accepts audit dates from %s to %s; check the year", key, v.Format("2006-01-02"), earliestAuditDate, latestAuditDate)
		return model.Date{}
	}
	return date(v)
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
		if s == "" || s == "/" || !oneLine(root, "hugo."+k, s) || !checkURL(root, "hugo."+k, s, false) {
			continue
		}
		u, err := url.Parse(s)
		if err != nil || u.Path == "" || u.Path == "/" {
			continue
		}
		path := u.Path
		u.Path, u.RawQuery, u.Fragment = "/", "", ""
		root.Errorf("hugo."+k, "baseURL %q has a path (%s): the sites cannot be served under a path yet; give the host only, %q, and serve the output at its root", s, path, u.String())
	}
}

// oneLine refuses control characters (line breaks, tabs, escapes) and the
// Unicode line and paragraph separators in a one-line field. These fields
// land in line-based files: a line break in security_contact added lines,
// such as a second Expires, to security.txt (issue 11).
func oneLine(t *source.Table, key, s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			t.Errorf(key, "%s %q contains the control character %U: it is published on one line (security.txt, trust.json, the feed); remove it", lastKey(key), s, r)
			return false
		}
	}
	return true
}

// checkLogo refuses a logo that is not a file of static/: the trust center
// would show a broken image in its header and as its favicon.
func (c *compiler) checkLogo(org *source.Table, o model.Organization) {
	p := o.LogoPath()
	if p == "" {
		return
	}
	file := layout.Static + p
	if info, err := fs.Stat(c.fsys, file); err != nil || !info.Mode().IsRegular() {
		org.Errorf("logo", "logo %q: there is no file %s; the logo is a file of static/, which is copied to the site's root (e.g. logo = \"static/logo.svg\")", o.Logo, file)
	}
}

func lastKey(key string) string { return key[strings.LastIndexByte(key, '.')+1:] }

// localHosts may be reached over plain http: a site previewed on this machine.
var localHosts = []string{"localhost", "127.0.0.1", "::1"}

// checkURL refuses a URL the trust center publishes as a link (trust.json,
// the feed, security.txt, its pages) unless it is https: (or http: on this
// machine) or, where mailto is set, mailto:. Anything else, javascript: first
// of all, would be a link a reader's tools follow blindly (issue 11).
func checkURL(t *source.Table, key, s string, mailto bool) bool {
	if s == "" {
		return true
	}
	want := "want an https: URL such as \"https://example.com/\" (http: only for localhost)"
	if mailto {
		want = "want an https: URL such as \"https://example.com/request\" or a mailto: address such as \"mailto:trust@example.com\" (http: only for localhost)"
	}
	u, err := url.Parse(s)
	if err == nil {
		switch strings.ToLower(u.Scheme) {
		case "https":
			if u.Host != "" && u.User == nil {
				return true
			}
		case "http":
			if slices.Contains(localHosts, u.Hostname()) && u.User == nil {
				return true
			}
		case "mailto":
			if addr, err := mail.ParseAddress(u.Opaque); mailto && err == nil && addr.Address == u.Opaque {
				return true
			}
		}
	}
	t.Errorf(key, "%s %q: %s", lastKey(key), s, want)
	return false
}

// checkContact accepts what security.txt's Contact (RFC 9116) takes and the
// trust center turns into it: an e-mail address (published as mailto:), a
// mailto:, https: or tel: URI, or a host and path (published as https:).
func checkContact(t *source.Table, key, s string) {
	c := strings.TrimSpace(s)
	lower := strings.ToLower(c)
	var ok bool
	switch {
	case c == "":
		return // reported as missing
	case strings.HasPrefix(lower, "mailto:"):
		addr, err := mail.ParseAddress(c[len("mailto:"):])
		ok = err == nil && addr.Address == c[len("mailto:"):]
	case strings.HasPrefix(lower, "tel:"):
		ok = len(c) > len("tel:") && !strings.ContainsAny(c, " <>\"")
	case strings.HasPrefix(lower, "https:"):
		u, err := url.Parse(c)
		ok = err == nil && u.Host != "" && u.User == nil
	case strings.Contains(c, "@"):
		addr, err := mail.ParseAddress(c)
		ok = err == nil && addr.Address == c
	default:
		// A host and path such as security.example.com/report, published as https://….
		u, err := url.Parse("https://" + strings.TrimPrefix(c, "//"))
		ok = err == nil && !strings.Contains(c, ":") && u.Host != "" && !strings.ContainsAny(c, " <>\"")
	}
	if !ok {
		t.Errorf(key, "%s %q: want an e-mail address such as \"security@example.com\", or a mailto:, https: or tel: URI (RFC 9116 Contact)", lastKey(key), s)
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
