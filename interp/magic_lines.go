package interp

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/interp/internal/decls"
)

// lineMagic is one magic a line may name.
type lineMagic struct {
	name  string // with its %, or "!" for shell lines
	usage string
	help  string
	run   func(s *Session, ctx context.Context, seg segment, args string, out display.Sink) (*display.Bundle, error)
}

// magicTable lists the magics cells may use: name, usage and what each
// does, as %lsmagic prints them. The README lists the same.
func magicTable() [][3]string {
	out := [][3]string{{"%%time", "%%time", "time the whole cell below: CPU and wall time"}}
	for _, m := range lineMagics {
		out = append(out, [3]string{m.name, m.usage, m.help})
	}
	return out
}

var lineMagics []lineMagic

func init() {
	// Set in init: %lsmagic reads the table it belongs to.
	lineMagics = []lineMagic{
		{"%time", "%time GO", "run one line of Go (or a magic or !command) and print its CPU and wall time", (*Session).magicTime},
		{"%who", "%who [TYPE...]", "list the session's variables, functions and types, with their types; with TYPEs, only those of these types or kinds (int, func, type, ...)", (*Session).magicWho},
		{"%whos", "%whos [TYPE...]", "%who with the value of each variable and constant", (*Session).magicWhos},
		{"%env", "%env [NAME[=VALUE]]", "list the environment, show NAME, or set NAME for the kernel and the commands it runs", (*Session).magicEnv},
		{"%cd", "%cd [DIR]", "change the kernel's working directory (home without DIR, the previous one with -)", (*Session).magicCd},
		{"%pwd", "%pwd", "show the kernel's working directory", (*Session).magicPwd},
		{"%tier", "%tier [off|on]", "show whether each function runs native or interpreted (and why), or switch tiering off or on", (*Session).magicTier},
		{"%lsmagic", "%lsmagic", "list the magics", (*Session).magicList},
		{"%help", "%help", "list the magics", (*Session).magicList},
		{"!", "!COMMAND", "run COMMAND with /bin/sh, its output streamed; interrupting kills it; $name and {expr} are Go values", (*Session).magicShell},
		{"!!", "!!COMMAND", "run COMMAND as ! does and show its output as a value, a []string of its lines", (*Session).magicShellValue},
	}
}

// runMagic runs the magic line of seg.
func (s *Session) runMagic(ctx context.Context, seg segment, out display.Sink) (*display.Bundle, error) {
	name, args := splitMagic(seg.magic.text)
	for _, m := range lineMagics {
		if m.name == name {
			return m.run(s, ctx, seg, args, out)
		}
	}
	return nil, usageError(fmt.Sprintf("Line magic function `%s` not found.", name))
}

// magicTime runs the rest of the line, Go or a magic, and prints how long
// it took.
func (s *Session) magicTime(ctx context.Context, seg segment, args string, out display.Sink) (*display.Bundle, error) {
	if args == "" {
		return nil, usageError("%time needs something to time: %time GO, %time !COMMAND or %time %MAGIC")
	}
	clock := startClock()
	var b *display.Bundle
	var err error
	if args[0] == '%' || args[0] == '!' {
		inner := *seg.magic
		inner.text = args
		b, err = s.runMagic(ctx, segment{magic: &inner}, out)
	} else {
		b, err = s.run(ctx, seg.pad+seg.goSrc, out)
	}
	s.say(out, "stdout", clock.report())
	return b, err
}

// magicWho prints the user's top-level names: each variable with its
// type, each function with its signature, each type with its definition.
// With arguments, only the names whose type or kind is one of them.
func (s *Session) magicWho(ctx context.Context, seg segment, args string, out display.Sink) (*display.Bundle, error) {
	return s.who(args, false, out)
}

// magicWhos is magicWho with a column of values, as IPython's %whos.
func (s *Session) magicWhos(ctx context.Context, seg segment, args string, out display.Sink) (*display.Bundle, error) {
	return s.who(args, true, out)
}

