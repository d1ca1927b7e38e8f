package trustcenter

import "testing"

// TestIsImage: the trust center publishes a file a public body shows as an
// image only when its bytes are one — a link named chart.png may lead to an
// evidence file or a register (issue 13, review).
func TestIsImage(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	for _, tc := range []struct {
		name string
		data []byte
		want bool
	}{
		{"png", png, true},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), true},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`), true},
		{"svg with a declaration", []byte("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), true},
		{"csv evidence", []byte("user,system,decision\nana,prod,keep\n"), false},
		{"a register", []byte("[[risk]]\nid = \"RISK-1\"\n"), false},
		{"xml that is no svg", []byte("<?xml version=\"1.0\"?><report/>"), false},
		{"empty", nil, false},
	} {
		if got := isImage(tc.data); got != tc.want {
			t.Errorf("%s: isImage = %v, want %v", tc.name, got, tc.want)
		}
	}
}
