package build

import (
	"context"
	"io"
	"io/fs"
	"time"

	"github.com/attest-dev/attest/generator/compile"
	"github.com/attest-dev/attest/generator/description"
	"github.com/attest-dev/attest/generator/evidence"
	"github.com/attest-dev/attest/generator/gather"
	"github.com/attest-dev/attest/generator/history"
	"github.com/attest-dev/attest/generator/public"
	"github.com/attest-dev/attest/generator/serve"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
	"github.com/attest-dev/attest/generator/trustcenter"
)

// Preview is the pipeline attest serve runs on every change: the same
// compile, status and page sets as Build, on files kept in memory, for the
// program in dir with its history h. The sites are marked draft, since
// what is served is the working tree. Hugo's warnings go to log (nil drops
// them); noCache turns the compile, hash and snippet caches off.
func Preview(dir string, h *history.History, log io.Writer, noCache bool) serve.Render {
	var hasher compile.Hasher
	sources := compile.NewCache()    // an edit recompiles only the files that changed
	files := &gather.Cache{}         // a file's id found once per contents
	snippets := &description.Cache{} // evidence highlighted once per content
	if noCache {
		sources, files, snippets = nil, nil, nil
	} else {
		hasher = evidence.OpenCache(dir)
	}
	var head struct {
		hash string
		time time.Time
	}
	if h.Head != nil {
		head.hash, head.time = h.Head.ID, h.BuildTime()
	}
	return func(ctx context.Context, fsys fs.FS) (serve.Sites, error) {
		res := compile.Compile(fsys, compile.Options{Hasher: hasher, Cache: sources, Reviews: h})
		out := serve.Sites{Diags: res.Diags.Items()}
		if res.Diags.HasErrors() {
			return out, nil
		}
		p := res.Program
		r := status.EvaluateWith(p, status.Options{Today: EvaluationDay(head.time)})
		out.Public = func() (site.Spec, error) {
			return TrustCenterSpec(public.Project(p, r), fsys, trustcenter.Options{
				Commit: head.hash, CommitTime: head.time, Draft: true,
				Hugo: p.Config.Hugo, UserDir: dir,
			}, log)
		}
		out.Private = func() (site.Spec, error) {
			read, err := gather.Files(ctx, p, fsys, files)
			if err != nil {
				return site.Spec{}, err
			}
			return DescriptionSpec(p, r, description.Options{
				Commit: head.hash, CommitTime: head.time, Draft: true,
				Files: read, UserDir: dir, Cache: snippets, Preview: true,
			}, log), nil
		}
		return out, nil
	}
}
