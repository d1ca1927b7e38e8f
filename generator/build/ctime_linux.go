//go:build linux

package build

import (
	"io/fs"
	"syscall"
)

// changeTime is the inode's change time of a file, in nanoseconds: set by
// the system whenever the file is written or its times are set.
func changeTime(fi fs.FileInfo) int64 {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0
	}
	return st.Ctim.Nano()
}
