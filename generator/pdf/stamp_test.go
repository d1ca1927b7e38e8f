package pdf

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakePDF lays out objects the way Chromium's Skia writes them: a classic
// cross-reference table, the document information first, a trailer
// without /ID.
func fakePDF(created string, nodes ...int) []byte {
	var ids []string
	for _, n := range nodes {
		ids = append(ids, fmt.Sprintf("(node%08d)", n))
	}
	objs := []string{
		"<</Title (Test)\n/Producer (Skia/PDF m156)\n/CreationDate (" + created + ")\n/ModDate (" + created + ")>>",
		"<</Type /Catalog\n/Pages 3 0 R>>",
		"<</Type /Pages\n/Kids [4 0 R]\n/Count 1>>",
		"<</Type /Page\n/Parent 3 0 R\n/MediaBox [0 0 612 792]>>",
		"<</Type /StructElem\n/S /TH\n/ID " + strings.Join(ids, " ") + ">>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n%d\n%%%%EOF", len(objs)+1, xref)
	return b.Bytes()
}

// checkXref fails unless every in-use entry of the table points at its
// object and startxref at the table.
func checkXref(t *testing.T, data []byte) {
	t.Helper()
	x, err := readXref(data)
	if err != nil {
		t.Fatal(err)
	}
	for n, off := range x.offsets {
		if !bytes.HasPrefix(data[off:], []byte(strconv.Itoa(n)+" 0 obj")) {
			t.Errorf("object %d: the table points at %q", n, data[off:min(off+12, len(data))])
		}
	}
}

// TestStampMakesPrintsOfOneCommitTheSame stamps two prints that differ the
// way two runs of Chromium differ — the clock's dates, the DOM's node
// numbers — and wants the same bytes, the commit's dates, a file ID and a
// table that still finds every object.
func TestStampMakesPrintsOfOneCommitTheSame(t *testing.T) {
	commit := time.Date(2026, 3, 10, 10, 0, 5, 0, time.FixedZone("CET", 3600))
	a, err := Stamp(fakePDF("D:20261204211305+00'00'", 470, 471, 502), "607365aae00c", commit)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Stamp(fakePDF("D:2026120421123Z", 468, 469, 500), "607365aae00c", commit)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatalf("two prints of one commit differ after stamping:\n%s\n---\n%s", a, b)
	}
	checkXref(t, a)
	for _, want := range []string{
		"/CreationDate (D:20260310090005+00'00')", "/ModDate (D:20260310090005+00'00')",
		"/ID (node00000001) (node00000002) (node00000003)",
	} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("stamped PDF lacks %q:\n%s", want, a)
		}
	}
	if !regexp.MustCompile(`/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]>>\nstartxref`).Match(a) {
		t.Errorf("trailer has no file ID:\n%s", a)
	}

	other, err := Stamp(fakePDF("D:20261204211305+00'00'", 470, 471, 502), "0123456789ab", commit)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, other) {
		t.Error("two commits gave the same file ID")
	}
	zero, err := Stamp(fakePDF("D:20261204211305+00'00'", 1), "", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(zero, []byte("/CreationDate (D:19700101000000+00'00')")) {
		t.Errorf("outside git the PDF is not dated 1970:\n%s", zero)
	}
	if n := PageCount(a); n != 1 {
		t.Errorf("PageCount = %d, want 1", n)
	}
}

// TestStampRefusesWhatItCannotStampWhole: a PDF laid out otherwise than
// Chromium lays it out is an error, never a file stamped half.
func TestStampRefusesWhatItCannotStampWhole(t *testing.T) {
	good := fakePDF("D:20261204211305+00'00'", 1)
	for name, data := range map[string][]byte{
		"not a PDF":          []byte("<html>"),
		"no startxref":       bytes.Replace(good, []byte("startxref"), []byte("startxrefs"), 1),
		"xref stream":        regexp.MustCompile(`startxref\n[0-9]+`).ReplaceAll(good, []byte("startxref\n9")),
		"incremental update": bytes.Replace(good, []byte("/Root 2 0 R"), []byte("/Root 2 0 R\n/Prev 9"), 1),
		"no /Info":           bytes.Replace(good, []byte("/Info 1 0 R"), []byte(""), 1),
	} {
		if _, err := Stamp(data, "c", time.Time{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
