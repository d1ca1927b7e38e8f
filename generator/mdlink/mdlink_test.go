package mdlink

import (
	"slices"
	"strings"
	"testing"
)

// rewriteMD stands for a site's decision: .md files become pages, a
// "secret" target is unlinked, anything else is left as written.
func rewriteMD(r Ref) Action {
	switch {
	case strings.Contains(r.Dest, "://"):
		return Action{}
	case strings.Contains(r.Dest, "secret"):
		return Action{Unlink: true}
	case strings.HasSuffix(strings.SplitN(r.Dest, "#", 2)[0], ".md"):
		p, frag, _ := strings.Cut(r.Dest, "#")
		dest := "/pages/" + strings.TrimSuffix(p, ".md") + "/"
		if frag != "" {
			dest += "#" + frag
		}
		return Action{Dest: dest}
	}
	return Action{}
}

func TestRewrite(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"inline", "See [Access Policy](access.md).", "See [Access Policy](/pages/access/)."},
		{"anchor", "See [scope](access.md#scope).", "See [scope](/pages/access/#scope)."},
		{"title", `See [a](access.md "The policy") now.`, `See [a](/pages/access/ "The policy") now.`},
		{"angle brackets", "See [a](<access.md>).", "See [a](</pages/access/>)."},
		{"unlink keeps the text", "See [the **notes**](secret.md) here.", "See the **notes** here."},
		{"unlink with title", `See [notes](secret.md "x)y") here.`, "See notes here."},
		{"image unlinked is its alt", "![a diagram](img/secret.png)", "a diagram"},
		{"image in a link", "[![diagram](img/a.png)](secret.md)", "![diagram](img/a.png)"},
		{"link text with brackets in code", "[`a]b` x](secret.md) y", "`a]b` x y"},
		{"reference link", "See [the policy][p].\n\n[p]: access.md\n", "See [the policy][p].\n\n[p]: /pages/access/\n"},
		{"reference unlinked", "See [notes][n] and [n].\n\n[n]: secret.md \"t\"\n", "See notes and n.\n\n\n"},
		{"collapsed reference", "See [n][].\n\n[n]: secret.md\n", "See n.\n\n\n"},
		{"code is not a link", "`[a](secret.md)`\n\n    [b](secret.md)\n", "`[a](secret.md)`\n\n    [b](secret.md)\n"},
		{"external stays", "[x](https://example.com/a.md) and <https://example.com>", "[x](https://example.com/a.md) and <https://example.com>"},
		{"in a list and a quote", "- [a](access.md)\n\n> [b](secret.md) c\n", "- [a](/pages/access/)\n\n> b c\n"},
		{"two on a line", "[a](secret.md)[b](access.md)", "a[b](/pages/access/)"},
		{"empty destination", "[a]() and [b](secret.md)", "[a]() and b"},
		{"nested parentheses", "[a](secret(1).md) b", "a b"},
		{"table cell", "| a | b |\n|---|---|\n| [x](secret.md) | [y](access.md) |\n", "| a | b |\n|---|---|\n| x | [y](/pages/access/) |\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Rewrite(tc.in, rewriteMD); got != tc.want {
				t.Errorf("Rewrite(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	for _, tc := range []struct {
		from, dest string
		want       Target
	}{
		{"policies/a.md", "access.md", Target{Kind: File, Path: "policies/access.md"}},
		{"policies/a.md", "access.md#scope", Target{Kind: File, Path: "policies/access.md", Fragment: "scope"}},
		{"policies/a.md", "../content/controls/patch.md", Target{Kind: File, Path: "content/controls/patch.md"}},
		{"policies/a.md", "img/arch%20v2.png", Target{Kind: File, Path: "policies/img/arch v2.png"}},
		{"policies/a.md", "#scope", Target{Kind: Fragment, Fragment: "scope"}},
		{"policies/a.md", "/policies/", Target{Kind: Rooted, Path: "policies"}},
		{"policies/a.md", "../../x.md", Target{Kind: Outside, Path: "../x.md"}},
		{"policies/a.md", "https://example.com/x.md", Target{Kind: External}},
		{"policies/a.md", "mailto:security@example.com", Target{Kind: External}},
		{"policies/a.md", "//example.com/x", Target{Kind: External}},
		{"policies/a.md", "", Target{Kind: Empty}},
		{"policies/a.md", "#", Target{Kind: Empty}},
	} {
		if got := Resolve(tc.from, tc.dest); got != tc.want {
			t.Errorf("Resolve(%q, %q) = %+v, want %+v", tc.from, tc.dest, got, tc.want)
		}
	}
}

