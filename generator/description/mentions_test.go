package description

import "testing"

// TestLinkMentions: control ids in a description section's prose become
// links to the control's source file, which the theme resolves to its page
// (issue 15); ids in code, links, headings and longer ids are left alone.
func TestLinkMentions(t *testing.T) {
	files := map[string]string{
		"CTL-MFA":     "content/controls/mfa.md",
		"CTL-DR":      "content/controls/dr.md",
		"CTL-DR-TEST": "content/controls/dr test.md",
	}
	tests := []struct{ name, in, want string }{
		{"in parentheses", "Logins need a second factor (CTL-MFA).",
			"Logins need a second factor ([CTL-MFA](</content/controls/mfa.md>))."},
		{"two in a list", "Tested (CTL-DR, CTL-DR-TEST).",
			"Tested ([CTL-DR](</content/controls/dr.md>), [CTL-DR-TEST](</content/controls/dr test.md>))."},
		{"in a table", "| a | b |\n|---|---|\n| CTL-MFA | x |\n",
			"| a | b |\n|---|---|\n| [CTL-MFA](</content/controls/mfa.md>) | x |\n"},
		{"emphasis", "*CTL-MFA*", "*[CTL-MFA](</content/controls/mfa.md>)*"},
		{"code span", "`CTL-MFA`", "`CTL-MFA`"},
		{"fenced code", "```\nCTL-MFA\n```\n", "```\nCTL-MFA\n```\n"},
		{"a link already", "[CTL-MFA](../controls/mfa.md)", "[CTL-MFA](../controls/mfa.md)"},
		{"heading", "## CTL-MFA\n\ntext", "## CTL-MFA\n\ntext"},
		{"part of a longer id", "CTL-MFA-2 and XCTL-MFA", "CTL-MFA-2 and XCTL-MFA"},
		{"none", "No control here.", "No control here."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := linkMentions(tt.in, files); got != tt.want {
				t.Errorf("linkMentions(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
