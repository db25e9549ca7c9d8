package interp

// complete returns the candidates that may replace code[start:end] at
// cursor. Positions count Unicode code points, as Jupyter does.
func complete(sc scope, code string, cursor int) (matches []string, start, end int) {
	return nil, cursor, cursor
}
