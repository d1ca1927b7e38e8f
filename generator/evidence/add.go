package evidence

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/source"
)

// AddOptions describe one piece of evidence to record.
type AddOptions struct {
	Dir        string       // the program's root on disk
	File       string       // the file to record: absolute, or relative to the working directory
	URL        string       // or, instead of a file, where the evidence lives (a ticket, a report): http(s) only
	Control    string       // control id
	CoversFrom model.Date   // first day the evidence covers; zero means the collected date
	CoversTo   model.Date   // last day it covers
	Result     model.Result // "" means pass
	Note       string
	Title      string     // "" derives one from the file name
	ID         string     // "" derives EV-<control>-<collected>
	Collected  model.Date // the day it was collected
	Collector  string     // who collected it; see GitCollector
	Cache      *Cache     // remembers the file's hash; may be nil
}

// Added is what Add recorded.
type Added struct {
	ID       string
	URL      string // the record's url, when it names no file
	File     string // repo-relative path under evidence/
	Copied   bool   // the file was copied in; false when it was already there
	SHA256   string
	Size     int64
	Manifest string   // repo-relative manifest path
	Created  bool     // the manifest was created
	Pos      diag.Pos // where the new entry starts
}

// Add places opts.File under evidence/ (copying it in unless it is already
// there), hashes it and appends an [[evidence]] entry to the control's
// manifest: Prepare, then Write.
func Add(opts AddOptions) (*Added, error) {
	pend, err := Prepare(opts)
	if err != nil {
		return nil, err
	}
	return pend.Write()
}

// Pending is a record Prepare has checked and Write has yet to write.
type Pending struct {
	// Program is the program as compiled before the record (evidence files
	// not read): with Record, what a caller judges the record's effect on.
	Program *model.Program
	// ProgramErrors says the program has errors outside the evidence manifests
	// (those refuse the record), so that judging it may mislead.
	ProgramErrors bool
	// Record is the record as the compiler will read it, covered dates
	// filled in; its SHA256 and Size are known only once written.
	Record *model.Evidence

	opts     AddOptions
	root     string
	src      string
	rel      string
	copyIn   bool
	manifest string
	ctl      *model.Control
	title    string
}

