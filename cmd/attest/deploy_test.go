package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/attest-dev/attest/generator/deploy"
	"github.com/attest-dev/attest/generator/deploy/deploytest"
)

// deployConfig is added to the sample's config.toml: an S3 target (whose
// public_url disagrees with the sample's baseURL), a file:// one, and
// matchers for the stylesheets and trust.json.
const deployConfig = `
[[deploy.target]]
name = "s3"
url = "%S3%"
public_url = "https://status.northwind.example/"

[[deploy.target]]
name = "folder"
url = "%FOLDER%"

[[deploy.matcher]]
pattern = "\\.css$"
cache_control = "max-age=31536000, immutable"
gzip = true

[[deploy.matcher]]
pattern = "^trust\\.json$"
cache_control = "no-cache"
`

// TestDeploy publishes the sample's trust center with attest deploy to an
// S3-protocol server in the test and to a file:// folder: the first deploy
// builds and uploads every file with its headers, a second uploads
// nothing, an edited file is the one upload, a removed one the one delete,
// -dry-run changes nothing, -max-deletes refuses, and a stale output, a
// dirty work tree, a program with errors and an unencrypted private output
// are refused. (Issue 17.)
func TestDeploy(t *testing.T) {
	s3 := deploytest.S3(t, "trust")
	folder := t.TempDir()
	r, _ := sampleRepo(t)
	cfg, err := os.ReadFile(filepath.Join(r.Dir, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	r.Write("config.toml", string(cfg)+strings.NewReplacer("%S3%", s3.URL, "%FOLDER%", "file://"+filepath.ToSlash(folder)).Replace(deployConfig))
	r.Commit("2026-07-02T12:00:00+02:00", "deploy targets")
	ctx := context.Background()
	bucket, err := deploy.Open(ctx, s3.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer bucket.Close()
	deployRun := func(t *testing.T, wantCode int, args ...string) (stdout, stderr string) {
		t.Helper()
		code, stdout, stderr := attestRun(append([]string{"deploy", "-C", r.Dir}, args...)...)
		if code != wantCode {
			t.Fatalf("attest deploy %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, wantCode, stdout, stderr)
		}
		return stdout, stderr
	}
	pub := filepath.Join(r.Dir, "public")
	files := strings.TrimSuffix(countFiles(pub), " files")

	t.Run("first deploy builds and uploads everything", func(t *testing.T) {
		stdout, stderr := deployRun(t, 0)
		files = strings.TrimSuffix(countFiles(pub), " files")
		want := "deployed the trust center to s3 (s3://trust): uploaded " + files + ", deleted 0, unchanged 0"
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
		if want := `config.toml:`; !strings.Contains(stderr, want) || !strings.Contains(stderr, `warning: deploy target "s3" is served at public_url "https://status.northwind.example/", but [hugo] baseURL is "https://trust.northwind.example/"`) {
			t.Errorf("no baseURL warning:\n%s", stderr)
		}
		for key, want := range map[string]string{
			"index.html":               "text/html; charset=utf-8",
			"trust.json":               "application/json",
			".well-known/security.txt": "text/plain; charset=utf-8",
		} {
			attrs, err := bucket.Attributes(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			if attrs.ContentType != want {
				t.Errorf("%s: Content-Type %q, want %q", key, attrs.ContentType, want)
			}
		}
		var css int
		for path, h := range s3.Puts() {
			switch {
			case strings.HasSuffix(path, ".css"):
				css++
				if h.Get("Cache-Control") != "max-age=31536000, immutable" || h.Get("Content-Encoding") != "gzip" {
					t.Errorf("%s sent with Cache-Control %q, Content-Encoding %q", path, h.Get("Cache-Control"), h.Get("Content-Encoding"))
				}
			case path == "/trust/trust.json":
				if h.Get("Cache-Control") != "no-cache" {
					t.Errorf("%s sent with Cache-Control %q", path, h.Get("Cache-Control"))
				}
			case strings.HasSuffix(path, ".html"):
				if h.Get("Cache-Control") != "" {
					t.Errorf("%s sent with Cache-Control %q", path, h.Get("Cache-Control"))
				}
			}
		}
		if css == 0 {
			t.Error("no stylesheet was uploaded")
		}
	})

	t.Run("a second deploy uploads nothing", func(t *testing.T) {
		stdout, _ := deployRun(t, 0)
		if want := "uploaded 0, deleted 0, unchanged " + files; !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
		if puts := s3.Puts(); len(puts) != 0 {
			t.Errorf("%d files sent", len(puts))
		}
	})

	if err := os.WriteFile(filepath.Join(pub, "index.html"), []byte("<!doctype html><title>edited</title>"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("dry run changes nothing", func(t *testing.T) {
		stdout, _ := deployRun(t, 0, "-no-build", "-dry-run")
		if !strings.Contains(stdout, "upload index.html (text/html; charset=utf-8): size differs\n") ||
			!strings.Contains(stdout, "dry run, nothing changed in s3 (s3://trust): would upload 1, delete 0; unchanged") {
			t.Errorf("stdout:\n%s", stdout)
		}
		if len(s3.Puts()) != 0 {
			t.Error("a dry run uploaded")
		}
		if data, _ := bucket.ReadAll(ctx, "index.html"); strings.Contains(string(data), "edited") {
			t.Error("a dry run changed index.html")
		}
	})

	t.Run("one edited file", func(t *testing.T) {
		stdout, _ := deployRun(t, 0, "-no-build")
		if want := "uploaded 1, deleted 0, unchanged "; !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
		if data, _ := bucket.ReadAll(ctx, "index.html"); !strings.Contains(string(data), "edited") {
			t.Error("index.html not uploaded")
		}
	})

	if err := os.Remove(filepath.Join(pub, "faq", "index.html")); err != nil {
		t.Fatal(err)
	}
	t.Run("one deleted file", func(t *testing.T) {
		stdout, _ := deployRun(t, 0, "-no-build")
		if want := "uploaded 0, deleted 1, unchanged "; !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
		if ok, _ := bucket.Exists(ctx, "faq/index.html"); ok {
			t.Error("faq/index.html is still in the bucket")
		}
	})

	t.Run("max deletes", func(t *testing.T) {
		for _, key := range []string{"stray/a.html", "stray/b.html", "stray/c.html"} {
			if err := bucket.WriteAll(ctx, key, []byte("x"), nil); err != nil {
				t.Fatal(err)
			}
		}
		_, stderr := deployRun(t, 0, "-no-build", "-max-deletes", "2", "-dry-run")
		if want := "warning: this deploy would be refused: it would delete 3 objects from s3 (s3://trust), more than -max-deletes 2"; !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
		_, stderr = deployRun(t, 1, "-no-build", "-max-deletes", "2")
		if want := "refusing to delete 3 objects from s3 (s3://trust), more than -max-deletes 2"; !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
		if ok, _ := bucket.Exists(ctx, "stray/a.html"); !ok {
			t.Error("a refused deploy deleted")
		}
		stdout, _ := deployRun(t, 0, "-no-build", "-max-deletes", "3")
		if want := "deleted 3"; !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	})

	t.Run("a file:// target", func(t *testing.T) {
		stdout, _ := deployRun(t, 0, "-no-build", "-target", "folder")
		if want := "deployed the trust center to folder (file://"; !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
		if _, err := os.Stat(filepath.Join(folder, ".well-known", "security.txt")); err != nil {
			t.Error(err)
		}
		stdout, _ = deployRun(t, 0, "-no-build", "-target", "folder")
		if !strings.Contains(stdout, "uploaded 0, deleted 0,") {
			t.Errorf("redeploy:\n%s", stdout)
		}
	})

	t.Run("refusals", func(t *testing.T) {
		_, stderr := deployRun(t, 2, "-target", "s4")
		if want := `-target "s4": no [[deploy.target]] has that name (did you mean "s3"?)`; !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
		r.Write("policies/draft.md", "uncommitted")
		_, stderr = deployRun(t, 1)
		if want := "refusing to deploy: the work tree has uncommitted changes (policies/draft.md): a deploy publishes a commit"; !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
		r.Remove("policies/draft.md")

		// A committed program with errors is not built, nor deployed.
		aup, err := os.ReadFile(filepath.Join(r.Dir, "policies", "acceptable-use.md"))
		if err != nil {
			t.Fatal(err)
		}
		r.Write("policies/acceptable-use.md", strings.Replace(string(aup), `status = "approved"`, `status = "aproved"`, 1))
		r.Commit("2026-07-02T13:00:00+02:00", "a typo")
		_, stderr = deployRun(t, 1, "-target", "folder")
		if want := "the program has errors; nothing was deployed"; !strings.Contains(stderr, want) || !strings.Contains(stderr, "policies/acceptable-use.md:6:") {
			t.Errorf("stderr lacks %q and the error's position:\n%s", want, stderr)
		}
		r.Write("policies/acceptable-use.md", string(aup))
		r.Commit("2026-07-02T13:30:00+02:00", "the typo fixed")

		// -allow-dirty builds pages marked draft and deploys them; such an
		// output is refused without it, even once the tree is clean again.
		r.Write("policies/acceptable-use.md", string(aup)+"\nA sentence not yet committed.\n")
		stdout, _ := deployRun(t, 0, "-allow-dirty", "-target", "folder")
		if !strings.Contains(stdout, "deployed the trust center to folder") {
			t.Errorf("-allow-dirty:\n%s", stdout)
		}
		r.Write("policies/acceptable-use.md", string(aup))
		_, stderr = deployRun(t, 1, "-no-build", "-target", "folder")
		if want := "refusing to deploy public/: it was built from a work tree with uncommitted changes (its pages are marked draft)"; !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}

		r.Write("README.md", "a commit after the build\n")
		head := r.Commit("2026-07-03T12:00:00+02:00", "a later commit")
		_, stderr = deployRun(t, 1, "-no-build")
		if want := "refusing to deploy public/: it was built from commit "; !strings.Contains(stderr, want) || !strings.Contains(stderr, "and HEAD is "+head[:12]) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
		r.Write("config.toml", string(cfg)+"\n[[deploy.target]]\nname = \"auditors\"\nurl = \"s3://private\"\nsite = \"private\"\n")
		r.Commit("2026-07-04T12:00:00+02:00", "a private target")
		_, stderr = deployRun(t, 1, "-no-build")
		if want := "refusing to deploy private/: it is not encrypted, and the system description is published encrypted only"; !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
		r.Write("config.toml", string(cfg))
		r.Commit("2026-07-05T12:00:00+02:00", "no targets")
		_, stderr = deployRun(t, 1)
		if want := "config.toml has no [[deploy.target]]: add one"; !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	})
}

func TestDeployUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"deploy", "-h"}, 0, "Example:"},
		{[]string{"deploy", "-max-deletes", "-1"}, 2, "-max-deletes must not be negative"},
		{[]string{"deploy", "-C", t.TempDir()}, 1, "no config.toml in"},
		{[]string{"deploy", "-C", writeFixture(t, "../../generator/compile/testdata/minimal.txtar")}, 1, "refusing to deploy: the program is not in a git repository"},
	} {
		code, out, errOut := attestRun(tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("attest %s: exit %d, output %q; want exit %d and %q", strings.Join(tc.args, " "), code, out+errOut, tc.code, tc.want)
		}
	}
}

// TestDeployInvalidatesCloudFront deploys to a file:// target with a
// cloudfront_distribution, the CloudFront API played by an httptest server
// (AWS_ENDPOINT_URL_CLOUDFRONT, the SDK's own setting; CloudFront cannot run
// here): a deploy that uploads invalidates "/*" once, a deploy that changes
// nothing does not, -dry-run only says it would, and a failed invalidation
// fails the deploy with the command that does it by hand.
func TestDeployInvalidatesCloudFront(t *testing.T) {
	var mu sync.Mutex
	var requests []string
	fail := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		requests = append(requests, r.Method+" "+r.URL.Path+" "+string(body))
		failing := fail
		mu.Unlock()
		w.Header().Set("Content-Type", "text/xml")
		if failing {
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: cloudfront:CreateInvalidation</Message></Error><RequestId>r</RequestId></ErrorResponse>`)
			return
		}
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `<Invalidation><Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status></Invalidation>`)
	}))
	defer srv.Close()
	t.Setenv("AWS_ENDPOINT_URL_CLOUDFRONT", srv.URL)
	deploytest.Credentials(t)

	r, _ := sampleRepo(t)
	cfg, err := os.ReadFile(filepath.Join(r.Dir, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	r.Write("config.toml", string(cfg)+"\n[[deploy.target]]\nname = \"cdn\"\nurl = \"file://"+filepath.ToSlash(t.TempDir())+"\"\ncloudfront_distribution = \"E2QWRUHAPOMQZL\"\n")
	r.Commit("2026-07-02T12:00:00+02:00", "a target behind CloudFront")
	seen := func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := requests
		requests = nil
		return out
	}

	code, stdout, stderr := attestRun("deploy", "-C", r.Dir, "-dry-run")
	if code != 0 || !strings.Contains(stdout, "would invalidate CloudFront distribution E2QWRUHAPOMQZL (/*)") || len(seen()) != 0 {
		t.Errorf("-dry-run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, stderr = attestRun("deploy", "-C", r.Dir)
	got := seen()
	if code != 0 || !strings.Contains(stdout, "invalidated CloudFront distribution E2QWRUHAPOMQZL (/*): invalidation I2J0I21PCUYOIK") || len(got) != 1 ||
		!strings.HasPrefix(got[0], "POST /2020-05-31/distribution/E2QWRUHAPOMQZL/invalidation ") || !strings.Contains(got[0], "<Path>/*</Path>") {
		t.Errorf("first deploy: exit %d, requests %q\n%s\n%s", code, got, stdout, stderr)
	}
	code, stdout, stderr = attestRun("deploy", "-C", r.Dir)
	if got := seen(); code != 0 || len(got) != 0 || strings.Contains(stdout, "invalidated") {
		t.Errorf("a deploy that changed nothing: exit %d, requests %q\n%s\n%s", code, got, stdout, stderr)
	}

	r.Edit("policies/acceptable-use.md", "clear, practical rules", "clear, short rules")
	r.Commit("2026-07-03T12:00:00+02:00", "an edit")
	mu.Lock()
	fail = true
	mu.Unlock()
	code, _, stderr = attestRun("deploy", "-C", r.Dir)
	if want := "deployed to cdn (file://"; code == 0 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "AccessDenied") ||
		!strings.Contains(stderr, "invalidate it by hand: aws cloudfront create-invalidation --distribution-id E2QWRUHAPOMQZL --paths '/*'") {
		t.Errorf("a failed invalidation: exit %d\n%s", code, stderr)
	}
}
