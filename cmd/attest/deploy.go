package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/attest-dev/attest/generator/build"
	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/deploy"
	"github.com/attest-dev/attest/generator/diag"
	"github.com/attest-dev/attest/generator/english"
	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/layout"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/progress"
	"github.com/attest-dev/attest/generator/sealed"
	"github.com/attest-dev/attest/generator/source"
)

func runDeploy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("deploy [flags]",
		"Builds the trust center as attest build does and publishes it to a\n"+
			"[[deploy.target]] of config.toml: a gocloud.dev bucket URL (s3://, gs://,\n"+
			"azblob://, file://). Only what changed is uploaded (size and MD5 against\n"+
			"the bucket's), with the Content-Type, Cache-Control and gzip encoding the\n"+
			"[[deploy.matcher]] tables set; objects the site no longer has are deleted.\n"+
			"A program with errors or uncommitted changes is not deployed. A target\n"+
			"with site = \"private\" gets the system description encrypted, with a\n"+
			"fresh key printed once (or a -passphrase); a CloudFront distribution is\n"+
			"invalidated after a deploy that changed something.",
		"  attest deploy -dry-run\n  attest deploy -target staging\n  attest deploy -target auditors -passphrase\n  attest deploy -no-build -max-deletes 1000",
		stdout)
	dir := fl.String("C", ".", "program `directory`")
	targetName := fl.String("target", "", "deploy to the [[deploy.target]] named `NAME` (default: the first)")
	dryRun := fl.Bool("dry-run", false, "print what would be uploaded and deleted, and change nothing in the bucket")
	maxDeletes := fl.Int("max-deletes", 256, "refuse to delete more than `N` objects (a wrong URL or prefix would delete a whole bucket)")
	allowDirty := fl.Bool("allow-dirty", false, "deploy a work tree with uncommitted changes (its pages are marked draft)")
	noBuild := fl.Bool("no-build", false, "deploy the trust center already built into [outputs] public; refused unless built from HEAD")
	force := fl.Bool("force", false, "upload every file, unchanged or not (after a change of matcher headers)")
	quiet := fl.Bool("quiet", false, "print errors only: no progress line, no summary")
	seal := addSealFlags(fl, false)
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if *maxDeletes < 0 {
		return &usageError{"-max-deletes must not be negative"}
	}
	src, err := openProgram(*dir, false, stderr)
	if err != nil {
		return err
	}
	if _, err := fs.Stat(src.FS, compile.ConfigFile); err != nil {
		return &problemsError{fmt.Sprintf("no config.toml in %s: attest deploy publishes a program's trust center (run attest init to start one)", src.Dir)}
	}

	// A deploy publishes a commit: the program must be in git, and the work
	// tree must hold what HEAD holds, unless -allow-dirty says otherwise.
	h, err := history.Load(ctx, src.Dir, history.Options{Paths: layout.Sources, Dirty: layout.Watched})
	if err != nil {
		return err
	}
	defer h.Close()
	if h.Repo() == nil || h.Head == nil {
		return &problemsError{"refusing to deploy: " + h.ReleaseError().Error()}
	}
	if h.Dirty() && !*allowDirty {
		return &problemsError{"refusing to deploy: " + dirtyList(h.Uncommitted) + ": a deploy publishes a commit; commit or stash them, or deploy with -allow-dirty to publish pages marked draft"}
	}

	// Compiled once, as the build compiles the work tree; the build below
	// takes this program rather than compile it again.
	res := compile.Compile(src.FS, compile.Options{Reviews: h})
	if res.Diags.HasErrors() {
		_ = diag.Write(stderr, "text", res.Diags.Items())
		return &problemsError{"the program has errors; nothing was deployed"}
	}
	cfg := res.Program.Config
	target, err := pickTarget(cfg.Deploy.Targets, *targetName)
	if err != nil {
		return err
	}
	private := target.Site == model.SitePrivate
	if !private && (*seal.passphrase || *seal.passphraseFile != "") {
		return &usageError{fmt.Sprintf("-passphrase: target %q publishes the trust center, which is not encrypted", target.Name)}
	}
	if !private {
		warnBaseURL(stderr, target, cfg.Hugo)
	}
	outs, problems := build.OutputFolders(src.Dir, cfg.Outputs)
	if len(problems) > 0 {
		_ = diag.Write(stderr, "text", problems)
		return &problemsError{"an [outputs] folder cannot be built into; nothing was deployed"}
	}
	out := outs[target.Site]

	var key *sealed.Key
	if !*noBuild {
		if private {
			// The private site is published encrypted, never otherwise.
			if key, err = seal.key(true); err != nil {
				return err
			}
		}
		// The same build as attest build -only public (or -only private
		// -encrypt), into the output.
		_, err := build.Build(ctx, build.Options{
			Dir: src.Dir, FS: src.FS, Root: src.Dir, Only: target.Site,
			Quiet: true, Stderr: stderr, NoCache: cachesOff(), History: h,
			Program: res.Program, Seal: key,
		})
		if err != nil {
			var pe *build.ProblemsError
			if errors.As(err, &pe) {
				return &problemsError{strings.Replace(pe.Msg, "nothing was built", "nothing was deployed", 1)}
			}
			return fmt.Errorf("build: %w", err)
		}
	}
	check := checkBuilt
	if private {
		check = checkSealed
	}
	if err := check(src.Dir, out, h.Head.ID, *allowDirty); err != nil {
		return err
	}

	bucket, err := deploy.Open(ctx, target.URL)
	if err != nil {
		return err
	}
	defer bucket.Close()
	local, err := deploy.Local(out, cfg.Deploy.Matchers)
	if err != nil {
		return err
	}
	remote, err := deploy.Remote(ctx, bucket)
	if err != nil {
		return fmt.Errorf("%s: %w", deploy.Redact(target.URL), err)
	}
	plan := deploy.Compare(local, remote, *force)
	where := fmt.Sprintf("%s (%s)", target.Name, deploy.Redact(target.URL))
	deletes := countedDeletes(plan, remote)
	tooMany := deletes > *maxDeletes
	tooManyWhy := fmt.Sprintf("delete %d objects from %s, more than -max-deletes %d: check that the URL names the bucket (and prefix) the site lives in; if it does, deploy with -max-deletes %d", deletes, where, *maxDeletes, deletes)
	changed := len(plan.Uploads)+len(plan.Deletes) > 0
	if *dryRun {
		printPlan(stdout, plan)
		fmt.Fprintf(stdout, "dry run, nothing changed in %s: would upload %d, delete %d; unchanged %d\n", where, len(plan.Uploads), len(plan.Deletes), plan.Unchanged)
		if changed && target.CloudFrontDistribution != "" {
			fmt.Fprintf(stdout, "would invalidate CloudFront distribution %s (/*)\n", target.CloudFrontDistribution)
		}
		if tooMany {
			fmt.Fprintf(stderr, "attest deploy: warning: this deploy would be refused: it would %s\n", tooManyWhy)
		}
		if key != nil {
			// The output was sealed anew: deploy -no-build publishes it.
			printKey(stdout, key, target.PublicURL)
		}
		return nil
	}
	if tooMany {
		return &problemsError{"refusing to " + tooManyWhy}
	}

	bar := progress.New(stderr, *quiet)
	bar.AddTotal(len(plan.Uploads) + len(plan.Deletes))
	bar.Step("deploying to %s", target.Name)
	err = deploy.Apply(ctx, bucket, plan, deploy.Options{Done: func(string) { bar.Add(1) }})
	bar.Done()
	if err != nil {
		return fmt.Errorf("deploy to %s: %w", where, err)
	}
	what := "the trust center"
	if private {
		what = "the encrypted system description"
	}
	if !*quiet {
		fmt.Fprintf(stdout, "deployed %s to %s: uploaded %d, deleted %d, unchanged %d\n", what, where, len(plan.Uploads), len(plan.Deletes), plan.Unchanged)
	}
	// As hugo deploy does: after a deploy that changed something, the
	// whole distribution.
	if changed && target.CloudFrontDistribution != "" {
		id, err := deploy.Invalidate(ctx, target.URL, target.CloudFrontDistribution, deploy.InvalidateOptions{})
		if err != nil {
			return fmt.Errorf("deployed to %s, but: %w; invalidate it by hand: aws cloudfront create-invalidation --distribution-id %s --paths '/*'", where, err, target.CloudFrontDistribution)
		}
		if !*quiet {
			fmt.Fprintf(stdout, "invalidated CloudFront distribution %s (/*): invalidation %s\n", target.CloudFrontDistribution, id)
		}
	}
	if key != nil {
		// Printed even with -quiet: the key cannot be had again.
		printKey(stdout, key, target.PublicURL)
	}
	return nil
}

