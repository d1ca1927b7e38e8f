package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/attest-dev/attest"
	"github.com/attest-dev/attest/generator/compile"
)

// programSource is where a command reads the program from.
type programSource struct {
	FS       fs.FS
	Dir      string // absolute directory on disk; "" for the embedded sample
	Embedded bool
}

// openProgram opens the program in dir. With no config.toml there and
// allowSample set, it falls back to the embedded sample program and says so.
func openProgram(dir string, allowSample bool, stderr io.Writer) (programSource, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return programSource{}, err
	}
	if _, err := os.Stat(filepath.Join(abs, compile.ConfigFile)); errors.Is(err, fs.ErrNotExist) && allowSample {
		fmt.Fprintf(stderr, "attest: no config.toml in %s: using the embedded sample program (run 'attest init' to start your own)\n", abs)
		return programSource{FS: attest.Sample(), Embedded: true}, nil
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return programSource{}, fmt.Errorf("open program: %w", err)
	}
	// os.Root refuses symbolic links that lead outside the repository, so a
	// link cannot pull in files the repository does not hold.
	return programSource{FS: root.FS(), Dir: abs}, nil
}
