package site

import "testing"

// TestEqualValuesAsJSONDiffers checks the comparison by which a Builder
// reuses a page's encoding: values are equal only when their JSON is, so
// that a reused encoding never hides a change.
func TestEqualValuesAsJSONDiffers(t *testing.T) {
	type row struct {
		ID   string   `json:"id"`
		Tags []string `json:"tags"`
	}
	type params struct {
		Rows []row    `json:"rows"`
		TP   Markdown `json:"tp"`
		Headings
	}
	cases := []struct {
		name string
		a, b any
		want bool
	}{
		{"equal nested", map[string]any{"rows": []any{map[string]any{"id": "CTL-1", "n": 2, "ok": true}}},
			map[string]any{"rows": []any{map[string]any{"id": "CTL-1", "n": 2, "ok": true}}}, true},
		{"string", map[string]any{"id": "CTL-1"}, map[string]any{"id": "CTL-2"}, false},
		{"markdown", map[string]any{"tp": Markdown("1. Look.")}, map[string]any{"tp": Markdown("1. Look.")}, true},
		{"markdown differs", map[string]any{"tp": Markdown("1. Look.")}, map[string]any{"tp": Markdown("1. See.")}, false},
		{"markdown and string", map[string]any{"tp": Markdown("1. Look.")}, map[string]any{"tp": "1. Look."}, false},
		{"missing key", map[string]any{"id": "CTL-1", "x": nil}, map[string]any{"id": "CTL-1", "y": nil}, false},
		{"int and float", map[string]any{"n": 2}, map[string]any{"n": 2.0}, false},
		{"nil and empty list", map[string]any{"rows": []any(nil)}, map[string]any{"rows": []any{}}, false},
		{"nil and empty map", map[string]any{"m": map[string]any(nil)}, map[string]any{"m": map[string]any{}}, false},
		{"nil and empty strings", []string(nil), []string{}, false},
		{"order", []any{"a", "b"}, []any{"b", "a"}, false},
		{"nil", nil, nil, true},
		{"nil and value", nil, "", false},
		{"other types", []int{1, 2}, []int{1, 2}, true},
		{"other types differ", []int{1, 2}, []int{1, 3}, false},
		{"typed params", &params{Rows: []row{{ID: "CTL-1"}}, TP: "1. Look.", Headings: Headings{1, "T"}},
			&params{Rows: []row{{ID: "CTL-1"}}, TP: "1. Look.", Headings: Headings{1, "T"}}, true},
		{"typed params differ in a row", &params{Rows: []row{{ID: "CTL-1"}}}, &params{Rows: []row{{ID: "CTL-2"}}}, false},
		{"typed params differ in an embedded field", &params{Headings: Headings{1, "T"}}, &params{Headings: Headings{2, "T"}}, false},
		{"typed nil and empty list", &params{Rows: []row{{ID: "a"}}}, &params{Rows: []row{{ID: "a", Tags: []string{}}}}, false},
	}
	for _, c := range cases {
		if got := equalValues(c.a, c.b); got != c.want {
			t.Errorf("%s: equalValues = %v, want %v", c.name, got, c.want)
		}
		if got := equalValues(c.b, c.a); got != c.want {
			t.Errorf("%s, reversed: equalValues = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestSameParamsIsIdentity checks that a Builder reuses a page's encoding
// only for the very params it encoded (Page.Params), typed or a map, and
// that an equal copy is compared, not taken as the same.
func TestSameParamsIsIdentity(t *testing.T) {
	type params struct {
		ID string `json:"id"`
	}
	p, m := &params{ID: "a"}, map[string]any{"id": "a"}
	cases := []struct {
		name string
		a, b any
		want bool
	}{
		{"same pointer", p, p, true},
		{"equal pointer", p, &params{ID: "a"}, false},
		{"same map", m, m, true},
		{"equal map", m, map[string]any{"id": "a"}, false},
		{"none", nil, (*params)(nil), true},
		{"none and empty map", nil, map[string]any{}, true},
		{"none and params", nil, p, false},
		{"struct values", params{ID: "a"}, params{ID: "a"}, false},
	}
	for _, c := range cases {
		if got := sameParams(c.a, c.b); got != c.want {
			t.Errorf("%s: sameParams = %v, want %v", c.name, got, c.want)
		}
		if got := sameParams(c.b, c.a); got != c.want {
			t.Errorf("%s, reversed: sameParams = %v, want %v", c.name, got, c.want)
		}
	}
}
