package description_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/attest-dev/attest/generator/description"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/synth"
	"github.com/attest-dev/attest/themes"
)

// BenchmarkSpecLarge measures the page set of the benchmark program of issue
// #2 (2,000 controls, 20,000 evidence records), without rendering.
func BenchmarkSpecLarge(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Write(dir, synth.Large); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	p, r := compiled(b, fsys)
	for b.Loop() {
		description.Spec(p, r, description.Options{Files: gathered(b, fsys, p), Out: filepath.Join(dir, "private")})
	}
}

// BenchmarkBuildLarge renders the private site of the benchmark program
// through Hugo.
func BenchmarkBuildLarge(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Write(dir, synth.Large); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	p, r := compiled(b, fsys)
	for b.Loop() {
		spec := description.Spec(p, r, description.Options{Files: gathered(b, fsys, p), Out: filepath.Join(dir, "private")})
		spec.Themes = themes.FS()
		if err := site.Build(context.Background(), spec); err != nil {
			b.Fatal(err)
		}
	}
}
