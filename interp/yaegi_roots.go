package interp

import (
	"reflect"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// yaegi v0.16.1 keeps, for the life of the interpreter, two lists that
// only grow and that nothing reads once compiling is done:
//
//   - roots, the syntax tree of every source it compiled (its debugger
//     reads them);
//   - the child scopes of each package scope, one per block and function
//     compiled (only ever appended to), each pointing at its function's
//     tree. (Those of the universe scope are left alone: emptying them
//     too, which saves nothing per cell, made a shell line's interrupt
//     fail under the race detector, TestInterruptKillsShellLine, for a
//     reason not understood yet.)
//
// So every cell kept all its trees: some 10 KB for a trivial cell. What
// a later cell uses of a tree (a function, a type, a closure) stays
// reachable through the scopes' symbols and the values that refer to it;
// the session empties both lists after each compilation, under s.compile,
// so that the rest can be collected. forgetTrees leaves a field alone when
// it is not of the shape it expects, as in another version of yaegi.

// forgetTrees empties the lists of syntax trees and scopes yi keeps.
func forgetTrees(yi *interp.Interpreter) {
	in := reflect.ValueOf(yi).Elem()
	clearSliceField(in, "roots")
	scopes := in.FieldByName("scopes")
	if !scopes.IsValid() || scopes.Kind() != reflect.Map {
		return
	}
	for it := scopes.MapRange(); it.Next(); {
		if sc := it.Value(); sc.Kind() == reflect.Pointer && !sc.IsNil() {
			clearSliceField(sc.Elem(), "child")
		}
	}
}

// clearSliceField sets the unexported field name of the addressable struct
// v to nil, if it is a slice of pointers.
func clearSliceField(v reflect.Value, name string) {
	if v.Kind() != reflect.Struct {
		return
	}
	f := v.FieldByName(name)
	if !f.IsValid() || f.Kind() != reflect.Slice || f.Type().Elem().Kind() != reflect.Pointer || !f.CanAddr() {
		return
	}
	reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().SetZero()
}
