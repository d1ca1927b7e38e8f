package history

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

const (
	c1 = "1111111111111111111111111111111111111111"
	c2 = "2222222222222222222222222222222222222222"
	c3 = "3333333333333333333333333333333333333333"
	b1 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	b2 = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	z0 = "0000000000000000000000000000000000000000"
)

// sampleLog is git log output in logArgs' format: a merge shown against each
// parent, a commit with a signature header, one without changes, a root.
var sampleLog = "commit " + c3 + " (from " + c2 + ")\n" +
	"tree " + b1 + "\nparent " + c2 + "\nparent " + c1 + "\n" +
	"author Ada <ada@example.com> 1768471200 +0100\ncommitter Ada <ada@example.com> 1768471200 +0100\n\n" +
	"    Merge topic\n    \n    Approved-by: Carol <c@example.com>\n\n" +
	":100644 100644 " + b1 + " " + b2 + " M\x00policies/a.md\x00\x00" +
	"commit " + c3 + " (from " + c1 + ")\n" +
	"tree " + b1 + "\nparent " + c2 + "\nparent " + c1 + "\n" +
	"author Ada <ada@example.com> 1768471200 +0100\ncommitter Ada <ada@example.com> 1768471200 +0100\n\n" +
	"    Merge topic\n    \n    Approved-by: Carol <c@example.com>\n\n" +
	":100644 100644 " + b1 + " " + b1 + " R100\x00policies/old.md\x00policies/a.md\x00\x00" +
	"commit " + c2 + "\n" +
	"tree " + b1 + "\nparent " + c1 + "\n" +
	"author Bob <bob@example.com> 1768400000 -0500\ncommitter Bob <bob@example.com> 1768400000 -0500\n" +
	"gpgsig -----BEGIN PGP SIGNATURE-----\n \n abc\n -----END PGP SIGNATURE-----\n\n" +
	"    Empty\n\x00" +
	"commit " + c1 + "\n" +
	"tree " + b1 + "\n" +
	"author Bob <bob@example.com> 1768300000 +0000\ncommitter Bob <bob@example.com> 1768300000 +0000\n\n" +
	"    Root: first\n    \n    Body line.\n\n" +
	":000000 100644 " + z0 + " " + b1 + " A\x00policies/old.md\x00"

func TestParseLog(t *testing.T) {
	recs, err := parseLog([]byte(sampleLog))
	if err != nil {
		t.Fatal(err)
	}
	want := []logRecord{
		{ID: c3, From: c2, Parents: []string{c2, c1}, Author: "Ada <ada@example.com> 1768471200 +0100", Committer: "Ada <ada@example.com> 1768471200 +0100",
			Message: "Merge topic\n\nApproved-by: Carol <c@example.com>",
			Entries: []rawEntry{{Status: 'M', OldMode: "100644", NewMode: "100644", OldBlob: b1, NewBlob: b2, Path: "policies/a.md"}}},
		{ID: c3, From: c1, Parents: []string{c2, c1}, Author: "Ada <ada@example.com> 1768471200 +0100", Committer: "Ada <ada@example.com> 1768471200 +0100",
			Message: "Merge topic\n\nApproved-by: Carol <c@example.com>",
			Entries: []rawEntry{{Status: 'R', OldMode: "100644", NewMode: "100644", OldBlob: b1, NewBlob: b1, Path: "policies/a.md", OldPath: "policies/old.md"}}},
		{ID: c2, Parents: []string{c1}, Author: "Bob <bob@example.com> 1768400000 -0500", Committer: "Bob <bob@example.com> 1768400000 -0500", Message: "Empty"},
		{ID: c1, Author: "Bob <bob@example.com> 1768300000 +0000", Committer: "Bob <bob@example.com> 1768300000 +0000",
			Message: "Root: first\n\nBody line.",
			Entries: []rawEntry{{Status: 'A', OldMode: "000000", NewMode: "100644", OldBlob: z0, NewBlob: b1, Path: "policies/old.md"}}},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("parseLog =\n%#v\nwant\n%#v", recs, want)
	}
}

