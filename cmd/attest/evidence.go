package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/evidence"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/status"
)

const evidenceUsage = `Usage: attest evidence add FILE -control ID [flags]
       attest evidence verify [flags]

  add     places FILE under evidence/ (or leaves it where it is, if already there),
          records its SHA-256 and appends an [[evidence]] entry to the control's
          manifest. It never overwrites a file or an entry.
  verify  re-hashes every evidence file and reports what is missing, what changed,
          what git does not track, and files under evidence/ no manifest names.

Example:
  attest evidence add ~/Downloads/q2-access-review.csv -control CTL-ACCESS-REVIEW -covers 2026-04-01..2026-06-30
  attest evidence verify

Run 'attest evidence add -h' or 'attest evidence verify -h' for flags.
`

func runEvidence(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return &usageError{"want a subcommand: add or verify\n\n" + evidenceUsage}
	}
	switch args[0] {
	case "add":
		return runEvidenceAdd(ctx, args[1:], stdout, stderr)
	case "verify":
		return runEvidenceVerify(ctx, args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, evidenceUsage)
		return errHelp
	}
	return &usageError{fmt.Sprintf("unknown subcommand %q: want add or verify", args[0])}
}

func runEvidenceAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("evidence add (FILE | -url URL) -control ID [flags]",
		"Records FILE as evidence that a control operated. A file outside evidence/ is copied\n"+
			"in beside the control's latest file (evidence/<control>/ for its first); a file\n"+
			"already under evidence/ stays. The entry goes at the end of the manifest that holds\n"+
			"the control's latest record, or a new content/evidence/<folder>.toml, with the\n"+
			"file's SHA-256, today's date and you (from git config) as the collector. Before\n"+
			"writing, it says which occurrences of the control the record covers and their state\n"+
			"without and with it, as of today; or warns that it covers none in the audit.\n"+
			"With -url instead of FILE the record links to evidence kept elsewhere (a ticket, a\n"+
			"vendor's report): no file is copied and no hash is kept, so prefer a file when you can.",
		"  attest evidence add ~/Downloads/q2-access-review.csv -control CTL-ACCESS-REVIEW \\\n"+
			"      -covers 2026-04-01..2026-06-30 -note \"Two removals, done 2026-07-08\"\n"+
			"  attest evidence add -url https://tickets.acme.example/SEC-412 -control CTL-INCIDENT-RESPONSE",
		stdout)
	dir := fl.String("C", ".", "program `directory`")
	control := fl.String("control", "", "`id` of the control the evidence shows operating (required)")
	covers := fl.String("covers", "", "the `span` it covers, FROM..TO (YYYY-MM-DD..YYYY-MM-DD), or one date; default: the collected date")
	result := fl.String("result", "pass", "result: pass, exception or fail")
	note := fl.String("note", "", "a `note` for the auditor")
	title := fl.String("title", "", "`title` (default: from the file name)")
	id := fl.String("id", "", "evidence `id` (default: EV-<control>-<collected>)")
	collected := fl.String("collected", "", "`date` collected, YYYY-MM-DD (default today)")
	collector := fl.String("collector", "", "who collected it (default: git config user.name <user.email>)")
	link := fl.String("url", "", "record a link to evidence kept elsewhere (`https://…`) instead of a FILE")
	pos, err := parseInterspersed(fl, args)
	if err != nil {
		return err
	}
	switch {
	case *link != "" && len(pos) > 0:
		return &usageError{"give a FILE or -url, not both: a record is one file or one link"}
	case *link == "" && len(pos) != 1:
		return &usageError{"want exactly one FILE (or -url URL): attest evidence add FILE -control ID"}
	}
	file := ""
	if len(pos) == 1 {
		file = pos[0]
	}
	if *control == "" {
		return &usageError{"-control is required: the id of the control this evidence is for"}
	}
	if !slices.Contains(model.Results, *result) {
		return &usageError{fmt.Sprintf("-result %q: want %s", *result, strings.Join(model.Results, ", "))}
	}
	opts := evidence.AddOptions{
		Dir: *dir, File: file, URL: *link, Control: *control, Result: model.Result(*result),
		Note: *note, Title: *title, ID: *id, Collector: *collector,
		Collected: model.NewDate(time.Now()),
	}
	if *covers != "" {
		from, to, err := evidence.ParseCovers(*covers)
		if err != nil {
			return &usageError{"-covers: " + err.Error()}
		}
		opts.CoversFrom, opts.CoversTo = from, to
	}
	if *collected != "" {
		d, err := model.ParseDate(*collected)
		if err != nil {
			return &usageError{"-collected: " + err.Error()}
		}
		opts.Collected = d
	}
	if opts.Collector == "" {
		who, err := evidence.GitCollector(*dir)
		if err != nil {
			return err
		}
		opts.Collector = who
	}
	opts.Cache = evidence.OpenCache(*dir)
	pend, err := evidence.Prepare(opts)
	if err != nil {
		return err
	}
	sayEffect(stdout, stderr, pend, model.NewDate(time.Now()))
	added, err := pend.Write()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: recorded %s for %s\n", added.Pos, added.ID, *control)
	if added.URL != "" {
		fmt.Fprintf(stdout, "  url     %s (a link: its content is not kept or hashed)\n", added.URL)
		fmt.Fprintf(stdout, "Commit it: git add %s\n", shellQuote(added.Manifest))
		return nil
	}
	how := "recorded in place"
	if added.Copied {
		how = "copied in from " + file
	}
	fmt.Fprintf(stdout, "  file    %s (%s, %s)\n  sha256  %s\n", added.File, how, english.Count(int(added.Size), "byte", "bytes"), added.SHA256)
	fmt.Fprintf(stdout, "Commit both: git add %s %s\n", shellQuote(added.File), shellQuote(added.Manifest))
	return nil
}

