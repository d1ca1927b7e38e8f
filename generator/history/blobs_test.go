package history

import (
	"strings"
	"testing"
)

// TestHistoricalBlobsBoundNesting: old revisions are read with the decoder
// directly, so they must bound nesting as source.ParseTOML does (issue 11);
// a document nested past the limit is unreadable, not decoded.
func TestHistoricalBlobsBoundNesting(t *testing.T) {
	deep := "x = " + strings.Repeat("{a = ", 100) + "1" + strings.Repeat("}", 100) + "\n"
	policy := func(extra string) []byte {
		return []byte("+++\nid = \"POL-1\"\nstatus = \"retired\"\n" + extra + "+++\nbody\n")
	}
	register := func(extra string) []byte {
		return []byte(extra + "[[subprocessor]]\nname = \"Acme\"\n")
	}
	if got := policyStatus(policy("")); got != "retired" {
		t.Errorf("policyStatus = %q, want retired", got)
	}
	if got := policyStatus(policy(deep)); got != "" {
		t.Errorf("policyStatus of a deeply nested front matter = %q, want unreadable", got)
	}
	if got := subprocessorNames(register("")); len(got) != 1 {
		t.Errorf("subprocessorNames = %q, want [Acme]", got)
	}
	if got := subprocessorNames(register(deep)); got != nil {
		t.Errorf("subprocessorNames of a deeply nested register = %q, want none", got)
	}
}
