package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/attest-dev/attest/generator/sshsig"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
	"golang.org/x/term"
)

// sshSigner finds the key -sign names, as git's user.signingKey does with
// gpg.format=ssh: a private key file, used directly (its passphrase asked
// on the terminal unless ssh-agent holds the key), or a public key — a
// .pub file or the key itself, "ssh-ed25519 AAAA…" or "key::ssh-ed25519
// AAAA…" — whose private half ssh-agent holds (SSH_AUTH_SOCK). done
// closes the agent's connection once signing is over.
func sshSigner(spec string) (signer ssh.Signer, done func(), err error) {
	nothing := func() {}
	literal := strings.TrimPrefix(spec, "key::")
	if pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(literal)); err == nil {
		return agentSigner(pub)
	}
	name := expandHome(spec)
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, nothing, fmt.Errorf("-sign: %w", err)
	}
	if pub, _, _, _, err := ssh.ParseAuthorizedKey(data); err == nil {
		return agentSigner(pub)
	}
	s, err := ssh.ParsePrivateKey(data)
	var missing *ssh.PassphraseMissingError
	switch {
	case err == nil:
		return s, nothing, nil
	case errors.As(err, &missing):
		// A key with a passphrase: the agent's copy, when it holds one,
		// spares asking for it.
		if missing.PublicKey != nil {
			if s, done, err := agentSigner(missing.PublicKey); err == nil {
				return s, done, nil
			}
		}
		pass, err := askPassphrase(fmt.Sprintf("Enter passphrase for %s: ", spec))
		if err != nil {
			return nil, nothing, fmt.Errorf("-sign %s: the key has a passphrase and %v: add it to ssh-agent (ssh-add %s)", spec, err, spec)
		}
		s, err := ssh.ParsePrivateKeyWithPassphrase(data, pass)
		if err != nil {
			return nil, nothing, fmt.Errorf("-sign %s: %w", spec, err)
		}
		return s, nothing, nil
	default:
		return nil, nothing, fmt.Errorf("-sign %s: neither an SSH private key nor a public key: %v", spec, err)
	}
}

// agentSigner is the signer of ssh-agent that holds pub's private half.
func agentSigner(pub ssh.PublicKey) (ssh.Signer, func(), error) {
	nothing := func() {}
	sock := os.Getenv("SSH_AUTH_SOCK")
	if sock == "" {
		return nil, nothing, fmt.Errorf("-sign names the public key %s, whose private half an ssh-agent must hold, and SSH_AUTH_SOCK is not set: start ssh-agent and ssh-add the key, or give the private key file", sshsig.Fingerprint(pub))
	}
	conn, err := net.Dial("unix", sock)
	if err != nil {
		return nil, nothing, fmt.Errorf("-sign: reach ssh-agent at SSH_AUTH_SOCK: %w", err)
	}
	signers, err := agent.NewClient(conn).Signers()
	if err != nil {
		conn.Close()
		return nil, nothing, fmt.Errorf("-sign: ask ssh-agent for its keys: %w", err)
	}
	want := pub.Marshal()
	for _, s := range signers {
		if bytes.Equal(s.PublicKey().Marshal(), want) {
			return s, func() { conn.Close() }, nil
		}
	}
	conn.Close()
	return nil, nothing, fmt.Errorf("-sign: ssh-agent does not hold the key %s: ssh-add it", sshsig.Fingerprint(pub))
}

// askPassphrase asks on the terminal, echoing nothing; without a terminal
// it fails rather than wait on a pipe.
func askPassphrase(prompt string) ([]byte, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return nil, errors.New("there is no terminal to ask for it on")
	}
	defer tty.Close()
	if !term.IsTerminal(int(tty.Fd())) {
		return nil, errors.New("there is no terminal to ask for it on")
	}
	fmt.Fprint(tty, prompt)
	pass, err := term.ReadPassword(int(tty.Fd()))
	fmt.Fprintln(tty)
	return pass, err
}

// expandHome reads a leading ~/ as the home folder, as git does in
// user.signingKey, for a path given quoted.
func expandHome(name string) string {
	if rest, ok := strings.CutPrefix(name, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return name
}
