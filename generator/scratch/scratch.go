// Package scratch makes the folders a run of attest works in — beside its
// outputs, or in the system's temporary folder — each named for the process
// that owns it, and removes those that a run killed before it could clean up
// left behind.
//
// A folder's name carries its owner: the process id and a tag of the host,
// as in ".public.build-4242-1a2b3c4d-81726354". A later run removes a
// leftover only when its owner is a process of this host that no longer
// runs. So two runs at once never remove each other's folders (a live
// owner is never gone), a process id used again by another program only
// keeps a leftover until a later run, and a folder shared with other hosts
// or containers (whose processes this one cannot see) keeps theirs. A lock
// file would need a platform's locking and a second file per folder; the
// name alone says all that is needed.
package scratch

import (
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
)

// Owner is the part of a scratch folder's name that names the process pid
// of this host: "4242-1a2b3c4d".
func Owner(pid int) string { return strconv.Itoa(pid) + "-" + host }

// host tags this machine (or container), whose process ids alone say
// nothing of another's: a hash of its host name, eight hex digits.
var host = func() string {
	name, _ := os.Hostname()
	h := fnv.New32a()
	h.Write([]byte(name))
	return fmt.Sprintf("%08x", h.Sum32())
}()

// Beside makes a new, empty folder beside out, where it can be renamed onto
// out: ".<name of out>.<kind>-<owner>-<random>".
func Beside(out, kind string) (string, error) {
	return os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+"."+kind+"-"+Owner(os.Getpid())+"-")
}

// SweepBeside removes from beside out what Beside left, of any kind, for
// processes gone: folders, and anything named after them (a previous
// output moved aside as "<folder>.old").
func SweepBeside(out string) error {
	return sweep(filepath.Dir(out), regexp.QuoteMeta("."+filepath.Base(out)+".")+`[a-z]+-`)
}

// Temp makes a new, empty folder in the system's temporary folder:
// "<name>-<owner>-<random>".
func Temp(name string) (string, error) {
	return os.MkdirTemp("", name+"-"+Owner(os.Getpid())+"-")
}

// SweepTemp removes from the system's temporary folder what Temp(name) left
// for processes gone.
func SweepTemp(name string) error {
	return sweep(os.TempDir(), regexp.QuoteMeta(name)+"-")
}

// sweep removes the entries of dir whose names are prefix (a regular
// expression), an owner and more, when the owner is a process of this host
// that no longer runs.
func sweep(dir, prefix string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	named := regexp.MustCompile(`^` + prefix + `([0-9]+)-([0-9a-f]{8})-`)
	var errs []error
	for _, e := range entries {
		m := named.FindStringSubmatch(e.Name())
		if m == nil || m[2] != host {
			continue
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil || pid == os.Getpid() || running(pid) {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
