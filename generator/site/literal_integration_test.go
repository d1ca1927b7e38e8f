package site

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"
)

// literalProbes are texts that Hugo reads as shortcodes or templates in a
// content file, and that a program's Markdown must show as written.
var literalProbes = []string{
	`{{< param "title" >}}`,
	`{{% param "title" %}}`,
	`{{< youtube abc >}}`,
	`{{< x user="a" id="1" >}}`,
	`{{< no-such-shortcode >}}`,
	`{{ .Title }}`,
	`{{</* nested */>}}`,
	`{{%/* nested */%}}`,
	`{{<>}}`,
	`{{%%}}`,
	`{{{< param "title" >}}}`,
	`{{< param "title" *>}}`,
	`{{< /param >}}`,
	`{{</>}}`,
	`{{< a {{< b >}}`,
	`{{< a %}} b >}}`,
	`{{% a {{< b >}} %}}`,
}

// literalTheme renders a page's Markdown both ways a theme can: as the
// page's content, and through .RenderString from a param (as the system
// description renders test procedures).
func literalTheme() fstest.MapFS {
	return fstest.MapFS{
		"lit/layouts/baseof.html":  {Data: []byte(`<!doctype html><html lang="en"><head><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>`)},
		"lit/layouts/home.html":    {Data: []byte(`{{ define "main" }}home{{ end }}`)},
		"lit/layouts/section.html": {Data: []byte(`{{ define "main" }}section{{ end }}`)},
		"lit/layouts/page.html":    {Data: []byte(`{{ define "main" }}<div id="content">{{ .Content }}</div><div id="md">{{ with .Params.md }}{{ $.RenderString (dict "display" "block") . }}{{ end }}</div>{{ end }}`)},
	}
}

// inContexts writes probe as prose, in a code span and in a fenced block,
// each between markers, so that what renders can be found and compared.
func inContexts(probe string) string {
	return fmt.Sprintf("PROSE[%s]END\n\n`SPAN[%s]END`\n\n```\nFENCE[%s]END\n```\n", probe, probe, probe)
}

// TestMarkdownNeverRunsShortcodes builds pages whose Markdown holds every
// probe, in prose, code spans and fenced blocks, as a page's body and as a
// Markdown param a theme renders with .RenderString: each must render as
// written, and none may run (issue 13).
func TestMarkdownNeverRunsShortcodes(t *testing.T) {
	spec := Spec{
		Theme:  "lit",
		Title:  "Literal",
		Themes: literalTheme(),
		Pages:  []Page{{Path: "_index.md", Title: "Home"}},
		Out:    filepath.Join(t.TempDir(), "public"),
	}
	for i, probe := range literalProbes {
		spec.Pages = append(spec.Pages, Page{
			Path:   fmt.Sprintf("p/%d.md", i),
			Title:  "SECRET-TITLE",
			Body:   inContexts(probe),
			Params: map[string]any{"md": Markdown(inContexts(probe))},
		})
	}
	// An opening delimiter with no closing one after it, in each context
	// on a page of its own: the rest of the page follows it.
	unclosed := []string{"Text {{< unclosed and {{% also %}} here.\n", "`{{< unclosed`\n", "```\n{{% unclosed\n```\n\nAfter.\n"}
	for i, body := range unclosed {
		spec.Pages = append(spec.Pages, Page{Path: fmt.Sprintf("u/%d.md", i), Title: "SECRET-TITLE", Body: body, Params: map[string]any{"md": Markdown(body)}})
	}
	// Hugo's summary divider, which it removes from the first place it is
	// found, code or not.
	more := "```\nFENCE[<!--more-->]END\n```\n\n`SPAN[<!--more-->]END`\n"
	spec.Pages = append(spec.Pages, Page{Path: "more.md", Title: "More", Body: more, Params: map[string]any{"md": Markdown(more)}})
	var log strings.Builder
	spec.Log = &log
	if err := Build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	if log.Len() > 0 {
		t.Errorf("hugo logged:\n%s", log.String())
	}
	page := read(t, filepath.Join(spec.Out, "more", "index.html"))
	for _, id := range []string{"content", "md"} {
		if text, want := textOf(t, page, id), "FENCE[<!--more-->]END SPAN[<!--more-->]END"; text != want {
			t.Errorf("#%s: text %q, want %q", id, text, want)
		}
	}
	for i, probe := range literalProbes {
		page := read(t, filepath.Join(spec.Out, "p", fmt.Sprint(i), "index.html"))
		if strings.Contains(page, "<iframe") || strings.Contains(page, "SECRET-TITLE</p>") {
			t.Errorf("probe %s ran:\n%s", probe, page)
		}
		for _, id := range []string{"content", "md"} {
			text := textOf(t, page, id)
			for _, ctx := range []string{"PROSE", "SPAN", "FENCE"} {
				if want := ctx + "[" + probe + "]END"; !strings.Contains(text, want) {
					t.Errorf("probe %s, %s in #%s: want %q in the text\n%s", probe, ctx, id, want, text)
				}
			}
		}
	}
	for i, body := range unclosed {
		page := read(t, filepath.Join(spec.Out, "u", fmt.Sprint(i), "index.html"))
		want := strings.Join(strings.Fields(strings.ReplaceAll(body, "`", "")), " ")
		for _, id := range []string{"content", "md"} {
			if text := textOf(t, page, id); text != want {
				t.Errorf("unclosed %q in #%s: text %q, want %q\n%s", body, id, text, want, page)
			}
		}
	}
}

