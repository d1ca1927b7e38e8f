package source

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/attest-dev/attest/generator/diag"
)

// Doc is a parsed TOML document: its values and where each key was written.
type Doc struct {
	File  string
	Data  map[string]any
	keys  keyIndex
	line  int // line of the document's first line in File
	diags *diag.List
}

// ParseTOML parses src, which starts on line firstLine of file. Syntax errors
// and nesting deeper than MaxNesting are reported to diags with their
// position and yield a nil Doc.
func ParseTOML(file string, src []byte, firstLine int, diags *diag.List) *Doc {
	if prob := CheckNesting(src); prob != nil {
		diags.Errorf(diag.Pos{File: file, Line: firstLine + prob.Line - 1, Col: prob.Col}, "%s", prob.Message)
		return nil
	}
	data := map[string]any{}
	if _, err := toml.Decode(string(src), &data); err != nil {
		var pe toml.ParseError
		pos := diag.Pos{File: file, Line: firstLine}
		msg := err.Error()
		if errors.As(err, &pe) {
			pos.Line = firstLine + pe.Position.Line - 1
			pos.Col = pe.Position.Col
			msg = "TOML syntax: " + pe.Message
		}
		diags.Errorf(pos, "%s", msg)
		return nil
	}
	return &Doc{File: file, Data: data, keys: indexKeys(string(src), firstLine), line: firstLine, diags: diags}
}

// Pos returns where the dotted path was written, or the document's first line.
func (d *Doc) Pos(path string) diag.Pos {
	for p := path; p != ""; {
		if at, ok := d.keys[p]; ok {
			return diag.Pos{File: d.File, Line: at.line, Col: at.col}
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return diag.Pos{File: d.File, Line: d.line, Col: 1}
}

// Root returns the document's top-level table.
func (d *Doc) Root() *Table { return &Table{doc: d, m: d.Data, used: map[string]bool{}} }

// Table reads the keys of one TOML table, checking types and reporting
// every problem to the document's diagnostics. Call Done when every known
// key has been read, to report the keys nobody asked for.
type Table struct {
	doc  *Doc
	path string
	m    map[string]any
	used map[string]bool
}

// Pos returns where key was written in this table, or the table's header.
func (t *Table) Pos(key string) diag.Pos { return t.doc.Pos(join(t.path, key)) }

// ElemPos returns where element i of the array at key was written.
func (t *Table) ElemPos(key string, i int) diag.Pos {
	return t.doc.Pos(join(t.path, key) + "." + strconv.Itoa(i))
}

// Here returns where the table itself starts.
func (t *Table) Here() diag.Pos { return t.doc.Pos(t.path) }

// Errorf reports an error at key.
func (t *Table) Errorf(key string, format string, args ...any) {
	t.doc.diags.Errorf(t.Pos(key), format, args...)
}

// Warnf reports a warning at key.
func (t *Table) Warnf(key string, format string, args ...any) {
	t.doc.diags.Warnf(t.Pos(key), format, args...)
}

// Has reports whether key is set.
func (t *Table) Has(key string) bool { _, ok := t.m[key]; return ok }

func (t *Table) get(key string, required bool) (any, bool) {
	t.used[key] = true
	v, ok := t.m[key]
	if !ok && required {
		t.doc.diags.Errorf(t.Here(), "missing required key %q%s", key, t.where())
	}
	return v, ok
}

func (t *Table) where() string {
	if t.path == "" {
		return ""
	}
	return " in [" + tableName(t.path) + "]"
}

// tableName drops array indexes from a path: "evidence.3" → "evidence".
func tableName(path string) string {
	parts := strings.Split(path, ".")
	out := parts[:0]
	for _, p := range parts {
		if _, err := strconv.Atoi(p); err != nil {
			out = append(out, p)
		}
	}
	return strings.Join(out, ".")
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	case []map[string]any:
		return "an array of tables"
	}
	return fmt.Sprintf("%T", v)
}

// String reads a string. An empty required string is reported as missing.
func (t *Table) String(key string, required bool) string {
	v, ok := t.get(key, required)
	if !ok {
		return ""
	}
	s, isStr := v.(string)
	if !isStr {
		t.Errorf(key, "%s must be a string, not %s", key, typeName(v))
		return ""
	}
	if required && strings.TrimSpace(s) == "" {
		t.Errorf(key, "%s must not be empty", key)
	}
	return s
}

// Bool reads a boolean.
func (t *Table) Bool(key string, def bool) bool {
	v, ok := t.get(key, false)
	if !ok {
		return def
	}
	b, isBool := v.(bool)
	if !isBool {
		t.Errorf(key, "%s must be true or false, not %s", key, typeName(v))
		return def
	}
	return b
}

// Int reads an integer within [lo, hi].
func (t *Table) Int(key string, required bool, lo, hi int) int {
	v, ok := t.get(key, required)
	if !ok {
		return 0
	}
	n, isInt := v.(int64)
	if !isInt {
		t.Errorf(key, "%s must be an integer from %d to %d, not %s", key, lo, hi, typeName(v))
		return 0
	}
	if n < int64(lo) || n > int64(hi) || n > math.MaxInt32 {
		t.Errorf(key, "%s = %d is out of range: want %d to %d", key, n, lo, hi)
		return 0
	}
	return int(n)
}

// Date reads a TOML local date (2026-01-31, unquoted). A quoted date is
// accepted with a warning, since it is an easy slip that means the same.
func (t *Table) Date(key string, required bool) time.Time {
	v, ok := t.get(key, required)
	if !ok {
		return time.Time{}
	}
	switch x := v.(type) {
	case time.Time:
		if x.Hour() != 0 || x.Minute() != 0 || x.Second() != 0 || x.Nanosecond() != 0 {
			t.Errorf(key, "%s must be a date like 2026-01-31, not a date and time", key)
		}
		return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)
	case string:
		d, err := time.Parse("2006-01-02", x)
		if err != nil {
			t.Errorf(key, "%s = %q is not a date: write it as YYYY-MM-DD without quotes, e.g. 2026-01-31", key, x)
			return time.Time{}
		}
		t.Warnf(key, "%s is a quoted string: write the date without quotes (%s = %s)", key, key, x)
		return d
	}
	t.Errorf(key, "%s must be a date like 2026-01-31, not %s", key, typeName(v))
	return time.Time{}
}

