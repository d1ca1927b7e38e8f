package history_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/gitfs/gittest"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/model"
)

const programConfig = `[organization]
name = "Northwind"
security_contact = "security@northwind.example"

[audit]
frameworks = ["soc2"]
report_type = 2
period_start = 2026-01-01
period_end = 2026-06-30
`

func policyDoc(id, status, visibility, body string) string {
	return fmt.Sprintf(`+++
id = %q
title = "Policy %s"
owner = "CISO"
approvers = ["CEO"]
status = %q
effective = 2025-12-01
visibility = %q
+++

%s
`, id, id, status, visibility, body)
}

func controlDoc(id, summary string) string {
	return fmt.Sprintf(`+++
id = %q
title = "Control %s"
owner = "CTO"
frequency = "annual"
kind = "preventive"
summary = %q
+++

It operates.

## Test procedure

1. Look at it.
`, id, id, summary)
}

func subprocessor(name, visibility string) string {
	return fmt.Sprintf("[[subprocessor]]\nname = %q\npurpose = \"%s service\"\nlocation = \"EU\"\ndata = \"Customer data\"\nvisibility = %q\n\n", name, strings.ToLower(name), visibility)
}

// snapshot compiles the program as commit id holds it, from git objects.
func snapshot(t *testing.T, h *history.History, id string) history.Snapshot {
	t.Helper()
	if id == "" {
		return history.Snapshot{}
	}
	tree, err := h.Repo().Tree(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	res := compile.Compile(tree, compile.Options{Hasher: h.Repo()})
	if res.Diags.HasErrors() {
		t.Fatalf("program at %s: %v", id[:7], res.Diags.Err())
	}
	return history.Snapshot{Commit: id, Program: res.Program}
}

func TestSignificantChangesOfThePeriod(t *testing.T) {
	g := gittest.New(t)
	g.Write("config.toml", programConfig)
	g.Write("policies/a.md", policyDoc("POL-A", "approved", "public", "Access is limited."))
	g.Write("policies/b.md", policyDoc("POL-B", "approved", "internal", "Old practice."))
	g.Write("content/controls/one.md", controlDoc("CTL-1", "Does one thing."))
	g.Write("content/controls/two.md", controlDoc("CTL-2", "Does two things."))
	g.Write("content/registers/vendors.toml", subprocessor("Stratus", "public")+subprocessor("OldMail", "public"))
	g.Commit("2025-12-01T10:00:00Z", "Start the program")
	c2 := g.CommitChange("2026-01-10T10:00:00Z", "Add incident policy", func() {
		g.Write("policies/c.md", policyDoc("POL-C", "approved", "public", "Incidents are handled."))
	})
	c3 := g.CommitChange("2026-02-01T10:00:00Z", "Tighten access", func() {
		g.Write("policies/a.md", policyDoc("POL-A", "approved", "public", "Access is limited and reviewed."))
	})
	c4 := g.CommitChange("2026-02-15T10:00:00Z", "Switch mail provider", func() {
		g.Write("content/registers/vendors.toml", subprocessor("Stratus", "public")+subprocessor("Mailgun", "public")+subprocessor("Internal Tool", "internal"))
	})
	c5 := g.CommitChange("2026-03-01T10:00:00Z", "Retire POL-B", func() {
		g.Write("policies/b.md", policyDoc("POL-B", "retired", "internal", "Old practice."))
	})
	g.CommitChange("2026-03-02T10:00:00Z", "Typo in retired policy", func() {
		g.Write("policies/b.md", policyDoc("POL-B", "retired", "internal", "Old practices."))
	})
	c6 := g.CommitChange("2026-03-10T10:00:00Z", "Drop CTL-2 into CTL-1", func() {
		g.Remove("content/controls/two.md")
		g.Write("content/controls/one.md", controlDoc("CTL-1", "Does one and two things."))
	})
	g.CommitChange("2026-03-15T10:00:00Z", "Annual review of POL-C", func() {
		g.Write("policies/c.md", strings.Replace(policyDoc("POL-C", "approved", "public", "Incidents are handled."), "2025-12-01", "2026-03-15", 1))
	})
	c8 := g.CommitChange("2026-06-30T23:00:00Z", "Add CTL-3 on the last day", func() {
		g.Write("content/controls/three.md", controlDoc("CTL-3", "Does three."))
	})
	g.CommitChange("2026-07-01T00:30:00Z", "After the period", func() {
		g.Write("policies/d.md", policyDoc("POL-D", "approved", "public", "Later."))
	})

	h := load(t, g.Dir, history.Options{})
	ctx := context.Background()
	from, to, err := h.PeriodCommits(ctx, model.MakeDate(2026, 1, 1), model.MakeDate(2026, 6, 30))
	if err != nil {
		t.Fatal(err)
	}
	if h.Commit(from).Subject != "Start the program" || to != c8 {
		t.Fatalf("period commits %s..%s, want the first commit..%s", h.Commit(from).Subject, h.Commit(to).Subject, c8[:7])
	}
	changes, err := h.Significant(ctx, snapshot(t, h, from), snapshot(t, h, to))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range changes {
		got = append(got, fmt.Sprintf("%s %s %s %d commits", c.Commit.Short[:7], c.Kind, c.ID, len(c.Commits)))
	}
	want := []string{
		c2[:7] + " policy-added POL-C 2 commits",
		c3[:7] + " policy-changed POL-A 1 commits",
		c4[:7] + " subprocessor-added Internal Tool 1 commits",
		c4[:7] + " subprocessor-added Mailgun 1 commits",
		c4[:7] + " subprocessor-removed OldMail 1 commits",
		c5[:7] + " policy-retired POL-B 2 commits",
		c6[:7] + " control-changed CTL-1 1 commits",
		c6[:7] + " control-removed CTL-2 1 commits",
		c8[:7] + " control-added CTL-3 1 commits",
	}
	if !slices.Equal(got, want) {
		t.Errorf("changes:\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if s := changes[3].Summary(); s != "Subprocessor added: Mailgun (mailgun service)" {
		t.Errorf("Summary() = %q", s)
	}
	if s := changes[1].Summary(); s != "Policy changed: POL-A Policy POL-A" {
		t.Errorf("Summary() = %q", s)
	}
}

// TestSignificantChangesFromNothing: a program whose first commit falls in
// the period has every item added by the commit that brought it.
func TestSignificantChangesFromNothing(t *testing.T) {
	g := gittest.New(t)
	g.Write("config.toml", programConfig)
	g.Write("policies/a.md", policyDoc("POL-A", "approved", "public", "Access is limited."))
	first := g.Commit("2026-02-01T10:00:00Z", "Start")
	g.Write("content/registers/vendors.toml", subprocessor("Stratus", "public"))
	second := g.Commit("2026-02-02T10:00:00Z", "Vendors")

	h := load(t, g.Dir, history.Options{})
	ctx := context.Background()
	from, to, err := h.PeriodCommits(ctx, model.MakeDate(2026, 1, 1), model.MakeDate(2026, 6, 30))
	if err != nil || from != "" || to != second {
		t.Fatalf("PeriodCommits = %q, %q, %v; want \"\", the last commit", from, to, err)
	}
	changes, err := h.Significant(ctx, snapshot(t, h, from), snapshot(t, h, to))
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 2 || changes[0].Kind != history.PolicyAdded || changes[0].Commit.ID != first ||
		changes[1].Kind != history.SubprocessorAdded || changes[1].Commit.ID != second {
		t.Errorf("changes = %+v", changes)
	}
}

// The History is the compiler's review history, and a gitfs Repo its hasher.
var (
	_ compile.ReviewHistory = (*history.History)(nil)
	_ compile.Hasher        = (*gitfs.Repo)(nil)
)

// TestReviewInGitKeepsAPolicyCurrent: a policy effective in 2024 with a
// yearly cycle is overdue by mid-2026 on its front matter alone; a commit
// with a Reviewed-by: trailer in 2025 makes it current, through the
// compiler's ReviewHistory seam.
func TestReviewInGitKeepsAPolicyCurrent(t *testing.T) {
	g := gittest.New(t)
	g.Write("config.toml", programConfig)
	doc := strings.Replace(policyDoc("POL-A", "approved", "public", "Access is limited."), "2025-12-01", "2024-01-15", 1)
	g.Write("policies/a.md", doc)
	g.Commit("2024-01-15T10:00:00Z", "Adopt POL-A\n\nApproved-by: Carol CEO <carol@example.com>")
	g.Write("policies/a.md", strings.Replace(doc, "Access is limited.", "Access is limited and logged.", 1))
	g.Commit("2025-09-01T10:00:00Z", "Review POL-A\n\nReviewed-by: Dan CISO <dan@example.com>")

	h := load(t, g.Dir, history.Options{})
	tree, err := h.Repo().Tree(context.Background(), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	today := model.MakeDate(2026, 6, 30)
	overdue := func(res *compile.Result) bool {
		for _, d := range res.Diags.Items() {
			if strings.Contains(d.Message, "due for review") {
				return true
			}
		}
		return false
	}
	if res := compile.Compile(tree, compile.Options{Today: today}); !overdue(res) {
		t.Error("without history the policy is not overdue; the test proves nothing")
	}
	res := compile.Compile(tree, compile.Options{Today: today, Reviews: h})
	if overdue(res) {
		t.Errorf("with the review in git the policy is still overdue: %v", res.Diags.Items())
	}
	pol := res.Program.Policy("POL-A")
	if pol.LastReview.String() != "2025-09-01" || pol.ReviewedBy != "Dan CISO" || pol.NextReview().String() != "2026-09-01" {
		t.Errorf("last review %s by %q, next %s; want 2025-09-01 by Dan CISO, next 2026-09-01", pol.LastReview, pol.ReviewedBy, pol.NextReview())
	}
	if res := compile.Compile(tree, compile.Options{Today: model.MakeDate(2026, 9, 2), Reviews: h}); !overdue(res) {
		t.Error("a year after the git review the policy is not overdue")
	}
}

func TestCommitAsOf(t *testing.T) {
	g := gittest.New(t)
	g.Write("a", "1\n")
	first := g.Commit("2026-03-31T23:59:59Z", "last second of March")
	g.Write("a", "2\n")
	second := g.Commit("2026-04-01T00:00:00Z", "first second of April")
	h := load(t, g.Dir, history.Options{})
	for _, tc := range []struct {
		day  model.Date
		want string
	}{
		{model.MakeDate(2026, 3, 30), ""},
		{model.MakeDate(2026, 3, 31), first},
		{model.MakeDate(2026, 4, 1), second},
	} {
		got, err := h.CommitAsOf(context.Background(), tc.day)
		if err != nil || got != tc.want {
			t.Errorf("CommitAsOf(%s) = %q, %v; want %q", tc.day, got, err, tc.want)
		}
	}
}
