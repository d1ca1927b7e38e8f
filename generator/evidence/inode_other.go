//go:build !unix

package evidence

import "io/fs"

// inode reports no inode where the platform has none to offer: such files
// are keyed by path, size and modification time only.
func inode(info fs.FileInfo) (uint64, bool) {
	if info.Sys() == nil {
		return 0, false
	}
	return 0, true
}
