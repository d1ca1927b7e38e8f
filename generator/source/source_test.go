package source

import (
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/diag"
)

func TestSplitMarkdown(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		front    string
		body     string
		bodyLine int
		problem  string
	}{
		{"plain", "+++\ntitle = \"x\"\n+++\nbody\n", "title = \"x\"\n", "body\n", 4, ""},
		{"empty front matter", "+++\n+++\n", "", "", 3, ""},
		{"trailing spaces on fences", "+++  \na = 1\n+++\t\n", "a = 1\n", "", 4, ""},
		{"no newline after closing", "+++\na = 1\n+++", "a = 1\n", "", 4, ""},
		{"unclosed", "+++\na = 1\n", "", "", 0, "never closed"},
		{"yaml", "---\na: 1\n---\n", "", "", 0, "attest reads TOML front matter"},
		{"none", "# Title\n", "", "", 0, "missing front matter"},
		{"empty file", "", "", "", 0, "missing front matter"},
		{"fence inside body stays body", "+++\na = 1\n+++\nx\n+++\n", "a = 1\n", "x\n+++\n", 4, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md, prob := SplitMarkdown([]byte(tt.src))
			if tt.problem != "" {
				if prob == nil || !strings.Contains(prob.Message, tt.problem) {
					t.Fatalf("problem = %v, want %q", prob, tt.problem)
				}
				return
			}
			if prob != nil {
				t.Fatalf("unexpected problem %v", prob)
			}
			if string(md.FrontMatter) != tt.front || string(md.Body) != tt.body || md.BodyLine != tt.bodyLine {
				t.Errorf("got front %q body %q line %d; want %q %q %d", md.FrontMatter, md.Body, md.BodyLine, tt.front, tt.body, tt.bodyLine)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, out, problem string }{
		{"\xef\xbb\xbfa\r\nb\r\n", "a\nb\n", ""},
		{"a\rb", "a\nb", ""},
		{"ok\n\x00", "", "binary file"},
		{"a\n\xff", "", "invalid UTF-8 byte 0xff"},
	}
	for _, tt := range tests {
		out, prob := Normalize([]byte(tt.in))
		if tt.problem != "" {
			if prob == nil || !strings.Contains(prob.Message, tt.problem) {
				t.Errorf("Normalize(%q) problem = %v, want %q", tt.in, prob, tt.problem)
			}
			continue
		}
		if prob != nil || string(out) != tt.out {
			t.Errorf("Normalize(%q) = %q, %v; want %q", tt.in, out, prob, tt.out)
		}
	}
}

func TestKeyPositions(t *testing.T) {
	src := `# comment
title = "x"
list = ["a", "b",
  "c"]
text = """
not = "a key"
"""
[criteria]
soc2 = ["CC1.1", "CC1.2"]
"quoted key" = 1
[[evidence]]
id = "E1"
[[evidence]]
id = "E2"
[[evidence.part]]
name = "p"
[[evidence]]
id = "E3"
`
	var diags diag.List
	doc := ParseTOML("f.toml", []byte(src), 1, &diags)
	if doc == nil {
		t.Fatal(diags.Items())
	}
	tests := []struct {
		path      string
		line, col int
	}{
		{"title", 2, 1},
		{"list.1", 3, 14},
		{"list.2", 4, 3},
		{"not", 0, 0},
		{"criteria", 8, 1},
		{"criteria.soc2.1", 9, 18},
		{"criteria.quoted key", 10, 1},
		{"evidence.0.id", 12, 1},
		{"evidence.1.id", 14, 1},
		{"evidence.1.part.0.name", 16, 1},
		{"evidence.2", 17, 1},
		{"evidence.2.id", 18, 1},
	}
	for _, tt := range tests {
		at, ok := doc.keys[tt.path]
		if tt.line == 0 {
			if ok {
				t.Errorf("%s: recorded at %v, want nothing (inside a multi-line string)", tt.path, at)
			}
			continue
		}
		if !ok || at.line != tt.line || at.col != tt.col {
			t.Errorf("%s at %v (found %v), want %d:%d", tt.path, at, ok, tt.line, tt.col)
		}
	}
}

func TestNearest(t *testing.T) {
	tests := []struct {
		s          string
		candidates []string
		want       string
	}{
		{"CC6.9", []string{"CC6.1", "CC6.8", "CC7.1"}, "CC6.1"},
		{"continous", []string{"continuous", "monthly"}, "continuous"},
		{"zzzzzz", []string{"continuous", "monthly"}, ""},
		{"x", nil, ""},
	}
	for _, tt := range tests {
		if got := Nearest(tt.s, tt.candidates); got != tt.want {
			t.Errorf("Nearest(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestNearestID(t *testing.T) {
	controls := []string{"CTL-ACCESS-REVIEW", "CTL-ACCESS-PROVISIONING", "CTL-BACKUPS", "CTL-RESTORE-TEST"}
	tests := []struct {
		s, want string
	}{
		{"CTL-ACCESS-REVEIW", "CTL-ACCESS-REVIEW"}, // a typo
		{"access-review", "CTL-ACCESS-REVIEW"},     // the file name
		{"BACKUPS", "CTL-BACKUPS"},                 // without the prefix
		{"ACCESS", ""},                             // two controls hold it
		{"CTL-NOPE", ""},                           // nothing like it
		{"up", ""},                                 // too short to guess from
	}
	for _, tt := range tests {
		if got := NearestID(tt.s, controls); got != tt.want {
			t.Errorf("NearestID(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestBodyCursor(t *testing.T) {
	md := Markdown{Body: []byte("ab\ncd\n\nef"), BodyLine: 5}
	c := md.Cursor()
	for _, tc := range []struct{ off, line, col int }{
		{0, 5, 1}, {1, 5, 2}, {2, 5, 3}, // the newline ends line 5
		{3, 6, 1}, {4, 6, 2},
		{6, 7, 1},
		{7, 8, 1}, {8, 8, 2},
		{4, 8, 2}, // asked out of order: the last place
	} {
		if line, col := c.At(tc.off); line != tc.line || col != tc.col {
			t.Errorf("At(%d) = %d:%d, want %d:%d", tc.off, line, col, tc.line, tc.col)
		}
	}
}
