package sitetest

import (
	"runtime"
	"time"
)

// Goroutines counts the goroutines once those that are ending have ended:
// a test compares the count before and after builds to see that they left
// nothing running (Hugo keeps a goroutine per sites until they are closed).
func Goroutines() int {
	// Settled means the same count five readings running (50 ms): on a busy
	// machine a goroutine that is ending may not be scheduled for a while.
	n, same := runtime.NumGoroutine(), 0
	for range 300 {
		time.Sleep(10 * time.Millisecond)
		m := runtime.NumGoroutine()
		if m != n {
			n, same = m, 0
			continue
		}
		if same++; same == 5 {
			break
		}
	}
	return n
}
