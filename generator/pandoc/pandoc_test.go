package pandoc

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func TestLetteredLists(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		changes        []int
	}{
		{"letters repeated, as comply writes them",
			"# Policy\n\na. One.\n\na. Two.\n",
			"# Policy\n\n1. One.\n\n1. Two.\n", []int{3}},
		{"nested roman under letters keeps its columns",
			"a. *Onboarding:*\n\n    i. HR informs IT.\n\n    ii. IT creates the account.\n\nb. *Offboarding:*\n",
			"1. *Onboarding:*\n\n    1. HR informs IT.\n\n    2.  IT creates the account.\n\n2. *Offboarding:*\n", []int{1}},
		{"a list opening at b starts at 2",
			"Text.\n\nb. *Risk acceptance*\n",
			"Text.\n\n2. *Risk acceptance*\n", []int{3}},
		{"i opening a list is roman; within letters it is the letter",
			"i. one\nii. two\n\nh. eight\ni. nine\n",
			"1. one\n2.  two\n\n8. eight\n9. nine\n", []int{1}},
		{"numbered items inside stay",
			"a. x\n\n    i. y\n\n        1. z\n",
			"1. x\n\n    1. y\n\n        1. z\n", []int{1}},
		{"parentheses and closing parens",
			"(a) first\n(b) second\nc) third\n",
			"1)  first\n2)  second\n3) third\n", []int{1}},
		{"lazy continuation line is not a marker",
			"a. The owner of each resource approves the\nassociated permissions.\n",
			"1. The owner of each resource approves the\nassociated permissions.\n", []int{1}},
		{"a paragraph line starting with a letter is text",
			"As said in\na. the previous section\n",
			"As said in\na. the previous section\n", nil},
		{"initials are not a list", "B. Smith wrote it.\n", "B. Smith wrote it.\n", nil},
		{"a capital letter with two spaces is", "A.  First\nB.  Second\n", "1.  First\n2.  Second\n", []int{1}},
		{"words are not markers", "e.g. this\n\nie. that\n\nabc. x\n", "e.g. this\n\nie. that\n\nabc. x\n", nil},
		{"fenced code is left alone", "```\na. code\n```\n\na. text\n", "```\na. code\n```\n\n1. text\n", []int{5}},
		{"empty item", "a.\n\nb. x\n", "1.\n\n2. x\n", []int{1}},
		{"no final newline", "a. x", "1. x", []int{1}},
		{"a list right under a heading", "# Policy\na. All users report.\n", "# Policy\n1. All users report.\n", []int{2}},
		{"a heading ends the list", "a. x\n\n# H\n\nb. y\n", "1. x\n\n# H\n\n2. y\n", []int{1, 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, changes := LetteredLists(tc.in)
			if got != tc.want {
				t.Errorf("LetteredLists(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			var lines []int
			for _, c := range changes {
				lines = append(lines, c.Line)
			}
			if !equalInts(lines, tc.changes) {
				t.Errorf("changes at lines %v, want %v", lines, tc.changes)
			}
		})
	}
}

// TestLetteredListsRenderAsLists checks what goldmark makes of the result:
// comply's nested lists, which goldmark read as text and indented code,
// become ordered lists inside ordered lists.
func TestLetteredListsRenderAsLists(t *testing.T) {
	in := "a. *During onboarding:*\n\n    i. Hiring Manager informs HR.\n\n    i. HR emails IT.\n\na. *During offboarding:*\n\n    i. IT terminates access.\n"
	got, _ := LetteredLists(in)
	html := render(t, got)
	for _, want := range []string{"<ol>\n<li>\n<p><em>During onboarding:</em></p>\n<ol>\n<li>\n<p>Hiring Manager informs HR.</p>", "<li>\n<p><em>During offboarding:</em></p>\n<ol>"} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered\n%s\nlacks\n%s", html, want)
		}
	}
	if strings.Contains(html, "<pre>") {
		t.Errorf("nested items rendered as code:\n%s", html)
	}
}

