package native

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"
)

// Step is one timed part of an import or a compiled cell's build: what a
// benchmark prints and a status line may summarize.
type Step struct {
	Name string        // "go build", "link", "types", "open", ...
	Took time.Duration // wall time
	CPU  time.Duration // CPU time of the commands run, when known
}

// Steps are the timed parts of one Import or Compile, in order.
type Steps []Step

// add appends the step name begun at start.
func (s *Steps) add(name string, start time.Time) {
	*s = append(*s, Step{Name: name, Took: time.Since(start)})
}

// Get returns the step called name (the zero Step when there is none).
func (s Steps) Get(name string) Step {
	for _, st := range s {
		if st.Name == name {
			return st
		}
	}
	return Step{}
}

func (s Steps) String() string {
	parts := make([]string, len(s))
	for i, st := range s {
		parts[i] = fmt.Sprintf("%s %.0f ms", st.Name, float64(st.Took.Microseconds())/1000)
		if st.CPU > 0 {
			parts[i] += fmt.Sprintf(" (CPU %.0f ms)", float64(st.CPU.Microseconds())/1000)
		}
	}
	return strings.Join(parts, ", ")
}

// traceEnv turns on the go command's build trace, from which a build's
// link time is read (a benchmark's measure, off otherwise: -debug-trace is
// a debugging flag of the go command).
const traceEnv = "GOFUTURES_NATIVE_TRACE"

// linkTime returns the time the go command's trace file spent in link
// actions.
func linkTime(file string) time.Duration {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0
	}
	var events []struct {
		Name string  `json:"name"`
		Ph   string  `json:"ph"`
		TS   float64 `json:"ts"`
		TID  any     `json:"tid"`
	}
	if json.Unmarshal(data, &events) != nil {
		return 0
	}
	begun := map[string]float64{}
	var us float64
	for _, e := range events {
		if !strings.HasPrefix(e.Name, "Executing action (link ") {
			continue
		}
		k := e.Name + fmt.Sprint(e.TID)
		switch e.Ph {
		case "B":
			begun[k] = e.TS
		case "E":
			us += e.TS - begun[k]
		}
	}
	return time.Duration(us * float64(time.Microsecond))
}