func TestAnchors(t *testing.T) {
	body := []byte("# Access Policy\n\n## Scope and *purpose*\n\n## Scope and purpose\n\n### `MFA`: who?\n\n## Custom {#own-id}\n\n```\n# not a heading\n```\n")
	var ids []string
	for _, h := range Headings(Parse(body), body) {
		ids = append(ids, h.ID)
	}
	want := []string{"access-policy", "scope-and-purpose", "scope-and-purpose-1", "mfa-who", "own-id"}
	if !slices.Equal(ids, want) {
		t.Errorf("heading ids = %q, want %q", ids, want)
	}
}

func TestRefsOffsets(t *testing.T) {
	body := []byte("Intro.\n\nSee [a](x.md) and ![b](img/b.png).\n\n[r]: y.md\n")
	var got []string
	for _, r := range Refs(Parse(body), body) {
		got = append(got, string(body[r.Offset:r.Offset+2])+"="+r.Dest)
	}
	want := []string{"[a=x.md", "![=img/b.png", "[r=y.md"}
	if !slices.Equal(got, want) {
		t.Errorf("Refs = %q, want %q", got, want)
	}
}

// FuzzRewriteUnlinksEverything: whatever the Markdown, unlinking every
// link, image and definition leaves none with a destination, so that a
// destination the trust center must not show cannot survive a rewrite.
func FuzzRewriteUnlinksEverything(f *testing.F) {
	for _, s := range []string{
		"See [a](x.md) and ![b](y.png \"t\").",
		"[[a](x)](y)",
		"[a][r]\n\n[r]: x.md\n",
		"> [a](<x y.md>)\n- [b](x(1).md)\n",
		"| [a](x) | ![b](y) |\n|---|---|\n",
		"[![a](i.png)](x.md)",
		"[`]`](x) [\\]](y) [*a*](z)",
		"[a](x\n\"t\")",
		strings.Repeat("[", 70) + "a](x)" + strings.Repeat("](y)", 70),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		out := Rewrite(body, func(Ref) Action { return Action{Unlink: true} })
		src := []byte(out)
		for _, r := range Refs(Parse(src), src) {
			if r.Dest != "" {
				t.Fatalf("Rewrite(%q) = %q still links to %q", body, out, r.Dest)
			}
		}
	})
}

// FuzzRefsAreLocated: every link, image and definition goldmark finds is
// placed in the text, its destination where it was written, so that
// Rewrite never falls back to replacing a destination wherever it occurs.
func FuzzRefsAreLocated(f *testing.F) {
	for _, s := range []string{
		"See [a](x.md) and ![b](y.png \"t\").",
		"[a][r]\n\n[r]: x.md\n",
		"> [a](<x y.md>)\n- [b](x(1).md)\n",
		"[![a](i.png)](x.md)",
		"[`]`](x) [\\]](y) [*a*](z)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		src := []byte(body)
		for _, r := range Refs(Parse(src), src) {
			if r.lost {
				t.Fatalf("Refs(%q): %+v not located", body, r)
			}
			if r.destStart >= 0 && body[r.destStart:r.destEnd] != r.Dest {
				t.Fatalf("Refs(%q): destination at %d:%d is %q, want %q", body, r.destStart, r.destEnd, body[r.destStart:r.destEnd], r.Dest)
			}
		}
	})
}
