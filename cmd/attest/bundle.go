package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"filippo.io/age"
	"golang.org/x/crypto/ssh"

	"github.com/attest-dev/attest/generator/build"
	"github.com/attest-dev/attest/generator/bundle"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/pdf"
	"github.com/attest-dev/attest/generator/scratch"
	"github.com/attest-dev/attest/generator/sitepath"
	"github.com/attest-dev/attest/generator/sshsig"
)

// pdfRequest is what printing the PDF of a built system description takes.
type pdfRequest struct {
	Site  string    // the built site's folder, holding index.html and the print view
	Time  time.Time // the commit's time: the PDF's dates and ID derive from it, or the bundle is not reproducible
	Title string    // the document's title
}

// pdfPrinter writes the PDF of a built system description to w.
type pdfPrinter func(ctx context.Context, req pdfRequest, w io.Writer) error

func runBundle(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return bundleWith(ctx, args, stdout, stderr, chromiumPrinter)
}

// chromiumPrinter prints the PDF as attest pdf does, through the Chromium
// found on PATH. Without one, it says so and the bundle holds no PDF: the
// site and the manifest are what the auditor verifies.
func chromiumPrinter(ctx context.Context, req pdfRequest, w io.Writer) error {
	chromium, err := pdf.FindChromium("")
	if err != nil {
		return errNoChromium{err}
	}
	b, err := pdf.Render(ctx, pdf.Options{Site: req.Site, Chromium: chromium, Title: req.Title, Time: req.Time})
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// errNoChromium is a printer's way of saying there is no browser to print
// with: the bundle goes on without its PDF.
type errNoChromium struct{ err error }

func (e errNoChromium) Error() string { return e.err.Error() }

// bundleWith is attest bundle with the PDF printer given (nil: none).
func bundleWith(ctx context.Context, args []string, stdout, stderr io.Writer, printPDF pdfPrinter) error {
	fl := newFlags("bundle [flags]",
		"Packs the system description of one version into one archive for the\n"+
			"service auditor: the site (open site/index.html), the PDF when attest\n"+
			"can print one, and MANIFEST.json, which names the program, the audit,\n"+
			"the commit and every file with its SHA-256. The description is built\n"+
			"afresh from the commit's files (never from private/ or the work tree),\n"+
			"and the same commit gives the same archive, byte for byte.\n"+
			"-sign signs the manifest with an SSH key (MANIFEST.json.sig, which\n"+
			"ssh-keygen -Y verify -n attest checks); -to and -to-file encrypt the\n"+
			"archive with age to the auditors' keys (FILE.tar.gz.age, which age -d\n"+
			"opens). attest verify checks a bundle.",
		"  attest bundle -sign ~/.ssh/id_ed25519\n"+
			"  attest bundle -version audit/2026 -sign ~/.ssh/id_ed25519.pub -to-file auditors.keys\n"+
			"  curl -s https://github.com/NAME.keys > auditor.keys && attest bundle -to-file auditor.keys",
		stdout)
	dir := fl.String("C", ".", "program `directory`")
	ver := fl.String("version", "latest", "the `VERSION` to bundle: latest (the commit checked out) or a tag")
	ref := fl.String("ref", "", "bundle the program as of `REF` (a commit, tag or branch) instead")
	out := fl.String("o", "", "write the bundle to `FILE` (default attest-ORGANIZATION-VERSION.tar.gz, with .age when encrypted, in the current folder; - for stdout)")
	sign := fl.String("sign", "", "sign the manifest with the SSH `KEY`: a private key file, or a public key (file or \"ssh-ed25519 AAAA…\") that ssh-agent holds")
	var to, toFiles listFlag
	fl.Var(&to, "to", "encrypt to `RECIPIENT`: an age public key (age1…) or an SSH public key (\"ssh-ed25519 AAAA…\"); repeatable")
	fl.Var(&toFiles, "to-file", "encrypt to every key in `FILE`, one a line, as https://github.com/NAME.keys lists them; repeatable")
	noPDF := fl.Bool("no-pdf", false, "leave the PDF out")
	quiet := fl.Bool("quiet", false, "print errors only")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q: flags only", fl.Arg(0))}
	}
	versionSet := false
	fl.Visit(func(f *flag.Flag) {
		if f.Name == "version" {
			versionSet = true
		}
	})
	if *ref != "" && versionSet {
		return &usageError{"-version and -ref both name what to bundle: give one"}
	}
	if *ver == "" {
		return &usageError{"-version: want latest or a tag"}
	}

	// Keys first: a bad one fails before the build, and a passphrase is
	// asked for at once.
	recipients, err := bundleRecipients(to, toFiles, stderr)
	if err != nil {
		return err
	}
	var signer ssh.Signer
	if *sign != "" {
		s, done, err := sshSigner(*sign)
		if err != nil {
			return err
		}
		defer done()
		signer = s
	}

	src, err := openProgram(*dir, false, stderr)
	if err != nil {
		return err
	}
	h, err := history.Load(ctx, src.Dir, history.Options{Paths: layout.Sources, Dirty: layout.Watched})
	if err != nil {
		return err
	}
	defer h.Close()
	_ = diag.Write(stderr, "text", h.Diags.Items())
	if h.Repo() == nil || h.Head == nil {
		return &problemsError{"a bundle is made from a commit: " + h.ReleaseError().Error()}
	}
	id, tag, version, err := bundleCommit(ctx, h, *ref, *ver, stderr)
	if err != nil {
		return err
	}

	if err := scratch.SweepTemp("attest-bundle"); err != nil {
		fmt.Fprintf(stderr, "attest bundle: warning: an earlier bundle's leftovers are left: %v\n", err)
	}
	work, err := scratch.Temp("attest-bundle")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	siteDir := filepath.Join(work, "site")
	d, err := build.Describe(ctx, h, id, build.DescribeOptions{Dir: src.Dir, Work: work, Out: siteDir, Stderr: stderr, Log: hugoLog(stderr, *quiet)})
	if err != nil {
		return buildError(err, "", "")
	}
	org := d.Program.Config.Organization.Name
	var printed []byte
	if printPDF != nil && !*noPDF {
		title := "System description"
		if org != "" {
			title = org + " — " + title
		}
		var buf bytes.Buffer
		err := printPDF(ctx, pdfRequest{Site: siteDir, Time: d.Time, Title: title}, &buf)
		var none errNoChromium
		switch {
		case errors.As(err, &none):
			fmt.Fprintf(stderr, "attest bundle: no PDF in the bundle: %v\n", none.err)
		case err != nil:
			return fmt.Errorf("print the PDF: %w (-no-pdf leaves it out)", err)
		default:
			printed = buf.Bytes()
		}
	}

	root := "attest-" + sitepath.Slug(version)
	if org != "" {
		root = "attest-" + sitepath.Slug(org) + "-" + sitepath.Slug(version)
	}
	m := bundle.Manifest{
		Program:    manifestProgram(d.Program.Config),
		Version:    version,
		Commit:     d.Commit,
		Tag:        tag,
		CommitTime: d.Time.Format(time.RFC3339),
		Evaluated:  d.Report.Evaluated.String(),
		Attest:     attestVersion(),
	}
	var signManifest bundle.Signer
	if signer != nil {
		signManifest = func(manifest []byte) ([]byte, error) { return sshsig.Sign(signer, manifest, bundle.Namespace) }
	}
	name := *out
	if name == "" {
		name = root + ".tar.gz"
		if len(recipients) > 0 {
			name += ".age"
		}
	}
	contents := bundle.Contents{Root: root, Site: os.DirFS(siteDir), PDF: printed, Time: d.Time}
	m, size, err := writeBundle(name, stdout, m, contents, signManifest, recipients)
	if err != nil {
		return err
	}

	report := stdout
	if name == "-" {
		report = stderr
	}
	if !*quiet {
		what := "no PDF"
		if printed != nil {
			what = "with the PDF"
		}
		fmt.Fprintf(report, "bundled the system description of %s (%s, commit %s of %s): %d files, %s\n",
			orNone(org, "the program"), version, gitfs.ShortID(d.Commit), d.Time.Format("2006-01-02"), len(m.Files), what)
		if signer != nil {
			fmt.Fprintf(report, "signed MANIFEST.json with %s (namespace %s)\n", sshsig.Fingerprint(signer.PublicKey()), bundle.Namespace)
		}
		if len(recipients) > 0 {
			fmt.Fprintf(report, "encrypted to %s with age\n", english.Count(len(recipients), "recipient", "recipients"))
		}
		if name != "-" {
			fmt.Fprintf(report, "wrote %s (%s)\n", name, byteSize(size))
			fmt.Fprintf(report, "check it with: attest verify %s%s\n", name, verifyHint(signer != nil, len(recipients) > 0))
		}
	}
	return nil
}

