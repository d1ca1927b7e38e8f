package compile_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/model"
)

// TestDeployConfig: [[deploy.target]] and [[deploy.matcher]] are checked by
// attest check, each problem at its line (issue 17). The tables start at
// line 10 of config.toml.
func TestDeployConfig(t *testing.T) {
	tests := []struct {
		name   string
		deploy string
		want   []string // substrings of the diagnostics expected, in order; none means clean
	}{
		{"s3 target and matchers", `[[deploy.target]]
name = "prod"
url = "s3://trust-bucket?region=eu-west-1"
public_url = "https://trust.example.com/"
[[deploy.target]]
name = "local"
url = "file:///srv/www/trust"
[[deploy.matcher]]
pattern = "^.+\\.(css|js)$"
cache_control = "max-age=31536000"
gzip = true
`, nil},
		{"bad scheme", "[[deploy.target]]\nname = \"prod\"\nurl = \"https://trust.example.com\"\n",
			[]string{`config.toml:12:1: url "https://trust.example.com": the scheme must be one of s3, gs, azblob or file (attest deploy writes to a bucket`}},
		{"misspelt scheme", "[[deploy.target]]\nname = \"prod\"\nurl = \"s4://bucket\"\n",
			[]string{`config.toml:12:1: url "s4://bucket": the scheme must be one of s3, gs, azblob or file (did you mean "s3://"?)`}},
		{"no bucket", "[[deploy.target]]\nname = \"prod\"\nurl = \"gs://\"\n",
			[]string{`config.toml:12:1: url "gs://" has no bucket`}},
		{"file with a host", "[[deploy.target]]\nname = \"prod\"\nurl = \"file://srv/www\"\n",
			[]string{`config.toml:12:1: url "file://srv/www" names the host "srv": a file URL takes an absolute path with three slashes, e.g. "file:///srv/www"`}},
		{"duplicate names", "[[deploy.target]]\nname = \"prod\"\nurl = \"gs://a\"\n[[deploy.target]]\nname = \"prod\"\nurl = \"gs://b\"\n",
			[]string{`config.toml:14:1: deploy target "prod" is named twice (first at line 11)`}},
		{"missing url", "[[deploy.target]]\nname = \"prod\"\n",
			[]string{`config.toml:10:1: missing required key "url" in [deploy.target]`}},
		{"private site", "[[deploy.target]]\nname = \"auditors\"\nurl = \"gs://a\"\nsite = \"private\"\n", nil},
		{"unknown site", "[[deploy.target]]\nname = \"prod\"\nurl = \"gs://a\"\nsite = \"pubic\"\n",
			[]string{`config.toml:13:1: site = "pubic" is not valid (did you mean "public"?)`}},
		{"cloudfront", "[[deploy.target]]\nname = \"prod\"\nurl = \"s3://a\"\ncloudfront_distribution = \"E2QWRUHAPOMQZL\"\n", nil},
		{"cloudfront domain", "[[deploy.target]]\nname = \"prod\"\nurl = \"s3://a\"\ncloudfront_distribution = \"d111111abcdef8.cloudfront.net\"\n",
			[]string{`config.toml:13:1: cloudfront_distribution "d111111abcdef8.cloudfront.net" is not a distribution id: want the id CloudFront shows for the distribution, capital letters and digits such as "E2QWRUHAPOMQZL", not its domain name`}},
		{"public_url not https", "[[deploy.target]]\nname = \"prod\"\nurl = \"s3://a\"\npublic_url = \"ftp://x\"\n",
			[]string{`config.toml:13:1: public_url "ftp://x": want an https: URL`}},
		{"unknown target key", "[[deploy.target]]\nname = \"prod\"\nURL = \"s3://a\"\n",
			[]string{`config.toml:10:1: missing required key "url"`, `config.toml:12:1: unknown key "URL" in [deploy.target] (did you mean "url"?)`}},
		{"bad regexp", "[[deploy.matcher]]\npattern = \"*.css\"\n",
			[]string{"config.toml:11:1: pattern \"*.css\" is not a valid regular expression: missing argument to repetition operator: `*`"}},
		{"unknown matcher key", "[[deploy.matcher]]\npattern = \"css$\"\ncacheControl = \"no-cache\"\n",
			[]string{`config.toml:12:1: unknown key "cacheControl" in [deploy.matcher] (did you mean "cache_control"?)`}},
		{"unknown deploy key", "[deploy]\ntargets = []\n",
			[]string{`config.toml:11:1: unknown key "targets" in [deploy] (did you mean "target"?)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fixtureFS(t, "testdata/minimal.txtar")
			cfg := string(fsys["config.toml"].Data)
			fsys["config.toml"] = &fstest.MapFile{Data: []byte(cfg + "\n" + tt.deploy)}
			res := compile.Compile(fsys, compile.Options{Today: today})
			items := res.Diags.Items()
			if len(items) != len(tt.want) {
				t.Fatalf("want %d diagnostics %q, got %v", len(tt.want), tt.want, items)
			}
			for i, d := range items {
				if !strings.Contains(d.String(), tt.want[i]) {
					t.Errorf("diagnostic %d:\n got %s\nwant %s", i, d, tt.want[i])
				}
			}
		})
	}
}

// TestDeployConfigRead: the targets and matchers are read in order, with
// their defaults.
func TestDeployConfigRead(t *testing.T) {
	fsys := fixtureFS(t, "testdata/minimal.txtar")
	fsys["config.toml"] = &fstest.MapFile{Data: []byte(string(fsys["config.toml"].Data) + `
[[deploy.target]]
name = "prod"
url = "s3://bucket"
[[deploy.matcher]]
pattern = "\\.css$"
cache_control = "max-age=60"
content_type = "text/css"
gzip = true
`)}
	res := compile.Compile(fsys, compile.Options{Today: today})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Items())
	}
	d := res.Program.Config.Deploy
	if len(d.Targets) != 1 || d.Targets[0].Name != "prod" || d.Targets[0].Site != model.SitePublic || d.Targets[0].Pos.Line != 10 {
		t.Errorf("targets: %+v", d.Targets)
	}
	if len(d.Matchers) != 1 || !d.Matchers[0].Pattern.MatchString("a/b.css") || d.Matchers[0].CacheControl != "max-age=60" || d.Matchers[0].ContentType != "text/css" || !d.Matchers[0].Gzip {
		t.Errorf("matchers: %+v", d.Matchers)
	}
}
