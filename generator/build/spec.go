package build

import (
	"fmt"
	"io"
	"io/fs"
	"maps"
	"strings"

	"github.com/attest-dev/attest/generator/description"
	"github.com/attest-dev/attest/generator/gather"
	"github.com/attest-dev/attest/generator/model"
	"github.com/attest-dev/attest/generator/public"
	"github.com/attest-dev/attest/generator/site"
	"github.com/attest-dev/attest/generator/status"
	"github.com/attest-dev/attest/generator/trustcenter"
	"github.com/attest-dev/attest/themes"
)

// TrustCenterSpec and DescriptionSpec make the two sites the same way for
// build and serve, which differ only in their options: the themes, the
// [hugo] settings each site takes, and where Hugo's warnings go (nil drops
// them).
func TrustCenterSpec(view *public.View, fsys fs.FS, opts trustcenter.Options, log io.Writer) (site.Spec, error) {
	images, err := gather.Images(fsys, view.Images)
	if err != nil {
		return site.Spec{}, fmt.Errorf("trust center: %w", err)
	}
	opts.Images = images
	spec, err := trustcenter.Spec(view, opts)
	if err != nil {
		return spec, fmt.Errorf("trust center: %w", err)
	}
	spec.Themes, spec.Log = themes.FS(), log
	return spec, nil
}

// DescriptionSpec is the system description's site: see TrustCenterSpec.
func DescriptionSpec(p *model.Program, r *status.Report, opts description.Options, log io.Writer) site.Spec {
	spec := description.Spec(p, r, opts)
	spec.Hugo = privateHugo(p.Config.Hugo)
	spec.Themes, spec.Log = themes.FS(), log
	return spec
}

// privateHugo is [hugo] for the private site: everything but baseURL, which
// is where the public trust center is served from.
func privateHugo(hugo map[string]any) map[string]any {
	out := maps.Clone(hugo)
	for k := range out {
		if strings.EqualFold(k, "baseURL") {
			delete(out, k)
		}
	}
	return out
}
