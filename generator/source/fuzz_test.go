package source

import (
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/diag"
)

// FuzzFrontMatter feeds arbitrary bytes through normalisation, the front
// matter split and the TOML reader: none may panic, and a split must give
// back pieces of the input.
func FuzzFrontMatter(f *testing.F) {
	f.Add([]byte("+++\ntitle = \"x\"\n[criteria]\nsoc2 = [\"CC1.1\"]\n+++\nbody\n"))
	f.Add([]byte("\xef\xbb\xbf+++\r\na = 1\r\n+++\r\n"))
	f.Add([]byte("+++\nx = \"\"\"\n+++\n\"\"\"\n+++\n"))
	f.Add([]byte("---\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		norm, prob := Normalize(src)
		if prob != nil {
			return
		}
		md, prob := SplitMarkdown(norm)
		if prob != nil {
			return
		}
		if !strings.Contains(string(norm), string(md.FrontMatter)) || !strings.HasSuffix(string(norm), string(md.Body)) {
			t.Fatalf("split pieces are not from the input")
		}
		var diags diag.List
		if doc := ParseTOML("f.md", md.FrontMatter, md.FrontLine, &diags); doc != nil {
			root := doc.Root()
			root.String("title", false)
			root.Strings("approvers", false)
			root.Date("effective", false)
			root.Table("criteria").Done()
			root.Done()
		}
	})
}

// FuzzManifest reads arbitrary TOML as an evidence manifest the way the
// compiler does; positions must stay inside the document.
func FuzzManifest(f *testing.F) {
	f.Add("[[evidence]]\nid = \"E\"\ncontrol = \"C\"\ncollected = 2026-01-01\nresult = \"pass\"\n")
	f.Add("[[evidence]]\n[[evidence.x]]\na = [1, [2, \"3\"], {b = 4}]\n")
	f.Add("a.b.c = 1\n'q.k' = 2\n[t]\n\"x\\\"y\" = 3\n")
	f.Fuzz(func(t *testing.T, src string) {
		var diags diag.List
		doc := ParseTOML("m.toml", []byte(src), 1, &diags)
		if doc == nil {
			return
		}
		lines := strings.Count(src, "\n") + 1
		for _, e := range doc.Root().Tables("evidence") {
			e.String("id", true)
			e.Date("collected", true)
			e.Enum("result", true, "", "pass", "exception", "fail")
			e.Strings("criteria", false)
			e.Done()
		}
		for _, d := range diags.Items() {
			if d.Pos.Line < 1 || d.Pos.Line > lines {
				t.Fatalf("diagnostic outside the document (%d lines): %s", lines, d)
			}
		}
	})
}