// countedDeletes is how many of a plan's deletes -max-deletes weighs. A
// sealed site is replaced whole on each deploy (a new key names every
// object anew), so when the bucket holds a sealed site already, its
// objects (o/…) are expected to go and are not counted; the guard still
// catches a URL that names some other bucket or prefix.
func countedDeletes(p deploy.Plan, remote []deploy.Object) int {
	sealedThere := slices.ContainsFunc(remote, func(o deploy.Object) bool { return o.Key == "sealed.json" })
	n := 0
	for _, key := range p.Deletes {
		if !sealedThere || !strings.HasPrefix(key, "o/") {
			n++
		}
	}
	return n
}

// checkSealed refuses an output that is not the system description sealed
// from commit head: unencrypted, stale or built from a dirty work tree.
func checkSealed(root, out, head string, allowDirty bool) error {
	shown := display(root, out)
	m, ok, err := sealed.ReadManifest(out)
	if err != nil {
		return fmt.Errorf("%s%w", shown, err)
	}
	switch {
	case !ok:
		return &problemsError{fmt.Sprintf("refusing to deploy %s: it is not encrypted, and the system description is published encrypted only; deploy without -no-build, or run attest build -only private -encrypt first", shown)}
	case m.Commit != head:
		built := "outside git"
		if m.Commit != "" {
			built = "from commit " + gitfs.ShortID(m.Commit)
		}
		return &problemsError{fmt.Sprintf("refusing to deploy %s: it was built %s, and HEAD is %s; run attest build -encrypt, or deploy without -no-build", shown, built, gitfs.ShortID(head))}
	case m.Draft && !allowDirty:
		return &problemsError{fmt.Sprintf("refusing to deploy %s: it was built from a work tree with uncommitted changes (its pages are marked draft); commit them and build again, or deploy with -allow-dirty", shown)}
	}
	return nil
}

