package compile_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/attest-dev/attest/generator/compile"
)

// TestConfigValuesPublishedAsLinksOrLines: values the trust center writes
// into security.txt, trust.json and the Atom feed are URLs of a safe scheme
// and one line each (issue 11). Each case sets one value; the rest of the
// configuration is the minimal fixture's.
func TestConfigValuesPublishedAsLinksOrLines(t *testing.T) {
	tests := []struct {
		name  string
		key   string // table.key, as in configDefaults
		value string // TOML value
		want  string // the one diagnostic, or "" for none
	}{
		{"website https", "organization.website", `"https://example.com/"`, ""},
		{"website http localhost", "organization.website", `"http://localhost:1313/"`, ""},
		{"website http loopback", "organization.website", `"http://[::1]:8080/"`, ""},
		{"website javascript", "organization.website", `"javascript:alert(1)"`,
			`config.toml:4:1: website "javascript:alert(1)": want an https: URL such as "https://example.com/" (http: only for localhost)`},
		{"website JavaScript in capitals", "organization.website", `"JaVaScRiPt:alert(1)"`, `config.toml:4:1: website "JaVaScRiPt:alert(1)": want an https: URL`},
		{"website http", "organization.website", `"http://example.com/"`, `config.toml:4:1: website "http://example.com/": want an https: URL`},
		{"website without scheme", "organization.website", `"example.com"`, `config.toml:4:1: website "example.com": want an https: URL`},
		{"website mailto", "organization.website", `"mailto:a@example.com"`, `config.toml:4:1: website "mailto:a@example.com": want an https: URL`},
		{"website data", "organization.website", `"data:text/html,<script>x</script>"`, `config.toml:4:1: website "data:text/html,<script>x</script>": want an https: URL`},
		{"website with a newline", "organization.website", `"https://example.com/\nx"`,
			`config.toml:4:1: website "https://example.com/\nx" contains the control character U+000A: it is published on one line (security.txt, trust.json, the feed); remove it`},

		{"request access mailto", "audit.request_access_url", `"mailto:trust@example.com"`, ""},
		{"request access https", "audit.request_access_url", `"https://example.com/request"`, ""},
		{"request access javascript", "audit.request_access_url", `"javascript:alert(document.cookie)"`,
			`config.toml:11:1: request_access_url "javascript:alert(document.cookie)": want an https: URL such as "https://example.com/request" or a mailto: address such as "mailto:trust@example.com" (http: only for localhost)`},
		{"request access mailto without address", "audit.request_access_url", `"mailto:"`, `config.toml:11:1: request_access_url "mailto:": want an https: URL`},
		{"request access relative", "audit.request_access_url", `"/request/"`, `config.toml:11:1: request_access_url "/request/": want an https: URL`},

		{"contact e-mail", "organization.security_contact", `"security@example.com"`, ""},
		{"contact mailto", "organization.security_contact", `"mailto:security@example.com"`, ""},
		{"contact https", "organization.security_contact", `"https://example.com/security"`, ""},
		{"contact tel", "organization.security_contact", `"tel:+1-201-555-0123"`, ""},
		{"contact host and path", "organization.security_contact", `"example.com/security"`, ""},
		{"contact with a second Expires", "organization.security_contact", `"security@example.com\nExpires: 2099-01-01T00:00:00Z"`,
			`config.toml:3:1: security_contact "security@example.com\nExpires: 2099-01-01T00:00:00Z" contains the control character U+000A`},
		{"contact with a carriage return", "organization.security_contact", `"security@example.com\r"`, `contains the control character U+000D`},
		{"contact with a line separator", "organization.security_contact", "\"security@example.com\u2028Expires: x\"", `contains the control character U+2028`},
		{"contact javascript", "organization.security_contact", `"javascript:alert(1)"`,
			`config.toml:3:1: security_contact "javascript:alert(1)": want an e-mail address such as "security@example.com", or a mailto:, https: or tel: URI (RFC 9116 Contact)`},
		{"contact javascript hiding an at", "organization.security_contact", `"javascript:alert(1)//@x"`, `config.toml:3:1: security_contact "javascript:alert(1)//@x": want an e-mail address`},
		{"contact http", "organization.security_contact", `"http://example.com/security"`, `config.toml:3:1: security_contact "http://example.com/security": want an e-mail address`},
		{"contact with spaces", "organization.security_contact", `"Security Team <security@example.com>"`, `config.toml:3:1: security_contact "Security Team <security@example.com>": want an e-mail address`},

		{"name with a newline", "organization.name", `"Minimal\nCo"`, `config.toml:2:1: name "Minimal\nCo" contains the control character U+000A`},
		{"name with an escape", "organization.name", `"Minimal \u001b[31mCo"`, `config.toml:2:1: name "Minimal \x1b[31mCo" contains the control character U+001B`},
		{"name with a tab", "organization.name", `"Minimal\tCo"`, `contains the control character U+0009`},
		{"name with accents", "organization.name", `"Société Générale"`, ""},
		{"trust title with a newline", "trust.title", `"Trust\nCenter"`, `config.toml:13:1: title "Trust\nCenter" contains the control character U+000A`},
		{"auditor with a newline", "audit.auditor", `"CPA\nLLP"`, `config.toml:10:1: auditor "CPA\nLLP" contains the control character U+000A`},
		{"logo with a newline", "organization.logo", `"logo.svg\n"`, `config.toml:5:1: logo "logo.svg\n" contains the control character U+000A`},
		{"logo in static", "organization.logo", `"static/logo.svg"`, ""},
		{"logo missing", "organization.logo", `"static/nope.png"`, `config.toml:5:1: logo "static/nope.png": there is no file static/nope.png; the logo is a file of static/`},
		{"logo a folder", "organization.logo", `"static"`, `logo "static": there is no file static/static`},

		{"baseURL https", "hugo.baseURL", `"https://trust.example.com/"`, ""},
		{"baseURL root only", "hugo.baseURL", `"/"`, ""},
		{"baseURL javascript", "hugo.baseURL", `"javascript:alert(1)//"`, `config.toml:15:1: baseURL "javascript:alert(1)//": want an https: URL`},
		{"baseURL with a newline", "hugo.baseURL", `"https://trust.example.com/\nExpires: x"`, `config.toml:15:1: baseURL "https://trust.example.com/\nExpires: x" contains the control character U+000A`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			values := map[string]string{}
			for k, v := range configDefaults {
				values[k] = v
			}
			values[tt.key] = tt.value
			src := configTemplate
			for k, v := range values {
				src = strings.Replace(src, "{"+k+"}", v, 1)
			}
			fsys := fixtureFS(t, "testdata/minimal.txtar")
			fsys["config.toml"] = &fstest.MapFile{Data: []byte(src)}
			fsys["static/logo.svg"] = &fstest.MapFile{Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)}
			items := compile.Compile(fsys, compile.Options{Today: today}).Diags.Items()
			if tt.want == "" {
				for _, d := range items {
					t.Errorf("unexpected: %s\n%s", d, src)
				}
				return
			}
			if len(items) != 1 || !strings.Contains(items[0].String(), tt.want) {
				t.Errorf("want one diagnostic containing\n\t%s\ngot %v\n%s", tt.want, items, src)
			}
		})
	}
}

