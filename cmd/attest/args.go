package main

import (
	"strings"
)

// parseInterspersed parses flags that may come before or after positional
// arguments ("attest init acme -frameworks soc2"), which the flag package
// alone stops at, and returns the positional arguments in order.
func parseInterspersed(fs *flagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" || !strings.HasPrefix(rest[0], "-") || rest[0] == "-" {
			// flag.Parse stops at the first non-flag; take it and go on.
			if rest[0] == "--" {
				return append(pos, rest[1:]...), nil
			}
			pos = append(pos, rest[0])
			args = rest[1:]
			continue
		}
		args = rest
	}
}

// splitList reads a comma-separated flag value into its non-empty items.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
