package interp

import (
	"log"
	"os"
	"syscall"
)

// Fatal runtime errors (concurrent map writes, out of memory, sync's
// unlock of an unlocked mutex, a goroutine's unrecovered panic in compiled
// code) end the process with a message the runtime writes to descriptor
// 2, and only there: debug.SetCrashOutput copies the traceback, but not
// the "fatal error: ..." line, which the runtime prints before it counts
// as crashing. Were descriptor 2 a pipe read by a goroutine of this
// process, as descriptor 1 is, that goroutine would have been stopped by
// the runtime: the message would reach no one, and a dump larger than
// the pipe holds would wait forever, hanging the kernel instead of ending
// it. So the session leaves descriptor 2 alone, the process's standard
// error that Jupyter keeps as the kernel's log, and captures instead what
// goes through os.Stderr and the standard logger: it points both at a
// pipe of its own while it captures. What writes to descriptor 2 directly
// (the runtime, println in compiled code) reaches the log, not the cell.

// captureStderr makes the pipe that os.Stderr points at while the session
// captures; saved is a duplicate of descriptor 2, which it leaves alone.
func captureStderr(fd int) (*fdCapture, error) {
	saved, err := syscall.Dup(fd)
	if err != nil {
		return nil, err
	}
	r, w, err := os.Pipe()
	if err != nil {
		syscall.Close(saved)
		return nil, err
	}
	return newCapture(fd, os.NewFile(uintptr(saved), "stderr"), r, w), nil
}

// processFiles is what redirectProcess replaced.
type processFiles struct {
	stderr *os.File
	logTo  *os.File // the pipe log writes to, if redirectProcess set it
}

// redirectProcess points os.Stderr and the standard logger at the
// captured pipe.
func (s *Session) redirectProcess() {
	s.process = &processFiles{stderr: os.Stderr}
	for _, fc := range s.fds {
		if fc.fd != 2 {
			continue
		}
		if log.Writer() == s.process.stderr {
			log.SetOutput(fc.w)
			s.process.logTo = fc.w
		}
		os.Stderr = fc.w
	}
}

// restoreProcess undoes redirectProcess.
func (s *Session) restoreProcess() {
	p := s.process
	if p == nil {
		return
	}
	os.Stderr = p.stderr
	if p.logTo != nil && log.Writer() == p.logTo {
		log.SetOutput(p.stderr)
	}
	s.process = nil
}
