package pandoc

import (
	"strings"
	"testing"
)

func seeds(f *testing.F) {
	for _, s := range []string{
		"a. x\n\n    i. y\n\n    ii. z\n\nb. w\n",
		"+---+---+\n| a | b |\n+===+===+\n| c | d |\n|   | e |\n+---+---+\n",
		"```\na. x\n+--+\n```\n\\pagebreak\n",
		"(iv) x\nv) y\nA.  z\n",
		"+-+\n|a\n+-+\n",
	} {
		f.Add(s)
	}
}

// FuzzLetteredLists: no input panics; the result has the input's lines,
// each changed at most in its marker; a second pass changes nothing.
func FuzzLetteredLists(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		got, _ := LetteredLists(src)
		in, out := lines(src), lines(got)
		if len(in) != len(out) {
			t.Fatalf("%d lines became %d", len(in), len(out))
		}
		for i := range in {
			if in[i] == out[i] {
				continue
			}
			ind := indentOf(in[i])
			if in[i][:ind] != out[i][:ind] {
				t.Fatalf("line %d: indentation changed: %q → %q", i+1, in[i], out[i])
			}
			if m, ok := parseMarker(in[i][ind:]); !ok || !strings.HasSuffix(out[i], m.rest) {
				t.Fatalf("line %d: more than the marker changed: %q → %q", i+1, in[i], out[i])
			}
		}
		if again, _ := LetteredLists(got); again != got {
			t.Fatalf("second pass changed %q to %q", got, again)
		}
	})
}

// FuzzGridTables: no input panics; a second pass changes nothing; text
// outside tables is kept.
func FuzzGridTables(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		got, changes := GridTables(src)
		if len(changes) == 0 && got != src {
			t.Fatalf("no table, yet %q became %q", src, got)
		}
		if again, _ := GridTables(got); again != got {
			t.Fatalf("second pass changed %q to %q", got, again)
		}
	})
}

// FuzzRawTeX: no input panics; lines are kept (a removed command leaves a
// blank line); a second pass changes nothing.
func FuzzRawTeX(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		got, _ := RawTeX(src)
		if strings.Count(got, "\n") != strings.Count(src, "\n") {
			t.Fatalf("line count changed: %q → %q", src, got)
		}
		if again, _ := RawTeX(got); again != got {
			t.Fatalf("second pass changed %q to %q", got, again)
		}
	})
}
