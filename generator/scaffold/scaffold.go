// Package scaffold writes the files of a new compliance program (attest init)
// and of new items in an existing one (attest new) from embedded templates.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// File is one file to write, by slash-separated path relative to the program root.
type File struct {
	Path string
	Data []byte
}

// ExistsError reports files that are already there; nothing was written.
type ExistsError struct{ Paths []string }

func (e *ExistsError) Error() string {
	const show = 5
	list := e.Paths
	more := ""
	if len(list) > show {
		more = fmt.Sprintf(" and %d more", len(list)-show)
		list = list[:show]
	}
	return fmt.Sprintf("refusing to overwrite %s%s: move them away or choose another folder", strings.Join(list, ", "), more)
}

// WriteNew writes files under dir. It checks first that none of them exists
// and then creates each exclusively, so an existing file is never replaced,
// not even one created meanwhile.
func WriteNew(dir string, files []File) error {
	var exist []string
	for _, f := range files {
		_, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err == nil {
			exist = append(exist, f.Path)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if len(exist) > 0 {
		return &ExistsError{exist}
	}
	for _, f := range files {
		if err := createFile(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data); err != nil {
			return err
		}
	}
	return nil
}

func createFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return &ExistsError{[]string{name}}
		}
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
