package sitetest

import (
	"io/fs"
	"testing"

	"github.com/attest-dev/attest/themes"
)

// ThemeLayouts is the layouts/ folder of the built-in theme name
// ("trust-center", "system-description").
func ThemeLayouts(t testing.TB, name string) fs.FS {
	t.Helper()
	layouts, err := fs.Sub(themes.FS(), name+"/layouts")
	if err != nil {
		t.Fatal(err)
	}
	return layouts
}
