package history

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
)

// logArgs is the one git log run Load makes: every commit reachable from the
// tip, children before parents (--topo-order), in git's raw commit format
// (whose "(from <parent>)" says which parent a merge's diff is against), with
// the raw diff of each commit against each of its parents (-m), renames
// detected (-M), full object ids, NUL-separated paths (-z).
func logArgs(tip string, relative bool) []string {
	args := []string{"log", "--pretty=raw", "--raw", "-z", "-M", "-m", "--root", "--date-order",
		"--no-abbrev", "--no-color", "--no-ext-diff", "--no-textconv", "--no-decorate"}
	if relative {
		// Show only changes inside the program's folder, with paths relative to it.
		args = append(args, "--relative")
	}
	return append(args, tip, "--")
}

// logRecord is one record of git log --pretty=raw --raw -m: a commit, or for a
// merge one record per parent it differs from.
type logRecord struct {
	ID        string
	From      string // the parent a merge's diff is against; "" otherwise
	Parents   []string
	Author    string // "Name <email> 1700000000 +0100"
	Committer string
	Message   string // without the four-space indent
	Entries   []rawEntry
}

// rawEntry is one line of git's --raw diff output.
type rawEntry struct {
	Status  byte   // A, M, D, R, T, C or U
	OldMode string // "000000" when added
	NewMode string
	OldBlob string // all zeros when added
	NewBlob string
	Path    string // the path after the change
	OldPath string // the path before a rename or copy; "" otherwise
}

// parseLog reads the output of git log with logArgs. It accepts exactly what
// git writes; anything else is an error that says where parsing stopped.
func parseLog(out []byte) ([]logRecord, error) {
	var recs []logRecord
	err := readLog(bytes.NewReader(out), func(rec logRecord) { recs = append(recs, rec) })
	return recs, err
}

// readLog parses git log output as it is read, handing each record to add.
func readLog(r io.Reader, add func(logRecord)) error {
	p := &logParser{r: bufio.NewReaderSize(r, 256<<10)}
	for {
		for {
			b, err := p.r.ReadByte()
			if err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			if b != 0 { // the NUL between records
				p.r.UnreadByte()
				break
			}
		}
		rec, err := p.record()
		if err != nil {
			return fmt.Errorf("git log output, byte %d: %w", p.n, err)
		}
		add(rec)
	}
}

type logParser struct {
	r *bufio.Reader
	n int // bytes read, for error messages
}

// line returns the bytes up to the next newline (or the end), without it,
// and moves past it. The slice is valid until the next read.
func (p *logParser) line() ([]byte, error) {
	b, err := p.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		long := append([]byte(nil), b...)
		for err == bufio.ErrBufferFull {
			b, err = p.r.ReadSlice('\n')
			long = append(long, b...)
		}
		b = long
	}
	p.n += len(b)
	if err != nil && err != io.EOF {
		return nil, err
	}
	return bytes.TrimSuffix(b, []byte("\n")), nil
}

// peek returns the next byte without reading it, or -1 at the end.
func (p *logParser) peek() int {
	b, err := p.r.Peek(1)
	if err != nil {
		return -1
	}
	return int(b[0])
}

// field returns the bytes up to the next NUL and moves past it. The slice is
// valid until the next read.
func (p *logParser) field() ([]byte, error) {
	b, err := p.r.ReadSlice(0)
	if err == bufio.ErrBufferFull {
		long := append([]byte(nil), b...)
		for err == bufio.ErrBufferFull {
			b, err = p.r.ReadSlice(0)
			long = append(long, b...)
		}
		b = long
	}
	p.n += len(b)
	if err == io.EOF {
		return nil, fmt.Errorf("unterminated field %q", truncate(string(b)))
	} else if err != nil {
		return nil, err
	}
	return b[:len(b)-1], nil
}

