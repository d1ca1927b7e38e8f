package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/attest-dev/attest/generator/gitfs/gittest"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/synth"
)

// statusSchema compiles docs/status.schema.json, the published shape of
// `attest status --format json`.
func statusSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile("../../docs/status.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("status.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("status.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validateStatusJSON(t *testing.T, stdout string) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(stdout)))
	if err != nil {
		t.Fatal(err)
	}
	if err := statusSchema(t).Validate(doc); err != nil {
		t.Errorf("status --format json does not match docs/status.schema.json:\n%v", err)
	}
}

var privateState = regexp.MustCompile(`<p class="state-line"><span class="badge st-([a-z-]+)">`)

// TestBuildAndStatusAgree builds the sample from a commit dated after the
// period's last month fell due and asks `attest status -today` for that
// commit's date: every control has the same state in trust.json, on its
// page of the private description and in status --format json, and all
// three say the date they were evaluated at (issue 12: builds judged at the
// period's end left its last month "not yet due" for good, while status
// called it missing).
func TestBuildAndStatusAgree(t *testing.T) {
	const day = "2026-08-03"
	r, _ := sampleRepoAt(t, "2026-07-01T10:00:00Z")
	// June's capacity review goes missing: due 2026-07-30, a gap by day.
	r.Edit("content/evidence/availability.toml", `[[evidence]]
id = "EV-CAP-2026-06"`, `[[evidence_dropped]]
id = "EV-CAP-2026-06"`)
	b, err := os.ReadFile(filepath.Join(r.Dir, "content/evidence/availability.toml"))
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte("[[evidence_dropped]]"))
	j := bytes.Index(b[i:], []byte("\n\n"))
	r.Write("content/evidence/availability.toml", string(b[:i])+string(b[i+j+2:]))
	// The trust center shows each control's state while in progress.
	r.Edit("config.toml", `progress = "summary"`, `progress = "detailed"`)
	r.Commit(day+"T10:00:00Z", "Drop June's capacity review")

	states := buildAndStatusAgree(t, r.Dir, day)
	if states["CTL-CAPACITY"] != "gap" {
		t.Errorf("CTL-CAPACITY, whose June review is missing, is %q", states["CTL-CAPACITY"])
	}
}

// TestBuildAndStatusAgreeOnTheSyntheticProgram does the same for a
// generated program of 100 controls, two without evidence, judged on a
// commit within the period (some occurrences due, others not yet).
func TestBuildAndStatusAgreeOnTheSyntheticProgram(t *testing.T) {
	r := gittest.New(t)
	if err := synth.Write(r.Dir, synth.Small); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(r.Dir, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	r.Write("config.toml", strings.Replace(string(b), "[trust]\n", "[trust]\nprogress = \"detailed\"\n", 1))
	r.Write(".gitignore", "/public/\n/private/\n")
	// Two controls lose their evidence: gaps once their months are due.
	r.Remove("content/evidence/ctl-0003.toml")
	r.Remove("content/evidence/ctl-0006.toml")
	const day = "2026-05-12"
	r.Commit(day+"T10:00:00Z", "Synthetic program")
	states := buildAndStatusAgree(t, r.Dir, day)
	seen := map[string]int{}
	for _, s := range states {
		seen[s]++
	}
	if len(seen) < 2 {
		t.Errorf("every control of the synthetic program is %v: the test compares too little", seen)
	}
}

// buildAndStatusAgree builds the program in dir, a git repository whose
// HEAD is dated day, and compares every control's state in trust.json, on
// its private page and in status -today day -format json. It returns the
// states by control id.
func buildAndStatusAgree(t *testing.T, dir, day string) map[string]string {
	t.Helper()
	if code, _, stderr := attestRun("build", "-C", dir, "-quiet"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := attestRun("status", "-C", dir, "-today", day, "-format", "json")
	if code != 0 {
		t.Fatalf("status: exit %d\n%s", code, stderr)
	}
	validateStatusJSON(t, stdout)
	var st struct {
		Evaluated   string
		ControlList []struct{ ID, State string } `json:"control_list"`
	}
	if err := json.Unmarshal([]byte(stdout), &st); err != nil {
		t.Fatal(err)
	}
	var trust struct {
		Evaluated string
		Controls  struct {
			Items []struct{ ID, State, Page string }
		}
	}
	if err := json.Unmarshal([]byte(readOut(t, dir, "public/trust.json")), &trust); err != nil {
		t.Fatal(err)
	}
	if st.Evaluated != day || trust.Evaluated != day {
		t.Errorf("evaluated: status %s, trust.json %s, want %s", st.Evaluated, trust.Evaluated, day)
	}
	public := map[string]string{}
	for _, c := range trust.Controls.Items {
		public[c.ID] = c.State
	}
	if len(st.ControlList) < 20 || len(public) < 10 {
		t.Fatalf("%d controls in status, %d in trust.json", len(st.ControlList), len(public))
	}
	states := map[string]string{}
	for _, c := range st.ControlList {
		states[c.ID] = c.State
		if s, listed := public[c.ID]; listed && s != c.State {
			t.Errorf("%s: trust.json says %s, status %s", c.ID, s, c.State)
		}
		page := filepath.Join("private", "latest", "controls", site.Slug(c.ID), "index.html")
		m := privateState.FindStringSubmatch(readOut(t, dir, page))
		if m == nil || m[1] != c.State {
			t.Errorf("%s: the private description says %v, status %s", c.ID, m, c.State)
		}
	}
	if !bytes.Contains([]byte(readOut(t, dir, "private/latest/index.html")), []byte("Statuses evaluated on "+day+" for the audit period")) {
		t.Error("the private description does not say when it was evaluated, for which period")
	}
	if !bytes.Contains([]byte(readOut(t, dir, "public/index.html")), []byte("evaluated on "+day+" for the audit period")) {
		t.Error("the trust center does not say when it was evaluated, for which period")
	}
	return states
}
