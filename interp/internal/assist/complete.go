package assist

import (
	"go/token"
	"sort"
	"strings"
	"unicode/utf8"
)

// Complete returns the candidates that may replace code[start:end] at
// cursor: package members after "pkg.", fields and methods after "value.",
// import paths inside an import's quotes, and otherwise the names in scope
// (the session's, the cell's own, keywords, builtins and imported packages).
// Positions count Unicode code points, as Jupyter does.
func Complete(sc Scope, code string, cursor int) (matches []string, start, end int) {
	at := ByteOffset(code, cursor)
	cursor = utf8.RuneCountInString(code[:at])
	from := wordStart(code, at)
	prefix := code[from:at]
	start = cursor - utf8.RuneCountInString(prefix)

	var cands []string
	if q, ok := importPathStart(code, at); ok {
		prefix = code[q:at]
		start = cursor - utf8.RuneCountInString(prefix)
		cands = sc.Paths()
	} else if inLiteral(code, at) {
		return nil, start, cursor
	} else if from > 0 && code[from-1] == '.' {
		if chain, ok := selectorBefore(code, from); ok {
			cands = members(sc, code, chain)
		}
	} else {
		cands = namesInScope(sc, code, from)
	}
	return filterPrefix(cands, prefix), start, cursor
}

// namesInScope lists every name that may start an expression at offset
// from: the session's names, the cell's own identifiers, imported packages,
// keywords and the predeclared identifiers.
func namesInScope(sc Scope, code string, from int) []string {
	out := append([]string(nil), sc.Names()...)
	for name := range cellImports(sc, code) {
		out = append(out, name)
	}
	out = append(out, cellIdents(code, from)...)
	out = append(out, goKeywords...)
	return append(out, predeclared...)
}

// cellIdents returns the identifiers written in code, except the one
// being typed at offset at.
func cellIdents(code string, at int) []string {
	s := scan(code, 0)
	var out []string
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.IDENT && offset(pos) != at {
			out = append(out, lit)
		}
	}
}

var goKeywords = func() []string {
	var out []string
	for tok := token.BREAK; tok <= token.VAR; tok++ {
		if tok.IsKeyword() {
			out = append(out, tok.String())
		}
	}
	return out
}()

var predeclared = strings.Fields(`any bool byte comparable complex64 complex128 error
	float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32
	uint64 uintptr true false iota nil append cap clear close complex copy delete
	imag len make max min new panic print println real recover`)

// filterPrefix returns the distinct candidates that start with prefix,
// sorted; when none does, those that start with it ignoring case.
func filterPrefix(cands []string, prefix string) []string {
	pick := func(match func(string) bool) []string {
		seen := map[string]bool{}
		var out []string
		for _, c := range cands {
			if c != "" && !seen[c] && match(c) {
				seen[c] = true
				out = append(out, c)
			}
		}
		sort.Strings(out)
		return out
	}
	out := pick(func(c string) bool { return strings.HasPrefix(c, prefix) })
	if len(out) == 0 && prefix != "" {
		lower := strings.ToLower(prefix)
		out = pick(func(c string) bool { return strings.HasPrefix(strings.ToLower(c), lower) })
	}
	return out
}
