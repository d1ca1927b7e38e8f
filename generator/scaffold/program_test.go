package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/gitfs/gittest"
	"github.com/attest-dev/attest/generator/model"
)

var today = model.MakeDate(2026, time.March, 10)

// TestProgramChecksClean compiles the starter program for each choice of
// frameworks: no errors, and no warnings but one for each "To write:" note
// left for the author (issue 13); once the notes are written, none at all,
// so every in-scope criterion is covered by a starter control or declared
// not applicable.
func TestProgramChecksClean(t *testing.T) {
	for _, fws := range [][]string{{"soc2"}, {"iso27001"}, {"soc2", "iso27001"}} {
		t.Run(strings.Join(fws, "+"), func(t *testing.T) {
			dir := t.TempDir()
			files, err := Program(Options{Organization: `Acme "Ledger" Ltd`, Frameworks: fws, Today: today})
			if err != nil {
				t.Fatal(err)
			}
			if err := WriteNew(dir, files); err != nil {
				t.Fatal(err)
			}
			res := compile.Compile(os.DirFS(dir), compile.Options{Today: today})
			notes := writeNotes(t, dir)
			var warned []string
			for _, d := range res.Diags.Items() {
				if d.Severity == diag.Warning && strings.Contains(d.Message, `note "To write:`) {
					warned = append(warned, d.Pos.String())
					continue
				}
				t.Errorf("%s", d)
			}
			if strings.Join(warned, "\n") != strings.Join(notes, "\n") {
				t.Errorf("warned of notes at\n%s\nwant one for each note, at\n%s", strings.Join(warned, "\n"), strings.Join(notes, "\n"))
			}
			if len(notes) == 0 {
				t.Error("the starter program leaves no \"To write:\" note")
			}
			res = compile.Compile(os.DirFS(dir), compile.Options{Today: today})
			for _, d := range res.Diags.Items() {
				t.Errorf("once the notes are written: %s", d)
			}
			p := res.Program
			if len(p.Policies) < 8 || len(p.Controls) < 20 || len(p.Evidence) != 1 || len(p.Risks) == 0 || len(p.Description) == 0 || len(p.TrustPages) == 0 {
				t.Errorf("starter program is missing parts: %d policies, %d controls, %d evidence, %d risks, %d sections, %d trust pages",
					len(p.Policies), len(p.Controls), len(p.Evidence), len(p.Risks), len(p.Description), len(p.TrustPages))
			}
			if got := p.Config.Organization.Name; got != `Acme "Ledger" Ltd` {
				t.Errorf("organization name = %q", got)
			}
			for _, c := range p.Controls {
				for _, ref := range c.Criteria {
					if !contains(fws, ref.Framework) {
						t.Errorf("control %s maps to %s, which is not in scope", c.ID, ref.Key())
					}
				}
			}
		})
	}
}

