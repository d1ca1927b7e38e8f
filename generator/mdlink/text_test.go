package mdlink

import "testing"

// TestReaderText: search reads what a reader sees of tricky Markdown.
func TestReaderText(t *testing.T) {
	for _, tc := range []struct{ name, md, want string }{
		{"heading, emphasis, link", "## Scope\n\nEveryone **must** use [MFA](https://idp.example/setup).\n", "Scope Everyone must use MFA."},
		{"reference link", "Read [the policy][p].\n\n[p]: access.md \"Access\"\n", "Read the policy."},
		{"autolink", "Write to <https://example.com/security>.", "Write to https://example.com/security."},
		{"image: not its alt text, nor its path", "See ![the network diagram](img/net.png) below.", "See below."},
		{"inline HTML: tags out, text in", "Press <kbd>Ctrl</kbd>+<kbd>C</kbd> <!-- internal note -->now.", "Press Ctrl+C now."},
		{"HTML block: all of it out", "<div class=\"x\">\nhidden <b>tags</b>\n</div>\n\nAfter.", "After."},
		{"code span as written", "Run `go test ./...` and `**x**` daily.", "Run go test ./... and **x** daily."},
		{"fenced code block", "Before.\n\n```sh\nmake all\nmake check\n```\n", "Before. make all make check"},
		{"indented code block", "Before.\n\n    rotate --keys\n", "Before. rotate --keys"},
		{"table cells apart", "| Role | Access |\n|---|---|\n| Admin | [all](x.md) |\n| `ops` | *some* |\n", "Role Access Admin all ops some"},
		{"shortcode-looking text stays inert text", "Text {{< x >}} and {{% y %}} stay.", "Text {{< x >}} and {{% y %}} stay."},
		{"emphasis of every kind", "__strong__, _em_ and ~~gone~~.", "strong, em and gone."},
		{"escapes read as the character", `1\. not a list, \*not em\*`, "1. not a list, *not em*"},
		{"entities read as characters, not in code", "Fish &amp; chips &#169; `&amp;`", "Fish & chips © &amp;"},
		{"line breaks and blocks apart", "one\ntwo  \nthree\n\n- four\n- five\n\n> six", "one two three four five six"},
		{"headings do not run into text", "# Title\nText.", "Title Text."},
		{"nothing", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ReaderText(Parse([]byte(tc.md)), []byte(tc.md)); got != tc.want {
				t.Errorf("ReaderText(%q)\n = %q\nwant %q", tc.md, got, tc.want)
			}
		})
	}
}
