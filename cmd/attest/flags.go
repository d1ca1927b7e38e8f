package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

var errHelp = errors.New("help shown")

// newFlags returns a flag set whose -h prints usage, an example and the flags.
func newFlags(name, usage, example string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("attest "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(stdout, "Usage: attest %s\n\n%s\n\nExample:\n%s\n\nFlags:\n", name, usage, example)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parseFlags parses args, turning -h into errHelp and other mistakes into
// usage errors. The flag package has printed the usage for -h already.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return &usageError{err.Error()}
	}
	return nil
}
