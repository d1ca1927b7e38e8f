package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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
	scaffold.Risk:         {"likelihood", "impact", "treatment", "controls"},
	scaffold.Subprocessor: {"purpose", "location", "data"},
}

func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if hint, ok := newEvidence(args); ok {
		return hint
	}
	fl := newFlags("new policy|control|risk|subprocessor NAME [flags]",
		"Writes a new item from a template, with its front matter filled in and a unique id:\n"+
			"  policy        policies/NAME.md                 -criteria\n"+
			"  control       content/controls/NAME.md         -policy -criteria -frequency -kind -summary\n"+
			"  risk          the risk register                -likelihood -impact -treatment -controls\n"+
			"  subprocessor  the subprocessor register        -purpose -location -data\n"+
			"NAME is a file name (data-retention) or a title (\"Data retention\"). Register entries\n"+
			"are appended to their file; other files are never overwritten.\n"+
			"-criteria takes criteria in the audit's scope ([audit] frameworks and soc2_categories).\n"+
			"Evidence is recorded with attest evidence add, which copies the file in and hashes it.",
		"  attest new policy data-retention -criteria CC6.5,A.8.10\n"+
			"  attest new control \"Retention job\" -policy POL-DATA-RETENTION -frequency daily\n"+
			"  attest new subprocessor \"Postmark\" -purpose \"Transactional e-mail\" -location USA -data \"Names, e-mail addresses\"",
		stdout)
	dir := fl.String("C", ".", "program `directory`")
	title := fl.String("title", "", "`title` (default: from NAME)")
	owner := fl.String("owner", "", "owner `role` (default: Head of Security)")
	visibility := fl.String("visibility", "", "public, restricted or internal (default: the kind's usual one)")
	quiet := fl.Bool("quiet", false, "print nothing but errors")
	criteria := fl.String("criteria", "", "comma-separated criterion `ids` it maps to: CC6.1,A.8.5 (or soc2:CC6.1)")
	policies := fl.String("policy", "", "comma-separated `ids` of the policies a control implements")
	frequency := fl.String("frequency", "", "how often a control operates: "+strings.Join(model.Frequencies, ", ")+" (default quarterly)")
	kind := fl.String("kind", "", "control kind: preventive, detective or corrective (default preventive)")
	summary := fl.String("summary", "", "one public `sentence` about a control (default: the title)")
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
		Controls: splitList(*controls), Treatment: *treatment,
		Purpose: *purpose, Location: *location, Data: *data,
		Today: model.NewDate(time.Now()),
	}
	if what == scaffold.Risk {
		req.Likelihood, req.Impact = *likelihood, *impact
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

// newEvidence answers 'attest new evidence', which attest evidence add
// replaced, with the evidence add command line that does what was asked:
// one way to record evidence, the one that copies the file in, hashes it
// and says what the record covers. ok is false for any other kind.
func newEvidence(args []string) (hint error, ok bool) {
	fl := newFlags("new evidence", "", "", io.Discard)
	dir := fl.String("C", ".", "")
	control := fl.String("control", "", "")
	file := fl.String("file", "", "")
	url := fl.String("url", "", "")
	result := fl.String("result", "", "")
	collected := fl.String("collected", "", "")
	owner := fl.String("owner", "", "")
	title := fl.String("title", "", "")
	fl.String("visibility", "", "")
	fl.Bool("quiet", false, "")
	pos, err := parseInterspersed(fl, args)
	if err != nil || len(pos) == 0 || pos[0] != "evidence" {
		return nil, false // new's own parsing reports it
	}
	// new took -file relative to the program; evidence add takes it
	// relative to the current folder.
	if *file != "" && *dir != "." && !filepath.IsAbs(*file) {
		if _, err := os.Stat(filepath.Join(*dir, *file)); err == nil {
			*file = filepath.Join(*dir, *file)
		}
	}
	if *url != "" {
		return &usageError{"evidence is recorded with attest evidence add, which takes files: record a link by hand, as an [[evidence]] entry with url = " +
			strconv.Quote(*url) + " in a manifest under " + compile.EvidenceDir + "/ (the manifests there show the fields)"}, true
	}
	cmd := []string{"attest evidence add", cmp.Or(*file, "FILE"), "-control", cmp.Or(*control, "ID")}
	if *dir != "." {
		cmd = append(cmd, "-C", *dir)
	}
	for _, f := range []struct{ name, value string }{{"result", *result}, {"collected", *collected}, {"collector", *owner}, {"title", *title}} {
		if f.value != "" {
			cmd = append(cmd, "-"+f.name, f.value)
		}
	}
	for i, a := range cmd[1:] {
		cmd[i+1] = shellQuote(a)
	}
	return &usageError{"evidence is recorded with attest evidence add, which copies the file into evidence/, records its SHA-256 and says which occurrences of the control it covers:\n  " +
		strings.Join(cmd, " ")}, true
}
