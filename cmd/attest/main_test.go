package main

import (
	"os"
	"testing"
)

// TestMain lets a test or benchmark run attest as a process of its own:
// started with ATTEST_RUN_MAIN=1, the test binary is attest.
// BenchmarkBuildVersions times builds that way, as a user runs them.
// The build records of the tests go to a folder of their own, not the
// user's cache (ATTEST_CACHE_DIR).
func TestMain(m *testing.M) {
	if os.Getenv("ATTEST_RUN_MAIN") == "1" {
		main()
		return
	}
	if os.Getenv("ATTEST_CACHE_DIR") == "" {
		dir, err := os.MkdirTemp("", "attest-test-cache-")
		if err != nil {
			panic(err)
		}
		os.Setenv("ATTEST_CACHE_DIR", dir)
		code := m.Run()
		os.RemoveAll(dir)
		os.Exit(code)
	}
	os.Exit(m.Run())
}
