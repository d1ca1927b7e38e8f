//go:build unix

package evidence

import (
	"io/fs"
	"syscall"
)

// fileID returns the file's inode number and status change time (ns since
// the epoch), when the file system has them. The change time moves with
// every write, chmod or rename and, unlike the modification time, cannot be
// set back by touch or os.Chtimes; git keys its index on it for that reason.
func fileID(info fs.FileInfo) (ino uint64, ctime int64, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return uint64(st.Ino), changeTime(st), true
}