// Prepare checks opts against the program and works out where the record
// goes and its id, writing nothing: an unknown control, a file or id already
// recorded, a manifest with errors, are errors.
func Prepare(opts AddOptions) (*Pending, error) {
	if opts.Result == "" {
		opts.Result = model.Pass
	}
	if !slices.Contains(model.Results, string(opts.Result)) {
		return nil, fmt.Errorf("result %q is not valid: want %s", opts.Result, strings.Join(model.Results, ", "))
	}
	if opts.Collected.IsZero() {
		return nil, errors.New("no collected date")
	}
	if strings.TrimSpace(opts.Collector) == "" {
		return nil, errors.New("no collector: set git config user.name (and user.email), or name one")
	}
	if opts.CoversFrom.IsZero() != opts.CoversTo.IsZero() || opts.CoversTo.Before(opts.CoversFrom) {
		return nil, fmt.Errorf("covers %s..%s is not a span: give both ends, the first on or before the second", opts.CoversFrom, opts.CoversTo)
	}
	root, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	var src string
	switch {
	case opts.URL != "" && opts.File != "":
		return nil, fmt.Errorf("both a file (%s) and a url (%s): a record has one or the other", opts.File, opts.URL)
	case opts.URL != "":
		if err := checkURL(opts.URL); err != nil {
			return nil, err
		}
	default:
		if src, err = filepath.Abs(opts.File); err != nil {
			return nil, err
		}
		info, err := os.Stat(src)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", opts.File, errors.Unwrap(err))
		}
		if !info.Mode().IsRegular() {
			return nil, fmt.Errorf("%s is not a regular file: evidence is one file; archive a folder first (e.g. tar czf)", opts.File)
		}
	}

	rootFS, err := os.OpenRoot(root)
	if err != nil {
		return nil, fmt.Errorf("open program: %w", err)
	}
	defer rootFS.Close()
	res := compile.Compile(rootFS.FS(), compile.Options{SkipEvidenceFiles: true})
	p := res.Program
	ctl := p.Control(opts.Control)
	if ctl == nil {
		ids := make([]string, len(p.Controls))
		for i, c := range p.Controls {
			ids[i] = c.ID
		}
		hint := ""
		if near := source.NearestID(opts.Control, ids); near != "" {
			hint = fmt.Sprintf(" (did you mean %s?)", near)
		}
		return nil, fmt.Errorf("unknown control %q%s: controls are defined in %s/", opts.Control, hint, compile.ControlsDir)
	}

	// Where the file goes: where it is, if already under evidence/; else the
	// folder of the control's latest file, or one named after the control.
	var rel string
	copyIn := false
	if opts.URL != "" {
		for _, e := range p.Evidence {
			if e.URL == opts.URL && e.ControlID == ctl.ID {
				return nil, fmt.Errorf("%s is already recorded for %s as %s at %s: a record is never overwritten; to record new evidence, link to where it lives now", opts.URL, ctl.ID, e.ID, e.Pos)
			}
		}
	} else {
		var inside bool
		rel, inside = under(root, src)
		copyIn = !inside
		if copyIn {
			rel = path.Join(evidenceFolder(ctl), filepath.Base(src))
		}
		if strings.ContainsAny(rel, "\\\n\t\"") {
			return nil, fmt.Errorf("%s: the file name must not contain backslashes, quotes, tabs or newlines: rename it", rel)
		}
		for _, e := range p.Evidence {
			if e.File == rel {
				return nil, fmt.Errorf("%s is already recorded as %s at %s: a record is never overwritten; to record new evidence, give the new file a new name", rel, e.ID, e.Pos)
			}
		}
	}

	// A manifest with errors may hold this control's records unread, so the
	// right manifest and a free id cannot be known: refuse until it is fixed.
	errs := false
	for _, d := range res.Diags.Items() {
		if d.Severity != diag.Error {
			continue
		}
		if strings.HasPrefix(d.Pos.File, compile.EvidenceDir+"/") {
			return nil, fmt.Errorf("a manifest has errors; fix them first (attest check):\n%s", d)
		}
		errs = true
	}
	manifest := manifestFor(ctl, cmp.Or(rel, path.Join(evidenceFolder(ctl), "-")))

	id := opts.ID
	if id == "" {
		id = newID(p, ctl, opts.Collected)
	} else {
		for _, e := range p.Evidence {
			if e.ID == id {
				return nil, fmt.Errorf("evidence id %s is already used at %s: ids are unique; choose another", id, e.Pos)
			}
		}
	}
	opts.ID = id
	title := opts.Title
	if title == "" && opts.URL != "" {
		title = titleFromURL(opts.URL)
	} else if title == "" {
		title = titleFromName(path.Base(rel))
	}
	rec := &model.Evidence{
		ID: id, ControlID: ctl.ID, Title: title, Collected: opts.Collected,
		CoversFrom: opts.CoversFrom, CoversTo: opts.CoversTo,
		File: rel, URL: opts.URL, Result: opts.Result, Collector: opts.Collector, Note: opts.Note, Manifest: manifest,
	}
	if rec.CoversFrom.IsZero() {
		rec.CoversFrom, rec.CoversTo = opts.Collected, opts.Collected
	}
	return &Pending{
		Program: p, ProgramErrors: errs, Record: rec,
		opts: opts, root: root, src: src, rel: rel, copyIn: copyIn, manifest: manifest, ctl: ctl, title: title,
	}, nil
}

// Write copies the file in (unless it is already under evidence/), hashes
// it and appends the entry to the manifest. It never overwrites a file or an
// entry: a file of the same name with other content is an error. The
// manifest keeps its comments and layout; the new text is checked to parse
// before it replaces the old, which it does in one rename.
func (w *Pending) Write() (*Added, error) {
	opts, root, rel := w.opts, w.root, w.rel
	rootFS, err := os.OpenRoot(root)
	if err != nil {
		return nil, fmt.Errorf("open program: %w", err)
	}
	defer rootFS.Close()

	out := &Added{ID: opts.ID, URL: opts.URL, File: rel, Copied: w.copyIn, Manifest: w.manifest}
	target := filepath.Join(root, filepath.FromSlash(rel))
	if opts.URL != "" {
		// Nothing to copy or hash: the record points to where the evidence lives.
	} else if w.copyIn {
		sum, size, created, err := copyNew(w.src, target)
		if err != nil {
			return nil, err
		}
		out.SHA256, out.Size, out.Copied = sum, size, created
	} else {
		sum, size, err := hashFile(opts.Cache, rootFS.FS(), rel)
		if err != nil {
			return nil, fmt.Errorf("hash %s: %w", rel, err)
		}
		out.SHA256, out.Size = sum, size
	}
	if opts.Cache != nil && rel != "" {
		// Prime the cache: verify and check will not read the file again.
		if _, _, err := opts.Cache.Hash(rootFS.FS(), rel); err == nil {
			_ = opts.Cache.Save()
		}
	}

	e := entry{
		ID: opts.ID, Control: w.ctl.ID, Title: w.title, Collected: opts.Collected,
		CoversFrom: opts.CoversFrom, CoversTo: opts.CoversTo,
		File: rel, URL: opts.URL, SHA256: out.SHA256, Result: opts.Result, Collector: opts.Collector, Note: opts.Note,
	}
	pos, created, err := appendEntry(root, w.manifest, w.ctl, e)
	if err != nil {
		if out.Copied {
			os.Remove(target)
		}
		return nil, err
	}
	out.Pos, out.Created = pos, created
	return out, nil
}

