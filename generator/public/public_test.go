package public

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/attest-dev/attest/generator/catalog"
	"github.com/attest-dev/attest/generator/changes"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/status"
)

// TestViewIsAPlainValue checks that a View holds only its own plain types:
// no pointer, map, interface or type of another package, so it cannot carry
// a reference back into the model.
func TestViewIsAPlainValue(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(tp reflect.Type, path string)
	walk = func(tp reflect.Type, path string) {
		if seen[tp] {
			return
		}
		seen[tp] = true
		switch tp.Kind() {
		case reflect.String, reflect.Int, reflect.Bool:
			return
		case reflect.Slice:
			walk(tp.Elem(), path+"[]")
			return
		case reflect.Pointer:
			if tp.Elem().PkgPath() == reflect.TypeFor[View]().PkgPath() && path == "View.Frameworks[].Report" {
				walk(tp.Elem(), path)
				return
			}
		case reflect.Struct:
			if tp.PkgPath() != reflect.TypeFor[View]().PkgPath() {
				t.Errorf("%s: type %s comes from another package", path, tp)
				return
			}
			for i := range tp.NumField() {
				f := tp.Field(i)
				walk(f.Type, path+"."+f.Name)
			}
			return
		}
		t.Errorf("%s: %s is not a plain value", path, tp)
	}
	walk(reflect.TypeFor[View](), "View")
}

func TestFrameworkCardIsDerived(t *testing.T) {
	soc2 := &catalog.Framework{ID: "soc2", Name: "SOC 2"}
	iso := &catalog.Framework{ID: "iso27001", Name: "ISO 27001"}
	d := func(s string) model.Date {
		day, err := model.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return day
	}
	type2 := model.Audit{ReportType: 2, PeriodStart: d("2026-01-01"), PeriodEnd: d("2026-06-30"), ReportIssued: d("2026-08-01"), Auditor: "Example CPA LLP"}
	type1 := model.Audit{ReportType: 1, AsOf: d("2026-03-31"), ReportIssued: d("2026-05-02")}
	for _, tc := range []struct {
		name     string
		fs       *status.FrameworkStatus
		audit    model.Audit
		headline string
		status   string
		state    string
	}{
		{"type 2 report, all met", &status.FrameworkStatus{Framework: soc2, Met: 47, Total: 47, Ready: true}, type2,
			"SOC 2 Type II", "Report for 2026-01-01 to 2026-06-30, issued 2026-08-01 by Example CPA LLP", "report"},
		{"type 1 report, no auditor named", &status.FrameworkStatus{Framework: soc2, Met: 47, Total: 47, Ready: true}, type1,
			"SOC 2 Type I", "Report as of 2026-03-31, issued 2026-05-02", "report"},
		{"report issued but a criterion not met", &status.FrameworkStatus{Framework: soc2, Met: 41, Total: 47}, type2,
			"SOC 2", "In progress — 41 of 47 criteria met", "in-progress"},
		{"all met, no report yet", &status.FrameworkStatus{Framework: soc2, Met: 47, Total: 47, Ready: true}, model.Audit{ReportType: 2},
			"SOC 2", "Ready — all 47 criteria met", "ready"},
		{"another framework is not reported on", &status.FrameworkStatus{Framework: iso, Met: 93, Total: 93, Ready: true}, type2,
			"ISO 27001", "Ready — all 93 criteria met", "ready"},
		{"one criterion, met", &status.FrameworkStatus{Framework: iso, Met: 1, Total: 1, Ready: true}, type2,
			"ISO 27001", "Ready — its one criterion met", "ready"},
		{"one criterion, not met", &status.FrameworkStatus{Framework: iso, Met: 0, Total: 1}, type2,
			"ISO 27001", "In progress — 0 of 1 criterion met", "in-progress"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := framework(tc.fs, tc.audit, d("2026-08-15"), nil, true)
			if f.Headline != tc.headline || f.Status != tc.status || f.State != tc.state {
				t.Errorf("got %q / %q / %s, want %q / %q / %s", f.Headline, f.Status, f.State, tc.headline, tc.status, tc.state)
			}
			if (f.Report != nil) != (tc.state == "report") {
				t.Errorf("report = %+v for state %s", f.Report, f.State)
			}
		})
	}
}

