package description_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDescriptionReadsNoSources holds the gather step's rule: description
// renders values it is given and reads no source. It opens no file and
// runs no git — it imports neither os, io/fs nor path/filepath — and
// nothing it imports, at any depth, reads git history, git objects or a
// program's files (history, gitfs, changes, gather, compile, evidence).
func TestDescriptionReadsNoSources(t *testing.T) {
	const module = "github.com/attest-dev/attest/generator/"
	list := func(format string, deps bool) []string {
		t.Helper()
		args := []string{"list", "-f", format}
		if deps {
			args = append(args, "-deps")
		}
		out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.Fields(string(out))
	}
	direct := list(`{{join .Imports " "}}`, false)
	if len(direct) == 0 {
		t.Fatal("go list names no import: the test checks nothing")
	}
	for _, imp := range direct {
		switch imp {
		case "os", "os/exec", "io/fs", "path/filepath":
			t.Errorf("description imports %s: reading files belongs to the gather step (generator/gather)", imp)
		}
	}
	for _, dep := range list("{{.ImportPath}}", true) {
		switch strings.TrimPrefix(dep, module) {
		case "history", "gitfs", "changes", "gather", "compile", "evidence":
			t.Errorf("description depends on %s: sources are read by the gather step and handed over as values", dep)
		}
	}
}
