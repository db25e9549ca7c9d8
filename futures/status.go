package futures

import "time"

// Status is the state of a future's task. It prints as one word.
type Status uint8

// The statuses, in the order a task goes through them. A task that is
// retried goes back from Running to Pending.
const (
	Pending Status = iota
	Running
	Finished
	Error
	Cancelled
)

var statusNames = [...]string{"pending", "running", "finished", "error", "cancelled"}

// String returns pending, running, finished, error or cancelled.
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown"
}

// Done reports whether s is final: finished, error or cancelled.
func (s Status) Done() bool { return s >= Finished }

// Event is one status change, as Client.Subscribe delivers it.
type Event struct {
	Key    string
	Func   string // the short function name, as in the key
	Status Status
	Worker string // the worker running or that ran the task; "" while pending
	Time   time.Time
	Err    error // the task's error when Status is Error or Cancelled
}

// TaskInfo describes a future's task at one moment (Future.Info).
type TaskInfo struct {
	Func       string
	Key        string
	Status     Status
	Worker     string
	Submitted  time.Time
	Started    time.Time // zero until the task starts
	Stopped    time.Time // zero until the task ends
	ResultType string    // the %T of the result once finished
	Err        error
}

// TaskRecord is one run of a task on a worker, for a task stream view
// (TaskStream.Records).
type TaskRecord struct {
	Key    string
	Func   string
	Worker string
	Start  time.Time
	Stop   time.Time // zero while the run goes on
	// Status is Running while the run goes on, then Finished, Error or
	// Cancelled, or Pending for a run that failed and will be retried.
	Status Status
}