// pickTarget returns the target named name, or the first one.
func pickTarget(targets []model.DeployTarget, name string) (model.DeployTarget, error) {
	if len(targets) == 0 {
		return model.DeployTarget{}, &problemsError{"config.toml has no [[deploy.target]]: add one, e.g.\n\n[[deploy.target]]\nname = \"production\"\nurl = \"s3://my-trust-center?region=us-east-1\"\n"}
	}
	if name == "" {
		return targets[0], nil
	}
	var names []string
	for _, t := range targets {
		if t.Name == name {
			return t, nil
		}
		names = append(names, t.Name)
	}
	hint := ""
	if near := source.Nearest(name, names); near != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", near)
	}
	return model.DeployTarget{}, &usageError{fmt.Sprintf("-target %q: no [[deploy.target]] has that name%s; config.toml names %s", name, hint, strings.Join(names, ", "))}
}

// dirtyList names the first few uncommitted files.
func dirtyList(files []string) string {
	return "the work tree has uncommitted changes (" + english.List(files, 5) + ")"
}

// checkBuilt refuses an output that is not the trust center built from
// commit head, as its trust.json records (build.commit, build.draft): a
// stale output would publish an older program than the one checked.
func checkBuilt(root, out, head string, allowDirty bool) error {
	shown := display(root, out)
	data, err := os.ReadFile(filepath.Join(out, "trust.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return &problemsError{fmt.Sprintf("refusing to deploy %s: it holds no trust center (no trust.json); run attest build, or deploy without -no-build", shown)}
	}
	if err != nil {
		return err
	}
	var tj struct {
		Build struct {
			Commit string `json:"commit"`
			Draft  bool   `json:"draft"`
		} `json:"build"`
	}
	if err := json.Unmarshal(data, &tj); err != nil {
		return fmt.Errorf("%strust.json: %w", shown, err)
	}
	switch {
	case tj.Build.Commit != head:
		built := "outside git"
		if tj.Build.Commit != "" {
			built = "from commit " + gitfs.ShortID(tj.Build.Commit)
		}
		return &problemsError{fmt.Sprintf("refusing to deploy %s: it was built %s, and HEAD is %s; run attest build, or deploy without -no-build", shown, built, gitfs.ShortID(head))}
	case tj.Build.Draft && !allowDirty:
		return &problemsError{fmt.Sprintf("refusing to deploy %s: it was built from a work tree with uncommitted changes (its pages are marked draft); commit them and build again, or deploy with -allow-dirty", shown)}
	}
	return nil
}

// warnBaseURL warns when a target's public_url is not [hugo] baseURL:
// what Hugo makes absolute (the feed's links, the sitemap) would point
// elsewhere than where the site is served. Without public_url (an s3://
// bucket does not say where it is served) there is nothing to compare.
func warnBaseURL(stderr io.Writer, t model.DeployTarget, hugo map[string]any) {
	if t.PublicURL == "" {
		return
	}
	var base string
	for k, v := range hugo {
		if strings.EqualFold(k, "baseURL") {
			base, _ = v.(string)
		}
	}
	if base == "" || sameSite(base, t.PublicURL) {
		return
	}
	d := diag.Diagnostic{Pos: t.Pos, Severity: diag.Warning,
		Message: fmt.Sprintf("deploy target %q is served at public_url %q, but [hugo] baseURL is %q: the feed's and the sitemap's links would point there; make them agree", t.Name, t.PublicURL, base)}
	_ = diag.Write(stderr, "text", []diag.Diagnostic{d})
}

// sameSite compares two URLs as sites: scheme and host regardless of case,
// paths regardless of a trailing slash.
func sameSite(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Host, ub.Host) &&
		strings.TrimSuffix(ua.Path, "/") == strings.TrimSuffix(ub.Path, "/")
}

// printPlan prints a plan's actions, one a line, for -dry-run.
func printPlan(w io.Writer, p deploy.Plan) {
	for _, u := range p.Uploads {
		headers := []string{u.File.ContentType}
		if u.File.CacheControl != "" {
			headers = append(headers, "Cache-Control: "+u.File.CacheControl)
		}
		if u.File.ContentEncoding != "" {
			headers = append(headers, "Content-Encoding: "+u.File.ContentEncoding)
		}
		fmt.Fprintf(w, "upload %s (%s): %s\n", u.File.Path, strings.Join(headers, ", "), u.Reason)
	}
	for _, key := range p.Deletes {
		fmt.Fprintf(w, "delete %s\n", key)
	}
}
