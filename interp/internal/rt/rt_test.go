package rt

import (
	"sync"
	"testing"
	"time"
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

// spawn starts fn the way a rewritten go statement does.
func spawn(fn func()) {
	s := Spawn(nil)
	go func() {
		Adopt(s)
		defer func() { Exit(s, recover()) }()
		fn()
	}()
}

func TestExitReportsPanics(t *testing.T) {
	got := make(chan any, 1)
	task := &Task{OnPanic: func(v any, _ []byte) { got <- v }}
	leave := task.Enter()
	spawn(func() { panic("boom") })
	leave()
	if v := <-got; v != "boom" {
		t.Errorf("OnPanic got %v, want boom", v)
	}
}

func TestExitDoesNotReportInterrupts(t *testing.T) {
	reported := make(chan any, 1)
	task := &Task{OnPanic: func(v any, _ []byte) { reported <- v }}
	leave := task.Enter()
	done := make(chan struct{})
	spawn(func() { defer close(done); panic(ErrInterrupted) })
	leave()
	<-done
	select {
	case v := <-reported:
		t.Errorf("OnPanic got %v for an interrupt", v)
	case <-time.After(10 * time.Millisecond):
	}
}

func TestSpawnJoinsTheCallersTask(t *testing.T) {
	task := &Task{}
	leave := task.Enter()
	defer leave()
	in := make(chan *Task)
	spawn(func() { in <- Current() })
	if got := <-in; got != task {
		t.Errorf("goroutine's task %p, want the caller's %p", got, task)
	}
}

func TestStopBeforeAdoptStillCounts(t *testing.T) {
	task := &Task{}
	leave := task.Enter()
	s := Spawn(nil)
	leave()
	task.Stop()
	if n := Pending(); n != 1 {
		t.Fatalf("Pending() = %d with a spawned goroutine of a stopped task, want 1", n)
	}
	Adopt(s)
	Exit(s, nil)
	if n := Pending(); n != 0 {
		t.Errorf("Pending() = %d after the goroutine exited, want 0", n)
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

func TestFirstAndOffer(t *testing.T) {
	a, b := make(chan struct{}), make(chan struct{})
	go func() { a <- struct{}{} }()
	if !First(a, b) {
		t.Error("First = false with a value on a")
	}
	closed := make(chan struct{})
	close(closed)
	if First(a, closed) {
		t.Error("First = true with nothing on a and b closed")
	}
	go func() { <-a }()
	if !Offer(a, b) {
		t.Error("Offer = false with a receiver on a")
	}
	if Offer(a, closed) {
		t.Error("Offer = true with no receiver on a and b closed")
	}
}

func TestSpawnOutsideTasksReportsToItsOrphan(t *testing.T) {
	got := make(chan any, 1)
	s := Spawn(func(v any, _ []byte) { got <- v })
	done := make(chan struct{})
	go func() {
		defer close(done)
		Adopt(s)
		defer func() { Exit(s, recover()) }()
		panic("lost")
	}()
	<-done
	select {
	case v := <-got:
		if v != "lost" {
			t.Errorf("orphan got %v, want lost", v)
		}
	case <-time.After(time.Minute):
		t.Fatal("the orphan's report never came")
	}
}
