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

func TestSplitMessage(t *testing.T) {
	for _, tc := range []struct {
		msg      string
		subject  string
		trailers []Trailer
	}{
		{"Subject only", "Subject only", nil},
		{"Subject\nwrapped\n\nbody", "Subject wrapped", nil},
		{"S\n\nApproved-by: Jane <j@x>\nReviewed-by: Bob", "S", []Trailer{{"Approved-by", "Jane <j@x>"}, {"Reviewed-by", "Bob"}}},
		{"S\n\nbody\n\nreviewed-by : Bob\n  Builder", "S", []Trailer{{"reviewed-by", "Bob Builder"}}},
		{"S\n\nSee: the prose\nthat follows", "S", nil},
		{"Approved-by: the subject is never a trailer", "Approved-by: the subject is never a trailer", nil},
		{"S\n\nReviewed-by: Bob\nsome prose\nSigned-off-by: A <a@x>", "S", []Trailer{{"Reviewed-by", "Bob"}, {"Signed-off-by", "A <a@x>"}}},
		{"S\n\nprose\nmore prose\nagain\nand again\nSigned-off-by: A", "S", nil},
		{"S\n\n(cherry picked from commit abc)\nReviewed-by: Bob", "S", []Trailer{{"Reviewed-by", "Bob"}}},
		{"S\n\nNot a key: value\nReviewed-by: Bob", "S", nil},
		{"", "", nil},
	} {
		s, tr := splitMessage(tc.msg)
		if s != tc.subject || !reflect.DeepEqual(tr, tc.trailers) {
			t.Errorf("splitMessage(%q) = %q, %v; want %q, %v", tc.msg, s, tr, tc.subject, tc.trailers)
		}
	}
}

func FuzzSplitMessage(f *testing.F) {
	f.Add("S\n\nApproved-by: Jane <j@x>\n continued")
	f.Fuzz(func(t *testing.T, msg string) {
		_, trailers := splitMessage(msg)
		for _, tr := range trailers {
			if tr.Key == "" || strings.ContainsAny(tr.Key, " :\n") || strings.Contains(tr.Value, "\n") {
				t.Fatalf("malformed trailer %+v", tr)
			}
		}
	})
}
