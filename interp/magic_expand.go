package interp

import (
	"fmt"
	"go/parser"
	"reflect"
	"strings"
)

// expandShell expands a shell line as IPython does before the shell sees
// it: `$name` becomes the value of the session's variable name (printed
// as fmt.Print prints it), `{expr}` the value of the Go expression expr,
// `$$` a `$` and `{{`, `}}` a brace. What is not a variable of the session
// (`$HOME`), not a Go expression (`{a,b}`, `{}`) or fails to evaluate is
// left as it is, for the shell. The caller holds s.mu.
func (s *Session) expandShell(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == '$' && i+1 < len(line) && line[i+1] == '$':
			b.WriteByte('$')
			i += 2
			continue
		case c == '$':
			j := i + 1
			for j < len(line) && isIdentByte(line[j], j == i+1) {
				j++
			}
			if name := line[i+1 : j]; name != "" && s.isUser(name) {
				if v, ok := s.value(name); ok {
					b.WriteString(shellText(v))
					i = j
					continue
				}
			}
		case c == '{' && i+1 < len(line) && line[i+1] == '{':
			b.WriteByte('{')
			i += 2
			continue
		case c == '}' && i+1 < len(line) && line[i+1] == '}':
			b.WriteByte('}')
			i += 2
			continue
		case c == '{' && (i == 0 || line[i-1] != '$'):
			if end := strings.IndexByte(line[i+1:], '}'); end > 0 {
				expr := line[i+1 : i+1+end]
				if v, ok := s.shellExpr(expr); ok {
					b.WriteString(v)
					i += end + 2
					continue
				}
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// shellExpr evaluates expr, a Go expression, for a shell line.
func (s *Session) shellExpr(expr string) (string, bool) {
	if strings.TrimSpace(expr) == "" {
		return "", false
	}
	if _, err := parser.ParseExpr(expr); err != nil {
		return "", false
	}
	v, err := s.eval(expr)
	if err != nil || !v.IsValid() {
		return "", false
	}
	return shellText(v), true
}

// shellText is a value as a shell line gets it.
func shellText(v reflect.Value) string {
	if !v.CanInterface() {
		return v.String()
	}
	return fmt.Sprint(v.Interface())
}

func isIdentByte(c byte, first bool) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || !first && '0' <= c && c <= '9'
}
