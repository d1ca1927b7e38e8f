package site

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Slots stand in, in a site's data, for the few values that differ between
// otherwise equal builds — the commit a version was built from, its name —
// so that one Builder can render them all, each only as far as its pages
// differ from the last, and Fill writes each build out with its own values.
//
// A slot is a word of letters and digits, so templates pass it through
// unchanged in text, attributes and URLs alike; Fill escapes each value for
// the file it lands in. A template that transforms a slot (cuts it, changes
// its case) leaves part of it in the output: Fill finds that and says so,
// and the caller renders that build on its own instead.
type Slots struct {
	nonce string // random letters and digits, never in anyone's content
}

// NewSlots returns slots with a fresh random nonce. The nonce never reaches
// an output that Fill completed, so the output stays deterministic.
func NewSlots() (*Slots, error) {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	nonce := make([]byte, 20)
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	for i, c := range nonce {
		nonce[i] = alphabet[int(c)%len(alphabet)]
	}
	nonce[0] = 's' // a slot is a word: never a number
	return &Slots{nonce: string(nonce)}, nil
}

// Slot returns the slot for the value called name: letters other than x,
// and digits.
func (s *Slots) Slot(name string) string {
	if name == "" || strings.Trim(name, "abcdefghijklmnopqrstuvwyz0123456789") != "" {
		panic("site: slot name " + strconv.Quote(name) + " is not letters (but x) and digits")
	}
	return s.nonce + "x" + name + "x"
}

// htmlText escapes a value as Hugo's templates escape text and quoted
// attribute values, so that a filled page reads byte for byte as one
// rendered with the value itself.
var htmlText = template.Must(template.New("text").Parse("{{.}}"))

// traceLen is how much of the nonce Fill looks for to find a slot a template
// cut or changed: short enough to catch a slot cut to a short commit hash,
// long enough (36⁷ ≈ 8·10¹⁰) never to match real content by chance.
const traceLen = 7

// ErrSlotLeft says that a slot, or part of one, was still in an output after
// Fill: a template transformed it instead of writing it out.
var ErrSlotLeft = errors.New("a template changed a placeholder value instead of writing it out")

// Fill copies the site in src to dst (a folder Fill creates), replacing each
// slot with its value in values, keyed by slot name. Values are escaped for
// HTML in .html and .xml files and for JSON strings in .json and .js files.
// A slot missing from values, or any part of a slot's nonce left in an
// output, stops the copy with ErrSlotLeft.
func (s *Slots) Fill(src, dst string, values map[string]string) error {
	escaped := map[string]map[string][]byte{"html": {}, "json": {}, "raw": {}}
	for name, v := range values {
		var esc bytes.Buffer
		if err := htmlText.Execute(&esc, v); err != nil {
			return err
		}
		js, _ := json.Marshal(v)
		escaped["html"][name] = esc.Bytes()
		escaped["json"][name] = js[1 : len(js)-1]
		escaped["raw"][name] = []byte(v)
	}
	kinds := map[string]string{".html": "html", ".htm": "html", ".xml": "html", ".json": "json", ".js": "json"}
	return filepath.WalkDir(src, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, name)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		kind, ok := kinds[strings.ToLower(filepath.Ext(name))]
		if !ok {
			kind = "raw"
		}
		if data, err = s.fill(data, escaped[kind]); err != nil {
			return fmt.Errorf("%s: %w", filepath.ToSlash(rel), err)
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// fill returns data with its slots replaced by values.
func (s *Slots) fill(data []byte, values map[string][]byte) ([]byte, error) {
	trace := []byte(s.nonce[:traceLen])
	if bytes.Contains(data, bytes.ToUpper(trace)) {
		return nil, ErrSlotLeft
	}
	i := bytes.Index(data, trace)
	if i < 0 {
		return data, nil
	}
	out := make([]byte, 0, len(data))
	for i >= 0 {
		out = append(out, data[:i]...)
		rest := data[i:]
		if !bytes.HasPrefix(rest, []byte(s.nonce+"x")) {
			return nil, ErrSlotLeft
		}
		rest = rest[len(s.nonce)+1:]
		end := bytes.IndexByte(rest, 'x')
		if end < 0 {
			return nil, ErrSlotLeft
		}
		v, ok := values[string(rest[:end])]
		if !ok {
			return nil, fmt.Errorf("no value for %s: %w", rest[:end], ErrSlotLeft)
		}
		out = append(out, v...)
		data = rest[end+1:]
		i = bytes.Index(data, trace)
	}
	return append(out, data...), nil
}
