package evidence

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/model"
)

// Kind is what is wrong with an evidence file.
type Kind string

const (
	Missing      Kind = "missing"      // a manifest names a file that is not there
	Changed      Kind = "changed"      // the file's sha256 differs from the manifest's
	Unreadable   Kind = "unreadable"   // the file is there but cannot be read
	Untracked    Kind = "untracked"    // a manifest names a file git does not track
	Unreferenced Kind = "unreferenced" // a file under evidence/ that no manifest names
)

// Problem is one thing verify found wrong.
type Problem struct {
	Kind     Kind
	File     string          // repo-relative path of the evidence file
	Evidence *model.Evidence // the record naming it; nil for unreferenced files
	Message  string
}

// Diagnostic places the problem at the manifest record, or at the file
// itself when no record names it. Unreferenced files are warnings; the rest
// are errors, because the record they back cannot be trusted.
func (p Problem) Diagnostic() diag.Diagnostic {
	d := diag.Diagnostic{Severity: diag.Error, Message: p.Message, Pos: diag.Pos{File: p.File}}
	if p.Evidence != nil {
		d.Pos = p.Evidence.Pos
	}
	if p.Kind == Unreferenced {
		d.Severity = diag.Warning
	}
	return d
}

// Verification is the outcome of Verify.
type Verification struct {
	Files      int   // evidence files hashed
	Bytes      int64 // their total size
	Problems   []Problem
	GitChecked bool   // whether tracking could be checked
	GitNote    string // why not, when it could not
}

// Diagnostics returns the problems as diagnostics, sorted.
func (v *Verification) Diagnostics() []diag.Diagnostic {
	l := &diag.List{}
	for _, p := range v.Problems {
		l.Add(p.Diagnostic())
	}
	return l.Items()
}

// Verify re-hashes every evidence file that p's manifests name, in the
// program at dir, and reports files that are missing, changed or not
// tracked by git, and files under evidence/ that no manifest names. Files
// are hashed concurrently; c (which may be nil) skips the unchanged ones.
func Verify(ctx context.Context, dir string, p *model.Program, c *Cache) (*Verification, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("open program: %w", err)
	}
	defer root.Close()
	fsys := root.FS()
	if c == nil {
		c = NewCache("")
	}
	v := &Verification{}

	// One job per distinct file; records naming the same file share it.
	byFile := map[string][]*model.Evidence{}
	var files []string
	for _, e := range p.Evidence {
		if e.File == "" || !fs.ValidPath(e.File) {
			continue // url records, and paths the compiler has already reported
		}
		if byFile[e.File] == nil {
			files = append(files, e.File)
		}
		byFile[e.File] = append(byFile[e.File], e)
	}
	slices.Sort(files)

	type result struct {
		sum  string
		size int64
		err  error
	}
	results := make([]result, len(files))
	var wg sync.WaitGroup
	jobs := make(chan int)
	for range max(2, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				sum, size, err := c.Hash(fsys, files[i])
				results[i] = result{sum, size, err}
			}
		}()
	}
feed:
	for i := range files {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	tracked, gitErr := gitTracked(dir)
	v.GitChecked = gitErr == nil
	if gitErr != nil {
		v.GitNote = gitErr.Error()
	}
	for i, name := range files {
		r := results[i]
		for _, e := range byFile[name] {
			switch {
			case errors.Is(r.err, fs.ErrNotExist):
				c.Forget(name)
				v.add(Missing, e, "evidence %s: %s does not exist: restore it (git checkout -- %s), or correct file in the manifest", e.ID, name, name)
				continue
			case r.err != nil:
				v.add(Unreadable, e, "evidence %s: cannot read %s: %s", e.ID, name, describe(r.err))
				continue
			case e.SHA256 != "" && r.sum != e.SHA256:
				v.add(Changed, e, "evidence %s: %s changed after it was recorded: its sha256 is %s, the manifest says %s; restore the recorded file (git checkout -- %s), or record the new one as new evidence with attest evidence add", e.ID, name, r.sum, e.SHA256, name)
			}
			if v.GitChecked && !tracked[name] {
				v.add(Untracked, e, "evidence %s: %s is not tracked by git: commit it (git add %s), so that the record is part of the program's history", e.ID, name, name)
			}
		}
		if r.err == nil {
			v.Files++
			v.Bytes += r.size
		}
	}

	for _, name := range listEvidenceFiles(dir) {
		if byFile[name] == nil {
			v.Problems = append(v.Problems, Problem{Kind: Unreferenced, File: name,
				Message: fmt.Sprintf("%s is named by no manifest: record it (attest evidence add %s --control ID) or remove it", name, name)})
		}
	}
	slices.SortStableFunc(v.Problems, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Kind, b.Kind))
	})
	return v, nil
}

func (v *Verification) add(k Kind, e *model.Evidence, format string, args ...any) {
	v.Problems = append(v.Problems, Problem{Kind: k, File: e.File, Evidence: e, Message: fmt.Sprintf(format, args...)})
}

func describe(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if strings.Contains(pe.Err.Error(), "escapes") {
			return "it is a symbolic link that points outside the repository; copy the file in instead"
		}
		return pe.Err.Error()
	}
	return err.Error()
}

// gitTracked returns the files under evidence/ that git's index holds, with
// paths relative to dir (which may be a folder inside the repository).
func gitTracked(dir string) (map[string]bool, error) {
	cmd := exec.Command("git", "-C", dir, "ls-files", "-z", "--", compile.EvidenceFiles)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git tracking not checked: %s", msg)
	}
	tracked := map[string]bool{}
	for name := range strings.SplitSeq(string(out), "\x00") {
		if name != "" {
			tracked[name] = true
		}
	}
	return tracked, nil
}

// listEvidenceFiles walks evidence/, skipping hidden files and folders
// (.gitkeep, .DS_Store), which are not evidence.
func listEvidenceFiles(dir string) []string {
	var out []string
	base := filepath.Join(dir, compile.EvidenceFiles)
	filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") && p != base {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0 {
			rel, err := filepath.Rel(dir, p)
			if err == nil {
				out = append(out, filepath.ToSlash(rel))
			}
		}
		return nil
	})
	slices.Sort(out)
	return out
}
