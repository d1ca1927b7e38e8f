package evidence_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/evidence"
	"github.com/attest-dev/attest/generator/model"
)

// benchBytes is how much evidence BenchmarkVerify writes: 64 MiB unless
// ATTEST_BENCH_VERIFY_BYTES says otherwise (1073741824 for docs/performance.md's
// 1 GiB figures), so that `go test -bench .` stays quick.
func benchBytes(b *testing.B) int64 {
	if s := os.Getenv("ATTEST_BENCH_VERIFY_BYTES"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			b.Fatalf("ATTEST_BENCH_VERIFY_BYTES=%q: want a positive byte count", s)
		}
		return n
	}
	return 64 << 20
}

// dropPageCache empties the kernel's page cache when
// ATTEST_BENCH_DROP_CACHES=1 (it needs root), so that every run reads from
// the disk: "cold" in the strictest sense.
func dropPageCache(b *testing.B) {
	if os.Getenv("ATTEST_BENCH_DROP_CACHES") != "1" {
		return
	}
	b.StopTimer()
	defer b.StartTimer()
	if err := exec.Command("sync").Run(); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile("/proc/sys/vm/drop_caches", []byte("3\n"), 0o200); err != nil {
		b.Fatalf("drop page cache (needs root): %v", err)
	}
}

// evidenceTree writes random evidence files totalling about total bytes into
// dir/evidence, in a mix of sizes from 4 KiB to 8 MiB, dated an hour back,
// registered in a git index, and returns the program that records them.
func evidenceTree(b *testing.B, dir string, total int64) (*model.Program, []string) {
	b.Helper()
	sizes := []int64{4 << 10, 64 << 10, 512 << 10, 2 << 20, 8 << 20}
	rng := rand.NewChaCha8([32]byte{1})
	buf := make([]byte, 8<<20)
	past := time.Now().Add(-time.Hour)
	p := &model.Program{}
	var names []string
	for i, written := 0, int64(0); written < total; i++ {
		size := min(sizes[i%len(sizes)], total-written)
		name := fmt.Sprintf("evidence/ctl-%03d/record-%04d.bin", i%50, i)
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		data := buf[:size]
		rng.Read(data)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.Chtimes(path, past, past); err != nil {
			b.Fatal(err)
		}
		sum := sha256.Sum256(data)
		p.Evidence = append(p.Evidence, &model.Evidence{
			ID: fmt.Sprintf("EV-%04d", i), File: name, SHA256: hex.EncodeToString(sum[:]),
			Pos: diag.Pos{File: "content/evidence/bench.toml", Line: 1 + 12*i, Col: 1},
		})
		names = append(names, path)
		written += size
	}
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	// Put the files in the index without writing objects: verify only asks
	// git which files it tracks.
	args := []string{"update-index", "--add", "--info-only", "--"}
	for _, e := range p.Evidence {
		args = append(args, e.File)
	}
	git(args...)
	return p, names
}

// BenchmarkVerify compares evidence verify with sha256sum over the same
// files: cold (no hash cache: every file read and hashed), warm (a saved
// cache, nothing changed: every file answered from the cache, including
// loading the cache and asking git what it tracks) and sha256sum itself.
// MB/s of cold against sha256sum is the throughput ratio.
func BenchmarkVerify(b *testing.B) {
	isolateGit(b)
	dir := b.TempDir()
	total := benchBytes(b)
	p, names := evidenceTree(b, dir, total)
	ctx := context.Background()
	check := func(b *testing.B, v *evidence.Verification) {
		if len(v.Problems) != 0 || v.Bytes != total {
			b.Fatalf("%d problems (first: %v), %d bytes", len(v.Problems), v.Problems, v.Bytes)
		}
	}

	b.Run("cold", func(b *testing.B) {
		b.SetBytes(total)
		for b.Loop() {
			dropPageCache(b)
			v, err := evidence.Verify(ctx, dir, p, evidence.NewCache(""))
			if err != nil {
				b.Fatal(err)
			}
			check(b, v)
		}
	})

	b.Run("sha256sum", func(b *testing.B) {
		b.SetBytes(total)
		for b.Loop() {
			dropPageCache(b)
			out, err := exec.Command("sha256sum", names...).Output()
			if err != nil || len(out) == 0 {
				b.Fatalf("sha256sum: %v", err)
			}
		}
	})

	cacheFile := filepath.Join(b.TempDir(), "hashes.cache")
	prime := evidence.NewCache(cacheFile)
	if _, err := evidence.Verify(ctx, dir, p, prime); err != nil {
		b.Fatal(err)
	}
	if err := prime.Save(); err != nil {
		b.Fatal(err)
	}
	b.Run("warm", func(b *testing.B) {
		for b.Loop() {
			c := evidence.NewCache(cacheFile)
			v, err := evidence.Verify(ctx, dir, p, c)
			if err != nil {
				b.Fatal(err)
			}
			check(b, v)
			if _, misses := c.Stats(); misses != 0 {
				b.Fatalf("%d files read on a warm run", misses)
			}
		}
		b.ReportMetric(float64(len(p.Evidence)), "files")
	})
}
