package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/attest-dev/attest/generator/build"
	"github.com/attest-dev/attest/generator/pdf"
	"github.com/attest-dev/attest/generator/progress"
	"github.com/attest-dev/attest/generator/scratch"
	"github.com/attest-dev/attest/generator/sealed"
)

func runPDF(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("pdf [flags]",
		"Prints the system description to one PDF, through headless Chromium: the\n"+
			"print view (a cover with the organization, period, commit and evaluation\n"+
			"date; the contents; every page), with a bookmark per section, links inside\n"+
			"the document, and \"Confidential — <organization>\" and \"page X of Y\" on\n"+
			"every page. The description is built afresh into a scratch folder, as\n"+
			"attest build would build it (the outputs are not touched); -site prints one\n"+
			"built already. The same commit gives the same bytes: the PDF's dates are the\n"+
			"commit's time. Chromium is looked for on PATH (chromium, chromium-browser,\n"+
			"google-chrome) unless -chromium names it.",
		"  attest pdf\n  attest pdf -version audit/2026 -o northwind-2026.pdf\n  attest pdf -ref main~3\n  attest pdf -site private -version audit/2026",
		stdout)
	dir := fl.String("C", ".", "program `directory`")
	ver := fl.String("version", "latest", "the `version` to print: latest, or a tag's version")
	ref := fl.String("ref", "", "print the program as of `REF` (a commit, tag or branch)")
	siteDir := fl.String("site", "", "print the description built in `DIR` ([outputs] private, or one version's folder) instead of building it")
	out := fl.String("o", "", "write the PDF to `FILE` (default system-description.pdf, or system-description-<tag>.pdf)")
	chromium := fl.String("chromium", "", "the Chromium or Chrome `executable` to print with")
	quiet := fl.Bool("quiet", false, "print errors only")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q: pdf takes flags only", fl.Arg(0))}
	}
	if *ref != "" && *ver != "latest" {
		return &usageError{"-ref and -version both name what to print: give one"}
	}
	if *siteDir != "" && *ref != "" {
		return &usageError{"-site prints a description built already, -ref builds one: give one"}
	}
	if *ver == "" {
		return &usageError{"-version: want latest or a tag"}
	}
	// Find the browser first: without one, nothing is worth building.
	exe, err := pdf.FindChromium(*chromium)
	if err != nil {
		return err
	}
	file := *out
	if file == "" {
		file = "system-description.pdf"
		if *ver != "latest" {
			file = "system-description-" + strings.NewReplacer("/", "-", "\\", "-").Replace(*ver) + ".pdf"
		}
	}

	// A terminal shows which step runs: printing a large program takes
	// minutes, with nothing else to show for them.
	bar := progress.New(stderr, *quiet)
	defer bar.Done()
	folder := ""
	if *siteDir != "" {
		if folder, err = versionFolder(*siteDir, *ver); err != nil {
			return err
		}
	} else {
		_ = scratch.SweepTemp("attest-pdf")
		tmp, err := scratch.Temp("attest-pdf")
		if err != nil {
			return fmt.Errorf("create build folder: %w", err)
		}
		defer os.RemoveAll(tmp)
		folder = filepath.Join(tmp, "site")
		bar.Step("building the system description")
		if err := buildForPDF(ctx, *dir, *ref, *ver, folder, *quiet, stderr); err != nil {
			return err
		}
		// What the build held is garbage now; give it back before the
		// browser, which needs the memory more, starts.
		debug.FreeOSMemory()
	}
	bar.Step("printing the print view with %s", filepath.Base(exe))
	data, err := pdf.Render(ctx, pdf.Options{Site: folder, Chromium: exe})
	if err != nil {
		return err
	}
	if err := writeFileAtomic(file, data); err != nil {
		return err
	}
	bar.Done()
	if !*quiet {
		fmt.Fprintf(stdout, "wrote %s (%d pages, %s)\n", file, pdf.PageCount(data), byteSize(int64(len(data))))
	}
	return nil
}

// buildForPDF builds the system description of the program in dir —
// as of ref, of the tag version when it is not latest, else the work tree —
// into out, one version alone, as attest build builds its latest.
func buildForPDF(ctx context.Context, dir, ref, version, out string, quiet bool, stderr io.Writer) error {
	src, err := openProgram(dir, true, stderr)
	if err != nil {
		return err
	}
	if version != "latest" {
		if src.Dir == "" {
			return &usageError{"-version " + version + " needs a program in a git repository; there is no config.toml here"}
		}
		ref = "refs/tags/" + version
	}
	if src.Dir == "" && ref != "" {
		return &usageError{"-ref needs a program in a git repository; there is no config.toml here"}
	}
	err = build.Description(ctx, build.Options{Dir: src.Dir, FS: src.FS, Ref: ref, Stderr: stderr, Log: hugoLog(stderr, quiet)}, out)
	if err != nil {
		err = buildError(err, ref, "")
		if version != "latest" && !errors.As(err, new(*problemsError)) {
			return fmt.Errorf("-version %s: no such tag, or it cannot be read: %w", version, err)
		}
		return err
	}
	return nil
}

// versionFolder is the folder of version within a built private output, or
// dir itself when it is one version's folder.
func versionFolder(dir, version string) (string, error) {
	if _, isSealed, _ := sealed.ReadManifest(dir); isSealed {
		return "", &usageError{fmt.Sprintf("-site %s: it is encrypted (attest build -encrypt): print from the program instead, without -site, or from a build without -encrypt", dir)}
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(pdf.PrintPage))); err == nil {
		return dir, nil
	}
	v := filepath.Join(dir, filepath.FromSlash(version))
	if _, err := os.Stat(filepath.Join(v, filepath.FromSlash(pdf.PrintPage))); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("-site %s: no version %s built there (no %s/%s): run attest build, or give the folder of a version", dir, version, version, pdf.PrintPage)
		}
		return "", err
	}
	return v, nil
}

// writeFileAtomic writes data to name through a file beside it, renamed
// into place: an interrupted run leaves the previous file whole.
func writeFileAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
