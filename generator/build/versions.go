package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/attest-dev/attest/generator/changes"
	"github.com/attest-dev/attest/generator/description"
	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/gather"
	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/scratch"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
	"github.com/attest-dev/attest/themes"
)

// version is one version of the system description in the private output.
type version struct {
	name, dir string
	commit    string
	time      time.Time
	subject   string // an annotated tag's message
	dc9       bool
	changes   []changes.Change
}

// shareMemos lets the versions of one build share what the theme laid out
// once (site.Memos); tests turn it off to compare.
var shareMemos = true

// buildPrivate builds the system description into out as a versioned
// output: the program built now in out/latest/, each tag matching
// [versions] tags (among the commits built) from its own tree in out/<tag>/,
// and an index of versions in out/index.html. Everything is built in a
// folder beside out, and left there for the caller to swap in whole
// together with the trust center (site.SwapAll).
func (b *run) buildPrivate(ctx context.Context, p *model.Program, r *status.Report, out string, latest version) (*site.Aside, error) {
	tags, err := b.tags(ctx, p)
	if err != nil {
		return nil, err
	}
	b.tagged = len(tags)
	list := append([]version{latest}, tags...)
	var dirs []description.Version
	for _, v := range list {
		dv := description.Version{Name: v.name, Dir: v.dir, Commit: v.commit}
		if !v.time.IsZero() {
			dv.Date = v.time.Format("2006-01-02")
		}
		dirs = append(dirs, dv)
	}

	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	staging, err := scratch.Beside(out, "versions")
	if err != nil {
		return nil, fmt.Errorf("create build folder: %w", err)
	}
	aside := &site.Aside{Dir: staging, Out: out}
	done := false
	defer func() {
		if !done {
			aside.Remove()
		}
	}()

	// What the versions share: with none but the latest, nothing, and a
	// cache would only keep every control page alive while Hugo renders.
	cache, sources := &description.Cache{}, &gather.Cache{}
	if b.noCache || len(tags) == 0 {
		cache, sources = nil, nil
	}
	var (
		copies *site.Copies
		memos  *site.Memos
	)
	if len(tags) > 0 && !b.noCache {
		// The versions copy the same evidence and theme files: each is
		// written once, into a folder beside the output, and linked from
		// there.
		dir, err := scratch.Beside(out, "copies")
		if err != nil {
			return nil, fmt.Errorf("create build folder: %w", err)
		}
		defer os.RemoveAll(dir)
		copies = site.NewCopies(dir)
		// What the theme laid out once in one version, the bodies of the
		// pages that are the same, serves the versions rendered after it.
		if shareMemos {
			memos = &site.Memos{}
		}
	}
	// Where each version read from a commit finds its own overrides.
	programs, err := scratch.Beside(out, "programs")
	if err != nil {
		return nil, fmt.Errorf("create build folder: %w", err)
	}
	defer os.RemoveAll(programs)
	render := func(v version, p *model.Program, r *status.Report, h *history.History, draft bool, files fs.FS) error {
		made := time.Now()
		read, revisions, err := gatherSources(ctx, p, files, h, sources)
		if err != nil {
			return err
		}
		b.timed("system description %s: sources gathered", made, v.name)
		made = time.Now()
		// A version read from a commit is laid out with that commit's own
		// layouts, themes and static files, as Describe does, not with
		// what the work tree holds now: an override changed since (a
		// template that drops a column) must not change what an audit
		// version shows. The memos the versions share are keyed by them.
		userDir, err := b.programFolders(files, func() (string, error) { return filepath.Join(programs, filepath.FromSlash(v.dir)), nil })
		if err != nil {
			return fmt.Errorf("read the program's layouts at %s: %w", v.name, err)
		}
		overrides := ""
		if userDir != "" {
			overrides = overridesDigest(os.DirFS(userDir))
		}
		spec := DescriptionSpec(p, r, description.Options{
			Commit: v.commit, CommitTime: v.time, Draft: draft,
			Files: read, UserDir: userDir, Out: filepath.Join(staging, filepath.FromSlash(v.dir)),
			Revisions: revisions,
			History:   v.dc9, Changes: gather.Changes(v.changes),
			Versions: dirs, Version: v.dir, Cache: cache,
		}, b.log)
		spec.Copies, spec.Memos = copies, memos
		if spec.MemoSalt != "" { // "": nothing to share
			spec.MemoSalt += "\x00overrides " + overrides
		}
		spec.Previous = filepath.Join(out, filepath.FromSlash(v.dir))
		b.timed("system description %s: page set made", made, v.name)
		b.bar.AddTotal(len(spec.Pages))
		b.bar.Step("rendering the system description, version %s", v.name)
		start := time.Now()
		defer b.timed("system description %s: %s", start, v.name, english.Count(len(spec.Pages), "page", "pages"))
		defer b.countPages(&spec)()
		if err := site.Build(ctx, spec); err != nil {
			if v.name == "latest" {
				return fmt.Errorf("build the system description: %w", err)
			}
			return fmt.Errorf("build the system description of %s: %w", v.name, err)
		}
		return nil
	}
	// Render the versions one after another, the latest at once, while the
	// tags are read from git and compiled one at a time (one git cat-file
	// process, a commit two tags share compiled once). One Hugo build
	// already keeps the processors busy; one at a time, each version finds
	// every body the versions before it kept (Memos), and the memory is one
	// version's: faster and smaller than two at a time on the large program,
	// no slower on the sample (docs/history-and-versions.md has the figures).
	type job struct {
		v     version
		p     *model.Program
		r     *status.Report
		h     *history.History
		draft bool
		files fs.FS
	}
	stamps := map[string]string{}
	errs := make([]error, 1+len(tags))
	sem := make(chan struct{}, 1)
	var wg sync.WaitGroup
	start := func(i int, j job) {
		sem <- struct{}{}
		st := stamps[j.v.dir]
		wg.Go(func() {
			defer func() { <-sem }()
			errs[i] = render(j.v, j.p, j.r, j.h, j.draft, j.files)
			if errs[i] == nil && st != "" {
				errs[i] = os.WriteFile(filepath.Join(staging, filepath.FromSlash(j.v.dir), stampFile), []byte(st), 0o644)
			}
		})
	}
	start(0, job{latest, p, r, b.hist, b.draft, b.fsys})
	compileErr := func() error {
		if len(tags) == 0 {
			return nil
		}
		shared, err := b.buildStamp(dirs, p)
		if err != nil {
			return err
		}
		for i, v := range tags {
			// A tag is frozen: when the previous output holds its version
			// built the same way (same commit, versions, theme, overrides,
			// settings and attest), that is reused rather than rendered again.
			stamp := versionStamp(v, shared)
			stamps[v.dir] = stamp
			prev := filepath.Join(out, filepath.FromSlash(v.dir))
			if old, err := os.ReadFile(filepath.Join(prev, stampFile)); err == nil && string(old) == stamp {
				if err := linkTree(prev, filepath.Join(staging, filepath.FromSlash(v.dir))); err == nil {
					b.reused++
					continue
				}
				os.RemoveAll(filepath.Join(staging, filepath.FromSlash(v.dir)))
			}
			c, err := b.compileAt(ctx, b.hist, v.commit)
			if err != nil {
				return fmt.Errorf("version %s: %w", v.name, err)
			}
			if c.errors {
				b.warnf("%s: warning: the program had errors at this tag; its version is built from what compiled", v.name)
			}
			at, err := b.hist.At(v.commit)
			if err != nil {
				return fmt.Errorf("version %s: %w", v.name, err)
			}
			if c.report == nil {
				c.report = status.EvaluateWith(c.program, status.Options{Today: EvaluationDay(at.BuildTime())})
				b.compiled[v.commit] = c
			}
			v.dc9, v.changes = b.significant(ctx, at, c.program)
			start(1+i, job{v, c.program, c.report, at, false, c.tree})
		}
		return nil
	}()
	wg.Wait()
	if err := errors.Join(append(errs, compileErr)...); err != nil {
		return nil, err
	}
	index, err := versionIndex(p, list, b.draft)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(staging, "index.html"), index, 0o644); err != nil {
		return nil, err
	}
	done = true
	return aside, nil
}

