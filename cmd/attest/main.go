// Command attest compiles a compliance program kept in git into a public
// trust center and a private system description.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/attest-dev/attest/generator/diag"
)

// command is one subcommand: its name, one-line summary and entry point.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"check", "check the program and report every problem", runCheck},
		{"build", "build the trust center and the system description", runBuild},
		{"init", "start a new program with starter policies and controls", runInit},
		{"new", "add a policy, control, risk or subprocessor", runNew},
		{"serve", "preview both sites, rebuilding and reloading as you edit", runServe},
		{"deploy", "publish the trust center to a bucket, uploading only what changed", runDeploy},
		{"pdf", "print the system description to one PDF (headless Chromium)", runPDF},
		{"status", "summarise readiness, gaps, exceptions and what falls due", runStatus},
		{"evidence", "add evidence to a control's manifest, or verify every evidence file", runEvidence},
		{"import", "convert a strongdm/comply project into this program", runImport},
		{"bundle", "pack the system description for the auditor: one signed, reproducible archive", runBundle},
		{"verify", "check a bundle: every file against its manifest, and its signature", runVerify},
	}
}

const usageHead = `attest turns a compliance program kept in git into two static sites.

Usage:
  attest <command> [flags]

Commands:
`

const usageTail = `
Run 'attest <command> -h' for a command's flags and an example.
`

func usage(w io.Writer) {
	fmt.Fprint(w, usageHead)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, usageTail)
}

// usageError is an error in how attest was called: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// problemsError means the run worked and found problems in the program: exit status 1.
type problemsError struct{ msg string }

func (e *problemsError) Error() string { return e.msg }

func main() {
	// Ctrl+C, a closed terminal (SIGHUP) and a service manager's stop
	// (SIGTERM) end the command by its context, so that build and serve
	// remove their folders — serve's holds the private site — before
	// exiting. A second signal kills at once; the next run removes what
	// that left (scratch).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	context.AfterFunc(ctx, stop)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and maps its error to an exit status:
// 0 clean, 1 problems found, 2 usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		var ue *usageError
		var pe *problemsError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, errHelp):
			return 0
		case errors.Is(err, context.Canceled) && ctx.Err() != nil:
			fmt.Fprintf(stderr, "attest %s: interrupted\n", c.name)
			return 1
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "attest %s: %v\n", c.name, err)
			return 2
		case errors.As(err, &pe):
			if pe.msg != "" {
				fmt.Fprintf(stderr, "attest %s: %v\n", c.name, err)
			}
			return 1
		default:
			// Problems placed in files (a template of layouts/ that
			// failed) open their own lines, file:line:col first, as
			// editors and CI read them; the summary follows.
			var placed *diag.ListError
			if errors.As(err, &placed) {
				_ = diag.Write(stderr, "text", placed.List.Items())
			}
			fmt.Fprintf(stderr, "attest %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "attest: unknown command %q\n\n", args[0])
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	fmt.Fprintf(stderr, "Commands: %s\n", strings.Join(names, ", "))
	return 2
}
