package main

import (
	"os"
	"testing"
)

// TestMain lets a test or benchmark run attest as a process of its own:
// started with ATTEST_RUN_MAIN=1, the test binary is attest.
// BenchmarkBuildVersions times builds that way, as a user runs them.
func TestMain(m *testing.M) {
	if os.Getenv("ATTEST_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}