// who prints the table of %who, or of %whos with values.
func (s *Session) who(args string, values bool, out display.Sink) (*display.Bundle, error) {
	s.meta.Lock()
	names := make([]string, 0, len(s.names))
	for n := range s.names {
		if !strings.HasPrefix(n, "__") && n != "_" {
			names = append(names, n)
		}
	}
	d := s.decls
	s.meta.Unlock()
	if len(names) == 0 {
		s.say(out, "stdout", "Interactive namespace is empty.\n")
		return nil, nil
	}
	sort.Strings(names)
	filter := strings.Fields(args)
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	if values {
		fmt.Fprintln(tw, "Name\tKind\tType\tData/Info")
		fmt.Fprintln(tw, "----\t----\t----\t---------")
	} else {
		fmt.Fprintln(tw, "Name\tKind\tType")
		fmt.Fprintln(tw, "----\t----\t----")
	}
	shown := 0
	for _, n := range names {
		kind, typ := s.describe(n, d)
		if len(filter) > 0 && !slices.Contains(filter, kind) && !slices.Contains(filter, typ) {
			continue
		}
		shown++
		if s.Tiered(n) {
			kind += " (native)"
		}
		if !values {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", n, kind, typ)
			continue
		}
		info := ""
		if strings.HasPrefix(kind, "var") || strings.HasPrefix(kind, "const") {
			info = s.valueInfo(n)
			if typ == "" {
				typ = "?"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", n, kind, typ, info)
	}
	tw.Flush()
	if shown == 0 {
		s.say(out, "stdout", "No variables match your requested type.\n")
		return nil, nil
	}
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ") // an empty last column
	}
	s.say(out, "stdout", strings.Join(lines, "\n"))
	return nil, nil
}

// whosLen is the length from which %whos shows a slice, array or map by
// its length rather than its elements.
const whosLen = 10

// valueInfo is what %whos shows of a variable's value: the value printed
// on one line, cut at 70 characters, or the length of a long slice, array
// or map. The caller holds s.mu.
func (s *Session) valueInfo(name string) string {
	v, ok := s.value(name)
	if !ok {
		return ""
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		if v.Len() > whosLen {
			return fmt.Sprintf("len %d", v.Len())
		}
	}
	if !v.CanInterface() {
		return ""
	}
	return oneLine(fmt.Sprint(v.Interface()))
}

// describe returns the kind of the user's name ("var", "func", "type",
// "const") and its type as the declarations write it, or as the value
// shows it; the caller holds s.mu.
func (s *Session) describe(name string, d *decls.Index) (kind, typ string) {
	src, _ := s.Source(name)
	if decl := parseDecl(src); decl != nil {
		switch x := decl.(type) {
		case *ast.FuncDecl:
			x.Body, x.Doc = nil, nil
			return "func", oneLine(nodeText(&ast.FuncLit{Type: x.Type}))
		case *ast.GenDecl:
			switch x.Tok {
			case token.TYPE:
				for _, sp := range x.Specs {
					if ts := sp.(*ast.TypeSpec); ts.Name.Name == name {
						return "type", oneLine(nodeText(ts.Type))
					}
				}
				return "type", ""
			case token.CONST:
				kind = "const"
			}
		}
	}
	if kind == "" {
		kind = "var"
	}
	if t, _ := d.Var(name); t != "" {
		return kind, t
	}
	if v, ok := s.value(name); ok {
		if v.Kind() == reflect.Func {
			if _, isFunc := d.Func(name); isFunc {
				kind = "func"
			}
		}
		return kind, v.Type().String()
	}
	return kind, ""
}

// parseDecl parses src, one top-level declaration or `x := v`, and
// returns it as a declaration, or nil.
func parseDecl(src string) ast.Decl {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src, 0)
	if err != nil || len(f.Decls) != 1 {
		return nil
	}
	return f.Decls[0]
}

func nodeText(n ast.Node) string {
	var b strings.Builder
	printer.Fprint(&b, token.NewFileSet(), n)
	return b.String()
}

// oneLine collapses blanks and cuts long text.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 70 {
		s = s[:67] + "..."
	}
	return s
}

// magicEnv lists, reads or sets environment variables of the kernel's
// process, which cells see through os.Getenv and the commands they start
// inherit.
func (s *Session) magicEnv(ctx context.Context, seg segment, args string, out display.Sink) (*display.Bundle, error) {
	if args == "" {
		env := os.Environ()
		sort.Strings(env)
		s.say(out, "stdout", strings.Join(env, "\n")+"\n")
		return nil, nil
	}
	name, value, set := strings.Cut(args, "=")
	if !set {
		name, value, set = strings.Cut(args, " ")
	}
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if name == "" || strings.ContainsAny(name, " \t") {
		return nil, usageError("%env takes NAME, NAME=VALUE or nothing")
	}
	if !set {
		v, ok := os.LookupEnv(name)
		if !ok {
			return nil, usageError("Environment does not have key: " + name)
		}
		s.say(out, "stdout", v+"\n")
		return nil, nil
	}
	if err := os.Setenv(name, value); err != nil {
		return nil, usageError(err.Error())
	}
	s.say(out, "stdout", "env: "+name+"="+value+"\n")
	return nil, nil
}

// magicCd changes the process's working directory and prints the new one.
func (s *Session) magicCd(ctx context.Context, seg segment, args string, out display.Sink) (*display.Bundle, error) {
	dir := args
	switch {
	case dir == "" || dir == "~":
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, &Error{Kind: OSError, Msg: err.Error()}
		}
		dir = home
	case dir == "-":
		if s.prevDir == "" {
			return nil, usageError("%cd -: no previous directory")
		}
		dir = s.prevDir
	case strings.HasPrefix(dir, "~/"):
		if home, err := os.UserHomeDir(); err == nil {
			dir = filepath.Join(home, dir[2:])
		}
	}
	dir = strings.Trim(dir, `"'`)
	prev, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		return nil, &Error{Kind: OSError, Msg: err.Error()}
	}
	s.prevDir = prev
	now, _ := os.Getwd()
	s.say(out, "stdout", now+"\n")
	return nil, nil
}

// magicPwd shows the working directory as the cell's result.
func (s *Session) magicPwd(ctx context.Context, seg segment, args string, out display.Sink) (*display.Bundle, error) {
	dir, err := os.Getwd()
	if err != nil {
		return nil, &Error{Kind: OSError, Msg: err.Error()}
	}
	return &display.Bundle{Data: map[string]any{display.MIMEText: dir}}, nil
}

// magicList prints the magics.
func (s *Session) magicList(ctx context.Context, seg segment, args string, out display.Sink) (*display.Bundle, error) {
	var b strings.Builder
	b.WriteString("Magics (a line of its own, between Go statements at the top level of a cell):\n")
	tw := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	for _, m := range magicTable() {
		fmt.Fprintf(tw, "  %s\t%s\n", m[1], m[2])
	}
	tw.Flush()
	s.say(out, "stdout", b.String())
	return nil, nil
}
