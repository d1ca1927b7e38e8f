package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/attest-dev/attest/generator/bundle"
	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/sshsig"
)

func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("verify FILE [flags]",
		"Checks a bundle that attest bundle made: decrypts it when it is encrypted\n"+
			"(-identity), checks every file against MANIFEST.json — none missing,\n"+
			"changed or added — and the manifest's SSH signature against an allowed-\n"+
			"signers file (the format of git's gpg.ssh.allowedSignersFile and of\n"+
			"ssh-keygen -Y verify; a namespaces=\"…\" option must allow attest). It\n"+
			"prints what the bundle holds, and exits 0 only when all of it holds.\n"+
			"Nothing is extracted: tar xzf FILE does that (age -d -i KEY FILE | tar xz\n"+
			"for an encrypted one).",
		"  attest verify attest-northwind-ledger-audit-2026.tar.gz -allowed-signers allowed_signers\n"+
			"  attest verify attest-northwind-ledger-latest.tar.gz.age -identity ~/.ssh/id_ed25519 -allowed-signers allowed_signers",
		stdout)
	allowedFile := fl.String("allowed-signers", "", "check the signature against `FILE`, one signer a line: principals [namespaces=\"attest\"] keytype key; without it the signature is checked but not whose it is")
	identity := fl.String("identity", "", "decrypt with `KEY`: an age identity file or an SSH private key")
	pos, err := parseInterspersed(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return &usageError{"give one bundle to verify: attest verify FILE"}
	}
	file := pos[0]

	var signers []sshsig.AllowedSigner
	if *allowedFile != "" {
		data, err := os.ReadFile(expandHome(*allowedFile))
		if err != nil {
			return fmt.Errorf("-allowed-signers: %w", err)
		}
		if signers, err = sshsig.ParseAllowedSigners(data); err != nil {
			return fmt.Errorf("%s: %w", *allowedFile, err)
		}
	}

	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var archive io.Reader = br
	encrypted := bundle.Encrypted(br)
	if encrypted {
		if *identity == "" {
			return &usageError{file + " is encrypted: give -identity KEY, the SSH private key or age identity file it was encrypted to"}
		}
		data, err := os.ReadFile(expandHome(*identity))
		if err != nil {
			return fmt.Errorf("-identity: %w", err)
		}
		ids, err := bundle.ParseIdentities(data, func() ([]byte, error) {
			return askPassphrase(fmt.Sprintf("Enter passphrase for %s: ", *identity))
		})
		if err != nil {
			return fmt.Errorf("-identity %s: %w", *identity, err)
		}
		if archive, err = bundle.Decrypt(br, ids); err != nil {
			var noMatch *age.NoIdentityMatchError
			if errors.As(err, &noMatch) {
				return &problemsError{fmt.Sprintf("%s is not encrypted to %s: ask for a bundle encrypted to your key", file, *identity)}
			}
			return &problemsError{fmt.Sprintf("%s: decrypt: %v", file, err)}
		}
	}
	a, err := bundle.Read(archive)
	if err != nil {
		return &problemsError{fmt.Sprintf("%s: %v", file, err)}
	}
	m, problems := a.Check()
	signature, sigProblems := checkSignature(a, signers, *allowedFile)
	problems = append(problems, sigProblems...)

	if m.Format != "" {
		printManifest(stdout, file, encrypted, a, m, signature, len(problems))
	}
	for _, p := range problems {
		fmt.Fprintf(stderr, "%s: %s\n", file, p)
	}
	if len(problems) > 0 {
		return &problemsError{fmt.Sprintf("%s does not hold what its manifest says: %s", file, english.Count(len(problems), "problem", "problems"))}
	}
	return nil
}

// checkSignature checks MANIFEST.json.sig: that it signs MANIFEST.json for
// attest and, given allowed signers, that one of them holds the key. It
// returns what to say of the signer, and the problems.
func checkSignature(a *bundle.Archive, signers []sshsig.AllowedSigner, allowedFile string) (string, []bundle.Problem) {
	problem := func(format string, args ...any) (string, []bundle.Problem) {
		msg := fmt.Sprintf(format, args...)
		return "", []bundle.Problem{{Path: bundle.SignatureName, Message: msg}}
	}
	if a.Signature == nil {
		if allowedFile != "" {
			return problem("missing: the bundle is not signed, and -allowed-signers asks for a signature")
		}
		return "none: the bundle is not signed", nil
	}
	sig, err := sshsig.Parse(a.Signature)
	if err != nil {
		return problem("%v", strings.TrimPrefix(err.Error(), "sshsig: "))
	}
	if a.Manifest == nil {
		return problem("signs no manifest: there is none")
	}
	key := sshsig.Fingerprint(sig.PublicKey)
	if err := sig.Verify(a.Manifest, bundle.Namespace); err != nil {
		if sig.Namespace != bundle.Namespace {
			return problem("a signature by %s for namespace %q, not %q: not made by attest bundle", key, sig.Namespace, bundle.Namespace)
		}
		return problem("does not match %s: the manifest was changed after it was signed (by %s)", bundle.ManifestName, key)
	}
	if allowedFile == "" {
		return fmt.Sprintf("a good signature by %s, whose owner is not checked: give -allowed-signers FILE", key), nil
	}
	s, err := sshsig.Signer(signers, sig.PublicKey, bundle.Namespace, time.Now())
	if err != nil {
		return problem("signed by %s, which %s does not allow: %v", key, filepath.Base(allowedFile), err)
	}
	return fmt.Sprintf("%s (%s), in %s line %d", s.Principals, key, filepath.Base(allowedFile), s.Line), nil
}

// printManifest says what the bundle holds, as its manifest states it.
func printManifest(w io.Writer, file string, encrypted bool, a *bundle.Archive, m bundle.Manifest, signature string, problems int) {
	line := func(label, value string) { fmt.Fprintf(w, "%-13s %s\n", label, value) }
	how := ""
	if encrypted {
		how = " (encrypted, decrypted)"
	}
	line("bundle", file+how+", folder "+a.Root+"/")
	p := m.Program
	line("organization", orNone(p.Organization, "—"))
	scope := strings.Join(p.Frameworks, ", ")
	if len(p.SOC2Categories) > 0 {
		scope += "; SOC 2 categories " + strings.Join(p.SOC2Categories, ", ")
	}
	line("scope", orNone(scope, "—"))
	switch p.ReportType {
	case 1:
		line("report", "type 1, as of "+orNone(p.AsOf, "—"))
	case 2:
		line("report", fmt.Sprintf("type 2, period %s to %s", orNone(p.PeriodStart, "—"), orNone(p.PeriodEnd, "—")))
	}
	line("version", m.Version)
	commit := m.Commit
	if m.Tag != "" {
		commit += ", tag " + m.Tag
	}
	line("commit", commit)
	line("committed", m.CommitTime+"; statuses as of "+m.Evaluated)
	line("built by", "attest "+m.Attest)
	files := fmt.Sprintf("%d listed in %s", len(m.Files), bundle.ManifestName)
	if problems == 0 {
		files += ", each as listed"
	} else {
		files += fmt.Sprintf("; %s, below", english.Count(problems, "problem", "problems"))
	}
	line("files", files)
	line("signer", orNone(signature, "— (see below)"))
}
