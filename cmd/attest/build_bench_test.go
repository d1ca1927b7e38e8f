package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// BenchmarkBuildVersions builds the system description of the sample
// program with five tagged versions (each changing one policy) against the
// same program with its tag pattern matching none: issue 4 asks for five
// versions in at most three times the time of one.
//
//   - first: each op clones both programs afresh and runs attest build
//     -only private in each, as a user does, the process start included,
//     by turns so that a machine's changing load falls on both alike: one
//     version, and five tags and the latest from nothing. It reports
//     one-ms/op, five-ms/op and x, five's time over one's.
//   - again: the same commands run again over their previous output (the
//     frozen tagged versions reused).
//   - first-in-process: as first, but the builds run inside the benchmark's
//     process: without the ~0.2 s every attest process spends starting
//     (loading Hugo), which both pay alike.
//
// A first build is measured in a new clone, not over an output just
// deleted: a file system that has just freed many files (ext4 skips inodes
// freed in the last minute when it allocates) makes every file after
// slower, the six versions' thousand folders more than one's.
//
//	go test -run XXX -bench BuildVersions -benchtime 5x -count 3 ./cmd/attest/
func BenchmarkBuildVersions(b *testing.B) {
	repo := func(tags int) string {
		r, _ := sampleRepoAt(b, "2026-01-10T10:00:00Z")
		for i := 1; i <= 5; i++ {
			r.Edit("policies/acceptable-use.md", `title = "`, `title = "V`+strconv.Itoa(i)+` `)
			r.Commit("2026-0"+strconv.Itoa(i+1)+"-01T10:00:00Z", "Version "+strconv.Itoa(i))
			if i <= tags {
				r.Tag("2026-0"+strconv.Itoa(i+1)+"-02T10:00:00Z", "audit/v"+strconv.Itoa(i), "Audit "+strconv.Itoa(i))
			}
		}
		return r.Dir
	}
	one, five := repo(0), repo(5)
	args := func(dir string) []string { return []string{"build", "-only", "private", "-quiet", "-C", dir} }
	inProcess := func(b *testing.B, dir string) time.Duration {
		start := time.Now()
		if code := run(context.Background(), args(dir), discard{}, discard{}); code != 0 {
			b.Fatalf("exit %d", code)
		}
		return time.Since(start)
	}
	command := func(b *testing.B, dir string) time.Duration {
		cmd := exec.Command(os.Args[0], args(dir)...)
		cmd.Env = append(os.Environ(), "ATTEST_RUN_MAIN=1")
		start := time.Now()
		out, err := cmd.CombinedOutput()
		took := time.Since(start)
		if err != nil {
			b.Fatalf("attest build: %v\n%s", err, out)
		}
		return took
	}
	clone := func(b *testing.B, src string) string {
		dir := filepath.Join(b.TempDir(), "program")
		if out, err := exec.Command("git", "clone", "-q", src, dir).CombinedOutput(); err != nil {
			b.Fatalf("git clone: %v\n%s", err, out)
		}
		return dir
	}
	report := func(b *testing.B, tOne, tFive time.Duration) {
		n := float64(b.N)
		b.ReportMetric(float64(tOne.Milliseconds())/n, "one-ms/op")
		b.ReportMetric(float64(tFive.Milliseconds())/n, "five-ms/op")
		b.ReportMetric(float64(tFive)/float64(tOne), "x")
	}
	first := func(build func(*testing.B, string) time.Duration) func(*testing.B) {
		return func(b *testing.B) {
			build(b, clone(b, one)) // warm: the first build loads the themes and the binary
			var tOne, tFive time.Duration
			for b.Loop() {
				b.StopTimer()
				a, c := clone(b, one), clone(b, five)
				b.StartTimer()
				tOne += build(b, a)
				tFive += build(b, c)
			}
			report(b, tOne, tFive)
		}
	}
	b.Run("first", first(command))
	b.Run("again", func(b *testing.B) {
		a, c := clone(b, one), clone(b, five)
		command(b, a)
		command(b, c)
		var tOne, tFive time.Duration
		for b.Loop() {
			tOne += command(b, a)
			tFive += command(b, c)
		}
		report(b, tOne, tFive)
	})
	b.Run("first-in-process", first(inProcess))
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
