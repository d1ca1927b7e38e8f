package evidence_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/evidence"
	"github.com/attest-dev/attest/generator/model"
)

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func addOpts(dir, file, control string) evidence.AddOptions {
	return evidence.AddOptions{
		Dir: dir, File: file, Control: control,
		Collected: model.MakeDate(2026, 7, 9), Collector: "Priya Raman <priya@evidence.example>",
	}
}

// TestAddCopiesInAndAppends: a file from outside the repository is copied
// beside the control's latest file, and the manifest gains one record at
// its end, with its comments and earlier records untouched.
func TestAddCopiesInAndAppends(t *testing.T) {
	dir := newRepo(t)
	manifest := filepath.Join(dir, "content/evidence/access.toml")
	before := readFile(t, manifest)
	outside := filepath.Join(t.TempDir(), "2026-Q2 access review.csv")
	content := "account,owner,decision\nalice,eng,keep\n"
	writeFile(t, outside, content)

	opts := addOpts(dir, outside, "CTL-ACCESS-REVIEW")
	opts.CoversFrom, opts.CoversTo = model.MakeDate(2026, 4, 1), model.MakeDate(2026, 6, 30)
	opts.Note = "Two removals; \"bob\" left on 2026-06-02.\nSigned off by owners."
	opts.Result = model.Exception
	got, err := evidence.Add(opts)
	if err != nil {
		t.Fatal(err)
	}
	want := evidence.Added{
		ID: "EV-ACCESS-REVIEW-2026-07-09", File: "evidence/access-review/2026-Q2 access review.csv", Copied: true,
		SHA256: sum(content), Size: int64(len(content)), Manifest: "content/evidence/access.toml",
	}
	want.Pos = got.Pos
	if *got != want {
		t.Errorf("added %+v\nwant %+v", *got, want)
	}
	if got.Pos.Line != strings.Count(before, "\n")+2 {
		t.Errorf("entry at line %d; the manifest had %d lines", got.Pos.Line, strings.Count(before, "\n"))
	}
	if c := readFile(t, filepath.Join(dir, filepath.FromSlash(got.File))); c != content {
		t.Errorf("copied file holds %q", c)
	}
	after := readFile(t, manifest)
	if !strings.HasPrefix(after, before) {
		t.Fatalf("the manifest's earlier text changed:\n%s", after)
	}
	wantText := `
[[evidence]]
id = "EV-ACCESS-REVIEW-2026-07-09"
control = "CTL-ACCESS-REVIEW"
title = "2026 Q2 access review"
collected = 2026-07-09
covers_from = 2026-04-01
covers_to = 2026-06-30
file = "evidence/access-review/2026-Q2 access review.csv"
sha256 = "` + sum(content) + `"
result = "exception"
collector = "Priya Raman <priya@evidence.example>"
note = "Two removals; \"bob\" left on 2026-06-02.\nSigned off by owners."
`
	if added := after[len(before):]; added != wantText {
		t.Errorf("appended:\n%s\nwant:\n%s", added, wantText)
	}

	// The program still compiles, the hash checks, and the record reads back.
	p := compileDir(t, dir)
	e := p.Control("CTL-ACCESS-REVIEW").Evidence[1]
	if e.ID != want.ID || e.Note != opts.Note || e.Result != model.Exception || e.CoversTo != opts.CoversTo || e.Size != want.Size {
		t.Errorf("record read back: %+v", e)
	}

	// The same file again is refused, and so is another file of that name.
	if _, err := evidence.Add(opts); err == nil || !strings.Contains(err.Error(), "is already recorded as EV-ACCESS-REVIEW-2026-07-09 at content/evidence/access.toml:") {
		t.Errorf("adding twice: %v", err)
	}
	other := filepath.Join(t.TempDir(), "2026-q1.csv")
	writeFile(t, other, "different\n")
	if _, err := evidence.Add(addOpts(dir, other, "CTL-ACCESS-REVIEW")); err == nil || !strings.Contains(err.Error(), "already recorded as EV-AR-2026Q1") {
		t.Errorf("a new file named like a recorded one: %v", err)
	}
	if readFile(t, manifest) != after {
		t.Error("a refused add changed the manifest")
	}
}

