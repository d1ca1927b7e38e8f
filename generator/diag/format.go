package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats lists the output formats Write accepts.
var Formats = []string{"text", "json", "github"}

// Write prints the diagnostics in the named format: "text" (file:line:col: message),
// "json" (an array of objects), or "github" (GitHub Actions workflow commands,
// which show up as annotations on the changed lines of a pull request).
func Write(w io.Writer, format string, items []Diagnostic) error {
	switch format {
	case "", "text":
		for _, d := range items {
			if _, err := fmt.Fprintln(w, d.String()); err != nil {
				return err
			}
		}
		return nil
	case "json":
		type jsonDiag struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Col      int    `json:"col"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		}
		out := make([]jsonDiag, 0, len(items))
		for _, d := range items {
			out = append(out, jsonDiag{d.Pos.File, d.Pos.Line, d.Pos.Col, d.Severity.String(), d.Message})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "github":
		for _, d := range items {
			var b strings.Builder
			b.WriteString("::")
			b.WriteString(d.Severity.String())
			b.WriteString(" file=")
			b.WriteString(ghProperty(d.Pos.File))
			if d.Pos.Line > 0 {
				fmt.Fprintf(&b, ",line=%d", d.Pos.Line)
			}
			if d.Pos.Col > 0 {
				fmt.Fprintf(&b, ",col=%d", d.Pos.Col)
			}
			b.WriteString("::")
			b.WriteString(ghData(d.Message))
			if _, err := fmt.Fprintln(w, b.String()); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// ghData and ghProperty escape as GitHub's workflow-command parser expects.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
