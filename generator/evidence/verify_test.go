package evidence_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/evidence"
	"github.com/attest-dev/attest/generator/model"
)

func problems(v *evidence.Verification) string {
	var out []string
	for _, p := range v.Problems {
		id := "-"
		if p.Evidence != nil {
			id = p.Evidence.ID
		}
		out = append(out, fmt.Sprintf("%s %s %s", p.Kind, p.File, id))
	}
	return strings.Join(out, "\n")
}

// compileSkipping compiles without reading evidence files, as verify does,
// so a program whose files are broken still gives its model.
func compileSkipping(t *testing.T, dir string) *model.Program {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	return compile.Compile(root.FS(), compile.Options{SkipEvidenceFiles: true}).Program
}

// TestVerifyFindsEveryKindOfProblem works on a real repository: a clean
// program first, then one file missing, one changed, one recorded but not
// committed and one committed but not recorded.
func TestVerifyFindsEveryKindOfProblem(t *testing.T) {
	dir := newRepo(t)
	ctx := context.Background()
	v, err := evidence.Verify(ctx, dir, compileSkipping(t, dir), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Problems) != 0 || v.Files != 1 || v.Bytes != 53 || !v.GitChecked {
		t.Fatalf("clean program: %+v\n%s", v, problems(v))
	}

	// A second record, committed, whose file then goes missing.
	gone := filepath.Join(t.TempDir(), "2026-q2.csv")
	writeFile(t, gone, "q2\n")
	if _, err := evidence.Add(addOpts(dir, gone, "CTL-ACCESS-REVIEW")); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "q2 review")
	if err := os.Remove(filepath.Join(dir, "evidence/access-review/2026-q2.csv")); err != nil {
		t.Fatal(err)
	}
	// The recorded Q1 file changed.
	writeFile(t, filepath.Join(dir, "evidence/access-review/2026-q1.csv"), "edited\n")
	// Recorded, never committed.
	log := filepath.Join(t.TempDir(), "restore.log")
	writeFile(t, log, "ok\n")
	if _, err := evidence.Add(addOpts(dir, log, "CTL-BACKUPS")); err != nil {
		t.Fatal(err)
	}
	// Committed, never recorded; hidden files are not evidence.
	writeFile(t, filepath.Join(dir, "evidence/stray/notes.txt"), "stray\n")
	writeFile(t, filepath.Join(dir, "evidence/stray/.DS_Store"), "x")
	git(t, dir, "add", ".")
	git(t, dir, "reset", "-q", "--", "evidence/backups")

	v, err = evidence.Verify(ctx, dir, compileSkipping(t, dir), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "changed evidence/access-review/2026-q1.csv EV-AR-2026Q1\n" +
		"missing evidence/access-review/2026-q2.csv EV-ACCESS-REVIEW-2026-07-09\n" +
		"untracked evidence/backups/restore.log EV-BACKUPS-2026-07-09\n" +
		"unreferenced evidence/stray/notes.txt -"
	if got := problems(v); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
	var lines []string
	for _, d := range v.Diagnostics() {
		lines = append(lines, d.String())
	}
	diags := strings.Join(lines, "\n")
	for _, s := range []string{
		"content/evidence/access.toml:4:1: evidence EV-AR-2026Q1: evidence/access-review/2026-q1.csv changed after it was recorded: its sha256 is ",
		"content/evidence/backups.toml:3:1: evidence EV-BACKUPS-2026-07-09: evidence/backups/restore.log is not tracked by git: commit it (git add evidence/backups/restore.log)",
		"evidence/stray/notes.txt: warning: evidence/stray/notes.txt is named by no manifest",
	} {
		if !strings.Contains(diags, s) {
			t.Errorf("diagnostics lack %q:\n%s", s, diags)
		}
	}
}

// TestVerifyOutsideGit: without a repository, tracking is not checked and
// verify says so, but still checks hashes.
func TestVerifyOutsideGit(t *testing.T) {
	dir := newRepo(t)
	if err := os.RemoveAll(filepath.Join(dir, ".git")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	v, err := evidence.Verify(context.Background(), dir, compileSkipping(t, dir), nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.GitChecked || !strings.Contains(v.GitNote, "not a git repository") || len(v.Problems) != 0 || v.Files != 1 {
		t.Errorf("%+v", v)
	}
}

// TestVerifyWarmCacheReadsNothing: a second verification of unchanged files
// answers every file from the cache; a changed file is still caught.
func TestVerifyWarmCacheReadsNothing(t *testing.T) {
	dir := newRepo(t)
	p := compileSkipping(t, dir)
	cache := evidence.OpenCache(dir)
	if _, err := evidence.Verify(context.Background(), dir, p, cache); err != nil {
		t.Fatal(err)
	}
	if err := cache.Save(); err != nil {
		t.Fatal(err)
	}
	warm := evidence.OpenCache(dir)
	v, err := evidence.Verify(context.Background(), dir, p, warm)
	if err != nil {
		t.Fatal(err)
	}
	if hits, misses := warm.Stats(); hits != 1 || misses != 0 || len(v.Problems) != 0 {
		t.Errorf("warm run: %d hits, %d misses, %s", hits, misses, problems(v))
	}
	q1 := filepath.Join(dir, "evidence/access-review/2026-q1.csv")
	writeFile(t, q1, "account,owner,decision\nalice,eng,keep\nbob,ops,REMOVE\n")
	past := time.Now().Add(-30 * time.Minute)
	os.Chtimes(q1, past, past)
	v, err = evidence.Verify(context.Background(), dir, p, warm)
	if err != nil {
		t.Fatal(err)
	}
	if got := problems(v); got != "changed evidence/access-review/2026-q1.csv EV-AR-2026Q1" {
		t.Errorf("after an edit of the same size: %s", got)
	}
}
