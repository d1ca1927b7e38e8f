package changes

import (
	"strings"
	"testing"

	"github.com/attest-dev/attest/generator/compile"
)

// TestHistoricalBlobsReadAsCompileReadsThem: an old revision of a file is
// read by compile.File, so it gets the checks a checked-out file gets — a
// document nested past source's limit (issue 11) yields nothing, not a
// decoded value.
func TestHistoricalBlobsReadAsCompileReadsThem(t *testing.T) {
	deep := "x = " + strings.Repeat("{a = ", 100) + "1" + strings.Repeat("}", 100) + "\n"
	policy := func(extra string) []byte {
		return []byte("+++\nid = \"POL-1\"\ntitle = \"One\"\nowner = \"CISO\"\nstatus = \"retired\"\n" + extra + "+++\nbody\n")
	}
	register := func(extra string) []byte {
		return []byte(extra + "[[subprocessor]]\nname = \"Acme\"\npurpose = \"p\"\nlocation = \"l\"\ndata = \"d\"\n")
	}
	file := func(name string, src []byte) *compile.Result { return compile.File(name, src, nil) }
	if !retiredIn(file("policies/one.md", policy("")).Program, "POL-1") {
		t.Error("a retired policy is not read as retired")
	}
	if retiredIn(file("policies/one.md", policy("")).Program, "POL-2") {
		t.Error("another policy's retirement counts")
	}
	if r := file("policies/one.md", policy(deep)); retiredIn(r.Program, "POL-1") || !r.Diags.HasErrors() {
		t.Errorf("a deeply nested front matter is read (diags %v)", r.Diags.Errors())
	}
	if !hasSubprocessor(file("content/registers/subprocessors.toml", register("")).Program, "Acme") {
		t.Error("the register's subprocessor is not read")
	}
	if r := file("content/registers/subprocessors.toml", register(deep)); hasSubprocessor(r.Program, "Acme") || !r.Diags.HasErrors() {
		t.Errorf("a deeply nested register is read (diags %v)", r.Diags.Errors())
	}
	if retiredIn(nil, "POL-1") || hasSubprocessor(nil, "Acme") {
		t.Error("a deleted file has content")
	}
}