// Enum reads a string that must be one of allowed; def is used when absent.
func (t *Table) Enum(key string, required bool, def string, allowed ...string) string {
	if !t.Has(key) {
		t.get(key, required)
		return def
	}
	s := t.String(key, false)
	if s == "" && !t.Has(key) {
		return def
	}
	if slices.Contains(allowed, s) {
		return s
	}
	hint := ""
	if near := Nearest(s, allowed); near != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", near)
	}
	t.Errorf(key, "%s = %q is not valid%s: want one of %s", key, s, hint, strings.Join(allowed, ", "))
	return def
}

// Strings reads an array of strings. A single string is reported, since
// `controls = "CTL-1"` usually means a one-element array.
func (t *Table) Strings(key string, required bool) []string {
	v, ok := t.get(key, required)
	if !ok {
		return nil
	}
	arr, isArr := v.([]any)
	if !isArr {
		if s, isStr := v.(string); isStr {
			t.Errorf(key, "%s must be an array of strings: write %s = [%q]", key, key, s)
		} else {
			t.Errorf(key, "%s must be an array of strings, not %s", key, typeName(v))
		}
		return nil
	}
	out := make([]string, 0, len(arr))
	for i, e := range arr {
		s, isStr := e.(string)
		if !isStr {
			t.doc.diags.Errorf(t.ElemPos(key, i), "%s[%d] must be a string, not %s", key, i, typeName(e))
			continue
		}
		out = append(out, s)
	}
	return out
}

// Table reads a sub-table; absent gives an empty table.
func (t *Table) Table(key string) *Table {
	v, ok := t.get(key, false)
	sub := &Table{doc: t.doc, path: join(t.path, key), m: map[string]any{}, used: map[string]bool{}}
	if !ok {
		return sub
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		t.Errorf(key, "%s must be a table ([%s]), not %s", key, tableName(join(t.path, key)), typeName(v))
		return sub
	}
	sub.m = m
	return sub
}

// Tables reads an array of tables ([[key]]).
func (t *Table) Tables(key string) []*Table {
	v, ok := t.get(key, false)
	if !ok {
		return nil
	}
	arr, isArr := v.([]map[string]any)
	if !isArr {
		t.Errorf(key, "%s must be an array of tables, written [[%s]], not %s", key, tableName(join(t.path, key)), typeName(v))
		return nil
	}
	out := make([]*Table, len(arr))
	for i, m := range arr {
		out[i] = &Table{doc: t.doc, path: join(t.path, key) + "." + strconv.Itoa(i), m: m, used: map[string]bool{}}
	}
	return out
}

// Allow declares keys as known without reading them, so that Done can
// suggest them for a misspelt key (e.g. the framework ids of [criteria]).
func (t *Table) Allow(keys ...string) {
	for _, k := range keys {
		if _, set := t.m[k]; !set {
			t.used[k] = true
		}
	}
}

// Raw returns the value at key unchecked, for pass-through tables such as [hugo].
func (t *Table) Raw(key string) (any, bool) { return t.get(key, false) }

// Done reports every key of the table that was not read, with the nearest known key.
func (t *Table) Done() {
	var unknown []string
	for k := range t.m {
		if !t.used[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return
	}
	sort.Strings(unknown)
	known := make([]string, 0, len(t.used))
	for k := range t.used {
		known = append(known, k)
	}
	sort.Strings(known)
	for _, k := range unknown {
		hint := ""
		if near := Nearest(k, known); near != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", near)
		} else if len(known) > 0 {
			hint = " (known keys: " + strings.Join(known, ", ") + ")"
		}
		t.Errorf(k, "unknown key %q%s%s", k, t.where(), hint)
	}
}
