package gitfs

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"testing"
	"time"
)

// FuzzParseTree checks that any tree object parseTree accepts writes back to
// the same bytes, so no entry is lost or misread.
func FuzzParseTree(f *testing.F) {
	oid := bytes.Repeat([]byte{0xab}, 20)
	f.Add(append(append([]byte("100644 a.md\x00"), oid...), append([]byte("40000 dir\x00"), oid...)...))
	f.Add([]byte("120000 link\x00short"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := parseTree(data, 20)
		if err != nil {
			return
		}
		var out bytes.Buffer
		for _, e := range entries {
			raw, _ := hex.DecodeString(e.oid)
			fmt.Fprintf(&out, "%o %s\x00", e.mode, e.name)
			out.Write(raw)
		}
		// git writes modes without leading zeros; the parser accepts them, so
		// compare after parsing the rewritten form again.
		again, err := parseTree(out.Bytes(), 20)
		if err != nil || len(again) != len(entries) {
			t.Fatalf("rewritten tree does not parse the same: %v", err)
		}
		for i := range again {
			if again[i] != entries[i] {
				t.Fatalf("entry %d: %+v != %+v", i, again[i], entries[i])
			}
		}
	})
}

func TestParseSignatureTime(t *testing.T) {
	for _, tc := range []struct {
		sig  string
		want string
	}{
		{"Ada <ada@example.com> 1768471200 +0100", "2026-01-15T11:00:00+01:00"},
		{"A B <a@b> 1768471200 -0530", "2026-01-15T04:30:00-05:30"},
		{"<> 0 +0000", "1970-01-01T00:00:00Z"},
	} {
		got, err := ParseSignatureTime(tc.sig, map[string]*time.Location{})
		if err != nil || got.Format(time.RFC3339) != tc.want {
			t.Errorf("ParseSignatureTime(%q) = %v, %v; want %s", tc.sig, got, err, tc.want)
		}
	}
	for _, bad := range []string{"no email 1 +0000", "A <a> x +0000", "A <a> 1 0100", "A <a> 1"} {
		if _, err := ParseSignatureTime(bad, nil); err == nil {
			t.Errorf("ParseSignatureTime(%q) accepted a malformed line", bad)
		}
	}
}
