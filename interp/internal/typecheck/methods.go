package typecheck

import (
	"go/types"
	"reflect"
	"unsafe"
)

// Methods a cell adds to an earlier cell's type.
//
// go/types lets a package declare methods only on its own types, and each
// cell is a package of its own; so the checker checks such a method as a
// function and adds it to the earlier type (addMethods), whose uses in the
// cell then see it. That type is the committed one, shared by every later
// check, and go/types can add a method to a type but not remove one: a
// cell that then fails, which must declare nothing, would leave its
// methods behind. So the checker keeps the methods a check added as
// pending until the result is committed, and the next check takes pending
// ones off again (dropMethod), as if the cell had never been checked.

// addedMethod is a method a check added to an earlier type.
type addedMethod struct {
	named *types.Named
	fn    *types.Func
}

// rollback takes off the methods that checks added and no commit kept;
// the caller holds c.mu.
func (c *Checker) rollback() {
	for i := len(c.pending) - 1; i >= 0; i-- {
		dropMethod(c.pending[i].named, c.pending[i].fn)
	}
	c.pending = nil
}

// keep makes the methods r added the types' for good, adding them again
// if a later check took them off; the caller holds c.mu.
func (c *Checker) keep(r *Result) {
	for _, a := range r.added {
		if !hasMethod(a.named, a.fn) {
			a.named.AddMethod(a.fn)
		}
	}
	kept := c.pending[:0]
	for _, p := range c.pending {
		if !containsAdded(r.added, p) {
			kept = append(kept, p)
		}
	}
	c.pending = kept
}

func containsAdded(list []addedMethod, a addedMethod) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

func hasMethod(n *types.Named, fn *types.Func) bool {
	for i := 0; i < n.NumMethods(); i++ {
		if n.Method(i) == fn {
			return true
		}
	}
	return false
}

// dropMethod removes fn from the methods declared for n. go/types has no
// call for this: it edits the list Named.AddMethod appends to, found by
// reflection; TestFailedCellsAddNoMethods fails should a Go release rename
// or retype it, and dropMethod then does nothing.
func dropMethod(n *types.Named, fn *types.Func) {
	f := reflect.ValueOf(n).Elem().FieldByName("methods")
	if !f.IsValid() || f.Type() != reflect.TypeOf([]*types.Func(nil)) {
		return
	}
	methods := (*[]*types.Func)(unsafe.Pointer(f.UnsafeAddr()))
	for i, m := range *methods {
		if m == fn {
			*methods = append((*methods)[:i:i], (*methods)[i+1:]...)
			return
		}
	}
}
