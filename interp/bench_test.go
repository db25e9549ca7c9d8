package interp

import (
	"context"
	"testing"
)

func benchSession(b *testing.B) *Session {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkTrivialCell(b *testing.B) {
	s := benchSession(b)
	rec := &recorder{}
	for b.Loop() {
		if _, err := s.Execute(context.Background(), "1 + 1", rec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDeclareFunc(b *testing.B) {
	s := benchSession(b)
	rec := &recorder{}
	for b.Loop() {
		if _, err := s.Execute(context.Background(), "func sq(x int) int { return x * x }", rec); err != nil {
			b.Fatal(err)
		}
	}
}

const callLoop = `func add(a, b int) int { return a + b }
func run() int { s := 0; for i := 0; i < 1000000; i++ { s = add(s, i) }; return s }`

// BenchmarkCalls1e6 runs 1e6 calls of a small interpreted function, with
// the cell's checkpoints (Instrumented) and with the same source evaluated
// directly (Plain), beside the compiled loop as the floor.
func BenchmarkCalls1e6(b *testing.B) {
	b.Run("Instrumented", func(b *testing.B) {
		s := benchSession(b)
		rec := &recorder{}
		if _, err := s.Execute(context.Background(), callLoop, rec); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := s.Execute(context.Background(), "run()", rec); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Plain", func(b *testing.B) {
		s := benchSession(b)
		if _, err := s.eval("package main\n" + callLoop); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := s.eval("run()"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Compiled", func(b *testing.B) {
		add := func(a, b int) int { return a + b }
		for b.Loop() {
			s := 0
			for i := 0; i < 1000000; i++ {
				s = add(s, i)
			}
			sink = s
		}
	})
}

var sink int