// TestReportIssuedLaterIsNotShownAsIssued: a report whose issue date falls
// after the evaluation date (the commit's: a version built from a commit
// made before the report came out, or a date filled in ahead) is not an
// issued report yet. The card shows the framework as ready, as attest
// status does, never "Report … issued" on a day still to come.
func TestReportIssuedLaterIsNotShownAsIssued(t *testing.T) {
	soc2 := &catalog.Framework{ID: "soc2", Name: "SOC 2"}
	ready := &status.FrameworkStatus{Framework: soc2, Met: 47, Total: 47, Ready: true}
	type2 := model.Audit{ReportType: 2, PeriodStart: date(t, "2026-01-01"), PeriodEnd: date(t, "2026-06-30"), ReportIssued: date(t, "2026-08-14"), Auditor: "Example CPA LLP"}
	for today, want := range map[string]struct{ status, state string }{
		"2026-08-03": {"Ready — all 47 criteria met", "ready"},
		"2026-08-13": {"Ready — all 47 criteria met", "ready"},
		"2026-08-14": {"Report for 2026-01-01 to 2026-06-30, issued 2026-08-14 by Example CPA LLP", "report"},
		"2026-09-01": {"Report for 2026-01-01 to 2026-06-30, issued 2026-08-14 by Example CPA LLP", "report"},
	} {
		f := framework(ready, type2, date(t, today), nil, false)
		if f.Status != want.status || f.State != want.state || (f.Report != nil) != (want.state == "report") {
			t.Errorf("evaluated %s: %q / %s / report %+v; want %q / %s", today, f.Status, f.State, f.Report, want.status, want.state)
		}
	}
}