// writeNotes does what the starter program's notes ask of the author: it
// replaces each "> **To write:** …" line with text of the author's own. It
// returns where the notes were, as file:line:col, in order.
func writeNotes(t *testing.T, dir string) []string {
	t.Helper()
	var at []string
	err := filepath.WalkDir(dir, func(name string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(name) != ".md" {
			return err
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		lines := strings.Split(string(data), "\n")
		changed := false
		for i, line := range lines {
			if strings.HasPrefix(line, "> **To write:**") {
				rel, _ := filepath.Rel(dir, name)
				at = append(at, fmt.Sprintf("%s:%d:3", filepath.ToSlash(rel), i+1))
				lines[i] = "What the note asked for, written."
				changed = true
			}
		}
		if !changed {
			return nil
		}
		return os.WriteFile(name, []byte(strings.Join(lines, "\n")), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return at
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestProgramDotFilesAndCI(t *testing.T) {
	files, err := Program(Options{Today: today})
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string][]byte{}
	for _, f := range files {
		byPath[f.Path] = f.Data
	}
	if !bytes.Contains(byPath[".gitignore"], []byte("/public/")) || !bytes.Contains(byPath[".gitignore"], []byte("/private/")) {
		t.Errorf(".gitignore does not ignore the outputs:\n%s", byPath[".gitignore"])
	}
	ci := string(byPath[".github/workflows/attest.yml"])
	for _, want := range []string{"attest check --format github", "attest build"} {
		if !strings.Contains(ci, want) {
			t.Errorf("CI workflow lacks %q", want)
		}
	}
	var pages struct {
		On          map[string]any `yaml:"on"`
		Permissions map[string]string
		Jobs        map[string]struct {
			Needs any
			Steps []struct {
				Uses string
				Run  string
				With map[string]any
			}
		}
	}
	if err := yaml.Unmarshal(byPath[".github/workflows/pages.yml"], &pages); err != nil {
		t.Fatalf("pages.yml: %v", err)
	}
	steps := func(job string) (all []string) {
		for _, s := range pages.Jobs[job].Steps {
			all = append(all, s.Uses+s.Run)
		}
		return all
	}
	if _, push := pages.On["push"]; push || len(pages.On) != 1 {
		t.Errorf("pages.yml runs on %v: want workflow_dispatch alone, push opted into", pages.On)
	}
	if !bytes.Contains(byPath[".github/workflows/pages.yml"], []byte("# push:\n  #   branches: [main]")) {
		t.Error("pages.yml lacks the commented push trigger")
	}
	if pages.Permissions["pages"] != "write" || pages.Permissions["id-token"] != "write" {
		t.Errorf("pages.yml permissions %v", pages.Permissions)
	}
	build, deploy := steps("build"), steps("deploy")
	if !slices.Contains(build, "attest build -release -only public") || !slices.Contains(build, "actions/upload-pages-artifact@v3") {
		t.Errorf("pages.yml build job: %v", build)
	}
	for _, s := range pages.Jobs["build"].Steps {
		if strings.HasPrefix(s.Uses, "actions/upload-pages-artifact") && s.With["path"] != "public/" {
			t.Errorf("the Pages artifact is %v, want public/ alone", s.With["path"])
		}
	}
	if pages.Jobs["deploy"].Needs != "build" || !slices.Equal(deploy, []string{"actions/deploy-pages@v4"}) {
		t.Errorf("pages.yml deploy job: needs %v, steps %v", pages.Jobs["deploy"].Needs, deploy)
	}
	for p := range byPath {
		if strings.HasSuffix(p, ".tmpl") || strings.Contains(p, "dot-") {
			t.Errorf("template name leaked into output path %s", p)
		}
	}
}

func TestProgramIsDeterministic(t *testing.T) {
	a, err := Program(Options{Frameworks: []string{"soc2", "iso27001"}, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Program(Options{Frameworks: []string{"soc2", "iso27001"}, Today: today})
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s differs between runs", a[i].Path)
		}
	}
}

func TestProgramUnknownFramework(t *testing.T) {
	_, err := Program(Options{Frameworks: []string{"soc3"}, Today: today})
	if err == nil || !strings.Contains(err.Error(), `did you mean "soc2"`) {
		t.Fatalf("err = %v, want an unknown framework error with a hint", err)
	}
}

func TestWriteNewRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := Program(Options{Today: today})
	if err != nil {
		t.Fatal(err)
	}
	err = WriteNew(dir, files)
	var ee *ExistsError
	if !errors.As(err, &ee) || len(ee.Paths) != 1 || ee.Paths[0] != "config.toml" {
		t.Fatalf("err = %v, want ExistsError for config.toml", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "config.toml")); string(got) != "mine\n" {
		t.Errorf("config.toml was changed: %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "policies")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("files were written despite the refusal (policies/: %v)", err)
	}
}

// TestProgramIgnoresWhatBuildsLeave: git, reading the starter's .gitignore,
// ignores the outputs and the folders a build or serve stopped before it
// could clean up leaves beside them (for outputs of any name, at any
// depth), and none of the program's files. (Issue 11.)
func TestProgramIgnoresWhatBuildsLeave(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	files, err := Program(Options{Today: today})
	if err != nil {
		t.Fatal(err)
	}
	r := gittest.New(t)
	for _, f := range files {
		r.Write(f.Path, string(f.Data))
	}
	ignored := func(name string) bool {
		cmd := exec.Command("git", "check-ignore", "-q", "--no-index", name)
		cmd.Dir = r.Dir
		err := cmd.Run()
		var exit *exec.ExitError
		if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
			t.Fatalf("git check-ignore %s: %v", name, err)
		}
		return err == nil
	}
	for _, name := range []string{
		"public/index.html",
		"private/latest/index.html",
		".public.build-4242-1a2b3c4d-81726354/index.html",
		".public.build-4242-1a2b3c4d-81726354.old/index.html",
		".private.versions-4242-1a2b3c4d-81726354/latest/index.html",
		".private.copies-4242-1a2b3c4d-81726354/evidence/x.csv",
		"site/.trust.build-4242-1a2b3c4d-81726354/index.html",
	} {
		if !ignored(name) {
			t.Errorf("%s is not ignored", name)
		}
	}
	for _, f := range files {
		if ignored(f.Path) {
			t.Errorf("the program's own %s is ignored", f.Path)
		}
	}
}
