package source

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/attest-dev/attest/generator/diag"
)

func TestNesting(t *testing.T) {
	deep := func(open, close string, n int) string { return strings.Repeat(open, n) + strings.Repeat(close, n) }
	tests := []struct {
		name  string
		src   string
		depth int    // containers around the deepest value
		prob  string // "line:col: start of message" when over the limit of 4
	}{
		{"empty", "", 1, ""},
		{"scalar", "a = 1\n", 1, ""},
		{"array", "a = [1, [2]]\n", 3, ""},
		{"inline table", "a = {b.c = 1}\n", 3, ""},
		{"header", "[a.b]\nc.d = 1\n", 4, ""},
		{"array of tables", "[[a]]\n[[a.b]]\nx = 1\n", 3, ""},
		{"quoted dotted key", "\"a.b.c.d.e\" = 1\n'x.y.z.w.v' = 2\n", 1, ""},
		{"brackets in strings", "a = \"[[[[[\"\nb = '{{{{{'\nc = \"\\\"[[[[[\"\n", 1, ""},
		{"brackets in multi-line strings", "a = \"\"\"\n[[[[[\n\\\"\"\"[[[[\n\"\"\"\"\"\nb = '''[[[[[\n{{{{{'''''\n", 1, ""},
		{"brackets in comments", "# [[[[[\na = [ # [[[[[\n 1,\n]\n", 2, ""},
		{"multi-line string ends at first run of three", "a = \"\"\"x\"\"\"\"\"\nb = [[1]]\n", 3, ""},
		{"deep array", "a = " + deep("[", "]", 4) + "\n", 5, "1:8: array nests 5 levels deep"},
		{"deep inline table", "x = 1\na = {b = {c = {d = {}}}}\n", 5, "2:20: inline table nests 5 levels deep"},
		{"long dotted key", "x = 1\na.b.c.d.e = 1\n", 5, "2:1: key nests 5 levels deep"},
		{"long header", "\n[a . b.c.\"d\"]\n", 5, "2:1: table header nests 5 levels deep"},
		{"key under deep header", "[a.b.c]\nd.e = 1\n", 5, "2:1: key nests 5 levels deep"},
		{"after a multi-line string", "s = '''\n\n'''\na = [[[[1]]]]\n", 5, "4:8: array nests 5 levels deep"},
		{"unclosed", "a = " + strings.Repeat("[", 100), 5, "1:8: array nests 5 levels deep"},
		{"brackets after an unterminated string count", "a = \"x\nb = [[[[1]]]]\n", 5, "2:8: array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			depth, prob := nesting([]byte(tt.src), 4)
			got := ""
			if prob != nil {
				got = prob.Error()
			}
			if depth != tt.depth || !strings.HasPrefix(got, tt.prob) || (tt.prob == "") != (prob == nil) {
				t.Errorf("nesting = %d, %q; want %d, %q", depth, got, tt.depth, tt.prob)
			}
		})
	}
}

// TestParseTOMLRefusesDeepNesting: a deeply nested document is refused
// with its position before the decoder, whose time and memory explode with
// depth, sees it (issue 11). BenchmarkParseTOMLDeep measures how fast.
func TestParseTOMLRefusesDeepNesting(t *testing.T) {
	for _, src := range []string{
		"x = 1\na = " + strings.Repeat("{b=", 100_000) + "1" + strings.Repeat("}", 100_000) + "\n",
		"x = 1\na = " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n",
		"x = 1\n" + strings.Repeat("a.", 100_000) + "b = 1\n",
	} {
		var diags diag.List
		if doc := ParseTOML("f.md", []byte(src), 3, &diags); doc != nil {
			t.Fatalf("deep document parsed")
		}
		items := diags.Items()
		if len(items) != 1 || items[0].Pos.Line != 4 || !strings.Contains(items[0].Message, "at most 64 levels") {
			t.Errorf("diagnostics = %v, want one at f.md:4 naming the limit", items)
		}
	}
}

func BenchmarkParseTOMLDeep(b *testing.B) {
	src := []byte("a = " + strings.Repeat("{b=", 100_000) + "1" + strings.Repeat("}", 100_000) + "\n")
	for b.Loop() {
		var diags diag.List
		ParseTOML("f.toml", src, 1, &diags)
	}
}

// FuzzNesting checks the nesting scanner against the decoder: on any
// document the decoder accepts, the scanner's depth lies between the decoded
// value's depth with arrays of tables counted as no level (as [[a]] headers
// are) and as one (as [{…}] is).
func FuzzNesting(f *testing.F) {
	f.Add("a = [1, [2, {b.c = \"[\"}]]\n[x.y]\n[[z]]\nq = '''\n]]]'''\n")
	f.Add("a = \"\"\"x\"\"\"\"\"\n# [[[\nb = [ # {\n{c = 1}]\n")
	f.Add("[[a]]\n[a.b]\n[[a.b.c]]\nd.e = [[[]]]\n")
	f.Fuzz(func(t *testing.T, src string) {
		depth, prob := nesting([]byte(src), 8)
		if prob != nil && (prob.Line < 1 || prob.Col < 1 || prob.Line > strings.Count(src, "\n")+1) {
			t.Fatalf("problem outside the document: %v", prob)
		}
		if len(src) > 512 {
			return
		}
		var v map[string]any
		if _, err := toml.Decode(src, &v); err != nil {
			return
		}
		lo, hi := decodedDepth(v, 0), decodedDepth(v, 1)
		if depth < lo || depth > hi {
			t.Fatalf("scanner depth %d, decoded value %d to %d: %#v", depth, lo, hi, v)
		}
	})
}

// decodedDepth counts the containers on the longest path of a decoded
// value, an array of tables counting as tables levels.
func decodedDepth(v any, tables int) int {
	d := 0
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			d = max(d, decodedDepth(e, tables))
		}
		return 1 + d
	case []any:
		for _, e := range x {
			d = max(d, decodedDepth(e, tables))
		}
		return 1 + d
	case []map[string]any:
		for _, e := range x {
			d = max(d, decodedDepth(e, tables))
		}
		return tables + d
	}
	return 0
}
