package site

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"

	"github.com/gohugoio/hugo/common/hstore"
	"github.com/gohugoio/hugo/hugolib"
)

// memoPrefix starts the hugo.Store keys under which the system description
// theme keeps what it laid out once (body.html, body/matrix.html).
const memoPrefix = "attest-memo:"

// Memos lets the builds of one run share what their theme laid out once
// and kept in hugo.Store under memoPrefix: a build starts with what the
// builds before it kept, and adds what it kept. The versions of a system
// description have most control and policy pages the same, and their
// bodies are laid out once for all. Keys must then say all that a kept
// result depends on: with Spec.MemoSalt set, every page carries the param
// memo_key, a hash of its encoding and the salt, for templates to key by.
//
// Only Build honours Spec.Memos; safe for concurrent use; the zero value is
// ready.
type Memos struct {
	mu     sync.Mutex
	values map[string]any
}

// seed puts the memos into store.
func (m *Memos) seed(store *hstore.Scratch) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, v := range m.values {
		store.Set(k, v)
	}
}

// keep takes the memos of a finished build from store.
func (m *Memos) keep(values map[string]any) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.values == nil {
		m.values = map[string]any{}
	}
	for k, v := range values {
		if strings.HasPrefix(k, memoPrefix) {
			m.values[k] = v
		}
	}
}

// forgetMemos empties what the theme kept in the last build: hugo.Store
// outlives a build, and a rebuild must lay those out again from the pages as
// they are now. The user's own keys stay, and so do the memos live says to
// keep (liveMemos): those keyed by the memo_key of a page as it is now.
func forgetMemos(sites *hugolib.HugoSites, live func(key string) bool) {
	if len(sites.Sites) == 0 {
		return
	}
	store := sites.Sites[0].Hugo().Store()
	var keys []string
	for k := range store.Values() {
		if strings.HasPrefix(k, memoPrefix) && (live == nil || !live(k)) {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		store.Delete(k)
	}
}

// liveMemos says which memos an in-place rebuild of pages keeps: those
// whose key names, between colons, the memo_key of one of the pages — a
// page whose encoding (and salt) is the same as when the memo was kept, so
// what was laid out of it is the same. Memos of pages changed or gone are
// forgotten, and so are all of them when the salt changed. nil, forgetting
// all, when no page has a memo_key.
func liveMemos(pages pageFiles) func(key string) bool {
	keys := map[string]bool{}
	for _, pf := range pages {
		if k, ok := memoKeyOf(pf.src); ok {
			keys[k] = true
		}
	}
	if len(keys) == 0 {
		return nil
	}
	return func(key string) bool {
		for part := range strings.SplitSeq(strings.TrimPrefix(key, memoPrefix), ":") {
			if keys[part] {
				return true
			}
		}
		return false
	}
}

// memoKeyOpen opens an encoding withMemoKey gave a memo_key.
const memoKeyOpen = `{"memo_key":"`

// memoKeyOf returns the memo_key withMemoKey put at the start of src.
func memoKeyOf(src []byte) (string, bool) {
	const n = len(memoKeyOpen) + memoKeyLen
	if len(src) < n+1 || string(src[:len(memoKeyOpen)]) != memoKeyOpen || src[n] != '"' {
		return "", false
	}
	return string(src[len(memoKeyOpen):n]), true
}

// memoKeyLen is the length of a memo_key in hex digits.
const memoKeyLen = 32

// withMemoKey gives an encoded page (JSON front matter, then Markdown) the
// front matter field memo_key — which Hugo shows as .Params.memo_key — a
// hash of the encoding and salt.
func withMemoKey(src []byte, salt string) []byte {
	h := sha256.New()
	h.Write([]byte(salt))
	h.Write([]byte{0})
	h.Write(src)
	key := hex.EncodeToString(h.Sum(nil))[:memoKeyLen]
	// The front matter is a JSON object with a title at least: open it
	// with the key.
	out := make([]byte, 0, len(src)+48)
	out = append(out, memoKeyOpen...)
	out = append(out, key...)
	out = append(out, `",`...)
	return append(out, src[1:]...)
}

// Len is how many results the Memos hold: a build that found all it needed
// kept adds none.
func (m *Memos) Len() int {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.values)
}
