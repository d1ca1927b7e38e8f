package textdiff

// Op is what an edit script does with one element.
type Op byte

const (
	Equal  Op = ' '
	Delete Op = '-'
	Insert Op = '+'
)

// maxEditDistance bounds the work of one diff: the trace the algorithm keeps
// grows with the square of the distance. Past it the differing middle is
// shown as replaced whole, which is still a correct diff, only not minimal.
const maxEditDistance = 2000

// editScript returns a shortest edit script from a to b (Myers, "An O(ND)
// difference algorithm"), one Op per element: Equal consumes one of each,
// Delete one of a, Insert one of b.
func editScript(a, b []int) []Op {
	// Common prefix and suffix cost nothing and are most of a typical edit.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	script := make([]Op, 0, len(a)+len(b))
	for range pre {
		script = append(script, Equal)
	}
	script = append(script, middle(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for range suf {
		script = append(script, Equal)
	}
	return script
}

func middle(a, b []int) []Op {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return replaced(n, m)
	}
	limit := min(n+m, maxEditDistance)
	off := limit + 1
	v := make([]int, 2*limit+3)
	// trace[d] is v as it was before step d, for k in [-d-1, d+1].
	var trace [][]int
	for d := 0; d <= limit; d++ {
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: an insertion
			} else {
				x = v[off+k-1] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, n, m, d)
			}
		}
	}
	return replaced(n, m)
}

// backtrack walks the trace from (n, m) back to (0, 0).
func backtrack(trace [][]int, n, m, d int) []Op {
	rev := make([]Op, 0, n+m)
	x, y := n, m
	for ; d > 0; d-- {
		tv := trace[d]
		at := func(k int) int { return tv[k+d+1] }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		for x > px && y > py {
			rev = append(rev, Equal)
			x--
			y--
		}
		if pk == k+1 {
			rev = append(rev, Insert)
		} else {
			rev = append(rev, Delete)
		}
		x, y = px, py
	}
	for ; x > 0; x-- {
		rev = append(rev, Equal)
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

func replaced(n, m int) []Op {
	out := make([]Op, 0, n+m)
	for range n {
		out = append(out, Delete)
	}
	for range m {
		out = append(out, Insert)
	}
	return out
}

// interner gives equal strings equal numbers, so sequences compare as ints.
type interner map[string]int

func (in interner) ids(items []string) []int {
	out := make([]int, len(items))
	for i, s := range items {
		id, ok := in[s]
		if !ok {
			id = len(in)
			in[s] = id
		}
		out[i] = id
	}
	return out
}
