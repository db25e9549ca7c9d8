package assist

import (
	"go/scanner"
	"go/token"
	"strings"
)

// Statuses of is_complete_reply.
const (
	StatusComplete   = "complete"
	StatusIncomplete = "incomplete"
	StatusInvalid    = "invalid"
)

// IsComplete reports whether code is ready to run, as a console asks before
// sending a cell when the user presses Enter: "complete", "incomplete" with
// the indent for the next line, or "invalid".
//
// It reads tokens only, never types. Code is incomplete while a bracket, a
// raw string or a general comment is open, or when its last token lets the
// statement go on (an operator, a comma, a keyword such as else or func),
// the same rule by which Go inserts semicolons at line ends. It is invalid
// when a bracket closes what it did not open, or an interpreted string or
// rune literal is left open: those cannot span lines, so typing more cannot
// fix them.
func IsComplete(code string) (status, indent string) {
	var (
		s      scanner.Scanner
		open   []token.Token // brackets not yet closed
		errMsg string
		last   token.Token // last token that is not an automatic semicolon
	)
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	s.Init(file, []byte(code), func(_ token.Position, msg string) {
		if errMsg == "" {
			errMsg = msg
		}
	}, 0)
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue // inserted at a line end or at EOF
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			open = append(open, tok)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(open) == 0 || open[len(open)-1] != opening[tok] {
				return StatusInvalid, ""
			}
			open = open[:len(open)-1]
		case token.ILLEGAL:
			if errMsg == "" {
				return StatusInvalid, ""
			}
		}
		last = tok
	}
	switch {
	case strings.Contains(errMsg, "raw string literal not terminated"),
		strings.Contains(errMsg, "comment not terminated"):
		return StatusIncomplete, ""
	case errMsg != "":
		return StatusInvalid, ""
	case len(open) > 0:
		return StatusIncomplete, strings.Repeat("\t", len(open))
	case last != token.ILLEGAL && !endsStatement(last):
		return StatusIncomplete, "\t"
	}
	return StatusComplete, ""
}

var opening = map[token.Token]token.Token{
	token.RPAREN: token.LPAREN,
	token.RBRACK: token.LBRACK,
	token.RBRACE: token.LBRACE,
}

// endsStatement reports whether a line may end after tok: Go inserts a
// semicolon after these (or the user wrote one).
func endsStatement(tok token.Token) bool {
	switch tok {
	case token.IDENT, token.INT, token.FLOAT, token.IMAG, token.CHAR, token.STRING,
		token.BREAK, token.CONTINUE, token.FALLTHROUGH, token.RETURN,
		token.INC, token.DEC, token.RPAREN, token.RBRACK, token.RBRACE, token.SEMICOLON,
		token.COLON: // a label may end a block
		return true
	}
	return false
}
