package kernel

// An update sent while no cell runs (a future finishing between cells)
// goes out with its own cell's request as parent. Live frontends apply it,
// but a headless executor such as nbclient listens only to the cell it is
// running and drops it, so the notebook it saves would keep a stale state.
// The kernel therefore remembers the last such update per display id and
// sends it again, parented to the next cell, when that cell starts. Each
// display id costs at most one repeated message; an update that already
// went out during a cell is not repeated.

// lateUpdate publishes update_display_data for c and remembers it when
// no cell is running.
func (s *Server) lateUpdate(c *cellSink, content map[string]any, displayID string) {
	s.lateMu.Lock()
	defer s.lateMu.Unlock()
	idle := c.done.Load() && s.current.Load() == nil
	switch {
	case displayID == "":
	case idle:
		if s.late == nil {
			s.late = make(map[string]map[string]any)
		}
		s.late[displayID] = content
	default:
		delete(s.late, displayID)
	}
	s.publish("update_display_data", c.parent(), content)
}

// endCell marks that no cell runs. It takes the lock lateUpdate holds, so
// that an update racing with the cell's end either goes out parented to
// the cell before its idle status, or is remembered for the next cell:
// never parented to a cell whose idle status went out before it.
func (s *Server) endCell() {
	s.lateMu.Lock()
	defer s.lateMu.Unlock()
	s.current.Store(nil)
}

// startCell marks req as the running cell and repeats the updates that
// arrived while the kernel was idle, with req as their parent.
func (s *Server) startCell(req *Message) {
	s.lateMu.Lock()
	defer s.lateMu.Unlock()
	s.current.Store(req)
	for _, content := range s.late {
		s.publish("update_display_data", req, content)
	}
	clear(s.late)
}
