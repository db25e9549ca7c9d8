package interp

import (
	"context"
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
)

func heapB() float64 {
	runtime.GC(); runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc)
}

func TestZZLeak(t *testing.T) {
	s, _ := New(Options{})
	rec := &recorder{}
	cell := os.Getenv("ZZCELL")
	if cell == "" { cell = "1 + 1" }
	for range 50 { s.Execute(context.Background(), cell, rec) }
	h0 := heapB()
	const n = 2000
	for range n {
		if _, err := s.Execute(context.Background(), cell, rec); err != nil { t.Fatal(err) }
	}
	h1 := heapB()
	t.Logf("%q: %.0f bytes per cell", cell, (h1-h0)/n)
	f, _ := os.Create("/tmp/exp/heap.out")
	pprof.Lookup("heap").WriteTo(f, 0)
	f.Close()
}
