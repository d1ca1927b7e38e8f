package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/scaffold"
)

// newFlagsFor lists the flags each kind of item accepts, besides -C, -title,
// -owner, -visibility and -quiet.
var newFlagsFor = map[string][]string{
	scaffold.Policy:       {"criteria"},
	scaffold.Control:      {"criteria", "policy", "frequency", "kind", "summary"},
	scaffold.Evidence:     {"control", "file", "url", "result", "collected"},
	scaffold.Risk:         {"likelihood", "impact", "treatment", "controls"},
	scaffold.Subprocessor: {"purpose", "location", "data"},
}

func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("new policy|control|evidence|risk|subprocessor NAME [flags]",
		"Writes a new item from a template, with its front matter filled in and a unique id:\n"+
			"  policy        policies/NAME.md                 -criteria\n"+
			"  control       content/controls/NAME.md         -policy -criteria -frequency -kind -summary\n"+
			"  evidence      content/evidence/NAME.toml       -control, and -file or -url; -result -collected\n"+
			"  risk          the risk register                -likelihood -impact -treatment -controls\n"+
			"  subprocessor  the subprocessor register        -purpose -location -data\n"+
			"NAME is a file name (data-retention) or a title (\"Data retention\"). Evidence and\n"+
			"register entries are appended when their file exists; other files are never overwritten.\n"+
			"-criteria takes criteria in the audit's scope ([audit] frameworks and soc2_categories).",
		"  attest new policy data-retention -criteria CC6.5,A.8.10\n"+
			"  attest new control \"Retention job\" -policy POL-DATA-RETENTION -frequency daily\n"+
			"  attest new evidence access-review -control CTL-ACCESS-REVIEW -file evidence/access-review/2026-q2.csv\n"+
			"  attest new subprocessor \"Postmark\" -purpose \"Transactional e-mail\" -location USA -data \"Names, e-mail addresses\"",
		stdout)
	dir := fl.String("C", ".", "program `directory`")
	title := fl.String("title", "", "`title` (default: from NAME)")
	owner := fl.String("owner", "", "owner `role` (default: Head of Security); for evidence, the collector")
	visibility := fl.String("visibility", "", "public, restricted or internal (default: the kind's usual one)")
	quiet := fl.Bool("quiet", false, "print nothing but errors")
	criteria := fl.String("criteria", "", "comma-separated criterion `ids` it maps to: CC6.1,A.8.5 (or soc2:CC6.1)")
	policies := fl.String("policy", "", "comma-separated `ids` of the policies a control implements")
	frequency := fl.String("frequency", "", "how often a control operates: "+strings.Join(model.Frequencies, ", ")+" (default quarterly)")
	kind := fl.String("kind", "", "control kind: preventive, detective or corrective (default preventive)")
	summary := fl.String("summary", "", "one public `sentence` about a control (default: the title)")
	control := fl.String("control", "", "`id` of the control evidence shows operating")
	file := fl.String("file", "", "evidence `file` inside the program's evidence/ folder; its SHA-256 is recorded")
	url := fl.String("url", "", "evidence link, instead of -file")
	result := fl.String("result", "", "evidence result: pass, exception or fail (default pass)")
	collected := fl.String("collected", "", "`date` the evidence was collected, YYYY-MM-DD (default today)")
	likelihood := fl.Int("likelihood", 3, "risk likelihood, 1–5")
	impact := fl.Int("impact", 3, "risk impact, 1–5")
	treatment := fl.String("treatment", "", "risk treatment: mitigate, accept, transfer or avoid (default mitigate)")
	controls := fl.String("controls", "", "comma-separated `ids` of the controls that treat a risk")
	purpose := fl.String("purpose", "", "what a subprocessor does for you")
	location := fl.String("location", "", "where a subprocessor processes data")
	data := fl.String("data", "", "which data a subprocessor processes")
	pos, err := parseInterspersed(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return &usageError{"want a kind and a name: attest new " + strings.Join(scaffold.Kinds, "|") + " NAME (see attest new -h)"}
	}
	what, name := pos[0], pos[1]
	allowed, ok := newFlagsFor[what]
	if !ok {
		return &usageError{fmt.Sprintf("unknown kind %q: want %s", what, strings.Join(scaffold.Kinds, ", "))}
	}
	common := []string{"C", "title", "owner", "visibility", "quiet"}
	var wrong []string
	fl.Visit(func(f *flag.Flag) {
		if !slices.Contains(common, f.Name) && !slices.Contains(allowed, f.Name) {
			wrong = append(wrong, "-"+f.Name)
		}
	})
	if len(wrong) > 0 {
		return &usageError{fmt.Sprintf("%s does not apply to a %s", strings.Join(wrong, ", "), what)}
	}

	src, err := openProgram(*dir, false, stderr)
	if err != nil {
		return err
	}
	req := scaffold.Request{
		Kind: what, Name: name, Title: *title, Owner: *owner, Visibility: *visibility,
		Criteria: splitList(*criteria), Policies: splitList(*policies),
		Frequency: *frequency, ControlKind: *kind, Summary: *summary,
		Control: *control, URL: *url, Result: *result,
		Controls: splitList(*controls), Treatment: *treatment,
		Purpose: *purpose, Location: *location, Data: *data,
		Today: model.NewDate(time.Now()),
	}
	if what == scaffold.Risk {
		req.Likelihood, req.Impact = *likelihood, *impact
	}
	if *collected != "" {
		d, err := model.ParseDate(*collected)
		if err != nil {
			return &usageError{"-collected: " + err.Error()}
		}
		req.Collected = d
	}
	if *file != "" {
		rel, err := programPath(src.Dir, *file)
		if err != nil {
			return &usageError{err.Error()}
		}
		req.File = rel
	}
	if _, err := fs.Stat(src.FS, compile.ConfigFile); err != nil {
		return fmt.Errorf("no %s in %s: run 'attest init' first", compile.ConfigFile, src.Dir)
	}
	res := compile.Compile(src.FS, compile.Options{SkipEvidenceFiles: true})
	ch, err := scaffold.New(src.FS, res.Program, req)
	if err != nil {
		return &usageError{err.Error()}
	}
	if err := scaffold.Apply(src.Dir, ch); err != nil {
		return fmt.Errorf("write %s: %w", ch.Path, err)
	}
	if !*quiet {
		fmt.Fprintf(stdout, "%s:%d: new %s %s\n", ch.Path, ch.Line, what, ch.ID)
	}
	return nil
}

// programPath turns a file named on the command line into a slash path
// relative to the program: a relative name is taken relative to the program
// when the file is there, else relative to the current folder.
func programPath(progDir, name string) (string, error) {
	abs := filepath.Join(progDir, name)
	if _, err := os.Stat(abs); filepath.IsAbs(name) || err != nil {
		if abs, err = filepath.Abs(name); err != nil {
			return "", err
		}
	}
	rel, err := filepath.Rel(progDir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is outside the program in %s: copy it into the program's evidence/ folder first", name, progDir)
	}
	return filepath.ToSlash(rel), nil
}
