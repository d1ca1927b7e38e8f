package status_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/evidence"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/status"
	"github.com/attest-dev/attest/generator/synth"
)

// writeSynth writes a synthetic program of the given size (synth.Large is
// 200 policies, 2,000 controls and 20,000 evidence records and files).
func writeSynth(b *testing.B, size synth.Size) string {
	b.Helper()
	dir := b.TempDir()
	if err := synth.Write(dir, size); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkEvaluateLarge measures deriving every status of the large
// synthetic program from its compiled model: occurrences, judgments,
// criteria, frameworks, gaps, due items and the heat map.
func BenchmarkEvaluateLarge(b *testing.B) {
	dir := writeSynth(b, synth.Large)
	res := compile.Compile(os.DirFS(dir), compile.Options{SkipEvidenceFiles: true})
	if res.Diags.HasErrors() {
		b.Fatal(res.Diags.Err())
	}
	opts := status.Options{Today: model.MakeDate(2026, 7, 15)}
	b.ReportAllocs()
	for b.Loop() {
		r := status.EvaluateWith(res.Program, opts)
		if len(r.Controls) != synth.Large.Controls {
			b.Fatal("controls missing")
		}
	}
}

// BenchmarkStatusLarge measures what `attest status` does before printing:
// compile the large synthetic program, checking all 20,000 evidence files
// against a warm hash cache, then evaluate it.
func BenchmarkStatusLarge(b *testing.B) {
	dir := writeSynth(b, synth.Large)
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	cacheFile := b.TempDir() + "/hashes.cache"
	// Warm the cache once; the synthetic files were just written, so wait out
	// the racy window by dating them back as a checkout made earlier would be.
	ageFiles(b, dir)
	warm := evidence.NewCache(cacheFile)
	if res := compile.Compile(root.FS(), compile.Options{Hasher: warm}); res.Diags.HasErrors() {
		b.Fatal(res.Diags.Err())
	}
	if err := warm.Save(); err != nil {
		b.Fatal(err)
	}
	today := model.MakeDate(2026, 7, 15)
	b.Run("warm-cache", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			cache := evidence.NewCache(cacheFile)
			res := compile.Compile(root.FS(), compile.Options{Today: today, Hasher: cache})
			if res.Diags.HasErrors() {
				b.Fatal(res.Diags.Err())
			}
			status.EvaluateWith(res.Program, status.Options{Today: today})
			if _, misses := cache.Stats(); misses != 0 {
				b.Fatalf("%d evidence files read despite the warm cache", misses)
			}
		}
	})
	b.Run("no-cache", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			res := compile.Compile(root.FS(), compile.Options{Today: today})
			if res.Diags.HasErrors() {
				b.Fatal(res.Diags.Err())
			}
			status.EvaluateWith(res.Program, status.Options{Today: today})
		}
	})
}

// ageFiles dates every file under dir an hour back.
func ageFiles(b *testing.B, dir string) {
	b.Helper()
	past := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chtimes(p, past, past)
	})
	if err != nil {
		b.Fatal(err)
	}
}