func TestGridTables(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		what           []string
	}{
		{"header, alignment and a multi-line cell",
			"Before.\n+----------+-------+\n| **Level**| Score |\n+:=========+======:+\n| Low      | 0     |\n| risk     |       |\n+----------+-------+\nTable 3: Levels\n",
			"Before.\n\n| **Level** | Score |\n| :--- | ---: |\n| Low risk | 0 |\n\nTable 3: Levels\n",
			[]string{"grid table became a pipe table: cells written over several lines are now one line each"}},
		{"spacer rows are left out; no header gets an empty one",
			"+---+---+\n| a | b |\n+---+---+\n|   |   |\n+---+---+\n| c | d |\n+---+---+\n",
			"|  |  |\n| --- | --- |\n| a | b |\n| c | d |\n",
			[]string{"grid table became a pipe table: it had no header row, so the header is empty; 1 empty row left out"}},
		{"an empty template keeps one row to fill in",
			"+------+------+\n| Type | Owner|\n+======+======+\n|      |      |\n+------+------+\n|      |      |\n+------+------+\n",
			"| Type | Owner |\n| --- | --- |\n|  |  |\n",
			[]string{"grid table became a pipe table: 1 empty row left out"}},
		{"bars in text are escaped",
			"+-----+\n| H   |\n+=====+\n| a|b |\n+-----+\n",
			"| H |\n| --- |\n| a\\|b |\n",
			[]string{"grid table became a pipe table"}},
		{"drifted bars split at the bars",
			"+----+----+\n| A  | B  |\n+====+====+\n| x | y    |\n+----+----+\n",
			"| A | B |\n| --- | --- |\n| x | y |\n",
			[]string{"grid table became a pipe table: some rows' bars were not under the rule's + signs, so their cells were split at the bars"}},
		{"a lone rule is no table", "+---+\n\ntext\n", "+---+\n\ntext\n", nil},
		{"fenced code is left alone", "```\n+---+\n| a |\n+---+\n```\n", "```\n+---+\n| a |\n+---+\n```\n", nil},
		{"indented under an item", "1. x\n\n    +---+\n    | a |\n    +===+\n    | b |\n    +---+\n", "1. x\n\n    | a |\n    | --- |\n    | b |\n", []string{"grid table became a pipe table"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, changes := GridTables(tc.in)
			if got != tc.want {
				t.Errorf("GridTables(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			var what []string
			for _, c := range changes {
				what = append(what, c.What)
			}
			if strings.Join(what, "\n") != strings.Join(tc.what, "\n") {
				t.Errorf("changes %q, want %q", what, tc.what)
			}
		})
	}
}

func TestGridTableRendersAsTable(t *testing.T) {
	in := "+-------------------+------------------+\n|**Availability**   | **Recovery Time**|\n|**Classification** | **Requirements** |\n+===================+==================+\n| High              | 1 hour           |\n+-------------------+------------------+\n"
	got, _ := GridTables(in)
	html := render(t, got)
	for _, want := range []string{"<th><strong>Availability</strong> <strong>Classification</strong></th>", "<td>1 hour</td>"} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered\n%s\nlacks %s", html, want)
		}
	}
}

func TestRawTeX(t *testing.T) {
	got, changes := RawTeX("a\n \\pagebreak \n\\newpage\\vspace{2em}\n```\n\\pagebreak\n```\ntext \\pagebreak inline\n")
	want := "a\n\n\n```\n\\pagebreak\n```\ntext \\pagebreak inline\n"
	if got != want {
		t.Errorf("RawTeX: got %q, want %q", got, want)
	}
	if len(changes) != 2 || changes[0].Line != 2 || changes[1].Line != 3 {
		t.Errorf("changes %+v, want lines 2 and 3", changes)
	}
}

func render(t *testing.T, md string) string {
	t.Helper()
	var b bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert([]byte(md), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
