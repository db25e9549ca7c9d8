package futures

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestWait(t *testing.T) {
	c := NewClient(Workers(2))
	defer c.Close()
	g := newGate()
	defer g.open()
	slow := c.Submit(g.wait, 1)
	quick := c.Submit(mInc, 1)
	bad := c.Submit(mCheck, 10)
	cases := []struct {
		desc    string
		opts    []WaitOption
		fs      []*Future
		done    int
		notDone int
	}{
		{"FirstCompleted returns with the finished ones", []WaitOption{FirstCompleted}, []*Future{slow, quick}, 1, 1},
		{"FirstException returns at the first error", []WaitOption{FirstException}, []*Future{slow, bad}, 1, 1},
		{"a Timeout returns what is not done", []WaitOption{AllCompleted, Timeout(time.Millisecond)}, []*Future{slow, quick}, 1, 1},
		{"no futures return at once", nil, nil, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			done, notDone := Wait(tc.fs, tc.opts...)
			if len(done) != tc.done || len(notDone) != tc.notDone {
				t.Errorf("done %v, not done %v", done, notDone)
			}
		})
	}
	t.Run("AllCompleted waits for all", func(t *testing.T) {
		g.open()
		if done, notDone := Wait([]*Future{slow, quick, bad}); len(done) != 3 || len(notDone) != 0 {
			t.Errorf("done %v, not done %v", done, notDone)
		}
	})
	t.Run("ResultWithTimeout and ResultContext give up", func(t *testing.T) {
		g2 := newGate()
		defer g2.open()
		f := c.Submit(g2.wait, 2)
		if _, err := f.ResultWithTimeout(time.Millisecond); !errors.Is(err, ErrTimeout) {
			t.Errorf("got %v", err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := f.ResultContext(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("got %v", err)
		}
		if _, err := c.GatherWithContext(ctx, []*Future{f}); !errors.Is(err, context.Canceled) {
			t.Errorf("gather: %v", err)
		}
	})
}

func TestAsCompleted(t *testing.T) {
	c := NewClient()
	defer c.Close()
	t.Run("yields every future once and reports when empty", func(t *testing.T) {
		it := AsCompleted(c.Map(mInc, []int{1, 2, 3}))
		n := 0
		for f, ok := it.Next(); ok; f, ok = it.Next() {
			if !f.Done() {
				t.Error("yielded a future not done")
			}
			n++
		}
		if n != 3 || !it.IsEmpty() || it.Count() != 0 {
			t.Errorf("yielded %d", n)
		}
	})
	t.Run("batches hold every completed future", func(t *testing.T) {
		fs := c.Map(mInc, []int{4, 5, 6})
		Wait(fs)
		it := AsCompleted(fs)
		b, ok := it.NextBatch()
		if !ok || len(b) != 3 {
			t.Errorf("batch %v", b)
		}
		if _, ok := it.NextBatch(); ok {
			t.Error("a second batch")
		}
	})
	t.Run("WithResults keeps results of futures released meanwhile", func(t *testing.T) {
		f := c.Submit(mInc, 7)
		it := AsCompleted([]*Future{f}, WithResults())
		Wait([]*Future{f})
		f.Release()
		if _, v, err, ok := it.NextResult(); !ok || v != 8 || err != nil {
			t.Errorf("got %v %v %v", v, err, ok)
		}
	})
	t.Run("Batches yields everything once, then closes", func(t *testing.T) {
		n := 0
		for b := range AsCompleted(c.Map(mInc, []int{10, 11, 12})).Batches() {
			n += len(b)
		}
		if n != 3 {
			t.Errorf("batches held %d futures", n)
		}
	})
	t.Run("C closes early on Stop", func(t *testing.T) {
		g := newGate()
		defer g.open()
		it := AsCompleted([]*Future{c.Submit(mInc, 8), c.Submit(g.wait, 9)})
		ch := it.C()
		<-ch
		it.Stop()
		for range ch {
		}
	})
}

func TestProgress(t *testing.T) {
	t.Run("the bar shows the fraction done", func(t *testing.T) {
		cases := []struct {
			done, total int
			want        string
		}{
			{0, 4, "[                                        ] |   0% Completed | 0/4 |   0.0s"},
			{1, 4, "[##########                              ] |  25% Completed | 1/4 |   0.0s"},
			{4, 4, "[########################################] | 100% Completed | 4/4 |   0.0s"},
			{0, 0, "[########################################] | 100% Completed | 0/0 |   0.0s"},
		}
		for _, tc := range cases {
			if got := bar(tc.done, tc.total, 0); got != tc.want {
				t.Errorf("bar(%d, %d) = %q", tc.done, tc.total, got)
			}
		}
	})
	c := NewClient()
	defer c.Close()
	fs := c.Map(mInc, []int{1, 2})
	t.Run("the text bar ends at 100%", func(t *testing.T) {
		var b bytes.Buffer
		textBar(&b, fs, time.Millisecond)
		if !strings.Contains(b.String(), "100% Completed | 2/2") {
			t.Errorf("wrote %q", b.String())
		}
	})
	t.Run("the text bar times the tasks, not the call", func(t *testing.T) {
		// Work that took at least 150ms and ended before the bar was made:
		// the bar shows its span, as the notebook's does, not the 0.0s
		// since the call.
		c := NewClient(Workers(1))
		defer c.Close()
		fs := c.Map(time.Sleep, []time.Duration{150 * time.Millisecond})
		Wait(fs)
		i := fs[0].Info()
		want := bar(1, 1, i.Stopped.Sub(i.Started))
		var b bytes.Buffer
		textBar(&b, fs, time.Millisecond)
		if got := b.String(); got != "\r"+want+"\n" {
			t.Errorf("wrote %q, want %q", got, want)
		}
	})
	t.Run("a host hook renders instead", func(t *testing.T) {
		var got []bool
		restore := SetHooks(Hooks{Progress: func(fs []*Future, block bool) bool {
			got = append(got, block)
			return true
		}})
		defer restore()
		Progress(fs...)
		ProgressWait(fs...)
		if fmt.Sprint(got) != "[false true]" {
			t.Errorf("hook calls %v", got)
		}
	})
	t.Run("NewClient tells the host", func(t *testing.T) {
		var seen *Client
		restore := SetHooks(Hooks{NewClient: func(c *Client) { seen = c }})
		defer restore()
		c2 := NewClient(Workers(1))
		defer c2.Close()
		if seen != c2 {
			t.Error("hook not called with the new client")
		}
	})
}
