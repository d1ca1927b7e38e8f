package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/attest-dev/attest/generator/sealed"
)

// passphraseEnv is where CI gives the passphrase of an encrypted site.
const passphraseEnv = "ATTEST_PASSPHRASE"

// sealFlags are the flags of the commands that encrypt the private site.
type sealFlags struct {
	encrypt        *bool
	passphrase     *bool
	passphraseFile *string
}

// addSealFlags adds -passphrase and -passphrase-file, and -encrypt when
// withEncrypt (deploy encrypts a private target always).
func addSealFlags(fl *flagSet, withEncrypt bool) sealFlags {
	encrypt := new(bool)
	if withEncrypt {
		encrypt = fl.Bool("encrypt", false, "encrypt the system description for a public host, with a fresh key printed once (also [outputs] encrypt = true)")
	}
	return sealFlags{
		encrypt:        encrypt,
		passphrase:     fl.Bool("passphrase", false, "encrypt with a key derived from a passphrase: $"+passphraseEnv+", else asked on the terminal"),
		passphraseFile: fl.String("passphrase-file", "", "encrypt with a key derived from the passphrase in `FILE` (its first line)"),
	}
}

// key returns the site key the flags (or config, with configured) ask for;
// nil when the private site is not to be encrypted.
func (f sealFlags) key(configured bool) (*sealed.Key, error) {
	if !*f.encrypt && !*f.passphrase && *f.passphraseFile == "" && !configured {
		return nil, nil
	}
	if !*f.passphrase && *f.passphraseFile == "" {
		k := sealed.NewKey()
		return &k, nil
	}
	pass, err := f.readPassphrase()
	if err != nil {
		return nil, err
	}
	if n := utf8.RuneCountInString(pass); n < sealed.MinPassphrase {
		return nil, &usageError{fmt.Sprintf("the passphrase has %d characters, fewer than %d: anyone can fetch the encrypted site and guess offline, so the passphrase is all that protects it; use five or more random words", n, sealed.MinPassphrase)}
	}
	k, err := sealed.FromPassphrase(pass)
	if err != nil {
		return nil, err
	}
	return &k, nil
}

// readPassphrase reads -passphrase-file's first line, or $ATTEST_PASSPHRASE,
// or asks twice on the terminal.
func (f sealFlags) readPassphrase() (string, error) {
	if *f.passphraseFile != "" {
		data, err := os.ReadFile(*f.passphraseFile)
		if err != nil {
			return "", fmt.Errorf("-passphrase-file: %w", err)
		}
		line, _, _ := bytes.Cut(data, []byte("\n"))
		return strings.TrimSuffix(string(line), "\r"), nil
	}
	if p := os.Getenv(passphraseEnv); p != "" {
		return p, nil
	}
	first, err := askPassphrase("passphrase for the encrypted site: ")
	if err != nil {
		return "", &usageError{"-passphrase: " + err.Error() + "; set " + passphraseEnv + " or give -passphrase-file"}
	}
	again, err := askPassphrase("the same passphrase again: ")
	if err != nil {
		return "", err
	}
	if !bytes.Equal(first, again) {
		return "", &usageError{"-passphrase: the two passphrases differ; nothing was built"}
	}
	return string(first), nil
}

// printKey prints how to open a freshly sealed site: the link's fragment,
// shown this once and kept nowhere, or that the passphrase opens it. base
// is the site's address when known ("" otherwise).
func printKey(w io.Writer, k *sealed.Key, base string) {
	frag := k.Fragment()
	if frag == "" {
		if base != "" {
			fmt.Fprintf(w, "the system description is encrypted: open %s and give the passphrase\n", base)
		} else {
			fmt.Fprintln(w, "the system description is encrypted: it opens with the passphrase, at its address over https (or on localhost)")
		}
		return
	}
	fmt.Fprintln(w, "the system description is encrypted; its key, shown once and kept nowhere, goes at the end of the site's address:")
	if base != "" {
		fmt.Fprintf(w, "  %s#%s\n", base, frag)
		return
	}
	fmt.Fprintf(w, "  #%s\n", frag)
	fmt.Fprintf(w, "  e.g. https://example.com/auditors/#%s (over https, or http://localhost)\n", frag)
}
