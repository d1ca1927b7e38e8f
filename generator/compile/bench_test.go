package compile_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path"
	"sync"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/synth"
)

var (
	largeOnce sync.Once
	largeDir  string
	largeErr  error
)

// largeProgram writes synth.Large once per test binary run.
func largeProgram(b *testing.B) string {
	largeOnce.Do(func() {
		largeDir, largeErr = os.MkdirTemp("", "attest-large-*")
		if largeErr == nil {
			largeErr = synth.Write(largeDir, synth.Large)
		}
	})
	if largeErr != nil {
		b.Fatal(largeErr)
	}
	return largeDir
}

// BenchmarkCompile measures compile + check (including hashing every
// evidence file) of the large synthetic program. Target: ≤ 1 s, and within 3×
// of BenchmarkReadDecode.
func BenchmarkCompile(b *testing.B) {
	fsys := os.DirFS(largeProgram(b))
	b.ReportAllocs()
	for b.Loop() {
		res := compile.Compile(fsys, compile.Options{})
		if res.Diags.HasErrors() {
			b.Fatal(res.Diags.Items()[0])
		}
	}
}

// BenchmarkReadDecode is the floor BenchmarkCompile is compared with: only
// reading every source and evidence file and TOML-decoding the sources, with
// the same concurrency, and nothing else.
func BenchmarkReadDecode(b *testing.B) {
	fsys := os.DirFS(largeProgram(b))
	var files []string
	fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, name)
		}
		return nil
	})
	b.ReportAllocs()
	for b.Loop() {
		var wg sync.WaitGroup
		jobs := make(chan string)
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for name := range jobs {
					src, err := fs.ReadFile(fsys, name)
					if err != nil {
						b.Error(err)
						continue
					}
					var v map[string]any
					switch path.Ext(name) {
					case ".toml":
						_, err = toml.Decode(string(src), &v)
					case ".md":
						parts := bytes.SplitN(src, []byte("+++\n"), 3)
						if len(parts) == 3 {
							_, err = toml.Decode(string(parts[1]), &v)
						}
					}
					if err != nil {
						b.Error(err)
					}
				}
			}()
		}
		for _, f := range files {
			jobs <- f
		}
		close(jobs)
		wg.Wait()
	}
}

// memoHasher stands in for evidence.Cache (which this package cannot import):
// it answers from memory once a file was hashed, as a warm cache would.
type memoHasher map[string]hashed

type hashed struct {
	sum  string
	size int64
}

func (m memoHasher) Hash(fsys fs.FS, name string) (string, int64, error) {
	mu.Lock()
	h, ok := m[name]
	mu.Unlock()
	if ok {
		return h.sum, h.size, nil
	}
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return "", 0, err
	}
	sum := sha256.Sum256(src)
	h = hashed{hex.EncodeToString(sum[:]), int64(len(src))}
	mu.Lock()
	m[name] = h
	mu.Unlock()
	return h.sum, h.size, nil
}

var mu sync.Mutex
