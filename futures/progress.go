package futures

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Progress shows the progress of fs and returns at once. In a notebook the
// host's Hooks.Progress renders a live bar; otherwise a text bar is drawn
// on standard error by a goroutine that ends when every future is final.
func Progress(fs ...*Future) { progress(fs, false) }

// ProgressWait shows the progress of fs as Progress does and returns once
// every future is final.
func ProgressWait(fs ...*Future) { progress(fs, true) }

func progress(fs []*Future, block bool) {
	if h := currentHooks(); h != nil && h.Progress != nil && h.Progress(fs, block) {
		return
	}
	if block {
		textBar(os.Stderr, fs, 100*time.Millisecond)
		return
	}
	go textBar(os.Stderr, fs, 100*time.Millisecond)
}

// textBar redraws a bar on w every tick until fs are final.
func textBar(w io.Writer, fs []*Future, tick time.Duration) {
	start := time.Now()
	for {
		n := 0
		for _, f := range fs {
			if f.Done() {
				n++
			}
		}
		fmt.Fprint(w, "\r"+bar(n, len(fs), time.Since(start)))
		if n == len(fs) {
			fmt.Fprintln(w)
			return
		}
		time.Sleep(tick)
	}
}

// bar renders one line, as Dask's console progress bar does:
// [####                                    ] | 10% Completed |  1.0s
func bar(done, total int, elapsed time.Duration) string {
	const width = 40
	frac := 1.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	fill := int(frac * width)
	return fmt.Sprintf("[%s%s] | %3d%% Completed | %d/%d | %5.1fs",
		strings.Repeat("#", fill), strings.Repeat(" ", width-fill),
		int(frac*100), done, total, elapsed.Seconds())
}
