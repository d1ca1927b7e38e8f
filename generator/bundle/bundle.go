// Package bundle packs a built system description into one reproducible, signable archive with a manifest of every file, and reads one back to check it.
//
// An archive is a gzipped tar of one folder:
//
//	attest-<organization>-<version>/
//	  MANIFEST.json       what the bundle is, and every other file's path, size and SHA-256
//	  MANIFEST.json.sig   an SSH signature of MANIFEST.json (ssh-keygen -Y verify -n attest), when signed
//	  system-description.pdf   when a PDF was made
//	  site/               the system description as built: open site/index.html
//
// The same inputs give the same bytes, as Go's module zips and git archive
// do: entries sorted by path, every time the commit's, owner 0 and no owner
// names, modes 0644 and 0755, and a gzip header without time or name.
package bundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

const (
	// Format names the manifest's layout; a reader refuses others.
	Format = "attest-bundle/1"
	// ManifestName and SignatureName are at the root of the bundle's folder.
	ManifestName  = "MANIFEST.json"
	SignatureName = "MANIFEST.json.sig"
	// SiteDir holds the site; PDFName the PDF of the same description.
	SiteDir = "site"
	PDFName = "system-description.pdf"
	// Namespace is what the manifest's SSH signature is made for: a
	// signature made for git or anything else does not stand in for it.
	Namespace = "attest"
)

// Manifest is MANIFEST.json: what the bundle is, and every file it holds
// besides the manifest and its signature.
type Manifest struct {
	Format  string  `json:"format"`
	Program Program `json:"program"`
	// Version is "latest", the tag, or the commit's short id for a bundle
	// of any other commit.
	Version    string `json:"version"`
	Commit     string `json:"commit"`
	Tag        string `json:"tag,omitempty"`
	CommitTime string `json:"commit_time"` // RFC 3339, the committer's
	// Evaluated is the day statuses are judged at (status.Report.Evaluated):
	// the commit's date.
	Evaluated string `json:"evaluated"`
	// Attest is the version of attest that built the bundle: its module
	// version, or "(devel)" for a build from source.
	Attest string `json:"attest"`
	Files  []File `json:"files"`
}

// Program is the program and the audit the description is for, as
// config.toml states them.
type Program struct {
	Organization   string   `json:"organization"`
	Frameworks     []string `json:"frameworks"`
	SOC2Categories []string `json:"soc2_categories,omitempty"`
	// ReportType is 1 for a report at a point in time (AsOf), 2 for one
	// over a period (PeriodStart to PeriodEnd).
	ReportType     int    `json:"report_type"`
	PeriodStart    string `json:"period_start,omitempty"`
	PeriodEnd      string `json:"period_end,omitempty"`
	AsOf           string `json:"as_of,omitempty"`
	Auditor        string `json:"auditor,omitempty"`
	ReportIssued   string `json:"report_issued,omitempty"`
	ReportExpected string `json:"report_expected,omitempty"`
}

// File is one file of the bundle: its path in the bundle's folder, with
// slashes, its size and its SHA-256 in hex.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Contents is what a bundle holds besides its manifest.
type Contents struct {
	Root string    // the archive's one folder: "attest-northwind-ledger-latest"
	Site fs.FS     // the built site, packed under site/
	PDF  []byte    // the PDF of the description; nil: none
	Time time.Time // every entry's time: the commit's
}

// Signer signs the manifest's bytes and returns the armored signature.
type Signer func(manifest []byte) ([]byte, error)

