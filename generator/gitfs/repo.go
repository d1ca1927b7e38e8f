// Package gitfs reads a git repository without touching its work tree: commits
// and tags by name or date, and a commit's files as an fs.FS read from objects.
package gitfs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ErrNotRepository is returned by Open for a directory that is not inside a
// git work tree.
var ErrNotRepository = errors.New("not a git repository")

// ErrNoGit is returned by Open when the git command cannot be run.
var ErrNoGit = errors.New("git is not installed or not on PATH")

// Repo is a git repository seen from a program's directory, which may be
// the repository's root or a folder inside it. Paths given to and returned by
// a Repo are relative to that directory. A Repo holds one long-lived
// `git cat-file --batch` process; Close ends it. It is safe for concurrent use.
type Repo struct {
	dir     string // the program's directory, absolute
	top     string // the work tree's root, absolute
	prefix  string // dir relative to top, with a trailing slash; "" at the root
	gitDir  string // absolute
	shallow []string
	oidLen  int // hex digits of an object id: 40 (sha1) or 64 (sha256)

	objects *objectStore
}

// Open opens the repository that holds dir. It returns ErrNotRepository when
// dir is not inside a git work tree and ErrNoGit when git cannot be run.
func Open(ctx context.Context, dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	r := &Repo{dir: abs}
	out, err := r.Git(ctx, "rev-parse", "--show-toplevel", "--show-prefix", "--absolute-git-dir",
		"--is-shallow-repository", "--show-object-format", "--git-path", "shallow")
	if err != nil {
		var ee *exec.Error
		switch {
		case errors.As(err, &ee):
			return nil, fmt.Errorf("%w (%v)", ErrNoGit, ee.Err)
		case strings.Contains(err.Error(), "not a git repository"):
			return nil, fmt.Errorf("%s: %w", abs, ErrNotRepository)
		}
		return nil, err
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 6 {
		return nil, fmt.Errorf("git rev-parse in %s: unexpected output %q", abs, out)
	}
	r.top, r.prefix, r.gitDir = lines[0], lines[1], lines[2]
	switch lines[4] {
	case "sha1":
		r.oidLen = 40
	case "sha256":
		r.oidLen = 64
	default:
		return nil, fmt.Errorf("%s: unsupported object format %q", abs, lines[4])
	}
	if lines[3] == "true" {
		shallowFile := lines[5]
		if !filepath.IsAbs(shallowFile) {
			shallowFile = filepath.Join(abs, shallowFile)
		}
		data, err := os.ReadFile(shallowFile)
		if err != nil {
			return nil, fmt.Errorf("read the shallow clone's boundary: %w", err)
		}
		r.shallow = strings.Fields(string(data))
	}
	r.objects = newObjectStore(r)
	return r, nil
}

// Close ends the repository's cat-file process.
func (r *Repo) Close() error { return r.objects.close() }

// Dir returns the program's directory.
func (r *Repo) Dir() string { return r.dir }

// Prefix returns the program's directory relative to the repository root,
// with a trailing slash, or "" when the program is at the root.
func (r *Repo) Prefix() string { return r.prefix }

// Shallow returns the boundary commits of a shallow clone (whose parents
// are missing), or nil for a complete repository.
func (r *Repo) Shallow() []string { return r.shallow }

// Git runs git in the program's directory and returns its standard output.
// A failure's error holds git's own message, which usually says what to do.
func (r *Repo) Git(ctx context.Context, args ...string) ([]byte, error) {
	cmd := r.command(ctx, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.Error
		if errors.As(err, &ee) || ctx.Err() != nil {
			return nil, err
		}
		msg := strings.TrimSpace(stderr.String())
		msg = strings.TrimPrefix(msg, "fatal: ")
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return stdout.Bytes(), nil
}

// GitPipe runs git and hands its standard output to read while git writes
// it, so that a long output is parsed as it comes, on another core. If read
// fails, git is stopped and read's error returned.
func (r *Repo) GitPipe(ctx context.Context, read func(io.Reader) error, args ...string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := r.command(ctx, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	readErr := read(stdout)
	if readErr != nil {
		cancel()
	}
	// Drain what read left, so that git is not blocked writing it.
	io.Copy(io.Discard, stdout)
	waitErr := cmd.Wait()
	switch {
	case readErr != nil:
		return readErr
	case ctx.Err() != nil:
		return ctx.Err()
	case waitErr != nil:
		msg := strings.TrimPrefix(strings.TrimSpace(stderr.String()), "fatal: ")
		if msg == "" {
			msg = waitErr.Error()
		}
		return fmt.Errorf("git %s: %s", args[0], msg)
	}
	return nil
}

// command prepares a git command whose output does not depend on the user's
// configuration where attest parses it, and which takes no optional locks, so
// that reading a repository never competes with someone committing to it.
func (r *Repo) command(ctx context.Context, args ...string) *exec.Cmd {
	full := append([]string{
		"-c", "core.quotePath=false",
		"-c", "log.showSignature=false",
		"-c", "color.ui=false",
		"--no-pager",
	}, args...)
	cmd := exec.CommandContext(ctx, "git", full...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
	return cmd
}

// Resolve returns the full id of the commit that rev (a branch, tag, commit
// id or any git revision expression) names.
func (r *Repo) Resolve(ctx context.Context, rev string) (string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, " \t\r\n") {
		return "", fmt.Errorf("%q is not a revision: give a branch, tag or commit", rev)
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	id, err := r.objects.resolve(rev)
	if errors.Is(err, errNoRevision) {
		return "", fmt.Errorf("%q is not a branch, tag or commit of the repository at %s", rev, r.top)
	}
	return id, err
}

// AsOf returns the last commit on rev's first-parent line (the main line, as
// merged) whose committer date is at or before t. Following first parents
// only means a branch commit dated before t but merged after it is not
// mistaken for the state of the program at t.
func (r *Repo) AsOf(ctx context.Context, rev string, t time.Time) (string, error) {
	tip, err := r.Resolve(ctx, rev)
	if err != nil {
		return "", err
	}
	out, err := r.Git(ctx, "rev-list", "-1", "--first-parent", "--min-age="+strconv.FormatInt(t.Unix(), 10), tip)
	if err != nil {
		return "", err
	}
	id := strings.TrimSpace(string(out))
	if id == "" {
		return "", fmt.Errorf("no commit of %s is dated at or before %s: the repository's history starts later", rev, t.UTC().Format(time.RFC3339))
	}
	return id, nil
}

// Tag is a git tag that names a commit.
type Tag struct {
	Name    string    // without refs/tags/
	Commit  string    // the commit it names, peeled
	Date    time.Time // the tagger's date for an annotated tag, the commit's otherwise
	Subject string    // the first line of an annotated tag's message
}

// Tags returns the tags whose name matches glob (path.Match syntax, so "*"
// does not cross a "/"), oldest first, then by name. Tags of anything but a
// commit are left out. An empty glob matches none.
func (r *Repo) Tags(ctx context.Context, glob string) ([]Tag, error) {
	if glob == "" {
		return nil, nil
	}
	if _, err := matchTag(glob, ""); err != nil {
		return nil, fmt.Errorf("tag pattern %q: %w", glob, err)
	}
	out, err := r.Git(ctx, "for-each-ref", "--format="+tagFormat, "refs/tags")
	if err != nil {
		return nil, err
	}
	return parseTags(out, glob)
}

// ReadBlob returns the content of the blob with id oid. Blobs are cached by
// id, so asking twice costs one read.
func (r *Repo) ReadBlob(ctx context.Context, oid string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	data, err := r.objects.blob(oid)
	if err != nil {
		return nil, err
	}
	return bytes.Clone(data), nil
}
