package site

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/hugolib"
)

// errTooManyRenderErrors is what a build returns when Hugo stopped at its
// tenth render error and hung.
var errTooManyRenderErrors = errors.New("render: ten or more pages failed to render, and Hugo v0.165 stops without saying which: " +
	"a template of the theme, or of the program's layouts/ or themes/, fails on many pages; " +
	"fix it, or undo the last change to layouts/ or themes/")

// stallCheck is how often buildSites looks for a stalled render.
const stallCheck = 250 * time.Millisecond

// buildSites runs one Hugo build and returns its error. Hugo v0.165's
// renderer stops reading pages once ten have failed to render, while the
// walk that hands out pages may still be blocked on handing out the next
// one: the build then never returns (hugolib/site_render.go renderPages and
// site.go errorCollator). buildSites notices that state — the error
// collator blocked on delivering its errors, in two looks a stallCheck
// apart — and returns errTooManyRenderErrors instead of hanging. The stuck
// goroutines and the sites stay behind; the Builder builds afresh next time.
func buildSites(sites *hugolib.HugoSites, memos *Memos, events ...fsnotify.Event) error {
	// The collators to look for are those of these sites, whose pointers
	// their stacks carry: not those of other builds running side by side,
	// nor those an earlier hung build left behind.
	var frames [][]byte
	for _, s := range sites.Sites {
		frames = append(frames, fmt.Appendf(nil, "hugolib.(*Site).errorCollator(%p", s))
	}
	forgetMemos(sites)
	memos.seed(sites.Sites[0].Hugo().Store())
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- errors.New("hugo failed: " + stringOf(r))
			}
		}()
		done <- sites.Build(hugolib.BuildCfg{}, events...)
	}()
	t := time.NewTicker(stallCheck)
	defer t.Stop()
	stalled := 0
	for {
		select {
		case err := <-done:
			if err == nil {
				memos.keep(sites.Sites[0].Hugo().Store().Values())
			}
			return err
		case <-t.C:
			if collatorStuck(frames) {
				stalled++
			} else {
				stalled = 0
			}
			if stalled >= 2 {
				return errTooManyRenderErrors
			}
		}
	}
}

// collatorStuck reports whether a goroutine of Hugo's render error collator
// with one of frames on its stack is blocked on handing over its errors.
func collatorStuck(frames [][]byte) bool {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		if !bytes.Contains(g, []byte("[chan send")) {
			continue
		}
		for _, f := range frames {
			if bytes.Contains(g, f) {
				return true
			}
		}
	}
	return false
}

func stringOf(v any) string {
	if err, ok := v.(error); ok {
		return err.Error()
	}
	if s, ok := v.(string); ok {
		return s
	}
	return "panic"
}
