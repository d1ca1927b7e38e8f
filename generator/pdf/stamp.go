package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// Stamp makes a PDF that Chromium printed depend on nothing but what it
// shows and the commit it was built from. Chromium (Skia) writes three
// things that change from one print to the next:
//
//   - the document information's /CreationDate and /ModDate, from the
//     clock: both become t, the commit's time (1 January 1970 when zero);
//   - the /ID of every element of the tagged structure ("node00000470"),
//     Blink's number for a DOM node, which counts every node the browser
//     made before, so that the same page gets other numbers in another
//     run: they are numbered again by rank (1, 2, 3 … in the order of the
//     old numbers, so that the structure's ID tree stays sorted), at the
//     same width;
//   - no file /ID at all, which PDF 2.0 wants: the trailer gets one made
//     from the commit and the stamped bytes.
//
// The file's cross-reference table is kept right: offsets after an edit
// that changes a length move by as much. A file laid out otherwise than
// Chromium writes it (a cross-reference stream, incremental updates) is
// an error rather than a PDF stamped half.
func Stamp(data []byte, commit string, t time.Time) ([]byte, error) {
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return nil, errors.New("stamp the PDF: not a PDF file")
	}
	data = renumberNodes(data)

	x, err := readXref(data)
	if err != nil {
		return nil, fmt.Errorf("stamp the PDF: %w", err)
	}
	info, ok := x.offsets[x.info]
	if !ok {
		return nil, errors.New("stamp the PDF: the trailer names no document information (/Info)")
	}
	end := bytes.Index(data[info:], []byte("endobj"))
	if end < 0 {
		return nil, errors.New("stamp the PDF: the document information is not closed (endobj)")
	}
	date := []byte("(D:" + t.UTC().Format("20060102150405") + "+00'00')")
	if t.IsZero() {
		date = []byte("(D:19700101000000+00'00')")
	}
	var edits []edit
	for _, m := range infoDate.FindAllSubmatchIndex(data[info:info+end], -1) {
		edits = append(edits, edit{at: info + m[2], old: m[3] - m[2], new: date})
	}
	data = x.apply(data, edits)

	// The trailer comes after everything the table points at: adding to it
	// moves nothing.
	trailer := bytes.LastIndex(data, []byte("trailer"))
	closeAt := bytes.LastIndex(data, []byte(">>"))
	if trailer < 0 || closeAt < trailer || bytes.Contains(data[trailer:closeAt], []byte("/ID")) {
		return data, nil
	}
	sum := sha256.New()
	fmt.Fprintf(sum, "attest pdf\x00%s\x00", commit)
	sum.Write(data)
	id := hex.EncodeToString(sum.Sum(nil)[:16])
	return slices.Concat(data[:closeAt], []byte("\n/ID [<"+id+"> <"+id+">]"), data[closeAt:]), nil
}

// infoDate finds a date of the document information, the value in group 1.
var infoDate = regexp.MustCompile(`/(?:CreationDate|ModDate)\s*(\([^)]*\))`)

// nodeID is a structure element's ID as Chromium writes it.
var nodeID = regexp.MustCompile(`\(node([0-9]{8,})\)`)

// renumberNodes numbers the structure elements' IDs by rank, keeping each
// one's width, so that no offset moves.
func renumberNodes(data []byte) []byte {
	seen := map[string]bool{}
	var ids []string
	for _, m := range nodeID.FindAllSubmatch(data, -1) {
		if s := string(m[1]); !seen[s] {
			seen[s] = true
			ids = append(ids, s)
		}
	}
	if len(ids) == 0 {
		return data
	}
	slices.SortFunc(ids, func(a, b string) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return bytes.Compare([]byte(a), []byte(b))
	})
	rank := make(map[string]int, len(ids))
	for i, s := range ids {
		rank[s] = i + 1
	}
	out := bytes.Clone(data)
	for _, m := range nodeID.FindAllSubmatchIndex(data, -1) {
		old := string(data[m[2]:m[3]])
		copy(out[m[2]:m[3]], fmt.Sprintf("%0*d", len(old), rank[old]))
	}
	return out
}

