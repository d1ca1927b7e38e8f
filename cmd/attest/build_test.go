package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/attest-dev/attest"
	"github.com/attest-dev/attest/generator/gitfs/gittest"
	"github.com/attest-dev/attest/generator/scratch"
	"github.com/attest-dev/attest/generator/site/sitetest"
)

// sampleRepo puts the embedded sample program into a fresh git repository,
// committed at a fixed time, and returns it with the commit's hash.
func sampleRepo(t testing.TB) (*gittest.Repo, string) {
	t.Helper()
	return sampleRepoAt(t, "2026-07-01T12:00:00+02:00")
}

// sampleRepoAt is sampleRepo with the first commit made at date.
func sampleRepoAt(t testing.TB, date string) (*gittest.Repo, string) {
	t.Helper()
	r := gittest.New(t)
	r.WriteFS(attest.Sample())
	r.Write(".gitignore", "/public/\n/private/\n")
	return r, r.Commit(date, "Northwind Ledger compliance program")
}

// TestBuildSampleInAGitRepository runs attest build on the sample program
// committed to a real repository: both sites are built, dated by the commit,
// every link resolves, a second build of the same commit is byte-identical,
// and a failed build leaves both outputs as they were.
func TestBuildSampleInAGitRepository(t *testing.T) {
	r, hash := sampleRepo(t)
	code, stdout, stderr := attestRun("build", "-C", r.Dir)
	if code != 0 {
		t.Fatalf("attest build: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"built the trust center into public/", "built the system description into private/"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stderr, "hugo:") {
		t.Errorf("hugo logged:\n%s", stderr)
	}
	pub, priv := filepath.Join(r.Dir, "public"), filepath.Join(r.Dir, "private")
	home, err := os.ReadFile(filepath.Join(pub, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "as of commit <code>" + hash[:12] + "</code>, 2026-07-01"; !bytes.Contains(home, []byte(want)) {
		t.Errorf("the trust center's footer lacks %q", want)
	}
	sectxt, err := os.ReadFile(filepath.Join(pub, ".well-known", "security.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(sectxt, []byte("Expires: 2027-06-30T10:00:00Z\n")) {
		t.Errorf("security.txt does not expire a year less a day after the commit:\n%s", sectxt)
	}
	if _, err := os.Stat(filepath.Join(priv, "index.html")); err != nil {
		t.Errorf("no system description: %v", err)
	}
	for _, out := range []string{pub, priv} {
		checkLinks(t, out, filepath.Base(out)+": ")
	}

	before := map[string]map[string][]byte{"public": sitetest.ReadTree(t, pub), "private": sitetest.ReadTree(t, priv)}
	if code, _, stderr := attestRun("build", "-C", r.Dir); code != 0 {
		t.Fatalf("second build: exit %d\n%s", code, stderr)
	}
	sitetest.SameTree(t, "public, built twice from one commit", before["public"], sitetest.ReadTree(t, pub))
	sitetest.SameTree(t, "private, built twice from one commit", before["private"], sitetest.ReadTree(t, priv))

	// A layout of the program's own that does not parse fails the build,
	// which names the layout as the program does, at the broken line;
	// what was built before stays.
	r.Write("layouts/home.html", "{{ define \"main\" }}\n{{ .Title }\n")
	code, _, stderr = attestRun("build", "-C", r.Dir)
	// The template's place opens a line of its own, as editors read it.
	if code != 1 || !regexp.MustCompile(`(?m)^layouts/home\.html:2: unexpected`).MatchString(stderr) {
		t.Errorf("a broken layout: exit %d, stderr:\n%s", code, stderr)
	}
	sitetest.SameTree(t, "public after a failed build", before["public"], sitetest.ReadTree(t, pub))
	sitetest.SameTree(t, "private after a failed build", before["private"], sitetest.ReadTree(t, priv))
	entries, _ := os.ReadDir(r.Dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public") || strings.HasPrefix(e.Name(), ".private") {
			t.Errorf("a failed build left %s behind", e.Name())
		}
	}
}

func TestBuildRefusesProgramsWithErrors(t *testing.T) {
	broken := writeFixture(t, "../../generator/compile/testdata/broken.txtar")
	code, _, stderr := attestRun("build", "-C", broken)
	if code != 1 || !strings.Contains(stderr, "nothing was built") || !strings.Contains(stderr, `unknown framework "iso2701"`) {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(broken, "public")); err == nil {
		t.Error("a program with errors was built")
	}
}

// TestBuildRefusesOverlappingOutputs: each build replaces its output whole,
// so the outputs are compared as folders on disk, symbolic links followed.
// The private site inside, over or around the public one would publish the
// system description, evidence included; the public one inside the private
// one would be deleted by every private build; an output that is, is in or
// holds a folder of the program would replace its sources. attest check
// reports what the paths as written show, attest build what the disk shows
// too; both at the config.toml line, and nothing is built. (Issue 11.)
func TestBuildRefusesOverlappingOutputs(t *testing.T) {
	tests := []struct {
		name    string
		outputs string            // the [outputs] table's keys, from line 11; DIR is the program's folder, ELSE another
		links   map[string]string // symbolic links to make in the program's folder, to targets there (ELSE: in another)
		want    string            // substring of stderr
	}{
		{"over sources", "public = \"content\"\n", nil, `config.toml:11:1: [outputs] public "content" would replace the program's own files (content/)`},
		{"the same folder, written differently", "private = \"./public\"\n", nil, `config.toml:11:1: [outputs] private "./public" is the same folder as public "public"`},
		{"private inside public", "private = \"public/auditors\"\n", nil, `config.toml:11:1: [outputs] private "public/auditors" is inside public "public"`},
		{"public inside private", "public = \"private/pub\"\n", nil, `config.toml:11:1: [outputs] public "private/pub" is inside private "private"`},
		{"public a link into private", "public = \"pub\"\n", map[string]string{"pub": "private/x"}, `config.toml:11:1: [outputs] public "pub" is inside private "private"`},
		{"private through a link to public", "private = \"auditors/site\"\n", map[string]string{"auditors": "public"}, `config.toml:11:1: [outputs] private "auditors/site" is inside public "public"`},
		{"private inside public, absolute", "private = \"DIR/public/x\"\n", nil, `[outputs] private "DIR/public/x" is inside public "public"`},
		{"over sources, through ..", "public = \"../BASE/content\"\n", nil, `config.toml:11:1: [outputs] public "../BASE/content" would replace the program's own files (content/)`},
		{"around a linked program folder", "public = \"ELSE\"\n", map[string]string{"themes": "ELSE/themes"}, `config.toml:11:1: [outputs] public "ELSE" would replace the program's own files (themes/`},
		{"around the program", "private = \"DIR/..\"\n", nil, `config.toml:11:1: [outputs] private "DIR/.." holds the program itself`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFixture(t, "../../generator/compile/testdata/minimal.txtar")
			elsewhere := t.TempDir()
			expand := strings.NewReplacer("DIR", filepath.ToSlash(dir), "BASE", filepath.Base(dir), "ELSE", filepath.ToSlash(elsewhere)).Replace
			cfg := filepath.Join(dir, "config.toml")
			data, _ := os.ReadFile(cfg)
			if err := os.WriteFile(cfg, append(data, "\n[outputs]\n"+expand(tt.outputs)...), 0o644); err != nil {
				t.Fatal(err)
			}
			for name, target := range tt.links {
				target = expand(target)
				os.MkdirAll(filepath.Join(elsewhere, "layouts"), 0o755)
				if err := os.Symlink(filepath.FromSlash(target), filepath.Join(dir, name)); err != nil {
					t.Skip("symbolic links unsupported:", err)
				}
			}
			code, _, stderr := attestRun("build", "-C", dir)
			if code != 1 || !strings.Contains(stderr, expand(tt.want)) {
				t.Errorf("exit %d, stderr lacks %q:\n%s", code, expand(tt.want), stderr)
			}
			for _, name := range []string{"public", "private", "pub", "auditors/site", "private/x"} {
				if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
					t.Errorf("%s was built", name)
				}
			}
			if entries, _ := os.ReadDir(elsewhere); len(entries) > 1 {
				t.Errorf("a folder outside the program was written: %v", entries)
			}
			if _, err := os.Stat(filepath.Join(dir, "content", "controls", "one.md")); err != nil {
				t.Errorf("the sources were touched: %v", err)
			}
		})
	}
}

func TestBuildOnlyOneSite(t *testing.T) {
	dir := t.TempDir() // no config.toml: the embedded sample
	code, stdout, stderr := attestRun("build", "-C", dir, "-only", "public")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "trust center") || strings.Contains(stdout, "system description") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "private")); err == nil {
		t.Error("-only public built the private site")
	}
	// Outside git there is no commit to date the build by, and the footer says so.
	home, _ := os.ReadFile(filepath.Join(dir, "public", "index.html"))
	if bytes.Contains(home, []byte("as of commit")) {
		t.Error("a build outside git names a commit")
	}
	if code, _, _ := attestRun("build", "-only", "both"); code != 2 {
		t.Errorf("-only both: exit %d, want 2", code)
	}
}

