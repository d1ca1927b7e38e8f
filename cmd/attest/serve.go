package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"github.com/attest-dev/attest/generator/build"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/serve"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("serve [flags]",
		"Builds both sites in memory and serves them while you edit: the trust center at /,\n"+
			"the system description at /private/. Every saved change to config.toml, policies/,\n"+
			"content/, evidence/, themes/ or layouts/ rebuilds what changed and reloads open pages;\n"+
			"errors appear over the page, which keeps showing the last good build.\n"+
			"On an address other than loopback the private site needs -auth.",
		"  attest serve\n"+
			"  attest serve -bind 0.0.0.0 -port 8080 -auth \"$(openssl rand -hex 16)\"   # share on the network",
		stdout)
	dir := fl.String("C", ".", "program `directory`")
	bind := fl.String("bind", "127.0.0.1", "`address` to listen on")
	port := fl.Int("port", 1313, "`port` to listen on (0 picks a free one)")
	token := fl.String("auth", "", "`token` the private site asks for (as the password; any user name)")
	quiet := fl.Bool("quiet", false, "print only the address and errors")
	verbose := fl.Bool("verbose", false, "print each change, warnings and timings")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if *quiet && *verbose {
		return &usageError{"-quiet and -verbose contradict each other: choose one"}
	}
	src, err := openProgram(*dir, false, stderr)
	if err != nil {
		return err
	}
	if _, err := fs.Stat(src.FS, compile.ConfigFile); err != nil {
		return fmt.Errorf("no %s in %s: run 'attest init' to start a program, or pass -C", compile.ConfigFile, src.Dir)
	}
	// History is read once: its reviews count for status exactly as in
	// attest build, and its HEAD dates the pages. Revision tables are left to
	// attest build, so that an edit re-renders only what it changed.
	h, err := history.Load(ctx, src.Dir, history.Options{Paths: layout.Sources})
	if err != nil {
		return err
	}
	defer h.Close()
	if !*quiet {
		_ = diag.Write(stderr, "text", h.Diags.Items())
	}
	loopback := isLoopback(*bind)
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("port %d is in use on %s: stop what uses it, or pass -port", *port, *bind)
		}
		return err
	}
	srv, err := serve.New(serve.Options{
		Dir:      src.Dir,
		Root:     src.FS,
		Render:   build.Preview(src.Dir, h, hugoLog(stderr, *quiet), cachesOff()),
		Token:    *token,
		Loopback: loopback,
		Log:      stderr,
		Verbose:  *verbose,
		Quiet:    *quiet,
	})
	if err != nil {
		ln.Close()
		return err
	}
	defer srv.Close()

	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ran := make(chan error, 1)
	go func() { ran <- srv.Run(ctx) }()

	select {
	case <-srv.Ready():
	case err := <-ran:
		hs.Close()
		return err
	}
	base := "http://" + displayAddr(ln.Addr(), *bind)
	fmt.Fprintf(stdout, "Serving %s\n  trust center        %s/\n", src.Dir, base)
	switch {
	case *token != "":
		fmt.Fprintf(stdout, "  system description  %s/private/   (password: the -auth token)\n", base)
	case loopback:
		fmt.Fprintf(stdout, "  system description  %s/private/\n", base)
	default:
		fmt.Fprintf(stdout, "  system description  not served: %s is not a loopback address; pass -auth TOKEN to serve it\n", *bind)
	}
	if !*quiet {
		fmt.Fprintln(stdout, "Watching for changes; press Ctrl+C to stop.")
	}

	var runErr error
	select {
	case runErr = <-ran:
	case err := <-served:
		cancel()
		<-ran
		return fmt.Errorf("serve: %w", err)
	}
	srv.Close() // ends the event streams, so that Shutdown does not wait on them
	shut, done := context.WithTimeout(context.Background(), 2*time.Second)
	defer done()
	hs.Shutdown(shut)
	return runErr
}

// isLoopback reports whether addr only accepts connections from this machine.
func isLoopback(addr string) bool {
	if addr == "localhost" {
		return true
	}
	ip := net.ParseIP(addr)
	return ip != nil && ip.IsLoopback()
}

// displayAddr is the address to print: the bound port, with a host a
// browser can open.
func displayAddr(a net.Addr, bind string) string {
	_, port, _ := net.SplitHostPort(a.String())
	host := bind
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
