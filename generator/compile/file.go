package compile

import (
	"path"
	"strings"

	"github.com/attest-dev/attest/generator/catalog"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/model"
)

// File compiles one source file on its own: what Compile makes of name
// holding src before it checks what the files say about each other (ids,
// references, links, coverage, reviews), with the problems found in the
// file alone. Criteria are judged against frameworks. The path decides what
// the file is, as in Compile (policies/….md is a policy, content/registers/
// ….toml a register); a path Compile would not read yields an empty program.
// It reads one file as a commit held it (history's DC9 changes) without
// compiling that commit's program, through the same parser, limits and checks.
func File(name string, src []byte, frameworks catalog.Set) *Result {
	c := &compiler{opts: Options{SkipEvidenceFiles: true}, diags: &diag.List{}, p: &model.Program{Frameworks: frameworks}, hashPos: map[*model.Evidence]diag.Pos{}}
	if kind, ok := kindOf(name); ok {
		u := newUnit()
		c.loadUnit(u, sourceFile{kind, name}, src)
		c.merge(u)
		c.sort()
	}
	return &Result{Program: c.p, Diags: c.diags}
}

// kindOf says what the file at name is, by the rules listSources walks by.
func kindOf(name string) (sourceKind, bool) {
	for _, f := range sourceFolders {
		rel, ok := strings.CutPrefix(name, f.dir+"/")
		if !ok || path.Ext(name) != f.ext {
			continue
		}
		parts := strings.Split(rel, "/")
		if !f.recursive && len(parts) > 1 {
			continue
		}
		for _, part := range parts {
			if part == "" || strings.HasPrefix(part, ".") {
				return 0, false
			}
		}
		return f.kind, true
	}
	return 0, false
}
