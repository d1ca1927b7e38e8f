package compile_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/attest-dev/attest/generator/compile"
)

// linkPolicy is a policy file whose body is body, starting at line 9.
func linkPolicy(id, body string) string {
	return "+++\nid = \"" + id + "\"\ntitle = \"T\"\nowner = \"O\"\nstatus = \"draft\"\n+++\n\n# T\n" + body
}

// TestLinkChecks: links and images written between the program's files
// must lead somewhere, at their line and column, with the name meant when
// it is near (issue 13).
func TestLinkChecks(t *testing.T) {
	for _, tc := range []struct {
		name  string
		body  string
		files map[string]string // more files of the program
		want  []string          // every diagnostic, in order; nil for none
	}{
		{"fine", "See [note](note.md), [its scope](note.md#scope), [us](#more), [MFA](../content/controls/one.md#test-procedure),\n" +
			"[web](https://example.com/x.md), [mail](mailto:a@example.com), [site](/policies/), [evidence](../evidence/q1.csv)\n" +
			"and ![arch](img/arch.png).\n\n## More\n", map[string]string{"policies/img/arch.png": "PNG"}, nil},
		{"no such file", "Intro.\n\nSee [the note](nope.md).\n", nil,
			[]string{`policies/access.md:11:5: link to "nope.md": no such file; did you mean "note.md"?`}},
		{"no such file elsewhere", "See [MFA](one.md).\n", nil,
			[]string{`policies/access.md:9:5: link to "one.md": no such file; did you mean "../content/controls/one.md"?`}},
		{"nothing near", "See [x](zzzzzzzz.md).\n", nil,
			[]string{`policies/access.md:9:5: link to "zzzzzzzz.md": no such file`}},
		{"rooted markdown", "See [x](/policies/nope.md).\n", nil,
			[]string{`policies/access.md:9:5: link to "/policies/nope.md": no such file; did you mean "/policies/note.md"?`}},
		{"anchor the target lacks", "See [scope](note.md#scop).\n", nil,
			[]string{`policies/access.md:9:5: link to "note.md#scop": policies/note.md has no heading with that anchor; did you mean "#scope"?`}},
		{"anchor of its own", "## Purpose\n\nSee [above](#purpse).\n", nil,
			[]string{`policies/access.md:11:5: link to "#purpse": this page has no heading with that anchor; did you mean "#purpose"?`}},
		{"the title's anchor", "See [the policy](note.md#t) and [this one](#t).\n", nil, []string{
			`policies/access.md:9:5: link to "note.md#t": #t is the heading that repeats the page's title, which the sites show as the title above the text, without that anchor: link to the page without it`,
			`policies/access.md:9:33: link to "#t": #t is the heading that repeats the page's title, which the sites show as the title above the text, without that anchor: link to the page without it`,
		}},
		{"out of the repository", "See [x](../../secret.md).\n", nil,
			[]string{`policies/access.md:9:5: link to "../../secret.md" leads out of the repository: the sites publish only what is in it`}},
		{"evidence must be a file", "See [x](../evidence/q2.csv) and [y](../evidence/).\n", nil, []string{
			`policies/access.md:9:5: link to "../evidence/q2.csv": no such file; did you mean "../evidence/q1.csv"?`,
			`policies/access.md:9:33: link to "../evidence/" names a folder: name a file in it`,
		}},
		{"evidence from the root", "See [x](/evidence/q2.csv).\n", nil,
			[]string{`policies/access.md:9:5: link to "/evidence/q2.csv": no such file; did you mean "/evidence/q1.csv"?`}},
		{"reference definition", "See [x][n].\n\n[n]: nope.md\n", nil,
			[]string{`policies/access.md:11:1: link to "nope.md": no such file; did you mean "note.md"?`}},
		{"missing image", "![arch](img/arch.jpg)\n", map[string]string{"policies/img/arch.png": "PNG"},
			[]string{
				`policies/access.md:9:1: image "img/arch.jpg": no such file; did you mean "img/arch.png"?`,
				`policies/img/arch.png: warning: ignored: policies/ holds .md files, and the images they show; no page shows this file as an image (![diagram](img/arch.png))`,
			}},
		{"remote image", "![arch](https://example.com/arch.png)\n", nil,
			[]string{`policies/access.md:9:1: warning: image "https://example.com/arch.png" will not show: the sites' Content-Security-Policy allows only images published with them; save the image in the repository, beside the page (img/…), and write its path`}},
		{"code is not a link", "`[x](nope.md)`\n\n```\n[y](nope.md)\n```\n", nil, nil},
		{"image beside a policy is not ignored", "Text.\n", map[string]string{"policies/img/arch.png": "PNG"},
			[]string{`policies/img/arch.png: warning: ignored: policies/ holds .md files, and the images they show; no page shows this file as an image (![diagram](img/arch.png))`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fixtureFS(t, "testdata/minimal.txtar")
			fsys["policies/access.md"] = &fstest.MapFile{Data: []byte(linkPolicy("POL-ACCESS", tc.body))}
			fsys["policies/note.md"] = &fstest.MapFile{Data: []byte(linkPolicy("POL-NOTE", "## Scope\n\nIt covers all.\n"))}
			fsys["evidence/q1.csv"] = &fstest.MapFile{Data: []byte("a,b\n")}
			for name, data := range tc.files {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
			res := compile.Compile(fsys, compile.Options{Today: today})
			var got []string
			for _, d := range res.Diags.Items() {
				got = append(got, d.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}

// TestImagesOfItems: an item lists the images its body shows, for the
// sites to copy; their bytes are not read into the model.
func TestImagesOfItems(t *testing.T) {
	fsys := fixtureFS(t, "testdata/minimal.txtar")
	fsys["policies/access.md"] = &fstest.MapFile{Data: []byte(linkPolicy("POL-ACCESS", "![b](img/b.png) ![a](img/a.png) ![a again](./img/a.png) ![remote](https://example.com/x.png)\n"))}
	fsys["policies/img/a.png"] = &fstest.MapFile{Data: []byte("A")}
	fsys["policies/img/b.png"] = &fstest.MapFile{Data: []byte("B")}
	res := compile.Compile(fsys, compile.Options{Today: today})
	p := res.Program.Policy("POL-ACCESS")
	if want := []string{"policies/img/a.png", "policies/img/b.png"}; p == nil || !slices.Equal(p.Images, want) {
		t.Fatalf("images = %v, want %v", p.Images, want)
	}
}
