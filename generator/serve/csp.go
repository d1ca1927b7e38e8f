package serve

import (
	"bytes"
	"html"
	"regexp"
	"slices"
	"strings"
)

// cspMeta finds a Content-Security-Policy given in a meta element.
var cspMeta = regexp.MustCompile(`(?i)<meta\s+http-equiv\s*=\s*"content-security-policy"\s+content\s*=\s*"([^"]*)"`)

// allowReload returns page with its Content-Security-Policy, if it has one
// in a meta element, extended just enough for the reload script: scripts,
// styles and connections from 'self'. The published sites keep their policy
// (the trust center runs no script at all); only served pages change.
func allowReload(page []byte) []byte {
	m := cspMeta.FindSubmatchIndex(page)
	if m == nil {
		return page
	}
	policy := html.UnescapeString(string(page[m[2]:m[3]]))
	relaxed := attrEscaper.Replace(relaxCSP(policy))
	var out bytes.Buffer
	out.Grow(len(page) + 64)
	out.Write(page[:m[2]])
	out.WriteString(relaxed)
	out.Write(page[m[3]:])
	return out.Bytes()
}

var attrEscaper = strings.NewReplacer(`&`, "&amp;", `"`, "&#34;", `<`, "&lt;")

// relaxCSP makes script-src, style-src and connect-src allow 'self'.
func relaxCSP(policy string) string {
	type directive struct {
		name    string
		sources []string
	}
	var ds []directive
	for _, part := range strings.Split(policy, ";") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		ds = append(ds, directive{strings.ToLower(f[0]), f[1:]})
	}
	find := func(name string) int {
		return slices.IndexFunc(ds, func(d directive) bool { return d.name == name })
	}
	allowsSelf := func(sources []string) bool {
		return slices.Contains(sources, "'self'") || slices.Contains(sources, "*")
	}
	var defaults []string
	if i := find("default-src"); i >= 0 {
		defaults = ds[i].sources
	}
	for _, name := range []string{"script-src", "style-src", "connect-src"} {
		i := find(name)
		if i < 0 {
			if find("default-src") < 0 || allowsSelf(defaults) {
				continue // no restriction, or default-src already allows 'self'
			}
			ds = append(ds, directive{name, []string{"'self'"}})
			continue
		}
		if allowsSelf(ds[i].sources) {
			continue
		}
		ds[i].sources = slices.DeleteFunc(ds[i].sources, func(s string) bool { return s == "'none'" })
		ds[i].sources = append(ds[i].sources, "'self'")
	}
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = strings.Join(append([]string{d.name}, d.sources...), " ")
	}
	return strings.Join(parts, "; ")
}
