package main

import (
	"context"
	"io"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/diag"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("build [flags]",
		"Builds the public trust center and the private system description.",
		"  attest build",
		stdout)
	dir := fl.String("C", ".", "program `directory`")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	src, err := openProgram(*dir, true, stderr)
	if err != nil {
		return err
	}
	res := compile.Compile(src.FS, compile.Options{})
	_ = diag.Write(stderr, "text", res.Diags.Items())
	if res.Diags.HasErrors() {
		return &problemsError{"the program has errors; nothing was built"}
	}
	return nil
}
