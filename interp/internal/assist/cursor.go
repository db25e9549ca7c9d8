package assist

// Reading the code around a cursor: offsets in code points, the word
// and the selector chain before it, literals and import specs.

import (
	"go/scanner"
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ByteOffset converts a cursor in code points to a byte offset into code,
// clamped to the text.
func ByteOffset(code string, cursor int) int {
	if cursor <= 0 {
		return 0
	}
	i := 0
	for n := 0; n < cursor && i < len(code); n++ {
		_, size := utf8.DecodeRuneInString(code[i:])
		i += size
	}
	return i
}

func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// wordStart returns where the identifier that ends at byte offset at begins.
func wordStart(code string, at int) int {
	for at > 0 {
		r, size := utf8.DecodeLastRuneInString(code[:at])
		if !isIdentRune(r) {
			break
		}
		at -= size
	}
	return at
}

// wordEnd returns where the identifier that starts at or runs through at ends.
func wordEnd(code string, at int) int {
	for at < len(code) {
		r, size := utf8.DecodeRuneInString(code[at:])
		if !isIdentRune(r) {
			break
		}
		at += size
	}
	return at
}

func isIdentifier(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return s != "" && !unicode.IsDigit(r) && token.IsIdentifier(s)
}

// scan returns a scanner over code that ignores errors; offset turns the
// positions it returns into byte offsets.
func scan(code string, mode scanner.Mode) *scanner.Scanner {
	s := new(scanner.Scanner)
	s.Init(token.NewFileSet().AddFile("", -1, len(code)), []byte(code), func(token.Position, string) {}, mode)
	return s
}

func offset(pos token.Pos) int { return int(pos) - 1 }

// inLiteral reports whether byte offset at is inside a string, rune or
// comment, where there is nothing to complete.
func inLiteral(code string, at int) bool {
	s := scan(code, scanner.ScanComments)
	for {
		pos, tok, lit := s.Scan()
		off := int(pos) - 1
		if tok == token.EOF || off >= at {
			return false
		}
		if tok != token.STRING && tok != token.CHAR && tok != token.COMMENT {
			continue
		}
		end := off + len(lit)
		closed := tok != token.COMMENT && len(lit) > 1 && lit[len(lit)-1] == lit[0] ||
			strings.HasPrefix(lit, "/*") && strings.HasSuffix(lit, "*/") && len(lit) > 3
		if at < end || at == end && !closed {
			return true
		}
	}
}

// selectorBefore returns the chain of selectors x.y.z when code[:at] ends
// with "x.y.z.", and whether it does. A selector followed by a call, as in
// x.f(a).y, is returned with the suffix "()".
func selectorBefore(code string, at int) ([]string, bool) {
	var chain []string
	for at > 0 && code[at-1] == '.' {
		end, call := at-1, ""
		if end > 0 && code[end-1] == ')' {
			open := matchingParen(code, end-1)
			if open < 0 {
				return nil, false
			}
			end, call = open, "()"
		}
		from := wordStart(code, end)
		name := code[from:end]
		if !isIdentifier(name) {
			return nil, false
		}
		chain = append([]string{name + call}, chain...)
		at = from
	}
	return chain, len(chain) > 0
}

// matchingParen returns the offset of the "(" that the ")" at close
// closes, or -1. It does not look inside literals.
func matchingParen(code string, close int) int {
	depth := 0
	for i := close; i >= 0; i-- {
		switch code[i] {
		case ')':
			depth++
		case '(':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

// isCall splits a chain element into its name and whether it is called.
func isCall(sel string) (string, bool) {
	name, ok := strings.CutSuffix(sel, "()")
	return name, ok
}

// importPathStart reports whether at is inside the quotes of an import
// spec, and where the path text begins.
func importPathStart(code string, at int) (int, bool) {
	lineStart := strings.LastIndexByte(code[:at], '\n') + 1
	line := code[lineStart:at]
	q := strings.IndexByte(line, '"')
	if q < 0 || strings.Count(line, `"`) != 1 {
		return 0, false
	}
	head := strings.Fields(line[:q])
	inGroup := false
	if i := strings.LastIndex(code[:lineStart], "import ("); i >= 0 {
		inGroup = !strings.Contains(code[i:lineStart], ")")
	}
	switch {
	case len(head) >= 1 && head[0] == "import" && len(head) <= 2:
	case inGroup && len(head) <= 1:
	default:
		return 0, false
	}
	return lineStart + q + 1, true
}
