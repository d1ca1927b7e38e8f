package sshsig

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
)

// AllowedSigner is one line of an allowed-signers file, the format of
// ssh-keygen's ALLOWED SIGNERS section that git's gpg.ssh.allowedSignersFile
// uses too: "principals [options] keytype base64-key [comment]".
type AllowedSigner struct {
	Line       int           // 1-based, for messages
	Principals string        // as written (quotes removed): comma-separated, possibly with wildcards
	Key        ssh.PublicKey //
	// Namespaces, from namespaces="…", are the patterns of namespaces the
	// key may sign for; nil means any.
	Namespaces    []string
	CertAuthority bool      // the key signs certificates rather than messages
	ValidAfter    time.Time // zero: no bound
	ValidBefore   time.Time // zero: no bound
}

// maxAllowedSigners bounds what ParseAllowedSigners reads.
const maxAllowedSigners = 16 << 20

// ParseAllowedSigners reads an allowed-signers file. Blank lines and lines
// starting with # are skipped. A line that does not parse is an error
// naming it, as in ssh-keygen, which stops at such a line: a verifier that
// skipped it might miss the restriction it was meant to carry.
func ParseAllowedSigners(data []byte) ([]AllowedSigner, error) {
	if len(data) > maxAllowedSigners {
		return nil, fmt.Errorf("allowed signers: %d bytes is too long", len(data))
	}
	var out []AllowedSigner
	for i, line := range bytes.Split(data, []byte("\n")) {
		s := strings.Trim(string(line), " \t\r")
		if s == "" || s[0] == '#' {
			continue
		}
		a, err := parseAllowedSigner(s)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		a.Line = i + 1
		out = append(out, a)
	}
	return out, nil
}

func parseAllowedSigner(line string) (AllowedSigner, error) {
	var a AllowedSigner
	// The principals, quoted when they hold spaces (OpenSSH's strdelimw).
	var rest string
	if after, ok := strings.CutPrefix(line, `"`); ok {
		p, r, ok := strings.Cut(after, `"`)
		if !ok {
			return a, errors.New("the principals' quote is not closed")
		}
		a.Principals, rest = p, r
	} else {
		end := strings.IndexAny(line, " \t")
		if end < 0 {
			return a, errors.New("no key after the principals: want principals [options] keytype key")
		}
		a.Principals, rest = line[:end], line[end:]
	}
	rest = strings.TrimLeft(rest, " \t")
	if a.Principals == "" {
		return a, errors.New("no principals: want principals [options] keytype key")
	}
	if rest == "" {
		return a, errors.New("no key after the principals: want principals [options] keytype key")
	}
	key, _, options, _, err := ssh.ParseAuthorizedKey([]byte(rest))
	if err != nil {
		return a, fmt.Errorf("no key that parses after the principals: %v", err)
	}
	a.Key = key
	for _, opt := range options {
		name, value, hasValue := strings.Cut(opt, "=")
		if hasValue {
			v, err := unquote(value)
			if err != nil {
				return a, fmt.Errorf("option %s: %v", name, err)
			}
			value = v
		}
		switch strings.ToLower(name) {
		case "cert-authority":
			if hasValue {
				return a, errors.New("option cert-authority takes no value")
			}
			a.CertAuthority = true
		case "namespaces":
			if !hasValue {
				return a, errors.New(`option namespaces needs a value: namespaces="attest"`)
			}
			a.Namespaces = strings.Split(value, ",")
		case "valid-after", "valid-before":
			if !hasValue {
				return a, fmt.Errorf(`option %s needs a value: %s="20260101"`, name, name)
			}
			t, err := parseTime(value)
			if err != nil {
				return a, fmt.Errorf("option %s: %v", name, err)
			}
			if strings.EqualFold(name, "valid-after") {
				a.ValidAfter = t
			} else {
				a.ValidBefore = t
			}
		default:
			return a, fmt.Errorf("unsupported option %q: allowed signers take cert-authority, namespaces, valid-after and valid-before", name)
		}
	}
	return a, nil
}

// unquote takes the double quotes off an option's value, as OpenSSH's
// opt_dequote does: a value must be quoted, and \" stands for a quote.
func unquote(v string) (string, error) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", errors.New("the value must be in double quotes")
	}
	return strings.ReplaceAll(v[1:len(v)-1], `\"`, `"`), nil
}

// parseTime reads valid-after and valid-before as OpenSSH does:
// YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, in local time unless it ends
// in Z (UTC).
func parseTime(s string) (time.Time, error) {
	loc := time.Local
	if t, ok := strings.CutSuffix(s, "Z"); ok {
		s, loc = t, time.UTC
	}
	var layout string
	switch len(s) {
	case 8:
		layout = "20060102"
	case 12:
		layout = "200601021504"
	case 14:
		layout = "20060102150405"
	default:
		return time.Time{}, fmt.Errorf("%q is not a time: want YYYYMMDD[HHMM[SS]][Z]", s)
	}
	t, err := time.ParseInLocation(layout, s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a time: want YYYYMMDD[HHMM[SS]][Z]", s)
	}
	return t, nil
}

// Signer returns the line of signers that allows key to sign for
// namespace at time now, or why none does. Like ssh-keygen -Y
// find-principals, it finds the signer by the key. Certificates are not
// taken: a cert-authority line never names a plain key, and a signature by
// a certificate finds no line.
func Signer(signers []AllowedSigner, key ssh.PublicKey, namespace string, now time.Time) (*AllowedSigner, error) {
	if _, ok := key.(*ssh.Certificate); ok {
		return nil, errors.New("the signature was made with an SSH certificate, which attest does not check: sign with a plain key")
	}
	want := key.Marshal()
	var reasons []string
	for i := range signers {
		a := &signers[i]
		if a.CertAuthority || !bytes.Equal(a.Key.Marshal(), want) {
			continue
		}
		switch {
		case a.Namespaces != nil && matchList(namespace, a.Namespaces) != 1:
			reasons = append(reasons, fmt.Sprintf("line %d lists the key for namespaces %q, not %q", a.Line, strings.Join(a.Namespaces, ","), namespace))
		case !a.ValidAfter.IsZero() && now.Before(a.ValidAfter):
			reasons = append(reasons, fmt.Sprintf("line %d makes the key valid only after %s", a.Line, a.ValidAfter.Format(time.RFC3339)))
		case !a.ValidBefore.IsZero() && now.After(a.ValidBefore):
			reasons = append(reasons, fmt.Sprintf("line %d made the key valid only before %s", a.Line, a.ValidBefore.Format(time.RFC3339)))
		default:
			return a, nil
		}
	}
	if len(reasons) > 0 {
		return nil, errors.New(strings.Join(reasons, "; "))
	}
	return nil, fmt.Errorf("the key %s is not in the allowed signers", Fingerprint(key))
}

// matchList is OpenSSH's match_pattern_list: 1 when s matches a pattern of
// the list, -1 when it matches a negated one (!pattern), which wins, and 0
// when it matches none.
func matchList(s string, patterns []string) int {
	got := 0
	for _, p := range patterns {
		negated := strings.HasPrefix(p, "!")
		if negated {
			p = p[1:]
		}
		if match(s, p) {
			if negated {
				return -1
			}
			got = 1
		}
	}
	return got
}

// match is OpenSSH's match_pattern: * matches any run of characters, ?
// any one. It backtracks to the last star only, so it takes time in
// proportion to len(s)×len(p) whatever the pattern.
func match(s, p string) bool {
	si, pi := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			si++
			pi++
		case star >= 0:
			mark++
			pi, si = star+1, mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
