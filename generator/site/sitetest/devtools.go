package sitetest

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, vendored with its licence in testdata/axe-core.
//
//go:embed testdata/axe-core/axe.min.js
var axeSource string

// WCAG21AA are the axe-core rule tags of WCAG 2.1 levels A and AA.
var WCAG21AA = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// Browser is one headless Chromium driven over the DevTools protocol. Where
// Visit starts a browser per page, a Browser opens page after page in the
// same process, which is what makes checking every page of a site affordable.
type Browser struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// StartBrowser starts chromium (see Chromium) with a fresh profile under
// userData. Close stops it.
func StartBrowser(ctx context.Context, chromium, userData string) (*Browser, error) {
	profile, err := os.MkdirTemp(userData, "profile-")
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("hide-scrollbars", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		cancelBrowser()
		cancelAlloc()
		return nil, fmt.Errorf("start %s: %w", chromium, err)
	}
	return &Browser{ctx: bctx, cancel: func() { cancelBrowser(); cancelAlloc() }}, nil
}

// Close stops the browser.
func (b *Browser) Close() { b.cancel() }

// Tab is one tab of a Browser. A Tab is not safe for concurrent use; tabs
// of one browser may be used in parallel.
type Tab struct {
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	console []string
}

// NewTab opens a tab. It records every console message (console API calls,
// uncaught exceptions and browser log entries such as CSP violations and
// failed requests) until Close.
func (b *Browser) NewTab() (*Tab, error) {
	ctx, cancel := chromedp.NewContext(b.ctx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, err
	}
	// axe-core goes into every document the tab loads, before the page's
	// own scripts: sent and parsed once per tab rather than per page.
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: axeSource}); err != nil {
		cancel()
		return nil, fmt.Errorf("add axe-core to the tab: %w", err)
	}
	t := &Tab{ctx: ctx, cancel: cancel}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			t.mu.Lock()
			t.console = append(t.console, m.String())
			t.mu.Unlock()
		}
	}()
	return t, nil
}

// Close closes the tab.
func (t *Tab) Close() { t.cancel() }

// Open loads url at a viewport width wide (and 900 px high) and waits for
// its load event.
func (t *Tab) Open(url string, width int) error {
	if err := t.SetWidth(width); err != nil {
		return err
	}
	if err := chromedp.Do(t.ctx, chromedp.Navigate(url)); err != nil {
		return fmt.Errorf("open %s: %w", url, err)
	}
	return nil
}

// SetWidth resizes the viewport of the page in place, as a reader turning a
// phone would: media queries apply again without a reload.
func (t *Tab) SetWidth(width int) error {
	return chromedp.Do(t.ctx, chromedp.EmulateViewport(int64(width), 900))
}

// Console returns the console messages recorded since the last call.
func (t *Tab) Console() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.console
	t.console = nil
	return out
}

// Eval evaluates a JavaScript expression in the page (awaiting it when it
// is a promise) and decodes its JSON value into out, which may be nil. The
// DevTools protocol runs it whatever the page's CSP says.
func (t *Tab) Eval(expr string, out any) error {
	raw, err := chromedp.Run(t.ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(raw, out)
}

// Key sends key presses to the focused element: "\t" is Tab, "\r" Enter.
func (t *Tab) Key(keys string) error {
	return chromedp.Do(t.ctx, chromedp.KeyEvent(keys))
}

// Overflow returns by how many CSS pixels the page is wider than its
// viewport: anything above 0 makes a reader scroll sideways.
func (t *Tab) Overflow() (int, error) {
	var px int
	err := t.Eval(`Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)`, &px)
	return px, err
}

// Screenshot saves what the viewport shows as a PNG file.
func (t *Tab) Screenshot(file string) error {
	png, err := chromedp.Run(t.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return os.WriteFile(file, png, 0o644)
}

// Violation is one axe-core rule a page breaks, with the elements that break it.
type Violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// String is the rule, what it asks for and the first elements that break it.
func (v Violation) String() string {
	var where []string
	for i, n := range v.Nodes {
		if i == 3 {
			where = append(where, fmt.Sprintf("and %d more", len(v.Nodes)-3))
			break
		}
		where = append(where, fmt.Sprint(n.Target...))
	}
	s := fmt.Sprintf("%s (%s): %s: %s", v.ID, v.Impact, v.Help, strings.Join(where, ", "))
	if len(v.Nodes) > 0 {
		s += " — " + strings.ReplaceAll(v.Nodes[0].Summary, "\n", " ")
	}
	return s
}

// Axe runs axe-core's rules with the given tags (e.g. WCAG21AA) on the page
// and returns the violations. axe-core is injected through the DevTools
// protocol (NewTab); the site itself never carries it.
func (t *Tab) Axe(tags []string) ([]Violation, error) {
	return t.AxeRun(tags, nil, "")
}

// AxeRun is Axe with rules turned off and a context: a CSS selector of
// elements left out (axe's exclude), "" for the whole document.
func (t *Tab) AxeRun(tags, off []string, exclude string) ([]Violation, error) {
	var loaded bool
	if err := t.Eval(`typeof axe === "object"`, &loaded); err != nil {
		return nil, err
	}
	if !loaded {
		if err := t.Eval(axeSource+"\n;true", nil); err != nil {
			return nil, fmt.Errorf("inject axe-core: %w", err)
		}
	}
	tagList, _ := json.Marshal(tags)
	rules := map[string]any{}
	for _, id := range off {
		rules[id] = map[string]bool{"enabled": false}
	}
	ruleList, _ := json.Marshal(rules)
	scope := "document"
	if exclude != "" {
		ex, _ := json.Marshal(exclude)
		scope = `{exclude: [[` + string(ex) + `]]}`
	}
	var res struct {
		Violations []Violation `json:"violations"`
	}
	expr := `axe.run(` + scope + `, {runOnly: {type: "tag", values: ` + string(tagList) + `}, rules: ` + string(ruleList) + `, resultTypes: ["violations"]}).then(r => ({violations: r.violations}))`
	if err := t.Eval(expr, &res); err != nil {
		return nil, fmt.Errorf("run axe-core: %w", err)
	}
	return res.Violations, nil
}
