package build

import (
	"strings"
	"testing"
	"time"

	"github.com/attest-dev/attest/generator/model"
)

// TestVersionIndex: the versions index is laid out like the description's
// pages, and with one version it goes straight there (a refresh: the
// private site's index runs no script), keeping a link (issue 15).
func TestVersionIndex(t *testing.T) {
	p := &model.Program{}
	p.Config.Organization.Name = "Northwind Ledger"
	latest := version{name: "latest", dir: "latest", commit: "0123456789abcdef0123456789abcdef01234567", time: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}
	tag := version{name: "audit/2026", dir: "audit/2026", commit: "fedcba9876543210fedcba9876543210fedcba98", time: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), subject: "Type 2 audit"}
	for _, tt := range []struct {
		name     string
		list     []version
		refresh  bool
		contains []string
	}{
		{"one version", []version{latest}, true, []string{`<a href="latest/index.html">open the latest version</a>`}},
		{"two versions", []version{latest, tag}, false, []string{`href="audit/2026/index.html"`, "Type 2 audit"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := versionIndex(p, tt.list, false)
			if err != nil {
				t.Fatal(err)
			}
			page := string(b)
			if got := strings.Contains(page, `<meta http-equiv="refresh" content="0; url=latest/index.html">`); got != tt.refresh {
				t.Errorf("refresh to latest: %v, want %v", got, tt.refresh)
			}
			for _, want := range append(tt.contains,
				`<header class="masthead">`, `<a class="skip" href="#main">`, `<main id="main" tabindex="-1">`,
				`<link rel="icon" href="latest/favicon.svg"`, `<div class="table-wrap" role="region"`, `<td class="date">2026-07-01</td>`,
				"Northwind Ledger — System description") {
				if !strings.Contains(page, want) {
					t.Errorf("the index lacks %s", want)
				}
			}
		})
	}
}
