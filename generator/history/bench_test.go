package history_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/gitfs/gittest"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/synth"
)

// generate makes a repository of commits over files with git fast-import, so
// that a 10,000-commit history takes seconds to set up. The first commit adds
// every file; each later one edits two files, every 10th carries a
// Reviewed-by: trailer, every 50th renames a file, and every 100th is a merge
// of a one-commit branch. It is deterministic.
func generate(tb testing.TB, commits, files int) string {
	tb.Helper()
	dir := tb.TempDir()
	run := func(stdin []byte, args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Stdin = bytes.NewReader(stdin)
		// fast-import frees and regrows a large buffer per object; glibc
		// then returns memory to the system each time, which made setup
		// 60 times slower. A top pad keeps the heap.
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
			"GLIBC_TUNABLES=glibc.malloc.top_pad=67108864", "MALLOC_TOP_PAD_=67108864")
		if out, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run(nil, "init", "-q", "-b", "main")

	var s bytes.Buffer
	w := bufio.NewWriter(&s)
	names := make([]string, files)
	for i := range names {
		names[i] = fmt.Sprintf("policies/area-%02d/doc-%04d.md", i%40, i)
	}
	content := func(file, rev int) string {
		return fmt.Sprintf("+++\ntitle = \"Document %d\"\n+++\n\nRevision %d of document %d.\n\nIt says what it says, at some length, so that it looks like prose.\n", file, rev, file)
	}
	blob := func(path, data string) {
		fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", path, len(data), data)
	}
	header := func(ref string, mark, n int, msg string) {
		ts := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour).Unix()
		fmt.Fprintf(w, "commit %s\nmark :%d\nauthor Ada <ada@example.com> %d +0000\ncommitter Ada <ada@example.com> %d +0000\ndata %d\n%s\n", ref, mark, ts, ts, len(msg), msg)
	}
	rev := make([]int, files)
	mark, main := 0, 0
	for n := 0; n < commits; n++ {
		mark++
		switch {
		case n == 0:
			header("refs/heads/main", mark, n, "Initial program")
			for i, name := range names {
				blob(name, content(i, 0))
			}
		case n%100 == 0:
			// A one-commit branch off main, then its merge.
			f := (n * 7919) % files
			rev[f]++
			header("refs/heads/topic", mark, n, fmt.Sprintf("Edit document %d on a branch", f))
			fmt.Fprintf(w, "from :%d\n", main)
			blob(names[f], content(f, rev[f]))
			mark++
			n++
			header("refs/heads/main", mark, n, "Merge topic\n\nApproved-by: Carol <carol@example.com>\n")
			fmt.Fprintf(w, "merge :%d\n", mark-1)
			blob(names[f], content(f, rev[f]))
		case n%50 == 0:
			f := (n * 104729) % files
			old := names[f]
			names[f] = fmt.Sprintf("policies/area-%02d/renamed-%04d-%d.md", f%40, f, n)
			header("refs/heads/main", mark, n, fmt.Sprintf("Rename document %d", f))
			fmt.Fprintf(w, "R %s %s\n", old, names[f])
		default:
			msg := fmt.Sprintf("Edit documents, change %d", n)
			if n%10 == 0 {
				msg += "\n\nReviewed-by: Dan <dan@example.com>\n"
			}
			// No "from": a commit continues its branch, and naming the
			// parent would make fast-import reload its tree every time.
			header("refs/heads/main", mark, n, msg)
			for _, f := range []int{(n * 31) % files, (n*17 + 5) % files} {
				rev[f]++
				blob(names[f], content(f, rev[f]))
			}
		}
		main = mark
	}
	w.Flush()
	run(s.Bytes(), "fast-import", "--quiet")
	run(nil, "reset", "-q", "--hard", "main")
	return dir
}

// BenchmarkHistory measures Load, the one git log pass and its parsing, on
// generated repositories of 2,000 files; the three sizes show it is linear
// in commits. Issue #4 asks ≤ 1 s at 10,000 commits.
func BenchmarkHistory(b *testing.B) {
	gittest.Isolate(b)
	for _, commits := range []int{2500, 5000, 10000} {
		b.Run(fmt.Sprintf("commits=%d", commits), func(b *testing.B) {
			dir := generate(b, commits, 2000)
			var h *history.History
			defer reportCPU(b, cpuTime())
			for b.Loop() {
				var err error
				h, err = history.Load(context.Background(), dir, history.Options{})
				if err != nil {
					b.Fatal(err)
				}
				h.Close()
			}
			if len(h.Commits) != commits {
				b.Fatalf("%d commits loaded, want %d", len(h.Commits), commits)
			}
			if n := len(h.Files()); n != 2000 {
				b.Fatalf("%d files, want 2000 (renames followed)", n)
			}
		})
	}
}

// BenchmarkVersions compiles the program of one tag, then of five, from git
// objects through one Repo: files and evidence hashes shared between tags
// are read once. Issue #4 asks five versions in ≤ 3× the time of one.
func BenchmarkVersions(b *testing.B) {
	gittest.Isolate(b)
	g := &gittest.Repo{TB: b, Dir: b.TempDir(), Author: "Ada <ada@example.com>"}
	g.Git("init", "-q", "-b", "main")
	if err := synth.Write(g.Dir, synth.Small); err != nil {
		b.Fatal(err)
	}
	var tags []string
	for i := range 5 {
		if i > 0 {
			// Each version changes one policy, as an audit cycle might.
			p := filepath.Join(g.Dir, "policies")
			entries, _ := os.ReadDir(p)
			f := filepath.Join(p, entries[i].Name())
			data, _ := os.ReadFile(f)
			os.WriteFile(f, append(data, fmt.Sprintf("\nChanged in version %d.\n", i+1)...), 0o644)
		}
		g.Commit(fmt.Sprintf("2026-0%d-01T00:00:00Z", i+1), fmt.Sprintf("Version %d", i+1))
		tag := fmt.Sprintf("audit/v%d", i+1)
		g.Git("tag", tag)
		tags = append(tags, tag)
	}
	// A clone or any repository git has maintained holds its objects in a
	// pack; freshly committed loose objects cost a file each to read.
	g.Git("gc", "-q")
	build := func(b *testing.B, tags []string) {
		repo, err := gitfs.Open(context.Background(), g.Dir)
		if err != nil {
			b.Fatal(err)
		}
		defer repo.Close()
		for _, tag := range tags {
			tree, err := repo.Tree(context.Background(), tag)
			if err != nil {
				b.Fatal(err)
			}
			if res := compile.Compile(tree, compile.Options{Hasher: repo}); res.Diags.HasErrors() {
				b.Fatal(res.Diags.Err())
			}
		}
	}
	b.Run("workdir", func(b *testing.B) {
		// The same program compiled from disk, for comparison.
		defer reportCPU(b, cpuTime())
		for b.Loop() {
			if res := compile.Compile(os.DirFS(g.Dir), compile.Options{}); res.Diags.HasErrors() {
				b.Fatal(res.Diags.Err())
			}
		}
	})
	b.Run("versions=1", func(b *testing.B) {
		defer reportCPU(b, cpuTime())
		for b.Loop() {
			build(b, tags[:1])
		}
	})
	b.Run("versions=5", func(b *testing.B) {
		defer reportCPU(b, cpuTime())
		for b.Loop() {
			build(b, tags)
		}
	})
}

// reportCPU adds the CPU time per operation, git's included, since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