// under returns src's path relative to root, with slashes, when src is a
// file under root's evidence/ folder.
func under(root, src string) (string, bool) {
	dir := filepath.Dir(src)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	rel, err := filepath.Rel(root, filepath.Join(dir, filepath.Base(src)))
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if !strings.HasPrefix(rel, compile.EvidenceFiles+"/") {
		return "", false
	}
	return rel, true
}

// evidenceFolder is where a control's files go: beside its latest file, or
// evidence/<control file name>/.
func evidenceFolder(c *model.Control) string {
	for i := len(c.Evidence) - 1; i >= 0; i-- {
		if f := c.Evidence[i].File; f != "" {
			return path.Dir(f)
		}
	}
	stem := strings.TrimSuffix(path.Base(c.File), path.Ext(c.File))
	if stem == "" || stem == "." {
		stem = strings.ToLower(strings.TrimPrefix(c.ID, "CTL-"))
	}
	return path.Join(compile.EvidenceFiles, stem)
}

// manifestFor is the manifest a new record of c goes into: the one holding
// its latest record, or content/evidence/<folder>.toml named after the
// folder the file is in.
func manifestFor(c *model.Control, rel string) string {
	for i := len(c.Evidence) - 1; i >= 0; i-- {
		if m := c.Evidence[i].Manifest; m != "" {
			return m
		}
	}
	return path.Join(compile.EvidenceDir, path.Base(path.Dir(rel))+".toml")
}

// newID derives EV-<control without CTL->-<collected>, numbered on collision.
func newID(p *model.Program, c *model.Control, collected model.Date) string {
	used := make(map[string]bool, len(p.Evidence))
	for _, e := range p.Evidence {
		used[e.ID] = true
	}
	base := "EV-" + strings.TrimPrefix(c.ID, "CTL-") + "-" + collected.String()
	id := base
	for n := 2; used[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	return id
}

func hashFile(c *Cache, fsys fs.FS, name string) (string, int64, error) {
	if c != nil {
		return c.Hash(fsys, name)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	sum, n, err := hashReader(f)
	return hex.EncodeToString(sum[:]), n, err
}

// copyNew copies src to target without ever replacing target: the copy is
// written aside and hard-linked into place, which fails if target exists.
// An existing target with the same content is accepted as is (created is
// then false); with other content it is an error.
func copyNew(src, target string) (sum string, size int64, created bool, err error) {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return "", 0, false, err
	}
	in, err := os.Open(src)
	if err != nil {
		return "", 0, false, err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return "", 0, false, err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	size, err = io.Copy(io.MultiWriter(tmp, h), in)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", 0, false, fmt.Errorf("copy %s: %w", src, err)
	}
	sum = hex.EncodeToString(h.Sum(nil))
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return "", 0, false, err
	}
	err = os.Link(tmp.Name(), target)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		// No hard links here: create exclusively and copy again.
		err = copyExclusive(tmp.Name(), target)
	}
	if errors.Is(err, fs.ErrExist) {
		have, _, herr := hashFile(nil, os.DirFS(filepath.Dir(target)), filepath.Base(target))
		if herr == nil && have == sum {
			return sum, size, false, nil
		}
		return "", 0, false, fmt.Errorf("%s already exists with other content: a file is never overwritten; rename yours (e.g. add the date) and run again", target)
	}
	if err != nil {
		return "", 0, false, err
	}
	return sum, size, true, nil
}

func copyExclusive(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(to)
	}
	return err
}

