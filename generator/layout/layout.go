// Package layout names the files and folders a program's repository is made
// of: one description that compiling, history, the output checks, the site
// mounts, serve's watcher and the versions' stamps all read, so that they
// cannot disagree about what a program holds.
package layout

// The program's sources, relative to its root.
const (
	Config       = "config.toml"
	Policies     = "policies"
	Content      = "content"
	Controls     = "content/controls"
	Manifests    = "content/evidence"
	Registers    = "content/registers"
	Description  = "content/description"
	Trust        = "content/trust"
	Updates      = "content/trust/updates"
	Evidence     = "evidence"
	Frameworks   = "frameworks"
	Themes       = "themes"
	Git          = ".git"
	Static       = "static"
	Layouts      = "layouts"
	Assets       = "assets"
	Translations = "i18n"
)

// Sources are what compile reads: what git history is read for, and what
// counts as an uncommitted change.
var Sources = []string{Config, Policies, Content, Evidence, Frameworks}

// Mounted are the program's own folders the sites mount into Hugo, over the
// theme's layouts, static files, assets and translations.
var Mounted = []string{Layouts, Static, Assets, Translations}

// Overrides are the folders that change how the sites look: those mounted,
// and themes/, which replaces an embedded theme of the same name. Hugo reads
// them itself, so a change there renders the sites anew.
var Overrides = append([]string{Themes}, Mounted...)

// Watched is what a rebuild depends on: the sources and the overrides.
var Watched = append(append([]string{}, Sources...), Overrides...)

// Folders are the top-level folders of a program's repository that an
// output must never be, be inside or hold: each build replaces its output
// whole.
var Folders = []string{Git, Policies, Content, Evidence, Frameworks, Layouts, Themes, Static, Assets, Translations}
