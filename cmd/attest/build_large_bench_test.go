package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/attest-dev/attest/generator/gitfs/gittest"
	"github.com/attest-dev/attest/generator/site/sitetest"
	"github.com/attest-dev/attest/generator/synth"
)

// BenchmarkBuildLarge runs attest build on the large synthetic program
// (200 policies, 2,000 controls, 20,000 evidence files, committed to git)
// as a process of its own, as a user runs it, and reports per op:
//
//   - full-s: a build from nothing (no outputs, no build record), and
//     full-cpu-s, its processor time (user and system), which a loaded
//     machine inflates less than wall time;
//   - peak-MB: that build's peak resident memory (target: ≤ 1 GB);
//   - unchanged-s and unchanged-x: the build again with nothing changed,
//     and its time over the full build's (target: ≤ 0.10);
//   - policy-s and policy-x: the build after one policy's text changed
//     (target: ≤ 0.25).
//
// With ATTEST_BENCH_OLD naming another attest executable (an older build
// kept for comparison), each op also builds the same program with it from
// nothing, by turns with the full build, and reports old-s, old-cpu-s,
// old-peak-MB and x, the full build's time over the old one's (target:
// ≤ 0.5); the first op checks that both wrote the same outputs byte for
// byte. TMPDIR decides where the program and its outputs are: a tmpfs
// (/dev/shm) steadies the figures.
//
//	ATTEST_BENCH_OLD=/tmp/attest-old TMPDIR=/dev/shm go test ./cmd/attest -run '^$' -bench BuildLarge -benchtime 3x -timeout 60m
func BenchmarkBuildLarge(b *testing.B) {
	r := gittest.New(b)
	if err := synth.Write(r.Dir, synth.Large); err != nil {
		b.Fatal(err)
	}
	r.Write(".gitignore", "/public/\n/private/\n")
	r.Commit("2026-03-01T10:00:00Z", "Synthetic program")
	cache := b.TempDir()
	old := os.Getenv("ATTEST_BENCH_OLD")

	type run struct {
		wall, cpu time.Duration
		peakMB    float64
	}
	attest := func(exe string, env ...string) run {
		b.Helper()
		cmd := exec.Command(exe, "build", "-quiet", "-C", r.Dir)
		cmd.Env = append(append(os.Environ(), "ATTEST_RUN_MAIN=1", "ATTEST_CACHE_DIR="+cache), env...)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		wall := time.Since(start)
		if err != nil {
			b.Fatalf("%s build: %v\n%s", exe, err, out)
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		return run{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), peakMB: float64(ru.Maxrss) / 1024}
	}
	clean := func() {
		b.Helper()
		syscall.Sync() // neither build pays for the other's writeback
		for _, d := range []string{"public", "private"} {
			if err := os.RemoveAll(filepath.Join(r.Dir, d)); err != nil {
				b.Fatal(err)
			}
		}
		os.RemoveAll(filepath.Join(cache, "builds"))
	}
	policy := filepath.Join(r.Dir, "policies", "policy-0000.md")
	orig, err := os.ReadFile(policy)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(policy, orig, 0o644)

	var full, unchanged, edited, older run
	n := 0
	for b.Loop() {
		b.StopTimer()
		if old != "" {
			clean()
			o := attest(old)
			older.wall, older.cpu, older.peakMB = older.wall+o.wall, older.cpu+o.cpu, max(older.peakMB, o.peakMB)
			if n == 0 {
				pub, priv := sitetest.ReadTree(b, filepath.Join(r.Dir, "public")), sitetest.ReadTree(b, filepath.Join(r.Dir, "private"))
				clean()
				attest(os.Args[0])
				sitetest.SameTree(b, "the trust center against the old executable's", pub, sitetest.ReadTree(b, filepath.Join(r.Dir, "public")))
				sitetest.SameTree(b, "the system description against the old executable's", priv, sitetest.ReadTree(b, filepath.Join(r.Dir, "private")))
			}
		}
		clean()
		b.StartTimer()
		f := attest(os.Args[0])
		full.wall, full.cpu, full.peakMB = full.wall+f.wall, full.cpu+f.cpu, max(full.peakMB, f.peakMB)
		u := attest(os.Args[0])
		unchanged.wall += u.wall
		b.StopTimer()
		if err := os.WriteFile(policy, append(append([]byte{}, orig...), "\nEdited.\n"...), 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		e := attest(os.Args[0])
		edited.wall += e.wall
		b.StopTimer()
		if err := os.WriteFile(policy, orig, 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		n++
	}
	per := func(d time.Duration) float64 { return d.Seconds() / float64(n) }
	b.ReportMetric(per(full.wall), "full-s")
	b.ReportMetric(per(full.cpu), "full-cpu-s")
	b.ReportMetric(full.peakMB, "peak-MB")
	b.ReportMetric(per(unchanged.wall), "unchanged-s")
	b.ReportMetric(unchanged.wall.Seconds()/full.wall.Seconds(), "unchanged-x")
	b.ReportMetric(per(edited.wall), "policy-s")
	b.ReportMetric(edited.wall.Seconds()/full.wall.Seconds(), "policy-x")
	if old != "" {
		b.ReportMetric(per(older.wall), "old-s")
		b.ReportMetric(per(older.cpu), "old-cpu-s")
		b.ReportMetric(older.peakMB, "old-peak-MB")
		b.ReportMetric(full.wall.Seconds()/older.wall.Seconds(), "x")
	}
}
