package synth_test

import (
	"os"
	"testing"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/synth"
)

// TestSmallProgramChecksClean guards the benchmarks: a synthetic program that
// failed to compile would measure error reporting, not compilation.
func TestSmallProgramChecksClean(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Write(dir, synth.Small); err != nil {
		t.Fatal(err)
	}
	res := compile.Compile(os.DirFS(dir), compile.Options{})
	for _, d := range res.Diags.Items() {
		t.Errorf("%s", d)
	}
	p := res.Program
	if len(p.Policies) != synth.Small.Policies || len(p.Controls) != synth.Small.Controls || len(p.Evidence) != synth.Small.Evidence {
		t.Fatalf("got %d policies, %d controls, %d evidence; want %+v", len(p.Policies), len(p.Controls), len(p.Evidence), synth.Small)
	}
}
