package history_test

import (
	"context"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/gitfs/gittest"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/model"
)

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
	g.Write("config.toml", gittest.ProgramConfig)
	doc := strings.Replace(gittest.PolicyDoc("POL-A", "approved", "public", "Access is limited."), "2025-12-01", "2024-01-15", 1)
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
