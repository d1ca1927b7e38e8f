package source

import (
	"strconv"
	"strings"
)

// keyIndex maps the dotted path of every key and array element of a TOML
// document to where it was written. BurntSushi/toml reports positions for
// syntax errors only, and an auditor-facing diagnostic must point at the exact
// key or array element, so this scanner records them. Arrays of tables are
// addressed by index: "evidence.3.control"; array elements likewise:
// "criteria.soc2.1". It assumes the document already parsed as valid TOML.
type keyIndex map[string]position

type position struct{ line, col int }

func indexKeys(src string, firstLine int) keyIndex {
	idx := keyIndex{}
	counts := map[string]int{} // array-of-tables path → elements seen
	prefix := ""
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimLeft(line, " \t")
		col := len(line) - len(trimmed) + 1
		lineNo := firstLine + i
		switch {
		case trimmed == "" || trimmed[0] == '#':
			continue
		case strings.HasPrefix(trimmed, "[["):
			end := strings.Index(trimmed, "]]")
			if end < 0 {
				continue
			}
			path := resolveTable(splitKey(trimmed[2:end]), counts)
			n := counts[path]
			counts[path] = n + 1
			prefix = path + "." + strconv.Itoa(n)
			idx[path] = position{lineNo, col}
			idx[prefix] = position{lineNo, col}
		case trimmed[0] == '[':
			end := strings.IndexByte(trimmed, ']')
			if end < 0 {
				continue
			}
			prefix = resolveTable(splitKey(trimmed[1:end]), counts)
			if _, ok := idx[prefix]; !ok {
				idx[prefix] = position{lineNo, col}
			}
		default:
			eq := keyEnd(trimmed)
			if eq < 0 {
				continue
			}
			key := join(prefix, strings.Join(splitKey(trimmed[:eq]), "."))
			idx[key] = position{lineNo, col}
			// Record array elements and skip multi-line values.
			valueCol := col + eq + 1
			rest := trimmed[eq+1:]
			for len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
				rest = rest[1:]
				valueCol++
			}
			i = scanValue(idx, key, lines, i, rest, valueCol, firstLine)
		}
	}
	return idx
}

// resolveTable turns a header's key parts into an indexed path: in
// [[a.b]] after [[a]], "a" refers to the last element of the array a.
func resolveTable(parts []string, counts map[string]int) string {
	path := ""
	for i, p := range parts {
		path = join(path, p)
		if i < len(parts)-1 {
			if n, ok := counts[path]; ok && n > 0 {
				path += "." + strconv.Itoa(n-1)
			}
		}
	}
	return path
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// keyEnd returns the index of the '=' that ends the key at the start of s.
func keyEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"', '\'':
			q := s[i]
			for i++; i < len(s) && s[i] != q; i++ {
				if s[i] == '\\' && q == '"' {
					i++
				}
			}
		case '=':
			return i
		}
	}
	return -1
}

// splitKey splits a dotted key, unquoting quoted parts.
func splitKey(s string) []string {
	var parts []string
	var b strings.Builder
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(s) && s[j] != c {
				if s[j] == '\\' && c == '"' {
					j++
				}
				j++
			}
			if j > len(s) {
				j = len(s)
			}
			raw := s[i:min(j+1, len(s))]
			if u, err := strconv.Unquote(strings.ReplaceAll(raw, "'", "\"")); err == nil && c == '"' {
				b.WriteString(u)
			} else {
				b.WriteString(strings.Trim(raw, "'\""))
			}
			i = j
		case c == '.':
			parts = append(parts, strings.TrimSpace(b.String()))
			b.Reset()
		case c == ' ' || c == '\t':
		default:
			b.WriteByte(c)
		}
	}
	return append(parts, strings.TrimSpace(b.String()))
}

// scanValue records the positions of string elements of an array value
// starting at rest (on line i, column col) and returns the index of the last
// line the value occupies.
func scanValue(idx keyIndex, key string, lines []string, i int, rest string, col, firstLine int) int {
	if strings.HasPrefix(rest, `"""`) || strings.HasPrefix(rest, `'''`) {
		delim := rest[:3]
		if strings.Contains(rest[3:], delim) {
			return i
		}
		for i++; i < len(lines); i++ {
			if strings.Contains(lines[i], delim) {
				return i
			}
		}
		return len(lines) - 1
	}
	if !strings.HasPrefix(rest, "[") {
		return i
	}
	depth, elem := 0, 0
	line := rest
	for {
		for j := 0; j < len(line); j++ {
			switch c := line[j]; c {
			case '#':
				j = len(line)
			case '[':
				depth++
			case ']':
				depth--
				if depth == 0 {
					return i
				}
			case '"', '\'':
				if depth == 1 {
					idx[key+"."+strconv.Itoa(elem)] = position{firstLine + i, col + j}
					elem++
				}
				for j++; j < len(line) && line[j] != c; j++ {
					if line[j] == '\\' && c == '"' {
						j++
					}
				}
			case ',', ' ', '\t':
			default:
				if depth == 1 && (j == 0 || strings.IndexByte("[, \t", line[j-1]) >= 0) {
					idx[key+"."+strconv.Itoa(elem)] = position{firstLine + i, col + j}
					elem++
				}
			}
		}
		i++
		if i >= len(lines) {
			return len(lines) - 1
		}
		line = lines[i]
		col = 1
	}
}
