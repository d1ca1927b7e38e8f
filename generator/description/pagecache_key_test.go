package description

import (
	"reflect"
	"testing"

	"github.com/attest-dev/attest"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/status"
)

// notInControlPage are the fields of the cached types that a control page
// does not show, with why; every other field must change the control's
// cache key, or serve would show a stale page after an edit of it.
var notInControlPage = map[string]string{
	"Control.Pos":        "a position for diagnostics",
	"Evidence.ControlID": "the control itself, which the page is",
	"Evidence.Manifest":  "the manifest file, shown nowhere",
	"Evidence.Pos":       "a position for diagnostics",
	"Evidence.Control":   "the control itself, which the page is",
}

// TestControlKeyCoversEveryField changes each field of a control and of one
// of its evidence records, one at a time, and requires the control page's
// cache key to change — a field added to the model and shown on the page
// but left out of controlKey (a hand-kept list) would keep a stale page in
// attest serve (issue 14).
func TestControlKeyCoversEveryField(t *testing.T) {
	res := compile.Compile(attest.Sample(), compile.Options{})
	if res.Diags.HasErrors() {
		t.Fatalf("the sample does not compile: %v", res.Diags.Items())
	}
	p := res.Program
	r := status.Evaluate(p)
	b := newBuilder(p, r, Options{Cache: &Cache{}})
	var c *model.Control
	for _, x := range p.Controls {
		if len(x.Evidence) > 0 && len(x.Policies) > 0 {
			c = x
			break
		}
	}
	if c == nil {
		t.Fatal("no control of the sample has evidence and policies")
	}
	ref := "/controls/x"
	base := b.controlKey(ref, c)

	check := func(typ string, v reflect.Value, restore func(), rekey func() [32]byte) {
		for i := range v.NumField() {
			f := v.Type().Field(i)
			name := typ + "." + f.Name
			if !f.IsExported() {
				continue
			}
			if _, skip := notInControlPage[name]; skip {
				continue
			}
			field := v.Field(i)
			old := reflect.New(field.Type()).Elem()
			old.Set(field)
			if !change(field) {
				t.Errorf("%s: the test cannot change a %s; teach it", name, field.Type())
				continue
			}
			if rekey() == base {
				t.Errorf("%s changed and the control page's cache key did not: add it to controlKey, or to notInControlPage with why", name)
			}
			field.Set(old)
			restore()
		}
	}
	cv := reflect.ValueOf(c).Elem()
	check("Control", cv, func() {}, func() [32]byte { return b.controlKey(ref, c) })
	ev := reflect.ValueOf(c.Evidence[0]).Elem()
	check("Evidence", ev, func() {}, func() [32]byte { return b.controlKey(ref, c) })
	if b.controlKey(ref, c) != base {
		t.Error("the key differs after every field was restored")
	}
}

// change sets v to a value other than its own, reporting whether it could.
func change(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "-changed")
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int64:
		v.SetInt(v.Int() + 7)
	case reflect.Slice:
		grown := reflect.Append(v, reflect.Zero(v.Type().Elem()))
		if e := grown.Index(grown.Len() - 1); e.Kind() == reflect.Pointer {
			e.Set(reflect.New(e.Type().Elem()))
			if id := e.Elem().FieldByName("ID"); id.IsValid() {
				id.SetString("X-NEW")
			}
		} else if e.Kind() == reflect.String {
			e.SetString("x-new")
		} else if e.Kind() == reflect.Struct {
			if id := e.FieldByName("ID"); id.IsValid() {
				id.SetString("X-NEW")
			}
		}
		v.Set(grown)
	case reflect.Struct:
		if d, ok := v.Addr().Interface().(*model.Date); ok {
			*d = d.AddDays(1)
			return true
		}
		return false
	default:
		return false
	}
	return true
}
