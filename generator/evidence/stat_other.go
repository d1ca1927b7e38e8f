//go:build !unix

package evidence

import "io/fs"

// fileID reports no inode or change time where the platform has none to
// offer (Windows' file attributes carry no status change time): such files
// are keyed by path, size and modification time only.
func fileID(info fs.FileInfo) (ino uint64, ctime int64, ok bool) {
	if info.Sys() == nil {
		return 0, 0, false
	}
	return 0, 0, true
}
