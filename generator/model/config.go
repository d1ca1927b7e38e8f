package model

import (
	"path"
	"regexp"
	"strings"

	"github.com/attest-dev/attest/generator/diag"
)

// Config is the program's config.toml.
type Config struct {
	File          string
	Organization  Organization
	Audit         Audit
	NotApplicable []NotApplicable
	Trust         Trust
	Outputs       Outputs
	Versions      Versions
	Deploy        Deploy
	Hugo          map[string]any // passed through to Hugo unchanged
}

// Organization is who the program belongs to.
type Organization struct {
	Name            string
	Website         string
	SecurityContact string
	Logo            string // a file of static/, written with or without the folder
}

// LogoPath is the site path of the logo ("/logo.svg" for "static/logo.svg"
// or "logo.svg"): static/ is copied to each site's root. "" for none.
func (o Organization) LogoPath() string {
	logo := strings.TrimPrefix(path.Clean("/"+strings.TrimSpace(o.Logo)), "/")
	if o.Logo == "" || logo == "" {
		return ""
	}
	return "/" + strings.TrimPrefix(logo, "static/")
}

// Audit is the scope and period of the audit.
type Audit struct {
	Frameworks       []string // catalog ids in scope
	SOC2Categories   []string // soc2 groups in scope
	ReportType       int      // 1 = point in time, 2 = period
	PeriodStart      Date
	PeriodEnd        Date
	AsOf             Date
	Auditor          string
	ReportIssued     Date
	ReportExpected   Date // when the report is expected, for the trust center while the audit is in progress
	RequestAccessURL string
}

// Evaluated returns the last day the report covers: the end of the period
// for a type 2 report, as_of for a type 1. (Statuses are judged at another
// date, status.Report.Evaluated.)
func (a Audit) Evaluated() Date {
	if a.ReportType == 1 {
		return a.AsOf
	}
	return a.PeriodEnd
}

// NotApplicable is a criterion left out of scope, with the reason (DC8).
type NotApplicable struct {
	Framework string
	Criterion string
	Reason    string
	Pos       diag.Pos
}

// Trust configures the trust center's text.
type Trust struct {
	Title string
	Intro string
	// Progress is what the trust center shows of a framework in progress:
	// ProgressSummary ("Audit in progress", no counts, no per-control
	// states) or ProgressDetailed (criteria met and each control's state).
	Progress string
}

// The choices of [trust] progress.
const (
	ProgressSummary  = "summary"
	ProgressDetailed = "detailed"
)

// Outputs names the output folders, as written in config.toml: relative to
// the program's root, or absolute.
type Outputs struct {
	Public  string
	Private string
	// Encrypt seals the private site on every build, as attest build
	// -encrypt does: a fresh key each time (generator/sealed).
	Encrypt bool
	// Where each was written (the [outputs] table, or the file, when it
	// was left to its default): attest build reports there what it finds
	// only on disk, a folder that is a symbolic link.
	PublicPos, PrivatePos diag.Pos
}

// Versions selects the git tags that get a frozen description.
type Versions struct {
	Tags string
}

// Deploy is where attest deploy publishes a site, configured as hugo
// deploy is: [[deploy.target]] and [[deploy.matcher]].
type Deploy struct {
	Targets  []DeployTarget
	Matchers []DeployMatcher // the first that matches a file's path applies
}

// DeployTarget is one place a site is published to.
type DeployTarget struct {
	Name string
	URL  string // a gocloud.dev blob URL: s3://, gs://, azblob:// or file://
	// Site is the site published: SitePublic, or SitePrivate, which attest
	// deploy builds encrypted (and refuses to publish otherwise).
	Site string
	// PublicURL is where the target serves the site, when known; attest
	// deploy warns when it disagrees with [hugo] baseURL.
	PublicURL              string
	CloudFrontDistribution string
	Pos                    diag.Pos // the [[deploy.target]] header
}

// DeployMatcher sets the headers of the files whose slash-separated path
// (relative to the output) matches Pattern.
type DeployMatcher struct {
	Pattern      *regexp.Regexp
	CacheControl string
	ContentType  string // overrides the type found by extension
	Gzip         bool   // uploaded gzipped, with Content-Encoding: gzip
}

// The sites a deploy target may name.
const (
	SitePublic  = "public"
	SitePrivate = "private"
)
