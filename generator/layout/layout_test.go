package layout

import (
	"slices"
	"testing"
)

// TestFoldersHoldEverything: every folder a program is read from, watched
// in or mounted from is one an output may not replace.
func TestFoldersHoldEverything(t *testing.T) {
	for _, f := range Watched {
		if f == Config {
			continue
		}
		if !slices.Contains(Folders, f) {
			t.Errorf("%s is read but an output could replace it", f)
		}
	}
	for _, f := range Mounted {
		if !slices.Contains(Overrides, f) || !slices.Contains(Watched, f) {
			t.Errorf("%s is mounted but not watched", f)
		}
	}
}