// appendEntry adds e at the end of the manifest, creating it if need be.
// The result must parse and hold the new record; the old text is re-read
// just before the rename, so an edit made meanwhile is not lost.
func appendEntry(root, manifest string, c *model.Control, e entry) (diag.Pos, bool, error) {
	name := filepath.Join(root, filepath.FromSlash(manifest))
	old, err := os.ReadFile(name)
	created := errors.Is(err, fs.ErrNotExist)
	if err != nil && !created {
		return diag.Pos{}, false, err
	}
	perm := fs.FileMode(0o644)
	if st, err := os.Stat(name); err == nil {
		perm = st.Mode().Perm()
	}
	eol := "\n"
	if bytes.Contains(old, []byte("\r\n")) {
		eol = "\r\n"
	}
	var b bytes.Buffer
	b.Write(old)
	if created {
		fmt.Fprintf(&b, "# Evidence of %s (%s). attest evidence add appends records here.%s", c.ID, c.Title, eol)
	}
	if b.Len() > 0 && !bytes.HasSuffix(b.Bytes(), []byte("\n")) {
		b.WriteString(eol)
	}
	if b.Len() > 0 && !bytes.HasSuffix(b.Bytes(), []byte(eol+eol)) {
		b.WriteString(eol)
	}
	line := bytes.Count(b.Bytes(), []byte("\n")) + 1
	text, err := e.text(eol)
	if err != nil {
		return diag.Pos{}, false, err
	}
	b.WriteString(text)

	if err := checkManifest(manifest, b.Bytes(), e.ID); err != nil {
		return diag.Pos{}, false, err
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return diag.Pos{}, false, err
	}
	now, err := os.ReadFile(name)
	if (err == nil) == created || !bytes.Equal(now, old) {
		return diag.Pos{}, false, fmt.Errorf("%s changed while the record was being added: run again", manifest)
	}
	if err := writeAtomic(name, b.Bytes(), perm); err != nil {
		return diag.Pos{}, false, fmt.Errorf("write %s: %w", manifest, err)
	}
	return diag.Pos{File: manifest, Line: line, Col: 1}, created, nil
}

// checkManifest parses the new manifest text and confirms its last record is
// the one added: appending must never make a manifest invalid.
func checkManifest(name string, src []byte, id string) error {
	norm, prob := source.Normalize(src)
	if prob != nil {
		return fmt.Errorf("%s:%d:%d: %s", name, prob.Line, prob.Col, prob.Message)
	}
	diags := &diag.List{}
	doc := source.ParseTOML(name, norm, 1, diags)
	if doc == nil {
		return fmt.Errorf("appending would make %s invalid TOML, so nothing was written: %v", name, diags.Err())
	}
	recs, ok := doc.Data["evidence"].([]map[string]any)
	if !ok || len(recs) == 0 || recs[len(recs)-1]["id"] != id {
		return fmt.Errorf("appending to %s would not add a record to its [[evidence]] array (is evidence defined another way there?); nothing was written", name)
	}
	return nil
}

// GitCollector returns "Name <email>" from git config in dir, the person
// recorded as having collected evidence.
func GitCollector(dir string) (string, error) {
	get := func(key string) string {
		out, err := exec.Command("git", "-C", dir, "config", "--get", key).Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(out))
	}
	name, email := get("user.name"), get("user.email")
	switch {
	case name != "" && email != "":
		return name + " <" + email + ">", nil
	case name != "":
		return name, nil
	case email != "":
		return email, nil
	}
	return "", errors.New(`git config user.name is not set: run git config user.name "Your Name" (and user.email), or pass --collector`)
}

// checkURL accepts what compile accepts for a record's url: http or https,
// with a host, on one line.
func checkURL(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fmt.Errorf("url %q: %v: write it as https://host/path", s, errors.Unwrap(err))
	case u.Scheme != "https" && u.Scheme != "http":
		return fmt.Errorf("url %q must start with https:// (or http://): evidence elsewhere is linked over the web", s)
	case u.Host == "":
		return fmt.Errorf("url %q has no host: write it as https://host/path", s)
	case strings.ContainsAny(s, "\n\r\t"):
		return fmt.Errorf("url %q spans lines: give it on one line", s)
	}
	return nil
}

// titleFromURL is a default title for linked evidence: the last segment of
// its path as titleFromName reads a file name, or its host.
// "https://jira.acme.example/browse/SEC-123" → "SEC 123".
func titleFromURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	if base := path.Base(strings.TrimRight(u.Path, "/")); base != "." && base != "/" && base != "" {
		return titleFromName(base)
	}
	return u.Host
}