// TestAddLinksAURL: with a url instead of a file, the record links to the
// evidence where it lives — nothing copied, no hash — goes into the
// control's manifest, compiles, and the same link is not recorded twice.
func TestAddLinksAURL(t *testing.T) {
	dir := newRepo(t)
	manifest := filepath.Join(dir, "content/evidence/access.toml")
	before := readFile(t, manifest)
	opts := addOpts(dir, "", "CTL-ACCESS-REVIEW")
	opts.URL = "https://tickets.example/browse/SEC-412"
	got, err := evidence.Add(opts)
	if err != nil {
		t.Fatal(err)
	}
	if got.URL != opts.URL || got.File != "" || got.SHA256 != "" || got.Copied || got.Manifest != "content/evidence/access.toml" {
		t.Errorf("added %+v", *got)
	}
	wantText := `
[[evidence]]
id = "EV-ACCESS-REVIEW-2026-07-09"
control = "CTL-ACCESS-REVIEW"
title = "SEC 412"
collected = 2026-07-09
url = "https://tickets.example/browse/SEC-412"
result = "pass"
collector = "Priya Raman <priya@evidence.example>"
`
	if added := readFile(t, manifest)[len(before):]; added != wantText {
		t.Errorf("appended:\n%s\nwant:\n%s", added, wantText)
	}
	p := compileDir(t, dir)
	if e := p.Control("CTL-ACCESS-REVIEW").Evidence[1]; e.URL != opts.URL || e.ID != got.ID {
		t.Errorf("record read back: %+v", e)
	}
	if _, err := evidence.Add(opts); err == nil || !strings.Contains(err.Error(), "is already recorded for CTL-ACCESS-REVIEW as EV-ACCESS-REVIEW-2026-07-09") {
		t.Errorf("adding the link twice: %v", err)
	}
}

// TestAddNeverOverwritesAFile: an unrecorded file of the same name with
// other content stays as it is.
func TestAddNeverOverwritesAFile(t *testing.T) {
	dir := newRepo(t)
	existing := filepath.Join(dir, "evidence/access-review/q2.csv")
	writeFile(t, existing, "already here\n")
	outside := filepath.Join(t.TempDir(), "q2.csv")
	writeFile(t, outside, "new content\n")
	_, err := evidence.Add(addOpts(dir, outside, "CTL-ACCESS-REVIEW"))
	if err == nil || !strings.Contains(err.Error(), "already exists with other content") {
		t.Fatalf("err = %v", err)
	}
	if readFile(t, existing) != "already here\n" {
		t.Error("the existing file was overwritten")
	}
	// The same content is not a conflict: the file is recorded where it is.
	writeFile(t, outside, "already here\n")
	got, err := evidence.Add(addOpts(dir, outside, "CTL-ACCESS-REVIEW"))
	if err != nil || got.Copied || got.File != "evidence/access-review/q2.csv" {
		t.Errorf("identical content: %+v, %v", got, err)
	}
}

