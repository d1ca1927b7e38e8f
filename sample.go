// Package attest embeds the sample compliance program kept at the root of
// this repository: the default `attest build` runs on, the demo and a fixture.
package attest

import (
	"embed"
	"io/fs"
)

//go:embed config.toml content policies evidence
var sample embed.FS

// Sample returns the sample program as a read-only filesystem rooted like a repository.
func Sample() fs.FS { return sample }