func (p *logParser) record() (logRecord, error) {
	var rec logRecord
	l, err := p.line()
	if err != nil {
		return rec, err
	}
	head, ok := strings.CutPrefix(string(l), "commit ")
	if !ok {
		return rec, fmt.Errorf("expected a commit line")
	}
	id, from, hasFrom := strings.Cut(head, " ")
	if !isHex(id) {
		return rec, fmt.Errorf("bad commit id %q", truncate(id))
	}
	rec.ID = id
	if hasFrom {
		f, ok := strings.CutPrefix(from, "(from ")
		f, ok2 := strings.CutSuffix(f, ")")
		if !ok || !ok2 || !isHex(f) {
			return rec, fmt.Errorf("bad commit line %q", truncate(head))
		}
		rec.From = f
	}
	// Headers, up to an empty line. Multi-line headers (gpgsig, mergetag)
	// continue on lines that start with a space.
	for {
		if p.peek() < 0 {
			return rec, fmt.Errorf("commit %s: headers not ended by an empty line", id)
		}
		l, err := p.line()
		if err != nil {
			return rec, err
		}
		if len(l) == 0 {
			break
		}
		key, val, _ := bytes.Cut(l, []byte(" "))
		switch string(key) {
		case "parent":
			if !isHex(val) {
				return rec, fmt.Errorf("commit %s: bad parent %q", id, truncate(string(val)))
			}
			rec.Parents = append(rec.Parents, string(val))
		case "author":
			rec.Author = string(val)
		case "committer":
			rec.Committer = string(val)
		}
	}
	// The message: lines indented by four spaces, or empty.
	var msg strings.Builder
	for c := p.peek(); c >= 0 && c != ':' && c != 0; c = p.peek() {
		l, err := p.line()
		if err != nil {
			return rec, err
		}
		if len(l) > 0 && !bytes.HasPrefix(l, []byte("    ")) {
			return rec, fmt.Errorf("commit %s: message line %q is not indented", id, truncate(string(l)))
		}
		msg.Write(bytes.TrimPrefix(l, []byte("    ")))
		msg.WriteByte('\n')
	}
	rec.Message = strings.TrimRight(msg.String(), "\n")
	for p.peek() == ':' {
		e, err := p.entry()
		if err != nil {
			return rec, fmt.Errorf("commit %s: %w", id, err)
		}
		rec.Entries = append(rec.Entries, e)
	}
	return rec, nil
}

// entry reads ":<old mode> <new mode> <old id> <new id> <status>\0<path>\0[<path>\0]".
func (p *logParser) entry() (rawEntry, error) {
	meta, err := p.field()
	if err != nil {
		return rawEntry{}, err
	}
	var f [5][]byte
	n := 0
	for rest := meta[1:]; n < 5 && len(rest) > 0; n++ {
		var part []byte
		part, rest, _ = bytes.Cut(rest, []byte(" "))
		f[n] = part
		if n == 4 && len(rest) > 0 {
			n = 6 // too many fields
		}
	}
	if n != 5 || len(f[4]) == 0 || !isHex(f[2]) || !isHex(f[3]) {
		return rawEntry{}, fmt.Errorf("bad raw diff line %q", truncate(string(meta)))
	}
	e := rawEntry{Status: f[4][0], OldMode: mode(f[0]), NewMode: mode(f[1]), OldBlob: string(f[2]), NewBlob: string(f[3])}
	if !strings.ContainsRune("AMDRTCU", rune(e.Status)) {
		return rawEntry{}, fmt.Errorf("unknown change status %q", f[4])
	}
	path, err := p.field()
	if err != nil {
		return rawEntry{}, err
	}
	if len(path) == 0 {
		return rawEntry{}, fmt.Errorf("empty path")
	}
	e.Path = string(path)
	if e.Status == 'R' || e.Status == 'C' {
		to, err := p.field()
		if err != nil {
			return rawEntry{}, err
		}
		if len(to) == 0 {
			return rawEntry{}, fmt.Errorf("empty path")
		}
		e.OldPath, e.Path = e.Path, string(to)
	}
	return e, nil
}

// mode returns a file mode as a string, without allocating for the usual ones.
func mode(b []byte) string {
	for _, m := range []string{"100644", "000000", "100755", "120000", "160000", "040000"} {
		if string(b) == m {
			return m
		}
	}
	return string(b)
}

func isHex[T string | []byte](s T) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func truncate(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// zeroBlob reports whether id is git's all-zeros id, which stands for "no file".
func zeroBlob(id string) bool { return strings.Trim(id, "0") == "" }
