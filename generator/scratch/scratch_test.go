package scratch_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/attest-dev/attest/generator/scratch"
)

// deadPID is the id of a process that ran and is gone.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.ProcessState.Pid()
}

// livePID is the id of a process that runs until the test ends.
func livePID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcessWaits$")
	cmd.Env = append(os.Environ(), "SCRATCH_HELPER_WAIT=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	return cmd.Process.Pid
}

// TestHelperProcessWaits is livePID's process: it runs until its stdin
// closes.
func TestHelperProcessWaits(t *testing.T) {
	if os.Getenv("SCRATCH_HELPER_WAIT") != "1" {
		t.Skip("a helper process")
	}
	os.Stdin.Read(make([]byte, 1))
}

// TestSweepRemovesOnlyWhatGoneProcessesLeft: a folder of a process that
// no longer runs is removed, with what was named after it; one of a
// process that runs (another build at the same time), of this very
// process, of another host, or not named by Beside at all, stays.
func TestSweepRemovesOnlyWhatGoneProcessesLeft(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("leftovers are kept where a process cannot be asked after")
	}
	dead, live := scratch.Owner(deadPID(t)), scratch.Owner(livePID(t))
	self := scratch.Owner(os.Getpid())
	tests := []struct {
		name string
		gone bool
	}{
		{".public.build-" + dead + "-123", true},
		{".public.build-" + dead + "-123.old", true},
		{".public.versions-" + dead + "-9", true},
		{".public.build-" + live + "-456", false},
		{".public.build-" + self + "-789", false},
		{".public.build-" + dead[:len(dead)-8] + "00000000-1", false}, // another host
		{".public.build-2847561923", false},                           // made before owners were named
		{".public.notes", false},
		{"public", false},
		{".private.build-" + dead + "-5", false}, // beside another output
	}
	dir := t.TempDir()
	for _, tt := range tests {
		if err := os.MkdirAll(filepath.Join(dir, tt.name, "latest"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := scratch.SweepBeside(filepath.Join(dir, "public")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		_, err := os.Stat(filepath.Join(dir, tt.name))
		if gone := os.IsNotExist(err); gone != tt.gone {
			t.Errorf("%s: removed %v, want %v", tt.name, gone, tt.gone)
		}
	}
}

func TestSweepTemp(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("leftovers are kept where a process cannot be asked after")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	mine, err := scratch.Temp("attest-serve")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(mine) != tmp {
		t.Fatalf("Temp made %s, not in $TMPDIR", mine)
	}
	dead := filepath.Join(tmp, "attest-serve-"+scratch.Owner(deadPID(t))+"-1")
	other := filepath.Join(tmp, "attest-serve-other")
	for _, d := range []string{dead, other} {
		os.Mkdir(d, 0o755)
	}
	if err := scratch.SweepTemp("attest-serve"); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(tmp)
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if want := []string{"attest-serve-other", filepath.Base(mine)}; !slices.Equal(left, slices.Sorted(slices.Values(want))) {
		t.Errorf("left %v, want %v", left, want)
	}
}
