// Package highlight lexes text with chroma so that the same text always
// gives the same tokens, however busy the machine.
package highlight

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// runs is how many times Tokens lexes a text that came out with errors.
const runs = 3

// Tokens lexes text with chroma's lexer for lang (its fallback lexer when
// none has that name) and returns the tokens, coalesced as chroma.Coalesce
// gives them.
//
// Chroma gives each regular expression of a lexer a match timeout of 250 ms
// of wall time and takes a match that ran out as no match: that text
// becomes an Error token. A goroutine held off the processor that long — a
// loaded CI runner, the race detector — so changes the output, where attest
// must give the same output for the same commit (a build under load once
// showed "<span class="err">a</span>lert_id" in a CSV's snippet). So:
//
//   - plain text, most evidence files, is not lexed at all: chroma's
//     plaintext lexer makes all of it one Text token, and so does Tokens;
//   - other text that comes out with Error tokens is lexed again, up to
//     three runs, and the run with the fewest is kept. A text that is not
//     valid in its language has its errors in every run; a timeout's are
//     gone the next run.
func Tokens(lang, text string) ([]chroma.Token, error) {
	lexer := lexers.Get(lang)
	if lexer == nil {
		lexer = lexers.Fallback
	}
	if name := lexer.Config().Name; name == "plaintext" || lexer == lexers.Fallback {
		if text == "" {
			return nil, nil
		}
		return []chroma.Token{{Type: chroma.Text, Value: lineFeeds(text)}}, nil
	}
	return lex(chroma.Coalesce(lexer), text)
}

// lex tokenises text, again while errors remain (up to runs), keeping the
// run with the fewest Error tokens.
func lex(lexer chroma.Lexer, text string) ([]chroma.Token, error) {
	var best []chroma.Token
	fewest := -1
	for range runs {
		it, err := lexer.Tokenise(nil, text)
		if err != nil {
			return nil, err
		}
		tokens := it.Tokens()
		n := 0
		for _, t := range tokens {
			if t.Type == chroma.Error {
				n++
			}
		}
		if fewest < 0 || n < fewest {
			best, fewest = tokens, n
		}
		if n == 0 {
			break
		}
	}
	return best, nil
}

// lineFeeds ends every line with a line feed alone, as chroma does before it
// lexes: "\r\n" and a lone "\r" become "\n".
func lineFeeds(text string) string {
	if !strings.Contains(text, "\r") {
		return text
	}
	return strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
}
