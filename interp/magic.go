package interp

import (
	"strings"
	"unicode/utf8"

	"github.com/gofutures/gofutures/interp/internal/assist"
)

// Magics follow IPython's conventions. A cell whose first line is
// `%%time` is timed as a whole. A line magic (`%name args`) or a shell
// line (`!command`) takes a whole line, and may sit among Go lines
// wherever a Go statement could begin at the top level of the cell: not
// inside brackets, literals or comments, and not after a line that leaves
// an expression open (`a ||` followed by `!b` is Go). Inside a function
// body or a block, a line starting with % or ! is Go.
//
// A cell with magic lines runs as segments in order: each run of Go lines
// is evaluated as a cell of its own, padded so that its lines and columns
// are those of the cell, and each magic line runs between them. The
// result of the cell is the result of its last segment, as IPython shows
// only the last expression. Completion, inspection and is_complete see
// the cell with its magic lines blanked out (maskMagics).

// magicLine is one line of a cell that a magic or a shell command takes.
type magicLine struct {
	start, end int    // byte offsets of the line in the cell, without its newline
	line       int    // 1-based line number
	indent     int    // bytes of blanks before the text
	text       string // the line without surrounding blanks, starting with % or !
}

// cellMagic returns the name of the cell magic the first non-blank line of
// code names (`%%time` gives "time"), the rest of that line, and the offset
// where the cell's body starts, after that line; ok is false without one.
func cellMagic(code string) (name string, args string, body int, ok bool) {
	i := 0
	for i < len(code) {
		end := strings.IndexByte(code[i:], '\n')
		if end < 0 {
			end = len(code)
		} else {
			end += i
		}
		line := strings.TrimSpace(code[i:end])
		if line == "" {
			i = end + 1
			continue
		}
		if !strings.HasPrefix(line, "%%") {
			return "", "", 0, false
		}
		name, args, _ = strings.Cut(line[2:], " ")
		return name, strings.TrimSpace(args), min(end+1, len(code)), true
	}
	return "", "", 0, false
}

// magicLines finds the line magics and shell lines of code, in order. Go
// text is judged with assist.IsComplete: a line starting with % or ! is a magic
// when the Go lines before it (those after the previous magic line) do not
// leave a statement open.
func magicLines(code string) []magicLine {
	var out []magicLine
	goFrom := 0 // where the Go text since the last magic line starts
	for i, n := 0, 1; i < len(code); n++ {
		end := strings.IndexByte(code[i:], '\n')
		if end < 0 {
			end = len(code)
		} else {
			end += i
		}
		raw := code[i:end]
		text := strings.TrimSpace(raw)
		if text != "" && text != "!" && (text[0] == '%' || text[0] == '!') && !strings.HasPrefix(text, "%%") &&
			goEnds(code[goFrom:i]) {
			indent := len(raw) - len(strings.TrimLeft(raw, " \t\r"))
			out = append(out, magicLine{start: i, end: end, line: n, indent: indent, text: text})
			goFrom = end
		}
		i = end + 1
	}
	return out
}

// goEnds reports whether src, Go lines, leaves no statement open, so that
// a magic line may follow.
func goEnds(src string) bool {
	if strings.TrimSpace(src) == "" {
		return true
	}
	st, _ := assist.IsComplete(src)
	return st != assist.StatusIncomplete
}

// maskMagics returns code with its cell magic line and its magic lines
// blanked out, one space per character, so that positions counted in
// characters (as Jupyter counts them) and lines stay where they were. A
// `%time` line keeps its Go code, which completion and inspection may
// look into.
func maskMagics(code string) string {
	_, _, body, isCell := cellMagic(code)
	lines := magicLines(code[body:])
	if !isCell && len(lines) == 0 {
		return code
	}
	var b strings.Builder
	b.WriteString(blank(code[:body]))
	at := body
	for _, m := range lines {
		start, end := body+m.start, body+m.end
		b.WriteString(code[at:start])
		if g, ok := timedGo(m); ok {
			b.WriteString(blank(code[start : start+g]))
			b.WriteString(code[start+g : end])
		} else {
			b.WriteString(blank(code[start:end]))
		}
		at = end
	}
	b.WriteString(code[at:])
	return b.String()
}

// blank replaces every character of s but newlines with a space.
func blank(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		return ' '
	}, s)
}

// timedGo reports whether m is a `%time GO` line and, if so, at which
// byte offset in the line its Go code starts.
func timedGo(m magicLine) (int, bool) {
	name, args := splitMagic(m.text)
	if name != "%time" || args == "" {
		return 0, false
	}
	rest := m.text[len(name):]
	return m.indent + len(name) + len(rest) - len(strings.TrimLeft(rest, " \t")), true
}

// splitMagic splits a magic line into its name (with its % or !) and its
// arguments. For a shell line the name is "!" (or "!!") and the arguments
// are the command.
func splitMagic(text string) (name, args string) {
	if strings.HasPrefix(text, "!!") {
		return "!!", strings.TrimSpace(text[2:])
	}
	if strings.HasPrefix(text, "!") {
		return "!", strings.TrimSpace(text[1:])
	}
	i := strings.IndexFunc(text, func(r rune) bool { return r == ' ' || r == '\t' })
	if i < 0 {
		return text, ""
	}
	return text[:i], strings.TrimSpace(text[i:])
}

// isCompleteMagic is assist.IsComplete for cells that may have magics. A cell
// magic takes the lines below it until a blank line, as in IPython's
// console; magic lines are complete by themselves.
func isCompleteMagic(code string) (string, string) {
	if _, _, _, ok := cellMagic(code); ok {
		lines := strings.Split(strings.TrimRight(code, " \t"), "\n")
		if len(lines) < 2 || strings.TrimSpace(lines[len(lines)-1]) != "" {
			return assist.StatusIncomplete, ""
		}
	}
	return assist.IsComplete(maskMagics(code))
}

// completeMagic completes the name of a magic when the cursor (in
// characters) is in one, at the start of a magic line or of the cell's
// first line.
func completeMagic(code string, cursor int) (matches []string, start, end int, ok bool) {
	at := assist.ByteOffset(code, cursor)
	lineStart := strings.LastIndexByte(code[:at], '\n') + 1
	word := strings.TrimLeft(code[lineStart:at], " \t")
	if !strings.HasPrefix(word, "%") || strings.ContainsAny(word, " \t") {
		return nil, 0, 0, false
	}
	if strings.HasPrefix(word, "%%") {
		if strings.TrimSpace(code[:lineStart]) != "" {
			return nil, 0, 0, false
		}
	} else if !isMagicLine(code, lineStart) {
		return nil, 0, 0, false
	}
	for _, m := range magicTable() {
		if name := m[0]; strings.HasPrefix(name, word) && name[0] == '%' {
			matches = append(matches, name)
		}
	}
	return matches, cursor - utf8.RuneCountInString(word), cursor, true
}

// isMagicLine reports whether the line of code starting at offset from
// is a magic line.
func isMagicLine(code string, from int) bool {
	_, _, body, _ := cellMagic(code)
	for _, m := range magicLines(blankBytes(code[:body]) + code[body:]) {
		if m.start == from {
			return true
		}
	}
	return false
}
