// Package progress shows how far a long build has come on one line of a
// terminal, redrawn in place, and stays silent when the output is a file or a
// pipe, so that logs and CI output hold results only.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// Line is a progress line: a count of units done out of a total (pages, for
// a build: versions × pages), the step under way and the time taken. It is
// safe for concurrent use; a nil *Line does nothing, so callers need not check.
type Line struct {
	w     io.Writer
	width int
	now   func() time.Time
	every time.Duration

	mu          sync.Mutex
	start, last time.Time
	done, total int
	step        string
	shown       bool // a line is on screen
	ended       bool // Done: nothing is drawn again
}

// New returns a Line writing to w, or nil — a Line that draws nothing — when
// quiet is set or w is not a terminal.
func New(w io.Writer, quiet bool) *Line {
	if quiet || !IsTerminal(w) {
		return nil
	}
	width := 80
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			width = cols
		}
	}
	return newLine(w, width, time.Now, 100*time.Millisecond)
}

func newLine(w io.Writer, width int, now func() time.Time, every time.Duration) *Line {
	if cols := os.Getenv("COLUMNS"); cols != "" {
		fmt.Sscan(cols, &width)
	}
	t := now()
	return &Line{w: w, width: max(width, 20), now: now, every: every, start: t}
}

// IsTerminal reports whether w is a terminal that can redraw a line, as the
// terminal driver says (a character device such as /dev/null is not one),
// and TERM is not "dumb".
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

// AddTotal adds n units to the work to do.
func (l *Line) AddTotal(n int) {
	if l == nil {
		return
	}
	l.mu.Lock()
	l.total += n
	l.draw(false)
	l.mu.Unlock()
}

// Step names what is under way ("version audit/2026-h1: system description")
// and redraws.
func (l *Line) Step(format string, args ...any) {
	if l == nil {
		return
	}
	l.mu.Lock()
	l.step = fmt.Sprintf(format, args...)
	l.draw(true)
	l.mu.Unlock()
}

// Add counts n units done.
func (l *Line) Add(n int) {
	if l == nil {
		return
	}
	l.mu.Lock()
	l.done += n
	l.draw(false)
	l.mu.Unlock()
}

// Done erases the line, leaving the terminal as it was.
func (l *Line) Done() {
	if l == nil {
		return
	}
	l.mu.Lock()
	l.clear()
	l.ended = true
	l.mu.Unlock()
}

func (l *Line) clear() {
	if l.shown {
		fmt.Fprint(l.w, "\r\x1b[2K")
		l.shown = false
	}
}

// draw redraws the line, at most once per l.every unless forced.
func (l *Line) draw(force bool) {
	now := l.now()
	if !force && l.shown && now.Sub(l.last) < l.every {
		return
	}
	l.last = now
	var b strings.Builder
	if l.total > 0 {
		done := min(l.done, l.total)
		fmt.Fprintf(&b, "%3d%% %s of %s", done*100/l.total, count(done), count(l.total))
	} else if l.done > 0 {
		b.WriteString(count(l.done))
	}
	fmt.Fprintf(&b, " · %.1f s", now.Sub(l.start).Seconds())
	if l.step != "" {
		b.WriteString(" · ")
		b.WriteString(l.step)
	}
	text := b.String()
	if r := []rune(text); len(r) > l.width-1 {
		text = string(r[:l.width-2]) + "…"
	}
	fmt.Fprint(l.w, "\r\x1b[2K"+text)
	l.shown = true
}

// count writes n with thousands separators: 20,000.
func count(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Above returns a writer whose lines appear above the progress line: the
// line is erased before each write and drawn again after a complete line,
// so that warnings written while it shows do not run into it. For a nil
// Line (no terminal) it is w itself.
func (l *Line) Above(w io.Writer) io.Writer {
	if l == nil {
		return w
	}
	return above{l, w}
}

type above struct {
	l *Line
	w io.Writer
}

func (a above) Write(p []byte) (int, error) {
	a.l.mu.Lock()
	defer a.l.mu.Unlock()
	a.l.clear()
	n, err := a.w.Write(p)
	if len(p) > 0 && p[len(p)-1] == '\n' && !a.l.ended {
		a.l.draw(true)
	}
	return n, err
}
