// Package typecheck checks notebook cells with go/types against the
// declarations of the cells before them, so that a cell Go rejects runs
// nothing and the session's rewrites can read types rather than guess them.
//
// # The model
//
// A Checker keeps the session's package: the objects (functions, types,
// constants, variables) of every cell it committed, and the imports cells
// made. Check turns a cell into one Go file of package main and checks it
// against that package:
//
//   - the cell's imports and every import of an earlier cell whose name the
//     cell does not bind again (importing again is no error; unused imports
//     are not reported);
//   - the cell's declarations at package level, replacing earlier ones of
//     the same name, but a type declared again with the same text, which
//     stays the earlier type (the interpreter cannot change a type's
//     shape, so the session keeps it); a method of a type an earlier cell
//     declared is checked as a function taking the receiver first, and
//     added to the type when it is new;
//   - the other statements, in order, as the body of one function, where a
//     top-level `x := v` is an ordinary short variable declaration. One
//     that declares again a name an earlier statement of the cell declared
//     opens a block, so that it declares all its names anew, as the
//     session does; and each is followed by a use of its names, since they
//     are globals, never "declared and not used". When the cell's
//     declarations refer to such a name, the cell is checked twice, the
//     second time with the name also a package variable of the type the
//     first check found.
//
// Commit makes a checked cell's declarations the session's: its package
// level objects replace earlier ones of the same name, and each top-level
// `x := v` becomes a package variable of the type checked. Earlier objects
// are reused, never checked again (a function's body was checked once, with
// its cell), so checking a cell costs about its own size whatever the
// session declared before.
//
// Types of imported packages come from the compiler's export data, read
// through a lookup function (interp/exports embeds it); nothing needs Go's
// source tree at run time.
package typecheck
