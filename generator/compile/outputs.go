package compile

import (
	"path"
	"strings"

	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/source"
)

// checkOutputs compares the [outputs] folders as folders, not as strings:
// "./public", "public/" and "public" are one folder. The private output
// inside or over the public one publishes the system description, evidence
// included, with the trust center; the public one inside the private one is
// deleted by every private build. An fs.FS has no absolute paths, so this
// compares the relative paths as written, cleaned, and leaves absolute ones
// and what symbolic links make of them to attest build, which has the disk.
// Folder names are compared regardless of case, since macOS and Windows do.
func checkOutputs(t *source.Table, o model.Outputs) {
	bad := map[string]bool{}
	for _, out := range []struct{ key, value string }{{"public", o.Public}, {"private", o.Private}} {
		p := path.Clean(out.value)
		if path.IsAbs(p) {
			continue
		}
		if p == "." || upOnly(p) {
			t.Errorf(out.key, "[outputs] %s %q holds the program itself: each build replaces its output whole; use a folder of its own, such as %s/", out.key, out.value, out.key)
			bad[out.key] = true
			continue
		}
		first, _, _ := strings.Cut(p, "/")
		for _, d := range layout.Folders {
			if strings.EqualFold(first, d) {
				t.Errorf(out.key, "[outputs] %s %q would replace the program's own files (%s/): use a folder of its own, such as %s/", out.key, out.value, d, out.key)
				bad[out.key] = true
				break
			}
		}
	}
	if bad["public"] || bad["private"] {
		return
	}
	pub, priv := path.Clean(o.Public), path.Clean(o.Private)
	if path.IsAbs(pub) != path.IsAbs(priv) {
		return
	}
	if ov, ok := layout.OutputsOverlap(within(pub, priv), within(priv, pub)); ok {
		this, other := o.Private, o.Public
		if ov.Output == "public" {
			this, other = o.Public, o.Private
		}
		t.Errorf(ov.Output, "[outputs] %s %q %s %q: %s", ov.Output, this, ov.Relation, other, ov.Why)
	}
}

// upOnly reports whether the clean slash path p only climbs: "..", "../..".
func upOnly(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if seg != ".." {
			return false
		}
	}
	return true
}

// within reports whether the clean slash path a is b or inside it, in any
// case.
func within(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	return a == b || b == "." || strings.HasPrefix(a, strings.TrimSuffix(b, "/")+"/")
}
