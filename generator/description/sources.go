package description

import (
	"time"

	"github.com/attest-dev/attest/generator/textdiff"
)

// The description renders what it is given: the model, its status, and the
// values below, which the gather step (generator/gather) reads from the
// program's files and its git history before anything is rendered. Nothing
// in this package opens a file or runs git (gather.TestRenderersReadNoSources).

// File is one of the program's files the description shows or copies: an
// evidence file or an image.
type File struct {
	Data []byte
	// ID is the git blob id of Data: what its highlighted snippet is
	// remembered by (Cache), so that the same bytes are highlighted once
	// whichever commit or name they come with.
	ID string
}

// Revision is one row of a source file's revision table: a commit that
// changed the file, with its approval record and its diff against the
// revision before.
type Revision struct {
	Commit     string // full id
	Short      string // as attest shows ids (gitfs.ShortID)
	CommitDate time.Time
	Author     string
	Subject    string
	Change     string // added, modified, renamed, deleted, truncated
	OldPath    string // the path before a rename
	Merge      bool
	Approvals  []Approval

	// Diff is what the revision changed, with Truncated when the earlier
	// content is missing (a shallow clone's boundary); nil when it could
	// not be read, and DiffError says why.
	Diff      *textdiff.Diff
	Truncated bool
	DiffError string
	// DiffID names Diff's contents — the two blob ids and the paths — so that
	// its highlighted HTML is made once (Cache).
	DiffID string
}

// Approval is an Approved-by: or Reviewed-by: trailer of a revision's commit.
type Approval struct {
	Kind string // "Approved-by" or "Reviewed-by"
	By   string
	At   time.Time
}

// Change is a significant change of the audit period (DC9), as
// changes.Significant found it.
type Change struct {
	Kind    string // "policy-added", …, as changes.Kind
	Summary string // "Policy added: POL-X Title"
	ID      string // the policy or control id, or the subprocessor's name
	File    string
	// Commit made the change: its full and short id, committer date and
	// subject; Commit "" when the history does not show it.
	Commit, Short, Subject string
	CommitDate             time.Time
	Commits                int // the period's commits that touched the file
}