func TestParseLogRejects(t *testing.T) {
	for _, tc := range []struct{ name, in, msg string }{
		{"not a commit", "hello\n", "expected a commit line"},
		{"short id", "commit 123\n\n", "bad commit id"},
		{"bad from", "commit " + c1 + " (from x)\n\n", "bad commit line"},
		{"no end of headers", "commit " + c1 + "\ntree " + b1 + "\n", "headers not ended"},
		{"unindented message", "commit " + c1 + "\n\nmessage\n", "is not indented"},
		{"bad raw line", "commit " + c1 + "\n\n    m\n\n:100644 x\x00p\x00", "bad raw diff line"},
		{"unknown status", "commit " + c1 + "\n\n    m\n\n:100644 100644 " + b1 + " " + b2 + " X\x00p\x00", "unknown change status"},
		{"unterminated path", "commit " + c1 + "\n\n    m\n\n:100644 100644 " + b1 + " " + b2 + " M\x00p", "unterminated field"},
		{"rename without target", "commit " + c1 + "\n\n    m\n\n:100644 100644 " + b1 + " " + b2 + " R090\x00p\x00", "unterminated field"},
	} {
		_, err := parseLog([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.msg)
		}
	}
}

// formatLog writes records the way git does, for the fuzz round trip.
func formatLog(recs []logRecord) []byte {
	var b bytes.Buffer
	for i, r := range recs {
		if i > 0 {
			b.WriteByte(0)
		}
		b.WriteString("commit " + r.ID)
		if r.From != "" {
			b.WriteString(" (from " + r.From + ")")
		}
		b.WriteString("\n")
		for _, p := range r.Parents {
			b.WriteString("parent " + p + "\n")
		}
		b.WriteString("author " + r.Author + "\ncommitter " + r.Committer + "\n\n")
		for _, l := range strings.Split(r.Message, "\n") {
			if l != "" {
				b.WriteString("    ")
			}
			b.WriteString(l + "\n")
		}
		if len(r.Entries) > 0 {
			b.WriteString("\n")
		}
		for _, e := range r.Entries {
			b.WriteString(":" + e.OldMode + " " + e.NewMode + " " + e.OldBlob + " " + e.NewBlob + " " + string(e.Status) + "\x00")
			if e.OldPath != "" {
				b.WriteString(e.OldPath + "\x00")
			}
			b.WriteString(e.Path + "\x00")
		}
	}
	return b.Bytes()
}

// FuzzParseLog: whatever parseLog accepts, written back the way git writes
// it, parses to the same records; nothing makes it panic.
func FuzzParseLog(f *testing.F) {
	f.Add([]byte(sampleLog))
	f.Add([]byte("commit " + c1 + "\n\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := parseLog(data)
		if err != nil {
			return
		}
		again, err := parseLog(formatLog(recs))
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		norm := func(rs []logRecord) []logRecord {
			for i := range rs {
				rs[i].Author = strings.ReplaceAll(rs[i].Author, "\n", "")
				if len(rs[i].Entries) == 0 {
					rs[i].Entries = nil
				}
			}
			return rs
		}
		if !reflect.DeepEqual(norm(recs), norm(again)) {
			t.Fatalf("round trip differs:\n%#v\n%#v", recs, again)
		}
	})
}

func TestSubject(t *testing.T) {
	for _, tc := range []struct{ msg, subject string }{
		{"Subject only", "Subject only"},
		{"Subject\nwrapped\n\nbody", "Subject wrapped"},
		{"\n\n  Indented first line\n\nbody", "Indented first line"},
		{"Approved-by: the subject is never a trailer", "Approved-by: the subject is never a trailer"},
		{"", ""},
	} {
		if got := subjectOf(tc.msg); got != tc.subject {
			t.Errorf("subjectOf(%q) = %q, want %q", tc.msg, got, tc.subject)
		}
	}
}

func TestParseTrailerLog(t *testing.T) {
	id1, id2 := strings.Repeat("a", 40), strings.Repeat("b", 64)
	out := id1 + "\x1fApproved-by: Jane <j@x>\x1ereviewed-by : Bob Builder\n" + id2 + "\x1f\n"
	got, err := parseTrailerLog([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]Trailer{id1: {{"Approved-by", "Jane <j@x>"}, {"reviewed-by", "Bob Builder"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, bad := range []string{"not a commit\x1fApproved-by: x\n", id1 + "\x1fno colon\n"} {
		if _, err := parseTrailerLog([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func FuzzParseTrailerLog(f *testing.F) {
	f.Add(strings.Repeat("c", 40) + "\x1fApproved-by: Jane <j@x>\x1eReviewed-by: Bob\n")
	f.Fuzz(func(t *testing.T, out string) {
		m, err := parseTrailerLog([]byte(out))
		if err != nil {
			return
		}
		for id, list := range m {
			for _, tr := range list {
				if tr.Key == "" || strings.Contains(tr.Key, ":") || strings.ContainsAny(id+tr.Key+tr.Value, "\n\x1e\x1f") {
					t.Fatalf("malformed trailer %q of %s", tr, id)
				}
			}
		}
	})
}