// xref is a PDF's classic cross-reference table: where each object starts,
// where the table is, and the document information's object number.
type xref struct {
	start   int         // offset of "xref"
	offsets map[int]int // object number → offset of "N 0 obj"
	entries []int       // offsets in data of each in-use entry's ten digits
	info    int
}

var (
	startxref  = regexp.MustCompile(`startxref\s+([0-9]+)\s+%%EOF\s*$`)
	subsection = regexp.MustCompile(`^([0-9]+) ([0-9]+)\r?\n`)
	entryLine  = regexp.MustCompile(`^([0-9]{10}) ([0-9]{5}) ([nf])[ \r\n]{2}`)
	infoRef    = regexp.MustCompile(`/Info\s+([0-9]+)\s+0\s+R`)
)

func readXref(data []byte) (*xref, error) {
	m := startxref.FindSubmatch(data)
	if m == nil {
		return nil, errors.New("no startxref at the end of the file")
	}
	start, _ := strconv.Atoi(string(m[1]))
	if start >= len(data) || !bytes.HasPrefix(data[start:], []byte("xref")) {
		return nil, errors.New("no classic cross-reference table where startxref points (a cross-reference stream?)")
	}
	x := &xref{start: start, offsets: map[int]int{}}
	pos := start + len("xref")
	for pos < len(data) && (data[pos] == '\r' || data[pos] == '\n') {
		pos++
	}
	for {
		sub := subsection.FindSubmatch(data[pos:])
		if sub == nil {
			break
		}
		first, _ := strconv.Atoi(string(sub[1]))
		count, _ := strconv.Atoi(string(sub[2]))
		pos += len(sub[0])
		for i := range count {
			e := entryLine.FindSubmatch(data[pos:])
			if e == nil {
				return nil, fmt.Errorf("cross-reference entry %d is not 20 bytes long", first+i)
			}
			if e[3][0] == 'n' {
				off, _ := strconv.Atoi(string(e[1]))
				x.offsets[first+i] = off
				x.entries = append(x.entries, pos)
			}
			pos += 20
		}
	}
	rest := data[pos:]
	if !bytes.HasPrefix(bytes.TrimLeft(rest, "\r\n "), []byte("trailer")) {
		return nil, errors.New("no trailer after the cross-reference table")
	}
	if bytes.Contains(rest, []byte("/Prev")) {
		return nil, errors.New("the file was updated incrementally (/Prev)")
	}
	im := infoRef.FindSubmatch(rest)
	if im == nil {
		return nil, errors.New("the trailer names no document information (/Info)")
	}
	x.info, _ = strconv.Atoi(string(im[1]))
	return x, nil
}

// edit replaces old bytes at offset at with new.
type edit struct {
	at, old int
	new     []byte
}

// apply makes the edits (all before the table) and moves the table's
// offsets, and startxref, by the lengths they changed before them.
func (x *xref) apply(data []byte, edits []edit) []byte {
	slices.SortFunc(edits, func(a, b edit) int { return a.at - b.at })
	shift := func(off int) int {
		d := 0
		for _, e := range edits {
			if e.at < off {
				d += len(e.new) - e.old
			}
		}
		return off + d
	}
	out := make([]byte, 0, len(data)+64)
	last := 0
	for _, e := range edits {
		out = append(out, data[last:e.at]...)
		out = append(out, e.new...)
		last = e.at + e.old
	}
	out = append(out, data[last:]...)
	for _, pos := range x.entries {
		p := shift(pos)
		off, _ := strconv.Atoi(string(out[p : p+10]))
		copy(out[p:p+10], fmt.Sprintf("%010d", shift(off)))
	}
	m := startxref.FindSubmatchIndex(out)
	return slices.Concat(out[:m[2]], []byte(strconv.Itoa(shift(x.start))), out[m[3]:])
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// pageObject is a page object as Chromium writes them, uncompressed.
var pageObject = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// PageCount is the number of pages of a PDF Chromium printed.
func PageCount(data []byte) int { return len(pageObject.FindAllIndex(data, -1)) }