// textOf returns the text of the element with the given id in page, as a
// reader sees it: entities decoded, typographic quotes made straight (the
// typographer's doing, not a shortcode's), runs of space collapsed.
func textOf(t *testing.T, page, id string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var find func(*html.Node) *html.Node
	find = func(n *html.Node) *html.Node {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "id" && a.Val == id {
					return n
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if f := find(c); f != nil {
				return f
			}
		}
		return nil
	}
	n := find(doc)
	if n == nil {
		t.Fatalf("no #%s in\n%s", id, page)
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	s := strings.NewReplacer("“", `"`, "”", `"`).Replace(b.String())
	return strings.Join(strings.Fields(s), " ")
}

// dialRecorder stands in for the network: it records every HTTP request
// made through http.DefaultTransport (which Hugo's resources.GetRemote
// uses) and every name looked up through net.DefaultResolver, and fails
// them.
type dialRecorder struct {
	mu    sync.Mutex
	dials []string
}

func (r *dialRecorder) add(s string) {
	r.mu.Lock()
	r.dials = append(r.dials, s)
	r.mu.Unlock()
}

func (r *dialRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.add(req.Method + " " + req.URL.String())
	return nil, errors.New("a test build tried to reach the network")
}

// recordDials replaces the process's default HTTP transport and resolver
// until the test ends; tests that use it must not run in parallel.
func recordDials(t *testing.T) *dialRecorder {
	r := &dialRecorder{}
	transport, resolver := http.DefaultTransport, net.DefaultResolver
	http.DefaultTransport = r
	net.DefaultResolver = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
		r.add("resolve via " + network + " " + address)
		return nil, errors.New("a test build tried to resolve a name")
	}}
	t.Cleanup(func() { http.DefaultTransport, net.DefaultResolver = transport, resolver })
	return r
}

// TestBuildReachesNoNetwork builds a page that holds the built-in
// shortcodes that fetch (x) or embed (youtube, vimeo), and a theme whose
// template asks for a remote resource: nothing may reach the network, the
// shortcodes show as written, and the template is refused (issue 13).
func TestBuildReachesNoNetwork(t *testing.T) {
	dials := recordDials(t)
	themes := literalTheme()
	themes["lit/layouts/home.html"] = &fstest.MapFile{Data: []byte(`{{ define "main" }}{{ with try (resources.GetRemote "https://example.com/attest-probe.json") }}<p id="remote">{{ with .Err }}refused: {{ . }}{{ else }}fetched{{ end }}</p>{{ end }}{{ with try (os.Getenv "HUGO_ENV") }}<p id="env">{{ with .Err }}env refused: {{ . }}{{ else }}env read{{ end }}</p>{{ end }}{{ end }}`)}
	body := "Before.\n\n{{< x user=\"gohugoio\" id=\"1\" >}}\n\n{{< youtube abc >}}\n\n{{< vimeo 55073825 >}}\n\nAfter.\n"
	spec := Spec{
		Theme:  "lit",
		Title:  "Offline",
		Themes: themes,
		Pages:  []Page{{Path: "_index.md", Title: "Home"}, {Path: "p/embeds.md", Title: "Embeds", Body: body}},
		Out:    filepath.Join(t.TempDir(), "public"),
	}
	if err := Build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	if len(dials.dials) > 0 {
		t.Errorf("the build reached for the network: %q", dials.dials)
	}
	page := read(t, filepath.Join(spec.Out, "p", "embeds", "index.html"))
	if strings.Contains(page, "<iframe") {
		t.Errorf("an embed ran:\n%s", page)
	}
	text := textOf(t, page, "content")
	for _, want := range []string{`{{< x user="gohugoio" id="1" >}}`, `{{< youtube abc >}}`, `{{< vimeo 55073825 >}}`} {
		if !strings.Contains(text, want) {
			t.Errorf("%s is not shown as written:\n%s", want, text)
		}
	}
	if home := read(t, filepath.Join(spec.Out, "index.html")); !strings.Contains(home, "refused: ") || !strings.Contains(home, "access denied") {
		t.Errorf("resources.GetRemote was not refused:\n%s", home)
	}
	if home := read(t, filepath.Join(spec.Out, "index.html")); !strings.Contains(home, "env refused: ") {
		t.Errorf("os.Getenv was not refused (output would depend on the environment):\n%s", home)
	}
}
