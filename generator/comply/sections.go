package comply

import "strings"

// dcRules choose the DC 200 description criterion a narrative answers by
// words in its name, most specific first: "Products and Services" is DC1,
// "System Architecture" and "Organizational" DC3 (the system's components,
// people among them), "Control Environment" DC5.
var dcRules = []struct {
	section string
	words   []string
}{
	{"DC9", []string{"significant change", "changes to the system", "system changes"}},
	{"DC8", []string{"not applicable", "not relevant", "exclusion", "carve-out", "carve out"}},
	{"DC7", []string{"subservice", "sub-service", "csoc", "complementary subservice"}},
	{"DC6", []string{"user entit", "cuec", "complementary user", "customer responsibilit"}},
	{"DC4", []string{"incidents", "incident disclosure", "system incident"}},
	{"DC2", []string{"commitment", "system requirement", "service level"}},
	{"DC5", []string{"control", "criteria", "trust services", "risk", "monitoring"}},
	{"DC3", []string{"system", "architecture", "infrastructure", "component", "organization", "organisation", "people", "software", "data flow", "network", "security"}},
	{"DC1", []string{"product", "service", "overview", "company", "business"}},
}

// dcByAcronym knows the acronyms of comply's own narratives.
var dcByAcronym = map[string]string{"PSN": "DC1", "SAN": "DC3", "SEN": "DC3", "ON": "DC3", "CEN": "DC5"}

// Section returns the DC 200 criterion (DC1 … DC9) a narrative answers,
// from its name, else its acronym, else its file name; ok is false when
// none tells, and then it is DC1.
func Section(name, acronym, stem string) (section string, ok bool) {
	for _, s := range []string{name, stem} {
		low := strings.ToLower(strings.ReplaceAll(s, "-", " "))
		for _, r := range dcRules {
			for _, w := range r.words {
				if strings.Contains(low, w) {
					return r.section, true
				}
			}
		}
		if s == name {
			if dc, found := dcByAcronym[strings.ToUpper(strings.TrimSpace(acronym))]; found {
				return dc, true
			}
		}
	}
	return "DC1", false
}

// controlKind guesses a control's kind from a procedure's name: reviews,
// checks and inventories detect, responses correct, the rest prevent.
func controlKind(name string) string {
	low := strings.ToLower(name)
	for _, w := range []string{"review", "audit", "collect", "inventory", "monitor", "scan", "check", "verify", "test", "inspect"} {
		if strings.Contains(low, w) {
			return "detective"
		}
	}
	for _, w := range []string{"incident", "respond", "response", "recover", "restore", "remediat"} {
		if strings.Contains(low, w) {
			return "corrective"
		}
	}
	return "preventive"
}