// TestAddInPlaceAndNewManifest: a file already under evidence/ stays where
// it is; a control with no records gets a new manifest named after the
// file's folder; two records on one day get distinct ids.
func TestAddInPlaceAndNewManifest(t *testing.T) {
	dir := newRepo(t)
	file := filepath.Join(dir, "evidence/backups/2026-06-restore.log")
	writeFile(t, file, "restore ok\n")
	t.Chdir(filepath.Join(dir, "evidence"))
	got, err := evidence.Add(addOpts(dir, "backups/2026-06-restore.log", "CTL-BACKUPS"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Copied || got.File != "evidence/backups/2026-06-restore.log" || got.Manifest != "content/evidence/backups.toml" || !got.Created || got.Pos.Line != 3 {
		t.Errorf("added %+v", got)
	}
	m := readFile(t, filepath.Join(dir, "content/evidence/backups.toml"))
	if !strings.HasPrefix(m, "# Evidence of CTL-BACKUPS (Daily backups). attest evidence add appends records here.\n\n[[evidence]]\n") {
		t.Errorf("new manifest:\n%s", m)
	}
	second := filepath.Join(dir, "evidence/backups/2026-06-restore-2.log")
	writeFile(t, second, "restore ok again\n")
	got, err = evidence.Add(addOpts(dir, second, "CTL-BACKUPS"))
	if err != nil || got.ID != "EV-BACKUPS-2026-07-09-2" || got.Manifest != "content/evidence/backups.toml" {
		t.Errorf("second record: %+v, %v", got, err)
	}
	p := compileDir(t, dir)
	if n := len(p.Control("CTL-BACKUPS").Evidence); n != 2 {
		t.Errorf("%d records for CTL-BACKUPS", n)
	}
}

// TestAddKeepsCRLF: a manifest written with CRLF line ends stays so.
func TestAddKeepsCRLF(t *testing.T) {
	dir := newRepo(t)
	manifest := filepath.Join(dir, "content/evidence/access.toml")
	crlf := strings.ReplaceAll(readFile(t, manifest), "\n", "\r\n")
	writeFile(t, manifest, crlf)
	outside := filepath.Join(t.TempDir(), "q2.csv")
	writeFile(t, outside, "x\n")
	if _, err := evidence.Add(addOpts(dir, outside, "CTL-ACCESS-REVIEW")); err != nil {
		t.Fatal(err)
	}
	after := readFile(t, manifest)
	if !strings.HasPrefix(after, crlf) || strings.Count(after, "\n") != strings.Count(after, "\r\n") {
		t.Errorf("line ends mixed:\n%q", after)
	}
	compileDir(t, dir)
}

// TestAddRefuses: problems are reported before anything is written.
func TestAddRefuses(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(o *evidence.AddOptions)
		broken string // manifest text to write first
		want   string
	}{
		{"unknown control", func(o *evidence.AddOptions) { o.Control = "CTL-ACCESS-REVEIW" }, "", `unknown control "CTL-ACCESS-REVEIW" (did you mean CTL-ACCESS-REVIEW?)`},
		{"bad result", func(o *evidence.AddOptions) { o.Result = "passed" }, "", `result "passed" is not valid: want pass, exception, fail`},
		{"no collector", func(o *evidence.AddOptions) { o.Collector = "" }, "", "no collector"},
		{"missing file", func(o *evidence.AddOptions) { o.File += ".nope" }, "", "cannot read"},
		{"a folder", func(o *evidence.AddOptions) { o.File = filepath.Dir(o.File) }, "", "is not a regular file"},
		{"id taken", func(o *evidence.AddOptions) { o.ID = "EV-AR-2026Q1" }, "", "evidence id EV-AR-2026Q1 is already used at content/evidence/access.toml:4:1"},
		{"broken manifest", nil, "[[evidence]\nid = 1\n", "a manifest has errors"},
		{"evidence as an inline array", nil, "evidence = []\n", "a manifest has errors"},
		{"file and url", func(o *evidence.AddOptions) { o.URL = "https://tickets.example/SEC-1" }, "", "a record has one or the other"},
		{"url not on the web", func(o *evidence.AddOptions) { o.File, o.URL = "", "ftp://files.example/x" }, "", "must start with https://"},
		{"url without a host", func(o *evidence.AddOptions) { o.File, o.URL = "", "https:///x" }, "", "has no host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newRepo(t)
			outside := filepath.Join(t.TempDir(), "q2.csv")
			writeFile(t, outside, "x\n")
			manifest := filepath.Join(dir, "content/evidence/access.toml")
			if tt.broken != "" {
				writeFile(t, manifest, tt.broken)
			}
			before := readFile(t, manifest)
			o := addOpts(dir, outside, "CTL-ACCESS-REVIEW")
			if tt.edit != nil {
				tt.edit(&o)
			}
			_, err := evidence.Add(o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
			if readFile(t, manifest) != before {
				t.Error("the manifest changed")
			}
		})
	}
}

func TestGitCollector(t *testing.T) {
	dir := newRepo(t)
	got, err := evidence.GitCollector(dir)
	if err != nil || got != "Priya Raman <priya@evidence.example>" {
		t.Errorf("%q, %v", got, err)
	}
	git(t, dir, "config", "--unset", "user.email")
	git(t, dir, "config", "--unset", "user.name")
	if _, err := evidence.GitCollector(dir); err == nil || !strings.Contains(err.Error(), "git config user.name is not set") {
		t.Errorf("err = %v", err)
	}
}

// TestPrepareWritesNothing: Prepare gives the record as the compiler will
// read it (covers defaulting to the collected date) and the program it
// joins, and leaves the manifest and the evidence folder as they were.
func TestPrepareWritesNothing(t *testing.T) {
	dir := newRepo(t)
	manifest := filepath.Join(dir, "content/evidence/access.toml")
	before := readFile(t, manifest)
	outside := filepath.Join(t.TempDir(), "review.csv")
	writeFile(t, outside, "account\n")

	pend, err := evidence.Prepare(addOpts(dir, outside, "CTL-ACCESS-REVIEW"))
	if err != nil {
		t.Fatal(err)
	}
	r := pend.Record
	day := model.MakeDate(2026, 7, 9)
	if r.ID != "EV-ACCESS-REVIEW-2026-07-09" || r.ControlID != "CTL-ACCESS-REVIEW" || r.Result != model.Pass ||
		r.CoversFrom != day || r.CoversTo != day || r.File != "evidence/access-review/review.csv" {
		t.Errorf("record %+v", *r)
	}
	if pend.Program.Control("CTL-ACCESS-REVIEW") == nil || pend.ProgramErrors {
		t.Errorf("program: errors %v", pend.ProgramErrors)
	}
	if readFile(t, manifest) != before {
		t.Error("Prepare changed the manifest")
	}
	if _, err := os.Stat(filepath.Join(dir, "evidence/access-review/review.csv")); err == nil {
		t.Error("Prepare copied the file in")
	}
	if _, err := pend.Write(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(readFile(t, manifest), `id = "EV-ACCESS-REVIEW-2026-07-09"`) {
		t.Error("Write did not append the record")
	}
}
