package sitetest

import (
	"runtime"
	"time"
)

// Goroutines counts the goroutines once those that are ending have ended:
// a test compares the count before and after builds to see that they left
// nothing running (Hugo keeps a goroutine per sites until they are closed).
func Goroutines() int {
	n := runtime.NumGoroutine()
	for range 50 {
		time.Sleep(10 * time.Millisecond)
		m := runtime.NumGoroutine()
		if m == n {
			break
		}
		n = m
	}
	return n
}
