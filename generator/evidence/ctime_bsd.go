//go:build darwin || ios || freebsd || netbsd

package evidence

import "syscall"

// changeTime reads st_ctimespec, as these systems name the status change time.
func changeTime(st *syscall.Stat_t) int64 {
	return int64(st.Ctimespec.Sec)*1e9 + int64(st.Ctimespec.Nsec)
}
