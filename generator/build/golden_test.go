package build

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/attest-dev/attest"
	"github.com/attest-dev/attest/generator/gitfs/gittest"
	"github.com/attest-dev/attest/generator/site/sitetest"
	"github.com/attest-dev/attest/generator/synth"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestOutputIsGolden builds the sample and the synthetic program
// (synth.Small), each in a git repository with a period's history — a
// policy edited, a tag, a policy made internal and public again, a control
// edited — and compares every file of both sites, by SHA-256, with its
// golden manifest. A restructuring keeps the output byte for byte; a change
// that means to alter it refreshes the manifests with -update (look at the
// pages that changed first). Tagged versions' .attest-version stamps are
// left out: they hash the executable.
func TestOutputIsGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two programs with history")
	}
	for _, tc := range []struct {
		name  string
		write func(r *gittest.Repo)
	}{
		{"sample", func(r *gittest.Repo) { r.WriteFS(attest.Sample()) }},
		{"synth", func(r *gittest.Repo) {
			if err := synth.Write(r.Dir, synth.Small); err != nil {
				t.Fatal(err)
			}
			config, err := os.ReadFile(filepath.Join(r.Dir, "config.toml"))
			if err != nil {
				t.Fatal(err)
			}
			r.Write("config.toml", string(config)+"\n[versions]\ntags = \"audit/*\"\n")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := gittest.New(t)
			tc.write(r)
			r.Write(".gitignore", "/public/\n/private/\n")
			r.Commit("2025-12-20T10:00:00Z", "Start the program\n\nApproved-by: Carol CEO <carol@example.com>")
			policies, err := filepath.Glob(filepath.Join(r.Dir, "policies", "*.md"))
			if err != nil || len(policies) < 2 {
				t.Fatalf("policies: %v %v", policies, err)
			}
			slices.Sort(policies)
			edited, flipped := policies[0], policies[1]
			appendTo := func(file, text string) {
				data, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				rel, _ := filepath.Rel(r.Dir, file)
				r.Write(filepath.ToSlash(rel), string(data)+text)
			}
			appendTo(edited, "\nAn added paragraph.\n")
			r.Commit("2026-02-01T10:00:00Z", "Edit a policy")
			r.Tag("2026-02-02T10:00:00Z", "audit/2026-q1", "First quarter")
			rel, _ := filepath.Rel(r.Dir, flipped)
			flip := func(from, to string) {
				data, err := os.ReadFile(flipped)
				if err != nil {
					t.Fatal(err)
				}
				r.Write(filepath.ToSlash(rel), strings.Replace(string(data), `visibility = "`+from+`"`, `visibility = "`+to+`"`, 1))
			}
			flip("public", "internal")
			appendTo(flipped, "\nInternal words.\n")
			r.Commit("2026-03-01T10:00:00Z", "Make a policy internal")
			flip("internal", "public")
			r.Commit("2026-04-01T10:00:00Z", "Make it public again\n\nReviewed-by: Dan CISO <dan@example.com>")
			controls, err := filepath.Glob(filepath.Join(r.Dir, "content", "controls", "*.md"))
			if err != nil || len(controls) == 0 {
				t.Fatalf("controls: %v %v", controls, err)
			}
			slices.Sort(controls)
			appendTo(controls[0], "\nA new line of narrative.\n")
			r.Commit("2026-05-01T10:00:00Z", "Edit a control")

			if _, stderr, err := buildProgram(t, r.Dir, ""); err != nil {
				t.Fatalf("build: %v\n%s", err, stderr)
			}
			// KEEP_GOLDEN=dir keeps the built program, to see what a
			// changed line of a manifest stands for.
			if d := os.Getenv("KEEP_GOLDEN"); d != "" {
				os.CopyFS(filepath.Join(d, tc.name), os.DirFS(r.Dir))
			}
			var manifest strings.Builder
			for _, site := range []string{"public", "private"} {
				tree := sitetest.ReadTree(t, filepath.Join(r.Dir, site))
				if len(tree) < 20 {
					t.Fatalf("%s: only %d files", site, len(tree))
				}
				for _, name := range slices.Sorted(func(yield func(string) bool) {
					for name := range tree {
						if !yield(name) {
							return
						}
					}
				}) {
					if filepath.Base(name) == stampFile {
						continue
					}
					sum := sha256.Sum256(tree[name])
					fmt.Fprintf(&manifest, "%s %s/%s\n", hex.EncodeToString(sum[:8]), site, name)
				}
			}
			sitetest.Golden(t, filepath.Join("testdata", "golden", tc.name+".sha256"), []byte(manifest.String()), *update)
		})
	}
}
