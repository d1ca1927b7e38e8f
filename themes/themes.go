// Package themes embeds attest's Hugo themes, so that the binary renders the
// trust center and the system description in any repository.
package themes

import (
	"embed"
	"io/fs"
)

// The all: prefix keeps Hugo's _partials/ and _markup/ folders.
//
//go:embed all:trust-center all:system-description
var files embed.FS

// FS returns the embedded themes, one folder per theme name
// ("trust-center", "system-description").
func FS() fs.FS { return files }
