package compile

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"

	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/source"
)

// deploySchemes are the gocloud.dev blob URL schemes attest deploy opens.
var deploySchemes = []string{"s3", "gs", "azblob", "file"}

// distributionID is the shape of a CloudFront distribution id.
var distributionID = regexp.MustCompile(`^[A-Z0-9]{1,64}$`)

// loadDeploy reads [[deploy.target]] and [[deploy.matcher]], shaped as hugo
// deploy's targets and matchers (issue 17).
func loadDeploy(d *source.Table) model.Deploy {
	var out model.Deploy
	names := map[string]int{} // target name → its line
	for _, t := range d.Tables("target") {
		target := model.DeployTarget{
			Name:                   t.String("name", true),
			URL:                    t.String("url", true),
			Site:                   t.Enum("site", false, model.SitePublic, model.SitePublic, model.SitePrivate),
			PublicURL:              t.String("public_url", false),
			CloudFrontDistribution: t.String("cloudfront_distribution", false),
			Pos:                    t.Here(),
		}
		if target.Name != "" && oneLine(t, "name", target.Name) {
			if line, dup := names[target.Name]; dup {
				t.Errorf("name", "deploy target %q is named twice (first at line %d): -target picks a target by its name; give each its own", target.Name, line)
			} else {
				names[target.Name] = t.Pos("name").Line
			}
		}
		if target.URL != "" && oneLine(t, "url", target.URL) {
			checkDeployURL(t, target.URL)
		}
		if oneLine(t, "public_url", target.PublicURL) {
			checkURL(t, "public_url", target.PublicURL, false)
		}
		if d := target.CloudFrontDistribution; d != "" && !distributionID.MatchString(d) {
			t.Errorf("cloudfront_distribution", "cloudfront_distribution %q is not a distribution id: want the id CloudFront shows for the distribution, capital letters and digits such as \"E2QWRUHAPOMQZL\", not its domain name", d)
		}
		t.Done()
		out.Targets = append(out.Targets, target)
	}
	for _, m := range d.Tables("matcher") {
		pattern := m.String("pattern", true)
		matcher := model.DeployMatcher{
			CacheControl: m.String("cache_control", false),
			ContentType:  m.String("content_type", false),
			Gzip:         m.Bool("gzip", false),
		}
		oneLine(m, "cache_control", matcher.CacheControl)
		oneLine(m, "content_type", matcher.ContentType)
		if pattern != "" {
			re, err := regexp.Compile(pattern)
			if err != nil {
				m.Errorf("pattern", "pattern %q is not a valid regular expression: %s (Go RE2 syntax, matched against a file's path such as \"policies/index.html\": e.g. \"^.+\\\\.(css|js)$\")", pattern, unwrapRegexpError(err))
			}
			matcher.Pattern = re
		}
		m.Done()
		if matcher.Pattern != nil {
			out.Matchers = append(out.Matchers, matcher)
		}
	}
	d.Done()
	return out
}

// checkDeployURL accepts a gocloud.dev bucket URL attest deploy can open:
// s3://bucket, gs://bucket, azblob://container or file:///path.
func checkDeployURL(t *source.Table, s string) {
	const want = `want a bucket URL such as "s3://my-bucket?region=us-east-1", "gs://my-bucket", "azblob://my-container" or "file:///srv/www/trust"`
	u, err := url.Parse(s)
	if err != nil {
		t.Errorf("url", "url %q: %v: %s", s, unwrapURLError(err), want)
		return
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case !slices.Contains(deploySchemes, scheme):
		hint := ""
		if scheme == "http" || scheme == "https" {
			hint = " (attest deploy writes to a bucket, not to a web address: give the bucket the site is served from, and its web address as public_url)"
		} else if near := source.Nearest(scheme, deploySchemes); near != "" && scheme != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", near+"://")
		}
		t.Errorf("url", "url %q: the scheme must be one of s3, gs, azblob or file%s: %s", s, hint, want)
	case scheme == "file" && u.Path == "":
		t.Errorf("url", "url %q has no folder: write an absolute path with three slashes, e.g. \"file:///srv/www/trust\"", s)
	case scheme == "file" && u.Host != "" && u.Host != "localhost":
		t.Errorf("url", "url %q names the host %q: a file URL takes an absolute path with three slashes, e.g. \"file:///%s%s\"", s, u.Host, u.Host, u.Path)
	case scheme != "file" && u.Host == "":
		t.Errorf("url", "url %q has no bucket: %s", s, want)
	}
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func unwrapRegexpError(err error) string {
	var se *syntax.Error
	if errors.As(err, &se) {
		return string(se.Code) + ": `" + se.Expr + "`"
	}
	return err.Error()
}
