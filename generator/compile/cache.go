package compile

import (
	"crypto/sha256"
	"strings"
	"sync"

	"github.com/attest-dev/attest/generator/catalog"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/model"
)

// unit is what one source file yields: its items, the references they make,
// and its diagnostics. It depends only on the file's bytes and the catalogs.
type unit struct {
	items   model.Program // only the item slices are used
	pending []reference
	hashPos map[*model.Evidence]diag.Pos
	diags   *diag.List
	links   *bodyLinks // a Markdown file's; only ever read
}

func newUnit() *unit {
	return &unit{hashPos: map[*model.Evidence]diag.Pos{}, diags: &diag.List{}}
}

func (u *unit) add(fn func(p *model.Program)) { fn(&u.items) }

// Cache keeps what each source file yielded, keyed by its path and the
// SHA-256 of its bytes, so that a long-lived process (attest serve) compiles
// only the files that changed. It is dropped whole when the catalogs change,
// since criterion checks depend on them. Safe for concurrent use.
type Cache struct {
	mu       sync.Mutex
	catalogs string
	units    map[string]cachedUnit
}

type cachedUnit struct {
	sum [sha256.Size]byte
	u   *unit
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{units: map[string]cachedUnit{}} }

func (c *Cache) useCatalogs(set catalog.Set) {
	if c == nil {
		return
	}
	var b strings.Builder
	for _, id := range set.IDs() {
		b.WriteString(id)
		for _, cr := range set[id].Criteria {
			b.WriteByte(' ')
			b.WriteString(cr.ID)
		}
		b.WriteByte('\n')
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.catalogs != b.String() {
		c.catalogs = b.String()
		clear(c.units)
	}
}

// lookup returns a fresh copy of what name yielded when it held src, or nil.
func (c *Cache) lookup(name string, src []byte) *unit {
	if c == nil {
		return nil
	}
	sum := sha256.Sum256(src)
	c.mu.Lock()
	cu, ok := c.units[name]
	c.mu.Unlock()
	if !ok || cu.sum != sum {
		return nil
	}
	return cu.u.clone()
}

func (c *Cache) store(name string, src []byte, u *unit) {
	if c == nil {
		return
	}
	// Keep a copy: the program being compiled gets u's items, and Index
	// writes back-references into them.
	kept := u.clone()
	c.mu.Lock()
	c.units[name] = cachedUnit{sha256.Sum256(src), kept}
	c.mu.Unlock()
}

// clone copies every item, so that a program compiled from the cache shares
// no mutable value with an earlier program another goroutine may still read.
// Slices that are only ever read (approvers, criteria, ids) are shared.
func (u *unit) clone() *unit {
	out := newUnit()
	out.pending = u.pending
	out.links = u.links
	out.diags.Merge(u.diags)
	it := &u.items
	for _, x := range it.Policies {
		cp := *x
		out.items.Policies = append(out.items.Policies, &cp)
	}
	for _, x := range it.Controls {
		cp := *x
		out.items.Controls = append(out.items.Controls, &cp)
	}
	for _, x := range it.Evidence {
		cp := *x
		out.items.Evidence = append(out.items.Evidence, &cp)
		if pos, ok := u.hashPos[x]; ok {
			out.hashPos[&cp] = pos
		}
	}
	for _, x := range it.Subprocessors {
		cp := *x
		out.items.Subprocessors = append(out.items.Subprocessors, &cp)
	}
	out.items.CUECs = cloneAll(it.CUECs)
	out.items.Responsibilities = cloneAll(it.Responsibilities)
	out.items.Vendors = cloneAll(it.Vendors)
	out.items.Risks = cloneAll(it.Risks)
	out.items.Assets = cloneAll(it.Assets)
	out.items.Incidents = cloneAll(it.Incidents)
	out.items.Description = cloneAll(it.Description)
	out.items.TrustPages = cloneAll(it.TrustPages)
	out.items.Updates = cloneAll(it.Updates)
	return out
}

func cloneAll[T any](items []*T) []*T {
	if items == nil {
		return nil
	}
	out := make([]*T, len(items))
	for i, x := range items {
		cp := *x
		out[i] = &cp
	}
	return out
}
