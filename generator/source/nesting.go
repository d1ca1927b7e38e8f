package source

import "fmt"

// MaxNesting bounds how deeply a TOML document may nest tables, dotted keys,
// arrays and inline tables. The TOML decoder's time and memory grow faster
// than the depth (10,000 nested inline tables take seconds and gigabytes), and
// no compliance program needs more than a handful of levels, so a document is
// measured before it is decoded (issue 11).
const MaxNesting = 64

// CheckNesting reports where src, a TOML document, first nests deeper than
// MaxNesting, or nil. Line and Col count from the first line of src. It reads
// strings (basic, literal, multi-line) and comments the way TOML does, so
// brackets inside them do not count. Run it before handing untrusted TOML to
// the decoder.
func CheckNesting(src []byte) *Problem {
	_, prob := nesting(src, MaxNesting)
	return prob
}

// nesting returns how many containers (the root table, each table of a
// header or dotted key, each array and inline table) enclose the deepest
// value of src, stopping with a Problem as soon as that exceeds limit. On
// valid TOML it agrees with the decoded value, counting an array of tables
// as one level whether written [[a]] (counted as its table) or [{…}].
func nesting(src []byte, limit int) (int, *Problem) {
	s := nestScanner{src: src, line: 1, limit: limit, max: 1, header: 1}
	s.scan()
	return s.max, s.prob
}

type nestScanner struct {
	src       []byte
	i         int
	line      int
	lineStart int // offset of the current line's first byte
	limit     int
	max       int
	prob      *Problem
	header    int     // containers enclosing the keys below the current [header]
	frames    []frame // open arrays and inline tables
	cur       int     // containers enclosing the value about to be read
}

// frame is an open array or inline table and the containers enclosing its
// elements (itself included).
type frame struct {
	kind  byte // '[' or '{'
	depth int
}

type scanMode uint8

const (
	atLineStart scanMode = iota // top level, a key or a [header] may follow
	atKey                       // a key followed by '=' (top level or in an inline table)
	atValue                     // a value, or what follows one
)

func (s *nestScanner) scan() {
	mode := atLineStart
	for s.i < len(s.src) && s.prob == nil {
		c := s.src[s.i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			s.i++
			continue
		case c == '\n':
			s.newline(s.i)
			s.i++
			if len(s.frames) == 0 {
				mode = atLineStart
			}
			continue
		case c == '#':
			s.skipComment()
			continue
		}
		switch mode {
		case atLineStart:
			if c == '[' {
				s.readHeader()
				mode = atValue // only ']' or a comment may follow; anything else is a syntax error
				continue
			}
			mode = atKey
		case atKey:
			// Past a key comes its value; what is not a key is read as a
			// value too, so that no bracket goes uncounted.
			s.readKey()
			mode = atValue
		case atValue:
			switch c {
			case '[', '{':
				s.open(c)
				if c == '{' {
					mode = atKey
				}
			case ']', '}':
				s.close()
			case ',':
				s.i++
				if n := len(s.frames); n > 0 && s.frames[n-1].kind == '{' {
					mode = atKey
				}
			case '"', '\'':
				s.skipString()
			default:
				s.i++
			}
		}
	}
}

func (s *nestScanner) newline(at int) {
	s.line++
	s.lineStart = at + 1
}

func (s *nestScanner) col(at int) int { return at - s.lineStart + 1 }

// enter records that a value at offset at is enclosed by depth containers.
func (s *nestScanner) enter(depth, at int, what string) bool {
	if depth > s.max {
		s.max = depth
	}
	if depth > s.limit && s.prob == nil {
		s.prob = &Problem{s.line, s.col(at), fmt.Sprintf("%s nests %d levels deep; attest reads at most %d levels of tables, dotted keys, arrays and inline tables: flatten the structure", what, depth, s.limit)}
	}
	return s.prob == nil
}

func (s *nestScanner) open(c byte) {
	d := s.cur + 1
	what := "array"
	if c == '{' {
		what = "inline table"
	}
	if !s.enter(d, s.i, what) {
		return
	}
	s.frames = append(s.frames, frame{c, d})
	s.cur = d
	s.i++
}

// close ends the innermost array or inline table; the next value, if any, is
// an element of the enclosing array.
func (s *nestScanner) close() {
	s.i++
	if n := len(s.frames); n > 0 {
		s.frames = s.frames[:n-1]
	}
	if n := len(s.frames); n > 0 {
		s.cur = s.frames[n-1].depth
	}
}

// readHeader reads [a.b] or [[a.b]]: its keys' tables enclose what follows.
func (s *nestScanner) readHeader() {
	start := s.i
	s.i++
	if s.i < len(s.src) && s.src[s.i] == '[' {
		s.i++
	}
	parts, ok := s.keyParts(']')
	if !ok {
		return
	}
	s.header = 1 + parts
	s.enter(s.header, start, "table header")
}

// readKey reads a (dotted) key up to its '='. It consumes nothing when the
// input there is not a key.
func (s *nestScanner) readKey() {
	start := s.i
	parts, ok := s.keyParts('=')
	if !ok {
		s.i = start
		return
	}
	base := s.header
	if n := len(s.frames); n > 0 {
		base = s.frames[n-1].depth
	}
	s.cur = base + parts - 1
	s.enter(s.cur, start, "key")
}

// keyParts reads a dotted key and the byte end that closes it, counting its
// parts. It stops with false, before the offending byte, at anything a key
// cannot hold.
func (s *nestScanner) keyParts(end byte) (int, bool) {
	parts := 1
	for s.i < len(s.src) {
		switch c := s.src[s.i]; c {
		case end:
			s.i++
			return parts, true
		case '.':
			parts++
			s.i++
		case ' ', '\t':
			s.i++
		case '"', '\'':
			s.skipString()
		case '\n', '\r', '#', '[', ']', '{', '}', ',', '=':
			return parts, false
		default:
			s.i++
		}
	}
	return parts, false
}

func (s *nestScanner) skipComment() {
	for s.i < len(s.src) && s.src[s.i] != '\n' {
		s.i++
	}
}

// skipString moves past the string that starts at s.i with a quote.
func (s *nestScanner) skipString() {
	q := s.src[s.i]
	if s.i+2 < len(s.src) && s.src[s.i+1] == q && s.src[s.i+2] == q {
		s.skipMultiline(q)
		return
	}
	for s.i++; s.i < len(s.src); s.i++ {
		switch s.src[s.i] {
		case q:
			s.i++
			return
		case '\n':
			return // unterminated: the decoder reports it; the line ends here for us too
		case '\\':
			if q == '"' && s.i+1 < len(s.src) && s.src[s.i+1] != '\n' {
				s.i++
			}
		}
	}
}

// skipMultiline moves past a multi-line string, opened with three quotes
// q. It ends at the first run of three or more quotes; up to two of them may
// belong to the content.
func (s *nestScanner) skipMultiline(q byte) {
	for s.i += 3; s.i < len(s.src); {
		switch c := s.src[s.i]; {
		case c == q:
			run := 0
			for s.i < len(s.src) && s.src[s.i] == q {
				run++
				s.i++
			}
			if run >= 3 {
				return
			}
		case c == '\n':
			s.newline(s.i)
			s.i++
		case c == '\\' && q == '"' && s.i+1 < len(s.src):
			s.i++
			if s.src[s.i] == '\n' {
				s.newline(s.i)
			}
			s.i++
		default:
			s.i++
		}
	}
}
