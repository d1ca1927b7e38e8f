package changes_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/changes"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/gitfs/gittest"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/model"
)

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
func snapshot(t *testing.T, h *history.History, id string) changes.Snapshot {
	t.Helper()
	if id == "" {
		return changes.Snapshot{}
	}
	tree, err := h.Repo().Tree(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	res := compile.Compile(tree, compile.Options{Hasher: h.Repo()})
	if res.Diags.HasErrors() {
		t.Fatalf("program at %s: %v", id[:7], res.Diags.Err())
	}
	return changes.Snapshot{Commit: id, Program: res.Program}
}

func TestSignificantChangesOfThePeriod(t *testing.T) {
	g := gittest.New(t)
	g.Write("config.toml", gittest.ProgramConfig)
	g.Write("policies/a.md", gittest.PolicyDoc("POL-A", "approved", "public", "Access is limited."))
	g.Write("policies/b.md", gittest.PolicyDoc("POL-B", "approved", "internal", "Old practice."))
	g.Write("content/controls/one.md", controlDoc("CTL-1", "Does one thing."))
	g.Write("content/controls/two.md", controlDoc("CTL-2", "Does two things."))
	g.Write("content/registers/vendors.toml", subprocessor("Stratus", "public")+subprocessor("OldMail", "public"))
	g.Commit("2025-12-01T10:00:00Z", "Start the program")
	c2 := g.CommitChange("2026-01-10T10:00:00Z", "Add incident policy", func() {
		g.Write("policies/c.md", gittest.PolicyDoc("POL-C", "approved", "public", "Incidents are handled."))
	})
	c3 := g.CommitChange("2026-02-01T10:00:00Z", "Tighten access", func() {
		g.Write("policies/a.md", gittest.PolicyDoc("POL-A", "approved", "public", "Access is limited and reviewed."))
	})
	c4 := g.CommitChange("2026-02-15T10:00:00Z", "Switch mail provider", func() {
		g.Write("content/registers/vendors.toml", subprocessor("Stratus", "public")+subprocessor("Mailgun", "public")+subprocessor("Internal Tool", "internal"))
	})
	c5 := g.CommitChange("2026-03-01T10:00:00Z", "Retire POL-B", func() {
		g.Write("policies/b.md", gittest.PolicyDoc("POL-B", "retired", "internal", "Old practice."))
	})
	g.CommitChange("2026-03-02T10:00:00Z", "Typo in retired policy", func() {
		g.Write("policies/b.md", gittest.PolicyDoc("POL-B", "retired", "internal", "Old practices."))
	})
	c6 := g.CommitChange("2026-03-10T10:00:00Z", "Drop CTL-2 into CTL-1", func() {
		g.Remove("content/controls/two.md")
		g.Write("content/controls/one.md", controlDoc("CTL-1", "Does one and two things."))
	})
	g.CommitChange("2026-03-15T10:00:00Z", "Annual review of POL-C", func() {
		g.Write("policies/c.md", strings.Replace(gittest.PolicyDoc("POL-C", "approved", "public", "Incidents are handled."), "2025-12-01", "2026-03-15", 1))
	})
	c8 := g.CommitChange("2026-06-30T23:00:00Z", "Add CTL-3 on the last day", func() {
		g.Write("content/controls/three.md", controlDoc("CTL-3", "Does three."))
	})
	g.CommitChange("2026-07-01T00:30:00Z", "After the period", func() {
		g.Write("policies/d.md", gittest.PolicyDoc("POL-D", "approved", "public", "Later."))
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
	found, err := changes.Significant(ctx, h, snapshot(t, h, from), snapshot(t, h, to))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range found {
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
	if s := found[3].Summary(); s != "Subprocessor added: Mailgun (mailgun service)" {
		t.Errorf("Summary() = %q", s)
	}
	if s := found[1].Summary(); s != "Policy changed: POL-A Policy POL-A" {
		t.Errorf("Summary() = %q", s)
	}
}

// TestSignificantChangesFromNothing: a program whose first commit falls in
// the period has every item added by the commit that brought it.
func TestSignificantChangesFromNothing(t *testing.T) {
	g := gittest.New(t)
	g.Write("config.toml", gittest.ProgramConfig)
	g.Write("policies/a.md", gittest.PolicyDoc("POL-A", "approved", "public", "Access is limited."))
	first := g.Commit("2026-02-01T10:00:00Z", "Start")
	g.Write("content/registers/vendors.toml", subprocessor("Stratus", "public"))
	second := g.Commit("2026-02-02T10:00:00Z", "Vendors")

	h := load(t, g.Dir, history.Options{})
	ctx := context.Background()
	from, to, err := h.PeriodCommits(ctx, model.MakeDate(2026, 1, 1), model.MakeDate(2026, 6, 30))
	if err != nil || from != "" || to != second {
		t.Fatalf("PeriodCommits = %q, %q, %v; want \"\", the last commit", from, to, err)
	}
	found, err := changes.Significant(ctx, h, snapshot(t, h, from), snapshot(t, h, to))
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 2 || found[0].Kind != changes.PolicyAdded || found[0].Commit.ID != first ||
		found[1].Kind != changes.SubprocessorAdded || found[1].Commit.ID != second {
		t.Errorf("changes = %+v", found)
	}
}

func load(t *testing.T, dir string, opts history.Options) *history.History {
	t.Helper()
	h, err := history.Load(context.Background(), dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// TestShownIsACommitThatShowedTheItem: a policy and a subprocessor added as
// internal (or draft) and published later are added by their first commit,
// but the trust center may name only the commit that published them; an
// item never shown has no such commit.
func TestShownIsACommitThatShowedTheItem(t *testing.T) {
	g := gittest.New(t)
	g.Write("config.toml", gittest.ProgramConfig)
	g.Write("content/registers/vendors.toml", subprocessor("Stratus", "public"))
	g.Commit("2025-12-01T10:00:00Z", "Start the program")
	added := g.CommitChange("2026-01-10T10:00:00Z", "Add retention, internal", func() {
		g.Write("policies/r.md", gittest.PolicyDoc("POL-R", "approved", "internal", "Kept."))
		g.Write("policies/d.md", gittest.PolicyDoc("POL-D", "draft", "public", "Drafted."))
		g.Write("content/registers/vendors.toml", subprocessor("Stratus", "public")+subprocessor("Mailgun", "internal"))
	})
	g.CommitChange("2026-02-10T10:00:00Z", "Edit retention, internal", func() {
		g.Write("policies/r.md", gittest.PolicyDoc("POL-R", "approved", "internal", "Kept longer."))
	})
	published := g.CommitChange("2026-03-10T10:00:00Z", "Publish", func() {
		g.Write("policies/r.md", gittest.PolicyDoc("POL-R", "approved", "public", "Kept longer."))
		g.Write("content/registers/vendors.toml", subprocessor("Stratus", "public")+subprocessor("Mailgun", "public"))
	})
	h := load(t, g.Dir, history.Options{})
	ctx := context.Background()
	from, to, err := h.PeriodCommits(ctx, model.MakeDate(2026, 1, 1), model.MakeDate(2026, 6, 30))
	if err != nil {
		t.Fatal(err)
	}
	found, err := changes.Significant(ctx, h, snapshot(t, h, from), snapshot(t, h, to))
	if err != nil {
		t.Fatal(err)
	}
	short := func(c *history.Commit) string {
		if c == nil {
			return "none"
		}
		return c.ID[:7]
	}
	var got []string
	for _, c := range found {
		got = append(got, fmt.Sprintf("%s %s made by %s, shown by %s", c.Kind, c.ID, short(c.Commit), short(c.Shown)))
	}
	want := []string{
		"policy-added POL-D made by " + added[:7] + ", shown by none",
		"policy-added POL-R made by " + added[:7] + ", shown by " + published[:7],
		"subprocessor-added Mailgun made by " + added[:7] + ", shown by " + published[:7],
	}
	if !slices.Equal(got, want) {
		t.Errorf("changes:\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