func TestBaseURLIsReadWithoutRegardToCase(t *testing.T) {
	for in, want := range map[string]string{"https://trust.example": "https://trust.example/", "https://trust.example/x/": "https://trust.example/x/", "/": "", "": ""} {
		if got := baseURL(map[string]any{"BaseURL": in}); got != want {
			t.Errorf("baseURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestChangesAreAnnouncedOnlyForWhatIsPublicNow: a significant change of
// the period becomes an update only for an item the trust center shows in
// full now, and says only what the trust center shows of it now. The
// history's titles are the newest of the period — an internal, draft or
// retired version's — so none of them may be published (issue 11).
func TestChangesAreAnnouncedOnlyForWhatIsPublicNow(t *testing.T) {
	day := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	commit := &history.Commit{ID: "c0ffee", Short: "c0ffee", CommitDate: day, Subject: "SECRET commit subject"}
	p := &model.Program{
		Policies: []*model.Policy{
			{ID: "POL-PUB", Title: "Access Policy", Status: model.Approved, Visibility: model.Public},
			{ID: "POL-HIDDEN", Title: "SECRET now internal", Status: model.Approved, Visibility: model.Internal},
			{ID: "POL-DRAFT", Title: "SECRET draft", Status: model.Draft, Visibility: model.Public},
			{ID: "POL-RETIRED", Title: "SECRET retired", Status: model.Retired, Visibility: model.Public},
			{ID: "POL-RESTRICTED", Title: "Restricted Policy", Status: model.Approved, Visibility: model.Restricted},
		},
		Subprocessors: []*model.Subprocessor{
			{Name: "Mailgun", Purpose: "E-mail delivery", Visibility: model.Public},
			{Name: "SECRET-Tool", Purpose: "SECRET purpose", Visibility: model.Internal},
		},
	}
	change := func(kind changes.Kind, id, title string) changes.Change {
		return changes.Change{Kind: kind, ID: id, Title: title, Commit: commit, Shown: commit}
	}
	for _, tc := range []struct {
		name   string
		change changes.Change
		want   string // the update's title; "" for none
	}{
		{"public policy changed, shown with today's title", change(changes.PolicyChanged, "POL-PUB", "SECRET older title"), "Policy changed: POL-PUB Access Policy"},
		{"public policy added", change(changes.PolicyAdded, "POL-PUB", "SECRET title when added"), "Policy added: POL-PUB Access Policy"},
		{"policy made internal", change(changes.PolicyChanged, "POL-HIDDEN", "SECRET now internal"), ""},
		{"draft policy added", change(changes.PolicyAdded, "POL-DRAFT", "SECRET draft"), ""},
		{"policy retired", change(changes.PolicyRetired, "POL-RETIRED", "SECRET retired"), ""},
		{"policy deleted", change(changes.PolicyRetired, "POL-GONE", "SECRET gone"), ""},
		{"restricted policy changed", change(changes.PolicyChanged, "POL-RESTRICTED", "Restricted Policy"), ""},
		{"public subprocessor added", change(changes.SubprocessorAdded, "Mailgun", "SECRET old purpose"), "Subprocessor added: Mailgun (E-mail delivery)"},
		{"internal subprocessor added", change(changes.SubprocessorAdded, "SECRET-Tool", "SECRET purpose"), ""},
		{"subprocessor removed", change(changes.SubprocessorRemoved, "SECRET-Old", "SECRET purpose"), ""},
		{"control added", change(changes.ControlAdded, "CTL-SECRET", "SECRET control"), ""},
		{"commit unknown (shallow clone)", changes.Change{Kind: changes.PolicyChanged, ID: "POL-PUB", Title: "Access Policy"}, ""},
		{"added while internal, no commit since shows it", changes.Change{Kind: changes.PolicyAdded, ID: "POL-PUB", Title: "Access Policy", Commit: commit}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := ProjectWith(p, &status.Report{}, History{Changes: []changes.Change{tc.change}})
			var got string
			for _, u := range v.Updates {
				got = u.Title
				if strings.Contains(u.Title+u.Body+u.Slug, "SECRET") {
					t.Errorf("update publishes a non-public value: %+v", u)
				}
				if !strings.Contains(u.Body, "c0ffee") || u.Date != "2026-03-02" {
					t.Errorf("update does not name its commit and date: %+v", u)
				}
			}
			if len(v.Updates) > 1 {
				t.Fatalf("%d updates for one change", len(v.Updates))
			}
			if got != tc.want {
				t.Errorf("update %q, want %q", got, tc.want)
			}
		})
	}
}

// TestSummaryProgressShowsNoCounts: with [trust] progress = "summary" (the
// default), a framework in progress is "Audit in progress" (with the
// expected report date when given) or "In progress", and the view carries
// no count and no state of its criteria or of any control, so that nothing
// can show as operating before the audit says so; a ready framework, and
// every framework with progress = "detailed", carries them (issue 12).
func TestSummaryProgressShowsNoCounts(t *testing.T) {
	soc2 := &catalog.Framework{ID: "soc2", Name: "SOC 2"}
	iso := &catalog.Framework{ID: "iso27001", Name: "ISO 27001"}
	criterion := &catalog.Criterion{ID: "CC1.1", Title: "Integrity"}
	inProgress := func(f *catalog.Framework) *status.FrameworkStatus {
		cs := &status.CriterionStatus{Criterion: criterion, State: status.Operating}
		return &status.FrameworkStatus{Framework: f, Met: 41, Total: 47,
			Groups: []status.GroupStatus{{Group: catalog.Group{ID: "g"}, Met: 41, Total: 47, Criteria: []*status.CriterionStatus{cs}}}}
	}
	expected := model.Audit{ReportType: 2, ReportExpected: date(t, "2026-09-30")}
	for _, tc := range []struct {
		name     string
		fs       *status.FrameworkStatus
		audit    model.Audit
		today    string
		detailed bool
		status   string
		counts   bool
	}{
		{"SOC 2 in progress, report expected", inProgress(soc2), expected, "2026-07-01", false, "Audit in progress — report expected 2026-09-30", false},
		{"report expected on the day", inProgress(soc2), expected, "2026-09-30", false, "Audit in progress — report expected 2026-09-30", false},
		{"report overdue the day after", inProgress(soc2), expected, "2026-10-01", false, "Audit in progress — report overdue (expected 2026-09-30)", false},
		{"SOC 2 in progress, no date", inProgress(soc2), model.Audit{ReportType: 2}, "2026-10-01", false, "Audit in progress", false},
		{"another framework in progress", inProgress(iso), expected, "2026-10-01", false, "In progress", false},
		{"detailed", inProgress(soc2), expected, "2026-10-01", true, "In progress — 41 of 47 criteria met", true},
		{"ready", &status.FrameworkStatus{Framework: iso, Met: 93, Total: 93, Ready: true}, expected, "2026-10-01", false, "Ready — all 93 criteria met", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := framework(tc.fs, tc.audit, date(t, tc.today), nil, tc.detailed)
			if f.Status != tc.status || f.Counts != tc.counts {
				t.Errorf("status %q, counts %v; want %q, %v", f.Status, f.Counts, tc.status, tc.counts)
			}
			if !f.Counts {
				if f.Met != 0 || f.Total != 0 || f.Groups[0].Met != 0 || f.Groups[0].Total != 0 || f.Groups[0].Criteria[0].State != "" {
					t.Errorf("summary progress carries counts or states: %+v", f)
				}
			}
		})
	}

	p := &model.Program{Controls: []*model.Control{{ID: "CTL", Visibility: model.Public}}}
	p.Config.Audit = model.Audit{ReportType: 2}
	r := &status.Report{Frameworks: []*status.FrameworkStatus{inProgress(soc2)}}
	for _, progress := range []string{model.ProgressSummary, model.ProgressDetailed} {
		p.Config.Trust.Progress = progress
		v := Project(p, r)
		if v.ControlStates != (progress == model.ProgressDetailed) {
			t.Errorf("%s: ControlStates = %v", progress, v.ControlStates)
		}
	}

	// The view judges the expected date at the report's evaluation date
	// (the commit's), whatever the day the build runs.
	p.Config.Trust.Progress = model.ProgressSummary
	p.Config.Audit = expected
	for evaluated, want := range map[string]string{
		"2026-09-30": "Audit in progress — report expected 2026-09-30",
		"2026-10-01": "Audit in progress — report overdue (expected 2026-09-30)",
	} {
		r.Evaluated = date(t, evaluated)
		if got := Project(p, r).Frameworks[0].Status; got != want {
			t.Errorf("evaluated %s: %q, want %q", evaluated, got, want)
		}
	}
}

func date(t *testing.T, s string) model.Date {
	t.Helper()
	d, err := model.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestPublicBodiesLinkOnlyToWhatIsListed: in the view's bodies, a link to
// what the trust center does not list loses its destination and keeps its
// text, so that no path of an internal item or evidence file enters the
// view; a link to a restricted item loses its #fragment (issue 13).
func TestPublicBodiesLinkOnlyToWhatIsListed(t *testing.T) {
	approved := func(id, file string, vis model.Visibility) *model.Policy {
		return &model.Policy{ID: id, Title: id, Status: model.Approved, Visibility: vis, File: file}
	}
	for _, tc := range []struct {
		name, body, want string
		shows            []string // images the body shows besides img/arch.png, as compile lists them
	}{
		{"public", "[a](other.md#scope)", "[a](attest:policy/POL-OTHER#scope)", nil},
		{"restricted loses its fragment", "[a](restricted.md#secret-heading)", "[a](attest:policy/POL-RESTRICTED)", nil},
		{"internal", "See [the notes](internal-notes.md#x).", "See the notes.", nil},
		{"draft", "[a](draft.md)", "a", nil},
		{"evidence", "[q1](../evidence/q1.csv)", "q1", nil},
		{"another file", "[readme](../README.md) [outside](../../x.md)", "readme outside", nil},
		{"description section", "[components](../content/description/dc3.md)", "components", nil},
		{"control", "[ctl](../content/controls/ctl.md)", "[ctl](attest:control/CTL)", nil},
		{"internal control", "[ctl](../content/controls/hidden.md)", "ctl", nil},
		{"rooted internal", "[a](/policies/internal-notes.md)", "a", nil},
		{"rooted evidence", "[a](/evidence/unrecorded.csv) [b](/evidence/)", "a b", nil},
		{"a path of the site", "[all](/policies/) [mfa](/controls/ctl/#how)", "[all](/policies/) [mfa](/controls/ctl/#how)", nil},
		{"static", "[letter](../static/bridge.pdf)", "[letter](/bridge.pdf)", nil},
		{"external and anchors", "[w](https://example.com/internal-notes.md) [m](mailto:a@b.c) [s](#scope)", "[w](https://example.com/internal-notes.md) [m](mailto:a@b.c) [s](#scope)", nil},
		{"image shown", "![arch](img/arch.png)", "![arch](/policies/img/arch.png)", nil},
		{"image not listed", "![other](img/other.png)", "other", nil},
		{"definition", "[a][n]\n\n[n]: internal-notes.md\n", "a\n\n\n", nil},
		// A body may show any file as an image: only an image may be published.
		{"a register shown as an image", "![r](../content/registers/risks.toml)", "r", []string{"content/registers/risks.toml"}},
		{"evidence in another case", "![e](../Evidence/q1.csv) ![f](../EVIDENCE/chart.png)", "e f", []string{"Evidence/q1.csv", "EVIDENCE/chart.png"}},
		{"a rooted path to a register", "[inc](/content/registers/incidents.toml) [cfg](/config.toml) [e](/Evidence/q1.csv)", "inc cfg e", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			self := approved("POL-SELF", "policies/self.md", model.Public)
			self.Body, self.Images = tc.body, append([]string{"policies/img/arch.png"}, tc.shows...)
			p := &model.Program{
				Policies: []*model.Policy{
					self,
					approved("POL-OTHER", "policies/other.md", model.Public),
					approved("POL-RESTRICTED", "policies/restricted.md", model.Restricted),
					approved("POL-INTERNAL", "policies/internal-notes.md", model.Internal),
					{ID: "POL-DRAFT", Status: model.Draft, Visibility: model.Public, File: "policies/draft.md"},
				},
				Controls: []*model.Control{
					{ID: "CTL", Visibility: model.Public, File: "content/controls/ctl.md"},
					{ID: "HIDDEN", Visibility: model.Internal, File: "content/controls/hidden.md"},
				},
				Description: []*model.Section{{Section: "DC3", File: "content/description/dc3.md"}},
				Evidence:    []*model.Evidence{{ID: "EV", File: "evidence/q1.csv"}},
			}
			p.Index()
			v := Project(p, &status.Report{})
			if got := v.Policies[0]; got.ID != "POL-SELF" || got.Body != tc.want {
				t.Errorf("body %q\n got %s %q\nwant %q", tc.body, got.ID, got.Body, tc.want)
			}
			if strings.Contains(tc.body, "arch.png") != (len(v.Images) == 1) {
				t.Errorf("images %v", v.Images)
			}
		})
	}
}
