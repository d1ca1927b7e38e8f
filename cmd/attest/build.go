package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/attest-dev/attest/generator/build"
	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/progress"
	"github.com/attest-dev/attest/generator/sealed"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("build [flags]",
		"Builds the public trust center into [outputs] public and the private system\n"+
			"description into [outputs] private (public/ and private/ by default).\n"+
			"Both outputs are built aside and swapped in whole, together: a failed build\n"+
			"of either leaves both as they were. A program with errors is not built at all.\n"+
			"Built from a work tree with uncommitted changes, every page is marked draft;\n"+
			"-release refuses such a tree. -ref and -as-of build the program as it was\n"+
			"at a commit, read from git objects (the work tree is not touched).",
		"  attest build\n  attest build -C ../compliance -only public\n  attest build -release\n  attest build -ref audit/2026 -only private\n  attest build -as-of 2026-06-30",
		stdout)
	dir := fl.String("C", ".", "program `directory`")
	only := fl.String("only", "", "build one `site` only: public or private")
	release := fl.Bool("release", false, "refuse a work tree with uncommitted changes")
	ref := fl.String("ref", "", "build the program as of `REF` (a commit, tag or branch)")
	asOf := fl.String("as-of", "", "build the program as of the last commit on or before `DATE` (YYYY-MM-DD)")
	quiet := fl.Bool("quiet", false, "print errors only: no warnings, no progress line, no result lines")
	verbose := fl.Bool("verbose", false, "also print what each step took")
	seal := addSealFlags(fl, true)
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if *only != "" && *only != "public" && *only != "private" {
		return &usageError{fmt.Sprintf("-only %q: want public or private", *only)}
	}
	if *ref != "" && *asOf != "" {
		return &usageError{"-ref and -as-of both name the commit to build: give one"}
	}
	var asOfDate model.Date
	if *asOf != "" {
		d, err := model.ParseDate(*asOf)
		if err != nil {
			return &usageError{"-as-of: " + err.Error()}
		}
		asOfDate = d
	}
	src, err := openProgram(*dir, true, stderr)
	if err != nil {
		return err
	}
	if src.Dir == "" && (*ref != "" || *asOf != "" || *release) {
		return &usageError{"-ref, -as-of and -release need a program in a git repository; there is no config.toml here"}
	}

	root := src.Dir
	if root == "" { // the embedded sample builds into the current folder
		if root, err = filepath.Abs(*dir); err != nil {
			return err
		}
	}
	// The progress line (versions × pages) shows on a terminal only; result
	// lines wait until it is erased, so they never mix with it.
	bar := progress.New(stderr, *quiet)
	var results []string
	var keyNote bytes.Buffer // printed even with -quiet: the key cannot be had again
	defer func() {
		bar.Done()
		if !*quiet {
			for _, line := range results {
				fmt.Fprintln(stdout, line)
			}
		}
		stdout.Write(keyNote.Bytes())
	}()
	if *only == "public" && (*seal.encrypt || *seal.passphrase || *seal.passphraseFile != "") {
		return &usageError{"-encrypt and -passphrase seal the system description, and -only public builds none"}
	}
	var key *sealed.Key
	if *only != "public" {
		if key, err = seal.key(false); err != nil {
			return err
		}
	}
	defer limitBuildMemory()()
	res, err := build.Build(ctx, build.Options{
		Dir: src.Dir, FS: src.FS, Root: root,
		Only: *only, Release: *release, Ref: *ref, AsOf: asOfDate,
		Quiet: *quiet, Verbose: *verbose,
		Stderr: stderr, Log: hugoLog(stderr, *quiet), Progress: bar, NoCache: cachesOff(),
		Seal: key,
	})
	if err != nil {
		return buildError(err, *ref, *asOf)
	}
	outs := res.Outs
	key = res.Sealed // [outputs] encrypt = true seals with a key of the build's own
	if *only != "private" {
		results = append(results, fmt.Sprintf("built the trust center into %s (%s)", display(root, outs["public"]), countFiles(outs["public"])))
	}
	if *only != "public" {
		reused := ""
		if res.Reused > 0 {
			reused = fmt.Sprintf("; %s unchanged, reused", english.Count(res.Reused, "tagged version", "tagged versions"))
		}
		encrypted := ""
		if key != nil {
			encrypted = ", encrypted"
		}
		results = append(results, fmt.Sprintf("built the system description into %s (%s%s%s)", display(root, outs["private"]), countFiles(outs["private"]), encrypted, reused))
	}
	results = append(results, whereToLook(root, outs, *only, key != nil))
	if key != nil {
		printKey(&keyNote, key, "")
	}
	return nil
}

// buildError maps an error of the build package to attest's: problems in
// the program exit 1, and a commit that cannot be found is named by the
// flag that named it, -ref or -as-of.
func buildError(err error, ref, asOf string) error {
	var pe *build.ProblemsError
	if errors.As(err, &pe) {
		return &problemsError{pe.Msg}
	}
	var ce *build.CommitError
	if errors.As(err, &ce) {
		if ref != "" {
			return fmt.Errorf("-ref %s: %w", ref, ce.Err)
		}
		return fmt.Errorf("-as-of %s: %w", asOf, ce.Err)
	}
	return err
}

// whereToLook is build's last line: the files to open, and serve as the
// other way to see the sites.
func whereToLook(root string, outs map[string]string, only string, encrypted bool) string {
	var files []string
	for _, name := range []string{"public", "private"} {
		if (only == "" || only == name) && !(name == "private" && encrypted) {
			files = append(files, filepath.Join(display(root, outs[name]), "index.html"))
		}
	}
	look := fmt.Sprintf("open %s in a browser, or run attest serve to preview at http://127.0.0.1:1313/", strings.Join(files, " and "))
	if encrypted {
		served := fmt.Sprintf("serve %s over https or from localhost (python3 -m http.server -d %s 8000) and open it with its key: an encrypted site does not open from a file", display(root, outs["private"]), display(root, outs["private"]))
		if len(files) == 0 {
			return served
		}
		look += "; " + served
	}
	return look
}

func display(root, out string) string {
	if r, err := filepath.Rel(root, out); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r) + "/"
	}
	return out
}

func countFiles(dir string) string {
	n := 0
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return english.Count(n, "file", "files")
}

// hugoLog is where Hugo's warnings go: stderr, each line marked "hugo: ";
// nowhere when quiet.
func hugoLog(stderr io.Writer, quiet bool) io.Writer {
	if quiet {
		return nil
	}
	return &prefixWriter{w: stderr, prefix: "hugo: "}
}

// prefixWriter prefixes each line Hugo logs, so its warnings are told
// apart from attest's own diagnostics.
type prefixWriter struct {
	mu     sync.Mutex // the latest renders while tags are compiled, and the two sites' builds may log at once
	w      io.Writer
	prefix string
	mid    bool
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(b)
	// Hugo reports its progress to terminals as OSC 9;4 escape sequences on
	// its log; attest draws its own progress line, so drop them.
	b = terminalProgress.ReplaceAll(b, nil)
	for _, line := range bytes.SplitAfter(b, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if !p.mid {
			if _, err := io.WriteString(p.w, p.prefix); err != nil {
				return 0, err
			}
		}
		if _, err := p.w.Write(line); err != nil {
			return 0, err
		}
		p.mid = line[len(line)-1] != '\n'
	}
	return n, nil
}

var terminalProgress = regexp.MustCompile("\x1b\\]9;4;[0-9;]*(\x07|\x1b\\\\)")
