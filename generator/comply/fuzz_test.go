package comply

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/attest-dev/attest/generator/model"
)

// FuzzFrequency: no schedule panics, and every one gives a frequency
// attest knows.
func FuzzFrequency(f *testing.F) {
	for _, s := range []string{"0 0 0 15 * *", "@every 1h", "*/0 * * * * *", "0 0 0 1-31/2 JAN-DEC MON,FRI", "TZ=UTC @daily"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		got, _ := Frequency(spec)
		if !contains(model.Frequencies, string(got)) {
			t.Fatalf("Frequency(%q) = %q", spec, got)
		}
	})
}

// FuzzDocument: no comply document panics the split, the YAML reader or
// the conversion, and a split gives back pieces of the input.
func FuzzDocument(f *testing.F) {
	for _, s := range []string{
		"name: A\nsatisfies:\n  TSC:\n    - CC6.1\n---\n# A\n\na. {{.Name}}\n",
		"---\nname: [x\n---\n",
		"satisfies: 3\nmajorRevisions: x\n---\n+--+\n|a|\n+==+\n",
	} {
		f.Add(s)
	}
	prog := &model.Program{}
	f.Fuzz(func(t *testing.T, src string) {
		front, _, body, _, ok := splitDocument(src)
		norm := strings.ReplaceAll(strings.TrimPrefix(src, "\ufeff"), "\r\n", "\n")
		if ok && (!strings.Contains(norm, front) || !strings.HasSuffix(norm, body)) {
			t.Fatalf("split pieces are not from the input")
		}
		if prog.Frameworks == nil {
			prog = program(t)
		}
		Convert(fstest.MapFS{"policies/p.md": {Data: []byte(src)}, "narratives/n.md": {Data: []byte(src)}, "procedures/x.md": {Data: []byte(src)}}, Options{Program: prog})
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