// TestBuildSwapsBothSitesOrNeither: the two outputs always come from one
// build. A build whose private site fails leaves the previous public/ as
// it was, byte for byte, though the trust center itself built, and leaves
// no folder behind; -only public swaps in the trust center alone. (Issue 11.)
func TestBuildSwapsBothSitesOrNeither(t *testing.T) {
	dir := writeFixture(t, "../../generator/compile/testdata/minimal.txtar")
	if code, _, stderr := attestRun("build", "-C", dir); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, stderr)
	}
	pub, priv := filepath.Join(dir, "public"), filepath.Join(dir, "private")
	before := map[string]map[string][]byte{"public": sitetest.ReadTree(t, pub), "private": sitetest.ReadTree(t, priv)}

	// A new title for the trust center, and a layout of the program's own
	// that only the system description uses, failing when it runs.
	cfg := filepath.Join(dir, "config.toml")
	data, _ := os.ReadFile(cfg)
	if err := os.WriteFile(cfg, append(data, "\n[trust]\ntitle = \"A retitled trust center\"\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	layout := filepath.Join(dir, "layouts", "_partials", "body", "control.html")
	os.MkdirAll(filepath.Dir(layout), 0o755)
	if err := os.WriteFile(layout, []byte(`{{ errorf "this layout fails on purpose" }}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := attestRun("build", "-C", dir)
	if code != 1 || !strings.Contains(stderr, "this layout fails on purpose") {
		t.Fatalf("a failing private site: exit %d, stderr:\n%s", code, stderr)
	}
	sitetest.SameTree(t, "public after the private site failed", before["public"], sitetest.ReadTree(t, pub))
	sitetest.SameTree(t, "private after it failed", before["private"], sitetest.ReadTree(t, priv))
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public") || strings.HasPrefix(e.Name(), ".private") {
			t.Errorf("a failed build left %s behind", e.Name())
		}
	}

	// The trust center alone does build, and is swapped in.
	if code, _, stderr := attestRun("build", "-C", dir, "-only", "public"); code != 0 {
		t.Fatalf("-only public: exit %d\n%s", code, stderr)
	}
	if home := readOut(t, pub, "index.html"); !strings.Contains(home, "A retitled trust center") {
		t.Error("-only public did not swap in the new trust center")
	}
	sitetest.SameTree(t, "private after -only public", before["private"], sitetest.ReadTree(t, priv))
}

// TestBuildRemovesLeftoversOfGoneRuns: a build killed before it could
// clean up leaves its folders beside the outputs; the next build removes
// those of processes that no longer run, and keeps those of a build
// running at the same time. (Issue 11.)
func TestBuildRemovesLeftoversOfGoneRuns(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("leftovers are kept where a process cannot be asked after")
	}
	gone := exec.Command(os.Args[0], "-test.run=^$")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	running := exec.Command("sleep", "600")
	if err := running.Start(); err != nil {
		t.Skip("no sleep to stand for a build running:", err)
	}
	defer func() {
		running.Process.Kill()
		running.Wait()
	}()
	dead, live := scratch.Owner(gone.ProcessState.Pid()), scratch.Owner(running.Process.Pid)
	dir := writeFixture(t, "../../generator/compile/testdata/minimal.txtar")
	leftovers := map[string]bool{ // name: removed
		".public.build-" + dead + "-1":         true,
		".public.build-" + dead + "-1.old":     true,
		".private.versions-" + dead + "-2":     true,
		".private.copies-" + dead + "-3":       true,
		".public.build-" + live + "-4":         false,
		".private.versions-" + live + "-5":     false,
		".private.versions-" + live + "-5.old": false,
	}
	for name := range leftovers {
		if err := os.MkdirAll(filepath.Join(dir, name, "latest"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, stderr := attestRun("build", "-C", dir, "-only", "public"); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for name, removed := range leftovers {
		_, err := os.Stat(filepath.Join(dir, name))
		if os.IsNotExist(err) != removed {
			t.Errorf("%s: removed %v, want %v", name, os.IsNotExist(err), removed)
		}
	}
}

// TestBuildRemovesItsFoldersOnSignal runs attest build on the sample as a
// process of its own and stops it while it builds: it removes its folders
// beside the outputs before exiting, and swaps nothing in. (Issue 11.)
func TestBuildRemovesItsFoldersOnSignal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no signals to send")
	}
	dir := sampleCopy(t)
	cmd := exec.Command(os.Args[0], "build", "-C", dir)
	cmd.Env = append(os.Environ(), "ATTEST_RUN_MAIN=1")
	var stderr syncBuffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	scratchDirs := func() []string {
		var names []string
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".public.") || strings.HasPrefix(e.Name(), ".private.") {
				names = append(names, e.Name())
			}
		}
		return names
	}
	// Signal once the build works in its folders.
	for len(scratchDirs()) == 0 {
		select {
		case err := <-exited:
			t.Skipf("the build ended (%v) before it could be interrupted", err)
		case <-time.After(2 * time.Millisecond):
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("the build did not stop")
	}
	if left := scratchDirs(); len(left) > 0 {
		t.Errorf("a build stopped by SIGTERM left %v\n%s", left, stderr.String())
	}
	for _, out := range []string{"public", "private"} {
		if _, err := os.Stat(filepath.Join(dir, out)); err == nil {
			t.Errorf("an interrupted build swapped in %s/", out)
		}
	}
	if !strings.Contains(stderr.String(), "attest build: interrupted") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
}

// checkLinks fails the test for each broken link of the site in dir, each
// said after prefix: the first 20, then how many more.
func checkLinks(t *testing.T, dir, prefix string) {
	t.Helper()
	problems, err := sitetest.Links(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range problems {
		if i == 20 {
			t.Errorf("… and %d more", len(problems)-20)
			break
		}
		t.Errorf("%s%s", prefix, p)
	}
}
