package serve

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestServeBrokenTemplateOnManyPages saves a layout that fails on every
// page of a program with many policies: Hugo v0.165 can hang on ten or more
// render errors, but serve must show the error and keep the last good
// pages, and build again once the layout is fixed.
func TestServeBrokenTemplateOnManyPages(t *testing.T) {
	dir := newProgram(t)
	for i := range 120 {
		writeFile(t, dir, fmt.Sprintf("policies/p%03d.md", i), policy(fmt.Sprintf("POL-%03d", i), "Text."))
	}
	r := start(t, dir, Options{Loopback: true})
	ev := r.events()
	ev.next("the current state", func(State) bool { return true })
	for round := range 3 { // whether Hugo hangs is a race: break it a few times
		writeFile(t, dir, "layouts/page.html", fmt.Sprintf(`{{ define "main" }}{{ .NoSuchMethod%d }}{{ end }}`, round))
		st := ev.next("the template error", func(s State) bool { return len(s.Problems) > 0 })
		if msg := st.Problems[0].Message; !strings.Contains(msg, "site") || !strings.Contains(msg, "NoSuchMethod") && !strings.Contains(msg, "ten or more pages failed to render") {
			t.Errorf("problem: %s", msg)
		}
		if code, page := r.get("/policies/pol-a/"); code != 200 || !strings.Contains(page, "Policy POL-A") {
			t.Errorf("the last good page is not served: %d\n%s", code, page)
		}
		writeFile(t, dir, "layouts/page.html", `{{ define "main" }}<h1 id="fixed">{{ .Title }}</h1>{{ end }}`)
		ev.next("the build after the fix", func(s State) bool { return len(s.Problems) == 0 && s.Build >= round+2 })
	}
	if _, page := r.get("/policies/pol-007/"); !strings.Contains(page, `<h1 id="fixed">`) {
		t.Errorf("the fixed layout is not used:\n%s", page)
	}
}

// TestServeShowsTemplateErrorAtItsPlace saves a layout that fails at a
// known line and column: the overlay's problem names that place as attest
// build does (layouts/page.html:3:6), once per site however many pages
// failed, and the terminal says it too.
func TestServeShowsTemplateErrorAtItsPlace(t *testing.T) {
	dir := newProgram(t)
	log := &syncLog{}
	r := start(t, dir, Options{Loopback: true, Log: log})
	ev := r.events()
	ev.next("the current state", func(State) bool { return true })
	writeFile(t, dir, "layouts/page.html", "{{ define \"main\" }}\n<h1>{{ .Title }}</h1>\n  {{ .NoSuchMethod }}{{ end }}")
	st := ev.next("the template error", func(s State) bool { return len(s.Problems) > 0 })
	seen := map[string]bool{}
	for _, p := range st.Problems {
		if p.Pos != "layouts/page.html:3:6" || !strings.Contains(p.Message, "NoSuchMethod") || strings.Contains(p.Message, dir) {
			t.Errorf("problem %s: %s; want it at layouts/page.html:3:6", p.Pos, p.Message)
		}
		if seen[p.Message] {
			t.Errorf("problem %s: %s: shown twice", p.Pos, p.Message)
		}
		seen[p.Message] = true
	}
	// The terminal is written after the overlay is told.
	for end := time.Now().Add(10 * time.Second); !strings.Contains(log.String(), "layouts/page.html:3:6: ") && time.Now().Before(end); {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(log.String(), "layouts/page.html:3:6: ") {
		t.Errorf("the terminal does not show the place:\n%s", log.String())
	}
}
