// Package diag reports problems in a program's source files as file:line:col diagnostics.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"sync"

	"github.com/attest-dev/attest/generator/english"
)

// Severity tells whether a diagnostic fails a run (Error) or only informs (Warning).
type Severity uint8

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Pos is a place in a source file. Line and Col count from 1; 0 means unknown.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Diagnostic is one problem found in the sources.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Message  string
}

// String formats the diagnostic the way compilers do, so editors and CI can jump to it.
func (d Diagnostic) String() string {
	if d.Severity == Warning {
		return d.Pos.String() + ": warning: " + d.Message
	}
	return d.Pos.String() + ": " + d.Message
}

// List collects the diagnostics of one run. It is safe for concurrent use.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add records d.
func (l *List) Add(d Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, d)
	l.mu.Unlock()
}

// Errorf records an error at pos.
func (l *List) Errorf(pos Pos, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Error, Message: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at pos.
func (l *List) Warnf(pos Pos, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Warning, Message: fmt.Sprintf(format, args...)})
}

// Merge appends every diagnostic of other.
func (l *List) Merge(other *List) {
	for _, d := range other.Items() {
		l.Add(d)
	}
}

// Items returns the diagnostics sorted by file, line, column and message, so
// that output does not depend on the order in which concurrent loaders ran.
func (l *List) Items() []Diagnostic {
	l.mu.Lock()
	items := slices.Clone(l.items)
	l.mu.Unlock()
	slices.SortStableFunc(items, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return slices.CompactFunc(items, func(a, b Diagnostic) bool { return a == b })
}

// Errors returns the errors alone, sorted as Items sorts them.
func (l *List) Errors() []Diagnostic {
	var errs []Diagnostic
	for _, d := range l.Items() {
		if d.Severity == Error {
			errs = append(errs, d)
		}
	}
	return errs
}

// Count returns the number of errors and warnings.
func (l *List) Count() (errors, warnings int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Warning {
			warnings++
		} else {
			errors++
		}
	}
	return errors, warnings
}

// HasErrors reports whether any diagnostic is an error.
func (l *List) HasErrors() bool {
	e, _ := l.Count()
	return e > 0
}

// Err returns nil when the list holds no error, and an error summarising them otherwise.
func (l *List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return &ListError{List: l}
}

// ListError is the error of a run that found problems in its sources.
type ListError struct{ List *List }

func (e *ListError) Error() string {
	items := e.List.Items()
	errs, _ := e.List.Count()
	for _, d := range items {
		if d.Severity == Error {
			if errs == 1 {
				return d.String()
			}
			return fmt.Sprintf("%s (and %s)", d, english.Count(errs-1, "more error", "more errors"))
		}
	}
	return "no errors"
}
