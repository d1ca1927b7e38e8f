package progress

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// clock is a settable time for tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestLineDrawsAndThrottles(t *testing.T) {
	var out bytes.Buffer
	c := &clock{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	t.Setenv("COLUMNS", "")
	l := newLine(&out, 80, c.now, 100*time.Millisecond)
	l.AddTotal(20000)
	l.Step("version %s: system description", "audit/2026-h1")
	c.t = c.t.Add(2500 * time.Millisecond)
	l.Add(5000)
	want := "\r\x1b[2K 25% 5,000 of 20,000 · 2.5 s · version audit/2026-h1: system description"
	if got := out.String(); !strings.HasSuffix(got, want) {
		t.Errorf("line = %q\nwant suffix %q", got, want)
	}
	n := out.Len()
	l.Add(1) // within 100 ms: not redrawn
	if out.Len() != n {
		t.Errorf("redrawn within the throttle: %q", out.String()[n:])
	}
	c.t = c.t.Add(150 * time.Millisecond)
	l.Add(1)
	if !strings.HasSuffix(out.String(), " 25% 5,002 of 20,000 · 2.6 s · version audit/2026-h1: system description") {
		t.Errorf("not redrawn after the throttle: %q", out.String()[n:])
	}
	fmt.Fprintf(l.Above(&out), "warning: %s\n", "x")
	if !strings.Contains(out.String(), "\r\x1b[2Kwarning: x\n\r\x1b[2K") {
		t.Errorf("a line written above does not clear, print and redraw: %q", out.String())
	}
	l.Done()
	if !strings.HasSuffix(out.String(), "\r\x1b[2K") {
		t.Errorf("Done does not erase the line: %q", out.String())
	}
	n = out.Len()
	fmt.Fprintf(l.Above(&out), "after\n")
	if got := out.String()[n:]; got != "after\n" {
		t.Errorf("a line written after Done drew the line again: %q", got)
	}
}

func TestLineFitsTheWidth(t *testing.T) {
	var out bytes.Buffer
	t.Setenv("COLUMNS", "30")
	l := newLine(&out, 80, time.Now, 0)
	l.Step("a very long step name that does not fit in thirty columns")
	line := strings.TrimPrefix(out.String(), "\r\x1b[2K")
	if n := len([]rune(line)); n > 29 || !strings.HasSuffix(line, "…") {
		t.Errorf("line of %d runes: %q", n, line)
	}
}

func TestSilentWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	if l := New(&buf, false); l != nil {
		t.Error("a buffer is not a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l := New(f, false)
	if l != nil {
		t.Error("a regular file is not a terminal")
	}
	// /dev/null is a character device, and still no terminal: a progress
	// line there is output nobody sees redrawn.
	if null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0); err == nil {
		if IsTerminal(null) {
			t.Errorf("%s counts as a terminal", os.DevNull)
		}
		null.Close()
	}
	// A nil Line does nothing, so callers need not check.
	l.AddTotal(3)
	l.Step("x")
	l.Add(1)
	if w := l.Above(f); w != io.Writer(f) {
		t.Error("a nil Line's Above is not the writer itself")
	}
	l.Done()
	if fi, _ := f.Stat(); fi.Size() != 0 {
		t.Errorf("wrote %d bytes to a file", fi.Size())
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		t.Setenv("TERM", "dumb")
		if New(tty, false) != nil {
			t.Error("TERM=dumb cannot redraw a line")
		}
		if New(tty, true) != nil {
			t.Error("quiet draws nothing")
		}
	}
}
