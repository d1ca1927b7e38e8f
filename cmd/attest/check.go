package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/attest-dev/attest/generator/build"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/evidence"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/status"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("check [flags]",
		"Compiles the program and reports every problem at once as file:line:col: message.\n"+
			"A program with layouts, themes or static files of its own has both sites rendered\n"+
			"aside too, so that a template's error is reported at its line, as build reports it.\n"+
			"In a folder without config.toml it checks the embedded sample program and says so.\n"+
			"Exit status: 0 clean (warnings allowed), 1 errors found (or warnings, with -strict), 2 usage.",
		"  attest check\n  attest check -format github   # annotations in GitHub Actions",
		stdout)
	dir := fl.String("C", ".", "program `directory`")
	format := fl.String("format", "text", "output `format`: text, json or github")
	strict := fl.Bool("strict", false, "treat warnings as problems (exit 1)")
	today := fl.String("today", "", "judge review dates as of this `date` (YYYY-MM-DD; default today)")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if !slices.Contains(diag.Formats, *format) {
		return &usageError{fmt.Sprintf("unknown -format %q: want %s", *format, strings.Join(diag.Formats, ", "))}
	}
	opts := compile.Options{Today: model.NewDate(time.Now().UTC())}
	if *today != "" {
		d, err := model.ParseDate(*today)
		if err != nil {
			return &usageError{"-today: " + err.Error()}
		}
		opts.Today = d
	}
	// Without config.toml, check reads the embedded sample, as build and
	// status do, and says so.
	src, err := openProgram(*dir, true, stderr)
	if err != nil {
		return err
	}
	if src.Dir != "" && !cachesOff() {
		cache := evidence.OpenCache(src.Dir)
		opts.Hasher = cache
		// A cache that cannot be saved only costs time on the next run.
		defer cache.Save()
	}
	if src.Dir != "" {
		// Reviews recorded in commits (Reviewed-by:, Approved-by:) count for
		// the review-overdue warnings, as they do for status and build. What
		// history cannot tell (no repository, no commits yet) is build's to
		// report: it does not make the program's files wrong.
		h, err := history.Load(ctx, src.Dir, history.Options{Paths: layout.Sources})
		if err != nil {
			return err
		}
		defer h.Close() // ends its git cat-file process
		opts.Reviews = h
	}
	res := compile.Compile(src.FS, opts)
	// A program's own layouts, themes and static files are templates only
	// rendering checks: both sites are rendered aside, so that a broken
	// layouts/x.html:12:3 reads here as build and serve say it.
	if src.Dir != "" && !res.Diags.HasErrors() && build.HasOverrides(src.Dir) {
		r := status.EvaluateWith(res.Program, status.Options{Today: opts.Today})
		found, err := build.RenderCheck(ctx, src.Dir, res.Program, r)
		if err != nil {
			return err
		}
		res.Diags.Merge(found)
	}
	if err := diag.Write(stdout, *format, res.Diags.Items()); err != nil {
		return err
	}
	errs, warns := res.Diags.Count()
	if *format == "text" {
		fmt.Fprintf(stderr, "%s, %s in %s\n", english.Count(errs, "error", "errors"), english.Count(warns, "warning", "warnings"), build.ProgramSize(res.Program))
	}
	if errs > 0 || (*strict && warns > 0) {
		return &problemsError{}
	}
	return nil
}
