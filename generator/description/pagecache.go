package description

import (
	"crypto/sha256"
	"encoding/binary"
	"reflect"
	"slices"
	"unsafe"

	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/site"
)

// A control page's data is most of what Spec does on a large program, and an
// edit changes few of them. The cache keeps each control's page with a
// fingerprint of everything controlPage reads; a later call whose
// fingerprint is the same appends the kept page instead of building it.
// Kept pages are shared between calls: nothing may change a page's params
// once it is added.

// cachedPage is a page kept with the fingerprint of its inputs.
type cachedPage struct {
	key  [sha256.Size]byte
	page site.Page
}

func (c *Cache) page(ref string, key [sha256.Size]byte) (site.Page, bool) {
	if c == nil {
		return site.Page{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	cp, ok := c.pages[ref]
	if !ok || cp.key != key {
		return site.Page{}, false
	}
	return cp.page, true
}

func (c *Cache) putPage(ref string, key [sha256.Size]byte, p site.Page) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil {
		c.pages = map[string]cachedPage{}
	}
	c.pages[ref] = cachedPage{key: key, page: p}
}

// fingerprint collects inputs, each length-prefixed so that no two
// sequences of them write the same bytes.
type fingerprint struct{ buf []byte }

func (f *fingerprint) str(ss ...string) {
	for _, s := range ss {
		f.buf = binary.AppendUvarint(f.buf, uint64(len(s)))
		f.buf = append(f.buf, s...)
	}
}

func (f *fingerprint) flag(v bool) {
	if v {
		f.buf = append(f.buf, 1)
	} else {
		f.buf = append(f.buf, 0)
	}
}

func (f *fingerprint) int(n int64) { f.buf = binary.AppendVarint(f.buf, n) }

// date writes what Date.String shows (its year, month and day, or that it is
// zero) without formatting it.
func (f *fingerprint) date(ds ...model.Date) {
	for _, d := range ds {
		f.flag(d.IsZero())
		if !d.IsZero() {
			y, m, day := d.Time().Date()
			f.int(int64(y))
			f.int(int64(m))
			f.int(int64(day))
		}
	}
}

// same writes the identity of a string: its data and length. Strings are
// immutable and the kept page holds the one it was built with, so the same
// identity means the same contents (a different one only costs a rebuild).
// Used for highlighted snippets, too long to write on every call.
func (f *fingerprint) same(s string) {
	f.int(int64(len(s)))
	f.buf = binary.AppendUvarint(f.buf, uint64(uintptr(unsafe.Pointer(unsafe.StringData(s)))))
}

func (f *fingerprint) sum() [sha256.Size]byte { return sha256.Sum256(f.buf) }

// controlPageCached says whether control pages can come from the cache:
// revision tables read git history, which the fingerprint leaves out.
func (b *builder) controlPageCached() bool {
	return b.opts.Cache != nil && b.opts.Revisions == nil
}

// controlKey fingerprints everything controlPage reads for c: the control,
// its evidence records and their files' snippets, its status and
// occurrences, its policies, risks, incidents and criteria, and the refs
// of the pages it links to.
func (b *builder) controlKey(ref string, c *model.Control) [sha256.Size]byte {
	f := &b.fp
	f.buf = f.buf[:0]
	f.str("control/v1", ref, c.ID, c.Title, c.Owner, string(c.Frequency), string(c.Kind), c.Summary,
		string(c.Visibility), c.Narrative, c.TestProcedure, c.File)
	f.flag(c.Automated)
	f.int(int64(len(c.PolicyIDs)))
	f.str(c.PolicyIDs...)

	f.int(int64(len(c.Criteria)))
	for _, cr := range c.Criteria {
		f.str(cr.Framework, cr.ID)
		fw := b.p.Frameworks[cr.Framework]
		f.flag(fw != nil)
		if fw != nil {
			f.str(fw.Name)
			crit := fw.Criterion(cr.ID)
			f.flag(crit != nil)
			if crit != nil {
				f.str(crit.Title)
			}
		}
		f.flag(b.r.Criterion(cr.Framework, cr.ID) != nil)
	}

	f.int(int64(len(c.Policies)))
	for _, pol := range c.Policies {
		f.str(pol.ID, pol.Title, string(pol.Status), b.policyRef[pol.ID])
	}
	f.int(int64(len(c.Risks)))
	for _, rk := range c.Risks {
		f.str(rk.ID, rk.Title)
		f.int(int64(rk.Score()))
	}
	f.int(int64(len(c.Incidents)))
	for _, in := range c.Incidents {
		f.str(in.ID, in.Title)
	}

	f.flag(b.opts.Files != nil)
	f.int(int64(len(c.Evidence)))
	for _, e := range c.Evidence {
		f.str(e.ID, e.Title, string(e.Result), e.SHA256, e.Collector, e.Note, e.File, e.URL)
		f.date(e.Collected, e.CoversFrom, e.CoversTo)
		f.int(e.Size)
		ef, ok := b.evidence[e.File]
		f.flag(ok)
		if ok {
			f.flag(ef.err != nil)
			f.flag(ef.truncated)
			f.same(ef.snippet)
		}
	}

	cs := b.r.Control(c.ID)
	f.flag(cs != nil)
	if cs != nil {
		f.str(string(cs.State), cs.Reason)
		f.int(int64(len(cs.PolicyProblems)))
		f.str(cs.PolicyProblems...)
		f.int(int64(len(cs.Occurrences)))
		for _, o := range cs.Occurrences {
			f.str(o.Label, string(o.State), o.Reason, string(o.Cause))
			f.date(o.From, o.To, o.Due)
			f.flag(o.Partial)
			f.int(int64(len(o.Evidence)))
			for _, e := range o.Evidence {
				f.str(e.ID)
			}
		}
	}
	return f.sum()
}

// A preview is rebuilt in place by a site.Builder, which encodes again only
// the pages that are not the same values as last time (site.Page.Params).
// Most pages an edit leaves as they were are not control pages — the
// indexes, coverage, matrices, policies — and building them costs little
// next to encoding them: so each is built, compared with the page at its
// path last time, and replaced by that page when it is equal.

// previewPageKept says whether pages are compared with the last preview's.
func (b *builder) previewPageKept() bool {
	return b.opts.Cache != nil && b.opts.Preview
}

// samePreviewPage returns the page kept from the last preview at p's path
// when it is equal to p, and keeps p otherwise.
func (c *Cache) samePreviewPage(p site.Page) site.Page {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.previews[p.Path]; ok && equalPages(old, p) {
		return old
	}
	if c.previews == nil {
		c.previews = map[string]site.Page{}
	}
	c.previews[p.Path] = p
	return p
}

// equalPages reports whether a and b encode the same.
func equalPages(a, b site.Page) bool {
	return a.Path == b.Path && a.Title == b.Title && a.Layout == b.Layout && a.Type == b.Type &&
		a.Weight == b.Weight && a.Date == b.Date && a.Body == b.Body &&
		slices.Equal(a.Outputs, b.Outputs) && (a.Outputs == nil) == (b.Outputs == nil) &&
		equalValues(a.Params, b.Params)
}

// equalValues compares params the way their JSON differs: a nil slice or
// map is not an empty one. The kinds params are made of are compared
// without reflection, which on a large page is most of the time.
func equalValues(a, b any) bool {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool, int, int64, float64:
		return a == b // both the type and the value
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !equalValues(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for i := range x {
			if !equalValues(x[i], y[i]) {
				return false
			}
		}
		return true
	case []string:
		y, ok := b.([]string)
		return ok && slices.Equal(x, y) && (x == nil) == (y == nil)
	case nil:
		return b == nil
	}
	return reflect.DeepEqual(a, b)
}
