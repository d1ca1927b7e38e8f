//go:build unix

package scratch

import (
	"errors"
	"syscall"
)

// running reports whether process pid exists: signal 0 checks without
// sending anything. A process of another user (EPERM) runs too.
func running(pid int) bool {
	if pid <= 0 {
		return true // not a process id: never a reason to remove
	}
	err := syscall.Kill(pid, 0)
	return err == nil || !errors.Is(err, syscall.ESRCH)
}
