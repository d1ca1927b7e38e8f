package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/comply"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/scaffold"
)

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("import comply [flags] DIR",
		"Converts the strongdm/comply project in DIR into this program: policies/*.md become\n"+
			"policies (drafts, internal: the owner decides what the trust center shows), procedures/*.md\n"+
			"controls (their cron schedule gives the frequency), narratives/*.md sections of the system\n"+
			"description (DC1 … DC9, chosen by name); satisfies maps to SOC 2 criteria. Pandoc grid\n"+
			"tables and lettered lists become Markdown the sites render. Everything not converted\n"+
			"fully is a warning at its place in the comply files. Never overwrites a file: if any\n"+
			"would be, nothing is written.",
		"  attest init acme-compliance && cd acme-compliance\n"+
			"  attest import comply ../acme-comply\n"+
			"  attest check",
		stdout)
	dir := fl.String("C", ".", "program `directory` to import into")
	dryRun := fl.Bool("n", false, "show what would be written and every warning; write nothing")
	pos, err := parseInterspersed(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || pos[0] != "comply" {
		return &usageError{"want the format and the folder: attest import comply DIR (see attest import -h)"}
	}
	from := pos[1]
	if st, err := os.Stat(from); err != nil || !st.IsDir() {
		return &usageError{fmt.Sprintf("%s is not a folder: give the comply project's folder, which holds comply.yml", from)}
	}
	src, err := openProgram(*dir, false, stderr)
	if err != nil {
		return err
	}
	if _, err := fs.Stat(src.FS, compile.ConfigFile); err != nil {
		return fmt.Errorf("no %s in %s: run 'attest init' first", compile.ConfigFile, src.Dir)
	}
	prog := compile.Compile(src.FS, compile.Options{SkipEvidenceFiles: true}).Program
	root, err := os.OpenRoot(from)
	if err != nil {
		return err
	}
	defer root.Close()
	res := comply.Convert(root.FS(), comply.Options{Dir: filepath.ToSlash(from), Program: prog})
	if err := diag.Write(stdout, "text", res.Diags.Items()); err != nil {
		return err
	}
	errs, warns := res.Diags.Count()
	if errs > 0 {
		return &problemsError{fmt.Sprintf("nothing written: %d files cannot be read as comply writes them (above); fix or move them, then import again", errs)}
	}
	files := make([]scaffold.File, len(res.Items))
	for i, it := range res.Items {
		files[i] = it.File
	}
	if !*dryRun {
		if err := scaffold.WriteNew(src.Dir, files); err != nil {
			var ee *scaffold.ExistsError
			if errors.As(err, &ee) {
				for _, p := range ee.Paths {
					fmt.Fprintf(stdout, "%s: exists: not overwritten\n", p)
				}
				return &problemsError{fmt.Sprintf("nothing written: %d files are already in %s (above); move them away, or import into another program", len(ee.Paths), src.Dir)}
			}
			return fmt.Errorf("write: %w", err)
		}
	}
	counts := map[string]int{}
	for _, it := range res.Items {
		counts[it.Kind]++
		fmt.Fprintf(stdout, "%s: %s %s %q (%s) from %s\n", it.File.Path, it.Kind, it.ID, it.Title, it.Detail, it.From)
	}
	verb := "Imported"
	if *dryRun {
		verb = "Would import (nothing written, -n)"
	}
	fmt.Fprintf(stdout, "%s %d policies, %d controls and %d description sections, with %d warnings.\n",
		verb, counts[comply.Policy], counts[comply.Control], counts[comply.Description], warns)
	fmt.Fprint(stdout, `
Policies and controls are internal drafts: the trust center shows none of them until
their owner sets visibility = "restricted" (the title) or "public" (the text), and
a policy counts as approved once it has status = "approved", approvers and effective.
Next: attest check, then write what each "To write:" note asks for.
`)
	return nil
}