// Pack writes the bundle of c to w, with m as its manifest once every
// file is listed in it, signed by sign when not nil, and returns the
// manifest written.
func Pack(w io.Writer, m Manifest, c Contents, sign Signer) (Manifest, error) {
	if !validRoot(c.Root) {
		return m, fmt.Errorf("bundle: %q cannot name the bundle's folder", c.Root)
	}
	type source struct {
		open func() (io.ReadCloser, error)
		size int64
	}
	sources := map[string]source{}
	m.Format, m.Files = Format, nil
	add := func(name string, open func() (io.ReadCloser, error)) error {
		f, err := open()
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		n, err := io.Copy(h, f)
		if err != nil {
			return fmt.Errorf("bundle: read %s: %w", name, err)
		}
		m.Files = append(m.Files, File{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))})
		sources[name] = source{open, n}
		return nil
	}
	if c.Site != nil {
		err := fs.WalkDir(c.Site, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			switch {
			case d.IsDir():
				return nil
			case !d.Type().IsRegular():
				return fmt.Errorf("bundle: the site holds %s, which is not a file: a bundle holds files and folders only", name)
			}
			return add(SiteDir+"/"+name, func() (io.ReadCloser, error) { return c.Site.Open(name) })
		})
		if err != nil {
			return m, err
		}
	}
	if c.PDF != nil {
		if err := add(PDFName, bytesOpener(c.PDF)); err != nil {
			return m, err
		}
	}
	slices.SortFunc(m.Files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })

	manifest, err := encodeManifest(m)
	if err != nil {
		return m, err
	}
	files := map[string][]byte{ManifestName: manifest}
	if sign != nil {
		sig, err := sign(manifest)
		if err != nil {
			return m, fmt.Errorf("bundle: sign the manifest: %w", err)
		}
		files[SignatureName] = sig
	}
	for name, data := range files {
		sources[name] = source{bytesOpener(data), int64(len(data))}
	}

	// Every folder gets an entry of its own, as git archive gives them,
	// so that extracting makes each with the archive's mode and time.
	dirs := map[string]bool{"": true}
	var names []string
	for name := range sources {
		names = append(names, name)
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			dirs[d+"/"] = true
		}
	}
	for d := range dirs {
		names = append(names, d)
	}
	slices.Sort(names)

	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return m, err
	}
	// No time and no name in the gzip header (its zero values), so the
	// bytes depend on the contents only.
	tw := tar.NewWriter(gz)
	mtime := c.Time.UTC().Truncate(time.Second)
	for _, name := range names {
		hdr := &tar.Header{
			Name:    c.Root + "/" + name,
			ModTime: mtime,
			Format:  tar.FormatPAX,
		}
		if strings.HasSuffix(name, "/") || name == "" {
			hdr.Typeflag, hdr.Mode = tar.TypeDir, 0o755
			if err := tw.WriteHeader(hdr); err != nil {
				return m, fmt.Errorf("bundle: %w", err)
			}
			continue
		}
		src := sources[name]
		f, err := src.open()
		if err != nil {
			return m, err
		}
		// The size hashed: a file whose size changed since fails the
		// write. (The site is a folder of the run's own, which nothing
		// else writes.)
		hdr.Typeflag, hdr.Mode, hdr.Size = tar.TypeReg, 0o644, src.size
		if err := tw.WriteHeader(hdr); err != nil {
			f.Close()
			return m, fmt.Errorf("bundle: %w", err)
		}
		_, err = io.Copy(tw, f)
		f.Close()
		if err != nil {
			return m, fmt.Errorf("bundle: write %s: %w", name, err)
		}
	}
	if err := tw.Close(); err != nil {
		return m, fmt.Errorf("bundle: %w", err)
	}
	if err := gz.Close(); err != nil {
		return m, fmt.Errorf("bundle: %w", err)
	}
	return m, nil
}

func bytesOpener(data []byte) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
}

func encodeManifest(m Manifest) ([]byte, error) {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("bundle: manifest: %w", err)
	}
	return append(data, '\n'), nil
}

// validRoot reports whether name can be the archive's one folder: one
// path element, not . or .., no backslash.
func validRoot(name string) bool {
	return name != "" && name != "." && name != ".." && !strings.ContainsAny(name, "/\\\x00")
}

// Problem is one way a bundle does not hold what its manifest says, at a
// path of the bundle's folder.
type Problem struct {
	Path    string
	Message string
}

func (p Problem) String() string { return p.Path + ": " + p.Message }

// ErrNotBundle means the input is neither a gzipped tar nor age-encrypted.
var ErrNotBundle = errors.New("not an attest bundle: neither a .tar.gz nor an age-encrypted one")