// tags lists the versions named by [versions] tags that the commit built
// contains, newest first.
func (b *run) tags(ctx context.Context, p *model.Program) ([]version, error) {
	h := b.hist
	if h == nil || h.Repo() == nil || h.Head == nil || p.Config.Versions.Tags == "" {
		return nil, nil
	}
	tags, err := h.Repo().Tags(ctx, p.Config.Versions.Tags)
	if err != nil {
		return nil, fmt.Errorf("[versions] tags: %w", err)
	}
	var out []version
	for i := len(tags) - 1; i >= 0; i-- {
		t := tags[i]
		c := h.Commit(t.Commit)
		if c == nil {
			b.warnf("config.toml: warning: tag %s is not in the history of the commit built (%s): its version is left out", t.Name, h.Head.Short)
			continue
		}
		dir := path.Clean(t.Name)
		if dir == "latest" || dir == "index.html" || strings.HasPrefix(dir, ".") || strings.Contains(dir, "/.") {
			b.warnf("config.toml: warning: tag %s cannot name a folder of the description: its version is left out; rename the tag", t.Name)
			continue
		}
		out = append(out, version{name: t.Name, dir: dir, commit: t.Commit, time: c.CommitDate, subject: t.Subject})
	}
	return out, nil
}

// indexTemplate is the versions index, laid out with the latest version's
// style sheet in the frame of the description's pages (masthead, main).
// With only one version there is nothing to choose: a refresh (no script
// runs) goes straight to it, and a link stays for a reader whose browser
// does not follow it.
var indexTemplate = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
{{- with .Only }}
<meta http-equiv="refresh" content="0; url={{ .Href }}">
{{- end }}
<title>Versions · {{ .Title }}</title>
<link rel="stylesheet" href="latest/css/site.css">
<link rel="icon" href="latest/favicon.svg" type="image/svg+xml">
</head>
<body class="kind-versions">
<a class="skip" href="#main">Skip to content</a>
<header class="masthead">
<a class="brand" href="index.html">{{ .Title }}</a>
<span class="confidential">Confidential — prepared for the service auditor</span>
</header>
{{- if .Draft }}
<p class="draft-banner" role="status">Draft — uncommitted changes: the latest version was built from a work tree whose changes are not committed yet.</p>
{{- end }}
<main id="main" tabindex="-1">
<h1>Versions</h1>
<p class="lead">Each version is the description as the program stood at a commit, built from that commit's files.</p>
{{- with .Only }}
<p>There is one version: <a href="{{ .Href }}">open the {{ .Name }} version</a>.</p>
{{- end }}
<div class="table-wrap" role="region" aria-label="Versions" tabindex="0">
<table class="versions-index">
<thead><tr><th scope="col">Version</th><th scope="col">Date</th><th scope="col">Commit</th><th scope="col">Note</th></tr></thead>
<tbody>
{{- range .Versions }}
<tr><td><a href="{{ .Href }}">{{ .Name }}</a></td><td class="date">{{ .Date }}</td><td>{{ if .Commit }}<code title="{{ .Commit }}">{{ .Short }}</code>{{ else }}—{{ end }}</td><td>{{ .Note }}</td></tr>
{{- end }}
</tbody>
</table>
</div>
</main>
</body>
</html>
`))

// versionIndex is out/index.html: the versions built, latest first, with
// relative links.
func versionIndex(p *model.Program, list []version, draft bool) ([]byte, error) {
	type row struct{ Name, Href, Date, Commit, Short, Note string }
	data := struct {
		Title    string
		Draft    bool
		Versions []row
		Only     *row // the one version, when there is no other
	}{Title: "System description", Draft: draft}
	if name := p.Config.Organization.Name; name != "" {
		data.Title = name + " — System description"
	}
	for _, v := range list {
		r := row{Name: v.name, Href: v.dir + "/index.html", Commit: v.commit, Short: gitfs.ShortID(v.commit), Note: v.subject}
		if !v.time.IsZero() {
			r.Date = v.time.Format("2006-01-02")
		}
		if v.name == "latest" {
			r.Note = "The program as built now."
		}
		data.Versions = append(data.Versions, r)
	}
	var buf bytes.Buffer
	if len(data.Versions) == 1 {
		data.Only = &data.Versions[0]
	}
	if err := indexTemplate.Execute(&buf, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// stampFile, in a tagged version's folder, says how it was built.
const stampFile = ".attest-version"

// versionStamp identifies everything a tagged version's output depends on:
// the commit and folder, and what every version of this build shares
// (buildStamp).
func versionStamp(v version, shared []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "attest version stamp 2\x00%s\x00%s\x00", v.commit, v.dir)
	h.Write(shared)
	return hex.EncodeToString(h.Sum(nil))
}

// buildStamp is what every version of a build depends on alike: the list of
// versions (the switcher), the themes, the program's own layouts, static
// files and assets in the work tree, the [hugo] settings, and the attest
// executable that renders them. It is hashed once per build: the themes
// and the program's folders are read once, not once per tag.
func (b *run) buildStamp(dirs []description.Version, p *model.Program) ([]byte, error) {
	h := sha256.New()
	enc := json.NewEncoder(h)
	if err := enc.Encode(dirs); err != nil {
		return nil, err
	}
	if err := enc.Encode(privateHugo(p.Config.Hugo)); err != nil {
		return nil, err
	}
	hashTree(h, themes.FS(), ".")
	if b.dir != "" {
		root := os.DirFS(b.dir)
		for _, d := range layout.Overrides {
			if _, err := fs.Stat(root, d); err == nil {
				hashTree(h, root, d)
			}
		}
	}
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			fmt.Fprintf(h, "%s\x00%d\x00%d\x00", exe, fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return h.Sum(nil), nil
}

// hashTree writes every file's path and content under dir into h.
func hashTree(h io.Writer, fsys fs.FS, dir string) {
	fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
		return nil
	})
}

// overridesDigest hashes the folders of fsys that change how the sites
// look (layout.Overrides): versions laid out with the same overrides may
// share what the theme laid out.
func overridesDigest(fsys fs.FS) string {
	h := sha256.New()
	for _, d := range layout.Overrides {
		hashTree(h, fsys, d)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// linkTree makes dst a copy of src by hard links (by copies where links
// fail), so that reusing a version costs no rendering and little I/O.
func linkTree(src, dst string) error {
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
		if err := os.Link(name, target); err == nil {
			return nil
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
