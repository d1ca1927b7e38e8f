package serve

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestIgnoredEditorFiles: the files editors and tools write around a save
// are ignored, as Hugo ignores them; sources are not (issue 15).
func TestIgnoredEditorFiles(t *testing.T) {
	for _, name := range []string{
		"sedEsAvBV", "sed0aZ9xQ", // GNU sed -i
		"4913", "a.md.swp", ".a.md.swp", ".a.md.swx", "a.md.swo", "a.md~", "a~", // vim
		"#a.md#", ".#a.md", // emacs
		"a.md.bck",                                                 // helix
		"a.md.tmp",                                                 // generic
		".DS_Store",                                                // macOS
		".goutputstream-ABCD12",                                    // gnome
		"a.md___jb_tmp___", "a.md___jb_old___", "a.md___jb_bak___", // IntelliJ
		"a.md.sb-4e3f2a1b-Xy12", // byword
		"a.md.kate-swp",         // kate
	} {
		if !ignored(name) {
			t.Errorf("%s is not ignored", name)
		}
	}
	for _, name := range []string{"a.md", "sed.md", "sedation.md", "sedEsAvB", "sedEsAvBV.md", "49130", "access.toml", "logo.svg"} {
		if ignored(name) {
			t.Errorf("%s is ignored", name)
		}
	}
}

// syncLog is a server log a test reads while the server writes it.
type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeIgnoresEditorTemporaryFiles: files editors leave beside a policy
// (sed -i's sedXXXXXX, vim's 4913 and swap, emacs' #a.md#, backups) neither
// rebuild nor appear in the log; a save by sed -i right after rebuilds,
// named by the file it changed (issue 15: "rebuilt after policies/sedEsAvBV").
func TestServeIgnoresEditorTemporaryFiles(t *testing.T) {
	dir := newProgram(t)
	log := &syncLog{}
	r := start(t, dir, Options{Loopback: true, Log: log})
	ev := r.events()
	ev.next("the current state", func(State) bool { return true })

	junk := []string{"policies/sedEsAvBV", "policies/4913", "policies/.a.md.swp", "policies/#a.md#", "policies/a.md~", "policies/a.md.bck"}
	for _, name := range junk {
		writeFile(t, dir, name, "junk")
	}
	for _, name := range junk {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(4 * maxWait) // a batch of the junk, were it watched, closes

	// sed -i: a temporary file renamed over the policy.
	writeFile(t, dir, "policies/sedQ3xk9Z", policy("POL-A", "Edited by sed."))
	if err := os.Rename(filepath.Join(dir, "policies/sedQ3xk9Z"), filepath.Join(dir, "policies/a.md")); err != nil {
		t.Fatal(err)
	}
	st := ev.next("the rebuild after the edit", func(s State) bool { return s.Build > 1 })
	if st.Build != 2 {
		t.Errorf("build %d after one edit: the temporary files rebuilt too", st.Build)
	}
	if _, page := r.get("/policies/pol-a/"); !strings.Contains(page, "Edited by sed.") {
		t.Errorf("the edit is not served:\n%s", page)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(log.String(), "rebuilt after") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	out := log.String()
	if !strings.Contains(out, "rebuilt after policies/a.md in ") {
		t.Errorf("the log does not name the edit alone:\n%s", out)
	}
	for _, name := range append(junk, "policies/sedQ3xk9Z") {
		if strings.Contains(out, name) {
			t.Errorf("the log names %s:\n%s", name, out)
		}
	}
}
