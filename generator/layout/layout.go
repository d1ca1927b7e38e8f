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

// Overlap is what is wrong when the two outputs overlap, as check and build
// both say it: Output is the one to move ("public" or "private"), and the
// message reads "[outputs] <Output> <path> <Relation> <other path>: <Why>".
// ok is false when neither is within the other.
type Overlap struct {
	Output, Relation, Why string
}

// OutputsOverlap compares the outputs once each side's containment is
// known: privInPub when the private folder is the public one or inside it,
// pubInPriv the other way round (both: the same folder).
func OutputsOverlap(pubInPriv, privInPub bool) (o Overlap, ok bool) {
	switch {
	case pubInPriv && privInPub:
		return Overlap{"private", "is the same folder as public", "the system description, evidence included, would be published with the trust center; give each a folder of its own, such as public/ and private/"}, true
	case privInPub:
		return Overlap{"private", "is inside public", "the system description, evidence included, would be published with the trust center; put the two side by side, such as public/ and private/"}, true
	case pubInPriv:
		return Overlap{"public", "is inside private", "every private build replaces that folder whole, and the trust center with it; put the two side by side, such as public/ and private/"}, true
	}
	return Overlap{}, false
}
