package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

var errHelp = errors.New("help shown")

// flagSet is a command's flags and the usage -h prints.
type flagSet struct {
	*flag.FlagSet
	command string // "check", "evidence add"
	usage   func()
}

// newFlags returns a flag set whose -h prints usage, an example and the flags.
func newFlags(name, usage, example string, stdout io.Writer) *flagSet {
	fs := flag.NewFlagSet("attest "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	// The flag package calls Usage on every mistake as well as for -h:
	// parseFlags prints it for -h alone, once.
	fs.Usage = func() {}
	return &flagSet{
		FlagSet: fs,
		command: commandOf(name),
		usage: func() {
			fmt.Fprintf(stdout, "Usage: attest %s\n\n%s\n\nExample:\n%s\n\nFlags:\n", name, usage, example)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			fs.SetOutput(io.Discard)
		},
	}
}

// commandOf is the command's name at the start of its usage line: "evidence
// add" in "evidence add FILE -control ID [flags]", "new" in "new policy|… NAME".
func commandOf(usageLine string) string {
	var words []string
	for _, w := range strings.Fields(usageLine) {
		if strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") != "" {
			break
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// parseFlags parses args, turning -h into errHelp (the usage printed) and
// other mistakes into usage errors that say where the flags are listed,
// without the whole usage: stdout may be piped into another program.
func parseFlags(fs *flagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.usage()
			return errHelp
		}
		return &usageError{fmt.Sprintf("%v (attest %s -h lists the flags)", err, fs.command)}
	}
	return nil
}
