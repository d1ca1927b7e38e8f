package gather

import (
	"os/exec"
	"strings"
	"testing"
)

// TestRenderersReadNoSources holds the gather step's rule: the renderers
// lay out values they are given and read no source. Neither description
// nor trustcenter imports os, io/fs, path/filepath or os/exec (they open
// no file and run nothing), nor history (no git log). description, whose
// input this package gathers, also depends on nothing, at any depth, that
// reads git objects or a program's files.
func TestRenderersReadNoSources(t *testing.T) {
	const module = "github.com/attest-dev/attest/generator/"
	list := func(pkg, format string, deps bool) []string {
		t.Helper()
		args := []string{"list", "-f", format}
		if deps {
			args = append(args, "-deps")
		}
		args = append(args, pkg)
		out, err := exec.Command("go", args...).CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.Fields(string(out))
	}
	for _, pkg := range []string{"description", "trustcenter"} {
		direct := list("../"+pkg, `{{join .Imports " "}}`, false)
		if len(direct) == 0 {
			t.Fatalf("go list names no import of %s: the test checks nothing", pkg)
		}
		for _, imp := range direct {
			switch strings.TrimPrefix(imp, module) {
			case "os", "os/exec", "io/fs", "path/filepath", "history":
				t.Errorf("%s imports %s: reading sources belongs to the gather step", pkg, imp)
			}
		}
	}
	for _, dep := range list("../description", "{{.ImportPath}}", true) {
		switch strings.TrimPrefix(dep, module) {
		case "history", "gitfs", "changes", "gather", "compile", "evidence":
			t.Errorf("description depends on %s: what it shows of the sources is gathered and handed over as values", dep)
		}
	}
}
