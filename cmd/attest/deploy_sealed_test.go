package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/attest-dev/attest/generator/deploy"
	"github.com/attest-dev/attest/generator/deploy/deploytest"
	"github.com/attest-dev/attest/generator/sealed"
	"github.com/attest-dev/attest/generator/site/sitetest"
)

// linkKey finds the key a build or deploy printed, "#k=…".
var linkKey = regexp.MustCompile(`#(k=[A-Za-z0-9_-]{43})\b`)

// TestDeployEncryptedPrivateSiteInChromium deploys the sample's system
// description, encrypted, to an S3-protocol server in the test (gofakes3 on
// a real localhost listener, where a service worker may register) and opens
// it in headless Chromium from that server: with the printed key the pages
// show, links, search, evidence and the print view work; with another key
// the loader says so and shows nothing else; no console errors either way.
// An unencrypted private output is refused with -no-build. (Issue 17.)
func TestDeployEncryptedPrivateSiteInChromium(t *testing.T) {
	s3 := deploytest.S3(t, "auditors")
	r, _ := sampleRepo(t)
	cfg, err := os.ReadFile(filepath.Join(r.Dir, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	endpoint := s3.URL[strings.Index(s3.URL, "endpoint=")+len("endpoint="):]
	siteURL := endpoint + "/auditors/"
	r.Write("config.toml", string(cfg)+fmt.Sprintf("\n[[deploy.target]]\nname = \"auditors\"\nurl = %q\nsite = \"private\"\npublic_url = %q\n", s3.URL, siteURL))
	// Evidence exported by another system: an HTML report that would run a
	// script of the site's own origin (another evidence file) if it could.
	report := `<!DOCTYPE html><title>MFA report</title><p>REPORT-TEXT</p><script src="report.js"></script>`
	script := `document.title = "the report's script ran";`
	r.Write("evidence/mfa/report.html", report)
	r.Write("evidence/mfa/report.js", script)
	manifest, err := os.ReadFile(filepath.Join(r.Dir, "content/evidence/access.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct{ id, file, body string }{{"EV-MFA-REPORT", "report.html", report}, {"EV-MFA-REPORT-JS", "report.js", script}} {
		manifest = fmt.Appendf(manifest, "\n[[evidence]]\nid = %q\ncontrol = \"CTL-MFA\"\ntitle = \"MFA report\"\ncollected = 2026-07-01\ncovers_from = 2026-01-01\ncovers_to = 2026-06-30\nfile = \"evidence/mfa/%s\"\nsha256 = \"%x\"\nresult = \"pass\"\ncollector = \"Jordan Ellery\"\n", f.id, f.file, sha256.Sum256([]byte(f.body)))
	}
	r.Write("content/evidence/access.toml", string(manifest))
	r.Commit("2026-07-02T12:00:00+02:00", "a private target")

	code, stdout, stderr := attestRun("deploy", "-C", r.Dir, "-no-build")
	if want := "refusing to deploy private/: it is not encrypted"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("-no-build of an unencrypted output: exit %d, want 1 and %q\n%s", code, want, stderr)
	}
	code, stdout, stderr = attestRun("deploy", "-C", r.Dir, "-quiet")
	if code != 0 {
		t.Fatalf("attest deploy: exit %d\n%s\n%s", code, stdout, stderr)
	}
	m := linkKey.FindStringSubmatch(stdout)
	if m == nil || !strings.Contains(stdout, siteURL+"#"+m[1]) {
		t.Fatalf("deploy -quiet printed no link with the key:\n%s", stdout)
	}
	key := m[1]

	// What the bucket holds: the loader's files and objects named by hash.
	ctx := context.Background()
	bucket, err := deploy.Open(ctx, s3.URL)
	if err != nil {
		t.Fatal(err)
	}
	objects, err := deploy.Remote(ctx, bucket)
	bucket.Close()
	if err != nil {
		t.Fatal(err)
	}
	plain := map[string]bool{}
	for _, p := range sealed.Plain() {
		plain[p] = true
	}
	for _, o := range objects {
		if !plain[o.Key] && !regexp.MustCompile(`^o/[0-9a-f]{32}$`).MatchString(o.Key) {
			t.Errorf("the bucket holds %s, neither a loader file nor a hashed object", o.Key)
		}
	}
	// A redeploy of the same commit seals with a new key: everything is
	// replaced, without -max-deletes counting the old objects.
	if code, stdout, stderr := attestRun("deploy", "-C", r.Dir, "-max-deletes", "0"); code != 0 || !strings.Contains(stdout, "deployed the encrypted system description to auditors") {
		t.Fatalf("redeploy: exit %d\n%s\n%s", code, stdout, stderr)
	} else {
		key = linkKey.FindStringSubmatch(stdout)[1]
	}

	chromium := sitetest.NeedChromium(t)
	bctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	outer := t
	// open opens link in a new browser, closed at the end of the test
	// (keep) or of the subtest.
	open := func(t *testing.T, link string, keep ...bool) *sitetest.Tab {
		t.Helper()
		cleanup, profiles := t.Cleanup, t.TempDir
		if len(keep) > 0 {
			// The profile lives as long as the browser: a subtest's folder,
			// removed while the browser still ran, was made again by it and
			// left behind.
			cleanup, profiles = outer.Cleanup, outer.TempDir
		}
		browser, err := sitetest.StartBrowser(bctx, chromium, profiles()) // a fresh profile: no key kept
		if err != nil {
			t.Fatal(err)
		}
		cleanup(browser.Close)
		tab, err := browser.NewTab()
		if err != nil {
			t.Fatal(err)
		}
		cleanup(tab.Close)
		if err := tab.Open(link, desktopWidth); err != nil {
			t.Fatal(err)
		}
		return tab
	}
	// waitFor evaluates expr until it is true, for up to 30 s (the machine
	// may be busy: PBKDF2's 600,000 rounds alone take a while).
	waitFor := func(t *testing.T, tab *sitetest.Tab, what, expr string) {
		t.Helper()
		for range 300 {
			var ok bool
			if err := tab.Eval(expr, &ok); err == nil && ok {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		var where, text string
		tab.Eval(`location.href`, &where)
		tab.Eval(`document.body ? document.body.innerText : ""`, &text)
		t.Fatalf("%s: not so after 30s at %s:\n%.600s\nconsole: %q", what, where, text, tab.Console())
	}
	noConsole := func(t *testing.T, tab *sitetest.Tab) {
		t.Helper()
		for _, msg := range tab.Console() {
			t.Errorf("console: %s", msg)
		}
	}

	var rightKeyTab *sitetest.Tab // kept open, to come back after the site is sealed anew
	t.Run("the right key", func(t *testing.T) {
		tab := open(t, siteURL+"index.html#"+key, true)
		waitFor(t, tab, "the versions page, decrypted", `document.title.includes("System description") && !!navigator.serviceWorker.controller`)
		var href string
		tab.Eval(`location.href`, &href)
		if strings.Contains(href, "#k=") {
			t.Errorf("the key stayed in the address bar: %s", href)
		}
		// A link of the site, followed by a click.
		tab.Eval(`document.querySelector('a[href="latest/index.html"], a[href="./latest/index.html"]').click(), true`, nil)
		waitFor(t, tab, "the readiness overview, by its link", `location.pathname.endsWith("/auditors/latest/index.html") && document.body.innerText.includes("Readiness overview")`)
		tab.Eval(`document.querySelector('a[href="./controls/index.html"]').click(), true`, nil)
		waitFor(t, tab, "the controls page, by its link", `location.pathname.endsWith("/latest/controls/index.html") && document.querySelectorAll("main a").length > 5`)
		// Search: its index is a script the service worker decrypts too.
		if err := tab.Open(siteURL+"latest/search/index.html?q=mfa", desktopWidth); err != nil {
			t.Fatal(err)
		}
		waitFor(t, tab, "search results for mfa", `document.querySelectorAll("#search-results li").length > 0`)
		// An evidence file, as a link to it opens it.
		var evidence string
		if err := tab.Eval(`fetch("../evidence/mfa/2026-h1-mfa-enforcement.json").then(r => r.ok ? r.text() : "HTTP " + r.status)`, &evidence); err != nil || !strings.Contains(evidence, "{") {
			t.Errorf("evidence through the service worker: %q, %v", evidence, err)
		}
		// An evidence document is sandboxed: shown, but no script of its
		// runs, not even one from this origin, and its origin is opaque.
		// The site's pages keep their policy, which runs the site's scripts.
		var policies []string
		if err := tab.Eval(`Promise.all(["../evidence/mfa/report.html", "./index.html"].map(u => fetch(u).then(r => r.headers.get("content-security-policy") || "")))`, &policies); err != nil || len(policies) != 2 {
			t.Fatalf("policies: %q, %v", policies, err)
		}
		if !strings.HasPrefix(policies[0], "sandbox;") {
			t.Errorf("an HTML evidence file's Content-Security-Policy is %q, want sandbox", policies[0])
		}
		if !strings.Contains(policies[1], "script-src 'self'") || strings.Contains(policies[1], "sandbox") {
			t.Errorf("a page's Content-Security-Policy is %q, want the site's", policies[1])
		}
		// An object the host swapped for another of the site (its path is
		// inside, authenticated) is refused, not served as the file asked for.
		// The fetch bypasses the browser's cache, which may hold the object
		// as it was (serving that is right, but tests nothing).
		k, err := sealed.ParseFragment(key)
		if err != nil {
			t.Fatal(err)
		}
		jsonName, _ := sealed.ObjectName(k, "latest/evidence/mfa/2026-h1-mfa-enforcement.json")
		jsName, _ := sealed.ObjectName(k, "latest/evidence/mfa/report.js")
		bucket, err := deploy.Open(ctx, s3.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer bucket.Close()
		original, err := bucket.ReadAll(ctx, jsonName)
		if err != nil {
			t.Fatal(err)
		}
		other, err := bucket.ReadAll(ctx, jsName)
		if err != nil {
			t.Fatal(err)
		}
		if err := bucket.WriteAll(ctx, jsonName, other, nil); err != nil {
			t.Fatal(err)
		}
		var status int
		if err := tab.Eval(`fetch("../evidence/mfa/2026-h1-mfa-enforcement.json", {cache: "no-store"}).then(r => r.status)`, &status); err != nil || status != 502 {
			t.Errorf("a swapped object: HTTP %d, want 502 (%v)", status, err)
		}
		if err := bucket.WriteAll(ctx, jsonName, original, nil); err != nil {
			t.Fatal(err)
		}
		if err := tab.Open(siteURL+"latest/evidence/mfa/report.html", desktopWidth); err != nil {
			t.Fatal(err)
		}
		waitFor(t, tab, "the HTML evidence file", `document.body && document.body.innerText.includes("REPORT-TEXT")`)
		var seen struct {
			Title  string `json:"title"`
			Origin string `json:"origin"`
		}
		if err := tab.Eval(`({title: document.title, origin: self.origin})`, &seen); err != nil || seen.Title != "MFA report" || seen.Origin != "null" {
			t.Errorf("the HTML evidence file: title %q (want its own: no script ran), origin %q (want null, sandboxed), %v", seen.Title, seen.Origin, err)
		}
		// Chromium says it blocked the report's script (and the swapped
		// object's 502), and nothing else.
		for _, msg := range tab.Console() {
			if !strings.Contains(msg, "Blocked script execution in '"+siteURL+"latest/evidence/mfa/report.html'") && !strings.Contains(msg, "status of 502") {
				t.Errorf("console: %s", msg)
			}
		}
		if err := tab.Open(siteURL+"latest/print/index.html", desktopWidth); err != nil {
			t.Fatal(err)
		}
		waitFor(t, tab, "the print view", `document.body.innerText.includes("DC1") && document.body.innerText.length > 20000`)
		noConsole(t, tab)
		rightKeyTab = tab
	})

	t.Run("a wrong key", func(t *testing.T) {
		wrong := sealed.NewKey().Fragment()
		tab := open(t, siteURL+"index.html#"+wrong)
		waitFor(t, tab, "the wrong-key message", `document.getElementById("status") && document.getElementById("status").textContent.includes("key does not open")`)
		var text string
		tab.Eval(`document.body.innerText.replace(/\n+/g, "\n").trim()`, &text)
		if want := "Encrypted site\nThis link's key does not open this site."; text != want {
			t.Errorf("the page says %q, want %q alone", text, want)
		}
		// The loader page meets WCAG 2.1 AA as the sites' pages do.
		violations, err := tab.Axe(sitetest.WCAG21AA)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range violations {
			t.Errorf("the loader page: %s", v)
		}
		var controlled bool
		tab.Eval(`!!navigator.serviceWorker.controller`, &controlled)
		if controlled {
			t.Error("a service worker was started for a wrong key")
		}
		noConsole(t, tab)
	})

	t.Run("a passphrase", func(t *testing.T) {
		passFile := filepath.Join(t.TempDir(), "passphrase")
		if err := os.WriteFile(passFile, []byte("correct horse battery staple\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := attestRun("deploy", "-C", r.Dir, "-passphrase-file", passFile)
		if code != 0 || linkKey.MatchString(stdout) || !strings.Contains(stdout, "open "+siteURL+" and give the passphrase") {
			t.Fatalf("deploy -passphrase-file: exit %d\n%s\n%s", code, stdout, stderr)
		}
		tab := open(t, siteURL+"index.html")
		waitFor(t, tab, "the passphrase form", `!!document.getElementById("passphrase")`)
		unlock := func(pass string) {
			t.Helper()
			if err := tab.Eval(fmt.Sprintf(`document.getElementById("passphrase").value = %q, document.getElementById("unlock").requestSubmit(), true`, pass), nil); err != nil {
				t.Fatal(err)
			}
		}
		unlock("correct horse battery stapler")
		waitFor(t, tab, "the wrong-passphrase message", `document.getElementById("status").textContent === "This passphrase does not open this site."`)
		unlock("correct horse battery staple")
		waitFor(t, tab, "the versions page, decrypted", `document.title.includes("System description") && !!navigator.serviceWorker.controller`)
		// The browser that unlocked the first deploy keeps keys that open
		// nothing now: a page of the site leads to the loader, which asks
		// for the passphrase; the old link says its key no longer opens it.
		if rightKeyTab != nil {
			if err := rightKeyTab.Open(siteURL+"latest/controls/index.html", desktopWidth); err != nil {
				t.Fatal(err)
			}
			waitFor(t, rightKeyTab, "the loader, for a kept key that opens nothing now", `!!document.getElementById("passphrase")`)
			if err := rightKeyTab.Open(siteURL+"index.html#"+key, desktopWidth); err != nil {
				t.Fatal(err)
			}
			waitFor(t, rightKeyTab, "the old link refused", `document.getElementById("status").textContent === "This link's key does not open this site."`)
		}
		for _, msg := range tab.Console() {
			// Chromium's advice on password forms is a debug message, not an error.
			if !strings.HasPrefix(msg, "debug: [DOM] Password forms") {
				t.Errorf("console: %s", msg)
			}
		}
	})

	t.Run("a page asked for before unlocking", func(t *testing.T) {
		tab := open(t, siteURL+"latest/controls/index.html")
		var status int
		// No such object: the host answers for a name it does not have.
		tab.Eval(`fetch(location.href).then(r => r.status)`, &status)
		if status < 400 {
			t.Errorf("a plain path answered %d before unlocking", status)
		}
	})
}
