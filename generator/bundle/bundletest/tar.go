// Package bundletest reads a bundle's .tar.gz into its entries and writes
// entries back into one, for tests that tamper with an archive.
package bundletest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"testing"
)

// Entry is one entry of a tar: its header and, for a file, its bytes.
type Entry struct {
	Hdr  tar.Header
	Data []byte
}

// Entries reads a .tar.gz into its entries, in order.
func Entries(tb testing.TB, archive []byte) []Entry {
	tb.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		tb.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var out []Entry
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			tb.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, Entry{*hdr, data})
	}
}

// Archive writes the entries, in order, as a .tar.gz. A directory's size
// is 0 and every other entry's the length of its Data.
func Archive(tb testing.TB, es []Entry) []byte {
	tb.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range es {
		h := e.Hdr
		h.Size = int64(len(e.Data))
		if h.Typeflag == tar.TypeDir {
			h.Size = 0
		}
		if err := tw.WriteHeader(&h); err != nil {
			tb.Fatal(err)
		}
		if _, err := tw.Write(e.Data); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