// sayEffect tells, before the record is written, which occurrences of its
// control it covers and their states as of today without and with it, or
// warns that it covers none in the audit. status judges both programs.
func sayEffect(stdout, stderr io.Writer, pend *evidence.Pending, today model.Date) {
	rec := pend.Record
	if pend.ProgramErrors {
		fmt.Fprintf(stderr, "attest: the program has errors (attest check), so which occurrences %s covers is not judged\n", rec.ID)
		return
	}
	eff := status.Effect(pend.Program, rec, status.Options{Today: today})
	if eff == nil {
		return
	}
	for _, c := range eff.Covered {
		was, now := judgement(c.Before), judgement(c.After)
		change := "was " + was + " → " + now
		if was == now {
			change = "still " + now
		}
		fmt.Fprintf(stdout, "covers %s %s (%s)\n", rec.ControlID, c.After.Label, change)
	}
	if len(eff.Covered) == 0 {
		fmt.Fprintf(stderr, "attest: warning: %s covers no occurrence of %s in the audit: %s\n", rec.ID, rec.ControlID, eff.None)
	}
}

// judgement names an occurrence's state in a word or two: a gap by its
// cause (missing, late, failed).
func judgement(o status.Occurrence) string {
	switch {
	case o.State == status.Gap && o.Cause != "":
		return string(o.Cause)
	case o.State == status.NotYetDue:
		return "not yet due"
	}
	return string(o.State)
}

// shellQuote quotes a path for a command line a person may paste.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func runEvidenceVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("evidence verify [flags]",
		"Re-hashes every evidence file the manifests name and reports, as file:line:col: message,\n"+
			"files that are missing, changed since they were recorded, or not tracked by git\n"+
			"(errors), and files under evidence/ that no manifest names (warnings). Unchanged files\n"+
			"are answered from a hash cache kept under your user cache directory.\n"+
			"Exit status: 0 clean, 1 errors found (or warnings, with -strict), 2 usage.",
		"  attest evidence verify\n  attest evidence verify -format github   # annotations in GitHub Actions",
		stdout)
	dir := fl.String("C", ".", "program `directory`")
	format := fl.String("format", "text", "output `format`: text, json or github")
	strict := fl.Bool("strict", false, "treat warnings (unreferenced files) as problems")
	noCache := fl.Bool("no-cache", false, "read every file, ignoring and not updating the hash cache")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if !slices.Contains(diag.Formats, *format) {
		return &usageError{fmt.Sprintf("unknown -format %q: want %s", *format, strings.Join(diag.Formats, ", "))}
	}
	src, err := openProgram(*dir, false, stderr)
	if err != nil {
		return err
	}
	res := compile.Compile(src.FS, compile.Options{SkipEvidenceFiles: true})
	cache := evidence.NewCache("")
	if !*noCache {
		cache = evidence.OpenCache(src.Dir)
	}
	v, err := evidence.Verify(ctx, src.Dir, res.Program, cache)
	if err != nil {
		return err
	}
	_ = cache.Save()

	// Errors in manifests are the records verify could not read: report them too.
	all := &diag.List{}
	for _, d := range res.Diags.Items() {
		if d.Severity == diag.Error && strings.HasPrefix(d.Pos.File, compile.EvidenceDir+"/") {
			all.Add(d)
		}
	}
	for _, d := range v.Diagnostics() {
		all.Add(d)
	}
	if !v.GitChecked {
		all.Add(diag.Diagnostic{Pos: diag.Pos{File: filepath.ToSlash(compile.EvidenceFiles)}, Severity: diag.Warning, Message: v.GitNote})
	}
	if err := diag.Write(stdout, *format, all.Items()); err != nil {
		return err
	}
	counts := map[evidence.Kind]int{}
	for _, p := range v.Problems {
		counts[p.Kind]++
	}
	errs, warns := all.Count()
	if *format == "text" {
		fmt.Fprintf(stderr, "%s (%s) verified: %d missing, %d changed, %d unreadable, %d untracked, %d unreferenced\n",
			english.Count(v.Files, "file", "files"), byteSize(v.Bytes), counts[evidence.Missing], counts[evidence.Changed], counts[evidence.Unreadable], counts[evidence.Untracked], counts[evidence.Unreferenced])
	}
	if errs > 0 || (*strict && warns > 0) {
		return &problemsError{}
	}
	return nil
}

// byteSize prints a size the way people read it: 1.2 GB, 340 kB, 12 B.
func byteSize(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}
