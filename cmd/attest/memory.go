package main

import (
	"os"
	"runtime/debug"
)

// buildMemoryLimit is the soft limit on the Go heap that attest build runs
// under, unless GOMEMLIMIT sets one. Without it the collector lets the heap
// grow to twice what is live after each collection: on the large synthetic
// program (docs/performance.md) a peak of 1.5–1.9 GB, where the live heap
// stays under 600 MB but for the few very large pages (the print view, the
// matrices), whose buffers Hugo grows while it renders them. Under the
// limit the collector runs more often only while the heap is near it, so
// the same build peaks under 1 GB at no measurable cost in time. A program
// whose live heap outgrows the limit is built all the same, with the
// collector running more (at most about half the processor time, by the
// runtime's own cap): set GOMEMLIMIT higher for it.
const buildMemoryLimit = 850 << 20

// limitBuildMemory sets buildMemoryLimit, unless GOMEMLIMIT is set, and
// returns what puts the previous limit back.
func limitBuildMemory() (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	old := debug.SetMemoryLimit(buildMemoryLimit)
	return func() { debug.SetMemoryLimit(old) }
}
