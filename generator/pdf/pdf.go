// Package pdf renders the system description's print view into one PDF
// through headless Chromium, with the dates and the ID the browser stamps
// made from the commit, so that one commit gives the same bytes.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/attest-dev/attest/generator/gitfs"
	"github.com/attest-dev/attest/generator/scratch"
)

// Options says which built description to render and what the PDF says of
// it beyond the page itself.
type Options struct {
	// Site is a built version of the system description: the folder that
	// holds print/index.html (private/latest/, private/<tag>/).
	Site string
	// Chromium is the browser's executable; "" looks for one on PATH
	// (FindChromium).
	Chromium string
	// Organization names who the document is confidential to, in the
	// running header of every page; "" reads it from the print view's cover.
	Organization string
	// Title is the PDF's title (its document information); "" makes it
	// "<organization> — System description".
	Title string
	// Commit and Time are the commit the site was built from and its
	// committer time. They replace what the browser stamps from the clock
	// and at random — the creation and modification dates and the file ID —
	// so that the same commit gives the same bytes. Left empty, they are
	// read from the print view's cover, which the build marks with them;
	// a program outside git dates the PDF 1 January 1970.
	Commit string
	Time   time.Time
}

// PrintPage is the print view's page within a built version.
const PrintPage = "print/index.html"

// Render prints the print view of the built description in opts.Site to a
// PDF and returns its bytes: US Letter pages (the theme's @page rule), the
// running header and footer ("Confidential — <organization>", "page X of
// Y"), a tagged PDF whose outline (bookmarks) follows the headings, and
// links inside the document that go to their place in it.
func Render(ctx context.Context, opts Options) ([]byte, error) {
	exe, err := FindChromium(opts.Chromium)
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(opts.Site)
	if err != nil {
		return nil, err
	}
	printPage := filepath.Join(dir, filepath.FromSlash(PrintPage))
	if _, err := os.Stat(printPage); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s holds no print view (%s): give a built version of the system description, such as private/latest", opts.Site, PrintPage)
		}
		return nil, err
	}

	// The browser's profile is a scratch folder of this process, so that
	// one killed before it could remove it is swept by a later run.
	_ = scratch.SweepTemp("attest-chromium")
	profile, err := scratch.Temp("attest-chromium")
	if err != nil {
		return nil, fmt.Errorf("create the browser's profile folder: %w", err)
	}
	defer os.RemoveAll(profile)

	actx, cancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("force-color-profile", "srgb"),
	)
	defer cancel()
	bctx, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()

	u := url.URL{Scheme: "file", Path: filepath.ToSlash(printPage)}
	if err := chromedp.Do(bctx, chromedp.Navigate(u.String())); err != nil {
		return nil, fmt.Errorf("chromium (%s): open the print view: %w", exe, err)
	}
	cover, err := chromedp.Run(bctx, prepare(opts.Title))
	if err != nil {
		return nil, fmt.Errorf("chromium (%s): prepare the print view: %w", exe, err)
	}
	org, commit, when := opts.Organization, opts.Commit, opts.Time
	if org == "" {
		org = cover.Organization
	}
	if commit == "" && when.IsZero() {
		commit = cover.Commit
		if cover.Time != "" {
			if when, err = time.Parse(time.RFC3339, cover.Time); err != nil {
				return nil, fmt.Errorf("the print view's commit time %q: %w", cover.Time, err)
			}
		}
	}
	data, err := chromedp.Run(bctx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperLetter),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFPrintBackground(),
		chromedp.PDFHeaderTemplate(header(org)),
		chromedp.PDFFooterTemplate(footer(commit)),
		chromedp.PDFOutlineAndTagged(),
		chromedp.PDFStream(),
	))
	if err != nil {
		return nil, fmt.Errorf("chromium (%s): print to PDF: %w", exe, err)
	}
	return Stamp(data, commit, when)
}

// cover is what the print view's cover says of the build.
type cover struct {
	Organization string `json:"org"`
	Commit       string `json:"commit"`
	Time         string `json:"time"` // RFC 3339; "" outside git
}

// prepare readies the loaded print view for paper — the fonts loaded, the
// document titled, and the links that lead out of the page to a file of
// the site (an evidence file) made plain text — in a PDF they would name a
// file:// path of the machine that printed it, reachable from nowhere else
// and different in every scratch folder; links to places in the page and
// to the web stay — and returns what its cover says of the build.
func prepare(title string) chromedp.Action[cover] {
	script := `(async () => {
  await document.fonts.ready;
  for (const a of document.querySelectorAll("a[href]")) {
    const u = new URL(a.href, document.baseURI);
    if (u.protocol === "file:" && !(u.pathname === location.pathname && u.hash)) {
      a.removeAttribute("href");
    }
  }
  const c = document.querySelector(".print-cover");
  const o = c && c.querySelector(".org");
  const org = o ? o.textContent.trim() : "";
  document.title = ` + jsString(title) + ` || (org ? org + " — System description" : "System description");
  return {org: org, commit: (c && c.dataset.commit) || "", time: (c && c.dataset.commitTime) || ""};
})()`
	return chromedp.Evaluate[cover](script, chromedp.EvalAwaitPromise)
}

// The running header and footer. Chromium lays them out in the page margins
// with a font size of 0 unless told, and fills the elements of class
// pageNumber and totalPages.
func header(org string) string {
	who := "Confidential"
	if org != "" {
		who += " — " + html.EscapeString(org)
	}
	return `<div style="` + running + `"><span>` + who + `</span><span>System description</span></div>`
}

func footer(commit string) string {
	at := ""
	if commit != "" {
		at = "As of commit " + html.EscapeString(gitfs.ShortID(commit))
	}
	return `<div style="` + running + `"><span>` + at + `</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`
}

const running = "font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif; font-size: 8pt; color: #555; width: 100%; margin: 0 0.6in; display: flex; justify-content: space-between;"

// FindChromium returns the browser to print with: path when given, else
// the first of chromium, chromium-browser, google-chrome and
// google-chrome-stable on PATH. The error says how to install one.
func FindChromium(path string) (string, error) {
	if path != "" {
		p, err := exec.LookPath(path)
		if err != nil {
			return "", fmt.Errorf("chromium %s: %w; %s", path, err, install)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium or Chrome found on PATH (chromium, chromium-browser, google-chrome); " + install)
}

const install = "install one — apt-get install chromium (Debian, Ubuntu), dnf install chromium (Fedora), brew install --cask chromium (macOS) — or name it with -chromium PATH"
