package compile_test

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/model"
)

// TestFileYieldsWhatCompileMakesOfTheFile: each source file compiled alone
// gives the items the whole program's compile gives for it, and files
// Compile does not read give nothing.
func TestFileYieldsWhatCompileMakesOfTheFile(t *testing.T) {
	fsys := fixtureFS(t, "testdata/minimal.txtar")
	fsys["policies/access.md"] = &fstest.MapFile{Data: []byte("+++\nid = \"POL-ACCESS\"\ntitle = \"Access\"\nowner = \"CISO\"\nstatus = \"retired\"\n+++\n\nBody.\n")}
	fsys["policies/sub/backup.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Backup\"\nowner = \"CTO\"\n+++\n")}
	fsys["content/registers/vendors.toml"] = &fstest.MapFile{Data: []byte("[[subprocessor]]\nname = \"Mailgun\"\npurpose = \"E-mail\"\nlocation = \"US\"\ndata = \"addresses\"\n\n[[subprocessor]]\nname = \"AWS\"\npurpose = \"Hosting\"\nlocation = \"EU\"\ndata = \"all\"\n")}
	res := compile.Compile(fsys, compile.Options{})
	items := func(p *model.Program, file string) string {
		var s string
		for _, x := range p.Policies {
			if x.File == file {
				s += fmt.Sprintf("policy %s %q %s; ", x.ID, x.Title, x.Status)
			}
		}
		for _, x := range p.Controls {
			if x.File == file {
				s += fmt.Sprintf("control %s %q; ", x.ID, x.Title)
			}
		}
		for _, x := range p.Subprocessors {
			if x.File == file {
				s += fmt.Sprintf("subprocessor %s %q; ", x.Name, x.Purpose)
			}
		}
		return s
	}
	for _, name := range []string{"policies/access.md", "policies/sub/backup.md", "content/registers/vendors.toml", "content/controls/one.md"} {
		want := items(res.Program, name)
		if want == "" {
			t.Fatalf("%s: the whole compile yields nothing", name)
		}
		got := items(compile.File(name, fsys[name].Data, res.Program.Frameworks).Program, name)
		if got != want {
			t.Errorf("File(%s) = %s\nCompile gives %s", name, got, want)
		}
	}
	for _, name := range []string{"notes/access.md", "policies/.drafts/access.md", "policies/access.txt", "content/description/sub/x.md"} {
		p := compile.File(name, fsys["policies/access.md"].Data, res.Program.Frameworks).Program
		if len(p.Policies)+len(p.Description) > 0 {
			t.Errorf("File(%s) yields items; Compile does not read that path", name)
		}
	}
	r := compile.File("content/registers/bad.toml", []byte("[[subprocessor]\nname = 1\n"), res.Program.Frameworks)
	if !r.Diags.HasErrors() || len(r.Program.Subprocessors) != 0 {
		t.Errorf("a broken register: diags %v, subprocessors %d", r.Diags.Errors(), len(r.Program.Subprocessors))
	}
}
