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
	"slices"
	"strings"
)

const (
	// maxManifest and maxSignature bound what Read keeps in memory: a
	// manifest lists a file in about 150 bytes.
	maxManifest  = 64 << 20
	maxSignature = 64 << 10
)

// Archive is a bundle as read back: its manifest and signature as bytes,
// and every other file's size and SHA-256, computed from what the archive
// holds.
type Archive struct {
	Root      string          // the bundle's folder
	Manifest  []byte          // nil: the archive has none
	Signature []byte          // nil: unsigned
	Files     map[string]File // by path under Root
	// Problems are what the archive's layout breaks: an entry outside the
	// bundle's folder, a link, a path given twice.
	Problems []Problem
}

// Read reads a gzipped tar written by Pack, hashing every file as it goes;
// nothing is written to disk. It fails only when the input is not a
// gzipped tar or cannot be read; what is wrong inside is in Problems.
func Read(r io.Reader) (*Archive, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, ErrNotBundle
	}
	defer gz.Close()
	a := &Archive{Files: map[string]File{}}
	seen := map[string]bool{}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read the archive: %w", err)
		}
		name := hdr.Name
		root, rel, _ := strings.Cut(strings.TrimSuffix(name, "/"), "/")
		if a.Root == "" && validRoot(root) {
			a.Root = root
		}
		switch {
		case !validPath(name) || root != a.Root:
			a.problem(name, fmt.Sprintf("outside the bundle's folder %s/: a bundle holds one folder", a.Root))
			continue
		case hdr.Typeflag == tar.TypeDir:
			continue
		case hdr.Typeflag != tar.TypeReg:
			a.problem(rel, "a link or special file: a bundle holds files and folders only")
			continue
		case rel == "":
			a.problem(name, "a file where the bundle's folder should be")
			continue
		case seen[rel]:
			a.problem(rel, "twice in the archive")
			continue
		}
		seen[rel] = true
		switch rel {
		case ManifestName:
			if a.Manifest, err = readLimited(tr, maxManifest); err != nil {
				return nil, fmt.Errorf("%s: %w", rel, err)
			}
		case SignatureName:
			if a.Signature, err = readLimited(tr, maxSignature); err != nil {
				return nil, fmt.Errorf("%s: %w", rel, err)
			}
		default:
			h := sha256.New()
			n, err := io.Copy(h, tr)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", rel, err)
			}
			a.Files[rel] = File{Path: rel, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
		}
	}
	if a.Root == "" {
		return nil, errors.New("the archive is empty: " + ErrNotBundle.Error())
	}
	return a, nil
}

func readLimited(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("larger than %d bytes: not a bundle's", limit)
	}
	return data, nil
}

// validPath reports whether name, an archive entry's, stays inside the
// folder the archive is extracted in.
func validPath(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || strings.Contains(name, "\x00") {
		return false
	}
	for el := range strings.SplitSeq(strings.TrimSuffix(name, "/"), "/") {
		if el == "" || el == "." || el == ".." {
			return false
		}
	}
	return true
}

func (a *Archive) problem(p, msg string) {
	a.Problems = append(a.Problems, Problem{Path: p, Message: msg})
}

// ParseManifest reads MANIFEST.json, refusing another format, unknown
// fields (a field this attest does not know could carry a claim it does
// not check) and paths that leave the bundle's folder.
func ParseManifest(data []byte) (Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return m, fmt.Errorf("%s does not parse: %w", ManifestName, err)
	}
	if dec.More() {
		return m, fmt.Errorf("%s does not parse: more than one JSON value", ManifestName)
	}
	if m.Format != Format {
		return m, fmt.Errorf("%s is of format %q; this attest reads %q", ManifestName, m.Format, Format)
	}
	for _, f := range m.Files {
		if !validPath(f.Path) || f.Path == ManifestName || f.Path == SignatureName {
			return m, fmt.Errorf("%s lists %q, which cannot be a file of the bundle", ManifestName, f.Path)
		}
	}
	return m, nil
}

// Check compares the archive with its manifest: every file listed must be
// there with its size and SHA-256, and every file there must be listed.
// It returns the manifest (zero when there is none that parses) and every
// problem, the archive's layout's included, sorted by path.
func (a *Archive) Check() (Manifest, []Problem) {
	problems := slices.Clone(a.Problems)
	sorted := func() []Problem {
		slices.SortStableFunc(problems, func(x, y Problem) int { return strings.Compare(x.Path, y.Path) })
		return problems
	}
	if a.Manifest == nil {
		problems = append(problems, Problem{ManifestName, "missing: the archive has no manifest, so nothing in it can be checked"})
		return Manifest{}, sorted()
	}
	m, err := ParseManifest(a.Manifest)
	if err != nil {
		problems = append(problems, Problem{ManifestName, strings.TrimPrefix(err.Error(), ManifestName+" ")})
		return Manifest{}, sorted()
	}
	listed := map[string]bool{}
	for _, f := range m.Files {
		if listed[f.Path] {
			problems = append(problems, Problem{f.Path, "listed twice in the manifest"})
			continue
		}
		listed[f.Path] = true
		got, ok := a.Files[f.Path]
		switch {
		case !ok:
			problems = append(problems, Problem{f.Path, "missing: the manifest lists it, the archive does not hold it"})
		case got.SHA256 != f.SHA256 || got.Size != f.Size:
			problems = append(problems, Problem{f.Path, fmt.Sprintf("changed: %d bytes with SHA-256 %s, where the manifest says %d bytes with SHA-256 %s", got.Size, short(got.SHA256), f.Size, short(f.SHA256))})
		}
	}
	for p := range a.Files {
		if !listed[p] {
			problems = append(problems, Problem{p, "not in the manifest: added after the bundle was made"})
		}
	}
	return m, sorted()
}

func short(sum string) string {
	if len(sum) > 16 {
		return sum[:16] + "…"
	}
	return sum
}
