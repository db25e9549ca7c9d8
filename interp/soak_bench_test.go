package interp

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
)

// BenchmarkSoak runs 10,000 trivial cells and then 1,000,000 futures tasks
// submitted by interpreted code and dropped, and prints the live heap and
// the RSS at the start and the end, with the targets: under 1 KiB of live
// heap per trivial cell, and the heap back within 10% of where the tasks
// started once their futures are dropped; then it closes and drops the
// client, to show how much of what is left the client held. `make bench-soak` runs it (it
// is skipped unless GOFUTURES_SOAK is set, since it takes minutes).
func BenchmarkSoak(b *testing.B) {
	if os.Getenv("GOFUTURES_SOAK") == "" {
		b.Skip("set GOFUTURES_SOAK=1, or run make bench-soak")
	}
	cells, tasks := 10000, 1000000
	if testing.Short() {
		cells, tasks = 1000, 10000
	}
	for b.Loop() {
		s := benchSession(b)
		bridged(b, s)
		run := func(cell string) {
			if _, err := s.Execute(context.Background(), cell, &recorder{}); err != nil {
				b.Fatalf("cell %q: %v", cell, err)
			}
		}
		run("import \"github.com/gofutures/gofutures/futures\"\nc := futures.NewClient()\nfunc inc(x int) int { return x + 1 }")
		for range 50 {
			run("1 + 1")
		}
		heap0, rss0 := liveHeap(), rssMiB()
		for range cells {
			run("1 + 1")
		}
		heap1, rss1 := liveHeap(), rssMiB()
		run(fmt.Sprintf("func soak() { for i := 0; i < %d; i += 1000 { fs := make([]*futures.Future, 0, 1000); for j := i; j < i+1000; j++ { fs = append(fs, c.Submit(inc, j)) }; c.Gather(fs) } }\nsoak()", tasks))
		heap2, rss2 := liveHeap(), rssMiB()
		perCell := (heap1 - heap0) * (1 << 20) / float64(cells)
		fmt.Printf("soak: %d trivial cells: live heap %.1f -> %.1f MiB, RSS %.0f -> %.0f MiB: %.0f bytes per cell, target < 1024 (%.2f of target)\n",
			cells, heap0, heap1, rss0, rss1, perCell, perCell/1024)
		fmt.Printf("soak: %d tasks submitted by a cell and dropped: live heap %.1f -> %.1f MiB (%.3f of start, target < 1.10), RSS %.0f -> %.0f MiB\n",
			tasks, heap1, heap2, heap2/heap1, rss1, rss2)
		// What is left: the client's task stream keeps its latest runs
		// (futures.TaskStreamSize, 10,000 by default) by design, as
		// Dask's does. Closing and dropping the client shows its share.
		run("c.Close()\nc = nil")
		heap3 := liveHeap()
		fmt.Printf("soak: of the %.0f KiB left, the client held %.0f KiB (its task stream of the latest 10,000 runs, 32 B each, is 313 KiB); closed and dropped: live heap %.1f MiB (%.3f of start)\n",
			(heap2-heap1)*1024, (heap2-heap3)*1024, heap3, heap3/heap1)
		b.ReportMetric(perCell, "B/cell")
		b.ReportMetric(heap2/heap1, "heap-after-tasks/before")
	}
}

// bridged installs s's futures hooks, as the kernel's session has them.
func bridged(b *testing.B, s *Session) {
	s.startBridge()
	b.Cleanup(s.stopBridge)
}

// rssMiB returns the process's resident set size, or 0 where /proc does
// not tell.
func rssMiB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(line, []byte("VmRSS:")); ok {
			f := bytes.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseFloat(string(f[0]), 64)
				return kb / 1024
			}
		}
	}
	return 0
}