// configTemplate puts each value the test varies on a line of its own:
// name 2, security_contact 3, website 4, logo 5, auditor 10,
// request_access_url 11, trust title 13, baseURL 15.
const configTemplate = `[organization]
name = {organization.name}
security_contact = {organization.security_contact}
website = {organization.website}
logo = {organization.logo}
[audit]
frameworks = ["mini"]
report_type = 1
as_of = 2026-06-30
auditor = {audit.auditor}
request_access_url = {audit.request_access_url}
[trust]
title = {trust.title}
[hugo]
baseURL = {hugo.baseURL}
`

var configDefaults = map[string]string{
	"organization.name":             `"Minimal Co"`,
	"organization.security_contact": `"security@minimal.example"`,
	"organization.website":          `"https://minimal.example/"`,
	"organization.logo":             `"logo.svg"`,
	"audit.auditor":                 `"Example CPA LLP"`,
	"audit.request_access_url":      `"mailto:trust@minimal.example"`,
	"trust.title":                   `"Minimal Trust Center"`,
	"hugo.baseURL":                  `"https://trust.minimal.example/"`,
}

// TestAuditDatesAreBounded: a type 2 period longer than three years, and
// audit dates outside 1970 to 2999, are refused where they are written
// (issue 11: a 0001 to 9999 period took 23 s and 3.2 GB to build).
func TestAuditDatesAreBounded(t *testing.T) {
	const outOfRange = "is out of range: attest accepts audit dates from 1970-01-01 to 2999-12-31; check the year"
	tests := []struct {
		name  string
		audit string // lines from line 7 on
		want  []string
	}{
		{"half a year", "report_type = 2\nperiod_start = 2026-01-01\nperiod_end = 2026-06-30\n", nil},
		{"three years exactly", "report_type = 2\nperiod_start = 2026-01-01\nperiod_end = 2029-01-01\n", nil},
		{"three years and a day", "report_type = 2\nperiod_start = 2026-01-01\nperiod_end = 2029-01-02\n", []string{
			"config.toml:9:1: the audit period 2026-01-01 to 2029-01-02 is longer than 3 years, the longest attest accepts: type 2 periods usually run 3 to 12 months; check the years of period_start and period_end"}},
		{"year 1 to year 9999", "report_type = 2\nperiod_start = 0001-01-01\nperiod_end = 9999-12-31\n", []string{
			"config.toml:8:1: period_start 0001-01-01 " + outOfRange,
			"config.toml:9:1: period_end 9999-12-31 " + outOfRange}},
		{"before 1970", "report_type = 2\nperiod_start = 1969-12-31\nperiod_end = 1970-06-30\n", []string{
			"config.toml:8:1: period_start 1969-12-31 " + outOfRange}},
		{"into year 3000", "report_type = 2\nperiod_start = 2999-06-01\nperiod_end = 3000-01-01\n", []string{
			"config.toml:9:1: period_end 3000-01-01 " + outOfRange}},
		{"quoted year 1", "report_type = 2\nperiod_start = \"0001-01-01\"\nperiod_end = 2026-06-30\n", []string{
			"config.toml:8:1: period_start 0001-01-01 " + outOfRange,
			"config.toml:8:1: warning: period_start is a quoted string"}},
		{"type 1", "report_type = 1\nas_of = 2026-06-30\n", nil},
		{"type 1 in year 1", "report_type = 1\nas_of = 0001-01-01\n", []string{
			"config.toml:8:1: as_of 0001-01-01 " + outOfRange}},
		{"type 1 in year 9999", "report_type = 1\nas_of = 9999-12-31\n", []string{
			"config.toml:8:1: as_of 9999-12-31 " + outOfRange}},
		{"issued in year 9999", "report_type = 1\nas_of = 2026-06-30\nreport_issued = 9999-01-01\n", []string{
			"config.toml:9:1: report_issued 9999-01-01 " + outOfRange}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "[organization]\nname = \"Minimal Co\"\nsecurity_contact = \"security@minimal.example\"\n\n[audit]\nframeworks = [\"mini\"]\n" + tt.audit
			fsys := fixtureFS(t, "testdata/minimal.txtar")
			fsys["config.toml"] = &fstest.MapFile{Data: []byte(src)}
			items := compile.Compile(fsys, compile.Options{Today: today}).Diags.Items()
			if len(items) != len(tt.want) {
				t.Fatalf("got %d diagnostics, want %d: %v", len(items), len(tt.want), items)
			}
			for i, d := range items {
				if !strings.HasPrefix(d.String(), tt.want[i]) {
					t.Errorf("got  %s\nwant %s", d, tt.want[i])
				}
			}
		})
	}
}
