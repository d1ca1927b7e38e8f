package site

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/gohugoio/hugo/common/herrors"

	"github.com/attest-dev/attest/generator/diag"
)

// embeddedPrefix names the files of attest's embedded themes in
// diagnostics, which have no place in the program's folder.
const embeddedPrefix = "attest:"

// renderError turns a failed Hugo build into diagnostics at the template
// line and column that failed — layouts/_partials/x.html:12:3 — named as the
// program names its files, so that build, check and serve show the same
// place. Each failure Hugo joined into err counts once, however many pages
// it failed on. A failure Hugo gave no file for leaves the whole error
// text, with the paths in memory cleaned (cleanError).
//
// template finds the file Hugo reads for a template name (_partials/x.html),
// or "": a template that does not parse is reported by Hugo at the base
// template applied to it, with the broken template's name and line in the
// message.
func renderError(err error, userDir string, template func(name string) string) error {
	var l diag.List
	seen := map[diag.Diagnostic]bool{}
	for _, leaf := range joined(err) {
		fe := innermostFileError(leaf)
		if fe == nil {
			return cleanError(err)
		}
		pos, msg := fileErrorPlace(fe, userDir, template)
		d := diag.Diagnostic{Pos: pos, Message: msg}
		if !seen[d] {
			seen[d] = true
			l.Add(d)
		}
	}
	if !l.HasErrors() {
		return cleanError(err)
	}
	return l.Err()
}

// joined returns the errors joined (errors.Join) anywhere in err's chain,
// each as far down as it is not a join itself.
func joined(err error) []error {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			var out []error
			for _, x := range j.Unwrap() {
				out = append(out, joined(x)...)
			}
			return out
		}
	}
	return []error{err}
}

// innermostFileError is the deepest file error in err's chain: a template
// failing in a partial is wrapped in the failure of the template that
// called it, and the partial's line is the one to fix.
func innermostFileError(err error) herrors.FileError {
	var last herrors.FileError
	for e := err; e != nil; e = errors.Unwrap(e) {
		if fe, ok := e.(herrors.FileError); ok {
			last = fe
		}
	}
	return last
}

// goTemplateExec is what text/template puts in front of an execution
// error: the template's name and place, which the diagnostic shows already
// (and which are the same for every page that failed), and the name of the
// template being executed, which differs by page.
var goTemplateExec = regexp.MustCompile(`^(?:execute of template failed: )?template: [^\s:]+:(\d+):(\d+): (?:executing "[^"]*" at )?`)

// goTemplateParse is what text/template puts in front of a parse error:
// the template's name and line.
var goTemplateParse = regexp.MustCompile(`template: ([^\s:]+):(\d+): `)

// fileErrorPlace is where fe failed and what went wrong there.
func fileErrorPlace(fe herrors.FileError, userDir string, template func(string) string) (diag.Pos, string) {
	p := fe.Position()
	pos := diag.Pos{File: programPath(p.Filename, userDir), Line: p.LineNumber, Col: p.ColumnNumber}
	cause := errors.Unwrap(fe)
	if cause == nil {
		return pos, cleanPaths(fe.Error())
	}
	msg := cause.Error()
	if m := goTemplateParse.FindStringSubmatchIndex(msg); m != nil {
		name, line := msg[m[2]:m[3]], msg[m[4]:m[5]]
		if !strings.HasSuffix(filepath.ToSlash(p.Filename), "/"+name) {
			if file := template(name); file != "" {
				n, _ := strconv.Atoi(line)
				return diag.Pos{File: programPath(file, userDir), Line: n}, cleanPaths(msg[m[1]:])
			}
		}
	}
	if m := goTemplateExec.FindStringSubmatch(msg); m != nil {
		msg = msg[len(m[0]):]
		// text/template counts columns from 0 (ErrorContext); a
		// diagnostic, as editors do, from 1.
		if m[1] == strconv.Itoa(p.LineNumber) && m[2] == strconv.Itoa(p.ColumnNumber) {
			pos.Col++
		}
	}
	return pos, cleanPaths(msg)
}

// programPath names a file Hugo read: relative to the program's folder with
// slashes (layouts/page.html, themes/x/layouts/baseof.html) when it is the
// program's own; attest:themes/<theme>/… for a file of an embedded theme;
// "generated page …" for a page attest wrote in memory.
func programPath(name, userDir string) string {
	name = filepath.Clean(name)
	if userDir != "" {
		if user, err := filepath.Abs(userDir); err == nil {
			if rel, err := filepath.Rel(user, name); err == nil && filepath.IsLocal(rel) {
				// Embedded themes are read from under the program's
				// themes/ when the program has no file of that name.
				if _, err := os.Lstat(name); err != nil && strings.HasPrefix(rel, "themes"+string(filepath.Separator)) {
					return embeddedPrefix + filepath.ToSlash(rel)
				}
				return filepath.ToSlash(rel)
			}
		}
	}
	if rel, err := filepath.Rel(filepath.Join(virtualRoot, "themes"), name); err == nil && filepath.IsLocal(rel) {
		return embeddedPrefix + "themes/" + filepath.ToSlash(rel)
	}
	return cleanPaths(name)
}

// cleanPaths shows generated pages by their content path rather than by
// their place in memory.
func cleanPaths(s string) string {
	s = strings.ReplaceAll(s, filepath.Join(virtualRoot, "content")+string(filepath.Separator), "generated page ")
	return strings.ReplaceAll(s, virtualRoot+string(filepath.Separator), "")
}

// cleanError is err with the paths in memory cleaned (cleanPaths).
func cleanError(err error) error {
	msg := err.Error()
	if clean := cleanPaths(msg); clean != msg {
		return fmt.Errorf("hugo: %s", clean)
	}
	return fmt.Errorf("hugo: %w", err)
}
