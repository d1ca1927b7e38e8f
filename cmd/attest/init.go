package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/scaffold"
)

func runInit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("init [flags] [DIR]",
		"Starts a new compliance program in DIR (default: the current folder): config.toml,\n"+
			"starter policies and controls mapped to the chosen frameworks, an example evidence\n"+
			"manifest, the registers, a system description skeleton, .gitignore, a CI workflow\n"+
			"and an opt-in one that publishes the trust center to GitHub Pages.\n"+
			"Runs 'git init' when DIR is not in a git repository. Never overwrites a file.",
		"  attest init acme-compliance -frameworks soc2,iso27001 -name \"Acme Inc.\" -contact security@acme.example",
		stdout)
	frameworks := fl.String("frameworks", "soc2", "comma-separated `ids` of the frameworks in scope: soc2, iso27001")
	name := fl.String("name", "", "organization `name` (default: Example Company)")
	contact := fl.String("contact", "", "security contact `address` (default: security@example.com)")
	website := fl.String("website", "", "organization website `URL` (https:// is added to a bare host name)")
	quiet := fl.Bool("quiet", false, "print nothing but errors")
	pos, err := parseInterspersed(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return &usageError{fmt.Sprintf("init takes one folder, got %d: %s", len(pos), strings.Join(pos, " "))}
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	// config.toml wants an https: URL (attest check refuses anything else
	// but http: on localhost); "acme.example" means the https one.
	if *website != "" && !strings.Contains(*website, "://") {
		*website = "https://" + *website
	}
	files, err := scaffold.Program(scaffold.Options{
		Organization:    *name,
		Website:         *website,
		SecurityContact: *contact,
		Frameworks:      splitList(*frameworks),
		Today:           model.NewDate(time.Now()),
	})
	if err != nil {
		return &usageError{err.Error()}
	}
	if err := scaffold.WriteNew(dir, files); err != nil {
		var ee *scaffold.ExistsError
		if errors.As(err, &ee) {
			return fmt.Errorf("%s in %s", err, dir)
		}
		return fmt.Errorf("write program: %w", err)
	}
	gitNote := gitInit(ctx, dir)
	if *quiet {
		return nil
	}
	fmt.Fprintf(stdout, "Created a compliance program in %s (%d files).\n", dir, len(files))
	if gitNote != "" {
		fmt.Fprintln(stdout, gitNote)
	}
	cd := ""
	if dir != "." {
		cd = "  cd " + dir + "\n"
	}
	fmt.Fprintf(stdout, `
Next:
%s  attest check    # every problem at once, as file:line: message
  attest serve    # preview both sites at http://127.0.0.1:1313/ while you edit
  git add -A && git commit -m "Start the compliance program"

Then make it yours: config.toml names the organization and the audit; each
policy, control and section of the system description is a Markdown file.
Each "To write:" note is a warning until you write what it asks for and
remove the note: attest check -strict passes once none is left.
`, cd)
	return nil
}

// gitInit runs 'git init' in dir unless dir is inside a repository already,
// and says what it did. A missing git is reported, not fatal.
func gitInit(ctx context.Context, dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if _, err := exec.LookPath("git"); err != nil {
		return "git was not found: run 'git init' yourself; attest reads review dates and versions from the history."
	}
	check := exec.CommandContext(ctx, "git", "-C", abs, "rev-parse", "--is-inside-work-tree")
	check.Env = gitEnv()
	if out, err := check.Output(); err == nil && strings.TrimSpace(string(out)) == "true" {
		return ""
	}
	cmd := exec.CommandContext(ctx, "git", "init", "--quiet", abs)
	cmd.Env = gitEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Sprintf("git init failed (%s): run it yourself.", strings.TrimSpace(string(out)))
	}
	return "Initialized a git repository."
}

// gitEnv is the environment without variables that point git elsewhere.
func gitEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_DIR=") && !strings.HasPrefix(kv, "GIT_WORK_TREE=") {
			env = append(env, kv)
		}
	}
	return env
}
