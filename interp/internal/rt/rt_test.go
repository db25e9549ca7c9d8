package rt

import (
	"sync"
	"testing"
)

func TestCheck(t *testing.T) {
	t.Run("does nothing while no task is stopped", func(t *testing.T) {
		Check()
	})
	t.Run("panics only in the stopped task's goroutines", func(t *testing.T) {
		stopped, running := &Task{}, &Task{}
		var wg sync.WaitGroup
		start := make(chan struct{})
		results := make(map[*Task]any)
		var mu sync.Mutex
		for _, task := range []*Task{stopped, running} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				leave := task.Enter()
				defer leave()
				<-start
				defer func() {
					mu.Lock()
					results[task] = recover()
					mu.Unlock()
				}()
				Check()
			}()
		}
		stopped.Stop()
		close(start)
		wg.Wait()
		if results[stopped] != ErrInterrupted {
			t.Errorf("stopped task: recovered %v, want ErrInterrupted", results[stopped])
		}
		if results[running] != nil {
			t.Errorf("running task: recovered %v, want nothing", results[running])
		}
		if n := Pending(); n != 0 {
			t.Errorf("Pending() = %d after every goroutine left, want 0", n)
		}
	})
}

func TestGoidDiffersBetweenGoroutines(t *testing.T) {
	ch := make(chan int64)
	go func() { ch <- Goid() }()
	if a, b := Goid(), <-ch; a == b || a == 0 || b == 0 {
		t.Errorf("goroutine ids %d and %d", a, b)
	}
}

func TestGoReportsPanics(t *testing.T) {
	got := make(chan any, 1)
	task := &Task{OnPanic: func(v any, _ []byte) { got <- v }}
	leave := task.Enter()
	Go(func() { panic("boom") })
	leave()
	if v := <-got; v != "boom" {
		t.Errorf("OnPanic got %v, want boom", v)
	}
}

func TestGoJoinsTheCallersTask(t *testing.T) {
	task := &Task{}
	leave := task.Enter()
	defer leave()
	in := make(chan *Task)
	Go(func() { in <- Current() })
	if got := <-in; got != task {
		t.Errorf("goroutine's task %p, want the caller's %p", got, task)
	}
}

func TestClear(t *testing.T) {
	m := map[string]int{"a": 1}
	s := []int{1, 2}
	Clear(m)
	Clear(s)
	if len(m) != 0 || s[0] != 0 || s[1] != 0 {
		t.Errorf("after Clear: %v %v", m, s)
	}
}
