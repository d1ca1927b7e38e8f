//go:build unix

package history_test

import (
	"syscall"
	"time"
)

// cpuTime is the user and system CPU time used so far by this process and
// its waited-for children (git), which a loaded machine does not inflate the
// way it inflates wall time.
func cpuTime() time.Duration {
	var self, kids syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	tv := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return tv(self.Utime) + tv(self.Stime) + tv(kids.Utime) + tv(kids.Stime)
}
