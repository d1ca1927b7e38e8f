package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// BenchmarkBuildVersions builds the system description of the sample
// program with five tagged versions (each changing one policy) against the
// same program with its tag pattern matching none: issue 4 asks for five
// versions in at most three times the time of one. Each op builds, by turns
// so that a machine's changing load falls on all three alike:
//
//   - one: the program with no tag matching (one version);
//   - fresh: five tags and the latest from nothing (every version rendered);
//   - again: five tags and the latest over the previous output (the frozen
//     tagged versions reused).
//
// It reports each one's ms/op and fresh-x and again-x, their times over
// one's.
//
//	go test -run XXX -bench BuildVersions -benchtime 5x -count 3 ./cmd/attest/
func BenchmarkBuildVersions(b *testing.B) {
	repo := func(tags int) string {
		r, _ := sampleRepoAt(b, "2026-01-10T10:00:00Z")
		for i := 1; i <= 5; i++ {
			editFile(b, r, "policies/acceptable-use.md", `title = "`, `title = "V`+strconv.Itoa(i)+` `)
			r.Commit("2026-0"+strconv.Itoa(i+1)+"-01T10:00:00Z", "Version "+strconv.Itoa(i))
			if i <= tags {
				r.Tag("2026-0"+strconv.Itoa(i+1)+"-02T10:00:00Z", "audit/v"+strconv.Itoa(i), "Audit "+strconv.Itoa(i))
			}
		}
		return r.Dir
	}
	one, five := repo(0), repo(5)
	ctx := context.Background()
	build := func(dir string) time.Duration {
		start := time.Now()
		if code := run(ctx, []string{"build", "-only", "private", "-C", dir}, discard{}, discard{}); code != 0 {
			b.Fatalf("exit %d", code)
		}
		return time.Since(start)
	}
	build(one) // warm: the first build of a process loads the themes
	var tOne, tFresh, tAgain time.Duration
	for b.Loop() {
		tOne += build(one)
		b.StopTimer()
		os.RemoveAll(filepath.Join(five, "private"))
		b.StartTimer()
		tFresh += build(five)
		tAgain += build(five)
	}
	n := float64(b.N)
	ms := func(d time.Duration) float64 { return float64(d.Milliseconds()) / n }
	b.ReportMetric(ms(tOne), "one-ms/op")
	b.ReportMetric(ms(tFresh), "fresh-ms/op")
	b.ReportMetric(ms(tAgain), "again-ms/op")
	b.ReportMetric(float64(tFresh)/float64(tOne), "fresh-x")
	b.ReportMetric(float64(tAgain)/float64(tOne), "again-x")
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
