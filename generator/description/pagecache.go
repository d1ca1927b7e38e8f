package description

import (
	"crypto/sha256"
	"encoding/binary"
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
// revision tables, which the fingerprint leaves out.
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
	f.int(int64(len(c.Images)))
	f.str(c.Images...)

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
			f.flag(ef.missing)
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
