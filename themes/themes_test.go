package themes

import (
	"bytes"
	"flag"
	"io/fs"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
)

var update = flag.Bool("update", false, "rewrite generated theme files")

// chromaStyle is the highlighting style the trust center ships: of chroma's
// light styles, modus-operandi is the one whose every token colour has a
// contrast of at least 4.5:1 on its background (WCAG 2.1 AA).
const chromaStyle = "modus-operandi"

// TestChromaCSSIsCurrent checks that the shipped chroma.css is what chroma
// (the version Hugo links) writes for the style; -update rewrites it.
func TestChromaCSSIsCurrent(t *testing.T) {
	style := styles.Get(chromaStyle)
	if style.Name != chromaStyle {
		t.Fatalf("chroma has no style %q", chromaStyle)
	}
	var buf bytes.Buffer
	buf.WriteString("/* Syntax highlighting (chroma, style " + chromaStyle + "). Generated: go test ./themes -run ChromaCSS -update */\n")
	if err := chromahtml.New(chromahtml.WithClasses(true)).WriteCSS(&buf, style); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"trust-center/assets/css/chroma.css"} {
		if *update {
			if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := fs.ReadFile(FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, buf.Bytes()) {
			t.Errorf("%s is out of date: run go test ./themes -run ChromaCSS -update", name)
		}
	}
	for _, tt := range style.Types() {
		e := style.Get(tt)
		bg := style.Get(chroma.Background).Background
		if e.Background.IsSet() {
			bg = e.Background
		}
		if e.Colour.IsSet() {
			if c := contrast(hex(e.Colour.String()), hex(bg.String())); c < 4.5 {
				t.Errorf("token %s: contrast %.2f < 4.5", tt, c)
			}
		}
	}
}

var (
	cssVar    = regexp.MustCompile(`(--[a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;`)
	pairsNote = regexp.MustCompile(`(?s)contrast:(.*?)\*/`)
	pairRe    = regexp.MustCompile(`(--[a-z-]+) on (--[a-z-]+)`)
)

// TestTrustCenterContrast checks every colour pair the stylesheet's header
// comment lists against WCAG 2.1 AA (4.5:1 for text; focus rings too, which
// need only 3:1).
func TestTrustCenterContrast(t *testing.T) {
	css, err := fs.ReadFile(FS(), "trust-center/assets/css/main.css")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, m := range cssVar.FindAllStringSubmatch(string(css), -1) {
		vars[m[1]] = m[2]
	}
	note := pairsNote.FindStringSubmatch(string(css))
	if note == nil {
		t.Fatal("main.css lists no contrast pairs")
	}
	pairs := pairRe.FindAllStringSubmatch(note[1], -1)
	if len(pairs) < 10 {
		t.Fatalf("only %d contrast pairs listed", len(pairs))
	}
	for _, p := range pairs {
		fg, bg := vars[p[1]], vars[p[2]]
		if fg == "" || bg == "" {
			t.Errorf("%s on %s: not a colour variable of :root", p[1], p[2])
			continue
		}
		if c := contrast(hex(fg), hex(bg)); c < 4.5 {
			t.Errorf("%s (%s) on %s (%s): contrast %.2f < 4.5", p[1], fg, p[2], bg, c)
		}
	}
}

func TestThemesAreEmbedded(t *testing.T) {
	for _, name := range []string{
		"trust-center/theme.toml",
		"trust-center/layouts/baseof.html",
		"trust-center/layouts/_partials/header.html",
		"trust-center/layouts/_markup/render-link.html",
		"system-description/theme.toml",
	} {
		if _, err := fs.Stat(FS(), name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func hex(s string) [3]float64 {
	s = strings.TrimPrefix(s, "#")
	var out [3]float64
	for i := range 3 {
		v, _ := strconv.ParseUint(s[2*i:2*i+2], 16, 8)
		out[i] = float64(v) / 255
	}
	return out
}

func luminance(c [3]float64) float64 {
	var l [3]float64
	for i, v := range c {
		if v <= 0.03928 {
			l[i] = v / 12.92
		} else {
			l[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

func contrast(a, b [3]float64) float64 {
	x, y := luminance(a), luminance(b)
	if x < y {
		x, y = y, x
	}
	return (x + 0.05) / (y + 0.05)
}
