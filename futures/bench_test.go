package futures

import (
	"context"
	"testing"
)

// benchBatch submits and gathers n trivial tasks per iteration, releasing
// them afterwards; it reports the cost per task.
func benchBatch(b *testing.B, n int) {
	c := NewClient()
	defer c.Close()
	fs := make([]*Future, n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range fs {
			fs[j] = c.Submit(mInc, i*n+j)
		}
		if _, err := c.Gather(fs); err != nil {
			b.Fatal(err)
		}
		for _, f := range fs {
			f.Release()
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/task")
}

func BenchmarkSubmitGather(b *testing.B) { benchBatch(b, 10_000) }

func BenchmarkSubmitGatherWithRunHook(b *testing.B) {
	defer SetHooks(Hooks{RunTask: func(ctx context.Context, run func()) {
		stop := context.AfterFunc(ctx, func() {})
		defer stop()
		run()
	}})()
	benchBatch(b, 10_000)
}

func BenchmarkChain(b *testing.B) {
	c := NewClient()
	defer c.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var all []*Future
		zs := make([]*Future, 0, 256)
		for j := 0; j < 256; j++ {
			x := c.Submit(mInc, i*256+j)
			y := c.Submit(mDouble, x)
			zs = append(zs, c.Submit(mAdd, x, y))
			all = append(all, x, y)
		}
		total := c.Submit(mSum, zs)
		if _, err := total.Result(); err != nil {
			b.Fatal(err)
		}
		for _, f := range append(append(all, zs...), total) {
			f.Release()
		}
	}
}

// BenchmarkTaskStreamRecord records the start and the end of a run in a
// full task stream, as a worker does for every run.
func BenchmarkTaskStreamRecord(b *testing.B) {
	c := &Client{stream: ring{size: 10_000}}
	ts := make([]*task, 64)
	for i := range ts {
		key := makeKey("inc", Func{Name: "inc", Token: "t"}, []any{i}, false)
		ts[i] = &task{key: key, name: "inc", worker: int32(i % 2), started: 1, stopped: 2}
	}
	for i := 0; b.Loop(); i++ {
		t := ts[i%len(ts)]
		c.recordStart(t)
		c.recordStop(t, Finished, "")
	}
}
