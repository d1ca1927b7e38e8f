package site

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSlotsFill(t *testing.T) {
	s, err := NewSlots()
	if err != nil {
		t.Fatal(err)
	}
	commit, version := s.Slot("commit"), s.Slot("version")
	values := map[string]string{"commit": "0123abcd", "version": `audit/"v1"+<b>&`}
	tests := []struct {
		name, file, in, want string
		err                  error
	}{
		{"html text and attribute", "a/index.html", `<code title="` + commit + `">` + commit + `</code> ` + version,
			`<code title="0123abcd">0123abcd</code> audit/&#34;v1&#34;&#43;&lt;b&gt;&amp;`, nil},
		{"json string", "search.json", `{"v":"` + version + `"}`, `{"v":"audit/\"v1\"+\u003cb\u003e\u0026"}`, nil},
		{"other files as they are", "robots.txt", "# " + version, `# audit/"v1"+<b>&`, nil},
		{"no slot", "x.html", "<p>nothing to fill</p>", "<p>nothing to fill</p>", nil},
		{"a slot cut short", "x.html", "<p>" + commit[:8] + "</p>", "", ErrSlotLeft},
		{"a slot in capitals", "x.html", "<p>" + strings.ToUpper(commit) + "</p>", "", ErrSlotLeft},
		{"a slot with no value", "x.html", "<p>" + s.Slot("branch") + "</p>", "", ErrSlotLeft},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src, dst := t.TempDir(), filepath.Join(t.TempDir(), "out")
			name := filepath.Join(src, filepath.FromSlash(tc.file))
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, []byte(tc.in), 0o644); err != nil {
				t.Fatal(err)
			}
			err := s.Fill(src, dst, values)
			if !errors.Is(err, tc.err) {
				t.Fatalf("Fill: %v, want %v", err, tc.err)
			}
			if err != nil {
				if !strings.Contains(err.Error(), tc.file) {
					t.Errorf("the error does not name the file: %v", err)
				}
				return
			}
			got, err := os.ReadFile(filepath.Join(dst, filepath.FromSlash(tc.file)))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestSlotNamesAreWords(t *testing.T) {
	s, _ := NewSlots()
	for _, bad := range []string{"", "max", "a-b", "Commit"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Slot(%q) did not panic", bad)
				}
			}()
			s.Slot(bad)
		}()
	}
}

// FuzzSlotsFill fills slots in arbitrary text: every slot is replaced, and
// whatever is left of the nonce is reported, never written out.
func FuzzSlotsFill(f *testing.F) {
	f.Add("<p>@commit@</p>", "0123abcd")
	f.Add("@commit@@version@@", "&<>\"'+")
	f.Add("@@@", "")
	f.Fuzz(func(t *testing.T, text, value string) {
		s, err := NewSlots()
		if err != nil {
			t.Fatal(err)
		}
		in := strings.NewReplacer("@commit@", s.Slot("commit"), "@version@", s.Slot("version"), "@@", s.nonce[:traceLen]).Replace(text)
		out, err := s.fill([]byte(in), map[string][]byte{"commit": []byte(value), "version": []byte(value)})
		if err != nil {
			if !errors.Is(err, ErrSlotLeft) {
				t.Fatal(err)
			}
			return
		}
		if strings.Contains(string(out), s.nonce[:traceLen]) && !strings.Contains(value, s.nonce[:traceLen]) {
			t.Errorf("a slot is left in %q", out)
		}
	})
}
