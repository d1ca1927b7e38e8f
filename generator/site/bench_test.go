package site_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/attest-dev/attest"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/description"
	"github.com/attest-dev/attest/generator/gather"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/public"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
	"github.com/attest-dev/attest/generator/synth"
	"github.com/attest-dev/attest/generator/trustcenter"
	"github.com/attest-dev/attest/themes"
)

// fullBuild is what attest build does: compile the program (hashing every
// evidence file), derive its status, and build both sites, each aside and
// swapped in. It returns the two specs it built.
func fullBuild(tb testing.TB, fsys fs.FS, userDir, out string) (pub, priv site.Spec) {
	res := compile.Compile(fsys, compile.Options{})
	if res.Diags.HasErrors() {
		tb.Fatalf("the program has errors: %v", res.Diags.Items()[0])
	}
	p := res.Program
	r := status.Evaluate(p)
	view := public.Project(p, r)
	images, err := gather.Images(fsys, view.Images)
	if err != nil {
		tb.Fatal(err)
	}
	pub, err = trustcenter.Spec(view, trustcenter.Options{
		Images: images, Hugo: p.Config.Hugo, UserDir: userDir, Out: filepath.Join(out, "public"),
	})
	if err != nil {
		tb.Fatal(err)
	}
	pub.Themes = themes.FS()
	if err := site.Build(context.Background(), pub); err != nil {
		tb.Fatal(err)
	}
	priv = description.Spec(p, r, description.Options{Files: gathered(tb, fsys, p), UserDir: userDir, Out: filepath.Join(out, "private")})
	priv.Themes = themes.FS()
	if err := site.Build(context.Background(), priv); err != nil {
		tb.Fatal(err)
	}
	return pub, priv
}

// BenchmarkBuild measures attest build on the synthetic program of 200
// policies, 2,000 controls and 20,000 evidence records, and, in the same run,
// a bare Hugo build of the very same pages, data and files through the same
// themes, read from an ordinary Hugo project on disk. It reports both times,
// their ratio (the target is at most 1.5) and the peak resident memory of the
// first full build (the target is at most 1.5 GB).
//
//	TMPDIR=/dev/shm go test ./generator/site -run '^$' -bench 'Build$' -benchtime 3x -timeout 60m
//
// Most of the time goes to writing some 22,000 files, so on a disk the
// figures vary from run to run; a tmpfs TMPDIR steadies them.
func BenchmarkBuild(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Write(dir, synth.Large); err != nil {
		b.Fatal(err)
	}
	out := b.TempDir()
	pub, priv := fullBuild(b, os.DirFS(dir), dir, out)
	// The peak after one full build, before anything else ran, is what
	// attest build needs; later iterations and the bare builds add to the
	// process's peak without telling anything about attest.
	attestPeak := peakRSS()
	projects := map[string]site.Spec{"public": pub, "private": priv}
	for name, spec := range projects {
		if err := site.ExportProject(spec, filepath.Join(dir+"-hugo", name)); err != nil {
			b.Fatal(err)
		}
	}
	defer os.RemoveAll(dir + "-hugo")
	b.Logf("pages: public %d, private %d; files: public %d, private %d", len(pub.Pages), len(priv.Pages), len(pub.Files), len(priv.Files))

	var attestTime, hugoTime time.Duration
	n := 0
	for b.Loop() {
		// Flush what the previous phase wrote, so that neither phase pays
		// for the other's writeback.
		b.StopTimer()
		syscall.Sync()
		b.StartTimer()
		start := time.Now()
		fullBuild(b, os.DirFS(dir), dir, out)
		attestTime += time.Since(start)

		b.StopTimer()
		syscall.Sync()
		b.StartTimer()
		start = time.Now()
		for _, name := range []string{"public", "private"} {
			bare := filepath.Join(out, "bare-"+name)
			os.RemoveAll(bare)
			if err := site.BuildProject(filepath.Join(dir+"-hugo", name), bare, nil); err != nil {
				b.Fatal(err)
			}
		}
		hugoTime += time.Since(start)
		n++
	}
	b.ReportMetric(attestTime.Seconds()/float64(n), "attest-s/op")
	b.ReportMetric(hugoTime.Seconds()/float64(n), "hugo-s/op")
	b.ReportMetric(attestTime.Seconds()/hugoTime.Seconds(), "ratio")
	b.ReportMetric(attestPeak, "attest-peak-MB")
}

// BenchmarkBuildSample measures attest build of the embedded sample program
// (the target is under 2 s). Run it alone for a meaningful peak-MB: the
// peak is the process's, whatever ran before.
func BenchmarkBuildSample(b *testing.B) {
	out := b.TempDir()
	for b.Loop() {
		fullBuild(b, attest.Sample(), "", out)
	}
	b.ReportMetric(peakRSS(), "peak-MB")
}

// peakRSS is the process's peak resident set size so far, in MB.
func peakRSS() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024 // kilobytes on Linux
}

// gathered reads the evidence files and images of p from fsys, as a build
// does before the description is rendered (gather.Files).
func gathered(tb testing.TB, fsys fs.FS, p *model.Program) map[string]*description.File {
	tb.Helper()
	files, err := gather.Files(context.Background(), p, fsys, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// TestExportLarge writes the large synthetic program to $ATTEST_EXPORT_LARGE/program
// (outside git) and both its sites as ordinary Hugo projects to
// $ATTEST_EXPORT_LARGE/hugo/{public,private}, to compare attest build with
// the hugo command on the same pages as processes (docs/performance.md,
// peak memory against bare Hugo). Skipped unless the variable is set.
func TestExportLarge(t *testing.T) {
	dir := os.Getenv("ATTEST_EXPORT_LARGE")
	if dir == "" {
		t.Skip("set ATTEST_EXPORT_LARGE to a folder to export the large program and its sites")
	}
	prog := filepath.Join(dir, "program")
	if err := synth.Write(prog, synth.Large); err != nil {
		t.Fatal(err)
	}
	pub, priv := fullBuild(t, os.DirFS(prog), prog, t.TempDir())
	for name, spec := range map[string]site.Spec{"public": pub, "private": priv} {
		if err := site.ExportProject(spec, filepath.Join(dir, "hugo", name)); err != nil {
			t.Fatal(err)
		}
	}
}
