package changes

import (
	"reflect"
	"testing"

	"github.com/attest-dev/attest/generator/model"
)

// notSignificant are the fields of a policy or control whose change alone
// is no significant change (DC9), with why; a change of every other field
// must be found by policyChanged or controlChanged, hand-kept lists that
// a field added to the model could otherwise miss (issue 14).
var notSignificant = map[string]string{
	"Policy.ID":         "the key: another id is another policy, added and retired",
	"Policy.Effective":  "a new effective date alone is a review, not a change",
	"Policy.File":       "where the policy is kept; a move changes nothing it says",
	"Policy.Pos":        "a position for diagnostics",
	"Policy.Images":     "derived from Body, which is compared",
	"Policy.LastReview": "a review, from the effective date or git",
	"Policy.ReviewedBy": "a review, from git",
	"Policy.Controls":   "the controls that name it, whose changes are their own",
	"Control.ID":        "the key: another id is another control, added and removed",
	"Control.File":      "where the control is kept; a move changes nothing it says",
	"Control.Pos":       "a position for diagnostics",
	"Control.Images":    "derived from Narrative and TestProcedure, which are compared",
	"Control.Policies":  "resolved from PolicyIDs, which are compared",
	"Control.Evidence":  "evidence collected is the control operating, not a change to it",
	"Control.Risks":     "the risk register's, which names the control",
	"Control.Incidents": "the incident register's, which names the control",
}

// TestEveryFieldIsComparedOrExcused changes each field of a policy and of a
// control, one at a time, and requires the comparison to see it.
func TestEveryFieldIsComparedOrExcused(t *testing.T) {
	pol := &model.Policy{ID: "POL-A", Title: "Access", Owner: "CISO", Approvers: []string{"CEO"}, Status: model.Approved,
		Visibility: model.Public, Body: "Access is limited.", File: "policies/a.md"}
	ctl := &model.Control{ID: "CTL-A", Title: "MFA", Owner: "CTO", PolicyIDs: []string{"POL-A"}, Frequency: "annual",
		Kind: "preventive", Summary: "MFA everywhere.", Visibility: model.Public, Narrative: "It operates.", TestProcedure: "1. Look."}
	check := func(typ string, item any, changed func() bool) {
		v := reflect.ValueOf(item).Elem()
		for i := range v.NumField() {
			f := v.Type().Field(i)
			name := typ + "." + f.Name
			if _, skip := notSignificant[name]; skip || !f.IsExported() {
				continue
			}
			field := v.Field(i)
			old := reflect.New(field.Type()).Elem()
			old.Set(field)
			if !change(field) {
				t.Errorf("%s: the test cannot change a %s; teach it", name, field.Type())
				continue
			}
			if !changed() {
				t.Errorf("%s changed and no significant change was found: compare it, or add it to notSignificant with why", name)
			}
			field.Set(old)
		}
		if changed() {
			t.Errorf("%s: a change is found after every field was restored", typ)
		}
	}
	before := *pol
	check("Policy", pol, func() bool { return policyChanged(&before, pol) })
	beforeCtl := *ctl
	check("Control", ctl, func() bool { return controlChanged(&beforeCtl, ctl) })
}

// change sets v to a different value of its type; false when it cannot.
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
		} else if e.Kind() == reflect.String {
			e.SetString("x-new")
		} else if e.Kind() == reflect.Struct && e.NumField() > 0 && e.Field(0).Kind() == reflect.String {
			e.Field(0).SetString("x-new")
		}
		v.Set(grown)
	case reflect.Struct:
		switch d := v.Addr().Interface().(type) {
		case *model.Date:
			*d = d.AddDays(1)
		case *model.Cycle:
			return change(v.Field(0))
		default:
			return false
		}
	default:
		return false
	}
	return true
}
