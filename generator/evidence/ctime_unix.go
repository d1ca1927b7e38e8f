//go:build unix && !(darwin || ios || freebsd || netbsd)

package evidence

import "syscall"

// changeTime reads st_ctim, the status change time.
func changeTime(st *syscall.Stat_t) int64 {
	return int64(st.Ctim.Sec)*1e9 + int64(st.Ctim.Nsec)
}