// bundleCommit resolves what -ref or -version names to a commit, the tag
// it is, if any, and the version's name: latest, the tag, or the
// commit's short id.
func bundleCommit(ctx context.Context, h *history.History, ref, ver string, stderr io.Writer) (id, tag, version string, err error) {
	repo := h.Repo()
	switch {
	case ref != "":
		id, err = repo.Resolve(ctx, ref)
		if err != nil {
			return "", "", "", fmt.Errorf("-ref %s: %w", ref, err)
		}
		if t, err := repo.Resolve(ctx, "refs/tags/"+ref); err == nil && t == id {
			return id, ref, ref, nil
		}
		return id, "", gitfs.ShortID(id), nil
	case ver == "latest":
		if h.Dirty() {
			fmt.Fprintf(stderr, "attest bundle: warning: the work tree has uncommitted changes; the bundle holds commit %s without them\n", h.Head.Short)
		}
		return h.Head.ID, "", "latest", nil
	default:
		id, err = repo.Resolve(ctx, "refs/tags/"+ver)
		if err != nil {
			return "", "", "", &problemsError{fmt.Sprintf("-version %s: no such tag: give latest, a tag (git tag -l), or -ref for any commit", ver)}
		}
		return id, ver, ver, nil
	}
}

// bundleRecipients reads -to and -to-file; keys age cannot encrypt to
// are skipped from files with a warning, refused when given with -to.
func bundleRecipients(to, files []string, stderr io.Writer) ([]age.Recipient, error) {
	var out []age.Recipient
	for _, s := range to {
		r, err := bundle.ParseRecipient(s)
		if err != nil {
			return nil, &usageError{fmt.Sprintf("-to %s: %v", abbreviate(s), err)}
		}
		out = append(out, r)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("-to-file: %w", err)
		}
		recs, skipped, err := bundle.ParseRecipients(data)
		for _, s := range skipped {
			fmt.Fprintf(stderr, "%s: %s\n", name, s)
		}
		if err != nil {
			return nil, fmt.Errorf("-to-file %s: %w", name, err)
		}
		out = append(out, recs...)
	}
	return out, nil
}

