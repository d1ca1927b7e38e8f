package gather

import (
	"context"
	"os"
	"testing"

	"github.com/attest-dev/attest"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/gitfs/gittest"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/model"
)

// sampleRepo commits the sample program and returns the repository, the
// commit and the program compiled from the work tree.
func sampleRepo(t *testing.T) (*gittest.Repo, string, *model.Program) {
	t.Helper()
	g := gittest.New(t)
	g.WriteFS(attest.Sample())
	rev := g.Commit("2026-01-10T09:00:00Z", "sample")
	res := compile.Compile(os.DirFS(g.Dir), compile.Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Err())
	}
	return g, rev, res.Program
}

// TestFilesHaveTheirBlobIDs: evidence files and images read from the work
// tree and from git objects carry the same ids — git's — so that the
// versions of one build, some read from each, share one highlight per
// content; a work-tree file read again with the same bytes keeps its id
// without a hash.
func TestFilesHaveTheirBlobIDs(t *testing.T) {
	g, rev, p := sampleRepo(t)
	ctx := context.Background()
	repo, err := gitfs.Open(ctx, g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	tree, err := repo.Tree(ctx, rev)
	if err != nil {
		t.Fatal(err)
	}
	c := &Cache{}
	work, err := Files(ctx, p, os.DirFS(g.Dir), c)
	if err != nil {
		t.Fatal(err)
	}
	git, err := Files(ctx, p, tree, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(work) == 0 || len(work) != len(git) {
		t.Fatalf("%d files from the work tree, %d from git", len(work), len(git))
	}
	for name, f := range work {
		want, err := tree.Blob(name)
		if err != nil {
			t.Fatal(err)
		}
		if f.ID != want || git[name] == nil || git[name].ID != want || string(git[name].Data) != string(f.Data) {
			t.Errorf("%s: id %s from the work tree, want git's %s", name, f.ID, want)
		}
	}
	for _, e := range p.Evidence {
		if e.File != "" && work[e.File] == nil {
			t.Errorf("evidence %s was not read", e.File)
		}
	}

	// The same name and bytes: the id remembered, not hashed again.
	var name string
	for n := range work {
		name = n
		break
	}
	c.named[name] = named{data: c.named[name].data, id: "remembered"}
	again, err := Files(ctx, p, os.DirFS(g.Dir), c)
	if err != nil {
		t.Fatal(err)
	}
	if again[name].ID != "remembered" {
		t.Errorf("%s was hashed again: id %s", name, again[name].ID)
	}
	if err := os.WriteFile(g.Dir+"/"+name, []byte("changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	changed, err := Files(ctx, p, os.DirFS(g.Dir), c)
	if err != nil {
		t.Fatal(err)
	}
	if changed[name].ID != gitfs.BlobID([]byte("changed\n")) {
		t.Errorf("%s changed, id %s: the remembered id was kept for other bytes", name, changed[name].ID)
	}
	if files, err := Files(ctx, p, nil, c); files != nil || err != nil {
		t.Errorf("Files without an fs = %v, %v; want nil", files, err)
	}
}

// TestRevisionsDiffEachPairOfBlobsOnce: two files that went through the same
// contents share their diffs — each pair of blobs is read and compared once
// — while each row shows its own file's paths; without history there are
// no tables.
func TestRevisionsDiffEachPairOfBlobsOnce(t *testing.T) {
	g, _, _ := sampleRepo(t)
	p := &model.Program{Policies: []*model.Policy{{ID: "A", File: "a.md"}, {ID: "B", File: "b.md"}}}
	g.Write("a.md", "one\n")
	g.Write("b.md", "one\n")
	g.Commit("2026-02-01T09:00:00Z", "add two")
	g.Write("a.md", "one\ntwo\n")
	g.Write("b.md", "one\ntwo\n")
	g.Commit("2026-02-02T09:00:00Z", "grow both\n\nApproved-by: Carol <carol@example.com>")
	h, err := history.Load(context.Background(), g.Dir, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	c := &Cache{}
	revs, err := Revisions(context.Background(), p, h, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.diffs) != 2 {
		t.Errorf("%d diffs computed for two pairs of blobs", len(c.diffs))
	}
	for _, name := range []string{"a.md", "b.md"} {
		rows := revs[name]
		if len(rows) != 2 {
			t.Fatalf("%s: %d revisions, want 2", name, len(rows))
		}
		grow := rows[0]
		if grow.Diff == nil || grow.Diff.Path != name || grow.Diff.Inserted != 1 || grow.Diff.NewFile || grow.DiffID == "" {
			t.Errorf("%s: newest revision's diff %+v", name, grow.Diff)
		}
		if len(grow.Approvals) != 1 || grow.Approvals[0].By != "Carol" {
			t.Errorf("%s: approvals %+v", name, grow.Approvals)
		}
		if add := rows[1]; add.Diff == nil || !add.Diff.NewFile || add.Change != "added" {
			t.Errorf("%s: oldest revision %+v", name, add)
		}
	}
	if revs["a.md"][0].DiffID == revs["b.md"][0].DiffID {
		t.Error("two files' diffs share an id: their highlighted paths would be mixed up")
	}
	if none, err := Revisions(context.Background(), p, &history.History{}, c); none != nil || err != nil {
		t.Errorf("Revisions without history = %v, %v; want nil", none, err)
	}
}