// writeBundle packs the bundle into name ("-": w), encrypted when there
// are recipients, and returns the manifest written and the file's size.
// A file is written beside its name and renamed onto it once whole, so a
// failed run leaves no half bundle; it is readable by its owner only, as
// the description it holds is confidential.
func writeBundle(name string, w io.Writer, m bundle.Manifest, c bundle.Contents, sign bundle.Signer, recipients []age.Recipient) (bundle.Manifest, int64, error) {
	var f *os.File
	if name != "-" {
		var err error
		f, err = os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
		if err != nil {
			return m, 0, err
		}
		defer func() {
			f.Close()
			os.Remove(f.Name()) // gone once renamed
		}()
		w = f
	}
	counted := &countingWriter{w: w}
	var dst io.Writer = counted
	var enc io.WriteCloser
	if len(recipients) > 0 {
		var err error
		if enc, err = bundle.Encrypt(counted, recipients); err != nil {
			return m, 0, err
		}
		dst = enc
	}
	m, err := bundle.Pack(dst, m, c, sign)
	if err != nil {
		return m, 0, err
	}
	if enc != nil {
		if err := enc.Close(); err != nil {
			return m, 0, err
		}
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return m, 0, err
		}
		if err := os.Rename(f.Name(), name); err != nil {
			return m, 0, err
		}
	}
	return m, counted.n, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// manifestProgram is the program and audit as MANIFEST.json states them.
func manifestProgram(c model.Config) bundle.Program {
	a := c.Audit
	p := bundle.Program{
		Organization:   c.Organization.Name,
		Frameworks:     a.Frameworks,
		SOC2Categories: a.SOC2Categories,
		ReportType:     a.ReportType,
		Auditor:        a.Auditor,
		ReportIssued:   a.ReportIssued.String(),
		ReportExpected: a.ReportExpected.String(),
	}
	if a.ReportType == 1 {
		p.AsOf = a.AsOf.String()
	} else {
		p.PeriodStart, p.PeriodEnd = a.PeriodStart.String(), a.PeriodEnd.String()
	}
	return p
}

// attestVersion is the module version attest was built as: "v1.2.3" when
// installed with go install, "(devel)" when built from a checkout.
func attestVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

func verifyHint(signed, encrypted bool) string {
	var hint string
	if signed {
		hint += " -allowed-signers FILE"
	}
	if encrypted {
		hint += " -identity KEY"
	}
	return hint
}

// listFlag is a flag given any number of times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ", ") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// abbreviate shortens a key for a message.
func abbreviate(s string) string {
	if len(s) > 40 {
		return s[:37] + "…"
	}
	return s
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}
